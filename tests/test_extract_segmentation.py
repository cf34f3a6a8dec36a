"""Event segmentation: one incident per event (day, place, attack), past events recalled
in one clause as background, statements as no incidents, form fields and datelines.

The texts are written for these tests; `tests/data/seg_unseen*/` are two small labelled
sets of wire-style articles written before the rules they check (see their labels'
"about").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geoincidents.evaluate import evaluate
from geoincidents.extract import clauses, extract_text, fields
from geoincidents.extract.text import Sentence, dateline_end
from tests.extracting import rows as _rows

DATA = Path(__file__).parent / "data"


def test_two_days_on_one_base_are_two_incidents(gazetteer):
    text = ("Two rockets hit Camp Taji on Tuesday, wounding a contractor. "
            "Another salvo struck the base on Thursday, but no one was hurt.")
    inc = _rows(gazetteer, text, "2021-06-11")
    assert list(inc["date"]) == [pd.Timestamp("2021-06-08"), pd.Timestamp("2021-06-10")]
    assert set(inc["place_name"]) == {"Camp Taji"}
    assert list(inc["injured"]) == [1, 0]


def test_one_sentence_two_days_is_cut_into_two_incidents(gazetteer):
    text = ("Mortars were fired at Ain al-Asad air base on Monday, and a drone attacked "
            "the same base on Friday, officials said.")
    inc = _rows(gazetteer, text, "2021-06-12")
    assert list(inc["event_type"]) == ["rocket_attack", "drone_strike"]
    assert list(inc["date"].dt.day) == [7, 11]


def test_a_second_bomb_in_another_town_keeps_its_own_casualties(gazetteer):
    text = ("A car bomb exploded at a market in Kirkuk on Sunday, killing five people, and a "
            "second bomb struck a checkpoint in Mosul, wounding two policemen.")
    inc = extract_text(text, gazetteer=gazetteer, published="2022-02-14").incidents
    by_place = {r.place_name: r for r in inc.itertuples()}
    assert set(by_place) == {"Kirkuk", "Mosul"}
    assert by_place["Kirkuk"].killed == 5 and pd.isna(by_place["Kirkuk"].injured)
    assert by_place["Mosul"].injured == 2 and pd.isna(by_place["Mosul"].killed)


def test_a_past_event_in_one_clause_is_background(gazetteer):
    text = ("A roadside bomb hit an army patrol near Kandahar on Saturday, killing three "
            "soldiers. Another attack in January killed two policemen in the same district.")
    inc = _rows(gazetteer, text, "2022-05-09")
    assert len(inc) == 2
    past, news = inc.iloc[0], inc.iloc[1]
    assert past["background"] and past["date"].month == 1 and past["killed"] == 2
    assert not news["background"] and news["killed"] == 3


def test_a_past_event_after_since_is_its_own_background_incident(gazetteer):
    text = ("Gunmen attacked a bus in Mosul on Friday, killing four passengers. It was the "
            "deadliest attack in the city since a suicide bombing at a mosque in Kirkuk "
            "killed nine worshippers last year.")
    inc = extract_text(text, gazetteer=gazetteer, published="2023-03-04").incidents
    by_place = {r.place_name: r for r in inc.itertuples()}
    assert set(by_place) == {"Mosul", "Kirkuk"}
    assert by_place["Kirkuk"].background and by_place["Kirkuk"].killed == 9
    assert not by_place["Mosul"].background


def test_the_lead_event_keeps_its_type_over_the_one_it_is_dated_by(gazetteer):
    text = ("Ballistic missiles were fired at Erbil International Airport on Wednesday, "
            "days after a drone attack on the same airport.")
    inc = extract_text(text, gazetteer=gazetteer, published="2022-09-15").incidents
    assert "rocket_attack" in set(inc["event_type"])
    lead = inc[inc["event_type"] == "rocket_attack"].iloc[0]
    assert lead["date"] == pd.Timestamp("2022-09-14") and not lead["background"]


@pytest.mark.parametrize("statement", [
    "Officials met on Sunday in Baghdad to discuss the attacks.",
    "There was no comment from the ministry on Saturday's attack.",
    "Militants have carried out more than 40 attacks in the province since October 3.",
])
def test_statements_add_no_incident(gazetteer, statement):
    lead = "A rocket hit Camp Taji on Saturday, wounding two soldiers. "
    inc = extract_text(lead + statement, gazetteer=gazetteer, published="2021-06-07").incidents
    assert len(inc) == 1 and inc.iloc[0]["place_name"] == "Camp Taji"


def test_a_dateline_is_neither_the_place_nor_the_day(gazetteer):
    text = "BAGHDAD, June 9 (Reuters) - Drones struck Erbil International Airport on Monday."
    inc = extract_text(text, gazetteer=gazetteer, published="2021-06-09").incidents
    assert list(inc["place_name"]) == ["Erbil International Airport"]
    assert list(inc["date"]) == [pd.Timestamp("2021-06-07")]


def test_a_dateline_with_its_year_dates_an_article_that_has_no_other_date(gazetteer):
    text = ("GAROUA, Cameroon, Feb. 14, 2025 - Gunmen attacked a police post in Maroua on "
            "Wednesday, killing three officers, the governor said.")
    inc = extract_text(text, gazetteer=gazetteer).incidents
    assert list(inc["place_name"]) == ["Maroua"]
    assert list(inc["date"]) == [pd.Timestamp("2025-02-12")]


@pytest.mark.parametrize("line, end", [
    ("KABUL, June 9 (AP) - A bomb", len("KABUL, June 9 (AP) - ")),
    ("AMMAN, Oct. 27 - Rockets", len("AMMAN, Oct. 27 - ")),
    ("MAROUA, Cameroon - Gunmen", len("MAROUA, Cameroon - ")),
    ("US forces - said", 0),
    ("Rockets hit Kabul - a", 0),
])
def test_dateline_end(line, end):
    assert dateline_end(line) == end


def test_where_and_when_fields_place_and_date_the_event(gazetteer):
    text = ("# Incident note\n\nMOSUL, May 4 -\n\nLocation: Kirkuk\nDate of incident: "
            "2 May 2023\n\nA roadside bomb exploded next to a police patrol, wounding "
            "three officers.\n")
    inc = extract_text(text, gazetteer=gazetteer, published="2023-05-04").incidents
    assert list(inc["place_name"]) == ["Kirkuk"]
    assert list(inc["date"]) == [pd.Timestamp("2023-05-02")]
    assert list(inc["injured"]) == [3]


def test_a_form_field_is_read_with_its_key():
    assert fields._FIELD.match("**Where:** Irbil")["value"] == "Irbil"
    assert fields._FIELD.match("When: 3 May 2023")["key"] == "When"
    assert fields._FIELD.match("Elsewhere: nothing") is None


@pytest.mark.parametrize("text, parts", [
    ("Rockets hit the base on Monday, and a drone struck it on Friday.", 2),
    ("Rockets hit the base on Monday, and the army said on Friday it had found the launcher.",
     1),  # the day something was said
    ("Rockets hit the base on Monday, and two soldiers were wounded.", 1),
    ("A bomb exploded in X, and a second bomb struck a checkpoint in Y.", 2),
    ("It was the worst attack since a bombing killed 12 people in March.", 2),
    ("It was the worst attack since March.", 1),
])
def test_split_events(text, parts):
    got = clauses.split_events([Sentence(10, 10 + len(text), text, 0)])
    assert len(got) == parts
    assert got[0].start == 10 and got[-1].end == 10 + len(text)
    for s in got:  # offsets still point at the words
        assert text[s.start - 10:s.end - 10] == s.text


@pytest.mark.parametrize("labels", ["seg_unseen", "seg_unseen2"])
def test_segmentation_dev_sets_stay_right(gazetteer, labels):
    scores = evaluate(DATA / labels / "labels.json", gazetteer=gazetteer)
    assert scores.precision == 1.0 and scores.recall == 1.0, [
        r for r in scores.rows if r["wrong"] in ("missed", "spurious")]
