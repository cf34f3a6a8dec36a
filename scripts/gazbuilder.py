"""The world gazetteer's writer (`Builder`: places and names, written sorted and
gzipped without a time stamp) and the readers of the curated tables in
``geodata/world/sources/``, for ``scripts/build_gazetteer.py``."""
from __future__ import annotations

import csv
import gzip
import io
import math
import os
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geoincidents.worldgaz import NAME_COLUMNS, NAME_KINDS, PLACE_COLUMNS, normalise  # noqa: E402

CURATED = ROOT / "geodata" / "world" / "sources"


class Builder:
    """Collects places and names, then writes them sorted."""

    def __init__(self) -> None:
        self.places: dict[str, dict[str, object]] = {}
        self.names: dict[str, dict[str, tuple[int, str, str]]] = defaultdict(dict)

    def place(self, place_id: str, name: str, kind: str, *, lat: float, lon: float,
              radius_m: float, source: str, feature_code: str = "", country: str = "",
              admin1: str = "", admin1_gn: str = "", population: int = 0,
              within: str = "") -> bool:
        if place_id in self.places:
            return False
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not math.isfinite(radius_m):
            raise ValueError(f"{place_id}: bad position {lat}, {lon} or radius {radius_m}")
        self.places[place_id] = dict(
            place_id=place_id, name=name, kind=kind, feature_code=feature_code,
            country=country, admin1=admin1, admin1_gn=admin1_gn, lat=f"{lat:.5f}",
            lon=f"{lon:.5f}", radius_m=str(int(round(radius_m))),
            population=str(int(population)) if population else "", within=within,
            source=source)
        self.name(place_id, name, "official")
        return True

    def name(self, place_id: str, name: str, name_kind: str) -> None:
        """Add a name; a place keeps one name per key, the strongest kind first."""
        name = " ".join(name.split())
        key = normalise(name)
        # official names are kept in any script (the place must be findable by its
        # name); other names only in Latin script, to keep the tables lean
        if not key or (name_kind != "official" and not latin(name)):
            return
        rank = NAME_KINDS.index(name_kind)
        old = self.names[place_id].get(key)
        if old is None or rank < old[0]:
            self.names[place_id][key] = (rank, name_kind, name)

    def write(self, out: Path) -> dict[str, int]:
        out.mkdir(parents=True, exist_ok=True)
        rows = [[r[c] for c in PLACE_COLUMNS] for r in self.places.values()]
        _write_gz(out / "places.csv.gz", PLACE_COLUMNS, rows)
        name_rows = [[key, written, pid, kind]
                     for pid, by_key in self.names.items() if pid in self.places
                     for key, (_, kind, written) in by_key.items()]
        _write_gz(out / "names.csv.gz", NAME_COLUMNS, name_rows)
        counts = Counter(str(r["kind"]) for r in self.places.values())
        counts["names"] = len(name_rows)
        return dict(counts)


def _write_gz(path: Path, header: Iterable[str], rows: Iterable[list[object]]) -> None:
    """Write a table with its lines sorted as text (the loader bisects them), gzipped
    without a time stamp so that equal content gives equal bytes."""
    lines = []
    for row in rows:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(row)
        lines.append(buf.getvalue())
    lines.sort()
    head = io.StringIO()
    csv.writer(head, lineterminator="\n").writerow(header)
    text = head.getvalue() + "".join(lines)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                              mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    os.replace(tmp, path)


def latin(name: str) -> bool:
    """Whether a name is written in Latin script (letters only from Latin blocks)."""
    for ch in name:
        if ch.isascii():
            continue
        cat = unicodedata.category(ch)
        if cat in ("Lu", "Ll", "Lt", "Lo") and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def read_curated(name: str) -> list[dict[str, str]]:
    path = CURATED / name
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ValueError(f"{path} row {line}: wrong number of fields")
    return rows
