"""Munition counts by role in one sentence: fired, landed, intercepted, misfired, seized.

The munition nouns are `rules/munitions.jsonl` records and the role verbs
`rules/roles.jsonl` records; a count is the number of a munition phrase ("five rockets",
"the lone drone", "three of them") whose role a verb before or after it gives.
"""

from __future__ import annotations

import re

from geoincidents.extract.dates import MONTH
from geoincidents.extract.lexicon import alternation, grouped, records
from geoincidents.extract.numbers import NUMBER, NUMBER_WORDS, TENS, UNITS, range_low, value

_MUNITION = rf"(?:katyusha\s+)?{alternation('munitions', 'munition')}\b(?!\s+launchers?)"
# up to two modifiers between the number and the noun ("five 107mm Katyusha rockets")
# (a modifier is a word, never a dash or a number word: in "March 13 - Eight rockets" the
# count is eight; a word joined to one by a hyphen is a modifier: "four one-way drones")
_MOD = (r"(?:(?!(?:of|and|or|were|was|that|which|the|had|have|by|in|at|"
        + "|".join(sorted(set(UNITS) | set(TENS), key=len, reverse=True))
        + r")\b(?!-))[A-Za-z0-9][A-Za-z0-9-]*\s+){0,2}")
_PLAIN_NUMBER = NUMBER.replace("?P<num>", "")
MUNITION_NP = re.compile(
    rf"\b(?P<np>{NUMBER}\s+{_MOD}(?P<noun>{_MUNITION}))"
    rf"|\b(?P<def>the\s+(?:first|second|lone|single)\s+{_MOD}(?P<noun2>{_MUNITION}))"
    # "the drone": one (a munition noun in the singular, not a word of a compound:
    # "the drone attack", "the rocket launcher")
    rf"|\b(?P<one>the\s+{alternation('munitions', 'munition')}(?<!s)\b(?!\s+(?:attacks?|"
    rf"strikes?|launchers?|fire|threat|programme|program|campaign|barrage|salvo)\b))"
    rf"|\b(?P<of>(?P<num2>{_PLAIN_NUMBER})\s+of\s+(?:them|these|those|which|the)\b"
    # ("one of the three was shot down": the three told before)
    rf"(?:\s+(?:(?P<total>{_PLAIN_NUMBER})\s+)?{_MOD}{_MUNITION}|\s+(?P<total2>\d+|{NUMBER_WORDS})\b)?)",
    re.I)
# "two more missiles", "another three rockets": munitions beyond those told before
_MORE = re.compile(rf"\b(?:{_PLAIN_NUMBER})\s+more\s+{_MOD}{_MUNITION}|"
                   rf"\banother\s+(?:{_PLAIN_NUMBER})\s+{_MOD}{_MUNITION}", re.I)
#: the verbs said of munitions as their subject ("landed", "failed to explode"): the
#: ``munition_as: subject`` records of roles.jsonl
_SUBJECT_VERBS = alternation("roles", "pattern", munition_as="subject")
# a bare number standing for munitions told before ("the other three were shot down")
# ("both were shot down": two; "one of the three was shot down" is one, not three)
_BARE = re.compile(rf"(?:\b(?<!of\s)(?:the\s+(?:other\s+|remaining\s+)?|another\s+|all\s+)|"
                   rf"(?:^|[,;]\s+))(?P<np>{NUMBER}|both)\b"
                   rf"(?=\s+(?:that|which|were|was|had|did|{_SUBJECT_VERBS})\b|\s*[,.;])", re.I)
#: role -> alternation of its verbs (``parse_only`` records are read by `count_parse` alone:
#: "destroyed" is an interception only when the parse says the munition is its object)
ROLES = grouped("roles", "role", unless="parse_only")
_ROLE_BEFORE = {r: re.compile(rf"\b{p}\s+(?:(?:and|or)\s+[a-z]+(?:ed|wn)\s+)?"
                              rf"(?:by\s+|only\s+|the\s+|some\s+|up\s+|all\s+)*"
                              rf"(?:(?:an?|the|some)\s+(?:[\w-]+\s+){{0,2}}?(?:and|as well as)\s+)?$",
                              re.I) for r, p in ROLES.items()}
_ROLE_AFTER = {r: re.compile(rf"^[\s,]*(?:(?:that|which|who)\s+)?(?:(?:were|was|had|have|has|"
                             rf"been|all|later|then|also|only|successfully|reportedly)\s+)*"
                             rf"{p}\b", re.I) for r, p in ROLES.items()}
