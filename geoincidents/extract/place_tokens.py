"""Words of a sentence for place finding: tokens with keys, the mention record, and the word
lists (titles, organisations, demonyms, locatives) that say whether a name is a place."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from geoincidents.extract.name_matcher import Matcher

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from unidecode import unidecode

from geoincidents.gazetteer import (
    Candidate,
    Place,
)

_ARTICLE_WORDS = {"al", "el", "ul", "as", "ad", "an", "ar", "at", "az", "the", "a"}
_ENGLISH_ARTICLES = {"at", "as", "an", "a", "the", "ad", "ar", "az"}
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.I)

TITLES = {"president", "prime", "minister", "general", "gen", "mr", "mrs", "ms", "dr",
          "secretary", "spokesman", "spokeswoman", "spokesperson", "commander", "leader",
          "sheikh", "shaikh", "king", "queen", "prince", "pope", "senator", "sen", "governor",
          "mayor", "judge", "colonel", "col", "captain", "capt", "lieutenant", "lt",
          "sergeant", "sgt", "major", "maj", "ayatollah", "imam", "cleric", "chief",
          "ambassador", "envoy", "officer", "director", "chairman", "speaker", "emir",
          "sir", "lord", "lady", "saint", "rev", "reverend", "father", "brother", "sister",
          "detective", "inspector", "constable", "sheriff", "coach", "professor", "prof",
          "abu", "umm", "bin", "ibn"}
ORG_WORDS = {"hezbollah", "hizbollah", "hizballah", "brigades", "brigade", "force", "forces",
             "units", "unit", "army", "party", "ministry", "service", "command", "movement",
             "front", "organization", "organisation", "council", "committee", "department",
             "police", "university", "company", "corporation", "inc", "ltd", "group", "times",
             "post", "news", "agency", "bank", "club", "fc", "united", "association",
             "institute", "office", "authority", "guard", "guards", "militia", "state",
             "network", "press", "tv", "radio", "league", "federation", "school", "college",
             "court", "parliament", "congress", "senate", "assembly", "cabinet", "foundation",
             "church", "mosque", "airlines", "airways", "railway", "reuters", "mobilization",
             "mobilisation", "popular", "resistance", "corps", "quds", "kataib", "asaib",
             "nujaba", "harakat", "saraya", "daesh", "isis", "isil", "taliban", "hospital",
             "clinic", "hotel", "stadium", "prison", "museum"}
STOP_CAPS = {"the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they",
             "we", "i", "you", "his", "her", "their", "our", "its", "but", "and", "or", "so",
             "if", "when", "while", "after", "before", "since", "on", "in", "at", "as", "by",
             "for", "from", "to", "with", "of", "no", "not", "yes", "read", "next", "more",
             "god", "allah", "covid", "christmas", "easter", "ramadan", "eid", "internet",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "english", "arabic", "persian",
             "twitter", "facebook", "telegram", "youtube", "earth", "west", "east", "north",
             "south", "northern", "southern", "eastern", "western", "central", "middle",
             "government", "state", "federal", "national", "international", "islamic",
             "american", "americans", "iraqi", "iraqis", "afghan", "afghans", "iranian",
             "iranians", "british", "french", "german", "russian", "chinese", "syrian",
             "israeli", "turkish", "kurdish", "shia", "shiite", "sunni", "christian",
             "muslim", "western", "coalition", "nato", "un", "eu", "us", "uk", "mp", "mps",
             "ceo", "cia", "fbi", "usa", "county", "city", "town", "police", "fire"}
LOCATIVE = {"in", "at", "near", "outside", "from", "into", "inside", "across", "around",
            "towards", "toward", "through", "within", "to", "nearby", "outskirts", "of", "over",
            "off"}  # ("a tanker off Novorossiysk": at sea near the port)


class Token:
    """A word of a sentence: offsets (the possessive "'s" excluded from ``end``), the
    word as written, its key (lowercase ASCII, apostrophes removed, possessive dropped)
    and whether it starts with a capital. A plain slotted class: sentences make many."""

    __slots__ = ("start", "end", "text", "key", "possessive", "capital")

    def __init__(self, start: int, end: int, text: str, key: str, possessive: bool,
                 capital: bool | None = None) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.key = key
        self.possessive = possessive
        self.capital = text[:1].isupper() if capital is None else capital

    def __repr__(self) -> str:
        return (f"Token({self.start}, {self.end}, {self.text!r}, {self.key!r}, "
                f"{self.possessive})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.start, self.end, self.text, self.key,
                                             self.possessive) == (
            other.start, other.end, other.text, other.key, other.possessive)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text, self.key, self.possessive))


# what may stand between a locative word and a name: spaces and the words of _BEFORE_NAME
_NAME_GAP = re.compile(r"[\s\w-]*")
_OF_GAP = re.compile(r"\s*(?:(?:area|district|neighbou?rhood|suburb|province|part|region|"
                     r"outskirts)\s+)?(?:of|in)\s+(?:the\s+)?|\s*,\s*")
_LOCATIVE_END = re.compile(r"\b(?:in|at|inside|into|across|throughout|from|to|near|outside|over)\s+"
                           r"(?:the\s+)?(?:(?:north|south)?(?:-?east|-?west)?(?:ern)?\s+|"
                           r"(?:north|south)(?:ern)?\s+|central\s+)?$|,\s*$", re.I)


@dataclass
class Mention:
    """A place mention: offsets into the article, the words, and what it resolved to."""

    start: int
    end: int
    text: str
    sentence: int
    source: str  # "gazetteer", "world", "anaphor"
    role: str = "location"
    near: bool = False
    place: Place | None = None
    score: float = 0.0
    candidates: list[Candidate] = field(default_factory=list)
    admin1: str | None = None
    country_hint: str | None = None
    hits: list = field(default_factory=list)  # curated (place, name) the words matched

    @property
    def is_country(self) -> bool:
        return self.place is not None and self.place.kind == "country"


# what _POSSESSIVE matches, as a test on the last two characters ("ſ" is an s to re.I)
_APOS = ("'", "’")
_ESS = ("s", "S", "ſ")


def _word_key(base: str) -> str:
    key = base.lower()
    if not key.isascii():
        key = unidecode(key)
    return key.replace("'", "").replace("’", "")


def _possessive_cut(word: str) -> int:
    """2 when the word ends in a possessive "'s" (what `_POSSESSIVE` matches, on words
    longer than three characters), else 0."""
    return 2 if len(word) > 3 and word[-1] in _ESS and word[-2] in _APOS else 0


#: word as written -> (its key, whether it starts with a capital); remembered (words
#: recur across articles; a plain dict is cheaper than lru_cache, and one probe per word
#: cheaper than one in each of two dicts)
_WORD_FACTS: dict[str, tuple[str, bool]] = {}
_KEY = itemgetter(0)
_CAPITAL = itemgetter(1)
_NAME_START = itemgetter(2)  # (in a matcher's `Matcher.word_facts`)


def _facts_of(word: str) -> tuple[str, bool]:
    """The word's key (lowercase ASCII, apostrophes and possessive dropped) and whether
    it starts with a capital, remembered in `_WORD_FACTS`."""
    facts = _WORD_FACTS.get(word)
    if facts is None:
        cut = _possessive_cut(word)
        facts = (_word_key(word[:-cut] if cut else word), word[:1].isupper())
        if len(_WORD_FACTS) < 200_000:
            _WORD_FACTS[word] = facts
    return facts


# the token pattern as a split separator: words and the gaps between them, in one C call;
# its repeat possessive ("*+": nothing follows it to backtrack for, and sre then keeps no
# backtracking state per word). A word is letters and digits, apostrophes joining them
_SPLIT = re.compile(r"([^\W_]+(?:['’][^\W_]+)*+)")


# lowercase words that join two capitalised words into one name ("Ali al Salih")
_JOINERS = ("al", "el", "de", "del", "of", "ul", "bin")
#: last words of the names of administrative areas ("Borno State", "Idlib Governorate")
_ADMIN_WORDS = frozenset({"state", "province", "region", "governorate", "county", "district",
                          "oblast", "prefecture", "department", "territory"})
#: nouns after which a name is a building's, not a place's
_BUILDINGS = frozenset({"hospital", "clinic", "hotel", "stadium", "prison", "museum", "mosque",
                        "church", "school", "university", "college"})
#: transliterated articles that join two capitalised words only with a hyphen after them
_HYPHEN_JOINERS = frozenset({"ez", "az", "as", "ad", "an", "ar", "at", "ash", "es", "ed", "en",
                             "er", "et", "ud", "us", "ud", "adh", "al", "el",
                             # Persian's ezafe: "Pul-e-Alam", "Qala-i-Naw", "Sar-e-Pul"
                             "e", "i"})
#: lowercase words that may stand between a locative word and a name ("in southern Iraq")
_BEFORE_NAME = frozenset({"the", "northern", "southern", "eastern", "western", "central",
                          "north", "south", "east", "west", "northeastern", "northwestern",
                          "southeastern", "southwestern", "north-eastern", "north-western",
                          "south-eastern", "south-western", "neighbouring", "neighboring",
                          "nearby", "rural", "coastal", "occupied"})
#: "the port of Odesa", "the city of Lviv", "the centre of Puno": "of" after these marks
#: a place
_PLACE_NOUNS = frozenset({"city", "town", "village", "port", "harbour", "harbor", "province",
                          "region", "district",
                          "capital", "suburb", "suburbs", "outskirts", "county", "state",
                          "governorate", "municipality", "area", "neighbourhood",
                          "neighborhood", "island", "oblast", "territory", "enclave",
                          # parts of a place: "the centre of Puno", "the edge of Samarra"
                          "centre", "center", "heart", "edge", "streets", "north", "south",
                          "east", "west", "outskirt"})


class Tokens:
    """The words of one sentence as parallel sequences, indexed by token number.

    Made with one ``re.split`` (words and the gaps between them), a loop adding up their
    lengths (offsets) and C-level passes (word facts by one remembered dict probe per word):
    the scans look closely only at the few tokens that may start a name or are
    capitalised, so a `Token` object per word would cost more than the scan itself.

    Attributes
    ----------
    text : str
        The sentence.
    words : list of str
        Each token as written (possessive included).
    gaps : list of str
        ``gaps[k]`` is the text between tokens ``k - 1`` and ``k`` (``gaps[0]`` before
        the first token, one more after the last).
    starts : list of int
        Offset of each token in ``text`` (one more entry: the text's length).
    keys, capital : list
        Each token's key (lowercase ASCII, apostrophes and possessive dropped) and
        whether it starts with a capital.
    """

    __slots__ = ("text", "words", "gaps", "starts", "keys", "capital", "name_starts")
    # (declared, so that compiled code indexes and compares them without generic calls)
    text: str
    words: list[str]
    gaps: list[str]
    starts: list[int]
    keys: list[str]
    capital: list[bool]
    name_starts: list[bool] | None

    def __init__(self, text: str, matcher: Matcher | None = None) -> None:
        self.text = text
        parts = _SPLIT.split(text)
        self.words = words = parts[1::2]
        self.gaps = parts[0::2]
        starts: list[int] = []
        at = 0
        for k in range(1, len(parts), 2):
            at += len(parts[k - 1])
            starts.append(at)
            at += len(parts[k])
        starts.append(at + len(parts[-1]))
        self.starts = starts
        known: dict
        make: Callable[[str], tuple]
        if matcher is not None:  # with the matcher's flags, in the same probe per word
            known, make = matcher.word_facts, matcher.facts_of
        else:
            known, make = _WORD_FACTS, _facts_of
        facts: Sequence[tuple]
        try:  # every word seen before (the usual case): one C call, no test per word
            if len(words) < 2:
                raise KeyError  # (itemgetter of one key gives no tuple, of none fails)
            facts = itemgetter(*words)(known)
        except KeyError:
            facts = [make(w) for w in words]
        self.keys = list(map(_KEY, facts))
        self.capital = list(map(_CAPITAL, facts))
        #: with a matcher: whether a name may start at each token (`Matcher.may_start`)
        self.name_starts = list(map(_NAME_START, facts)) if matcher is not None else None

    def __len__(self) -> int:
        return len(self.words)

    def possessive(self, k: int) -> bool:
        """Whether token ``k`` ends in a possessive "'s"."""
        return _possessive_cut(self.words[k]) > 0

    def end(self, k: int) -> int:
        """Where token ``k`` ends, its possessive "'s" excluded."""
        return self.stop(k) - _possessive_cut(self.words[k])

    def stop(self, k: int) -> int:
        """Where token ``k`` ends as written (possessive included)."""
        return self.starts[k] + len(self.words[k])

    def token(self, k: int) -> Token:
        return Token(self.starts[k], self.end(k), self.words[k], self.keys[k],
                     self.possessive(k), self.capital[k])


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` as `Token` objects."""
    toks = Tokens(text)
    return [toks.token(k) for k in range(len(toks))]


