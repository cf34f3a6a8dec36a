"""What an actor phrase's tokens say about whether it names anyone: a dateline's place, a
name given in quotes, a generic head made one particular group, an aircraft named by its
kind only, a place named by its kind ("the village of X"), a short name told beside a name
(`actor_phrase` asks them)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geoincidents.extract.actor_names import (_QUOTES, _extent, _has_proper_name,
                                              state_of_demonym, words)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def in_dateline(head: Token) -> bool:
    """"JAMUNDI, Valle del Cauca - An explosive device ...": the place before the dash
    opens the story; the parser may make it the subject."""
    sent = head.sent
    for tok in sent[:10]:
        if tok.text in ("-", "–", "—") and tok.whitespace_ and tok.i > sent.start and \
                tok.nbor(-1).whitespace_:
            # (an all-capitals place may be tagged a common noun: "SANAA, Yemen -"; a
            # markup mark may be tagged anything: "**DUBAI** -")
            return head.i < tok.i and all(t.pos_ in ("PROPN", "PUNCT", "SPACE") or
                                          t.ent_type_ or t.is_upper or
                                          not any(c.isalnum() for c in t.text)
                                          for t in sent[:tok.i - sent.start])
    return False


def quoted(toks: list[Token]) -> bool:
    """The phrase stands between quotes: ``"outlaw groups"``."""
    doc = toks[0].doc
    return toks[0].i > 0 and toks[-1].i + 1 < len(doc) and \
        doc[toks[0].i - 1].text in _QUOTES and doc[toks[-1].i + 1].text in _QUOTES


def one_of_a_kind(toks: list[Token]) -> bool:
    """The phrase makes its generic head one particular group ("a little-known militia",
    "a shadowy faction"): the `one_of_a_kind` words of the stance rules."""
    text = " ".join(toks[0].doc.text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]
                    .lower().split())
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)
               for w in words("one_of_a_kind"))


def bare_platform(head: Token, toks: list[Token]) -> bool:
    """An aircraft named by its kind or model only ("fighter jets", "military aircraft",
    "Su-25 attack aircraft"), not by whose it is ("US jets", "Myanmar military aircraft",
    "the army's jets", "its warplanes": the owner is the actor)."""
    return head.lemma_.lower() in words("air_platform") and not any(
        t.ent_type_ in ("GPE", "NORP", "ORG") or t.dep_ == "poss" or
        state_of_demonym(t.text) is not None for t in toks if t != head)


def named_place(head: Token) -> bool:
    """A name the text gives a place by its kind: "the village of al-Kharab", "the town of
    Kidal" (word set ``place_kind``), whatever the parse hangs on it."""
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ == "of" and prep.dep_ == "prep" and \
        prep.head.lemma_.lower() in words("place_kind") and prep.head.pos_ == "NOUN"


def initials(head: Token) -> Token | None:
    """The short name told in an apposition: "X, the alliance known by its initials JNIM",
    "X, known by its Spanish acronym CJNG", "the Pakistani Taliban, the TTP" -> the
    acronym token, else None."""
    for app in [c for c in head.rights if c.dep_ == "appos"]:
        rest = [t for t in app.subtree if t != app and not (t.dep_ == "det" and t.head == app)]
        if not rest and app.is_upper and app.is_alpha and 2 <= len(app) <= 6:
            return app
    for app in [head] + [c for c in head.rights if c.dep_ == "appos"]:
        for known in app.rights:
            if known.dep_ != "acl" or known.lemma_ not in words("naming") or not any(
                    t.lemma_.lower() in words("initials") for t in known.subtree):
                continue
            # (the parse may hang the acronym on the apposition rather than on "known")
            return next((t for t in app.subtree if t.i > known.i and t.is_upper and
                         t.is_alpha and 2 <= len(t) <= 6), None)
    # "the National Liberation Army (ELN) guerrilla group": the bracketed acronym right after
    # the name, however the parse hung it
    doc = head.doc
    if head.i + 3 < len(doc) and doc[head.i + 1].text == "(" and doc[head.i + 3].text == ")":
        short = doc[head.i + 2]
        if short.is_upper and short.is_alpha and 2 <= len(short) <= 6:
            return short
    return None


def former(head: Token) -> bool:
    """A group told as one that was ("the former FARC guerrillas", "the defunct X": word set
    ``former``): no group a faction of it acts for."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in words("former")
               for c in head.subtree if c.i < head.i)


def backed_only(head: Token, toks: list[Token]) -> bool:
    """A generic head whose only name is its sponsor's in a hyphened affiliation ("the
    Iran-backed group", "the Kremlin-aligned militia": word set ``affiliation``): a
    description of a group told before, not its name. Only with "the"/"this"/"that": a
    bare "Iran-backed militias" is how the speaker names the doers."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.lefts):
        return False
    aff = {t for c in head.lefts if c.dep_ == "amod" and c.lemma_.lower() in words("affiliation")
           and any(t.tag_ == "HYPH" for t in c.subtree) for t in c.subtree}
    return bool(aff) and not any(t.pos_ == "PROPN" or t.is_title and t.i != toks[0].i
                                 for t in toks if t not in aff and t != head)


def named_after_comma(head: Token) -> Token | None:
    """The named phrase right after ``head``'s phrase and a comma, where the parse did not
    make it an apposition ("pinned the attack on its rival, the paramilitary RSF": "RSF"
    hung on the verb)."""
    doc, end = head.doc, head.right_edge.i
    if end + 2 >= len(doc) or doc[end + 1].text != ",":
        return None
    start = end + 2
    top = next((t for t in doc[start:head.sent.end] if t.left_edge.i == start and
                not (t.head.left_edge.i == start and t.head is not t)), None)
    return top if top is not None and _has_proper_name(_extent(top)) else None
