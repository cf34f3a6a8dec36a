"""Place mentions: word boundaries, context, non-places, world fallback, the command."""

import json

import pytest
from click.testing import CliRunner

from geoincidents.cli import main
from geoincidents.extract import find_places, prepare


def places(text, gaz):
    return [(m.text, m.place.place_id, m.role)
            for m in find_places(prepare(text), gazetteer=gaz)]


def test_bagram_is_not_bagrami(gaz):
    found = places("Rockets hit the airbase in Bagram, Afghanistan. Bagrami was quiet.", gaz)
    assert ("Bagram", "af-bagram-airfield", "impact") in found
    assert ("Bagrami", "af-bagrami", "location") in found
    assert ("Afghanistan", "af", "reference") in found


def test_taji_base_is_the_camp(gaz):
    assert places("Gunmen had been targeting the Taji base, 30 km north of Baghdad.", gaz)[:2] == [
        ("Taji base", "iq-camp-taji", "target"), ("Baghdad", "iq-baghdad", "reference")]


@pytest.mark.parametrize("text", [
    "President Barham Salih condemned it.",        # a person's name
    "Kata'ib Hezbollah denied it.",                # a group's name
    "Reading the report, he said it was fine.",    # a capitalised word at sentence start
    "Let us know what US officials think.",         # US as a pronoun / adjective
    "Nice work, said the mayor on Monday in March.",
])
def test_words_that_are_not_places(text, gaz):
    assert [p for p in places(text, gaz) if p[2] != "context"] == []


def test_transliterations_and_articles(gaz):
    found = places("It was launched from the Ali al-Salih area. The Kataib Hezbollah "
                   "headquarters was raided.", gaz)
    assert ("Ali al-Salih area", "iq-ali-al-saleh", "launch") in found
    assert found[1][1] == "iq-kh-hq-baghdad"


def test_world_places_with_state_and_country_context(gaz):
    text = "A fire broke out in Springfield, Illinois. Flooding hit homes in Cork, Ireland."
    ms = find_places(prepare(text), gazetteer=gaz)
    spring = next(m for m in ms if m.text == "Springfield")
    assert (spring.place.country, spring.place.admin1) == ("US", "IL")
    assert next(m for m in ms if m.text == "Cork").place.country == "IE"
    assert len(spring.candidates) >= 1


def test_offsets_point_into_the_text(gaz):
    doc = prepare("Published: 2020-01-01\n\nTwo rockets hit Camp Taji on Sunday.")
    m = find_places(doc, gazetteer=gaz)[0]
    assert doc.text[m.start:m.end] == "Camp Taji"


def test_places_command_json_and_table(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Rockets hit Camp Taji. A fire broke out in Portland, Oregon.")
    res = CliRunner().invoke(main, ["places", str(art), "-f", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [r["place_name"] for r in rows] == ["Camp Taji", "Portland"]
    assert rows[0]["char_start"] == 12 and rows[0]["uncertainty_m"] == 3000
    assert "Camp Taji [iq-camp-taji" in rows[0]["candidates"]
    res = CliRunner().invoke(main, ["places", str(art)])
    assert res.exit_code == 0 and "Portland" in res.output


def test_places_command_bad_file_is_reported(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("Rockets hit Camp Taji.")
    res = CliRunner().invoke(main, ["places", str(tmp_path)])
    assert res.exit_code == 3
    assert "e.txt: empty file" in res.stderr and "Camp Taji" in res.stdout


@pytest.mark.parametrize("text, expected", [
    ("Missiles were fired at Abu Dhabi on Monday.", ["Abu Dhabi"]),  # "Abu" is no title here
    # a direction word names a part of the country: a region with half its radius
    ("A drone hit an airport in southern Saudi Arabia.", ["southern Saudi Arabia"]),
    ("A drone struck a warehouse in the port of Odesa.", ["Odesa"]),
    ("Marches took place in Medellin and Cali.", ["Medellín", "Cali"]),
    ("Shots were fired in Leeds, Bradford and Wakefield.", ["Leeds", "Bradford", "Wakefield"]),
    ("US jets struck a depot near Deir ez-Zor.", ["Deir ez-Zor"]),
    ("Drones exploded over Kharkiv at night.", ["Kharkiv"]),
])
def test_world_names_in_more_contexts(gazetteer, text, expected):
    from geoincidents.extract import find_places, prepare

    found = [m for m in find_places(prepare(text), gazetteer=gazetteer) if m.role != "context"]
    assert [m.place.name for m in found] == expected


def test_names_that_are_not_places_here(gazetteer):
    from geoincidents.extract import find_places, prepare

    text = ("The wounded were taken to al-Thawra hospital after rockets hit Baghdad. "
            "A militia with ties to Tehran denied any role. A fire broke out in "
            "Portland, Oregon.")
    found = find_places(prepare(text), gazetteer=gazetteer)
    roles = {m.text: (m.place.name, m.role) for m in found}
    assert "al-Thawra" not in roles  # the hospital's name, not Sadr City
    assert roles["Tehran"][1] == "context"
    assert roles["Portland"] == ("Portland", "location") and "Oregon" not in roles
