"""Short texts written by helper actors8 (tests/data/actors8_unseen.jsonl) BEFORE its rule
change, for the largest kind of spurious actor of heldout5 / heldout7 / heldout9: a generic
noun with no name ("Gunmen", "Troops", "Islamist fighters", "Security forces") is no actor,
while a state body of a named state ("the Malian army", "Kenyan police") and a named group
still are. Matched as the evaluation matches actors."""
from __future__ import annotations


import pytest

pytest.importorskip("spacy")
from tests.actor_cases import cases, check
from geoincidents import nlp
from geoincidents.extract import actors


@pytest.mark.parametrize("case", cases("actors8_unseen.jsonl"))
def test_actors8_unseen(case):
    """(a case still missed says why in its ``open`` field: strict xfail)"""
    check(case)


@pytest.mark.parametrize("text", [
    'The ministry blamed the attack on "outlaw groups" operating outside state control.',
    "The agency laid the blame on Daesh remnants hiding in the desert."])
def test_a_generic_noun_the_text_names_is_kept(text):
    """A generic head named by quotes or a capital is a name the text gives: kept."""
    doc = nlp.parse(text)
    found = [a.text for s in doc.sents for a in actors.find(s)]
    assert len(found) == 1, found
