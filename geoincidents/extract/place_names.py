"""Names of places an article gives without a place word before them: a town named again
("Djibo itself has been struck" after "an attack in Djibo"), a town described in
apposition ("Menaka, a market town near the border")."""

from __future__ import annotations

import functools
import re

from geoincidents.extract.place_tokens import _BUILDINGS, ORG_WORDS, STOP_CAPS, TITLES, Tokens
from geoincidents.gazetteer import world_index

#: ", a market town", ", the provincial capital": what a place is, told after its name
_DESCRIBED = re.compile(r",\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:town|city|village|port|"
                        r"district|province|region|county|settlement|hamlet|capital|suburb|"
                        r"neighbou?rhood|municipality|oblast|governorate)\b")


def described_as_place(text: str, end: int) -> bool:
    """The name ending at ``end`` is followed by what kind of place it is ("Aguililla, a
    town of 9,000 people", "Bannu, a garrison city")."""
    return _DESCRIBED.match(text, end, end + 60) is not None


#: ", in northern Cauca", ", in the Sagaing region": the area that holds the name before
_CONTAINED = re.compile(r",\s+in\s+(?:the\s+)?(?:(?:north|south)?-?(?:east|west)?(?:ern)?\s+|"
                        r"central\s+)?[A-Z]")


def contained_in_area(text: str, end: int) -> bool:
    """The name ending at ``end`` is followed by the area it lies in ("the town hall of
    Toribio, in northern Cauca")."""
    return _CONTAINED.match(text, end, end + 40) is not None


#: "Mogadishu's Lido beach", "Kyiv's Obolon district": a named part of the place
_OWNS_PART = re.compile(r"['’]s\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:beach|district|airport|port|"
                        r"market|neighbou?rhood|quarter|suburb|junction|road|street|square|"
                        r"bridge|harbou?r|seafront|waterfront)\b")


def owns_a_named_part(text: str, end: int) -> bool:
    """The name ending at ``end`` (before its "'s") owns a named part of a place."""
    return _OWNS_PART.match(text, end, end + 60) is not None


#: verbs of a government or its people speaking: "Kabul denies", "Washington said"
#: (not derived from the stance lexicon, `rules/stance.jsonl`: its nearest word set,
#: ``reporting``, lacks "blame" and "accuse" (sets of their own there) and "condemn",
#: "respond" and "urge" (in no set), and holds 16 verbs this list lacks ("state",
#: "report", "add", "note" ...); and the sets are lemmas for the parse, while these are
#: the inflected forms the plain tokens of `place_tokens` carry)
_SPEAKS = frozenset("said says say told denied denies deny blamed blames accused accuses "
                    "condemned condemns warned warns insisted insists rejected rejects "
                    "responded responds vowed vows urged urges announced announces "
                    "claimed claims confirmed confirms".split())


def named_again(toks: Tokens, sents: list[tuple[int, int, int, int, int]],
                later: list[tuple[int, int, int, str]], placed: set[tuple[str, ...]],
                used: bytearray) -> list[tuple[int, int, int]]:
    """(sentence, first token, end token) of the names with no place cue of their own
    (``later``: sentence index, first and end token, the word before) that the article
    names as places elsewhere (``placed``): one name, one place in one article, unless a
    title or an organisation's word says it is a person or a body, it is a dateline, or it
    is a state (a country, or its capital standing for its government)."""
    keys = toks.keys
    out = []
    for s, a, b, prev in later:
        lo = sents[s][1]
        if keys[a] in STOP_CAPS and b - a > 1:
            a, prev = a + 1, keys[a]  # "The Ghazni explosion"
        if prev in TITLES or prev == "by" or any(used[a:b]) or tuple(keys[a:b]) not in placed:
            continue  # ("a withdrawal demanded by Niamey": its government)
        if (a > lo and keys[a - 1] in TITLES) or (b < len(keys) and (
                keys[b] in ORG_WORDS or keys[b] in _BUILDINGS or keys[b] in _SPEAKS)):
            continue  # "President X", "X Province Council", "X hospital", "Kabul denies"
        if toks.words[a].isupper():
            continue  # "BENI, Congo (Reuters) -": a dateline tells where the story was filed
        name = " ".join(keys[a:b])
        if world_index().country_code(name) or (national_capital(name) and not _SUFFERED.match(
                toks.text, toks.end(b - 1), toks.end(b - 1) + 60)):
            continue  # "Russia sent drones", "the corridor Kyiv uses": the state, an actor
        out.append((sents[s][0], a, b))
    return out


#: "Mogadishu has endured far worse", "Kabul itself was hit": the city, not its government
_SUFFERED = re.compile(r"\s+(?:itself\s+|too\s+|also\s+)?(?:has|have|had)\s+(?:(?:also|often|"
                       r"repeatedly|long)\s+)?(?:been\s+(?:hit|struck|targeted|attacked|shelled|"
                       r"bombed)|suffered|endured|seen)\b|\s+itself\s+(?:was|has|came)\b", re.I)


@functools.lru_cache(maxsize=4096)
def national_capital(key: str) -> bool:
    """Whether a country's capital has the name ``key`` (GeoNames feature code PPLC)."""
    return bool(world_index().capital_countries(key))
