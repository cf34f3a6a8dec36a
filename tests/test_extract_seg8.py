"""Segmentation kinds of heldout10's failures (branch seg8, issue 18).

``tests/data/seg8_unseen`` holds short articles written and labelled before the rules
changed (the file prefix names the kind, its labels' ``about`` says which were written
after): a, a bold Markdown dateline; b, a recalled event whose sentence says something
general in another part; c, "X, the town that sits just outside Y"; d, travel and roads
named by their ends; e and g2, "traded fire", "a running battle", "came under fire"; f,
"the same day" after a general sentence; g1, weapons found "pointed towards" a base.
Each article must give one incident per event: none missed, none spurious, each of the
right type and day.
"""

from __future__ import annotations

import pytest

from geoincidents.extract.text import dateline_end
from tests.extracting import articles, check_labelled, rows, scored_sets

SETS = ("seg8_unseen",)
#: articles still wrong, and why (not a segmentation fault)
STILL_WRONG = {
    "articles/a2_bold_dateline_turbat.md": "'Gunmen stormed a bank branch ... and fought the "
                                           "guards' is typed raid (the label says battle)",
}


@pytest.fixture(scope="module")
def scored(gazetteer):
    return scored_sets(gazetteer, SETS)


@pytest.mark.parametrize("labels, name", articles(SETS, STILL_WRONG))
def test_one_incident_per_event(scored, labels, name):
    check_labelled(scored[labels], name, ("missed", "event_type", "date", "role"),
                   spurious=False)


@pytest.mark.parametrize("line, dateline", [
    ("**RAMADI, Iraq** - A barrage of rockets hit the base.", "**RAMADI, Iraq** - "),
    ("**ISLAMABAD** — A bomb exploded.", "**ISLAMABAD** — "),
    ("_KABUL_ - Gunmen attacked a post.", "_KABUL_ - "),
    ("**Breaking** - rockets hit the base.", ""),
    ("US-led forces - a coalition of ten states - struck.", ""),
])
def test_a_dateline_set_in_bold_or_italics(line, dateline):
    assert line[:dateline_end(line)] == dateline


def test_a_road_named_by_its_destination_is_no_site(gazetteer):
    text = ("Published: 2024-08-05\n\nIn the desert near Sukhnah, soldiers fought militants on "
            "Sunday after the militants ambushed a supply convoy on the road to Deir ez-Zor.\n")
    got = rows(gazetteer, text, "2024-08-05")
    assert list(got["place_name"]) == ["As Sukhnah"]


def test_a_road_alone_places_its_event_near_the_town_it_leads_to(gazetteer):
    text = ("Published: 2025-04-16\n\nA roadside bomb struck a police van on the highway to "
            "Qalat on Tuesday, killing two officers.\n")
    got = rows(gazetteer, text, "2025-04-16")
    assert list(got["place_name"]) == ["Qalāt"]


def test_the_town_named_again_after_a_journey_from_it(gazetteer):
    text = ("Published: 2024-03-14\n\nInsurgents ambushed an army convoy outside Damboa on "
            "Wednesday, killing six soldiers.\n\nThe trucks, heading from Damboa to a base "
            "further south, came under gunfire about 10 km from the town.\n")
    got = rows(gazetteer, text, "2024-03-14")
    assert len(got) == 1


def test_a_scene_sentence_gives_its_day_to_the_event_at_its_place(gazetteer):
    text = ("Published: 2023-10-27\n\nThree drones flew at Harir Air Base on Wednesday night."
            "\n\nErbil's own airport had a jittery start on Thursday. Air defences around Erbil "
            "International Airport shot down a single drone over the northern approach.\n\n"
            "In March 2022, missiles hit a villa on the edge of Erbil city.\n")
    got = rows(gazetteer, text, "2023-10-27")
    days = {r.place_name: r.date.strftime("%Y-%m-%d") for r in got.itertuples()}
    assert days.get("Erbil International Airport") == "2023-10-26"
    assert len(got) == 3
