"""`Gazetteer`: the curated places, and the world fallback, looked up by name with
scored candidates."""

from __future__ import annotations

import functools
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from geoincidents import settings
from geoincidents.errors import PlaceNotFound
from geoincidents.gazetteer.names import (
    MATCH_QUALITY,
    normalize,
    skeleton,
    strip_articles,
)
from geoincidents.gazetteer.places import Candidate, Place, Reasons, read_places
from geoincidents.gazetteer.world import world_index

# match quality for each way a name can match a key
_EXACT, _NO_ARTICLE, _SKELETON = (MATCH_QUALITY[k] for k in ("exact", "article", "skeleton"))


class Gazetteer:
    """Curated places plus an optional world fallback, looked up by name.

    Parameters
    ----------
    places : iterable of Place
        The curated entries; later entries with an existing ``place_id`` replace it.
    world : bool, default True
        Fall back to the world's towns and countries (`geoincidents.gazetteer.world`)
        for names the curated places do not know.
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
            inv = settings.geod().inv
            for (lon, lat), row in rows.items():
                for other in near:
                    row[other] = inv(lon, lat, other[0], other[1])[2]
            return
        lons = np.array([p[0] for p in near], dtype=float)
        lats = np.array([p[1] for p in near], dtype=float)
        k = len(lons)
        plon = np.repeat(np.array([p[0] for p in rows], dtype=float), k)
        plat = np.repeat(np.array([p[1] for p in rows], dtype=float), k)
        _, _, dist = settings.geod().inv(plon, plat, np.tile(lons, len(rows)),
                                         np.tile(lats, len(rows)))
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


