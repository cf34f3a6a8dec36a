"""Launch site and target read from the sentence's structure (extract/launch_site.py,
rules/launch_sites.jsonl). Sentences written for these tests."""

from __future__ import annotations

import pandas as pd
import pytest

from geoincidents import nlp
from geoincidents.extract import extract_text, lexicon
from geoincidents.extract.launch_site import from_firing_verb

pytest.importorskip("spacy")


@pytest.mark.parametrize("rec", lexicon.records("launch_sites"), ids=lambda r: r["prep"])
def test_each_launch_rule_reads_its_example(rec):
    doc = nlp.parse(rec["example"])
    tok = next(t for t in doc if t.text == rec["place"])
    assert from_firing_verb(tok) is not bool(rec.get("aims"))


def test_where_soldiers_fired_from_is_no_launch_site_without_a_munition():
    doc = nlp.parse("Soldiers in Hilltown fired at the gunmen, killing two.")
    assert not from_firing_verb(next(t for t in doc if t.text == "Hilltown"))


def test_who_shot_a_drone_down_is_no_shooter_of_the_attack():
    # "shot" is a firing verb, "shot down" an interception (the roles rule's look-ahead)
    doc = nlp.parse("Air defences around Hilltown airport shot down a single drone at dawn.")
    assert not from_firing_verb(next(t for t in doc if t.text == "Hilltown"))


# (sentence, incident place, launch place)
CASES = [
    ("Two drones launched from near Abu Ghraib were shot down over Erbil International "
     "Airport on Sunday.", "iq-erbil-airport", "iq-abu-ghraib"),
    ("Three rockets fired from the Abu Ghraib area struck Baghdad International Airport on "
     "Monday.", "iq-biap", "iq-abu-ghraib"),
    ("Militants fired two rockets from positions in Abu Ghraib at Camp Victory on Tuesday.",
     "iq-camp-victory", "iq-abu-ghraib"),
    ("A drone originating in Abu Ghraib crashed into Harir Air Base on Friday.",
     "iq-harir", "iq-abu-ghraib"),
    ("Rockets that originated from Abu Ghraib struck Camp Victory on Friday.",
     "iq-camp-victory", "iq-abu-ghraib"),
    ("The drone that hit Erbil International Airport on Sunday had taken off from Abu Ghraib, "
     "officials said.", "iq-erbil-airport", "iq-abu-ghraib"),
    ("On Sunday a drone struck Erbil International Airport; officials said it had taken off "
     "from an area held by a militia near Makhmour.", "iq-erbil-airport", "gn:93818"),
    ("Fallujah-based militants fired four rockets at Ain al-Asad Air Base on Wednesday.",
     "iq-ain-al-asad", None),
    ("Militants in Abu Ghraib fired three rockets at Baghdad International Airport on "
     "Monday.", "iq-biap", "iq-abu-ghraib"),
    ("Rockets launched by militants hiding in Abu Ghraib hit Camp Victory on Monday.",
     "iq-camp-victory", "iq-abu-ghraib"),
    # a known town launches, a base of the same name is hit: the base is the place
    ("Four rockets fired from the outskirts of Taji hit Camp Taji on Thursday, wounding two "
     "soldiers.", "iq-camp-taji", "iq-taji"),
    ("A rocket launched from the Utayfiya area of Baghdad landed in the Green Zone on "
     "Saturday.", "iq-green-zone", "iq-utayfiya"),
]


@pytest.mark.parametrize("text,place,launch", CASES, ids=[c[0][:40] for c in CASES])
def test_the_place_is_the_target_and_the_launch_area_its_own_field(gaz, text, place, launch):
    df = extract_text("Published: 2026-03-25\n\n" + text, gazetteer=gaz).incidents
    assert len(df) == 1
    row = df.iloc[0]
    assert row.place_id == place
    if launch is None:
        assert pd.isna(row.launch_place_id)
    else:
        assert row.launch_place_id == launch


@pytest.mark.parametrize("before", [
    "the drone had taken off from ",
    "rockets that originated from the area of ",
    "two shells fired from the outskirts of ",
])
def test_the_word_window_reads_the_same_launch_verbs(before):
    from geoincidents.extract.place_roles import _LAUNCH_BEFORE
    assert _LAUNCH_BEFORE.search(before)
