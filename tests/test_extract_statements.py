"""Sentences that talk about an event without reporting one start no incident; the parse
gives actors their stance (rules of `extract.actors` and `extract.modality`)."""

from __future__ import annotations

import pytest

from geoincidents.extract import extract_text
from geoincidents.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


@pytest.mark.parametrize("text", [
    "No rockets were launched from the Dora district of Baghdad on Sunday, police said.",
    "The army said it did not strike Taji on Sunday.",
    "Residents of Fallujah fear new raids after Sunday's clashes.",
])
def test_negated_planned_or_feared_events_are_no_incidents(gaz, text):
    got = extract_text(text, gazetteer=gaz, published="2021-05-03")
    assert got.incidents.empty, got.incidents[["event_type", "place_name"]]


def test_a_denial_leaves_the_event_and_names_the_denier(gaz):
    text = ("Two rockets hit Camp Taji on Sunday, injuring a soldier. "
            "A little-known militia claimed responsibility for the attack, "
            "while Kataib Hezbollah denied any role.")
    inc = extract_text(text, gazetteer=gaz, published="2021-05-03").incidents
    assert len(inc) == 1
    actors = inc.iloc[0]["actors"]
    assert "(claimed)" in actors and "Kataib Hezbollah (denied)" in actors
    assert inc.iloc[0]["injured"] == 1
