"""Words beside a name that say its kind ("Washington state", "the state of ...") and
lists of names of one kind (texts written for these tests)."""
from __future__ import annotations

import re

import pytest

from geoincidents.geoparse import cues
from geoincidents.geoparse.detect import Mention
from geoincidents.geoparse.resolve import Geoparser, default_weights
from tests.spans import first_spans as _spans


def _mentions(text, names):
    found = [Mention(m.start(), m.end(), n, "given", "given")
             for n in names for m in re.finditer(re.escape(n), text)]
    found.sort(key=lambda m: m.start)
    return found, [m.text.casefold() for m in found]


@pytest.mark.parametrize("text, name, admin1", [
    ("Apple growers in Washington state expect a smaller harvest.", "Washington", "US-WA"),
    ("Rain flooded towns in Mexico state on Sunday.", "Mexico", "MX-MEX"),
    ("Inspectors were sent to the northwestern state of Washington.", "Washington",
     "US-WA"),
])
def test_a_division_word_beside_the_name_makes_it_the_division(gp, text, name, admin1):
    t = gp.resolve_spans(text, _spans(text, [name]))[0]
    assert (t.place.kind, t.place.admin1) == ("admin1", admin1)
    assert "the word says it is a admin1" in t.why()
    off = Geoparser(weights={**default_weights(), "kind_word": 0.0})
    assert off.resolve_spans(text, _spans(text, [name]))[0].place.kind != "admin1"


def test_a_list_of_states_makes_its_names_states(gp):
    text = "Recalled eggs were sold in Texas, Utah, Washington and Idaho, the firm said."
    names = ["Texas", "Utah", "Washington", "Idaho"]
    got = gp.resolve_spans(text, _spans(text, names))
    assert [(t.place.kind, t.place.admin1) for t in got] == [
        ("admin1", "US-TX"), ("admin1", "US-UT"), ("admin1", "US-WA"), ("admin1", "US-ID")]
    assert "listed with" in got[2].why()


def test_one_place_in_another_is_not_a_list(gp):
    text = "The group is based in Washington, D.C., and has a branch in Ohio."
    t = gp.resolve_spans(text, _spans(text, ["Washington", "D.C.", "Ohio"]))[0]
    assert (t.place.kind, t.place.admin1) == ("city", "US-DC")


def test_list_neighbours_need_a_conjunction_or_a_third_name():
    text = "Alexandria, Virginia; Cairo, Giza, Minya; Georgia and Armenia"
    found, keys = _mentions(text, ["Alexandria", "Virginia", "Cairo", "Giza", "Minya",
                                   "Georgia", "Armenia"])
    got = cues.list_neighbours(text, found, keys)
    assert "alexandria" not in got and "virginia" not in got
    assert got["giza"] == {"cairo", "minya"}
    assert got["georgia"] == {"armenia"}


def test_kind_words_read_outside_the_span_only():
    text = "the estate of Washington; Punjab province; the province of Sindh"
    found, keys = _mentions(text, ["Washington", "Punjab", "Sindh"])
    got = cues.kind_cues(text, found, keys)
    assert 0 not in got  # "estate of" is not "state of"
    assert got[1]["admin1"] == "Punjab province"
    assert got[2]["admin2"] == "province of Sindh"


def test_a_word_speaks_for_its_own_mention_only(gp):
    text = ("Farmers blocked roads across the province of Puno. In the centre "
            "of Puno, the regional capital, shops stayed shut.")
    first = text.index("Puno")
    second = text.index("Puno", first + 1)
    got = gp.resolve_spans(text, [(first, first + 4), (second, second + 4)])
    assert [t.place.kind for t in got] == ["admin1", "city"]


def test_a_bad_kind_word_row_is_named():
    with pytest.raises(ValueError, match=r"words\.json words\[1\]"):
        cues.compile_kind_words([{"word": "state", "kinds": ["admin1"]},
                                 {"word": "", "kinds": ["admin1"]}], "words.json")
    with pytest.raises(ValueError, match=r"words\[0\]"):
        cues.compile_kind_words([{"word": "state", "kinds": []}], "x")


def test_the_word_lifted_winner_comes_first_among_the_candidates(gp):
    text = "Apple growers in Washington state expect a smaller harvest."
    t = gp.resolve_spans(text, _spans(text, ["Washington"]))[0]
    assert t.candidates[0].entry == t.place and t.candidates[0].score == t.score
    assert t.place not in [c.entry for c in t.candidates[1:]]
    assert t.score > t.candidates[1].score
