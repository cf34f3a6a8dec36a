"""Victims added up from the dependency parse: the list a casualty verb is said of.

`casualties` reads victims with patterns beside the casualty word; a list of several kinds
of victims is beyond a window ("killing the mosque's prayer leader, his brother and five
other worshippers", "Ahmad Karimi, Said Rahman and eight other people were killed"). Here
the victims are the object of an active casualty verb ("killing", "wounded") or the
subject of a passive one ("were killed"), with the nouns joined to it by "and" or set
beside it; each counts its number ("five other worshippers": 5), one for a singular noun
or a name. A noun that names the same person ("the driver, Gul Agha") or the members of a
group already counted ("three soldiers, a sergeant and two privates") is not added; the
attackers are counted apart (`attacker_toll`). The casualty words and person nouns are `rules/casualties.jsonl`
records; the list is read only when every item is a person (else it is no victims' list:
"killing two guards and destroying a truck").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents.extract import attacker_toll, demonyms
from geoincidents.extract.lexicon import alternation, records
from geoincidents.extract.numbers import VAGUE, value

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

#: words standing for victims that the rules read, or no victims ("none was hurt")
_NOT_COUNTED = {"who", "that", "which", "none", "nobody", "anyone", "anybody", "everyone",
                "nothing", "neither", "all", "both", "each"}
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


@lru_cache(maxsize=1)
def _no_person() -> re.Pattern:
    """Nouns that are no person ("the building", "the convoy"): the ``not_one`` records."""
    return re.compile(alternation("casualties", "not_one"), re.I)


def _is_person(tok: Token, loose: bool = False) -> bool:
    """Whether a victim's noun is a person: a name, or a person noun of the rules; with
    ``loose``, any common noun that is no thing of the ``not_one`` records nor an entity
    other than a person or group (a killing verb's victims are living: "killed a senior
    bomb maker", "Five 'infiltrators' were killed")."""
    rx = _person()
    if tok.pos_ == "PROPN":
        # (a demonym the NER took for a group is a person noun: "three Pakistanis")
        return tok.ent_type_ in ("PERSON", "NORP", "") or bool(rx.fullmatch(tok.text)) \
            if loose else tok.ent_type_ in ("PERSON", "")
    if rx.fullmatch(tok.text) or rx.fullmatch(_noun_words(tok)):
        return True
    if loose and tok.like_num:  # "six of them": of the people told before
        return any(o.lower_ in ("them", "those") for c in tok.children if c.lower_ == "of"
                   for o in c.children)
    return loose and tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ in ("", "NORP") and \
        not _no_person().fullmatch(tok.lemma_)


def _count(tok: Token) -> int | None:
    """How many people a list item is: its number, or one for a name or a singular noun."""
    nums = [c for c in tok.children if c.dep_ == "nummod"]
    if nums:
        first = nums[0]
        return value(tok.doc[min(t.i for t in first.subtree):first.i + 1].text)
    if tok.pos_ == "PROPN" or tok.tag_ == "NN":
        return 1
    if tok.like_num and tok.dep_ == "dobj":  # "shot six of them dead"
        return value(tok.text)
    return None


def _items(head: Token) -> list[Token]:
    """The victims' nouns: the head and the nouns joined to it by "and", "along with" or
    set beside it."""
    out = [head]
    group = _count(head) != 1 or head.tag_ in ("NNS", "NNPS")
    out += [t for w in _along_with(head) for t in _items(w)]
    for c in head.children:
        if c.dep_ == "conj" and _named_aside(head, c):
            # "the driver, Gul Agha, and two passengers": the parser's conjunct is the
            # driver's name between commas; the list goes on after it
            out += [t for d in c.children if d.dep_ == "conj" for t in _items(d)]
        elif c.dep_ == "conj":
            out += _items(c)
        elif c.dep_ == "appos" and not group and (c.pos_ == "PROPN") == (head.pos_ == "PROPN") \
                and not _one_of(c):
            # "the prayer leader, his brother and ...": another person; not "the driver,
            # Gul Agha" nor "Soleimani, the commander" (the same one, named or described),
            # nor "three soldiers, a sergeant ..." (their members)
            out += _items(c)
    return out


def _split_subject(verb: Token, head: Token) -> list[Token]:
    """The rest of a list the parser split into two subjects of the verb ("X, 71, and his
    wife Y, 68, died": "and" hangs on the first name, the wife is a second subject)."""
    if not any(c.dep_ == "cc" for c in head.children) or \
            any(c.dep_ == "conj" for c in head.children):
        return []
    return [c for c in verb.children if c.dep_ == head.dep_ and c.i > head.i]


def _one_of(tok: Token) -> bool:
    """Whether an appositive is "one of the ..." said of the noun before it ("a boy, one of
    the deaths residents still mention"): the same person described, no other."""
    return tok.lower_ == "one" and any(c.dep_ == "prep" and c.lower_ == "of"
                                       for c in tok.children)


def _along_with(tok: Token) -> list[Token]:
    """The nouns of "along with X", "together with X", "as well as X" said of ``tok``
    ("a mechanic was wounded, along with a trader")."""
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "with" and c.i > 0 and \
                tok.doc[c.i - 1].lower_ in ("along", "together"):
            out += [o for o in c.children if o.dep_ == "pobj"]
        elif c.dep_ in ("advmod", "prep") and c.lower_ in ("along", "together"):
            out += [o for w in c.children if w.lower_ == "with" for o in w.children
                    if o.dep_ == "pobj"]
            out += [o for o in c.children if o.dep_ == "pobj"]
    return out


#: verbs of saying whose subject a list of victims may swallow
_SAY = ("say", "tell", "report", "add", "confirm")


def _without_speakers(items: list[Token]) -> list[Token]:
    """The list's items without those that say the sentence: "killing four people, two
    officers and a witness said" (the speech verb right after the list has no subject of
    its own) are four victims; the items from the last one after a comma on speak."""
    if len(items) < 2:
        return items
    doc = items[0].doc
    after = max(t.right_edge.i for t in items) + 1
    if after >= len(doc) or doc[after].lemma_ not in _SAY or \
            any(c.dep_ in ("nsubj", "nsubjpass") for c in doc[after].children):
        return items
    ordered = sorted(items, key=lambda t: t.i)
    cut = max((k for k, t in enumerate(ordered) if k and t.left_edge.i > 0 and
               doc[t.left_edge.i - 1].text == ","), default=None)
    if cut is None:
        return items
    return [t for t in items if t.i < ordered[cut].left_edge.i]


def _quoted(head: Token) -> bool:
    """Whether the victims' words open with a quotation mark (a claim quoted)."""
    left = head.left_edge.i
    quotes = ('"', "“", "'", "‘")
    return head.doc[left].text in quotes or (left > 0 and head.doc[left - 1].text in quotes)


def _named_aside(head: Token, name: Token) -> bool:
    """Whether ``name`` is a name set between commas after a singular common noun."""
    doc = head.doc
    left = name.left_edge.i
    return (name.pos_ == "PROPN" and head.pos_ != "PROPN" and head.tag_ == "NN" and
            left > 0 and doc[left - 1].text == "," and name.i + 1 < len(doc) and
            doc[name.i + 1].text == ",")


def _victims_of(verb: Token, loose: bool = False
                ) -> tuple[int, int, int, int, int] | None:
    """(number, first, last token index, number of nouns, number of attackers among them)
    of the victims one casualty verb is said of, or None when they are not all people with
    a number ("killing two guards and a truck"); ``loose``: see `_is_person`. The attackers
    ("three guards and two gunmen were killed": two) are not in the number
    (`attacker_toll`)."""
    deps = _VICTIM_DEPS + (("nsubj",) if verb.lemma_ in _DIE else ())
    for head in [c for c in verb.children if c.dep_ in deps]:
        if (head.like_num or head.pos_ in ("NUM", "PRON")) and head.dep_ != "dobj" and \
                any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            # "two of whom died": counted among others, see `casualties` ("shot six of
            # them dead": six)
            return None
        if head.pos_ == "PRON" or head.lower_ in _NOT_COUNTED or \
                VAGUE.search(head.doc[head.left_edge.i:head.i + 1].text):
            # "who were killed", "none was hurt" (the rules' words), "a large number of
            # civilians" (no number)
            return None
        if loose and _quoted(head):
            return None  # 'said it had killed "more than 20 soldiers"': a claim's words
        # ("a trader was wounded, along with a mechanic": said of the verb)
        items = _without_speakers(_items(head) + [t for w in _along_with(verb)
                                                  for t in _items(w)] +
                                  [t for w in _split_subject(verb, head) for t in _items(w)])
        if not all(_is_person(t, loose) for t in items):
            return None
        counts = [_count(t) for t in items]
        if any(n is None for n in counts):
            return None
        # (a bomber killed by his own charge is never counted)
        theirs = sum(n for n, t in zip(counts, items) if _attacker().fullmatch(t.text) and
                     not (_kind_of(verb) == "killed" and
                          attacker_toll.own_charge(_noun_words(t), verb.sent.text)))
        counts = [0 if _attacker().fullmatch(t.text) else n for n, t in zip(counts, items)]
        if not sum(counts) and not theirs:
            return None
        # "killing Lieutenant X and a conscript serving with him": the parser may take "a
        # conscript serving" for a clause joined to the verb; a clause has no determiner
        doc = verb.doc
        items += [c for c in verb.children if c.dep_ in ("conj", "ccomp") and c.tag_ == "VBG"
                  and c.i > head.i and doc[c.left_edge.i].lower_ in ("a", "an") and
                  doc[c.left_edge.i - 1].lower_ == "and"]
        counts += [1] * (len(items) - len(counts))
        total = sum(counts)
        if len(counts) > 2 and counts[0] == sum(counts[1:]):
            total = counts[0]  # "eleven people, nine soldiers and two guards": a breakdown
        return (total, min(t.left_edge.i for t in items), max(t.i for t in items),
                len(items), theirs)
    return None


def list_items(head: Token) -> list[Token]:
    """The nouns of a list of victims headed by ``head`` (`listed_victims`)."""
    return _items(head)


def is_person(tok: Token, loose: bool = False) -> bool:
    """Whether a victim's noun is a person (`_is_person`)."""
    return _is_person(tok, loose)


def count(tok: Token) -> int | None:
    """How many people a list item is (`_count`)."""
    return _count(tok)


def victims(span: Span, *, single: bool = False) -> list[tuple[str, int, str, int]]:
    """(kind, number, words, number of attackers apart) of each list of two or more victims in the parsed sentence,
    and of victims told by clauses joined by "and" ("the blast killed two guards, and a
    bank employee died later": three); ``single``: of one victim or group too, of any
    living noun ("killed a senior bomb maker", "A 41-year-old teacher died"), for a kind
    the rules' patterns did not read."""
    out = []
    doc = span.doc
    for verb in span:
        kind = _kind_of(verb)
        if kind is None or (verb.dep_ == "conj" and _kind_of(verb.head) == kind):
            continue  # (a clause joined to one of its kind is added to that one)
        if _wounded_who_died(verb):
            continue  # "a policeman wounded in the bombing died": see `died_of_wounds`
        clauses = [v for v in [verb] + [c for c in verb.conjuncts if c.i > verb.i]
                   if v is verb or _kind_of(v) == kind]
        told = [t for t in (_victims_of(v, loose=True) for v in clauses) if t is not None]
        n_items = sum(t[3] for t in told)
        if not told or (len(told) < 2 and n_items < 2 and not single) or \
                len(told) < len(clauses):
            continue
        lo, hi = min(t[1] for t in told), max(t[2] for t in told)
        out.append((kind, sum(t[0] for t in told), doc[lo:hi + 1].text,
                    sum(t[4] for t in told)))
    return out


#: verbs of dying whose subject is the dead ("died", "succumbed to his wounds")
_DIE = ("die", "succumb")


def _kind_of(verb: Token) -> str | None:
    if verb.pos_ == "VERB" and any(c.lower_ == "dead" and c.dep_ in ("oprd", "acomp", "xcomp")
                                   for c in verb.children):
        return "killed"  # "shot six of them dead", "left three people dead"
    return _kind(verb) or ("killed" if verb.lemma_ in _DIE and verb.pos_ == "VERB" else None)


def _wounded_who_died(tok: Token) -> Token | None:
    """The subject of a verb of dying that a wounding participle describes ("a soldier
    wounded in Tuesday's attack died in hospital"), or None."""
    if tok.lemma_ not in _DIE or tok.pos_ != "VERB":
        return None
    for subj in (c for c in tok.children if c.dep_ == "nsubj"):
        if any(c.dep_ == "acl" and c.tag_ == "VBN" and _kind(c) == "injured"
               for c in subj.children):
            return subj
    return None


def died_of_wounds(span: Span) -> int:
    """How many people the sentence says died of wounds told before ("A policeman wounded
    in Monday's bombing died of his injuries on Wednesday": one): they move from the
    injured to the killed (`toll.Casualties.died`)."""
    return sum(_count(s) or 0 for t in span for s in [_wounded_who_died(t)] if s is not None)
