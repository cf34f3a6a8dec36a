"""Short texts written by helper actors12 BEFORE each of its rule changes, one kind of
actor error of the tuning sets each (sentences in new words): a single sentence's actors
(`tests.actor_cases.check`) or a short article's incidents and the actors each gets
(`_actors_by_day`)."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")
from tests.actor_cases import check


def _actors_by_day(text: str, gazetteer, published: str = "2025-03-12") -> dict[str, set[str]]:
    """{incident day: its actor items} of ``text`` read as one article."""
    from geoincidents.extract import extract_records

    rows = extract_records(text, gazetteer=gazetteer, published=published)[0]
    out: dict[str, set[str]] = {}
    for r in rows:
        day = str(r["date"])[:10]
        out.setdefault(day, set()).update(
            a.strip() for a in (r.get("actors") or "").split(";") if a.strip())
    return out


# -- an attack "X blamed on Y": a relative clause with no pronoun ---------------------------

@pytest.mark.parametrize("case", [
    {"text": "Drones struck a fuel depot near Erbil in 2022 and set it ablaze, an attack "
             "Washington blamed on Kataib Sayyid al-Shuhada.",
     "actors": ["Kataib Sayyid al-Shuhada (blamed)"]},
    {"text": "A car bomb killed a judge outside his home, an assassination London quickly "
             "blamed on the Real IRA.", "actors": ["Real IRA (blamed)"]},
    {"text": "Gunmen killed nine villagers, a massacre Bamako blamed on the Katiba Macina.",
     "actors": ["Katiba Macina (blamed)"]},
    {"text": "Rockets hit the embassy compound and wounded a guard, a strike Washington "
             "blamed on the Nujaba movement and avenged within days.",
     "actors": ["Nujaba movement (blamed)"]},
])
def test_attack_blamed_on_in_a_contact_relative(case):
    check(case)


# -- "This time ...": the present event set against an earlier one of its kind -------------

_TAJI = ("Two rockets fell inside the Taji camp north of Baghdad on Sunday evening, police "
         "said, damaging a hangar.\n\n"
         "The camp has been a target for years. In March 2020 a barrage there killed two "
         "American soldiers, an attack the Pentagon blamed on the Kataib Hezbollah militia.\n\n"
         "This time the Nujaba movement said it had no part in the rocket fire.")


def test_this_time_is_the_latest_incident_of_its_kind(gazetteer):
    got = _actors_by_day(_TAJI, gazetteer)
    assert "Nujaba movement (denied)" in got.get("2025-03-09", set()), got
    assert "Nujaba movement (denied)" not in got.get("2020-03-01", set()), got
    assert "Kataib Hezbollah militia (blamed)" in got.get("2020-03-01", set()), got


def test_this_time_after_the_present_event_stays_with_it(gazetteer):
    """(control: the narrative is already on the latest incident)"""
    text = ("In 2019 rockets struck the Balad air base and wounded a contractor.\n\n"
            "On Sunday evening two rockets fell inside the Balad air base, police said.\n\n"
            "This time the Nujaba movement said it had no part in the rocket fire.")
    got = _actors_by_day(text, gazetteer)
    assert "Nujaba movement (denied)" in got.get("2025-03-09", set()), got
