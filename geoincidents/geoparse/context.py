"""The evidence a document gives its names: the countries, divisions and points the
other names resolve to, and which divisions the candidates of several names share."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence

from geoincidents import worldgaz
from geoincidents.geoparse.world import Entry

AREA_KINDS = frozenset({"continent", "region", "country", "admin1", "admin2"})


def vouches(e: Entry) -> bool:
    """Whether a candidate may lend support to other names' candidates: not by an
    alternate name (every town has some namesake's old name), and not a `hamlet`
    (Moscow, Michigan and Riga, Michigan lie close together, and must not make a text
    about Russia and Latvia a Michigan story)."""
    return e.name_kind != "alternate" and not hamlet(e)


def hamlet(e: Entry) -> bool:
    """A populated locality (GeoNames feature code PPLL): the US post-office towns of
    a few hundred people that GeoNames' cities500 lacks, of unknown population."""
    return e.feature_code == worldgaz.HAMLET_CODE


def admin1_support(names: Sequence[str], cands: dict[str, tuple[Entry, ...]],
                   mute: Mapping[str, Collection[Entry]] = {}
                   ) -> dict[tuple[str, str], float]:
    """How many other names of the text have a candidate in the same first-level
    division as each candidate (each name weighted by 1 / sqrt of how many divisions
    its candidates span): "Paris" and "Henry County" together point to Tennessee.
    The ``mute`` candidates of a name receive support but lend none."""
    spans: dict[str, set[tuple]] = {}
    for k in names:
        # alternate names do not count: every town has some namesake's old name
        spans[k] = {(e.country, e.admin1) for e in cands[k]
                    if e.admin1 and e.kind in ("city", "admin2", "admin1") and vouches(e)
                    and e not in mute.get(k, ())}
    weight = {k: 1 / math.sqrt(len(v)) for k, v in spans.items() if v}
    by_admin1: dict[tuple, list[str]] = defaultdict(list)
    for k, v in spans.items():
        for a in v:
            by_admin1[a].append(k)
    out: dict[tuple[str, str], float] = {}
    for k in names:
        for e in cands[k]:
            if not e.admin1 or e.kind not in ("city", "admin2", "admin1") or \
                    e.name_kind == "alternate":
                continue
            got = sum(weight[o] for o in by_admin1.get((e.country, e.admin1), ()) if o != k)
            if got:
                out[(k, e.place_id)] = got
    return out


class Context:
    """The document as the previous round resolved it: countries, first-level divisions
    and points of each name's winner, weighted by how often the name occurs."""

    def __init__(self, winners: dict[str, Entry], times: Counter,
                 near: tuple = (), countries: frozenset = frozenset()) -> None:
        self.near = near
        self.given_countries = countries
        self.winners = winners
        self.times = times
        self.countries: dict[str | None, Counter] = defaultdict(Counter)
        self.total = 0
        for k, e in winners.items():
            if e.kind == "continent" or e.kind == "region":
                continue
            self.total += times[k]
            self.countries[e.country][k] += times[k]
        self.admin1: dict[tuple, set[str]] = defaultdict(set)
        for k, e in winners.items():
            if e.admin1 and e.kind in ("admin1", "admin2", "city"):
                self.admin1[(e.country, e.admin1)].add(k)
        #: first-level divisions the text names itself ("Indiana" five times, "Ohio"
        #: once), by how often: a local paper's home state is the one it names most
        self.named_admin1: Counter = Counter()
        for k, e in winners.items():
            if e.kind == "admin1" and e.admin1:
                self.named_admin1[(e.country, e.admin1)] += times[k]
        self._points: dict[str, tuple] = {}

    def country_share(self, country: str | None, key: str) -> float:
        if not country:
            return 0.0
        if country in self.given_countries:
            return 1.0
        votes = self.countries.get(country)
        if not votes:
            return 0.0
        own = votes.get(key, 0)
        total = self.total - self.times[key] if key in self.winners else self.total
        return (sum(votes.values()) - own) / total if total > 0 else 0.0

    def about_country_other_than(self, country: str | None, key: str) -> bool:
        """Whether other names (or given countries) place the text in some country,
        none of them ``country``."""
        others = {c for c, votes in self.countries.items()
                  if c and any(k != key for k in votes)} | set(self.given_countries)
        return bool(others) and country not in others

    def about_elsewhere(self, key: str) -> bool:
        """Whether other names (or given positions) place the text somewhere."""
        return bool(self.near or self.given_countries
                    or any(k != key for k in self.winners))

    def has_admin1(self, country: str | None, admin1: str, key: str) -> bool:
        names = self.admin1.get((country, admin1))
        return bool(names and (names - {key}))

    def named_admin1_share(self, country: str | None, admin1: str, key: str) -> float:
        """Share of the text's mentions of first-level divisions (other than ``key``)
        that name ``admin1``."""
        own = self.winners.get(key)
        votes = dict(self.named_admin1)
        if own is not None and own.kind == "admin1" and own.admin1:
            at = (own.country, own.admin1)
            votes[at] = votes.get(at, 0) - self.times[key]
        total = sum(votes.values())
        return votes.get((country, admin1), 0) / total if total > 0 else 0.0

    def points(self, key: str) -> tuple:
        got = self._points.get(key)
        if got is None:
            got = self._points[key] = tuple(sorted(
                [(e.lon, e.lat) for k, e in self.winners.items()
                 if k != key and e.kind not in AREA_KINDS] + list(self.near)))
        return got


def min_km(points: Sequence[tuple[float, float]], others: tuple) -> list[float]:
    """Geodesic km (WGS84) from each point to the nearest of ``others``."""
    import numpy as np
    from geoincidents.settings import geod

    p = np.asarray(points, dtype=float)
    o = np.asarray(others, dtype=float)
    n, m = len(p), len(o)
    _, _, d = geod().inv(np.repeat(p[:, 0], m), np.repeat(p[:, 1], m),
                         np.tile(o[:, 0], n), np.tile(o[:, 1], n))
    return (np.asarray(d, dtype=float).reshape(n, m).min(axis=1) / 1000.0).tolist()


#: kinds whose candidates take part in `near_support` (points and small areas; a
#: country or a state contains too much to say where a town is)
NEAR_KINDS = frozenset({"city", "admin2"})


def near_support(names: Sequence[str], cands: dict[str, tuple[Entry, ...]], *,
                 scale_km: float, power: float = 0.5, top: int = 40,
                 mute: Mapping[str, Collection[Entry]] = {}
                 ) -> dict[tuple[str, str], float]:
    """How many other names of the text have a candidate close to each candidate:
    "Athens" and "Henderson County" together point to Athens, Texas (inside the
    county), "Huntsville" and "Walker County" to Huntsville, Texas. Each other name
    adds exp(-km / scale_km) for its closest candidate (a county counts from its
    edge: km less its radius), divided by (how many candidates it has) ** ``power``
    (0.5 in the fitted weights), so that a name found everywhere proves little: two
    Madrid barrios called San Diego and Los Angeles do not make a text Spanish.
    Alternate names do not count, and only candidates that `vouches` (and are not
    among the name's ``mute`` ones) lend support."""
    if scale_km <= 0:
        raise ValueError(f"`scale_km` was {scale_km!r} but is expected to be > 0")
    import numpy as np

    pts: list[tuple[float, float]] = []
    radius: list[float] = []
    owner: list[int] = []
    gives: list[bool] = []
    index: dict[str, list[tuple[int, Entry]]] = {}
    for i, k in enumerate(names):
        rows = [e for e in cands[k] if e.kind in NEAR_KINDS and e.name_kind != "alternate"]
        rows = rows[:top]
        index[k] = []
        for e in rows:
            index[k].append((len(pts), e))
            pts.append((e.lon, e.lat))
            radius.append(e.radius_m / 1000 if e.kind == "admin2" else 0.0)
            owner.append(i)
            gives.append(vouches(e) and e not in mute.get(k, ()))
    live = [k for k in names if index[k]]
    if len(live) < 2:
        return {}
    km = _pairwise_km(np.asarray(pts, dtype=float))
    r = np.asarray(radius)
    # a point inside a county is as close as can be: measure from the county's edge
    km = np.maximum(0.0, km - np.maximum(r[:, None], r[None, :]))
    close = np.exp(-km / scale_km)
    own = np.asarray(owner)
    # only candidates that vouch (`vouches`) lend support; all of them receive it
    close = np.where(np.asarray(gives)[None, :], close, 0.0)
    # for each candidate, the closeness of each name's closest candidate, weighted
    best = np.column_stack([close[:, own == j].max(axis=1) / len(index[k]) ** power
                            for j, k in enumerate(names) if index[k]])
    cols = [j for j, k in enumerate(names) if index[k]]
    out: dict[tuple[str, str], float] = {}
    for k in live:
        mine = cols.index(names.index(k))
        for row, e in index[k]:
            got = float(best[row].sum() - best[row, mine])
            if got > 1e-3:
                out[(k, e.place_id)] = got
    return out


def _pairwise_km(p) -> object:
    """Geodesic km (WGS84) between every two of ``p`` (an n x 2 array of lon, lat)."""
    import numpy as np
    from geoincidents.settings import geod

    n = len(p)
    iu, ju = np.triu_indices(n, 1)
    out = np.zeros((n, n))
    if len(iu):
        _, _, d = geod().inv(p[iu, 0], p[iu, 1], p[ju, 0], p[ju, 1])
        out[iu, ju] = out[ju, iu] = np.asarray(d) / 1000.0
    return out


def county_support(names: Sequence[str], cands: dict[str, tuple[Entry, ...]],
                   mute: Mapping[str, Collection[Entry]] = {}
                   ) -> dict[tuple[str, str], tuple[float, str]]:
    """Towns that lie inside a county the text names, and those counties: "Richmond"
    with "Madison County" is Richmond, Kentucky (the one Madison County with a Richmond
    in it), whatever other state the text names for a visitor's home. A local paper
    seldom names its own state but names its county; a town inside a named county is
    the document's own coherence, the way a geoparser reads the other places of a text.

    Each town candidate (a city by a name that is not an alternate) inside one of
    another name's counties (within the county's radius, same first-level division)
    gets 1 / the number of first-level divisions in which that name's candidates have
    such a county, so that "Franklin" beside "Franklin County" (a Franklin inside a
    Franklin County in many states) proves little; the county likewise gets 1 / the
    number of that name's counties holding a candidate of the town. The best other
    name counts, not the sum (a county named in full and by its short form is one).
    Counties the text does not write out (``mute``, `bare_counties`) lend nothing.
    Returns (value, why) by (name, place_id)."""
    from geoincidents.geoparse.geodesy import distance_km

    counties: dict[str, dict[tuple, list[Entry]]] = {}
    towns: dict[str, list[Entry]] = {}
    for k in names:
        by: dict[tuple, list[Entry]] = defaultdict(list)
        for e in cands[k]:
            if e.kind == "admin2" and e.admin1 and e.name_kind != "alternate" and \
                    e not in mute.get(k, ()):
                by[(e.country, e.admin1)].append(e)
        if by:
            counties[k] = by
        towns[k] = [e for e in cands[k] if e.kind == "city" and e.admin1
                    and e.name_kind != "alternate"]
    out: dict[tuple[str, str], tuple[float, str]] = {}

    def give(k: str, e: Entry, value: float, why: str) -> None:
        if value > out.get((k, e.place_id), (0.0, ""))[0]:
            out[(k, e.place_id)] = (value, why)

    for o, by in counties.items():
        for k in names:
            if k == o or not towns[k]:
                continue
            pairs = [(t, c) for t in towns[k] for c in by.get((t.country, t.admin1), ())
                     if distance_km(t.lat, t.lon, c.lat, c.lon) <= c.radius_m / 1000]
            if not pairs:
                continue
            states = {(t.country, t.admin1) for t, _ in pairs}
            holders = {c.place_id for _, c in pairs}
            for t, c in pairs:
                give(k, t, 1 / len(states), f"inside {c.name}, {c.admin1}, which the "
                     f"text names")
                give(o, c, 1 / len(holders), f"holds {t.name}, which the text names")
    return out