_PASSIVE_HIT = re.compile(r"\b(?:hit|struck|pounded)\s+by\s+$", re.I)
#: munitions a sentence may count without naming an event ("two of the shells failed"):
#: those whose words are no trigger of their own
BARE_MUNITION = re.compile(rf"\b{alternation('munitions', 'munition', counted_alone=True)}\b",
                           re.I)
# "none intercepted", "none of the missiles was shot down", "neither was intercepted": a
# count of nought, read for
# interceptions alone (a munition that did not land or explode may still have been fired
# or found; one not intercepted is news, and wire copy says so)
_NONE_INTERCEPTED = re.compile(rf"\b(?:none|neither)\s+(?:of\s+(?:them|these|those|the\s+(?:[\w-]+\s+){{0,3}}?"
                               rf"{_MUNITION})\s+)?(?:(?:was|were|had\s+been|have\s+been)\s+)?"
                               rf"{ROLES['n_intercepted']}", re.I)
#: a sentence that may count munitions at all: a munition word (perhaps inside another:
#: "shelling"), or "the other", "all"
MAY_COUNT = re.compile(rf"{alternation('munitions', 'munition')}|\bthe (?:other|remaining) |"
                       r"\ball \w+\b", re.I)
#: counts told of the munitions of the sentence before ("the other three were shot down")
OTHERS = re.compile(r"\bthe (?:other|remaining) ", re.I)


#: words before a year ("in January 2024", "since 2019"): a number after them is no count
#: (one full stop at most: ``MONTH`` takes the one after an abbreviation)
_YEAR_BEFORE = re.compile(rf"\b(?:in|since|by|until|till|during|of|from|{MONTH})(?<!\.)\.?\s+$",
                          re.I)


