"""Launch sites from the dependency parse: a place in a "from" phrase of a firing verb.

`place_roles` marks "launched from X" by the words just before the name; it misses a few
words more ("fired from the town of Abu Ghraib", "had been launched from near the town of
Hit", "launched from Yemen's Hodeidah province"). Here a place mention is a launch site
when, going up the parse from its words, a "from" is reached whose verb is a firing verb
(a `rules/roles.jsonl` record of role ``n_fired``, or "originated"), before any other verb
(a participle describing a noun of the phrase, "a truck parked outside X", is no verb of
another clause).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents.extract.lexicon import grouped

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
def _firing() -> re.Pattern:
    return re.compile(grouped("roles", "role")["n_fired"] + r"|originat\w+", re.I)


def from_firing_verb(tok: Token) -> bool:
    """Whether ``tok`` sits in a "from" phrase of a firing verb."""
    cur = tok
    for _ in range(_MAX_UP):
        head = cur.head
        if head is cur:
            return False
        if cur.lower_ == "from" or (cur.dep_ == "prep" and cur.lower_ == "from"):
            return bool(head.pos_ in ("VERB", "AUX") and _firing().fullmatch(head.text))
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
        if tok.lower_ == "from" and tok.dep_ == "prep" and tok.head.pos_ in ("VERB", "AUX") \
                and _firing().fullmatch(tok.head.text):
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
