"""Actors a sentence names and their stance (claimed, denied, blamed, involved), read from
surface phrases.

Today's actor path, kept until the parse-based `geoincidents.extract.actors` replaces it
(the call is `facts.read_sentence`'s only use of this module).
"""

from __future__ import annotations

import functools
import re

from geoincidents.extract import demonyms
from geoincidents.gazetteer import country_place

_WORDISH = re.compile(r"[\w’']")
_BODY_PART = re.compile(r"^(?:shoulders|hands|feet)\s+")
_FOR_ATTACK = re.compile(r"\s*(?:the attack|for)\b")
_NO_ONE_AT = re.compile(r"no\b|nobody", re.I)
_NP_STOP = {"for", "on", "in", "at", "to", "with", "from", "against", "as", "that", "which",
            "responsible", "accountable",
            "who", "since", "after", "before", "while", "because", "of", "and", "or", "but",
            "said", "says", "was", "were", "is", "are", "had", "has", "have", "not", "may",
            "might", "could", "would", "will", "being", "behind", "over", "its", "their",
            "rather", "than", "instead", "after", "saying", "stating",
            # verbs: the name ends before them ("by the coalition hit a depot")
            "hit", "struck", "killed", "targeted", "destroyed", "damaged", "wounded", "injured",
            "exploded", "landed", "fired", "launched", "told", "claimed", "denied", "blamed",
            "attacked", "shelled", "bombed", "stormed", "raided", "seized", "left", "caused",
            "sparked", "prompted", "killing", "injuring", "wounding", "destroying", "damaging",
            "targeting", "hitting", "known", "called", "dubbed"}
_GROUP = {"militia", "militias", "group", "groups", "fighters", "insurgents", "gunmen",
          "proxies", "forces", "rebels", "government", "officials", "members", "extremists",
          "jihadists", "terrorists", "taliban", "army", "police", "troops", "military",
          "factions", "supporters", "protesters", "hackers", "suspects", "suspect", "cell",
          "network", "movement", "regime", "authorities", "coalition", "men", "man"}
_DET = re.compile(r"^(?:the|an?|these|those|this|that|some|its|their)\s+", re.I)
_WORDS = re.compile(r"[\w’'.-]+|[^\w\s]")


_QUOTES = re.compile(r"[“”\"‘]|(?<!\w)['’]|['’](?!\w)")


# words that are never part of an actor's name: adverbs and time expressions
# ("supporters later stormed", "late last month police raided")
_NOT_NAME = {"later", "then", "also", "earlier", "again", "soon", "now", "still", "already",
             "once", "first", "last", "late", "early", "next", "previous", "yesterday", "today",
             "tonight", "day", "days", "night", "morning", "evening", "afternoon", "week",
             "weeks", "weekend", "month", "months", "year", "years", "ago", "recently",
             "reportedly", "allegedly", "apparently", "quickly", "immediately", "subsequently",
             "meanwhile", "previously", "eventually", "finally", "promptly",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "june", "july", "august", "september",
             "october", "november", "december"}


def _name_word(w: str) -> bool:
    low = w.lower().rstrip(".’'")
    return low not in _NOT_NAME and not (low.endswith("ly") and w.islower() and len(low) > 4) \
        and not low.isdigit()


_KNOWN_AS = re.compile(r"^\s*(?:(?:the|an?)\s+)?(?:[\w-]+\s+){0,4}?(?:known\s+as|called|dubbed|"
                       r"named)\s+", re.I)


# "terrorists of the so-called Islamic State": the name is after the generic words
_MEMBERS_OF = re.compile(r"^\s*[“\"‘']?(?:the\s+)?(?:terrorists|militants|fighters|members|"
                         r"gunmen|jihadists|insurgents|elements|remnants)\s+(?:of|from)\s+"
                         r"(?:the\s+)?(?:so-called\s+)?", re.I)


def _np_after(text: str) -> str | None:
    words: list[str] = []
    known = _KNOWN_AS.match(text) or _MEMBERS_OF.match(text)
    if known:  # "a radical unit known as the Black Bloc": the name
        text = text[known.end():]
    for w in _WORDS.findall(_QUOTES.sub("", text[:120])):
        if not _WORDISH.match(w) or w.lower() in _NP_STOP or len(words) >= 6 or \
                not _name_word(w):
            break
        words.append(w)
    return _clean_np(" ".join(words))


def _np_before(text: str) -> str | None:
    words: list[str] = []
    seen: list[str] = _WORDS.findall(_QUOTES.sub("", text[-120:]))
    for w in reversed(seen):
        if not _WORDISH.match(w) or w.lower() in _NP_STOP or len(words) >= 6:
            break
        if not _name_word(w):
            if words:
                break
            continue  # an adverb between the subject and its verb: "the group later stormed"
        words.append(w)
    return _clean_np(" ".join(reversed(words)))


