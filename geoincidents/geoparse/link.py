"""The evidence resolver inside article extraction: the extractor finds the mentions
(tuned to incident reports: roles, curated landmarks, anaphors), and the mentions it
took from the world gazetteer without a state or country written beside them are
resolved again with the whole article as evidence."""
from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from geoincidents.gazetteer import Gazetteer
from geoincidents.geoparse.resolve import Geoparser

_PARSERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def parser_for(gazetteer: Gazetteer) -> Geoparser:
    """One `Geoparser` per gazetteer (its lexicon indexes the curated names once)."""
    got = _PARSERS.get(gazetteer)
    if got is None:
        got = _PARSERS[gazetteer] = Geoparser(gazetteer)
    return got


def refine(text: str, mentions: Sequence[Any], gazetteer: Gazetteer) -> list[Any]:
    """Re-resolve world-gazetteer mentions (objects with ``start``, ``end``, ``source``,
    ``place``, ``score``, ``admin1``, ``country_hint``) in place; returns them.

    Curated places and names the text qualifies ("Springfield, Illinois", which the
    extractor reads itself) keep the extractor's answer.
    """
    mentions = list(mentions)
    if not any(m.source == "world" for m in mentions):
        return mentions
    spans = [(m.start, m.end) for m in mentions]
    for m, t in zip(mentions, parser_for(gazetteer).resolve_spans(text, spans)):
        if m.source != "world" or m.admin1 or m.country_hint or t is None or \
                t.place is None or t.place.curated:
            continue
        m.place, m.score = t.place.as_place(), t.score
    return mentions
