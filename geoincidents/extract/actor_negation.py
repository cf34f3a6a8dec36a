"""Whether a stance is negated: its verb or noun ("did not claim", "no claim from"), the one
who blames ("no one had accused X"), or the actor ("no group", "neither X nor Y").

Used by ``actors``; reads the word sets of ``rules/stance.jsonl`` through
``actor_names.words``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from geoincidents.extract.actor_names import words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["negated"]


def negated(verb: Token | None, actor: Token | None) -> bool:
    """"did not claim", "has rarely claimed", "no claim from" (the verb or stance noun); "no
    group", "nobody", "neither X nor Y" (the actor)."""
    if verb is not None and _has_negator(verb):
        return True
    # (a verb joined by "or" / "nor" to a negated one: "did not confirm or deny carrying
    # out the strikes", "neither confirmed nor denied it")
    if verb is not None and verb.dep_ == "conj" and verb.head is not verb and \
            any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in verb.head.children) and \
            _has_negator(verb.head):
        return True
    # (a stance noun: "there was no claim from the group")
    if verb is not None and verb.pos_ == "NOUN" and \
            any(c.dep_ == "det" and c.lower_ == "no" for c in verb.children):
        return True
    # (the one who blames, named as no one: "no one had accused the PMF", "nobody blamed X")
    if verb is not None and verb.pos_ == "VERB" and any(
            c.dep_ == "nsubj" and c is not actor and (c.lower_ in words("no_one") or any(
                d.dep_ == "det" and d.lower_ == "no" for d in c.children))
            for c in verb.children):
        return True
    if actor is not None:
        if actor.lower_ in words("no_one"):
            return True
        if any(c.dep_ == "det" and c.lower_ == "no" for c in actor.children):
            return True
        # "neither X nor any other group has claimed it" (on the first of the pair, as
        # preconj or det, or a conjunct's: "nor Y")
        first = actor
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        if any(c.dep_ in ("preconj", "det") and c.lower_ in words("no_one") and c.i < first.i
               for c in first.children) and (first is actor or any(
                c.dep_ == "cc" and c.lower_ == "nor" for c in first.children)):
            return True
    return False


def _has_negator(tok: Token) -> bool:
    """``tok`` has a negation ("not") or a negating adverb of word set ``negator`` ("never",
    "rarely", "neither") among its children."""
    neg = words("negator")
    return any(c.dep_ == "neg" or (c.dep_ in ("advmod", "preconj") and c.lower_ in neg)
               for c in tok.children)
