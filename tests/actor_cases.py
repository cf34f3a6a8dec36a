"""What the actor fixture tests share (tests/data/actorsN_unseen.jsonl, one sentence or
short text a line, with the actors it names and, while still missed, why in ``open``):
the cases as pytest parameters, and the check, matched as the evaluation matches actors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def cases(name: str) -> list:
    """The cases of ``tests/data/<name>``, a case with ``open`` as a strict xfail, each
    with an id of its kind and the start of its text."""
    found = [json.loads(line) for line in
             (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [pytest.param(c, id=f"{c['kind']}:{c['text'][:30]}",
                         marks=[pytest.mark.xfail(reason=c["open"], strict=True)]
                         if "open" in c else []) for c in found]


def check(case: dict) -> None:
    """The actors the parse finds in the case's text are the labelled ones, no more (a case
    with ``"doc": true`` is read as one article: references back resolved)."""
    from geoincidents import nlp
    from geoincidents.evaluate import actor_matches
    from geoincidents.extract import actors

    doc = nlp.parse(case["text"])
    mentions = actors.find_in_doc(doc) if case.get("doc") else \
        [a for s in doc.sents for a in actors.find(s)]
    found = [f"{a.text} ({a.stance})" for a in mentions]
    assert len(found) == len(case["actors"]), found
    assert all(any(actor_matches(g, f) for f in found) for g in case["actors"]), found
