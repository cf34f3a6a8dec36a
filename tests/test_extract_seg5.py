"""Which incidents an article yields (branch seg5): statements that are no incidents
(reports denied, "none of the rounds had been launched"), a base named for drones, a
tally of many attacks.

The texts are written for these tests; ``tests/data/seg5_unseen`` holds three short
articles written before the rules and labelled from the text alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from tests.extracting import rows as _rows

UNSEEN = Path(__file__).parent / "data" / "seg5_unseen" / "articles"


def _article(name: str) -> str:
    return (UNSEEN / name).read_text(encoding="utf-8")


def test_denied_reports_and_none_launched_start_no_incident(gazetteer):
    got = _rows(gazetteer, _article("s5_01_kirkuk_denials.txt"), "2024-05-08")
    assert list(got["event_type"]) == ["rocket_attack"]
    assert list(got["place_name"]) == ["Kirkuk"]
    assert list(got["date"]) == [pd.Timestamp("2024-05-07")]


def test_a_denied_drone_loss_does_not_retype_the_attack(gazetteer):
    text = ("Published: 2023-03-02\n\n"
            "Four mortar shells landed inside a border post near Sinjar on Wednesday "
            "morning, wounding a guard, officials said.\n\n"
            "The army rejected reports that one of its drones had been downed near "
            "the post.\n")
    got = _rows(gazetteer, text, "2023-03-02")
    assert list(got["event_type"]) == ["rocket_attack"]


@pytest.mark.parametrize("denial", [
    "The interior ministry denied rumours that a car bomb had exploded near the airport "
    "in Mosul on Tuesday.",
    "A police spokesman dismissed as \"invented\" reports that rockets had been fired at "
    "the airport in Mosul on Tuesday.",
])
def test_a_denied_report_is_no_incident(gazetteer, denial):
    text = ("Published: 2022-10-12\n\n"
            "Gunmen shot dead two traffic policemen at a checkpoint in Tikrit on Monday "
            "night, police said.\n\n" + denial + "\n")
    got = _rows(gazetteer, text, "2022-10-12")
    assert list(got["place_name"]) == ["Tikrit"]


def test_a_denied_rejected_claim_about_jets(gazetteer):
    got = _rows(gazetteer, _article("s5_02_hodeidah_rejects.txt"), "2023-11-21")
    assert list(got["event_type"]) == ["drone_strike"]


def test_a_base_named_for_its_drones_is_no_drone_strike(gazetteer):
    got = _rows(gazetteer, _article("s5_03_gao_base_tally.txt"), "2022-09-06")
    assert list(got["event_type"]) == ["ied"]
    assert list(got["date"]) == [pd.Timestamp("2022-09-04")]


@pytest.mark.parametrize("text, tally", [
    ("Militias staged over 400 mortar and rocket attacks on the bases in 2021.", True),
    ("Rebels carried out hundreds of bomb or gun attacks on the road last year.", True),
    ("Militants fired two rocket and mortar rounds at the base on Monday.", False),
])
def test_a_tally_of_attacks_of_two_kinds_is_no_one_event(text, tally):
    from geoincidents.extract import triggers

    assert bool(triggers.TALLY.search(text)) is tally


def test_an_event_named_by_its_day_and_place_is_one_told(gazetteer):
    text = ("Published: 2021-04-08\n\n"
            "A bomb hidden in a parked car exploded outside a bank in Kandahar on Tuesday "
            "morning, killing four people, police said.\n\n"
            "Officials said nobody had been arrested over Tuesday's Kandahar bombing, and "
            "rejected reports that a second device had gone off near the governor's office.\n")
    got = _rows(gazetteer, text, "2021-04-08")
    assert len(got) == 1


def test_a_search_of_the_launch_site_is_part_of_the_attack(gazetteer):
    got = _rows(gazetteer, _article("s5_04_balad_launch_search.txt"), "2023-06-15")
    assert len(got) == 1
    assert got.loc[0, "event_type"] == "rocket_attack"
    assert got.loc[0, "place_name"] == "Balad Air Base"
    assert got.loc[0, "launch_place"] == "Dujail"


@pytest.mark.parametrize("sentence, launch", [
    ("Rockets were fired from a lorry parked behind a school on the edge of Dujail.", True),
    ("Rockets were fired from a launcher hidden among reeds on a farm near Dujail.", True),
    ("Rockets were fired from a rooftop after gunmen drove through Dujail.", False),
])
def test_a_launcher_described_where_it_stood_is_a_launch_site(sentence, launch):
    from geoincidents import nlp
    from geoincidents.extract.launch_site import from_firing_verb

    doc = nlp.parse(sentence)
    assert from_firing_verb(next(t for t in doc if t.text == "Dujail")) is launch


def test_an_event_of_its_own_at_the_launch_town_is_not_joined(gazetteer):
    text = ("Published: 2023-06-15\n\n"
            "Five rockets struck Balad air base on Wednesday evening, an official said.\n\n"
            "The rockets were fired from a pickup truck parked outside Dujail, the official "
            "said.\n\n"
            "On Thursday, police raided a house in Dujail and arrested two men.\n")
    got = _rows(gazetteer, text, "2023-06-15")
    assert list(got["event_type"]) == ["rocket_attack", "raid"]


def test_a_lead_dates_a_second_event_told_as_a_clause(gazetteer):
    got = _rows(gazetteer, _article("s5_06_diffa_day_after.txt"), "2023-05-10")
    assert list(got["place_name"]) == ["Bosso", "Diffa"]
    assert list(got["date"]) == [pd.Timestamp("2023-05-08"), pd.Timestamp("2023-05-09")]
    assert got.loc[0, "event_type"] == "battle"


def test_hours_after_a_clause_is_the_same_day(gazetteer):
    got = _rows(gazetteer, _article("s5_07_odesa_hours_after.txt"), "2024-03-15")
    assert sorted(zip(got["place_name"], got["event_type"])) == [
        ("Izmayil", "drone_strike"), ("Odesa", "rocket_attack")]
    assert set(got["date"]) == {pd.Timestamp("2024-03-14")}


def test_a_clause_after_a_lead_with_no_site_of_its_own_is_not_split(gazetteer):
    # the main clause names no place: the clause's place may be the same event's
    text = ("Published: 2023-08-04\n\n"
            "Gunmen shot dead two guards at a checkpoint in Khar on Tuesday, police said.\n\n"
            "The shooting came two days after a bomber blew himself up at a rally in Khar, "
            "killing 40 people.\n")
    got = _rows(gazetteer, text, "2023-08-04")
    assert set(got["place_name"]) == {"Khar"}


def test_a_deadline_day_dates_no_event(gazetteer):
    got = _rows(gazetteer, _article("s5_08_bama_deadline.txt"), "2022-02-17")
    assert list(got["place_name"]) == ["Bama"]
    assert list(got["date"]) == [pd.Timestamp("2022-02-15")]


def test_a_sentence_with_no_event_word_keeps_its_deadline_day():
    from geoincidents.extract.facts import sentence_date

    text = "Two guards were treated for cuts and both were back at work by Monday morning."
    day, _ = sentence_date(text, dt.date(2024, 2, 21), None)
    assert day is not None and day.date == dt.date(2024, 2, 19)
    day, _ = sentence_date("No group had claimed the bombing by Monday.", dt.date(2024, 2, 21),
                           None, event=True)
    assert day is None


def test_an_unplaced_opening_and_its_paragraphs_base_are_one_event(gazetteer):
    text = ("Published: 2024-03-08\n\n"
            "Attacks on Harir air base\n\n"
            "The week's trouble started before dawn on Monday, when two drones came in low "
            "from the west. Both were shot down by the base's defences, an official said. "
            "Nobody was hurt.\n\n"
            "The base was last attacked in 2022.\n")
    got = _rows(gazetteer, text, "2024-03-08")
    monday = got[got["date"] == pd.Timestamp("2024-03-04")]
    assert len(monday) == 1
    assert monday.iloc[0]["event_type"] == "drone_strike"


def test_an_opening_with_a_place_of_its_own_paragraph_stays_one_event(gazetteer):
    got = _rows(gazetteer, _article("s5_09_harir_began.txt"), "2024-08-09")
    assert list(got["event_type"]) == ["drone_strike", "rocket_attack"]
