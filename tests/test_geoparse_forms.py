"""Counties named without their word, division and facility name forms, and US state
demonyms (texts written for these tests)."""
from __future__ import annotations

import pytest

from geoincidents.geoparse import forms
from geoincidents.geoparse.context import admin1_support
from geoincidents.geoparse.detect import Mention
from geoincidents.geoparse.resolve import Geoparser, default_weights
from geoincidents.geoparse.world import Entry
from tests.spans import first_spans as _spans


@pytest.fixture(scope="module")
def gp_off():
    """The parser without the unwritten-county term."""
    return Geoparser(weights={**default_weights(), "county_unwritten": 0.0})


MOUNTAIN = ("Volunteers from Randolph and Webster searched the ridges of Pocahontas "
            "County on Sunday, West Virginia officials said.")


def test_a_county_named_without_its_word_in_a_text_that_fixes_the_state(gp, gp_off):
    spans = _spans(MOUNTAIN, ["Randolph", "Webster", "Pocahontas County", "West Virginia"])
    got = gp.resolve_spans(MOUNTAIN, spans)
    for t in got[:2]:
        assert (t.place.kind, t.place.admin1) == ("admin2", "US-WV"), t.why()
        assert "county named without its word" in t.why()
    # without the term neither is a West Virginia county (the towns elsewhere win)
    off = gp_off.resolve_spans(MOUNTAIN, spans)
    assert all((t.place.kind, t.place.admin1) != ("admin2", "US-WV") for t in off[:2])


def test_a_town_of_the_state_beats_its_namesake_county_without_the_word(gp):
    # Marion, Indiana is a city; Marion County is Indianapolis's county 100 km away
    text = "The Marion police chief met Indiana state troopers on Tuesday."
    t = gp.resolve_spans(text, _spans(text, ["Marion", "Indiana"]))[0]
    assert (t.place.kind, t.place.admin1) == ("city", "US-IN"), t.why()


def test_a_state_name_gets_no_county_of_its_name(gp):
    text = "Ohio lawmakers visited Licking County and Franklin County."
    t = gp.resolve_spans(text, _spans(text, ["Ohio", "Licking County", "Franklin County"]))[0]
    assert t.place.kind == "admin1"
    assert not any(c.features.get("county_unwritten") for c in t.candidates)


def test_only_whole_place_names_get_counties_without_the_word(gp):
    # "Lee" as a weak mention (a word inside a person's name) gets no Lee County
    text = "Lee Smith drove to Pocahontas County, West Virginia."
    mentions = [Mention(0, 3, "Lee", "weak", "inner:PERSON"),
                Mention(19, 36, "Pocahontas County", "strong", "ner:GPE"),
                Mention(38, 51, "West Virginia", "strong", "ner:GPE")]
    assert text[19:36] == "Pocahontas County" and text[38:51] == "West Virginia"
    got = gp._resolve(text, mentions)
    assert not any(c.features.get("county_unwritten") for c in got[0].candidates)


def _e(pid, admin1, kind="city"):
    return Entry(pid, pid, kind, "US", 40.0, -80.0, 1000.0, 100, admin1)


def test_muted_candidates_receive_support_but_lend_none():
    a, b = _e("a", "US-WV"), _e("b", "US-WV", "admin2")
    cands = {"x": (a,), "y": (b,)}
    both = admin1_support(["x", "y"], cands)
    assert both[("x", "a")] > 0 and both[("y", "b")] > 0
    muted = admin1_support(["x", "y"], cands, mute={"y": (b,)})
    assert ("x", "a") not in muted and muted[("y", "b")] > 0


@pytest.mark.parametrize("written, kind, country", [
    ("Kilifi County", "admin1", "KE"), ("County Mayo", "admin2", "IE"),
    ("Mayo County", "admin2", "IE"), ("Port of Los Angeles", "city", "US"),
    ("Da Nang International Airport", "city", "VN")])
def test_name_forms_find_the_core_place(gp, written, kind, country):
    found = gp._lookup(written)
    assert found and (found[0].kind, found[0].country) == (kind, country)


def test_name_forms_need_a_core_the_gazetteer_knows(gp):
    assert gp._lookup("Zzyzxqua County") == ()
    assert gp._lookup("County") == ()
    # a curated place's own name comes before any form ("... International Airport")
    assert gp._lookup("Baghdad International Airport")[0].curated


def test_a_bad_name_form_row_is_named():
    with pytest.raises(ValueError, match=r"forms\.json forms\[1\]"):
        forms.compile_forms([{"form": "{} County", "kinds": ["admin2"]},
                             {"form": "County", "kinds": ["admin2"]}], "forms.json")
    with pytest.raises(ValueError, match=r"forms\[0\]"):
        forms.compile_forms([{"form": "{} Airport", "kinds": []}], "x")


def test_forms_apply_to_the_given_lookup_only_for_their_kinds():
    town = _e("t", "US-OH")
    state = _e("s", "US-OH", "admin1")
    table = {"Newark": (town, state)}
    compiled = forms.compile_forms([{"form": "{} Airport", "kinds": ["city"]}], "x")
    got = forms.by_form("Newark Airport", lambda n: table.get(n, ()), compiled)
    assert got == ((town,), "{} Airport")
    assert forms.by_form("Newark Harbor", lambda n: table.get(n, ()), compiled) == ((), "")


@pytest.mark.parametrize("written, state", [("Ohioans", "US-OH"), ("Minnesotans", "US-MN"),
                                            ("Texan", "US-TX")])
def test_state_demonyms(gp, written, state):
    text = f"{written} gave the most, the charity said."
    t = gp.resolve_spans(text, [(0, len(written))])[0]
    assert (t.place.kind, t.place.admin1) == ("admin1", state)


def test_the_winner_says_which_form_found_it(gp):
    text = "Cranes stood idle at the Port of Los Angeles on Monday."
    t = gp.resolve_spans(text, _spans(text, ["Port of Los Angeles"]))[0]
    assert (t.place.name, t.place.admin1) == ("Los Angeles", "US-CA")
    assert "by the form 'Port of {}'" in t.why()


def test_a_valley_named_after_its_town_lies_around_the_town(gp):
    text = ("Growers in the Yakima Valley lost part of the cherry crop to hail, and "
            "Washington's agriculture office sent inspectors.")
    t = gp.resolve_spans(text, _spans(text, ["Yakima Valley", "Washington"]))[0]
    assert (t.place.name, t.place.admin1) == ("Yakima", "US-WA")
    assert "by the form '{} Valley'" in t.why()
    assert gp._lookup("Zzyzxqua Valley") == ()


def test_a_township_named_after_its_town_lies_at_the_town(gp):
    text = ("The supervisors of Lower Paxton Township met on Tuesday; across the river, "
            "Canton Township in Michigan hired two more paramedics.")
    t = gp.resolve_spans(text, _spans(text, ["Canton Township", "Michigan"]))[0]
    assert (t.place.name, t.place.admin1) == ("Canton", "US-MI")
    assert "by the form '{} Township'" in t.why()
    # a form never invents a place: a township whose town the gazetteer lacks has none
    assert gp._lookup("Zzyzxqua Township") == ()
