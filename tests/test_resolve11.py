"""Gazetteer coverage of the resolve11 round: countries' former names from ISO 3166-3,
Kenya's former provinces as unions of their counties, ... (sentences written for these
tests)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from geoincidents import worldgaz
from geoincidents.geoparse.resolve import Geoparser
from tests.spans import first_spans as _spans

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gp():
    return Geoparser()


def _ids(name: str) -> list[str]:
    return [p.place_id for p in worldgaz.lookup(name)]


# -- former country names (ISO 3166-3) ------------------------------------------------
@pytest.mark.parametrize("name, pid", [
    ("Zaire", "cc:CD"),
    ("Dahomey", "cc:BJ"),
    ("Upper Volta", "cc:BF"),
    ("Southern Rhodesia", "cc:ZW"),
    ("New Hebrides", "cc:VU"),
])
def test_a_former_country_name_finds_its_successor(name, pid):
    assert pid in _ids(name)


def test_former_names_come_from_the_iso_3166_3_codes_and_skip_splits():
    sys.path.insert(0, str(ROOT / "scripts"))
    from gazsources import former_country_names

    names = former_country_names()
    assert "Zaire" in names["CD"] and "Upper Volta" in names["BF"]
    every = {n for ns in names.values() for n in ns}
    # a country that split has no one successor: its name goes to none
    assert not every & {"Czechoslovakia", "USSR", "Yugoslavia", "Serbia and Montenegro"}


def test_zaire_in_a_story_about_the_old_congo_is_the_drc(gp):
    text = ("Doctors who fought the first Ebola epidemic in Zaire in 1976 met again in "
            "Kinshasa to compare notes with the young staff of the Congo's health ministry.")
    t = gp.resolve_spans(text, _spans(text, ["Zaire", "Kinshasa"]))[0]
    assert t.place.place_id == "cc:CD"


def test_angolas_zaire_province_stays_the_province(gp):
    text = ("Angola reported new cholera cases in Zaire province, near the port of "
            "Soyo, and in the capital Luanda.")
    t = gp.resolve_spans(text, _spans(text, ["Angola", "Zaire", "Soyo", "Luanda"]))[1]
    assert (t.place.kind, t.place.country) == ("admin1", "AO")


# -- Kenya's former provinces --------------------------------------------------------
@pytest.mark.parametrize("name", ["Rift Valley Province", "Rift Valley", "Nyanza Province",
                                  "Coast Province", "North Eastern Province"])
def test_a_former_kenyan_province_is_a_region_of_kenya(name):
    reg = next(p for p in worldgaz.lookup(name) if p.place_id.startswith("reg:ke-"))
    assert reg.country == "KE"
    assert -5.0 < reg.lat < 5.0 and 33.9 < reg.lon < 42.0


def test_the_rift_valley_province_spans_its_counties():
    reg = next(p for p in worldgaz.lookup("Rift Valley") if p.place_id == "reg:ke-rift-valley")
    nakuru = next(p for p in worldgaz.lookup("Nakuru") if p.kind == "admin1")
    turkana = next(p for p in worldgaz.lookup("Turkana") if p.kind == "admin1")
    for county in (nakuru, turkana):
        assert worldgaz_distance_km(reg, county) < reg.radius_m / 1000


def test_rift_valley_in_a_kenyan_story_is_the_province(gp):
    text = ("Herders in Kenya's Rift Valley lost cattle to the fever, and vets from "
            "Nakuru and Eldoret were sent to vaccinate the herds.")
    t = gp.resolve_spans(text, _spans(text, ["Kenya", "Rift Valley", "Nakuru", "Eldoret"]))[1]
    assert t.place.place_id == "reg:ke-rift-valley"


def worldgaz_distance_km(a, b) -> float:
    from geoincidents.geoparse.evaluate import distance_km

    return distance_km(a.lat, a.lon, b.lat, b.lon)


# -- US military installations from USPS acceptable names -----------------------------
def test_a_base_that_is_only_a_usps_acceptable_name_is_in_the_gazetteer():
    fort = next(p for p in worldgaz.lookup("Fort Detrick"))
    assert (fort.country, fort.admin1) == ("US", "US-MD")
    assert fort.source == "usps-zip+geonames"
    # beside Frederick, Maryland, whose ZIP code it shares
    assert abs(fort.lat - 39.44) < 0.15 and abs(fort.lon + 77.43) < 0.15


def test_only_installation_names_are_taken_from_the_acceptable_names():
    sys.path.insert(0, str(ROOT / "scripts"))
    from gazpostal import postal_towns

    rows = [{"active": True, "zip_code_type": "STANDARD", "state": "MD", "lat": "39.5",
             "long": "-77.4", "city": "Frederick",
             "acceptable_cities": ["Fort Detrick", "College Estates", "Maxwell AFB"]}]
    towns = postal_towns(rows, {}, {"US-MD"}, worldgaz.normalise)
    assert sorted(t["name"] for t in towns) == ["Fort Detrick", "Frederick", "Maxwell AFB"]


def test_a_lab_story_resolves_the_fort_to_maryland(gp):
    text = ("Scientists at Fort Detrick, the army's biodefence laboratory in Maryland, "
            "sequenced the samples flown in from Liberia.")
    t = gp.resolve_spans(text, _spans(text, ["Fort Detrick", "Maryland", "Liberia"]))[0]
    assert (t.place.country, t.place.admin1) == ("US", "US-MD")


# -- transliterations news uses that GeoNames lacks (curated names of GeoNames towns) ---
@pytest.mark.parametrize("name, pid", [
    ("Tal Tamr", "gn:163434"),
    ("Umm al-Rashrash", "gn:295277"),
])
def test_a_news_spelling_finds_the_geonames_town(name, pid):
    assert pid in _ids(name)


def test_umm_al_rashrash_in_a_statement_is_eilat(gp):
    text = ("The group said its drones targeted the port of Umm al-Rashrash on the "
            "Red Sea, which Israel calls Eilat.")
    t = gp.resolve_spans(text, _spans(text, ["Umm al-Rashrash", "Red Sea", "Israel"]))[0]
    assert t.place.place_id == "gn:295277"


# -- England's regions -----------------------------------------------------------------
@pytest.mark.parametrize("name, lat, lon", [
    ("South West England", 50.9, -3.3),   # Somerset / Devon border
    ("East Midlands", 52.9, -1.0),
    ("Yorkshire and the Humber", 53.9, -1.3),
    ("West Midlands", 52.5, -2.2),
])
def test_an_english_region_lies_among_its_counties(name, lat, lon):
    reg = next(p for p in worldgaz.lookup(name) if p.place_id.startswith("reg:england-"))
    assert reg.country == "GB"
    assert abs(reg.lat - lat) < 0.6 and abs(reg.lon - lon) < 0.8
    assert reg.radius_m < 300_000  # South West reaches the Isles of Scilly


def test_a_region_member_may_be_a_second_level_division():
    sys.path.insert(0, str(ROOT / "scripts"))
    from gazsources import Sources

    assert Sources.expand_member(object.__new__(Sources), "a2:GB-DEV") == ["a2:GB-DEV"]


def test_south_west_england_in_a_farming_story(gp):
    text = ("Dairy farmers in South West England said the new badger cull zones in "
            "Devon and Cornwall came too late for their herds.")
    t = gp.resolve_spans(text, _spans(text, ["South West England", "Devon", "Cornwall"]))[0]
    assert t.place.place_id == "reg:england-south-west"


# -- US Census regions and the common US regional names ------------------------------
@pytest.mark.parametrize("name, pid", [
    ("Midwest", "reg:us-midwest"),
    ("American South", "reg:us-south"),
    ("New England", "reg:new-england"),
    ("Pacific Northwest", "reg:pacific-northwest"),
    ("American West", "reg:us-west"),
])
def test_a_us_regional_name_is_a_region_of_the_us(name, pid):
    reg = next(p for p in worldgaz.lookup(name) if p.place_id == pid)
    assert reg.country == "US"
    assert 25 < reg.lat < 50 and -125 < reg.lon < -66   # in the contiguous states


def test_midwest_in_a_harvest_story_is_the_region_not_the_wyoming_town(gp):
    text = ("Corn growers across the Midwest expect a smaller harvest after the dry "
            "July in Iowa and Illinois.")
    t = gp.resolve_spans(text, _spans(text, ["Midwest", "Iowa", "Illinois"]))[0]
    assert t.place.place_id == "reg:us-midwest"
