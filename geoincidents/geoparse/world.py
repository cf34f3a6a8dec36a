"""Where resolution finds its candidates: the curated gazetteer and the world gazetteer,
as one kind of record.

The world gazetteer is `geoincidents.worldgaz` (countries at interior points, first-level
divisions, US counties, continents, regions, abbreviations, demonyms and GeoNames cities
with their alternate names), the same tables the curated gazetteer falls back to
(`geoincidents.gazetteer.world`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from geoincidents import worldgaz
from geoincidents.gazetteer import Gazetteer, Place, normalize
from geoincidents.gazetteer.world import PLACE_KIND

#: a name written as dotted initials ("L.A.", "U.S.")
_DOTTED = re.compile(r"(?:[^\W\d_]\.){2,}")

#: curated kinds as the resolver's kinds (a curated province is a first-level division)
_CURATED_KIND = {"province": "admin1", "town": "city"}


@dataclass(frozen=True)
class Entry:
    """One place a name may refer to, and how the name matched it."""

    place_id: str
    name: str
    kind: str  # continent region country admin1 admin2 city | curated kinds (base, zone ...)
    country: str | None
    lat: float
    lon: float
    radius_m: float
    population: int = 0
    admin1: str = ""
    feature_code: str = ""
    name_kind: str = "official"  # official ascii alternate abbreviation demonym
    curated: bool = False
    parent: str | None = None
    source: str = ""
    place: Place | None = None  # the curated or world Place, for callers that want one

    def as_place(self) -> Place:
        """This entry as a gazetteer `Place` (what incidents carry)."""
        if self.place is not None:
            return self.place
        kind, precision = PLACE_KIND.get(self.kind, ("city", 1))
        return Place(self.place_id, self.name, kind, self.country, self.lon, self.lat,
                     self.radius_m, precision, source=self.source,
                     population=self.population, admin1=self.admin1)


class Lexicon:
    """Candidates for a name, from the curated places and the world gazetteer."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load(world=False)
        self._curated: dict[str, list[tuple[Place, str]]] = {}
        for place in self.gazetteer:
            for i, name in enumerate(place.names):
                key = normalize(name)
                if key:
                    self._curated.setdefault(key, []).append(
                        (place, "official" if i == 0 else "alternate"))
        self._memo: dict[tuple[str, bool], tuple[Entry, ...]] = {}

    def curated_names(self) -> list[str]:
        """Every curated name and alias (for the phrase matcher)."""
        return self.gazetteer.names()

    def lookup(self, name: str) -> tuple[Entry, ...]:
        key = normalize(name)
        memo = (key, _DOTTED.fullmatch(name.strip()) is not None)
        got = self._memo.get(memo)
        if got is None:
            got = self._memo[memo] = tuple(self._lookup(key, name)) if key else ()
            if len(self._memo) > 200_000:
                self._memo.clear()
        return got

    def known(self, name: str) -> bool:
        return bool(self.lookup(name))

    def _lookup(self, key: str, name: str) -> list[Entry]:
        out = [_from_curated(p, nk) for p, nk in self._curated.get(key, ())]
        seen = {e.place_id for e in out}
        hits = worldgaz.lookup(name.strip())
        if _DOTTED.fullmatch(name.strip()) and any(
                w.name_kind == "abbreviation" and w.matched == name.strip() for w in hits):
            # "L.A." is an initialism of its own (Los Angeles); the postal code "LA"
            # (Louisiana) shares its key but is written without dots
            hits = [w for w in hits if w.name_kind != "abbreviation" or "." in w.matched]
        for w in hits:
            if w.place_id not in seen:
                seen.add(w.place_id)
                out.append(_from_world(w))
        return out


def _from_curated(p: Place, name_kind: str) -> Entry:
    return Entry(p.place_id, p.name, _CURATED_KIND.get(p.kind, p.kind), p.country, p.lat,
                 p.lon, p.radius_m, p.population, p.admin1, "", name_kind, True, p.parent,
                 p.source, p)


def _from_world(w) -> Entry:
    country = w.country or None
    admin1 = str(w.admin1 or "")
    if "-" in admin1:
        # ISO 3166-2 codes start with the country ("US-KY"): trust that over a country
        # field that some county rows fill with the state ("KY")
        country = admin1.split("-", 1)[0]
    return Entry(w.place_id, w.name, w.kind, country, float(w.lat), float(w.lon),
                 float(w.radius_m), int(w.population or 0), admin1,
                 str(w.feature_code or ""), w.name_kind, False, None, str(w.source or ""),
                 None)
