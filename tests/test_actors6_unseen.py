"""Short texts written by helper actors6 (tests/data/actors6_unseen.jsonl) BEFORE its rule
changes, one kind of actor error of heldout7 / heldout8 each: a quantified plural ("both
sides") is no actor, a capitalised weapon word ("Gun trucks") is no group's name, "put
pressure on X" after an attack is no blame.  Matched as the evaluation matches actors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("spacy")
from geoincidents import nlp  # noqa: E402
from geoincidents.evaluate import actor_matches  # noqa: E402
from geoincidents.extract import actors  # noqa: E402

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "data" / "actors6_unseen.jsonl").read_text(
             encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['kind']}:{c['text'][:30]}" for c in CASES])
def test_actors6_unseen(case):
    doc = nlp.parse(case["text"])
    found = [f"{a.text} ({a.stance})" for s in doc.sents for a in actors.find(s)]
    assert len(found) == len(case["actors"]), found
    assert all(any(actor_matches(g, f) for f in found) for g in case["actors"]), found
