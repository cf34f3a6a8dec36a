"""The world gazetteer's tables as sorted text lines: one buffer of UTF-8 bytes and the
offsets where lines start, mapped from an uncompressed copy in the user's cache
(`settings.cache_dir`) so that loading costs no Python object per row."""

from __future__ import annotations

import gzip
import hashlib
import logging
import mmap
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from geoincidents import settings
from geoincidents.errors import GazetteerError, GeoIncidentsError

log = logging.getLogger(__name__)


class Lines(Sequence[str]):
    """The sorted data lines of one table, kept as one buffer of UTF-8 bytes and the
    offsets where lines start: a lookup bisects and decodes only the lines it reads, so
    loading costs no Python object per row."""

    def __init__(self, data, starts: np.ndarray) -> None:
        self._data = data  # bytes or a read-only mmap; each line ends with b"\n"
        self._starts = starts  # len(self) + 1 offsets, the last one the end of the data

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        a, b = int(self._starts[i]), int(self._starts[i + 1])
        return self._data[a:b - 1].decode("utf-8")

    def containing(self, needle: str) -> list[int]:
        """Numbers of the lines holding ``needle`` (a byte search, no decoding)."""
        raw, found, at = needle.encode("utf-8"), [], 0
        while True:
            at = self._data.find(raw, at)
            if at < 0:
                return found
            found.append(int(np.searchsorted(self._starts, at, side="right")) - 1)
            at += 1


def _table_path(folder: Path, stem: str) -> Path:
    plain, packed = folder / f"{stem}.csv", folder / f"{stem}.csv.gz"
    if packed.exists():
        return packed
    if plain.exists():
        return plain
    raise GazetteerError(f"world gazetteer file {plain} (or {packed.name}) is missing; "
                         "run scripts/build_gazetteer.py")


def _table_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def _check(path: Path, data: bytes, columns: tuple[str, ...]) -> tuple[bytes, np.ndarray]:
    """(data lines, line starts) of one table's bytes, after checking the header and that
    the lines are sorted (the lookups bisect them)."""
    if data and not data.endswith(b"\n"):
        data += b"\n"
    head_end = data.find(b"\n") + 1
    header = data[:head_end].decode("utf-8").rstrip("\r\n").split(",") if data else []
    if tuple(header) != columns:
        raise GazetteerError(f"{path}: header is {header} but {list(columns)} was expected")
    body = data[head_end:]
    try:
        lines = body.decode("utf-8").split("\n")[:-1]
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 text ({exc.reason} at byte "
                             f"{exc.start + head_end})") from None
    if lines != sorted(lines):
        raise GazetteerError(f"{path}: rows are not sorted; rebuild it with "
                             "scripts/build_gazetteer.py")
    ends = np.flatnonzero(np.frombuffer(body, dtype=np.uint8) == 10) + 1
    return body, np.concatenate(([0], ends)).astype(np.int64)


def read_lines(folder: Path, stem: str, columns: tuple[str, ...]) -> Lines:
    """One table's sorted data lines. The bundled tables are read from an uncompressed
    copy in `settings.cache_dir` (one copy per installed table, replaced when the table
    changes, checked when written; mapped into memory, so loading reads nothing it does
    not use); other folders, or a cache that cannot be written, from the table itself."""
    path = _table_path(folder, stem)
    if folder.resolve() != (settings.data_dir / "world").resolve():  # only the bundled ones
        return Lines(*_check(path, _table_bytes(path), columns))
    cached = _cached_copy(path, stem)
    if cached is not None:
        return cached
    body, starts = _check(path, _table_bytes(path), columns)
    _write_copy(path, stem, body, starts)
    return Lines(body, starts)


def _copy_paths(path: Path, stem: str) -> tuple[Path, Path, Path]:
    """(lines, line starts, stamp) of the cached copy of the table ``path``: named after
    where the table is installed, so an updated table replaces its copy instead of
    adding one beside it; the stamp says which version of the table the copy holds."""
    digest = hashlib.blake2b(str(path.resolve()).encode(), digest_size=8).hexdigest()
    cached = settings.cache_dir() / f"world-{stem}-{digest}"
    return (cached.with_suffix(".lines"), cached.with_suffix(".starts.npy"),
            cached.with_suffix(".stamp"))


def _stamp(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size} {stat.st_mtime_ns}"


def _cached_copy(path: Path, stem: str) -> Lines | None:
    """The cached copy of the table ``path``, if it holds the table as it is now."""
    lines_path, starts_path, stamp_path = _copy_paths(path, stem)
    try:
        # (the stamp is written last: when it matches, both files are of that version)
        if stamp_path.read_text(encoding="ascii") != _stamp(path):
            return None
        starts = np.load(starts_path, mmap_mode="r")
        with lines_path.open("rb") as fh:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    return Lines(data, starts) if len(starts) and int(starts[-1]) == len(data) else None


def _write_copy(path: Path, stem: str, body: bytes, starts: np.ndarray) -> None:
    """Write the cached copy of the table ``path`` (each file staged: two processes
    writing at once, or an interruption, leave no torn file; a process reading the
    copy it replaces keeps its mapping)."""
    from geoincidents.outputs import Staged

    lines_path, starts_path, stamp_path = _copy_paths(path, stem)
    try:
        with Staged(lines_path, overwrite=True, make_folder=True) as tmp:
            tmp.write_bytes(body)
        with Staged(starts_path, overwrite=True, make_folder=True) as tmp, \
                tmp.open("wb") as fh:
            np.save(fh, starts)
        with Staged(stamp_path, overwrite=True, make_folder=True) as tmp:
            tmp.write_text(_stamp(path), encoding="ascii")
    except (OSError, GeoIncidentsError) as exc:  # a read-only cache costs this again
        log.debug("could not cache %s: %s", path, exc)
