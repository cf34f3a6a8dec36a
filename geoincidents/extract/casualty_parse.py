"""Victims added up from the dependency parse: the list a casualty verb is said of.

`casualties` reads victims with patterns beside the casualty word; a list of several kinds
of victims is beyond a window ("killing the mosque's prayer leader, his brother and five
other worshippers", "Ahmad Karimi, Said Rahman and eight other people were killed"). Here
the victims are the object of an active casualty verb ("killing", "wounded") or the
subject of a passive one ("were killed"), with the nouns joined to it by "and" or set
beside it; each counts its number ("five other worshippers": 5), one for a singular noun
or a name. A noun that names the same person ("the driver, Gul Agha") or the members of a
group already counted ("three soldiers, a sergeant and two privates") is not added, nor
are the attackers. The casualty words and person nouns are `rules/casualties.jsonl`
records; the list is read only when every item is a person (else it is no victims' list:
"killing two guards and destroying a truck").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents.extract import demonyms
from geoincidents.extract.lexicon import alternation, records
from geoincidents.extract.numbers import value

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

#: the dependency labels of a casualty verb's victims: an active verb's object, a passive
#: verb's subject ("died": its subject)
_VICTIM_DEPS = ("dobj", "nsubjpass")


@lru_cache(maxsize=1)
def _hurt_words() -> tuple[tuple[re.Pattern, str], ...]:
    """(one-word casualty word, kind) of the ``hurt`` records ("killed", "wounding")."""
    return tuple((re.compile(r["hurt"], re.I), r["kind"]) for r in records("casualties")
                 if "hurt" in r and re.fullmatch(r"[a-z]+", r["hurt"]))


@lru_cache(maxsize=1)
def _person() -> re.Pattern:
    """A person noun or one-person title of the rules, or a country's demonym."""
    return re.compile(rf"(?:{alternation('casualties', 'person')[3:-1]}|"
                      rf"{alternation('casualties', 'title')[3:-1]}|"
                      rf"{demonyms.alternation(demonyms.countries())[3:-1]})", re.I)


@lru_cache(maxsize=1)
def _attacker() -> re.Pattern:
    return re.compile(alternation("casualties", "person", attacker=True), re.I)


def _kind(verb: Token) -> str | None:
    if verb.pos_ not in ("VERB", "AUX") and verb.tag_ not in ("VBN", "VBD", "VBG"):
        return None
    for rx, kind in _hurt_words():
        if rx.fullmatch(verb.text):
            return kind
    return None


def _noun_words(tok: Token) -> str:
    """The noun with its compound words ("passer - by" -> "passer-by", "police officer")."""
    words = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i] + [tok]
    return re.sub(r"\s*-\s*", "-", " ".join(t.text for t in words))


def _is_person(tok: Token) -> bool:
    if tok.pos_ == "PROPN":
        return tok.ent_type_ in ("PERSON", "")
    rx = _person()
    return bool(rx.fullmatch(tok.text) or rx.fullmatch(_noun_words(tok)))


def _count(tok: Token) -> int | None:
    """How many people a list item is: its number, or one for a name or a singular noun."""
    nums = [c for c in tok.children if c.dep_ == "nummod"]
    if nums:
        first = nums[0]
        return value(tok.doc[min(t.i for t in first.subtree):first.i + 1].text)
    if tok.pos_ == "PROPN" or tok.tag_ == "NN":
        return 1
    return None


def _items(head: Token) -> list[Token]:
    """The victims' nouns: the head and the nouns joined to it by "and" or set beside it."""
    out = [head]
    group = _count(head) != 1 or head.tag_ in ("NNS", "NNPS")
    for c in head.children:
        if c.dep_ == "conj" and _named_aside(head, c):
            # "the driver, Gul Agha, and two passengers": the parser's conjunct is the
            # driver's name between commas; the list goes on after it
            out += [t for d in c.children if d.dep_ == "conj" for t in _items(d)]
        elif c.dep_ == "conj":
            out += _items(c)
        elif c.dep_ == "appos" and not group and (c.pos_ == "PROPN") == (head.pos_ == "PROPN"):
            # "the prayer leader, his brother and ...": another person; not "the driver,
            # Gul Agha" nor "Soleimani, the commander" (the same one, named or described),
            # nor "three soldiers, a sergeant ..." (their members)
            out += _items(c)
    return out


def _named_aside(head: Token, name: Token) -> bool:
    """Whether ``name`` is a name set between commas after a singular common noun."""
    doc = head.doc
    left = name.left_edge.i
    return (name.pos_ == "PROPN" and head.pos_ != "PROPN" and head.tag_ == "NN" and
            left > 0 and doc[left - 1].text == "," and name.i + 1 < len(doc) and
            doc[name.i + 1].text == ",")


def _victims_of(verb: Token) -> tuple[int, int, int, int] | None:
    """(number, first, last token index, number of nouns) of the victims one casualty verb is said of, or
    None when they are not all people with a number ("killing two guards and a truck")."""
    deps = _VICTIM_DEPS + (("nsubj",) if verb.lemma_ == "die" else ())
    for head in [c for c in verb.children if c.dep_ in deps]:
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            return None  # "two of whom died": counted among others, see `casualties`
        items = _items(head)
        if not all(_is_person(t) for t in items):
            return None
        counts = [0 if _attacker().fullmatch(t.text) else _count(t) for t in items]
        if any(n is None for n in counts) or not sum(counts):
            return None
        return (sum(counts), min(t.left_edge.i for t in items), max(t.i for t in items),
                len(items))
    return None


def victims(span: Span) -> list[tuple[str, int, str]]:
    """(kind, number, words) of each list of two or more victims in the parsed sentence,
    and of victims told by clauses joined by "and" ("the blast killed two guards, and a
    bank employee died later": three)."""
    out = []
    doc = span.doc
    for verb in span:
        kind = _kind_of(verb)
        if kind is None or (verb.dep_ == "conj" and _kind_of(verb.head) == kind):
            continue  # (a clause joined to one of its kind is added to that one)
        clauses = [v for v in [verb] + [c for c in verb.conjuncts if c.i > verb.i]
                   if v is verb or _kind_of(v) == kind]
        told = [t for t in (_victims_of(v) for v in clauses) if t is not None]
        n_items = sum(t[3] for t in told)
        if not told or (len(told) < 2 and n_items < 2) or len(told) < len(clauses):
            continue
        lo, hi = min(t[1] for t in told), max(t[2] for t in told)
        out.append((kind, sum(t[0] for t in told), doc[lo:hi + 1].text))
    return out


def _kind_of(verb: Token) -> str | None:
    return _kind(verb) or ("killed" if verb.lemma_ == "die" and verb.pos_ == "VERB" else None)
