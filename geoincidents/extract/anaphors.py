"""Anaphors of places: "the base", "this same embassy", "the capital" stand for a place
named before; `mentions` finds them after the names, `place_resolve` resolves each to a
place of one of the `KINDS` its noun may stand for.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from geoincidents.extract.place_tokens import Mention, Tokens

_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:same\s+)?(embassy|base|airbase|air\s+base|"
                      r"airfield|camp|airport|compound|zone|city|town|township|capital)\b"
                      r"(?:['’]s)?", re.I)
# every match of _ANAPHOR holds one of these nouns
_NOUNS = ("embassy", "base", "airfield", "camp", "airport", "compound", "zone", "city", "town",
          "capital")  # ("township" holds "town")
#: the kinds of place each noun may stand for
KINDS = {"embassy": ("landmark",), "compound": ("landmark", "base"),
         "base": ("base",), "airbase": ("base", "airport"), "air base": ("base", "airport"),
         "airfield": ("base", "airport"), "camp": ("base",), "airport": ("airport",),
         "zone": ("zone",), "city": ("city",), "town": ("town", "city"),
         "township": ("town", "city"),
         # "the capital": a national capital named before (`place_names.national_capital`)
         "capital": ("city",)}


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


def anaphors(toks: Tokens, base: int, sents: list[tuple[int, int, int, int, int]],
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
    for at in _places_of(toks.text.lower(), _NOUNS):
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


# ("the town hall of Toribio": a building of the town named after it)
_NAMED_AFTER = re.compile(r"\s+(?:hall\s+|council\s+|centre\s+|center\s+)?of\s+(?:al-|el-)?[A-Z]")

