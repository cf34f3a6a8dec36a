"""The world behind the curated places: `geoincidents.worldgaz` (GeoNames cities,
countries, first-level divisions ... built from registry packages, see
``geodata/README.md``) seen as gazetteer `Place` objects, and the facts about places the
extractor asks for (distances, a country's place).

There is one world index: the geoparser (`geoincidents.geoparse.world`) and the
curated gazetteer's fallback read the same tables, loaded once and lazily.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from typing import TYPE_CHECKING

from geoincidents import settings
from geoincidents.gazetteer.names import MATCH_QUALITY, strip_articles
from geoincidents.gazetteer.places import Place

if TYPE_CHECKING:  # pragma: no cover
    from geoincidents.gazetteer.lookup import Gazetteer
    from geoincidents.worldgaz import WorldGazetteer, WorldPlace

#: world kinds as gazetteer kinds and ACLED geo precision (1 the town, 2 part of a
#: region, 3 only a larger region)
PLACE_KIND = {"city": ("city", 1), "admin2": ("province", 2), "admin1": ("province", 3),
              "country": ("country", 3), "region": ("country", 3),
              "continent": ("country", 3)}
#: what the curated gazetteer falls back to: towns and countries by their names; the
#: abbreviations, demonyms and regions of the world tables are read in context by the
#: evidence resolver (`geoincidents.geoparse`)
FALLBACK_KINDS = ("country", "city")
FALLBACK_NAME_KINDS = ("official", "ascii", "alternate")


def city_radius_m(population: int) -> float:
    """Uncertainty radius of a city known only by name: grows with its population.

    About 2 km for a village, 4 km for 100,000 people, 15 km for 7 million.
    """
    return 2_000.0 + 5.0 * math.sqrt(max(population, 0))


def _mostly_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(ch, "") for ch in letters)


def as_place(w: WorldPlace) -> Place:
    """A world place as a gazetteer `Place` (``admin1`` is GeoNames' code, e.g. ``IL``)."""
    kind, precision = PLACE_KIND.get(w.kind, ("city", 1))
    return Place(w.place_id, w.name, kind, w.country or None, w.lon, w.lat, w.radius_m,
                 precision, source=w.source, population=w.population,
                 admin1=w.admin1_gn if w.kind in ("city", "admin2") else "")


class WorldIndex:
    """The world tables as the curated gazetteer's fallback: `Place` objects by folded
    name (`geoincidents.gazetteer.normalize` keys), made only for the names looked up."""

    def __init__(self, world: WorldGazetteer) -> None:
        self.world = world

    def __len__(self) -> int:
        return len(self.world)

    @functools.lru_cache(maxsize=50_000)  # noqa: B019 (one index per process)
    def _places(self, key: str) -> tuple[Place, ...]:
        from geoincidents.worldgaz import HAMLET_CODE

        # hamlets (US post-office towns of unknown size) are for the geoparser, which
        # weighs them against the text; a bare name in a table or an article's
        # "in X" does not mean one
        return tuple(as_place(w) for w in self.world.lookup(
            key, kinds=FALLBACK_KINDS, name_kinds=FALLBACK_NAME_KINDS, articles=True)
            if w.feature_code != HAMLET_CODE)

    def lookup(self, key: str) -> list[tuple[Place, float, str]]:
        """(place, match quality, level) of the towns and countries named ``key``: the
        name itself (quality 1.0), else the name without its articles (0.92)."""
        out: list[tuple[Place, float, str]] = []
        seen: set[str] = set()
        for level, probe in (("exact", key), ("article", strip_articles(key))):
            for place in self._places(probe):
                if place.place_id not in seen:
                    seen.add(place.place_id)
                    out.append((place, MATCH_QUALITY[level], f"world {level}"))
        return out

    def knows(self, key: str) -> bool:
        """Whether a town or country has the name ``key``."""
        return bool(self._places(key))

    def country_code(self, key: str) -> str | None:
        """The ISO code of the country named ``key``, if one is."""
        return next((p.country for p in self._places(key) if p.kind == "country"), None)

    def capital_countries(self, name: str) -> tuple[str, ...]:
        """The ISO codes of the countries whose capital (GeoNames feature code PPLC) has the
        name ``name``, in the world tables' order: the one test of "a national capital"."""
        return tuple(w.country for w in self.world.lookup(name)
                     if w.feature_code == "PPLC" and w.country)

    def country(self, code: str) -> Place | None:
        """The country with ISO alpha-2 ``code``, if any."""
        try:
            return as_place(self.world.get(f"cc:{code}"))
        except KeyError:
            return None


@functools.lru_cache(maxsize=1)
def world_index() -> WorldIndex:
    """The world index (the bundled world tables, loaded once, lazily)."""
    from geoincidents import worldgaz

    return WorldIndex(worldgaz.load())


@functools.lru_cache(maxsize=50_000)
def place_distance_m(a: Place, b: Place) -> float:
    """Geodesic metres between two places' points (memoised: an article's sentences compare
    the same few places over and over)."""
    _, _, dist = settings.geod().inv(a.lon, a.lat, b.lon, b.lat)
    return float(dist)


@functools.lru_cache(maxsize=512)
def country_place(code: str, gazetteer: Gazetteer | None = None) -> Place | None:
    """The country-level place of an ISO alpha-2 code: ``gazetteer``'s own first, else the
    world's; None for a code no country has."""
    for p in gazetteer or ():
        if p.kind == "country" and p.country == code:
            return p
    return world_index().country(code)
