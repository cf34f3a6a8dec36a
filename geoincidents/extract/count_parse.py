"""Munition counts by role from the dependency parse: who or what the role verb is said of.

`counts.munition_counts` reads a role verb in a window of words beside a munition phrase;
it misses a verb a clause away ("the four drones that got through hit a substation", "one
of them got past the air defences and exploded", "the Iron Dome intercepted five") and
takes verbs said of something else ("targeted by 15 drones" is no landing). Here a count
is a munition phrase ("15 drones", "two of the seven rockets", "the remaining six", "the
third", "a missile") and its role comes from the verbs the parse ties it to: the verb it is
the subject of (and the verbs joined to that one by "and"), the verb it is the object or
passive subject of, the participle that modifies it ("drones launched at Kyiv"), the verb
a relative pronoun standing for it is the object of ("a missile, which air defences
intercepted").

The role verbs are the `rules/roles.jsonl` records; a record's ``munition_as`` says
whether the munition does it (``"subject"``: it landed, exploded, failed to explode) or
has it done to it (``"object"``, the default: fired, intercepted, seized, loaded with),
or ``"either"``; a ``parse_only`` record is read here alone ("destroyed": an interception
only when the munition is its object).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents.extract.count_verbs import OBJECT as _OBJECT, SUBJECT as _SUBJECT
from geoincidents.extract.count_verbs import is_munition as _is_munition, number as _number
from geoincidents.extract.count_verbs import role as _role, roles as _roles, verbs as _verbs
from geoincidents.extract.lexicon import alternation, grouped, records
from geoincidents.extract.numbers import NUMBER_WORDS, ORDINALS, value

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

#: a word that stands for munitions already named ("the other three", "the third")
_ORDINAL = re.compile(ORDINALS, re.I)
_REST = {"other", "remaining", "rest"}
#: number words said as nouns ("a pair", "a trio"): the phrase-only number words of two
#: or more
_NUMBER_NOUNS = {r["word"] for r in records("numbers")
                 if r.get("phrase_only") and r.get("value", 0) >= 2 and r["word"] != "both"}
#: words that make "one of the N" all N ("every one of the eleven drones")
_EVERY = {"every", "each"}
#: roles whose verbs are said of people as well ("sent", "found", "carried")
_SAID_OF_PEOPLE_TOO = {"n_fired", "n_seized", "n_loaded"}
#: a sentence that may count munitions named before it ("the other five came down", "the
#: third crashed", "nine of them"): parsed even with no event word (see `parsed`)
_ALONE_VERBS = "|".join(v for k, v in grouped("roles", "role").items()
                       if k in ("n_intercepted", "n_misfired"))
_LANDED_VERBS = grouped("roles", "role")["n_landed"]
#: a clause whose subject is a bare number or quantifier standing for munitions told
#: before, with a verb said of munitions alone ("Four were intercepted", "Both were shot
#: down", "Neither was intercepted", "One of the three was shot down")
QUANTIFIED = re.compile(rf"(?:^|[,;]\s*|\b(?:while|and|but)\s+)(?:both|neither|none|all\s+"
                        rf"(?:of\s+them|\d+|{NUMBER_WORDS})|(?:\d+|{NUMBER_WORDS})(?:\s+of\s+"
                        rf"(?:them|these|those|the\s+(?:\d+|{NUMBER_WORDS})))?)\s+(?:were|was|had\s+"
                        rf"been|have\s+been)\s+(?:\w+\s+)?(?:{_ALONE_VERBS})\b", re.I)
#: munitions said to have been seized in a sentence that names no event ("eight rockets,
#: together with two launch rails, were seized"): a count of seized munitions alone
SEIZED = re.compile(rf"\b{alternation('munitions', 'munition')}\b[^.;]{{0,80}}?\b(?:were|was|"
                    rf"had\s+been|have\s+been)\s+(?:\w+\s+)?{grouped('roles', 'role')['n_seized']}\b",
                    re.I)
#: a sentence that may count munitions told before it
REFERS = re.compile(rf"\bthe\s+(?:{'|'.join(_REST)}|{_ORDINAL.pattern})\b|"
                       rf"\b(?:an?|another)\s+(?:{_ORDINAL.pattern})\b(?!\s+(?:time|day|attack))|"
                       r"\b(?:of|all)\s+(?:them|these|those)\b|"
                       r"\b(?:an?\s+\w+|another)\s+one\b|"
                       # "One landed near a barracks and two fell in farmland"
                       rf"(?:^|[,;]\s*|\b(?:while|and|but)\s+)(?:all\s+)?(?:\d+|{NUMBER_WORDS})\s+"
                       rf"(?:{_LANDED_VERBS})\b|"
                       # "air defences stopped five": a verb said of munitions, a bare number
                       rf"\b(?:{_ALONE_VERBS})\s+(?:all\s+|only\s+)?(?:\d+|{NUMBER_WORDS})\b"
                       r"(?!\s+(?:of\s+)?[a-z]+s\b)|" + QUANTIFIED.pattern, re.I)
#: a sentence worth parsing for counts with no event word of its own
MAY_REFER = re.compile(REFERS.pattern + "|" + SEIZED.pattern, re.I)


def _relative_objects(span: Span) -> list[tuple[Token, Token, bool]]:
    """(munition noun, verb) of "a missile ..., which air defences intercepted": the
    relative pronoun is the verb's object and stands for the last munition before it."""
    out = []
    for tok in span:
        if tok.dep_ == "dobj" and tok.tag_ == "WDT" and tok.head.dep_ == "relcl":
            antecedent = tok.head.head
            if _is_munition(antecedent):
                out.append((antecedent, tok.head, True))
                continue
            # after another noun, only a verb said of munitions alone goes back to the last
            # munition ("a missile at the city, which the navy intercepted"; "a rocket never
            # left its tube, which police found": the tube was found)
            before = [t for t in span if t.i < tok.i and _is_munition(t)]
            if before:
                out.append((before[-1], tok.head, antecedent.pos_ not in ("NOUN", "PROPN")))
    return out


