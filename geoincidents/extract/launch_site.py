"""Launch sites from the dependency parse: a place in a phrase of a launching verb.

`place_roles` marks "launched from X" by the words just before the name; it misses a few
words more ("fired from the town of Abu Ghraib", "had been launched from near the town of
Hit", "launched from Yemen's Hodeidah province") and other verbs ("had taken off from an
area near X", "originating in X"). Here a place mention is a launch site when, going up
the parse from its words, a preposition is reached whose verb and preposition make a
record of ``rules/launch_sites.jsonl`` (a firing verb of ``rules/roles.jsonl`` and
"from"; "originate" and "in"; "take" with "off" and "from"), before any other verb (a
participle describing a noun of the phrase, "a truck parked outside X", "an area held by
a militia near X", is no verb of another clause).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents.extract.lexicon import alternation, grouped, records

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

#: how far up the parse a place may sit below its "from" ("from near the town of X",
#: "from a launcher hidden among palms on farmland near X")
_MAX_UP = 9


def _describes_noun(verb: Token) -> bool:
    """A participle that only says where the noun before it was ("a truck *parked* outside
    X", "a launcher *hidden* among palms near X"): part of that noun's phrase, not a clause
    of another action."""
    return verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBG")


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[re.Pattern, str, str | None, re.Pattern], ...]:
    """The verb rules of ``rules/launch_sites.jsonl``: (verb pattern, matched on the verb's
    "text" only or its "lemma" too, the particle the verb must have or None, preposition
    pattern)."""
    out = []
    for rec in records("launch_sites"):
        if rec.get("aims") or rec.get("shooters"):
            continue
        if "verbs_of" in rec:
            verb, on = grouped("roles", "role")[rec["verbs_of"]], "text"
        else:
            verb, on = rec["verb"], "lemma"
        out.append((re.compile(verb, re.I), on, rec.get("particle"),
                    re.compile(rec["prep"], re.I)))
    return tuple(out)


@lru_cache(maxsize=1)
def from_verbs() -> str:
    """The words of the launch rules that take "from" (the verb, then its particle), as one
    alternation: for `place_roles`, which reads launch sites from the words before a name
    where the parse is not asked."""
    parts = []
    for rec in records("launch_sites"):
        if rec.get("aims") or rec.get("shooters") or \
                not re.fullmatch(rec["prep"], "from", re.I):
            continue
        verb = grouped("roles", "role")[rec["verbs_of"]] if "verbs_of" in rec else rec["verb"]
        parts.append(f"(?:{verb})" + (rf"\s+{rec['particle']}" if rec.get("particle") else ""))
    return "(?:" + "|".join(parts) + ")"


def says(pattern: re.Pattern, verb: Token) -> bool:
    """Whether ``pattern`` (a roles record's verb) reads the word ``verb``: matched in the
    text from the verb on, so that the record's look-ahead holds ("shot down" is an
    interception, not a firing), and ending with the word."""
    m = pattern.match(verb.doc.text, verb.idx)
    return m is not None and m.end() == verb.idx + len(verb.text)


def launching(prep: Token) -> bool:
    """Whether the preposition ``prep`` opens a launch-site phrase of its verb (a record of
    ``rules/launch_sites.jsonl``)."""
    verb = prep.head
    # (a participle after its noun may be tagged a noun: "a drone originating in X")
    if verb is prep or (verb.pos_ not in ("VERB", "AUX") and verb.dep_ != "acl"):
        return False
    for pattern, on, particle, preps in _rules():
        if not preps.fullmatch(prep.lower_):
            continue
        if not (says(pattern, verb) or on == "lemma" and pattern.fullmatch(verb.lemma_)):
            continue
        if particle is None or any(c.dep_ == "prt" and c.lower_ == particle
                                   for c in verb.children):
            return True
    return False


@lru_cache(maxsize=1)
def _aims() -> re.Pattern:
    """The prepositions of where fire went (``aims`` records)."""
    return re.compile("|".join(r["prep"] for r in records("launch_sites") if r.get("aims")),
                      re.I)


@lru_cache(maxsize=1)
def _shooters() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(prepositions of where the shooters were, firing verbs, munition nouns)."""
    preps = "|".join(r["prep"] for r in records("launch_sites") if r.get("shooters"))
    return (re.compile(preps, re.I), re.compile(grouped("roles", "role")["n_fired"], re.I),
            re.compile(alternation("munitions", "munition"), re.I))


def _fired_munition(verb: Token, shot: tuple[Token, ...]) -> bool:
    """Whether ``verb`` is a firing verb and one of ``shot`` (its object, its passive
    subject, the noun it describes) names a munition."""
    _, firing, munition = _shooters()
    return says(firing, verb) and any(
        munition.fullmatch(t.text) or munition.fullmatch(t.lemma_) for t in shot)


def _shooters_place(noun: Token) -> bool:
    """Whether ``noun`` is who fired: the subject of a firing verb whose object is a
    munition ("militants in X fired rockets"), or its passive's agent ("rockets launched
    by fighters in X")."""
    head = noun.head
    if noun.dep_ == "nsubj":
        return _fired_munition(head, tuple(c for c in head.children if c.dep_ == "dobj"))
    if noun.dep_ == "pobj" and head.dep_ == "agent" and head.head is not head:
        verb = head.head
        shot = tuple(c for c in verb.children if c.dep_ == "nsubjpass")
        return _fired_munition(verb, shot + ((verb.head,) if verb.dep_ == "acl" else ()))
    return False


def from_firing_verb(tok: Token) -> bool:
    """Whether ``tok`` sits in a launch-site phrase of a launching verb ("fired from",
    "originating in", "took off from") or in the phrase of those who fired ("militants in
    X fired rockets")."""
    if tok.head.dep_ == "prep" and _aims().fullmatch(tok.head.lower_):
        return False  # "... from positions in X at Y": Y is where the fire went
    cur, among = tok, False
    for _ in range(_MAX_UP):
        head = cur.head
        if head is cur:
            return False
        if cur.dep_ == "prep" and launching(cur):
            return True
        if cur.dep_ == "prep" and _shooters()[0].fullmatch(cur.lower_):
            among = True
        if among and cur.pos_ in ("NOUN", "PROPN", "PRON") and _shooters_place(cur):
            return True
        if cur.lower_ == "from":
            return False  # a "from" of another verb ("driving from X")
        if cur.pos_ in ("VERB", "AUX") and not _describes_noun(cur):
            return False  # another clause
        cur = head
    return False


def mark_launch_sites(span: Span, offset: int, mentions) -> None:
    """Give the role "launch" to the mentions of the sentence (article offsets; the
    sentence starts at ``offset``) that the parse puts in a "from" phrase of a firing
    verb."""
    for m in mentions:
        if m.role == "launch" or m.role == "context":
            continue
        words = span.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
        if words is not None and len(words) and from_firing_verb(words.root):
            m.role = "launch"


def launch_words(span: Span) -> str | None:
    """The words of the first "from" phrase of a firing verb that names a place the
    gazetteer may not know ("fired from the Nahrawan area"): its object with the words
    under it, when a proper noun is among them."""
    for tok in span:
        if tok.dep_ == "prep" and launching(tok):
            objs = [c for c in tok.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                words = list(objs[0].subtree)
                if any(w.pos_ == "PROPN" for w in words):
                    return span.doc[words[0].i:words[-1].i + 1].text
    return None


def launch_of(group, launches, groups) -> list:
    """The launch mentions of a sentence that go with one of its site groups: all of them
    when the sentence has one group; else those nearer to this group's words than to any
    other group's ("rockets fired from X struck A, and a drone hit B": X goes with A)."""
    if len(groups) <= 1:
        return list(launches)

    def gap(m, g) -> int:
        return min(abs(m.start - o.start) for o in g)

    return [m for m in launches if min(groups, key=lambda g: gap(m, g)) is group]
