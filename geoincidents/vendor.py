"""The npm scripts a PMTiles basemap needs, fetched by version and checked by sha256.

protomaps-leaflet (draws vector tiles on a Leaflet canvas) and pmtiles (reads the archive)
exist only on the npm registry. They are never copied into the repository: this module
runs ``npm pack NAME@VERSION`` (the npm client, so only the registry is reached), checks
the tarball's sha256 against the pin below, and puts the one browser bundle each ships
(with its licence) into ``geoincidents/static/vendor/``, from where `geoincidents.assets`
inlines it into pages made with ``--basemap``. ``scripts/test.sh`` runs it (installing
Debian's ``npm`` if needed); by hand::

    python3 -m geoincidents.vendor          # fetch what is missing, check what is there
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from geoincidents.errors import GeoIncidentsError

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"


@dataclass(frozen=True)
class Pin:
    """One npm package: version, tarball sha256, the bundle in it and that file's sha256."""

    name: str
    version: str
    tarball_sha256: str
    member: str
    file_sha256: str

    @property
    def path(self) -> Path:
        return VENDOR_DIR / Path(self.member).name


PINS = (
    Pin("pmtiles", "4.5.0",
        "23ae7c575578ad24cd579377d69c46550631da219e6f179997ec2cf3b8c937e5",
        "package/dist/pmtiles.js",
        "caf981bc46f6327ee7e65d5dc964d89d38a69f60edca2bd4c5c890c21b554c6c"),
    Pin("protomaps-leaflet", "5.1.0",
        "0b45b08d0e6f7d39816415dbe6821d0556e7997ec716ed0123305cc1fe5a3fd8",
        "package/dist/protomaps-leaflet.js",
        "26af014f7b1af308ec120b791cff76657bb9c3383633b52033e6edf9e5e4cdb5"),
)


class VendorError(GeoIncidentsError):
    """A pinned npm script is missing, altered, or cannot be fetched."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checked_script(pin: Pin) -> str:
    """The pinned bundle's text, after checking its sha256."""
    if not pin.path.is_file():
        raise VendorError(
            f"{pin.name} {pin.version} is not installed ({pin.path} is missing); a PMTiles "
            "basemap needs it: run `python3 -m geoincidents.vendor` (uses npm; "
            "scripts/test.sh does this)")
    data = pin.path.read_bytes()
    if _sha256(data) != pin.file_sha256:
        raise VendorError(f"{pin.path} does not match the pinned {pin.name} {pin.version} "
                          "(sha256 differs); run `python3 -m geoincidents.vendor --force`")
    return data.decode("utf-8")


def fetch(pin: Pin, *, npm: str = "npm", force: bool = False) -> Path:
    """Fetch one pinned package with ``npm pack`` and install its bundle, checked."""
    if not force and pin.path.is_file() and _sha256(pin.path.read_bytes()) == pin.file_sha256:
        return pin.path
    if shutil.which(npm) is None:
        raise VendorError(f"`{npm}` is not installed; on Debian: apt-get install npm")
    with tempfile.TemporaryDirectory(prefix="geoincidents-npm-") as tmp:
        done = subprocess.run([npm, "pack", f"{pin.name}@{pin.version}", "--silent",
                               "--pack-destination", tmp], capture_output=True, text=True,
                              timeout=300, cwd=tmp, check=False)
        tarballs = sorted(Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or len(tarballs) != 1:
            raise VendorError(f"npm pack {pin.name}@{pin.version} failed: "
                              f"{(done.stderr or done.stdout).strip()[-500:]}")
        raw = tarballs[0].read_bytes()
    if _sha256(raw) != pin.tarball_sha256:
        raise VendorError(f"{pin.name}@{pin.version} from npm has sha256 {_sha256(raw)}, "
                          f"not the pinned {pin.tarball_sha256}; refusing it")
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
        names = set(tar.getnames())
        script = tar.extractfile(pin.member) if pin.member in names else None
        if script is None:
            raise VendorError(f"{pin.name}@{pin.version} lacks {pin.member}")
        data = script.read()
        # the licence text where the package ships one, else its package.json's licence
        member = "package/LICENSE" if "package/LICENSE" in names else "package/package.json"
        licence_text = tar.extractfile(member).read()  # type: ignore[union-attr]
    if _sha256(data) != pin.file_sha256:
        raise VendorError(f"{pin.member} in {pin.name}@{pin.version} has an unexpected sha256")
    from geoincidents.outputs import write_text

    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    write_text(VENDOR_DIR / f"{pin.name}.LICENSE", licence_text.decode("utf-8"),
               overwrite=True)
    write_text(pin.path, data.decode("utf-8"), overwrite=True)
    return pin.path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    force = "--force" in args
    try:
        for pin in PINS:
            print(f"{pin.name} {pin.version}: {fetch(pin, force=force)}")
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
