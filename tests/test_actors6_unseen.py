"""Short texts written by helper actors6 (tests/data/actors6_unseen.jsonl) BEFORE its rule
changes, one kind of actor error of heldout7 / heldout8 each: a quantified plural ("both
sides") is no actor, a capitalised weapon word ("Gun trucks") is no group's name, "put
pressure on X" after an attack is no blame.  Matched as the evaluation matches actors."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")
from tests.actor_cases import cases, check


@pytest.mark.parametrize("case", cases("actors6_unseen.jsonl"))
def test_actors6_unseen(case):
    check(case)


def test_actors6_unseen2_two_incidents_one_stance(gazetteer):
    """tests/data/actors6_unseen2: "blamed X for both attacks", "denied any part in either
    incident" told after two incidents: the stance goes to both."""
    from geoincidents.evaluate import evaluate

    scores = evaluate(Path(__file__).parent / "data" / "actors6_unseen2" / "labels.json",
                      gazetteer=gazetteer)
    assert scores.accuracy()["actors"] == 1.0
