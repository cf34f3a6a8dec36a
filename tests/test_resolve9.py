"""Resolution fixes of the resolve9 round (sentences written for these tests).

1. A town inside a county the text names: a local story names its town and its county,
   and other states only for visitors; the one county of that name with a namesake of
   the town in it says which town it is.
"""
from __future__ import annotations

import pytest

from geoincidents.geoparse.context import county_support
from geoincidents.geoparse.resolve import Geoparser
from geoincidents.geoparse.world import Entry
from tests.spans import spans_in_order as _spans


# -- 1. a town inside a county the text names ----------------------------------------
LOCAL = ("Richmond officers stopped a pickup that was swerving across two lanes late on "
         "Saturday. The driver spent the night in the Madison County jail. A Louisiana "
         "couple whose sedan he clipped said they had been driving home from a wedding.")


def test_a_town_inside_the_named_county_beats_the_namesake_of_a_visitors_state(gp):
    got = gp.resolve_spans(LOCAL, _spans(LOCAL, ["Richmond", "Madison County",
                                                 "Louisiana"]), context=True)
    town, county, state = got
    assert (town.place.country, town.place.admin1) == ("US", "US-KY"), town.why()
    assert (county.place.country, county.place.admin1) == ("US", "US-KY"), county.why()
    assert state.place.kind == "admin1" and state.place.admin1 == "US-LA"
    assert any("Madison County" in r for r in town.reasons)


def test_the_same_story_read_end_to_end(gp):
    found = {t.text: t.place for t in gp.parse(LOCAL) if t.place is not None}
    assert found["Richmond"].admin1 == "US-KY"


def test_without_the_county_the_evidence_is_gone(gp):
    # the term is the county's doing: with a zero weight the visitor's state wins again
    # (the story is the one above; this pins that the test above tests the new term)
    off = Geoparser(weights={**gp.weights, "in_named_county": 0.0})
    town = off.resolve_spans(LOCAL, _spans(LOCAL, ["Richmond", "Madison County",
                                                   "Louisiana"]), context=True)[0]
    assert town.place.admin1 != "US-KY"


def _town(pid, admin1, lat, lon, name="Oakdale"):
    return Entry(pid, name, "city", "US", lat, lon, 2000.0, 5000, admin1)


def _county(pid, admin1, lat, lon, name="Pine County", radius=20000.0):
    return Entry(pid, name, "admin2", "US", lat, lon, radius, 0, admin1)


def test_county_support_is_shared_among_the_states_where_the_pair_occurs():
    towns = (_town("t1", "US-AA", 40.0, -90.0), _town("t2", "US-BB", 35.0, -80.0),
             _town("t3", "US-CC", 45.0, -100.0))
    counties = (_county("c1", "US-AA", 40.05, -90.05), _county("c2", "US-BB", 35.1, -80.0),
                _county("c3", "US-CC", 30.0, -100.0))  # c3 is far from t3
    got = county_support(["oakdale", "pine county"],
                         {"oakdale": towns, "pine county": counties})
    assert got[("oakdale", "t1")][0] == pytest.approx(0.5)
    assert got[("oakdale", "t2")][0] == pytest.approx(0.5)
    assert ("oakdale", "t3") not in got
    assert got[("pine county", "c1")][0] == pytest.approx(0.5)
    assert ("pine county", "c3") not in got


def test_one_pair_is_full_support_and_an_unwritten_county_lends_nothing():
    towns = (_town("t1", "US-AA", 40.0, -90.0), _town("t2", "US-BB", 35.0, -80.0))
    counties = (_county("c1", "US-AA", 40.05, -90.05),)
    cands = {"oakdale": towns, "pine": counties}
    got = county_support(["oakdale", "pine"], cands)
    assert got[("oakdale", "t1")][0] == pytest.approx(1.0)
    assert "Pine County" in got[("oakdale", "t1")][1]
    assert county_support(["oakdale", "pine"], cands, mute={"pine": counties}) == {}


def test_a_town_in_another_state_than_the_county_gets_nothing():
    # a county across a state line, however close, does not hold the town
    towns = (_town("t1", "US-AA", 40.0, -90.0),)
    counties = (_county("c1", "US-BB", 40.0, -90.01),)
    assert county_support(["oakdale", "pine county"],
                          {"oakdale": towns, "pine county": counties}) == {}


def test_alternate_names_neither_give_nor_take():
    town = _town("t1", "US-AA", 40.0, -90.0)
    county = _county("c1", "US-AA", 40.05, -90.05)
    alt_town = Entry("t1", "Oakdale", "city", "US", 40.0, -90.0, 2000.0, 5000, "US-AA",
                     name_kind="alternate")
    alt_county = Entry("c1", "Pine County", "admin2", "US", 40.05, -90.05, 20000.0, 0,
                       "US-AA", name_kind="alternate")
    assert county_support(["a", "b"], {"a": (alt_town,), "b": (county,)}) == {}
    assert county_support(["a", "b"], {"a": (town,), "b": (alt_county,)}) == {}

