"""Resolution fixes of the resolve10 round (sentences written for these tests).

1. A document's locale: a local story that names only its own town ("Paris firemen")
   is read where its institutions, phone numbers and money say it was written, when
   nothing else in the text decides between the town's namesakes.
2. Prominence breaks a tie: of namesakes the text does not tell apart, the more
   populous, then (divisions) the one drawn from more towns.
"""
from __future__ import annotations

import json
from importlib import resources

import pytest

from geoincidents.geoparse import locale
from geoincidents.geoparse.resolve import Geoparser, default_weights
from geoincidents.geoparse.results import Scored
from geoincidents.geoparse.world import Entry
from tests.spans import spans_in_order as _spans


# -- 1. a document's locale ------------------------------------------------------------
TEXAS = ("Paris firemen put out a grease fire in a duplex kitchen shortly after 9 p.m. "
         "Thursday. The Fire Chief said nobody was hurt, and a deputy from the sheriff's "
         "office closed the street for an hour. Damage was put at $4,000.")
BRITISH = ("Residents of Lancaster have complained to their councillors about the grey "
           "sludge left on the pavement after the roadworks, and say the £2m programme "
           "should have been finished by the summer.")


def _one(gp, text, name):
    (t,) = gp.resolve_spans(text, _spans(text, [name]), context=True)
    return t


def test_a_us_local_story_reads_its_town_in_the_us(gp):
    t = _one(gp, TEXAS, "Paris")
    assert t.place.country == "US", t.why()
    assert any("written in US" in r for r in t.reasons)


def test_without_the_locale_the_capital_abroad_wins():
    # pins that the test above exercises the new term
    off = Geoparser(weights={**default_weights(), "doc_locale": 0.0})
    assert _one(off, TEXAS, "Paris").place.country == "FR"


def test_a_british_story_reads_its_town_in_britain(gp):
    t = _one(gp, BRITISH, "Lancaster")
    assert t.place.country == "GB", t.why()


def test_other_evidence_decides_before_the_locale(gp):
    # the story names France: the locale is not asked
    text = TEXAS.replace("Thursday.", "Thursday, and a French tourist was evacuated "
                         "near the Eiffel Tower in Paris, France.")
    got = gp.resolve_spans(text, _spans(text, ["Paris", "France"]), context=True)
    assert all("written in" not in r for r in got[0].reasons)


def test_a_division_abroad_yields_to_the_towns_of_the_locale(gp):
    # Jamaica's Portland parish is a first-level division (a strong prior) but no
    # match for a sheriff's and a district attorney's town
    text = ("Portland detectives arrested a man in the 300 block of Elm Street; the "
            "district attorney charged him with second-degree burglary.")
    t = _one(gp, text, "Portland")
    assert t.place.country == "US" and t.place.kind == "city", t.why()


def test_a_country_name_is_not_read_as_a_town_of_the_locale(gp):
    text = "The sheriff's office said the driver had just come back from Jordan."
    assert _one(gp, text, "Jordan").place.kind == "country"


@pytest.mark.parametrize("text, country", [
    ("The county sheriff read the charges.", "US"),
    ("Call the tip line at (555) 201-3344.", None),  # shared by the US and Canada
    ("An RCMP officer gave evidence.", "CA"),
    ("The fine was £300.", "GB"),
    ("PC Jane Hollis asked for witnesses to come forward.", "GB"),
    ("The state's transport agency will repave the road.", None),  # the US or Australia
    ("A new PC Magazine review is out.", {}),
])
def test_votes_point_to_the_countries_of_the_cues(text, country):
    found = locale.votes(text)
    if country == {}:
        assert found == {}
        return
    best = max(found.values())
    leaders = [c for c, v in found.items() if v == best]
    assert leaders == [country] if country else len(leaders) > 1


def _entry(pid, country, population):
    return Entry(place_id=pid, name="Springdale", kind="city", country=country,
                 admin1="", lat=0.0, lon=0.0, radius_m=5000.0, population=population,
                 name_kind="official")


def test_lift_raises_by_the_lead_of_the_cues_over_the_winners_country():
    w = {"doc_locale": 0.5, "doc_locale_cap": 2.0}
    rows = [Scored(_entry("a", "GB", 100_000), 2.0, ()),
            Scored(_entry("b", "US", 20_000), 1.4, ())]
    got = locale.lift(w, rows, {"US": 1.5, "GB": 0.25})
    assert [r.entry.place_id for r in got] == ["b", "a"]
    assert got[0].score == pytest.approx(1.4 + 0.5 * 1.25)
    assert got[0].features["doc_locale"] == pytest.approx(1.25)


def test_lift_leaves_a_name_the_text_decides():
    w = {"doc_locale": 0.5}
    rows = [Scored(_entry("a", "GB", 100_000), 2.0, (), {"doc_country": 1.0}),
            Scored(_entry("b", "US", 20_000), 1.4, ())]
    assert locale.lift(w, rows, {"US": 3.0}) == rows


def test_every_cue_record_is_well_formed():
    text = resources.files("geoincidents.geoparse").joinpath(
        "data/locale_cues.jsonl").read_text(encoding="utf-8")
    for line in text.splitlines():
        r = json.loads(line)
        assert set(r) == {"cue", "pattern", "countries", "note"}
        assert r["countries"] and all(len(c) == 2 and c.isupper() for c in r["countries"])


# -- 2. prominence breaks a tie --------------------------------------------------------
def test_a_county_named_alone_goes_to_the_one_of_most_towns(gp):
    text = "Volunteers cleared litter along the creek banks of Madison County on Saturday."
    t = _one(gp, text, "Madison County")
    tied = [c for c in t.candidates if c.score == t.score]
    assert len(tied) > 1  # the text does not tell them apart
    from geoincidents.geoparse.results import towns
    assert towns(t.place) == max(towns(c.entry) for c in tied), t.why()


def test_rank_key_orders_by_score_then_population_then_towns():
    from geoincidents.geoparse.results import rank_key

    def county(pid, n):
        return Scored(Entry(place_id=pid, name="Lee County", kind="admin2", country="US",
                            lat=0.0, lon=0.0, radius_m=30_000.0,
                            source=f"geonames-county+towns{n}"), 1.0, ())

    rows = [county("a2:1", 3), county("a2:2", 12), county("a2:3", 0)]
    assert [r.entry.place_id for r in sorted(rows, key=rank_key)] == \
        ["a2:2", "a2:1", "a2:3"]
    big = Scored(_entry("c", "US", 5000), 1.0, ())
    assert sorted([*rows, big], key=rank_key)[0] is big
