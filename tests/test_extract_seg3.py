"""Which incidents an article yields (branch seg3): ground assaults and clashes, days of
the lead's own week, scenes set by a sentence with no event word, administrative areas as
settings, arrests of the people of a told attack, campaigns' starts and events of a past
year, "another" event, the same event at another site, the headline's event.

The texts are written for these tests; `tests/data/seg3_unseen/` was written and labelled
before the rules it checks (first score in docs/progress-seg3.md) and is kept as a
regression set; `tests/data/seg3_unseen2/` is a measure, not a test.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geoincidents.evaluate import evaluate
from geoincidents.extract import clauses, incident_filter, triggers
from geoincidents.extract.facts import _hedge_words
from geoincidents.extract.text import Sentence
from tests.extracting import rows as _rows

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("text, etype", [
    ("Insurgents stormed an army camp near the river at dawn.", "battle"),
    ("Gunmen stormed a police station on the edge of the city.", "battle"),
    ("Police stormed a flat in the old quarter and held two men.", "raid"),
    ("Soldiers and rebels clashed on the road to the mine.", "battle"),
    ("Heavy fighting between two militias spread to the port.", "battle"),
    ("Troops exchanged fire with smugglers near the border post.", "battle"),
    ("A youth hurled a grenade at the patrol.", "other"),
    ("Rebels captured the town after a day of fighting.", "battle"),
    ("Government troops shelled rebel positions outside the town.", "rocket_attack"),
    ("The two parties clashed over the budget.", None),
    ("She has spent years fighting corruption in the ministry.", None),
    ("It backs the forces fighting them in the south.", None),
])
def test_ground_assaults_and_clashes_are_events(text, etype):
    assert triggers.event_type(text) == etype


def test_a_day_of_the_leads_week_is_news_one_of_the_week_before_is_background(gazetteer):
    # Friday 2023-06-09: Monday of the same week is news, the Thursday before is not
    text = ("Gunmen killed four guards at a mine outside Kaya on Thursday. "
            "On Monday, a bomb hit a lorry near Dori, killing its driver.\n\n"
            "A week earlier, on Thursday June 1, a bomb had struck a bus near Djibo.")
    inc = _rows(gazetteer, text, "2023-06-09")
    by_day = {d.strftime("%m-%d"): bg for d, bg in zip(inc["date"], inc["background"])}
    assert not by_day["06-08"] and not by_day["06-05"]
    assert by_day["06-01"]


def test_hours_later_another_event_is_its_own_incident_the_same_day(gazetteer):
    text = ("A drone struck a fuel depot in Kharkiv before dawn on Tuesday.\n\nHours later, "
            "another drone hit a rail yard in Poltava.")
    inc = _rows(gazetteer, text, "2023-03-15")
    assert sorted(inc["place_name"]) == ["Kharkiv", "Poltava"]
    assert set(inc["date"]) == {pd.Timestamp("2023-03-14")}


def test_an_area_named_as_administrative_is_the_setting_of_a_smaller_place(gazetteer):
    text = ("In neighbouring Kaduna state, police freed six hostages in a raid on a "
            "camp near Kachia on Tuesday.")
    inc = _rows(gazetteer, text, "2021-09-17")
    assert list(inc["place_name"]) == ["Kachia"]


def test_a_scene_without_an_event_word_gives_its_day_and_place_to_the_next(gazetteer):
    text = ("A roadside bomb killed two soldiers near Macomia on Monday.\n\n"
            "Then on Thursday, about twenty armed men entered a fishing village outside "
            "Pemba before sunrise. They set fire to dozens of huts and killed a fisherman.")
    inc = _rows(gazetteer, text, "2022-10-21")
    assert list(inc["place_name"]) == ["Macomia", "Pemba"]
    assert inc.iloc[1]["event_type"] == "other"


def test_the_headline_event_is_the_leads_when_the_lead_has_no_event_word(gazetteer):
    text = ("Grenade attack on Quetta police station\n\n"
            "Two men on a motorbike burst into a police station in Quetta late on "
            "Tuesday and wounded three constables, police said.")
    inc = _rows(gazetteer, text, "2023-02-02")
    assert list(inc["place_name"]) == ["Quetta"]
    assert inc.iloc[0]["date"] == pd.Timestamp("2023-01-31")


@pytest.mark.parametrize("text, back", [
    ("Security forces arrested two men suspected of sheltering the bomber in a raid on "
     "a farm.", True),
    ("Police raided the attackers' hideout in the hills on Friday.", True),
    ("Police raided a warehouse in the port on Friday and seized cigarettes.", False),
    ("A court jailed three men for a 2019 bombing of a bus station.", True),
])
def test_references_back(text, back):
    assert triggers.refers_back(text) is back


@pytest.mark.parametrize("text, generic", [
    ("The protests began two weeks ago over the price of fuel.", True),
    ("Protests began in the capital on Monday.", False),
    ("Clashes around the port have continued for weeks.", True),
    ("In May 2021, a bomb killed 60 people at a school, one of the deadliest attacks "
     "since the withdrawal.", False),
])
def test_campaigns_and_comparisons(text, generic):
    assert triggers.generic(text) is generic


@pytest.mark.parametrize("text, hedged", [
    ("Jets struck a tower in the city on Wednesday after warning residents to leave.", False),
    ("Jets may have struck a tower in the city on Wednesday.", True),
])
def test_a_hedge_after_an_adverbial_clause_is_not_the_events(text, hedged):
    assert _hedge_words(text, triggers.trigger(text)) is hedged


@pytest.mark.parametrize("text, parts", [
    ("A roadside bomb hit a convoy near Gao on Friday and another exploded near a "
     "market on Saturday.", 2),
    ("A roadside bomb hit a convoy and a second bomb went off an hour later.", 2),
    ("Gunmen attacked the post and another group of villagers fled.", 1),
    ("Rockets hit the base on Monday and Tuesday.", 1),
])
def test_a_bomb_and_another_are_two_clauses(text, parts):
    assert len(clauses.split_events([Sentence(0, len(text), text, 0)])) == parts


def test_the_same_attack_at_another_site_is_a_second_incident(gazetteer):
    text = ("On Monday, drones set two fuel tankers on fire in Kirkuk, killing a driver. "
            "The same attack started a fire at an oil depot in Tikrit.")
    inc = _rows(gazetteer, text, "2022-01-19")
    assert sorted(inc["place_name"]) == ["Kirkuk", "Tikrit"]


def test_a_march_in_the_centre_of_a_town_is_placed(gazetteer):
    text = "On Thursday, some 5,000 people marched through the centre of Puno."
    inc = _rows(gazetteer, text, "2023-02-10")
    assert list(inc["place_name"]) == ["Puno"]


def test_seg3_dev_set_stays_right(gazetteer):
    scores = evaluate(DATA / "seg3_unseen" / "labels.json", gazetteer=gazetteer)
    assert scores.precision >= 0.95 and scores.recall >= 0.95, [
        r for r in scores.rows if r["wrong"] in ("missed", "spurious")]


_TWO_DRONES = ("In Syria, a drone attacked a remote outpost of the coalition on Wednesday and "
               "a second drone was shot down near al-Tanf the same day.")


def test_a_second_event_is_not_the_one_placed_only_by_its_country(gazetteer, monkeypatch):
    # the rules' segmentation, before the learned incident filter (next test)
    monkeypatch.setattr(incident_filter, "enabled", False)
    inc = _rows(gazetteer, _TWO_DRONES, "2024-01-26")
    assert len(inc) == 2 and "Tanf" in inc.iloc[-1]["place_name"] + inc.iloc[0]["place_name"]


def test_the_filter_keeps_the_event_placed_only_by_its_country(gazetteer):
    # (a country-placed event beside a same-day twin of its type: the refit with seed
    # recollections kept, progress-seedkeep, scores it 0.14 against a threshold of 0.05)
    assert len(_rows(gazetteer, _TWO_DRONES, "2024-01-26")) == 2


def test_a_claim_of_the_bombing_goes_to_the_bombing_not_to_a_shooting_told_since(gazetteer):
    text = ("A suicide bomber killed four soldiers at a checkpoint in Afgooye on Wednesday. "
            "In a separate incident, gunmen shot dead a trader in Mogadishu on Tuesday.\n\n"
            "Al-Shabaab claimed the bombing.")
    inc = _rows(gazetteer, text, "2021-03-11")
    by_place = dict(zip(inc["place_name"], zip(inc["event_type"], inc["actors"])))
    assert by_place["Mogadishu"][0] == "other"
    assert "Al-Shabaab" in (by_place["Afgooye"][1] or "")
