"""Numbers written in words or digits: "five", "a dozen", "at least three", "three dozen", "12".

The words and qualifiers are `rules/numbers.jsonl` records.
"""

from __future__ import annotations

import re

from geoincidents.extract.lexicon import records

#: number words and their values ("two": 2, "a": 1, "no": 0); tens apart
UNITS = {r["word"]: r["value"] for r in records("numbers") if "word" in r and not r.get("tens")}
TENS = {r["word"]: r["value"] for r in records("numbers") if r.get("tens")}
#: qualifiers kept as notes: "at least", "more than", "up to"...
QUALIFIERS = "|".join(r["qualifier"] for r in records("numbers") if "qualifier" in r)
#: qualifiers after which the number is a lower bound (the count is kept, with a note)
LOWER_BOUNDS = frozenset(r["qualifier"] for r in records("numbers") if r.get("lower_bound"))

# words that are numbers only inside a phrase ("a", "no", "single"), written out below
_BARE_ONLY = {r["word"] for r in records("numbers") if r.get("phrase_only")}
_WORD = "|".join(sorted([w for w in UNITS if w not in _BARE_ONLY] + list(TENS),
                        key=len, reverse=True))
_UNIT_WORDS = "|".join(w for w in UNITS if 1 <= UNITS[w] <= 9 and w not in _BARE_ONLY)
#: a number phrase; group ``num`` is the number itself
NUMBER = (rf"(?:(?:{QUALIFIERS})\s+)?(?P<num>\d{{1,4}}(?:,\d{{3}})*"
          rf"|(?:(?:a|one|two|three|four|five|six|half a)\s+)?dozen"
          # ("three (3) rockets", "thirty-one (31) fighters": a number word with its
          # numeral in apposition)
          rf"|(?:{'|'.join(TENS)})[- ](?:{_UNIT_WORDS})(?:\s*\(\d{{1,4}}\)(?=\s))?"
          rf"|(?:{_WORD})(?:\s+hundred)?(?:\s*\(\d{{1,4}}\)(?=\s))?"
          rf"|a couple of|a pair of|a single|a lone|an?|no)")
NUMBER_RE = re.compile(rf"\b{NUMBER}\b", re.I)
#: the number words standing alone (no "zero"), longest first: "Four were intercepted"
NUMBER_WORDS = "|".join(w for w in sorted(set(UNITS) | set(TENS), key=len, reverse=True)
                        if UNITS.get(w, 1))
#: ordinal words ("third", "last"), the ``ordinal`` records
ORDINALS = "|".join(r["ordinal"] for r in records("numbers") if "ordinal" in r)
#: "a large number of", "a handful of": no number (the ``vague`` records)
VAGUE = re.compile(r"\b(?:an?|the)\s+(?:" + "|".join(r["vague"] for r in records("numbers")
                                                  if "vague" in r) + r")\b", re.I)
_QUALIFIER_AT = re.compile(rf"^(?:{QUALIFIERS})\s+")
_PLAIN = NUMBER.replace("?P<num>", "")
#: a range's first figure and its joint, before the second figure ("between 20 and 25",
#: "eight to ten", "20-25"): a range keeps its lower bound. A dash joins a range only
#: between figures written close: in "Oct 31 - Three soldiers" the 31 is a dateline's day.
RANGE_BEFORE = re.compile(rf"\b(?:between\s+)?(?:(?P<low>{_PLAIN})\s+(?:and|to|or)\s+|"
                          r"(?P<low_d>\d+)[-–])$", re.I)
_DOZEN = re.compile(r"(?:(a|one|two|three|four|five|six|half a)\s+)?dozen")
_TWO_WORDS = re.compile(r"(\w+)[- ](\w+)")
_HUNDRED = re.compile(r"(\w+)\s+hundred")


_APPOSED = re.compile(r"\s*\(\d{1,4}\)$")


def value(text: str) -> int | None:
    """The integer a number phrase stands for, or None (``"dozens"``, ``"several"``).

    >>> [value(t) for t in ("five", "a dozen", "three dozen", "at least 3", "twenty-one")]
    [5, 12, 36, 3, 21]
    """
    t = _QUALIFIER_AT.sub("", text.strip().lower())
    t = _APPOSED.sub("", t)  # "three (3)": the word's value
    t = t.replace(",", "")
    if t.isdigit():
        return int(t)
    m = _DOZEN.fullmatch(t)
    if m:
        mult = {"half a": 0.5, None: 1, "a": 1}.get(m[1], UNITS.get(m[1] or "", 1))
        return int(12 * mult)
    if t in ("a couple of", "a pair of"):
        return 2
    if t in ("a single", "a lone"):
        return 1
    m = _TWO_WORDS.fullmatch(t)
    if m and m[1] in TENS and m[2] in UNITS:
        return TENS[m[1]] + UNITS[m[2]]
    m = _HUNDRED.fullmatch(t)
    if m and m[1] in UNITS:
        return 100 * UNITS[m[1]]
    if t in UNITS:
        return UNITS[t]
    if t in TENS:
        return TENS[t]
    return None


def qualifier(text: str) -> str | None:
    """The qualifier a number phrase starts with ("at least 3": "at least"), or None."""
    m = _QUALIFIER_AT.match(text.strip().lower())
    return m.group().strip() if m else None


def range_low(text: str, end: int) -> tuple[int, int] | None:
    """(lower bound, where the range starts) when the words of ``text`` before ``end`` open
    a range whose second figure starts at ``end`` ("between 10 and |12 rockets"), else
    None."""
    m = RANGE_BEFORE.search(text, 0, end)
    if m is None:
        return None
    low = value(m.group("low") or m.group("low_d"))
    return (low, m.start()) if low is not None else None
