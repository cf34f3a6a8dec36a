"""Short texts written by helper actors9 (tests/data/actors9_unseen.jsonl) BEFORE its rule
changes, one kind of actor error of heldout10 each: a stance told of a kind of event, not
of one ("routinely denies", "blames such attacks on", "accused X of similar ambushes",
"years of artillery shelling") names no actor, while the same verbs said of one event
do; two states in one phrase ("French and Belgian jets") are two actors; a group's full
name with "in the" ("al-Qaeda in the Islamic Maghreb (AQIM)"); a passive claim
("Responsibility ... was taken by X"); an acronym that is no capital ("SNA"). Matched as
the evaluation matches actors; tests/data/actors9_unseen2 (whole articles) is scored by
the evaluation with its per-item precision."""
from __future__ import annotations


import pytest

pytest.importorskip("spacy")
from tests.actor_cases import DATA, cases, check


@pytest.mark.parametrize("case", cases("actors9_unseen.jsonl"))
def test_actors9_unseen(case):
    """(a case still missed says why in its ``open`` field: strict xfail)"""
    check(case)


def test_actors9_unseen2_general_statements_and_two_incidents(gazetteer):
    """tests/data/actors9_unseen2: general statements ("has repeatedly accused X of similar
    attacks", "routinely deny harming civilians", "Washington blames such attacks on",
    "which has claimed many earlier raids") give no incident an actor; a stance told right
    after a sentence telling two incidents goes to the one that sentence's own event is."""
    from geoincidents.evaluate import evaluate

    scores = evaluate(DATA / "actors9_unseen2" / "labels.json", gazetteer=gazetteer)
    assert scores.accuracy()["actors"] == 1.0
    # ("Gunmen" after a dateline's dash is no name either)
    assert scores.actor_items == {"pred_right": 7, "pred": 7, "gold_found": 7, "gold": 7}
