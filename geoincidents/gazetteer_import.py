"""Import places into a local gazetteer: GeoNames dumps, or a user's CSV/GeoJSON of places.

GeoNames country files (``IQ.txt``, ``AF.txt``, ``allCountries.txt`` from
https://download.geonames.org/export/dump/, CC BY 4.0) are tab-separated with the 19
`GEONAMES_COLUMNS` and no header; ``alternateNames*.txt`` adds names by geonameid.
Each place becomes a row of a gazetteer CSV with the columns of ``geodata/places.csv``
(`geoincidents.gazetteer.PLACE_FIELDS`), written into the user's gazetteer folder
(`geoincidents.settings.user_gazetteer_dir`) where `Gazetteer.load` picks it up beside
the bundled gazetteer.

Examples
--------
>>> import_places(["IQ.txt"], alternate_names="alternateNamesV2.txt")  # doctest: +SKIP
ImportResult(path=PosixPath('~/.local/share/geoincidents/gazetteer/IQ.csv'), places=...)
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from geoincidents import settings
from geoincidents.errors import GazetteerError
from geoincidents.gazetteer.places import PLACE_FIELDS, _place_from_row
from geoincidents.gazetteer.world import _mostly_latin, city_radius_m

GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
    "feature_class", "feature_code", "country_code", "cc2", "admin1_code", "admin2_code",
    "admin3_code", "admin4_code", "population", "elevation", "dem", "timezone",
    "modification_date")

ALTERNATE_COLUMNS = ("alternateNameId", "geonameid", "isolanguage", "alternate_name",
                     "isPreferredName", "isShortName", "isColloquial", "isHistoric",
                     "from", "to")

#: GeoNames feature classes imported by default: A admin areas, P populated places,
#: S spots and buildings (airports, bases). Rivers, mountains, roads are left out: as
#: names in free text they match too much.
DEFAULT_FEATURE_CLASSES = ("A", "P", "S")

#: alternateNames "languages" that are not names (links, postcodes, wikidata ids ...).
_NOT_NAMES = {"link", "post", "wkdt", "unlc", "fr_1793", "tcid", "faac", "phon", "piny"}

#: (kind, radius_m, precision) by GeoNames feature code; class defaults after.
_KIND_BY_CODE = {
    "PCLI": ("country", 400_000.0, 3), "PCLD": ("country", 200_000.0, 3),
    "PCLS": ("country", 100_000.0, 3), "PCLIX": ("province", 150_000.0, 3),
    "ADM1": ("province", 100_000.0, 3), "ADM2": ("province", 40_000.0, 3),
    "ADM3": ("province", 15_000.0, 2), "ADM4": ("town", 5_000.0, 2),
    "PPLX": ("neighbourhood", 1_500.0, 1), "PPLQ": ("town", 2_000.0, 2),
    "AIRP": ("airport", 2_500.0, 1), "AIRB": ("base", 3_000.0, 1),
    "AIRF": ("airport", 1_500.0, 1), "AIRH": ("landmark", 300.0, 1),
    "MILB": ("base", 3_000.0, 1), "INSM": ("base", 2_000.0, 1),
    "CMP": ("base", 1_000.0, 1), "CTRB": ("landmark", 300.0, 1),
    "DIP": ("landmark", 300.0, 1),
}


class ImportResult(NamedTuple):
    """The gazetteer file written and how many places it holds."""

    path: Path
    places: int


def is_geonames(path: str | os.PathLike[str]) -> bool:
    """True when a file's first line is a GeoNames record (19 tab-separated fields)."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        first = fh.readline().rstrip("\n").split("\t")
    return len(first) == len(GEONAMES_COLUMNS) and first[0].isdigit()


def read_geonames(path: str | os.PathLike[str], *,
                  feature_classes: Iterable[str] = DEFAULT_FEATURE_CLASSES,
                  alternates: dict[str, list[str]] | None = None) -> list[dict]:
    """Gazetteer rows (`PLACE_FIELDS`) from a GeoNames dump file.

    Raises
    ------
    GazetteerError
        Naming the file, the row and the field, for a row of the wrong width.
    """
    path = Path(path)
    classes = {c.upper() for c in feature_classes}
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row_no, line in enumerate(fh, start=1):
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) != len(GEONAMES_COLUMNS):
                raise GazetteerError(f"{path}, row {row_no}: {len(fields)} tab-separated "
                                     f"fields; expected the {len(GEONAMES_COLUMNS)} GeoNames "
                                     f"columns {list(GEONAMES_COLUMNS)}")
            rec = dict(zip(GEONAMES_COLUMNS, fields))
            if rec["feature_class"] not in classes:
                continue
            row = _geonames_row(rec, (alternates or {}).get(rec["geonameid"], []))
            _place_from_row(path, row_no, row)  # raises naming file, row and field
            rows.append(row)
    return rows


def _geonames_row(rec: dict, extra_names: list[str]) -> dict:
    code, klass = rec["feature_code"], rec["feature_class"]
    try:
        population = int(rec["population"] or 0)
    except ValueError:
        population = 0
    if code in _KIND_BY_CODE:
        kind, radius, precision = _KIND_BY_CODE[code]
    elif klass == "P":
        kind = "city" if population >= 100_000 or code in ("PPLC", "PPLA") else "town"
        radius, precision = city_radius_m(population), 1
    elif klass == "A":
        kind, radius, precision = "province", 40_000.0, 3
    else:
        kind, radius, precision = "landmark", 1_000.0, 1
    names = [rec["asciiname"]] + rec["alternatenames"].split(",") + extra_names
    aliases = [n.strip() for n in dict.fromkeys(names)
               if n.strip() and n.strip() != rec["name"] and _usable_alias(n.strip())]
    return {"place_id": f"geonames:{rec['geonameid']}", "name": rec["name"],
            "aliases": "|".join(aliases), "kind": kind, "country": rec["country_code"],
            "lat": rec["latitude"], "lon": rec["longitude"], "radius_m": f"{radius:g}",
            "precision": str(precision), "parent": "",
            "source": f"GeoNames {rec['geonameid']} {klass}.{code} (CC BY 4.0)",
            "note": f"population {population:,}" if population else ""}