# a definite generic noun refers back to a group named earlier; it is not a name
_REFERENCE_NP = re.compile(r"^(?:the|this|that|these|those|its|their)\s+(?:same\s+)?(?:group|"
                           r"groups|militia|militias|organi[sz]ation|movement|faction|network|"
                           r"cell|outfit|men|man|attackers?|assailants?|suspects?|gunmen)$", re.I)


def _clean_np(np_: str) -> str | None:
    words = np_.split()
    while words and not _name_word(words[0]):
        words.pop(0)
    while words and not _name_word(words[-1]):
        words.pop()
    np_ = " ".join(words)
    if _REFERENCE_NP.match(np_.strip()) or _NO_ONE_AT.match(np_):
        return None  # a reference back, or nobody ("no group has claimed the attack")
    np_ = _DET.sub("", np_.strip()).rstrip(".’'")
    np_ = _BODY_PART.sub("", np_)
    if not np_:
        return None
    words = np_.split()
    if any(w[:1].isupper() for w in words) or any(w.lower() in _GROUP for w in words):
        if words[0].lower() in ("it", "they", "he", "she", "we", "i", "who"):
            return None
        return np_
    return None


_LEAD_ADVERBIAL = re.compile(r"^(?:(?:On|In|At|During|Late|Early|Last|Earlier|Later|Hours|Days|"
                             r"Separately|Meanwhile|However)\b[^,]{0,40},\s*)+")


_SUBJECT_END = re.compile(r",|\band\b|\balong with\b|\b(?:said|says|denied|stated|parroted|"
                          r"issued)\b")


def _subject(text: str) -> str | None:
    text = _LEAD_ADVERBIAL.sub("", text)  # "On Tuesday, the group said": the group
    head = _SUBJECT_END.split(text, maxsplit=1)[0]
    return _clean_np(" ".join(head.split()[:6]))


#: demonyms of peoples or movements, not states: their weapons name no state
_NOT_STATES = ("kurdish", "palestinian", "houthi", "scottish", "welsh", "shia", "sunni")


@functools.lru_cache(maxsize=1)
def _state_demonyms() -> dict[str, str]:
    """Demonyms of states, whose weapons name them as the attacker ("Russian drones":
    Russia): the world gazetteer's country demonyms (`demonyms.countries`)."""
    return {w: code for w, code in demonyms.countries().items() if w not in _NOT_STATES}


@functools.lru_cache(maxsize=1)
def _demonym_weapons() -> re.Pattern:
    """"Russian drones", "Israeli air strikes": weapons that name their state as the
    attacker (not aircraft, jets or helicopters: "Polish aircraft were scrambled", "where
    French aircraft are stationed")."""
    return re.compile(rf"\b(?P<demonym>{demonyms.alternation(_state_demonyms())})"
                      r"\s+(?:military\s+|army\s+|navy\s+|naval\s+)?(?:[\w-]+\s+)?"
                      r"(?:drones?|missiles?|warplanes?|artillery|bombers?|air\s*strikes?|"
                      r"strikes?|shelling)\b", re.I)


@functools.lru_cache(maxsize=None)
def _country_name(code: str) -> str:
    """A country's English name ("RU" -> "Russia"), from the gazetteer's world index."""
    place = country_place(code)
    return place.name if place is not None else code


