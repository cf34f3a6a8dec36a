"""Short texts written by helper actors6 (tests/data/actors6_unseen.jsonl) BEFORE its rule
changes, one kind of actor error of heldout7 / heldout8 each: a quantified plural ("both
sides") is no actor, a capitalised weapon word ("Gun trucks") is no group's name, "put
pressure on X" after an attack is no blame.  Matched as the evaluation matches actors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("spacy")
from geoincidents import nlp
from geoincidents.evaluate import actor_matches
from geoincidents.extract import actors

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "data" / "actors6_unseen.jsonl").read_text(
             encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['kind']}:{c['text'][:30]}" for c in CASES])
def test_actors6_unseen(case):
    doc = nlp.parse(case["text"])
    found = [f"{a.text} ({a.stance})" for s in doc.sents for a in actors.find(s)]
    assert len(found) == len(case["actors"]), found
    assert all(any(actor_matches(g, f) for f in found) for g in case["actors"]), found


def test_actors6_unseen2_two_incidents_one_stance(gazetteer):
    """tests/data/actors6_unseen2: "blamed X for both attacks", "denied any part in either
    incident" told after two incidents: the stance goes to both."""
    from geoincidents.evaluate import evaluate

    scores = evaluate(Path(__file__).parent / "data" / "actors6_unseen2" / "labels.json",
                      gazetteer=gazetteer)
    assert scores.accuracy()["actors"] == 1.0