def _usable_alias(name: str) -> bool:
    # only Latin-script variants (as the world index does): unidecode of other scripts
    # invents names; 1-2 letter codes match ordinary words
    return (name.isascii() or _mostly_latin(name)) and len(name) >= 3 and "|" not in name


def read_alternate_names(path: str | os.PathLike[str], *,
                         geonameids: set[str] | None = None) -> dict[str, list[str]]:
    """Alternate names by geonameid from a GeoNames ``alternateNames`` file.

    Links, postcodes and other non-names are left out; ICAO and IATA codes are kept.
    """
    path = Path(path)
    out: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row_no, line in enumerate(fh, start=1):
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) < 4 or not fields[1].isdigit():
                raise GazetteerError(f"{path}, row {row_no}: expected a GeoNames "
                                     f"alternateNames row with the columns "
                                     f"{list(ALTERNATE_COLUMNS)}; found {len(fields)} "
                                     "tab-separated fields")
            gid, lang, name = fields[1], fields[2], fields[3]
            if lang in _NOT_NAMES or (geonameids is not None and gid not in geonameids):
                continue
            if len(fields) > 7 and fields[7] == "1":  # historic names mislead more than help
                continue
            out[gid].append(name)
    return dict(out)


def read_user_places(path: str | os.PathLike[str]) -> list[dict]:
    """Rows of a user's CSV or GeoJSON of places; ``place_id`` and ``kind`` may be left out.

    A missing ``place_id`` becomes ``user:<name slug>``; a missing ``kind`` ``landmark``.
    Positions come from ``lat``/``lon`` columns or from point geometries.
    """
    path = Path(path)
    if path.suffix.lower() in (".geojson", ".json", ".gpkg"):
        from geoincidents.gazetteer.places import _rows_from_vector

        rows = _rows_from_vector(path)
    else:
        text = path.read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    out = []
    for row in rows:
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        for alias, field in (("latitude", "lat"), ("longitude", "lon"), ("lng", "lon")):
            if not row.get(field) and row.get(alias):
                row[field] = row[alias]
        if not row.get("place_id") and row.get("name"):
            row["place_id"] = "user:" + re.sub(r"[^a-z0-9]+", "-", row["name"].lower()).strip("-")
        row.setdefault("kind", "landmark")
        row["kind"] = row["kind"] or "landmark"
        row.setdefault("source", f"imported from {path.name}")
        out.append({f: row.get(f, "") for f in PLACE_FIELDS})
    return out


def import_places(paths: Sequence[str | os.PathLike[str]], *,
                  alternate_names: str | os.PathLike[str] | None = None,
                  out: str | os.PathLike[str] | None = None, overwrite: bool = False,
                  feature_classes: Iterable[str] = DEFAULT_FEATURE_CLASSES) -> ImportResult:
    """Import GeoNames dumps and/or user place files into one local gazetteer CSV.

    Parameters
    ----------
    paths : sequence of path
        GeoNames country files (detected by their 19 tab-separated columns), or CSV /
        GeoJSON files of places.
    alternate_names : path, optional
        A GeoNames ``alternateNames`` file whose names become aliases.
    out : path, optional
        The gazetteer CSV to write; by default ``<first input's stem>.csv`` in
        `geoincidents.settings.user_gazetteer_dir`, which `Gazetteer.load` reads.
    overwrite : bool
        Replace ``out`` when it exists.
    feature_classes : iterable of str
        GeoNames feature classes to keep (`DEFAULT_FEATURE_CLASSES`).

    Raises
    ------
    GazetteerError
        Naming the file, the row and the field of the first malformed entry.
    """
    from geoincidents.outputs import Staged, check_outputs

    if not paths:
        raise GazetteerError("no file to import; expected GeoNames dumps or CSV/GeoJSON "
                             "files of places")
    for path in paths:
        if not Path(path).exists():
            raise GazetteerError(f"{path}: file not found")
    target = Path(out) if out is not None else \
        settings.user_gazetteer_dir() / f"{Path(paths[0]).stem}.csv"
    check_outputs({"--out": target}, overwrite=overwrite, inputs=[*paths, alternate_names],
                  make_folders=["--out"] if out is None else [])  # before reading anything
    geonames = [p for p in paths if is_geonames(p)]
    alternates = None
    if alternate_names is not None:
        if not geonames:
            raise GazetteerError("--alternate-names goes with GeoNames dump files; none of "
                                 f"{[str(p) for p in paths]} is one")
        alternates = read_alternate_names(alternate_names)
    rows: list[dict] = []
    for path in paths:
        if path in geonames:
            found = read_geonames(path, feature_classes=feature_classes, alternates=alternates)
        else:
            found = read_user_places(path)
            for i, row in enumerate(found, start=1):
                _place_from_row(Path(path), i, row)  # raises naming file, row and field
        rows += found
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        seen[row["place_id"]] = i  # a later file's entry replaces an earlier one
    rows = [rows[i] for i in sorted(seen.values())]
    # a gazetteer is data we read back, not a spreadsheet: names are kept as they are
    with Staged(target, overwrite=overwrite, make_folder=out is None) as tmp, \
            open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(PLACE_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return ImportResult(target, len(rows))


__all__ = ["GEONAMES_COLUMNS", "ImportResult", "import_places", "read_geonames",
           "read_alternate_names", "read_user_places", "is_geonames"]