def _count_heads(span: Span) -> list[tuple[Token, int, int]]:
    """(token, count, total) of each munition phrase: a munition noun with its number, or
    a number or ordinal standing for munitions ("two of the drones", "the other five",
    "the third"); ``total`` is the whole the count is part of ("two of the seven")."""
    out = []
    # (or a number the sentence says was shot down: "shot down eight of them, but three
    # hit fuel tanks" tells of munitions)
    named = any(_is_munition(t) or ((t.like_num or t.pos_ == "NUM") and _munition_verb(t))
                for t in span)
    for tok in span:
        if _is_munition(tok) and (tok.dep_ != "pobj" or tok.head.lower_ != "of" or
                                  not _partitive(tok.head.head)):
            n = _number(tok)
            if n:
                whole = _whole_told(tok)
                out.append((tok, n, whole if whole and whole > n else n))
            continue
        if tok.dep_ not in _SUBJECT + _OBJECT:
            continue
        of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
        if _ORDINAL.fullmatch(tok.text) or tok.lower_ == "other" or _another_one(tok):
            # "the third", "the other": one ("third" is like_num to spaCy)
            # ("a fourth failed to ignite", "another was still in the launcher")
            if any(c.lower_ in ("the", "a", "an", "another") for c in tok.children):
                out.append((tok, 1, 1))
        elif tok.like_num or tok.pos_ == "NUM" or (value(tok.text) and (
                {c.lower_ for c in tok.children} & _REST or (
                    tok.lower_ in _NUMBER_NOUNS and
                    any(c.lower_ in ("a", "the") for c in tok.children)))):
            # (a number word the rules hold as a noun: "the remaining pair", "a pair
            # struck near the terminal")
            n = value(tok.text)
            total = n
            if of:
                objs = [c for c in of[0].children if c.dep_ == "pobj"]
                if objs and not (_is_munition(objs[0]) or objs[0].lower_ in
                                 ("them", "these", "those") or objs[0].like_num):
                    continue
                # ("one of the three was shot down": the three told before)
                total = (_number(objs[0]) if objs and _is_munition(objs[0]) else
                         value(objs[0].text) if objs and objs[0].like_num else None) or n
                if objs and objs[0].lower_ in ("them", "these", "those"):
                    # "counted seven rockets, and two of them fell inside the base": the
                    # munitions counted before in the sentence are the whole
                    told = [k for _, k, _ in out if k > n]
                    total = told[-1] if told else total
            elif _whole_told(tok):
                total = max(_whole_told(tok) or n, n)  # "Of the 25 drones, 20 were ..."
            elif not ({c.lower_ for c in tok.children} & _REST or
                      _munition_verb(tok) or _landed_somewhere(tok, named)):
                continue  # "two were killed": people, not munitions
            if n and total and {c.lower_ for c in tok.children} & _EVERY:
                n = total  # "every one of the eleven drones": all eleven
            if n:
                out.append((tok, n, max(total or n, n)))
    return out


def _whole_told(tok: Token) -> int | None:
    """The whole a count at ``tok`` is part of, told beside its verb: "Of the 25 drones,
    20 were shot down" (a munition phrase before it), "intercepted 14 drones out of 17"."""
    verb = tok.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "of" and c.i < tok.i:
            objs = [o for o in c.children if o.dep_ == "pobj" and _is_munition(o)]
            if objs:
                return _number(objs[0])
        if c.dep_ == "prep" and c.lower_ == "out" and c.i > tok.i:
            nums = [o for of in c.children if of.lower_ == "of"
                    for o in of.children if o.dep_ == "pobj" and o.like_num]
            if nums:
                return value(nums[0].text)
    return None


