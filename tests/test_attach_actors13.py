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


@pytest.mark.parametrize("words", ["The following evening", "The next afternoon",
                                   "The following morning"])
def test_the_following_evening_is_the_next_day(words):
    import datetime as dt

    from geoincidents.extract.facts import sentence_date

    date, _ = sentence_date(f"{words}, four rockets were fired at the base.",
                            dt.date(2026, 3, 12), dt.date(2026, 3, 9), True)
    assert date is not None and date.date == dt.date(2026, 3, 10)


NEXT_EVENING = (
    "Two drones flew at Erbil International Airport before dawn on Monday; air defences "
    "shot one down and the other hit a hangar.\n\n"
    "The following evening, four rockets were fired at the airport's northern side. Three "
    "landed inside the perimeter and one fell short.\n")


def test_an_attack_the_following_evening_at_the_same_site_is_another_incident(gazetteer):
    rows = _rows(NEXT_EVENING, gazetteer)
    days = sorted((str(r["date"])[:10], r["event_type"]) for r in rows)
    assert days == [("2026-03-09", "drone_strike"), ("2026-03-10", "rocket_attack")]
