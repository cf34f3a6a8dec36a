"""US towns that GeoNames' cities500 lacks, from the post-office names of ZIP codes.

Local news names villages and unincorporated places of a few hundred people ("Meadow
Grove", "Tennessee Colony") that cities500 leaves out. Every such place with a post
office has a ZIP code whose USPS name is the town's; the PyPI package `zipcodes`
(pinned in the build extras) ships the ZIP codes with their USPS names and GeoNames'
coordinates for them. A town is added when no GeoNames city of the same name (any name
kind) lies within `SAME_TOWN_KM` in the same state: its point is the mean of its ZIP
codes' points, its population unknown (so the resolver's population prior gives it
nothing, and it wins on context or when it is the only place of its name). Its
feature code is GeoNames' PPLL (populated locality), which the resolver reads as a
hamlet (`geoincidents.geoparse.context.hamlet`).
"""
from __future__ import annotations

import math
import re
from collections import defaultdict

import gazgeom

#: ZIP codes that stand for a town: street delivery and post-office boxes (not the
#: "UNIQUE" codes of one firm or agency, nor military post offices)
TOWN_ZIP_TYPES = frozenset({"STANDARD", "PO BOX"})
#: a GeoNames city of the same name this close is the same town (km)
SAME_TOWN_KM = 15.0
#: the extent given to a town of unknown population (metres), as small cities get
MIN_RADIUS_M = 2000.0
#: ZIP codes of one name spread farther than this are not one town (km): the radius is
#: capped there
MAX_SPREAD_KM = 10.0
SOURCE = "usps-zip+geonames"
#: a USPS "acceptable" name of a ZIP code (another name its mail may carry) that names a
#: military installation or government research site news reports on ("Fort Detrick",
#: "Redstone Arsenal", "Yuma Proving Ground", "Maxwell AFB"): added like a post-office
#: town, at its ZIP code's point; other acceptable names (neighbourhoods, old villages)
#: are left out
INSTALLATION = re.compile(
    r"^(Fort|Camp) |\b(AFB|Air Force Base|Air Base|Naval Air Station|Naval Station|"
    r"Marine Corps|Arsenal|Proving Ground|Army Depot)\b")


def postal_towns(records, known: dict[tuple[str, str], list[tuple[float, float]]],
                 states: set[str], normalise) -> list[dict]:
    """The towns to add: ``records`` are `zipcodes.list_all()` rows, ``known`` maps
    (ISO division code, name key) to the points of the GeoNames cities so named there,
    ``states`` the ISO codes of the US divisions the gazetteer has ("US-NE")."""
    groups: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for r in records:
        if not r.get("active") or r.get("zip_code_type") not in TOWN_ZIP_TYPES:
            continue
        state = f"US-{r['state']}"
        try:
            lat, lon = float(r["lat"]), float(r["long"])
        except (KeyError, TypeError, ValueError):
            continue
        if not (math.isfinite(lat) and math.isfinite(lon)) or (lat == 0 and lon == 0):
            continue
        names = [r.get("city")] + [n for n in r.get("acceptable_cities") or ()
                                   if INSTALLATION.search(n)]
        for city in (" ".join(str(n or "").split()) for n in names):
            key = normalise(city)
            if state in states and key:
                groups[(state, key)].append((lat, lon, city))
    out = []
    for (state, key), pts in sorted(groups.items()):
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        if any(_km(lat, lon, a, b) <= SAME_TOWN_KM for a, b in known.get((state, key), ())):
            continue
        spread = max(_km(lat, lon, p[0], p[1]) for p in pts)
        name = min(p[2] for p in pts)
        out.append(dict(place_id=f"zip:{state}:{key.replace(' ', '-')}", name=name,
                        admin1=state, lat=lat, lon=lon,
                        radius_m=max(MIN_RADIUS_M, 1000.0 * min(spread, MAX_SPREAD_KM))))
    return out


def add_us_postal_towns(b, normalise, keep: set[str] | None) -> int:
    """Add the towns of `postal_towns` to the builder ``b``; returns how many."""
    if keep is not None and "US" not in keep:
        return 0
    import zipcodes

    states = {str(p["admin1"]) for p in b.places.values()
              if p["kind"] == "admin1" and p["country"] == "US"}
    known: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for pid, row in b.places.items():
        if row["kind"] == "city" and row["country"] == "US" and row["admin1"]:
            point = (float(row["lat"]), float(row["lon"]))
            for key in b.names.get(pid, {}):
                known[(str(row["admin1"]), key)].append(point)
    towns = postal_towns(zipcodes.list_all(), known, states, normalise)
    for t in towns:
        b.place(t["place_id"], t["name"], "city", lat=t["lat"], lon=t["lon"],
                radius_m=t["radius_m"], feature_code="PPLL", country="US",
                admin1=t["admin1"], source=SOURCE)
    return len(towns)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return gazgeom.distance_m(lon1, lat1, lon2, lat2) / 1000.0