def _another_one(tok: Token) -> bool:
    """"a second one", "another one": one more of the munitions told."""
    return tok.lower_ == "one" and any(
        (c.dep_ == "amod" and _ORDINAL.fullmatch(c.text)) or c.lower_ == "another"
        for c in tok.children)


def _landed_somewhere(tok: Token, named: bool = False) -> bool:
    """Whether a bare number is the subject of a landing verb with a place ("three
    crashed into open ground", "one landed near a barracks"), or with anything in a
    sentence that names munitions ("intercepted 12 of the 15 missiles, while three
    struck the airport"): munitions told before."""
    head = tok.head
    # ("but one got through": through the defences, a munition's way)
    return tok.dep_ == "nsubj" and head.pos_ == "VERB" and \
        _role(head, "subject") == "n_landed" and (
            named or any(c.dep_ == "prep" or c.lower_ in ("through", "past")
                         for c in head.children))


def _partitive(tok: Token) -> bool:
    """Whether ``tok`` is a number or ordinal a following "of" phrase counts a part of
    ("two of the seven rockets")."""
    return tok.like_num or tok.pos_ == "NUM" or bool(_ORDINAL.fullmatch(tok.text))


def _munition_verb(tok: Token) -> bool:
    """Whether the verb of a bare number is one said of munitions only ("intercepted
    five"): a role verb other than a landing one."""
    head = tok.head
    if head.pos_ not in ("VERB", "AUX"):
        return False
    role = _role(head, "object")
    return role in ("n_intercepted", "n_misfired") or _role(head, "subject") == "n_misfired"


def _container_seized(tok: Token) -> bool:
    """Whether the munitions at ``tok`` are loaded in something that was found, seized or
    stopped ("found a launcher loaded with six rockets", "stopped a pickup truck that was
    carrying two rockets"): they were seized with it."""
    for verb, where, prep in _verbs(tok):
        if _role(verb, where, prep) != "n_loaded" or verb.dep_ not in ("acl", "relcl"):
            continue
        container = verb.head
        if container.dep_ in _OBJECT and container.head.pos_ == "VERB" and \
                _role(container.head, "object") in ("n_seized", "n_intercepted"):
            return True
    return False


def _all_but(span: Span) -> list[tuple[str, int, int]]:
    """(role, count, total) of "all but one were shot down", "shot down all but two of the
    12 drones": the total is the largest munition count of the sentence."""
    out = []
    doc = span.doc
    for tok in span:
        if tok.lower_ != "all" or tok.i + 2 >= span.end or doc[tok.i + 1].lower_ != "but":
            continue
        k = value(doc[tok.i + 2].text)
        totals = [n for t in span if _is_munition(t) for n in [_number(t)] if n]
        verb = tok.head
        if k is None or not totals or max(totals) <= k or verb.pos_ not in ("VERB", "AUX"):
            continue
        role = _role(verb, "subject" if tok.dep_ == "nsubj" else "object")
        if role:
            out.append((role, max(totals) - k, max(totals)))
    return out


def parse_counts(span: Span) -> dict[str, int]:
    """Counts by role in one parsed sentence: {"n_fired": 15, "n_intercepted": 11, ...}."""
    out: dict[str, int] = {}

    def put(role: str, n: int) -> None:
        out[role] = max(out.get(role, 0), n)

    named = any(_is_munition(t) for t in span)
    # parts told by bare numbers ("one landed near a barracks and two fell in farmland")
    # are different munitions: they add up within a role
    parts: dict[str, int] = {}
    for tok, n, total in _count_heads(span):
        roles = {r for verb, where, prep in _verbs(tok) for r in [_role(verb, where, prep)] if r}
        if not (named or _is_munition(tok)):
            # "the other two were sent home": with no munition named, only what is said
            # of munitions alone (shot down, misfired, came down)
            roles -= _SAID_OF_PEOPLE_TOO
        bare = not _is_munition(tok) and total == n
        more = bare and (any(c.lower_ == "more" for c in tok.children) or (
            tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "more"))
        for role in roles:
            if more:  # "nine missiles struck the base and two more fell short": eleven
                parts[role] = out.get(role, 0)
            put(role, n)
            if bare:
                parts[role] = parts.get(role, 0) + n
                put(role, parts[role])
        if total != n and roles & {"n_intercepted", "n_landed", "n_misfired"}:
            put("n_fired", total)  # "two of the seven rockets were shot down": seven fired
        if "n_loaded" in roles and _container_seized(tok):
            put("n_seized", n)  # "found a launcher loaded with six rockets": six seized
    for role, n, total in _all_but(span):
        put(role, n)
        if role in ("n_intercepted", "n_landed", "n_misfired"):
            put("n_fired", total)
    for noun, verb, sure in _relative_objects(span):
        n = _number(noun)
        role = _role(verb, "object")
        if n and role and (sure or role not in _SAID_OF_PEOPLE_TOO):
            put(role, n)
    for role, n in _ordinal_subjects(span) + _pronouns(span) + _the_rest(span):
        put(role, n)
    if not named and parts.keys() & {"n_intercepted", "n_landed", "n_misfired"}:
        for n in _fired_bare(span):
            put("n_fired", n)
    return out


