"""Victims listed after the casualty word: "The dead included three Pakistanis and an
Afghan", "Killed were two soldiers and a policeman", "Among the wounded were four children
and a nurse", "Those killed included a judge and his son".

The casualty word comes first, as the subject of "included" / "were" (or "Killed" with
"were" after it), and the victims are the verb's object or attribute, a list read as
`casualty_parse` reads one (each item its number, one for a singular noun or a name; every
item a person). An included list is a part of the dead at least: the larger figure of the
sentence stands (`toll.Casualties.add`). Attackers in the list are counted apart
(`attacker_toll`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geoincidents.extract import attacker_toll, casualty_parse

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

#: the casualty words that stand for the victims ("the dead", "the wounded")
_KIND = {"dead": "killed", "killed": "killed", "slain": "killed", "wounded": "injured",
         "injured": "injured", "hurt": "injured"}
#: the verbs that list them
_LISTING = ("include", "be")


def _kind_named(verb: Token) -> str | None:
    """The kind of victims the listing verb's subject names: "the dead" (nsubj), "among
    the wounded" (a phrase before the verb), "those killed" (a participle after "those")."""
    for c in verb.children:
        if c.i > verb.i:
            continue
        if c.dep_ == "nsubj" and c.lower_ in _KIND and \
                any(d.lower_ == "the" for d in c.children):
            return _KIND[c.lower_]
        if c.dep_ == "nsubj" and c.lower_ == "those":
            told = [a for a in c.children if a.dep_ == "acl" and a.lower_ in _KIND]
            if told:
                return _KIND[told[0].lower_]
        if c.dep_ == "prep" and c.lower_ == "among":
            told = [o for o in c.children if o.dep_ == "pobj" and o.lower_ in _KIND]
            if told:
                return _KIND[told[0].lower_]
    return None


def _inverted(verb: Token) -> str | None:
    """"Killed were two soldiers": the participle first, "were" after it."""
    if verb.i == verb.sent.start and verb.lower_ in _KIND and \
            any(c.dep_ == "auxpass" and c.lower_ in ("were", "was") for c in verb.children):
        return _KIND[verb.lower_]
    return None


def listed(span: Span) -> list[tuple[str, int, str, int]]:
    """(kind, number, words, attackers apart) of each list of victims named after their
    casualty word in the parsed sentence."""
    out = []
    for verb in span:
        kind = _inverted(verb) or (_kind_named(verb) if verb.lemma_ in _LISTING else None)
        if kind is None:
            continue
        # (the parser may hang the list on "were": "Killed were two soldiers")
        said = [verb] + [c for c in verb.children if c.dep_ in ("auxpass", "aux")]
        for head in (c for v in said for c in v.children
                     if c.dep_ in ("dobj", "attr") and c.i > verb.i):
            items = casualty_parse.list_items(head)
            if not items or not all(casualty_parse.is_person(t, loose=True) for t in items):
                continue
            counts = [casualty_parse.count(t) for t in items]
            if any(n is None for n in counts):
                continue
            theirs = sum(n for n, t in zip(counts, items)
                         if attacker_toll.ATTACKER.search(t.text) and
                         not (kind == "killed" and attacker_toll.own_charge(t.text,
                                                                            span.text)))
            ours = sum(n for n, t in zip(counts, items)
                       if not attacker_toll.ATTACKER.search(t.text))
            words = span.doc[min(t.left_edge.i for t in items):max(t.i for t in items) + 1]
            out.append((kind, ours, words.text, theirs))
    return out
