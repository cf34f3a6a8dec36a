"""Segmentation kinds left by seg8 and stmt4 (branch seg9, issue 18).

``tests/data/seg9_unseen`` holds short articles written and labelled before the rules
changed (the file prefix names the kind, its labels' ``about`` says which were written
later): a, "a quadcopter attack"; b, a pluperfect "a bomb had gone off"; c, munitions told
again with the definite article ("The bombs struck a school ...", the city named as its
source's); d, a past event recalled in a relative clause about people. Each article must
give one incident per event: none missed, none spurious, each of the right type and day.
"""

from __future__ import annotations

import pytest

from geoincidents.extract import triggers
from tests.extracting import articles, check_labelled, labelled_rows, scored_sets

SETS = ("seg9_unseen",)
#: articles still wrong, and why (not a segmentation fault)
STILL_WRONG = {
    "articles/b1_pluperfect_bomb_chaman.txt": "'on Tuesday, a day after a bomb had gone off' "
                                              "dates the bomb to Tuesday (dates)",
    "articles/b2_pluperfect_device_quetta.txt": "the title's 'explosion' starts an incident "
                                                "of the lead's day, and 'Hours earlier, a "
                                                "device had gone off' stays undated",
}


@pytest.fixture(scope="module")
def scored(gazetteer):
    return scored_sets(gazetteer, SETS)


@pytest.mark.parametrize("labels, name", articles(SETS, STILL_WRONG))
def test_one_incident_per_event(scored, labels, name):
    check_labelled(scored[labels], name, ("missed", "event_type", "date", "role"),
                   spurious=False)


@pytest.mark.parametrize("text, told, expected", [
    ("The bombs struck a school in the north of the city.",
     "Jets dropped two glide bombs on the town.", True),
    ("The missiles hit a warehouse, the mayor said.", "Troops fired a missile at the port.", True),
    ("The bombs struck a school.", "Rockets hit the town.", False),  # not the munition told
    ("Another bomb struck a school.", "Jets dropped bombs on the town.", False),
    ("Police said a bomb struck a school.", "Jets dropped bombs on the town.", False),
])
def test_munitions_told_again(text, told, expected):
    assert triggers.munition_told_in(text, told) is expected


@pytest.mark.parametrize("name", ["articles/e1_the_building_next_paragraph_dikhan.txt",
                                  "articles/e2_the_compound_next_paragraph_tank.txt"])
def test_a_past_event_at_the_building_is_at_the_site_told(scored, name):
    (labels,) = scored
    got = labelled_rows(scored[labels], name)
    assert len(got) == 2 and not any("place" in (r["wrong"] or "") for r in got), got