def _fired_bare(span: Span) -> list[int]:
    """The bare numbers said to have been fired in a sentence whose other bare numbers are
    munitions by what is said of them ("Four were fired from the district, and one fell
    in a car park": four fired; alone, "four were fired" may be people)."""
    out = []
    for tok in span:
        if tok.dep_ == "nsubjpass" and (tok.like_num or tok.pos_ == "NUM") and \
                not any(c.dep_ == "prep" for c in tok.children) and \
                tok.head.pos_ == "VERB" and _role(tok.head, "object") == "n_fired":
            n = value(tok.text)
            if n:
                out.append(n)
    return out


_REMAINDER = {"rest", "remainder"}


def _the_rest(span: Span) -> list[tuple[str, int]]:
    """(role, count) of "the rest" after a part of a whole was told in the sentence
    ("three of the six were shot down, while the rest slammed into a depot": three
    landed), for roles said of munitions alone."""
    parts = [(tok.i, n, total) for tok, n, total in _count_heads(span) if total > n]
    out = []
    for tok in span:
        if tok.lower_ not in _REMAINDER or tok.dep_ not in _SUBJECT + _OBJECT or \
                not any(c.lower_ == "the" for c in tok.children):
            continue
        before = [(n, total) for i, n, total in parts if i < tok.i]
        if not before:
            continue
        n, total = before[-1]
        for verb, where, prep in _verbs(tok):
            role = _role(verb, where, prep)
            if role in ("n_intercepted", "n_landed", "n_misfired"):
                out.append((role, total - n))
    return out


@lru_cache(maxsize=1)
def _ordinal_verb() -> re.Pattern:
    """"the third slammed into a tent", "the fifth round jammed": an ordinal standing for
    one munition, right before a verb said of munitions as their subject (read on the
    words: the parser often takes the ordinal for an adjective of something else)."""
    verbs = alternation("roles", "pattern", munition_as="subject")
    return re.compile(rf"\bthe\s+(?:{_ORDINAL.pattern}|last)\s+(?:(?:one|round|shell|"
                      rf"{alternation('munitions', 'munition')})\s+)?(?P<verb>(?:{verbs}))\b", re.I)


def _ordinal_subjects(span: Span) -> list[tuple[str, int]]:
    """(role, 1) of each ordinal munition the words tell the verb of (`_ordinal_verb`)."""
    out = []
    for m in _ordinal_verb().finditer(span.text):
        for rx, role, where in _roles():
            if where in ("subject", "either") and rx.fullmatch(m.group("verb")):
                out.append((role, 1))
                break
    return out


def _pronouns(span: Span) -> list[tuple[str, int]]:
    """(role, count) of "it" or "them" said of the munition phrase before it ("opened fire
    on a drone and brought it down", "launched two drones; air defences shot them
    down", "seven drones ...; air defences destroyed all of them"): the last one counted
    before the pronoun, for roles said of munitions alone
    but a misfire ("found a truck loaded with nine rockets and dismantled them": seized)."""
    heads = [(tok.i, n) for tok, n, _ in _count_heads(span)]
    out = []
    for tok in span:
        if tok.lower_ == "them" and tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
                tok.head.head.lower_ in ("all", "both", "each"):
            tok = tok.head.head  # "destroyed all of them": all that were counted before
            if tok.head.pos_ == "VERB" and tok.dep_ in _OBJECT + _SUBJECT and [
                    n for i, n in heads if i < tok.i][-1:] not in ([], [1]):
                role = _role(tok.head, "subject" if tok.dep_ in _SUBJECT else "object")
                if role in ("n_intercepted", "n_landed"):
                    out.append((role, [n for i, n in heads if i < tok.i][-1]))
            continue
        if tok.lower_ not in ("it", "them") or tok.dep_ not in _OBJECT + _SUBJECT or \
                tok.head.pos_ != "VERB":
            continue
        before = [(i, n) for i, n in heads if i < tok.i]
        if not before or (before[-1][1] == 1) != (tok.lower_ == "it"):
            continue
        where = "subject" if tok.dep_ in _SUBJECT else "object"
        role = _role(tok.head, where)
        # (munitions found, then "dismantled" or "defused", are seized: no misfire)
        if role in ("n_intercepted", "n_landed"):
            out.append((role, before[-1][1]))
    return out
