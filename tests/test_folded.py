"""Case-sensitive patterns on folded text find what the case-insensitive ones find on the
text (`text.for_folded`), for every pattern the rules run that way; their ASCII
compilation finds what the Unicode one finds, on ASCII folded text."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from geoincidents.extract import events, mentions, prepare
from geoincidents.extract.text import FoldedPattern, Gate, fold, folded, for_folded

SAMPLES = Path(__file__).resolve().parents[1] / "geodata" / "samples"

ODD = ["THE ATTACK ON KIRKUK: FIVE ROCKETS WERE FIRED", "İstanbul’s ſtreet, the KELVIN sign K",
       "Three IEDs exploded; THE OTHER TWO were DEFUSED.", "Officials İN Baghdad said",
       "militias with TIES TO Tehran", "Another Katyusha HIT the base after a raid",
       # information separators: spaces to Unicode's \\s, not to re.ASCII's
       "Five rockets\x1cwere fired\x1fat the base,\x1d killing\x1etwo soldiers"]


def _pairs():
    """(name, case-insensitive pattern, its folded form) for every one in use."""
    for mod in (events, mentions):
        for name, value in vars(mod).items():
            if isinstance(value, Gate) and value.low_rx is not None:
                yield f"{mod.__name__}.{name}", value.rx, value.low_rx
            elif name.endswith("_LOW") and isinstance(value, FoldedPattern):
                yield f"{mod.__name__}.{name}", getattr(mod, name[:-4]), value
    # the lists of patterns run folded
    for i, ((_, rx, _), low_rx) in enumerate(zip(events.ACTOR_PATTERNS, events._ACTOR_LOW)):
        yield f"events._ACTOR_LOW[{i}]", rx, low_rx
    for i, (rx, low_rx) in enumerate(zip(events._DAMAGE, events._DAMAGE_LOW)):
        yield f"events._DAMAGE_LOW[{i}]", rx, low_rx
    for (label, _, rx), (_, _, low_rx) in zip(events._WEAPONS, events._WEAPON_KEYS):
        yield f"events._WEAPON_KEYS[{label}]", rx, low_rx


def _sentences():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.rglob("articles/*.txt"))]
    return [s.text for t in texts for s in prepare(t).sentences] + ODD


PAIRS = list(_pairs())


def test_the_rules_use_folded_patterns():
    names = {name for name, _, _ in PAIRS}
    assert len(PAIRS) >= 25
    assert {"geoincidents.extract.events._MUNITION_NP_LOW",
            "geoincidents.extract.mentions._SPEAKER_BEFORE_LOW"} <= names


@pytest.mark.parametrize("name,rx,low_rx", PAIRS, ids=[p[0] for p in PAIRS])
def test_folded_pattern_finds_the_same_spans(name, rx, low_rx):
    for text in _sentences():
        low = fold(text)
        assert [m.span() for m in rx.finditer(text)] == \
            [m.span() for m in low_rx.finditer(low)], (name, text)


def test_what_cannot_be_folded_is_refused():
    assert for_folded(re.compile("abc")) is None  # not case-insensitive: nothing to gain
    for pattern in (r"(?-i:Abc)", r"\x41", r"[A-z]", r"(?P<a>x)(?(a)y|z)"):
        assert for_folded(re.compile(pattern, re.I)) is None, pattern
    with pytest.raises(ValueError, match="no case-sensitive form"):
        folded(re.compile(r"\x41", re.I))


def test_capitals_are_lowercased_but_not_escapes_or_group_names():
    got = for_folded(re.compile(r"(?P<NP>[A-Z]\w+) IEDs?\S\B", re.I))
    assert got.pattern == r"(?P<NP>[a-z]\w+) ieds?\S\B" and not got.flags & re.I
    assert got.search(fold("Three IEDs!")).group("NP") == "three"


def test_bare_numbers_tried_only_where_they_may_start_are_all_found():
    extra = ["five were fired, three landed.", "Two hit; the other two failed", "all three "
             "exploded", "the remaining four misfired.", "Another two fell, another one hit."]
    for text in _sentences() + extra:
        low = fold(text)
        assert [m.span() for m in events._bare_matches(low)] == \
            [m.span() for m in events._BARE_LOW.finditer(low)], text


def _spans_and_groups(matches):
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("name,rx,low_rx", PAIRS, ids=[p[0] for p in PAIRS])
def test_ascii_compilation_finds_what_the_unicode_one_finds(name, rx, low_rx):
    """The ASCII compilation runs on ASCII folded text: there it must agree."""
    texts = [fold(t) for t in _sentences()]
    assert any(t.isascii() for t in texts) and any("\x0b" in t for t in texts)
    for low in texts:
        if low.isascii():
            assert _spans_and_groups(low_rx.ascii.finditer(low)) == \
                _spans_and_groups(low_rx.unicode.finditer(low)), (name, low)


def test_ascii_compilation_agrees_on_random_folded_text():
    rng = random.Random(7)
    alphabet = "ab ki s,.;\t\n\x0b\x0c\x1c\x1d\x1e\x1f_09-'"
    words = ["killed", "rockets", "the", "three", "no one", "was", "were", "hit", "by", "said"]
    for pattern in (r"\b\w+\s+(?:was|were)\b", r"[\w\s]{2,9}?\bhit\b", r"\S+\s*\W",
                    r"(?<!\w)no\s+one\b|\bthe\s+\w+", r"[^\s,]+(?=\s)"):
        rx = FoldedPattern(pattern, 0)
        for _ in range(3000):
            low = fold("".join(rng.choice(alphabet) if rng.random() < 0.7 else rng.choice(words)
                               for _ in range(rng.randint(0, 14))))
            assert low.isascii()
            assert _spans_and_groups(rx.finditer(low)) == \
                _spans_and_groups(rx.unicode.finditer(low)), (pattern, low)
            assert [m.span() for m in rx.finditer(low)] == \
                [m.span() for m in re.finditer(pattern, low)], (pattern, low)


def test_fold_turns_separators_into_vertical_tabs_and_keeps_offsets():
    text = "Two\x1cROCKETS\x1d hit\x1e\x1fİzmir"
    low = fold(text)
    assert low == "two\x0brockets\x0b hit\x0b\x0bizmir" and len(low) == len(text)
    assert fold("a\x1cB") == "a\x0bb" and fold("No separators") == "no separators"
    for rx in (re.compile(r"\s+", re.I), re.compile(r"\S+", re.I), re.compile(r"\b\w+\b", re.I)):
        assert [m.span() for m in rx.finditer(text)] == \
            [m.span() for m in folded(rx).finditer(low)]


def test_patterns_with_control_characters_are_not_folded():
    for pattern in (r"a\vb", r"a\fb", "a\x1cb", "a\x0bb", r"a\x1cb"):
        assert for_folded(re.compile(pattern, re.I)) is None, repr(pattern)


def test_folded_pattern_methods_take_positions():
    rx = folded(re.compile(r"\bRockets?\b", re.I))
    low = fold("Rockets hit; a rocket fell, rockets’ trails")
    assert rx.search(low, 1).start() == 15 and rx.match(low, 15).end() == 21
    assert rx.findall(low) == ["rockets", "rocket", "rockets"]
    assert [m.start() for m in rx.finditer(low, 1, 35)] == [15, 28]
    assert rx.search(low, 0, 5) is None and repr(rx).startswith("FoldedPattern(")


def test_casualty_patterns_tried_only_at_their_first_words_are_all_found():
    from geoincidents.extract.text import finditer_at

    extra = ["killing two, injuring 3 and wounding four", "Three were killed, and 12 wounded.",
             "left two dead and, at least five injured", "the blast left nobody hurt",
             "skilled workers were wounded", "sand, and three more were hurt"]
    pairs = [(events._CAS2_LOW, events._CAS2_FIRSTS), (events._CAS3_LOW, events._CAS3_FIRSTS),
             (events._CAS4_LOW, events._CAS4_FIRSTS)]
    found = 0
    for text in _sentences() + extra:
        low = fold(text)
        for rx, firsts in pairs:
            want = [(m.span(), m.groups()) for m in rx.finditer(low)]
            assert [(m.span(), m.groups()) for m in finditer_at(rx, low, firsts)] == want, text
            found += len(want)
    assert found > 30
