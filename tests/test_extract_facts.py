"""Per-incident facts: casualties, munition counts from the parse, launch sites from the parse.

Sentences written for these tests (no article text); `tests/data/facts_unseen.jsonl` is
the set written before the rules were changed (`scripts/measure_facts.py` scores it end
to end; its first-run figures are in docs/progress-facts.md).
"""

from __future__ import annotations

import pandas as pd
import pytest

from geoincidents.extract.casualties import casualties


@pytest.mark.parametrize("text, killed, injured", [
    ("A grenade was thrown into the yard of the clinic, without injuring anyone.", 0, 0),
    ("The drone hit a barn on the edge of the village without killing anyone.", 0, None),
    ("Nobody was hurt when the shell hit the depot.", 0, 0),
    ("No one was killed, but three guards were wounded.", 0, 3),
    ("The provincial governor was killed when the bomb went off.", 1, None),
    ("The police chief and two of his guards were killed in the ambush.", 3, None),
    ("Three Kenyans and a Ugandan were killed in the raid.", 4, None),
    ("Five policemen and four civilians were wounded by the blast.", None, 9),
    ("Six soldiers and their interpreter were killed when the convoy was hit.", 7, None),
    ("Gunmen opened fire on the bus, killing three pilgrims and their driver.", 4, None),
    ("Between 12 and 15 people were killed in the bombing, officials said.", 12, None),
    ("Officials said 30 to 40 people were wounded.", None, 30),
    ("At least nine people were killed in the blast.", 9, None),
    ("The explosion killed 8 people, among them the district mayor, Ali Rahimi.", 8, None),
    ("Hundreds of fighters were killed in the offensive, the army claimed.", None, None),
    ("The ministry said none of its diplomats were harmed.", None, None),
    ("A guard suffered minor burns in the fire that followed.", None, 1),
    ("The pastor of the church and two choir members were wounded.", None, 3),
    ("The Observatory for Human Rights said 17 fighters died in the raids.", 17, None),
])
def test_casualties(text, killed, injured):
    got = casualties(text)
    assert (got.killed, got.injured) == (killed, injured), got.notes


def test_a_range_keeps_its_lower_bound_with_a_note():
    got = casualties("Between 12 and 15 people were killed in the bombing.")
    assert got.killed == 12
    assert any("lower bound" in n for n in got.notes)


def _parse(text: str):
    pytest.importorskip("spacy")
    from geoincidents.extract import parsed

    return parsed.parse([text])[0]


@pytest.mark.parametrize("text, expected", [
    ("The three drones that slipped past the defences hit a fuel depot.", {"n_landed": 3}),
    ("Gunners downed nine of the twelve drones sent at the port.",
     {"n_intercepted": 9, "n_fired": 12}),
    ("Two of the missiles were brought down over the sea.", {"n_intercepted": 2}),
    ("The remaining four got through and struck a power plant.", {"n_landed": 4}),
    ("The second crashed into an empty lot near the mosque.", {"n_landed": 1}),
    ("The insurgents fired a salvo of six rockets at the airfield.", {"n_fired": 6}),
    ("They launched a cruise missile at the city, which the navy intercepted.",
     {"n_fired": 1, "n_intercepted": 1}),
    ("The navy destroyed five of the drones over the sea.", {"n_intercepted": 5}),
    ("Nine drones flew at the port; all but two were shot down.",
     {"n_fired": 9, "n_intercepted": 7}),
    ("Gunners shot down all but one of the 14 drones.", {"n_intercepted": 13, "n_fired": 14}),
    # said of something else: no count
    ("Two soldiers were killed and three were wounded.", {}),
    ("The drones destroyed two warehouses.", {}),
])
def test_counts_from_the_parse(text, expected):
    from geoincidents.extract.count_parse import parse_counts

    got = parse_counts(_parse(text))
    assert {k: v for k, v in got.items() if k in expected or not expected} == expected


@pytest.mark.parametrize("text, name, launch", [
    ("Rockets fired from the village of Dabuq struck the camp.", "Dabuq", True),
    ("The drone had been launched from near the town of Kalo, police said.", "Kalo", True),
    ("Two mortar rounds fired from Dabuq landed in Kalo.", "Kalo", False),
    ("Officials from Dabuq said the rockets were fired at the camp.", "Dabuq", False),
])
def test_launch_site_from_the_parse(text, name, launch):
    from geoincidents.extract.launch_site import from_firing_verb

    span = _parse(text)
    start = text.index(name)
    words = span.char_span(start, start + len(name), alignment_mode="expand")
    assert from_firing_verb(words.root) is launch


def test_launch_words_keep_a_place_the_gazetteer_does_not_know():
    from geoincidents.extract.launch_site import launch_words

    assert launch_words(_parse("Three rockets fired from the Dabuq area hit the base.")) == \
        "the Dabuq area"
    assert launch_words(_parse("Three rockets hit the base on Monday.")) is None


def test_country_demonyms_come_from_the_world_gazetteer():
    from geoincidents.extract import demonyms

    table = demonyms.countries()
    assert table["kenyans"] == "KE"
    assert table["american"] == "US"  # shared with the Northern Mariana Islands: the larger
    assert "houthi" not in table
    # demonyms the hand-kept list of place_tokens had and the tables lacked, now data
    # (geodata/world/sources/extra_names.csv): the place resolver reads this one table
    assert (table["saudi"], table["argentines"], table["nepali"], table["welsh"]) == \
        ("SA", "AR", "NP", "GB")
    from geoincidents.extract import place_tokens

    assert not hasattr(place_tokens, "DEMONYMS")


@pytest.mark.parametrize("text, expected", [
    ("Ethiopian air strikes hit a market in Mekelle.", [("Ethiopia", "involved")]),
    ("South African artillery shelled the town.", [("South Africa", "involved")]),
    ("Kurdish drones hit the checkpoint.", []),
    ("Polish aircraft were scrambled as a precaution.", []),
])
def test_demonym_weapons_name_their_state(text, expected):
    pytest.importorskip("spacy")
    from geoincidents import nlp
    from geoincidents.extract import actors

    assert [(a.text, a.stance) for a in actors.find(nlp.parse(text)[:])] == expected


def test_the_group_is_resolved_across_sentences_parsed_one_by_one():
    pytest.importorskip("spacy")
    from geoincidents.extract import actors, parsed

    spans = parsed.parse(["Saraya Thar al-Din, a little-known militia, claimed a raid in May.",
                          "Rockets hit the airport on Monday.",
                          "The group claimed the attack on Tuesday."])
    found = actors.find_in_sentences(enumerate(spans))
    assert [(a.text, a.stance) for a in found[2]] == [("Saraya Thar al-Din", "claimed")]


def test_a_launch_site_goes_with_the_site_it_was_fired_at(gaz):
    from geoincidents.extract import extract_text

    res = extract_text("On Monday, rockets fired from Abu Ghraib struck Camp Taji, and a drone "
                       "hit Erbil airport.", gazetteer=gaz, published="2025-03-12").incidents
    launch = dict(zip(res["place_name"], res["launch_place_id"]))
    assert launch["Camp Taji"] == "iq-abu-ghraib"
    assert pd.isna(launch["Erbil International Airport"])


def test_a_launch_site_a_few_words_before_the_name(gaz):
    from geoincidents.extract import extract_text

    res = extract_text("A rocket fired from the town of Abu Ghraib landed inside Baghdad "
                       "International Airport on Tuesday.", gazetteer=gaz,
                       published="2025-03-12").incidents
    assert res["launch_place_id"].tolist() == ["iq-abu-ghraib"]
    assert res["place_id"].tolist() == ["iq-biap"]
