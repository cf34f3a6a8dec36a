"""Short texts written by helper actors8 (tests/data/actors8_unseen.jsonl) BEFORE its rule
change, for the largest kind of spurious actor of heldout5 / heldout7 / heldout9: a generic
noun with no name ("Gunmen", "Troops", "Islamist fighters", "Security forces") is no actor,
while a state body of a named state ("the Malian army", "Kenyan police") and a named group
still are. Matched as the evaluation matches actors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("spacy")
from geoincidents import nlp
from geoincidents.evaluate import actor_matches
from geoincidents.extract import actors

DATA = Path(__file__).parent / "data"
CASES = [json.loads(line) for line in
         (DATA / "actors8_unseen.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(reason=c["open"], strict=True)) if "open" in c
    else c for c in CASES], ids=[f"{c['kind']}:{c['text'][:30]}" for c in CASES])
def test_actors8_unseen(case):
    """(a case still missed says why in its ``open`` field: strict xfail)"""
    doc = nlp.parse(case["text"])
    found = [f"{a.text} ({a.stance})" for s in doc.sents for a in actors.find(s)]
    assert len(found) == len(case["actors"]), found
    assert all(any(actor_matches(g, f) for f in found) for g in case["actors"]), found


@pytest.mark.parametrize("text", [
    'The ministry blamed the attack on "outlaw groups" operating outside state control.',
    "The agency laid the blame on Daesh remnants hiding in the desert."])
def test_a_generic_noun_the_text_names_is_kept(text):
    """A generic head named by quotes or a capital is a name the text gives: kept."""
    doc = nlp.parse(text)
    found = [a.text for s in doc.sents for a in actors.find(s)]
    assert len(found) == 1, found
