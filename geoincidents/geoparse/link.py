"""The evidence resolver inside article extraction: the extractor finds the mentions
(tuned to incident reports: roles, curated landmarks, anaphors), and the mentions it
took from the world gazetteer without a state or country written beside them are
resolved again with the whole article as evidence."""
from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from geoincidents.gazetteer import Candidate, Gazetteer
from geoincidents.geoparse.resolve import Geoparser

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

_PARSERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def parser_for(gazetteer: Gazetteer) -> Geoparser:
    """One `Geoparser` per gazetteer (its lexicon indexes the curated names once)."""
    got = _PARSERS.get(gazetteer)
    if got is None:
        got = _PARSERS[gazetteer] = Geoparser(gazetteer)
    return got


def refine(text: str, mentions: Sequence[Any], gazetteer: Gazetteer, *,
           doc: Doc | None = None, ner: bool = True) -> list[Any]:
    """Re-resolve world-gazetteer mentions (objects with ``start``, ``end``, ``source``,
    ``place``, ``score``, ``candidates``, ``admin1``, ``country_hint``) in place; returns
    them.

    Curated places and names the text qualifies ("Springfield, Illinois", which the
    extractor reads itself) keep the extractor's answer. With ``doc``, the text parsed by
    spaCy, the toponyms its NER finds count as context too ("Lamar County, Texas" makes
    "Paris" the one in Texas); without it, the text is run through the NER (only when a
    world name is there to resolve) unless ``ner`` is False.
    """
    mentions = list(mentions)
    if not any(m.source == "world" for m in mentions):
        return mentions
    parser = parser_for(gazetteer)
    spans = [(m.start, m.end) for m in mentions]
    if doc is None and ner:
        from geoincidents import nlp

        doc = nlp.entities(text)
    if doc is not None:
        taken = [False] * (len(text) + 1)
        for s, e in spans:
            taken[s:e] = [True] * (e - s)
        spans += [(t.start, t.end) for t in parser.detect(doc)
                  if t.strength != "weak" and not any(taken[t.start:t.end])]
    for m, t in zip(mentions, parser.resolve_spans(text, spans, parts=True)):
        if m.source != "world" or m.admin1 or m.country_hint or t is None or \
                t.place is None or t.place.curated:
            continue
        m.place, m.score = t.place.as_place(), t.score
        m.candidates = [Candidate(c.entry.as_place(), c.score, c.entry.name, c.reasons)
                        for c in t.candidates[:5]]
    return mentions
