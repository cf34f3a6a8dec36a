"""Facts joined to the right incident and read right, written by helper actors13 in new
words (each failed before its change): a paragraph telling another kind of attack on the
same day as an incident told before is another incident; ages are no count."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

TWO_KINDS = (
    "Russian drones struck a power plant in Kharkiv on Tuesday night, the mayor said. A man "
    "was injured by debris.\n\n"
    "Further south, Kherson came under rocket fire on Monday afternoon. The regional governor "
    "said rockets launched from across the river hit homes and a market on Tuesday. Two women "
    "aged 58 and 73 were killed and four people injured, he said.\n")


def _rows(text: str, gazetteer) -> list[dict]:
    from geoincidents.extract import extract_records

    return extract_records(text, gazetteer=gazetteer, published="2026-03-12")[0]


def test_a_new_paragraph_of_another_kind_on_the_same_day_is_another_incident(gazetteer):
    rows = _rows(TWO_KINDS, gazetteer)
    drones = [r for r in rows if r["event_type"] == "drone_strike"]
    assert len(drones) == 1
    assert drones[0]["injured"] == 1 and drones[0]["killed"] is None
    rockets = [r for r in rows if r["event_type"] == "rocket_attack" and r["killed"]]
    assert [(r["killed"], r["injured"]) for r in rockets] == [(2, 4)]


@pytest.mark.parametrize("text,killed", [
    ("Two men aged 61 and 70 were killed when the shell hit their house.", 2),
    ("A girl aged 9 was killed and her brother was wounded.", 1),
    ("Four recruits aged between 18 and 20 were killed at the gate.", 4),
])
def test_ages_are_no_count(text, killed):
    from geoincidents import nlp
    from geoincidents.extract.casualties import casualties

    assert casualties(text, nlp.parse(text)[:]).total("killed") == killed
