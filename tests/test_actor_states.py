"""The state an actor's name stands for (`actor_states`), and the scorer comparing state
items by state (the convention of docs/progress-actors5.md)."""
from __future__ import annotations

import pytest

from geoincidents.evaluate import actor_matches
from geoincidents.extract.actor_states import capital_state, state_of


@pytest.mark.parametrize("name, state", [
    ("Tehran", "Iran"),
    ("Ankara", "Turkey"),
    ("U.S.", "United States"),
    ("the Americans", "United States"),
    ("US Africa Command", "United States"),
    ("the Kyiv regime", "Ukraine"),
    ("Ukraine's General Staff", "Ukraine"),
    ("Nigerien army", "Niger"),
    ("Kenya Defence Forces", "Kenya"),
    ("Russia's defence ministry", "Russia"),
    ("Syrian Democratic Forces", None),  # an armed group's name
    ("Free Syrian Army", None),
    ("Kurdish forces", None),  # a people, not a state
    ("Pakistani Taliban", None),  # not a state body
    ("Iran-backed militias", None),
    ("US and British aircraft", None),  # two states
    ("army", None),  # no country named
])
def test_state_of(name, state):
    assert state_of(name) == state


def test_capital_state_only_for_a_capital_alone():
    assert capital_state("Moscow") == "Russia"
    assert capital_state("Russia") is None
    assert capital_state("the Kyiv regime") is None
    assert capital_state("Hezbollah") is None


@pytest.mark.parametrize("gold, predicted, same", [
    ("US Central Command (involved)", "US aircraft (involved)", True),
    ("Iran (denied)", "Tehran (denied)", True),
    ("Israeli military (involved)", "Israel (involved)", True),
    ("Rwanda Defence Force (involved)", "Rwandan troops (involved)", True),
    ("Iran (denied)", "Iran (blamed)", False),  # the stance still counts
    ("Iran (denied)", "Iraq (denied)", False),
    ("Syrian Democratic Forces (claimed)", "Syria (claimed)", False),
    ("army (involved)", "Sudanese army (involved)", True),  # (by its words, as before)
])
def test_scorer_compares_states_by_state(gold, predicted, same):
    assert actor_matches(gold, predicted) is same


@pytest.mark.parametrize("text", [
    "The army said its air force had hit rebel positions in the hills.",  # said: say
    "A spokesman told reporters the jets had struck the depot.",  # told, struck
])
def test_a_speaker_telling_a_deed_in_irregular_forms_is_parsed(text):
    from geoincidents.extract import parsed

    assert parsed.wanted(text, None)


def test_a_sentence_with_no_stance_or_deed_is_not_parsed():
    from geoincidents.extract import parsed

    assert not parsed.wanted("The market reopened and traders said prices had doubled.", None)


@pytest.mark.parametrize(("name", "state"), [
    ("the Pentagon", "United States"), ("SBU", "Ukraine"), ("Kremlin", "Russia"),
    ("Pentagon Papers", None),  # (a body's name inside another name is not the body)
])
def test_a_state_body_known_by_its_own_name(name, state):
    """rules/state_agencies.csv: a state's agency named without its country."""
    assert state_of(name) == state


def test_a_bad_state_agency_row_names_file_row_and_field(tmp_path, monkeypatch):
    from geoincidents.errors import DataError
    from geoincidents.extract import actor_states, depmatch

    (tmp_path / "state_agencies.csv").write_text("name,country\nSBU,Atlantis\n",
                                                 encoding="utf-8")
    monkeypatch.setattr(depmatch, "RULES_DIR", tmp_path)
    actor_states._agencies.cache_clear()
    try:
        with pytest.raises(DataError, match=r"state_agencies.csv: row 2: field country"):
            actor_states._agencies()
    finally:
        actor_states._agencies.cache_clear()


def test_the_scorer_reads_a_state_body_by_its_own_name_as_its_state():
    assert actor_matches("SBU (involved)", "Ukraine (involved)")
    assert not actor_matches("SBU (involved)", "Russia (involved)")
