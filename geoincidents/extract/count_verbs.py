"""The words of a munition count in the parse: munition nouns, their numbers, and the
role verbs they go with.

A munition noun is a `rules/munitions.jsonl` record (or the last word of one: "surface
vessels"); its number is the number word the parse ties to it ("15 drones", "a dozen
rockets", "a missile"), or one set beside it between commas ("rockets, at least five",
"two waves of drones, eight in all"); a role verb is a `rules/roles.jsonl` record,
matched on the verb with its particle, governed verb or complements (`role`), and the
verbs a munition goes with are those the parse ties it to (`verbs`). `count_parse`
builds the counts of a sentence on these.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents.extract.lexicon import alternation, records
from geoincidents.extract.numbers import NUMBER, value

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

SUBJECT = ("nsubj",)
OBJECT = ("dobj", "nsubjpass", "obj")
_BETWEEN = re.compile(r"^between\s+", re.I)
#: participles that give a munition phrase its number ("the drones, numbering ten")
_NUMBERING = {"numbering", "totalling", "totaling", "totaled", "totalled"}


@lru_cache(maxsize=1)
def munition_rx() -> re.Pattern:
    return re.compile(alternation("munitions", "munition"), re.I)


@lru_cache(maxsize=1)
def roles() -> tuple[tuple[re.Pattern, str, str], ...]:
    """(verb phrase pattern, role, "subject" or "object") of every role record."""
    return tuple((re.compile(r["pattern"], re.I), r["role"], r.get("munition_as", "object"))
                 for r in records("roles"))


@lru_cache(maxsize=16384)
def _names_munition(words: str) -> bool:
    """Whether ``words`` are a munition's name (remembered: the count readers ask of the
    same few words thousands of times per article)."""
    return munition_rx().fullmatch(words) is not None


def is_munition(tok: Token) -> bool:
    """A munition noun, or the last word of one ("surface vessels" of "uncrewed surface
    vessels")."""
    doc = tok.doc
    flags = doc.user_data.get(_FLAGS)
    if flags is None:
        flags = doc.user_data[_FLAGS] = munition_flags(doc)
    return flags[tok.i]


#: where `is_munition` keeps a Doc's answers (``doc.user_data``)
_FLAGS = ("geoincidents.count_verbs", "munition")


def munition_flags(doc) -> list[bool]:
    """`is_munition` of every token of ``doc``, in one pass: the words ending at each
    token (itself, with the one or two before it) cut from the Doc's text by the tokens'
    offsets, as ``doc[k:i + 1].text`` gives them (the count readers ask this of the same
    sentence's tokens tens of times; making a Span for each question was ~7 % of a
    folder's extraction)."""
    from spacy.attrs import IDX, LENGTH

    if not len(doc):
        return []
    text = doc.text
    arr = doc.to_array([IDX, LENGTH]).tolist()
    return [any(_names_munition(text[arr[k][0]:start + length])
                for k in range(max(0, i - 2), i + 1))
            for i, (start, length) in enumerate(arr)]


def number(tok: Token) -> int | None:
    """The number a munition noun carries ("15 drones", "a dozen rockets", "a missile")."""
    nums = [c for c in tok.children if c.dep_ in ("nummod", "quantmod")]
    if nums:
        first = min(nums, key=lambda c: c.i)
        words = tok.doc[min(t.i for t in first.subtree):first.i + 1].text
        # "between 10 and 12 rockets": the range's first figure, its lower bound
        return value(_BETWEEN.sub("", words))
    for c in tok.children:
        # "the drones, numbering around ten, were shot down"
        if c.dep_ == "acl" and c.lower_ in _NUMBERING:
            said = [value(d.text) for d in c.children if d.dep_ in ("dobj", "attr", "npadvmod")]
            if any(said):
                return next(n for n in said if n)
    if tok.tag_ in ("NN", "NNP") or not tok.text.lower().endswith("s"):
        dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "amod")]
        if any(d in ("a", "an", "the", "one", "single", "lone", "this") for d in dets):
            return 1
    if tok.tag_ in ("NNS", "NNPS"):
        # "both drones" (a number word of the rules said as a determiner)
        said = [value(c.text) for c in tok.children if c.dep_ in ("det", "predet")]
        if any(said):
            return next(n for n in said if n)
        return _set_beside(tok)
    return None


# "fired rockets, at least five, at a patrol", "two waves of drones, eight in all, were
# launched": a number between commas right after a plural munition noun is its count
# (not "rockets, two of which hit": a part; nor "drones, one at Kyiv": no closing comma)
_BESIDE = re.compile(rf"\s*,\s*{NUMBER}(?:\s+(?:in\s+all|in\s+total|all\s+told|altogether))?"
                     r"\s*(?:[,;.]|$)", re.I)


def _set_beside(tok: Token) -> int | None:
    """The number set between commas after the plural munition noun ``tok``, or None."""
    m = _BESIDE.match(tok.doc.text, tok.idx + len(tok.text))
    n = value(m.group("num")) if m else None
    return n if n and n > 1 else None


