"""Casualties in one sentence: counts, none, named victims, totals, lower bounds."""

from __future__ import annotations

import pytest

from geoincidents.extract.casualties import casualties


@pytest.mark.parametrize("text, killed, injured", [
    # a second group with its own verb is not added to the first
    ("Nine policemen were killed and five others wounded when the patrol was ambushed.", 9, 5),
    ("Two guards were shot dead and three others hurt at the gate on Monday.", 2, 3),
    # groups of one verb add up, across nationalities
    ("Two Americans and a Briton were killed in the explosion.", 3, None),
    ("The raid killed four Syrians and two Turks near the border.", 6, None),
    # a named or described victim counts one
    ("The general was killed in the strike on his car.", 1, None),
    ("A taxi driver was killed and 20 people were hurt in the stampede.", 1, 20),
    ("Colonel Ahmed Karimi was killed by a sniper on Tuesday.", 1, None),
    # "a third", "a fourth": one more
    ("Militants opened fire, killing three guards and wounding a fourth.", 3, 1),
    # none: "no one was hurt" is no one killed either
    ("No one was hurt in the blast, officials said.", 0, 0),
    ("The rocket hit an empty car park without causing casualties.", 0, 0),
    ("There were no deaths, the mayor said.", 0, None),
    # nothing said: nothing recorded
    ("It was not clear whether anyone was hurt.", None, None),
    ("The building was badly damaged.", None, None),
])
def test_casualties(text, killed, injured):
    got = casualties(text)
    assert (got.killed, got.injured) == (killed, injured), got.notes


def test_at_least_keeps_the_lower_bound_with_a_note():
    got = casualties("At least 14 people were killed when the bus was hit.")
    assert got.killed == 14
    assert "lower bound" in got.notes[0]
    assert "lower bound" not in casualties("Fourteen people were killed.").notes[0]
