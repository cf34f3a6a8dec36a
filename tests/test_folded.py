"""Case-sensitive patterns on folded text find what the case-insensitive ones find on the
text (`text.for_folded`), for every pattern the rules run that way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geoincidents.extract import events, mentions, prepare
from geoincidents.extract.text import Gate, fold, folded, for_folded

SAMPLES = Path(__file__).resolve().parents[1] / "geodata" / "samples"

ODD = ["THE ATTACK ON KIRKUK: FIVE ROCKETS WERE FIRED", "İstanbul’s ſtreet, the KELVIN sign K",
       "Three IEDs exploded; THE OTHER TWO were DEFUSED.", "Officials İN Baghdad said",
       "militias with TIES TO Tehran", "Another Katyusha HIT the base after a raid"]


def _pairs():
    """(name, case-insensitive pattern, its folded form) for every one in use."""
    for mod in (events, mentions):
        for name, value in vars(mod).items():
            if isinstance(value, Gate) and value.low_rx is not None:
                yield f"{mod.__name__}.{name}", value.rx, value.low_rx
            elif name.endswith("_LOW") and isinstance(value, re.Pattern):
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