def _phrase(verb: Token) -> str:
    """The verb with its particle, or with the verb it governs ("shot down", "failed to
    explode", "loaded with")."""
    words = [verb]
    # ("shot one of them down": the particle after the object, parsed as an adverb)
    words += [c for c in verb.children if c.dep_ == "prt" or
              ((c.i == verb.i + 1 or (c.dep_ == "advmod" and c.i > verb.i)) and
               c.lower_ in ("down", "up", "off", "out"))]
    x = [c for c in verb.children if c.dep_ == "xcomp"]
    if x:
        # ("failed to take off": the governed verb's particle too)
        words += [c for c in x[0].children if c.dep_ in ("aux", "prt")] + [x[0]]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _variants(verb: Token) -> list[str]:
    """The verb phrase, then the phrase with each of its complements ("knocked out of the
    sky", "was in the launcher", "left its launch tube"); a negation goes before them all
    ("never left its launch tube"), so "did not land" is no landing."""
    neg = " ".join(c.text for c in verb.children if c.dep_ == "neg")
    base = (neg + " " if neg else "") + _phrase(verb)
    out = [base]
    for c in verb.children:
        if c.dep_ in ("prep", "dobj") and c.i > verb.i:
            out.append(base + " " + " ".join(t.text for t in c.subtree))
    if any(c.dep_ == "advmod" and c.lower_ == "still" and c.i < verb.i for c in verb.children):
        # "found two rockets still mounted on a rail": the munitions' state, still
        out += ["still " + v for v in list(out)]
    # the whole clause after the verb ("found the next morning still sitting on its rail")
    # (up to a semicolon: "found two rockets still on a rail; their fuses had failed")
    stop = next((t.i for t in verb.subtree if t.i > verb.i and t.text in (";", ":")),
                len(verb.doc))
    right = [t.text for t in verb.subtree if verb.i < t.i < stop and not t.is_punct]
    if right:
        out.append(base + " " + " ".join(right))
    return out


def role(verb: Token, position: str, prep: str | None = None) -> str | None:
    texts = [t + (f" {prep}" if prep else "") for t in _variants(verb)]
    for rx, role, where in roles():
        if where in (position, "either") and any(rx.fullmatch(t) for t in texts):
            return role
    return None


def verbs(tok: Token) -> list[tuple[Token, str, str | None]]:
    """(verb, "subject"/"object", preposition) of each verb the munition phrase at ``tok``
    goes with."""
    out = []
    head, dep = tok.head, tok.dep_
    if dep == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN") and \
            not is_munition(head.head):
        # "a barrage of eight rockets", "a salvo of missiles": the container's verbs
        return verbs(head.head)
    if dep == "pobj" and head.lower_ == "with" and head.head.pos_ in ("NOUN", "PROPN") and \
            not is_munition(head.head):
        # "found a launcher with one rocket still in its rail", "a pickup with five
        # rockets loaded was seized": the munitions go with what was seized (no other
        # role: "a truck with ten rockets was hit" says nothing of the rockets)
        return [(v, w, p) for v, w, p in verbs(head.head) if role(v, w, p) == "n_seized"]
    if dep in SUBJECT and head.tag_ == "VBN" and head.dep_ in ("csubj", "csubjpass") and \
            head.head.pos_ in ("VERB", "AUX"):
        # "three of the four drones launched at the airport were intercepted": the parser
        # takes the participle for a clause that is the main verb's subject; the munitions
        # are that verb's subject (its object, said in the passive)
        out.append((head.head, "object" if head.dep_ == "csubjpass" else "subject", None))
    if dep in SUBJECT and head.pos_ in ("VERB", "AUX"):
        out.append((head, "subject", None))
        # "got through and struck", "got past the defences and exploded": same subject
        out += [(c, "subject", None) for c in head.conjuncts
                if c.i > head.i and c.pos_ == "VERB" and
                not any(d.dep_ in ("nsubj", "nsubjpass") for d in c.children)]
    elif dep in OBJECT and head.pos_ in ("VERB", "AUX"):
        out.append((head, "object", None))
    elif dep == "pobj" and head.dep_ == "agent" and head.head.pos_ == "VERB":
        out.append((head.head, "subject", None))  # "hit by two rockets": they hit
    elif dep == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        out.append((head.head, "object", head.lower_))  # "loaded with twelve rockets"
        if head.lower_ == "with" and role(head.head, "object") == "n_seized" and any(
                c.dep_ in OBJECT and not is_munition(c) for c in head.head.children):
            # "seized a truck with twelve rockets" (the parser hangs "with" on the verb)
            out.append((head.head, "object", None))
    # "the drones launched at Kyiv": a participle said of it
    out += [(c, "object", None) for c in tok.children
            if c.dep_ == "acl" and c.tag_ == "VBN"]
    # "the four drones that got through hit ...": the relative clause's own verb
    out += [(c, "subject", None) for c in tok.children if c.dep_ == "relcl" and
            any(d.dep_ == "nsubj" and d.tag_ == "WDT" for d in c.children)]
    return out