ACTOR_PATTERNS: list[tuple[str, re.Pattern, str]] = [
    ("denied", re.compile(r"\b(?:denied|denies|deny|rejected|disowned)\b(?=\s+(?:any\s+)?"
                          r"(?:responsibility|involvement|role|being|carrying|that|it|the|"
                          r"claims?|suggestions?|accusations?|allegations?|charges?))", re.I),
     "before"),
    # "it had no connection to the bombing", "Iran has no part in this operation"
    ("denied", re.compile(r"\b(?:had|has|have)\s+(?:had\s+)?no\s+(?:connection|links?|part|role|"
                          r"involvement|hand)\s+(?:to|with|in)\b", re.I), "before"),
    ("denied", re.compile(r"\b(?:had|has|have|did|was|were)\s+not\s+(?:been\s+)?(?:conducted|"
                          r"carried|launched|behind|fired|attacked|responsible|involved)|\bnot "
                          r"responsible\b|\bhad nothing to do\b", re.I), "subject"),
    ("claimed", re.compile(r"\b(?:claimed|claims|took|has taken|accepted)\s+responsibility\b|"
                           r"\bclaimed\s+(?:the|credit)\b", re.I), "before"),
    ("claimed", re.compile(r"\bclaimed\s+by\s+", re.I), "after"),
    # "the group said it had fired the rockets": a claim (a state's forces: involved)
    # ("... said in a message on its channel that its fighters had targeted ...": the words
    # between the verb and "that" stay inside the clause)
    ("said_did", re.compile(r"\b(?:said|says|announced|stated|confirmed)\s+"
                            r"(?:[^.;:\"“”]{0,80}?\bthat\s+|on\s+\w+\s+)?"
                            r"(?:it|they|its\s+(?:own\s+)?(?:fighters|forces|militants|"
                            r"members|men|units|troops|aircraft|drones|jets|warplanes|"
                            r"air\s+force|artillery|navy)|the\s+group|"
                            r"the\s+movement)\s+(?:had\s+|has\s+|have\s+)?(?:successfully\s+)?"
                            r"(?:carried\s+out|launched|fired|conducted|sent|targeted|attacked|struck|"
                            r"hit|shot\s+down|downed|detonated|staged|bombed|shelled|planted|"
                            r"ambushed|raided|stormed)\b", re.I),
     "before"),
    ("blamed", re.compile(r"\b(?:blamed|blames|accused|accuses|held(?=\s+[^.;]{0,60}?\b"
                          r"(?:responsible|accountable)\b))\s+", re.I), "after"),
    # "the statement attributed the ambush to ..."
    ("blamed", re.compile(r"\battribut(?:ed|es|ing)\s+(?:the\s+|this\s+|that\s+)?"
                          r"(?:[\w-]+\s+){0,2}?(?:attacks?|ambush|bombing|blast|explosion|strikes?|"
                          r"raid|killings?|assault)\s+to\s+", re.I), "after"),
    ("blamed", re.compile(r"\bblame\b[^.;]{0,50}?\bon\s+(?:the\s+(?:shoulders|hands|heads?)\s+"
                          r"of\s+)?", re.I), "after"),
    ("blamed", re.compile(r"\b(?:pin|pinned|pinning|blamed|blame)\s+the\s+(?:\w+\s+)?"
                          r"attacks?\s+on\s+", re.I), "after"),
    ("blamed", re.compile(r"\b(?:(?:may|might|could|must)\s+(?:well\s+|also\s+)?be|is|are|was|were)"
                          r"\s+(?:likely\s+|probably\s+|"
                          r"believed\s+to\s+be\s+|suspected\s+of\s+being\s+)?behind\s+the\b",
                          re.I), "before"),
    ("by", re.compile(r"\b(?:attacks?|strikes?|airstrikes?|raids?|assault|bombing|shelling|"
                      r"operation|ambush)\s+(?:\w+\s+){0,2}?(?:by|conducted by|carried out by)\s+",
                      re.I), "after"),
    ("involved", re.compile(r"\b(?:retaliated|conducted|carried out|launched|protested|stormed|"
                            r"raided)\b", re.I), "before"),
]


def actors(text: str, etype: str | None) -> list[tuple[str, str]]:
    """(name, stance) of each actor ``text`` names."""
    out: list[tuple[str, str]] = []
    for stance, rx, where in [*ACTOR_PATTERNS, ("involved", _demonym_weapons(), "demonym")]:
        for m in rx.finditer(text):
            if where == "after":
                name = _np_after(text[m.end():])
            elif where == "before":
                before = text[:m.start()]
                # "X, an armed faction aligned with Tehran, said": X, not Tehran
                name = None if before.rstrip().endswith(",") else _np_before(before)
                if name is None and stance in ("denied", "claimed", "said_did"):
                    name = _subject(text)
            elif where == "demonym":
                word = " ".join(m.group("demonym").lower().split())
                code = _state_demonyms().get(word)
                if code is None:
                    continue
                name = _country_name(code)
            else:
                name = _subject(text)
            if not name:
                continue
            if stance == "by":
                stance_ = "blamed" if etype in (None, "rocket_attack", "ied", "other") else \
                    "involved"
            elif stance == "said_did":
                stance_ = "involved" if etype in ("airstrike", "raid") else "claimed"
            else:
                stance_ = stance
            if stance_ == "involved" and (etype is None or (name.islower() and " " not in name)):
                continue  # no event, or no one named ("its fighters carried out ..."): nobody
            if stance_ == "blamed" and stance == "blamed" and rx.pattern.startswith(r"\b(?:blamed|") \
                    and _FOR_ATTACK.match(text[m.end():]):
                continue
            key = name.lower()
            if not any(key == a.lower() for a, _ in out):
                out.append((name, stance_))
    return out


