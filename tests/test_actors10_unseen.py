"""Short texts written by helper actors10 (tests/data/actors10_unseen.jsonl) BEFORE its rule
changes, one kind of actor error of the tuning sets each: a weapon word naming a person's
trade ("an Islamic State explosives specialist" killed) names no attacker; a state that
condemns strikes and says where they hit is their target, not their doer; "the group"
names the last group the text named, with a stance or not; a spokesman for "that faction"
speaks for the faction named before. Matched as the evaluation matches actors (a case with
``"doc": true`` read as one article)."""
from __future__ import annotations


import pytest

pytest.importorskip("spacy")
from tests.actor_cases import cases, check


@pytest.mark.parametrize("case", cases("actors10_unseen.jsonl"))
def test_actors10_unseen(case):
    """(a case still missed says why in its ``open`` field: strict xfail)"""
    check(case)
