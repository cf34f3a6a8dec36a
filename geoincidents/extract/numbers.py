"""Numbers written in words or digits: "five", "a dozen", "at least three", "three dozen", "12"."""

from __future__ import annotations

import re

UNITS = {"zero": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
         "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
         "eighteen": 18, "nineteen": 19, "a": 1, "an": 1, "single": 1, "lone": 1}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
QUALIFIERS = (r"at least|more than|over|about|around|nearly|almost|some|up to|as many as|"
              r"roughly|approximately|at most|fewer than|less than|only|just|an estimated|"
              r"a total of|an additional")

_WORD = "|".join(sorted([w for w in UNITS if w not in ("a", "an", "no", "single", "lone")]
                        + list(TENS), key=len, reverse=True))
#: a number phrase; group ``num`` is the number itself
NUMBER = (rf"(?:(?:{QUALIFIERS})\s+)?(?P<num>\d{{1,4}}(?:,\d{{3}})*"
          rf"|(?:(?:a|one|two|three|four|five|six|half a)\s+)?dozen"
          rf"|(?:{'|'.join(TENS)})[- ](?:one|two|three|four|five|six|seven|eight|nine)"
          rf"|(?:{_WORD})(?:\s+hundred)?|a couple of|a pair of|a single|a lone|an?|no)")
NUMBER_RE = re.compile(rf"\b{NUMBER}\b", re.I)
#: the first words (lowercase) a `NUMBER` may start with, besides digits
NUMBER_FIRSTS = frozenset(
    {q.split()[0] for q in QUALIFIERS.split("|")} | {"a", "an", "no", "half", "dozen"}
    | set(UNITS) | set(TENS))
_QUALIFIER_AT = re.compile(rf"^(?:{QUALIFIERS})\s+")
_DOZEN = re.compile(r"(?:(a|one|two|three|four|five|six|half a)\s+)?dozen")
_TWO_WORDS = re.compile(r"(\w+)[- ](\w+)")
_HUNDRED = re.compile(r"(\w+)\s+hundred")


def value(text: str) -> int | None:
    """The integer a number phrase stands for, or None (``"dozens"``, ``"several"``).

    >>> [value(t) for t in ("five", "a dozen", "three dozen", "at least 3", "twenty-one")]
    [5, 12, 36, 3, 21]
    """
    t = _QUALIFIER_AT.sub("", text.strip().lower())
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
