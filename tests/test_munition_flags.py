"""extract.count_verbs.is_munition: its answers for a whole Doc in one pass are those of
the Span-per-token definition (the words ending at the token, one to three of them).

Sentences are written for these tests."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")
from geoincidents import nlp  # noqa: E402
from geoincidents.extract import count_verbs  # noqa: E402

TEXTS = [
    "Three uncrewed surface vessels and 15 drones were launched at the port on Monday.",
    "Two Katyusha rockets landed near the base; a third rocket fell short.",
    "  A ballistic missile,\n\nand then two more missiles, hit the depot.",
    "Militants fired mortar rounds and anti-tank missiles at the checkpoint.",
    "Nothing was fired.",
    "",
]


def _by_span(tok) -> bool:
    doc = tok.doc
    return any(count_verbs._names_munition(doc[k:tok.i + 1].text)
               for k in range(max(0, tok.i - 2), tok.i + 1))


@pytest.mark.parametrize("text", TEXTS)
def test_flags_match_span_text(text):
    doc = nlp.parse(text)
    assert count_verbs.munition_flags(doc) == [_by_span(t) for t in doc]
    assert [count_verbs.is_munition(t) for t in doc] == [_by_span(t) for t in doc]


def test_flags_on_joined_docs():
    """Docs joined from pieces (long texts are parsed in pieces) keep offsets."""
    from spacy.tokens import Doc

    doc = Doc.from_docs([nlp.parse(t) for t in TEXTS[:3]], ensure_whitespace=False)
    assert count_verbs.munition_flags(doc) == [_by_span(t) for t in doc]
    assert any(count_verbs.munition_flags(doc))
