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


# -- "the village of X": a place named by its kind is no actor ------------------------------

@pytest.mark.parametrize("case", [
    {"text": "Soldiers arrested three youths in the hamlet of Bir Saleh who were suspected of "
             "hiding the detonators.", "actors": []},
    {"text": "Police held two herders from the town of Gidan Kare who were suspected of "
             "guiding the raiders.", "actors": []},
    {"text": "Gunmen of the Katiba Serma attacked the village of Boulkessi.",
     "actors": ["Katiba Serma (involved)"]},
])
def test_a_place_named_by_its_kind_is_no_actor(case):
    check(case)


# -- "the attackers were X": who the doers were, said of them --------------------------------

@pytest.mark.parametrize("case", [
    {"text": "Gunmen stormed the clinic at dawn, and the health ministry said the assailants "
             "were \"remnants of the Katiba Serma\" hiding in the forest.",
     "actors": ["Katiba Serma (blamed)"]},
    {"text": "The governor said the kidnappers were fighters of the Ansaru group.",
     "actors": ["Ansaru (blamed)"]},
    {"text": "Villagers said the attackers were young herders from the next valley.",
     "actors": []},
])
def test_the_doers_were_x(case):
    check(case)


# -- "agents of X" names X ------------------------------------------------------------------

@pytest.mark.parametrize("case", [
    {"text": "The interior minister said \"agents of the Islamic State\" were behind the "
             "market bombing.", "actors": ["Islamic State (blamed)"]},
    {"text": "Federal agents said the blast was an accident.", "actors": []},
])
def test_agents_of_x_name_x(case):
    check(case)


# -- an event of another season is none of this week's incidents ----------------------------

_MANBIJ = ("A roadside bomb struck a patrol of the Syrian Democratic Forces near Hasakah on "
           "Monday, killing two fighters, the SDF said.\n\n"
           "Security on the roads has been tight since a car bomb killed nine at a checkpoint "
           "in Manbij in March 2022, an attack the SDF blamed on the Islamic State.")


def test_a_stance_on_an_event_months_away_is_not_this_weeks(gazetteer):
    got = _actors_by_day(_MANBIJ, gazetteer)
    assert "Islamic State (blamed)" not in got.get("2025-03-10", set()), got


# -- "X fighters from the Y forest": where they came from, not who they are -----------------

@pytest.mark.parametrize("case", [
    {"text": "Officials said the rounds were probably fired by Bakura fighters from the "
             "Gazuwa forest area.", "actors": ["Bakura (blamed)"], "not": "Gazuwa forest area"},
    {"text": "Police blamed gunmen from the Ansaru group for the raid.",
     "actors": ["Ansaru (blamed)"]},
])
def test_named_fighters_from_a_place(case):
    from geoincidents import nlp
    from geoincidents.extract import actors

    check(case)
    found = [a.text for s in nlp.parse(case["text"]).sents for a in actors.find(s)]
    assert not any(a == case.get("not") for a in found), found


# -- "it bore the marks of X" ---------------------------------------------------------------

@pytest.mark.parametrize("case", [
    {"text": "Nobody owned the ambush, though the army said it bore the marks of the Katiba "
             "Macina.", "actors": ["Katiba Macina (blamed)"]},
    {"text": "Investigators said the blast had all the signs of the Ansar Brigade.",
     "actors": ["Ansar Brigade (blamed)"]},
    {"text": "The old banner showed the stamp of the royal court.", "actors": []},
])
def test_bore_the_marks_of_x(case):
    check(case)


# -- "X, a faction of the former Y": Y no longer acts, through X or as "the group" ----------

@pytest.mark.parametrize("case", [
    {"text": "Police blamed the Segunda Marquetalia front, a splinter of the former FARC "
             "rebels that rejected the accord.", "actors": ["Segunda Marquetalia front (blamed)"]},
    {"doc": True,
     "text": "The mayor blamed the Dagoberto Ramos column, a faction of the former FARC "
             "guerrillas. A man who said he led the column told a radio station that the "
             "group had nothing to do with the blast.",
     "actors": ["Dagoberto Ramos column (blamed)", "Dagoberto Ramos column (denied)"]},
    {"text": "Police blamed the Sinai Fighters, an affiliate of the Islamic State.",
     "actors": ["Sinai Fighters (blamed)", "Islamic State (blamed)"]},
])
def test_a_faction_of_a_former_group(case):
    check(case)


# -- "the drone was Turkish": a weapon said to be a state's ----------------------------------

@pytest.mark.parametrize("case", [
    {"text": "Kurdish officials said the drone was Turkish.", "actors": ["Turkey (blamed)"]},
    {"text": "Kyiv said the missiles that hit the port were Russian.",
     "actors": ["Russia (blamed)"]},
    {"text": "The drone was small and quiet.", "actors": []},
])
def test_a_weapon_said_to_be_a_states(case):
    check(case)


# -- "the Iran-backed group": a description of a group told before, not a name ---------------

@pytest.mark.parametrize("case", [
    {"doc": True,
     "text": "Kataib Sayyid al-Shuhada is active near the base. On Monday, the "
             "Iran-backed group said it had not fired the rockets.",
     "actors": ["Kataib Sayyid al-Shuhada (denied)"]},
    {"text": "Police blamed an Iran-backed militia, the Nujaba movement, for the attack.",
     "actors": ["Nujaba movement (blamed)"]},
])
def test_the_sponsor_backed_group_is_a_reference(case):
    check(case)


def test_a_bare_sponsor_backed_plural_names_the_doers():
    # no "the": the speaker's own name for the doers, not a reference back
    check({"text": "The embassy condemned the latest attack by Kremlin-backed militias on the "
                   "airport.", "actors": ["Kremlin-backed militias (blamed)"]})


# -- "X bears responsibility", said by another: blame ---------------------------------------

@pytest.mark.parametrize("case", [
    {"text": "The army said the Ansar Brigade bears responsibility for the shelling.",
     "actors": ["Ansar Brigade (blamed)"]},
    {"text": "The Ansar Brigade said it bore responsibility for the shelling.",
     "actors": ["Ansar Brigade (claimed)"]},
    {"text": "The Ansar Brigade took responsibility for the shelling.",
     "actors": ["Ansar Brigade (claimed)"]},
    {"text": "The ministry said the Ansar Brigade would bear greater responsibility for the "
             "frontier.", "actors": []},
])
def test_bears_responsibility_is_blame_said_by_another(case):
    check(case)


# -- an acronym is a group's short name, even when a place code has the same letters ---------

def test_an_acronym_actor_is_not_dropped_as_a_place(gazetteer):
    """("SNA" is also an airport's code in the gazetteer's alternate names)"""
    text = ("Rockets struck a market in Manbij on Sunday, wounding four people, local "
            "officials said.\n\n"
            "The Kurdish-led administration blamed the shelling on the SNA. A spokesman for "
            "the SNA denied that its units had fired.")
    got = _actors_by_day(text, gazetteer)
    assert "SNA (denied)" in got.get("2025-03-09", set()), got
