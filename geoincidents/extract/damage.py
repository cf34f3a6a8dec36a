"""Damage a sentence reports ("damage to a house", "the depot was destroyed")."""

from __future__ import annotations

import re

# "the house was badly damaged": up to 40 characters of these before the verb phrase
_DAMAGED_LEAD = r"[\w\s’'“”\"-]"
_DAMAGED_PHRASE = (r"\b(?:was|were)\s+(?:also\s+|badly\s+|heavily\s+|partly\s+|partially\s+|"
                   r"completely\s+)?(?:damaged|destroyed|gutted|burned|burnt|set ablaze|hit|"
                   r"levelled|razed)\b(?!\s+by)")
_DAMAGED = re.compile(_DAMAGED_PHRASE, re.I)
_LEAD_RUN = re.compile(rf"{_DAMAGED_LEAD}{{0,40}}$")
_DAMAGE_TO = re.compile(r"\b(?:minor|some|heavy|extensive|light|significant|serious|material|"
                        r"slight|severe)?\s*damage\s+(?:to|at|was caused to)\s+[^.;,]{3,60}",
                        re.I)
_DAMAGING = re.compile(r"\b(?:damaging|destroying|gutting)\s+[^.;,]{3,60}", re.I)
_SPACES = re.compile(r"\s+")
_LEAD_CONJ = re.compile(r"^(?:while|and|but|however|then)\s+", re.I)
_PEOPLE = re.compile(r"\b(?:personnel|people|soldiers?|civilians?|child|children)\b", re.I)
_CLAUSE = re.compile(r"\b(?:while|but|although|as|after|when|where)\s+")
_WORD_START = re.compile(r"\b\w")


def _passive(text: str) -> list[tuple[int, int]]:
    """Spans of "<up to 40 characters> was damaged": the verb phrase found first, then the
    lead words before it (so the text is read once, not from every word on)."""
    out, pos = [], 0
    for verb in _DAMAGED.finditer(text):
        lead = _LEAD_RUN.search(text, max(pos, verb.start() - 40), verb.start())
        start = verb.start()
        if lead is not None:
            first = _WORD_START.search(text, lead.start(), verb.start() + 1)
            start = first.start() if first is not None else verb.start()
        out.append((start, verb.end()))
        pos = verb.end()
    return out


def damage(text: str) -> list[str]:
    """Damage phrases of ``text``."""
    spans = [m.span() for m in _DAMAGE_TO.finditer(text)] + _passive(text) + \
        [m.span() for m in _DAMAGING.finditer(text)]
    out = []
    for s, e in spans:
        phrase = _SPACES.sub(" ", text[s:e].strip(" ,"))
        phrase = _LEAD_CONJ.sub("", phrase)
        if _PEOPLE.search(phrase):
            continue
        phrase = _CLAUSE.split(phrase)[-1]
        if phrase and phrase not in out:
            out.append(phrase)
    return out
