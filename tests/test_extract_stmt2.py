"""Statements with their own day, and another event's toll told in a clause (branch stmt2).

``tests/data/stmt2_unseen`` holds six short articles written and labelled before the
rules changed: t01-t03 a claim, blame or denial dated by the day it was made; t04-t06 a
past event recalled in a relative clause ("since March, when a truck bomb killed 20",
"The town, where a car bomb killed 17 ... in August 2017, ..."), whose toll belongs to a
background incident of its own, never to the current one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geoincidents.extract import clauses
from geoincidents.extract.text import Sentence
from tests.extracting import rows as _rows

UNSEEN = Path(__file__).parent / "data" / "stmt2_unseen" / "articles"


def _article(name: str) -> str:
    return (UNSEEN / name).read_text(encoding="utf-8")


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _actors(row) -> set[str]:
    return set(str(row["actors"]).split("; ")) if isinstance(row["actors"], str) else set()


@pytest.mark.parametrize("name, published, day, place, actors", [
    ("t01_baqubah_telegram.txt", "2023-05-12", "2023-05-09", "Baqubah",
     {"Saraya Awliya al-Thar (claimed)", "Islamic State (blamed)"}),
    ("t02_erbil_no_claim.txt", "2024-01-19", "2024-01-15", "Erbil",
     {"Kataib Hezbollah (denied)"}),
    ("t03_balad_statement.txt", "2023-02-18", "2023-02-14", "Balad Air Base",
     {"Ahl al-Kahf (claimed)", "Kataib Hezbollah (denied)"}),
])
def test_a_statement_dated_by_its_own_day_starts_no_incident(gazetteer, name, published,
                                                             day, place, actors):
    got = _rows(gazetteer, _article(name), published)
    assert [_day(d) for d in got["date"]] == [day]
    assert list(got["place_name"]) == [place]
    assert actors <= _actors(got.iloc[0])


@pytest.mark.parametrize("name, published, now, past", [
    # (current incident's day and killed/injured; the recalled event's month, toll, place)
    ("t04_mogadishu_since.txt", "2023-08-07", ("2023-08-06", 4, None),
     ("2023-03-01", 20, None, "Mogadishu")),
    ("t05_kirkuk_when.txt", "2022-11-25", ("2022-11-24", None, None),
     ("2022-07-01", None, 5, "K-1 Air Base")),
    ("t06_talafar_where.txt", "2021-06-03", ("2021-06-02", None, 2),
     ("2017-08-01", 17, None, "Tall ‘Afar")),
])
def test_another_events_toll_in_a_clause_goes_to_that_event(gazetteer, name, published,
                                                             now, past):
    got = _rows(gazetteer, _article(name), published)
    current = got[~got["background"].astype(bool)]
    recalled = got[got["background"].astype(bool)]
    assert set(_day(d) for d in current["date"]) == {now[0]}
    if now[1] is not None:
        assert list(current["killed"]) == [now[1]]
    # the recalled toll is never the current incident's
    for column, value in (("killed", past[1]), ("injured", past[2])):
        if value is not None:
            assert value not in set(current[column].dropna())
    assert len(recalled) == 1
    row = recalled.iloc[0]
    assert (_day(row["date"]), row["place_name"]) == (past[0], past[3])
    assert (row["killed"] if past[1] is not None else row["injured"]) == (past[1] or past[2])


def _pieces(text: str) -> list[str]:
    return [s.text for s in clauses.split_events([Sentence(0, len(text), text, 0)])]


@pytest.mark.parametrize("text", [
    # a day the sentence's own event may have: no other time
    "Rockets hit the airport on Monday, when crowds were leaving the terminal.",
    # the clause tells no event
    "The missiles hit a market at about 2 p.m., when many residents were out walking.",
    "Rockets have hit the base every week since March, when the truce ended.",
    # a place clause of the same event, no day of its own
    "Gunmen stormed a village near Tal Afar, where they killed five farmers.",
])
def test_a_clause_of_the_same_time_stays_whole(text):
    assert _pieces(text) == [text]


def test_a_clause_about_another_time_is_cut_with_its_time():
    text = ("The raid was the deadliest in the province since June 2019, when a car bomb "
            "killed 30 people at a bus station.")
    assert _pieces(text) == [
        "The raid was the deadliest in the province ",
        "since June 2019, when a car bomb killed 30 people at a bus station."]
    text = ("The port, where a missile killed nine dockers in May, reopened on Tuesday.")
    assert _pieces(text) == ["The port,", "where a missile killed nine dockers in May,",
                             "reopened on Tuesday."]


def test_a_claim_by_a_faction_told_by_its_record_goes_to_one_incident(gazetteer):
    """ "an umbrella of factions which has taken credit for most of the attacks since
    mid-October": the plural is the faction's record, not the events it claims now."""
    got = _rows(gazetteer, _article("t08_victory_statement.txt"), "2023-11-04")
    assert [_day(d) for d in got["date"]] == ["2023-10-30", "2023-11-01"]
    assert "Islamic Resistance in Iraq (claimed)" not in _actors(got.iloc[0])
    assert "Islamic Resistance in Iraq (claimed)" in _actors(got.iloc[1])
