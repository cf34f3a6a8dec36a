"""A pattern behind its first-character lookahead (`text.first_char_guard`) finds exactly
what the pattern finds: for every pattern the rules guard, on every sample sentence, and
for hand-made patterns on random strings."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from geoincidents.extract import dates, prepare
from geoincidents.extract.text import GUARDED, first_char_guard

SAMPLES = Path(__file__).resolve().parents[1] / "geodata" / "samples"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# a date in every form the date patterns start with, and near misses
DATES = ["Monday, December 20, 2019", "on 20 December 2019 and 3rd of May", "since January",
         "fighting in January", "mid-March 2020", "Late May", "during 2019", "until June 2021",
         "last Friday night", "Yesterday", "tonight", "2020-12-20", "this week", "Dec. 29, 2019",
         "Sept 3", "the 4th of July", "In\u00a0October", "by\tNovember", "May 5", "may 5",
         "Mark 12 Marines", "٢٠٢٠-١٢-٢٠", "earlier this month", "Saturday evening"]


def _sentences() -> list[str]:
    paths = sorted(SAMPLES.rglob("articles/*"))
    if SEEDS.is_dir():
        paths += sorted(SEEDS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    return [s.text for t in texts for s in prepare(t).sentences] + DATES


def _found(rx: re.Pattern, text: str) -> list:
    return [(m.span(), m.groupdict()) for m in rx.finditer(text)]


def test_the_date_patterns_are_guarded():
    guarded = {g.pattern for _, g in GUARDED}
    kinds = {kind for kind, rx in dates._COMPILED if rx.pattern in guarded}
    assert {"mdy", "dmy", "md", "dm", "my", "weekday"} <= kinds


@pytest.mark.parametrize("pair", GUARDED, ids=lambda p: p[0].pattern[:40])
def test_guarded_patterns_find_the_same(pair):
    plain, guarded = pair
    assert guarded.pattern != plain.pattern
    for text in _sentences():
        assert _found(guarded, text) == _found(plain, text), text


@pytest.mark.parametrize("pattern, guard", [
    (r"\b(?:foo|bar)\d", "[bf]"),
    (r"\b(?:(?:on|in)\s+)?(?:May|June)\b", "[JMio]"),
    (r"(?:\s*x|y)z", r"[\sxy]"),
    (r"\b(?:\d+|a)b", r"[\da]"),
])
def test_guard_is_the_first_characters(pattern, guard):
    rx = first_char_guard(re.compile(pattern))
    assert rx.pattern.replace(f"(?={guard})", "", 1) == pattern  # (after a leading \\b)


@pytest.mark.parametrize("pattern, flags", [
    ("abc", 0),  # a literal: sre scans for it already
    ("[ab]c", 0),  # a class: the same
    ("foo|bar", 0),  # an alternation of literals: the same
    (r"\b(?:foo|bar)", re.IGNORECASE),  # other cases would need listing
    (r"\b(?:a?|b)", 0),  # may match the empty string
    (r"\b(?:[^a]|b)c", 0),  # a negated class
    (r"\b(?:.|b)c", 0),  # any character
    (r"\b(?:(?i:a)|b)c", 0),  # a case-insensitive group
    (r"(?P<x>a|b)?(?(x)c|d)", 0),  # a conditional
])
def test_left_alone_when_it_cannot_help_or_be_known(pattern, flags):
    rx = re.compile(pattern, flags)
    assert first_char_guard(rx) is rx


@pytest.mark.parametrize("pattern", [
    r"\b(?:ab|b\s?a|\d{2})+c?", r"(?:\s+a|\s*b)\b", r"\b(?:x|(?:y|z)?w)[xy]*",
    r"^(?:a|\ba\b|ba)", r"\b(?=a)(?:ab|b)b", r"\b(?:[a-c]|\w\d)", r"(?:ab|b)??c",
])
def test_random_strings(pattern):
    rng = random.Random(pattern)
    plain = re.compile(pattern)
    guarded = first_char_guard(plain)
    assert guarded is not plain
    for _ in range(3000):
        text = "".join(rng.choice("abcxyzw 1 2\t-") for _ in range(rng.randrange(12)))
        assert _found(guarded, text) == _found(plain, text), text
