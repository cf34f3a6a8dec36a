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