def _spans(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, number, total) of each munition phrase."""
    spans = []
    for m in MUNITION_NP.finditer(text):
        total = None
        if m.group("np"):
            n = value(m.group("num"))
            if _YEAR_BEFORE.search(text, 0, m.start("num")) and \
                    re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
                continue  # "In January 2024 Iranian missiles struck": a year, no count
            low = range_low(text, m.start("num"))  # "between 10 and 12 rockets": ten
            if low is not None and n is not None and low[0] < n:
                n = low[0]
        elif m.group("of"):
            n = value(m.group("num2"))
            # "shot down 14 of the 17 drones sent at the city": the words after are the 17's
            said = m.group("total") or m.group("total2")
            total = value(said) if said else None
        else:
            n = 1
        if n:
            spans.append((m.start(), m.end(), n, total or n))
    for m in _BARE.finditer(text):
        n = value(m.group("np"))
        if n:
            spans.append((m.start("np"), m.end("np"), n, n))
    return spans


_REST_BEFORE = re.compile(r"\b(?:the\s+)?(?:other|remaining)\s+$", re.I)

# a verb whose particle comes after its object: "shot one of them down", "brought two
# drones down" (an interception, not a firing)
_SPLIT_DOWN_BEFORE = re.compile(r"\b(?:shot|brought|knocked|took)\s+$", re.I)
_SPLIT_DOWN_AFTER = re.compile(r"(?:\s+of\s+(?:them|these|those|the\s+[\w-]+))?\s+down\b", re.I)


def munition_counts(text: str) -> dict[str, int]:
    """Counts by role in one sentence: {"n_fired": 5, "n_landed": 5, ...}."""
    out: dict[str, int] = {}
    for s, e, n, total in _spans(text):
        before, after = text[max(0, s - 40):s], text[e:e + 60]
        got = set()
        fired_before = out.get("n_fired")
        # "One rocket landed in the base; the other two fell on a hillside": the rest,
        # beyond those the sentence counted before for the same role (three landed)
        rest = dict(out) if _REST_BEFORE.search(before) else {}
        for role in ROLES:
            if _ROLE_BEFORE[role].search(before):
                out[role] = max(out.get(role, 0), n)
                got.add(role)
            if _ROLE_AFTER[role].search(after):
                # "14 of the 17 drones sent at the city": a participle after is the 17's;
                # "one of the four rockets reached the base": a verb is the one's
                said = total if role == "n_fired" else n
                out[role] = max(out.get(role, 0), said)
                if role in rest and role != "n_fired":
                    out[role] = rest[role] + said
                got.add(role)
        if _SPLIT_DOWN_BEFORE.search(before) and _SPLIT_DOWN_AFTER.match(after):
            # "shot one of them down", "brought two drones down": an interception
            got.discard("n_fired")
            if fired_before is None:
                out.pop("n_fired", None)
            else:
                out["n_fired"] = fired_before
            out["n_intercepted"] = max(out.get("n_intercepted", 0), n)
            got.add("n_intercepted")
        if "n_misfired" in got and "n_seized" in got and out.get("n_seized") == n:
            # "a rocket was found still on its launch rail": a misfire, not a seizure
            del out["n_seized"]
        if _PASSIVE_HIT.search(before):
            out["n_landed"] = max(out.get("n_landed", 0), n)
            got.add("n_landed")
        if total != n and got & {"n_intercepted", "n_landed", "n_misfired"}:
            out["n_fired"] = max(out.get("n_fired", 0), total)  # all of them were fired
    for m in _WITH_MORE.finditer(text):
        # "Five rockets hit the base, with two more landing in a field": seven landed
        n = value(m.group("num"))
        for role in ROLES:
            if n and role in out and _ROLE_AFTER[role].search(" " + m.group("verb")):
                out[role] += n
    if _NONE_INTERCEPTED.search(text):
        out.setdefault("n_intercepted", 0)
    return out


_WITH_MORE = re.compile(rf"\bwith\s+(?:another\s+)?{NUMBER}\s+(?:more|others?)\s+(?P<verb>\w+ing)\b",
                        re.I)


_ALL_OF = re.compile(r"\b(?:all|each|every\s+one)\s+of\s+(?:them|these|those)\b", re.I)


def all_of_them(text: str) -> frozenset[str]:
    """The roles a verb after "all of them" gives ("All of them were brought down": the
    munitions told before were all intercepted), in a sentence that counts no munitions
    of its own."""
    alls = list(_ALL_OF.finditer(text))
    if not alls:  # (most sentences: no munition phrase need be read)
        return frozenset()
    # ("Every one of them was brought down": "one of them" is no count of its own here)
    own = [s for s in _spans(text) if not any(m.start() <= s[0] < m.end() for m in alls)]
    if own and not _BARE.search(text):
        return frozenset()
    return frozenset(role for m in alls for role in ROLES
                     if _ROLE_AFTER[role].search(text[m.end():m.end() + 60]))


# "The other two fell short", "The remaining three rockets struck the base": a sentence
# that opens on the rest of the munitions told before
_OTHER_START = re.compile(rf"^\W*(?:the\s+)?(?:other|remaining)\s+(?:{_PLAIN_NUMBER})\b"
                          r"(?!\s+of\b)", re.I)


# "Three of the rounds landed in the town; the fourth was not found": a sentence that opens
# on a part of the munitions told before
_PART_START = re.compile(rf"^\W*(?:{_PLAIN_NUMBER})\s+of\s+(?:the|them|these|those)\b", re.I)


def part_of_told(text: str) -> bool:
    """Whether the sentence opens on a part of the munitions told before ("Three of the
    rounds landed in the town"): its count of a role is the part, the figure told before
    for that role their whole."""
    return bool(_PART_START.match(text))


def only_more(text: str) -> bool:
    """Whether the sentence's one munition phrase counts munitions beyond those told
    before ("Two more missiles fell short", "The other two fell short"): its counts add
    to theirs."""
    return (len(_MORE.findall(text)) == 1 or bool(_OTHER_START.match(text))) and \
        len(_spans(text)) == 1


# "The second fell into the sea", "The third overshot": a sentence that opens on one
# munition by its rank
_RANKS = {r["ordinal"]: r["value"] for r in records("numbers") if "ordinal" in r and "value" in r}
_RANK_START = re.compile(rf"^\W*the\s+(?P<rank>{'|'.join(_RANKS)})\b(?!\s+(?:time|day|"
                         r"attack|strike|salvo|wave|of)\b)", re.I)


def rank_opening(text: str) -> int | None:
    """The rank of the one munition a sentence opens on ("The second fell into the water":
    2), or None (the first, or no rank)."""
    m = _RANK_START.match(text)
    rank = _RANKS.get(m.group("rank").lower()) if m else None
    return rank if rank and rank > 1 else None
