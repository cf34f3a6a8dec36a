"""Gazetteer entries: `Place`, scored `Candidate` and the `Reasons` for a score; reading
place files (CSV, GeoJSON, GeoPackage) with errors that name file, row and field."""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geoincidents import settings
from geoincidents.errors import GazetteerError

KINDS = ("zone", "landmark", "base", "airport", "neighbourhood", "city", "town",
         "province", "country")
PLACE_FIELDS = ("place_id", "name", "aliases", "kind", "country", "lat", "lon", "radius_m",
                "precision", "parent", "source", "note")
REQUIRED_FIELDS = ("place_id", "name", "kind", "lat", "lon")


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a position and how far from it the place may be."""

    place_id: str
    name: str
    kind: str
    country: str | None
    lon: float
    lat: float
    radius_m: float
    precision: int
    source: str = ""
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    population: int = 0
    note: str = ""
    #: first-order admin code of a world city (GeoNames ``admin1code``, e.g. ``IL``)
    admin1: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def __hash__(self) -> int:
        # equal places have equal ids and positions: hashing these three is enough, and
        # far cheaper than all fields (places key many memos)
        return hash((self.place_id, self.lon, self.lat))


@dataclass(init=False)
class Candidate:
    """A place a name may refer to, with its score and the reasons for it (a sequence of
    phrases; `Gazetteer` gives them as `Reasons`, worded only when read). A value:
    nothing changes one once made."""

    place: Place
    score: float
    matched: str
    why: Sequence[str] = field(default=())

    # written out (init=False above): mypyc compiles this one, while the __init__ that
    # dataclasses generates runs as Python code (mypyc issue #817), which with
    # frozen=True sets each field through object.__setattr__
    def __init__(self, place: Place, score: float, matched: str,
                 why: Sequence[str] = ()) -> None:
        self.place, self.score, self.matched, self.why = place, score, matched, why


class Reasons(Sequence):
    """Why a place scored as it did: the figures `Gazetteer` scored it by, put into
    words when first read. A lookup scores every place a name may refer to, and only
    ``gazetteer lookup`` and the ``places`` listing show the words.

    Compares equal to any sequence of the same phrases.
    """

    __slots__ = ("_figures", "_words")

    def __init__(self, level: str, quality: float, curated: bool, country: str | None,
                 named: bool | None, closest_km: float | None, near_bonus: float,
                 population: int, population_bonus: float) -> None:
        self._figures = (level, quality, curated, country, named, closest_km, near_bonus,
                         population, population_bonus)
        self._words: tuple[str, ...] | None = None

    @property
    def level(self) -> str:
        """How the name matched: ``exact``, ``article`` or ``skeleton``."""
        return self._figures[0]

    def words(self) -> tuple[str, ...]:
        """The phrases, e.g. ``("exact name match (1.00)", "curated entry +0.30")``."""
        if self._words is None:
            level, quality, curated, country, named, km, near_bonus, population, \
                population_bonus = self._figures
            why = [f"{level} name match ({quality:.2f})"]
            if curated:
                why.append("curated entry +0.30")
            if named is True:
                why.append(f"in {country}, which the context names +0.30")
            elif named is False:
                why.append(f"in {country}, which the context does not name -0.20")
            if near_bonus > 0:
                why.append(f"{km:.0f} km from other places in the context +{near_bonus:.2f}")
            if population:
                why.append(f"population {population:,} +{population_bonus:.2f}")
            self._words = tuple(why)
        return self._words

    def __getitem__(self, i):
        return self.words()[i]

    def __len__(self) -> int:
        return len(self.words())

    def __iter__(self):
        return iter(self.words())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self.words() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.words())

    def __repr__(self) -> str:
        return repr(self.words())



# -- reading place files ------------------------------------------------------------

def read_places(path: str | os.PathLike[str]) -> list[Place]:
    """Read a gazetteer file: CSV with `PLACE_FIELDS`, or GeoJSON/GeoPackage of points.

    Raises `GazetteerError` naming the file, row and field for malformed entries.
    """
    path = Path(path)
    if not path.exists():
        raise GazetteerError(f"{path}: gazetteer file not found")
    if path.suffix.lower() in (".geojson", ".json", ".gpkg"):
        rows = _rows_from_vector(path)
    else:
        try:
            with path.open(newline="", encoding="utf-8-sig") as fh:
                reader = csv.DictReader(fh)
                missing = [f for f in REQUIRED_FIELDS if f not in (reader.fieldnames or [])]
                if missing:
                    raise GazetteerError(f"{path}: missing column(s) {missing}; expected the "
                                         f"columns {list(PLACE_FIELDS)}")
                rows = list(reader)
        except UnicodeDecodeError as exc:
            raise GazetteerError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") \
                from exc
    return [_place_from_row(path, i, row) for i, row in enumerate(rows, start=1)]


def _rows_from_vector(path: Path) -> list[dict]:
    import geopandas as gpd

    frame = gpd.read_file(path).to_crs(settings.crs)
    rows = []
    for record, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry):
        if geom is not None and not geom.is_empty:
            point = geom if geom.geom_type == "Point" else geom.representative_point()
            record.setdefault("lon", point.x)
            record.setdefault("lat", point.y)
        rows.append({k: ("" if v is None else str(v)) for k, v in record.items()})
    return rows


def _place_from_row(path: Path, row: int, rec: dict) -> Place:
    def bad(field_name: str, expected: str) -> GazetteerError:
        return GazetteerError(f"{path}, row {row}, field {field_name!r}: "
                              f"{rec.get(field_name)!r} is not valid; expected {expected}")

    for name in REQUIRED_FIELDS:
        if not (rec.get(name) or "").strip():
            raise bad(name, "a value")
    try:
        lat = float(rec["lat"])
    except ValueError:
        raise bad("lat", "a number") from None
    try:
        lon = float(rec["lon"])
    except ValueError:
        raise bad("lon", "a number") from None
    if not -90 <= lat <= 90:
        raise bad("lat", "a latitude between -90 and 90")
    if not -180 <= lon <= 180:
        raise bad("lon", "a longitude between -180 and 180")
    kind = rec["kind"].strip()
    if kind not in KINDS:
        raise bad("kind", f"one of {list(KINDS)}")
    try:
        precision = int(rec.get("precision") or 1)
    except ValueError:
        raise bad("precision", "an ACLED geo precision code 1, 2 or 3") from None
    if precision not in (1, 2, 3):
        raise bad("precision", "an ACLED geo precision code 1, 2 or 3")
    try:
        radius = float(rec.get("radius_m") or settings.precision_radius_m[precision])
    except ValueError:
        raise bad("radius_m", "a radius in metres") from None
    if not radius > 0:
        raise bad("radius_m", "a positive radius in metres")
    aliases = tuple(a.strip() for a in (rec.get("aliases") or "").split("|") if a.strip())
    return Place(place_id=rec["place_id"].strip(), name=rec["name"].strip(), kind=kind,
                 country=(rec.get("country") or "").strip().upper() or None, lon=lon, lat=lat,
                 radius_m=radius, precision=precision, source=(rec.get("source") or "").strip(),
                 parent=(rec.get("parent") or "").strip() or None, aliases=aliases,
                 note=(rec.get("note") or "").strip())


