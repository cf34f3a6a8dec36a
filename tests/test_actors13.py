"""Sentences written by helper actors13 (in new words), one kind of spurious actor item of
the tuning sets each: the first case of each kind failed before its rule, the others are
controls (what the rule must leave alone)."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")
from tests.actor_cases import check


def _case(text: str, *found: str) -> dict:
    return {"text": text, "actors": list(found)}


# -- "neither X nor any other group has claimed it": X claimed nothing ---------------------

@pytest.mark.parametrize("case", [
    _case("Neither the Islamic State nor any other group has claimed the bombing."),
    _case("Neither Ansar Dine nor the Katiba Macina claimed the ambush on the convoy."),
    _case("Ansar Dine claimed the ambush on the convoy.", "Ansar Dine (claimed)"),
])
def test_neither_nor_claims_nothing(case):
    check(case)


# -- a standing charge: "X, which accuses Y of sheltering militants" -----------------------

@pytest.mark.parametrize("case", [
    _case("India, which accuses Pakistan of harbouring the militants, condemned the blast."),
    _case("It is a label the police use to accuse Moscow of funding them."),
    _case("Rights groups accuse both the police and the rebels of killing civilians."),
    _case("Delhi accuses Islamabad of arming the fighters who cross the border."),
    # (controls: one deed, in the past or on one target)
    _case("The government accused the Nujaba movement of firing the rockets.",
          "Nujaba movement (blamed)"),
    _case("The ministry accused Russia of backing the gunmen who stormed the hall.",
          "Russia (blamed)"),
    _case("Iraq accuses the US of striking its base near the border.", "US (blamed)"),
])
def test_a_standing_charge_names_no_doer(case):
    check(case)


# -- a suicide bomber is a person, not an aircraft of the state whose official speaks ------

@pytest.mark.parametrize("case", [
    _case("The bomber, on foot, detonated his explosives near the gate, the provincial "
          "police spokesman said."),
    _case("A suicide car bomber blew himself up at a checkpoint near the ministry on "
          "Monday, police said."),
])
def test_a_bomber_on_foot_is_no_state_aircraft(case):
    check(case)


# -- "hit suspected militants": the hedged name is the side hit, not a doer ----------------

@pytest.mark.parametrize("case", [
    _case("Army helicopters struck suspected Shabaab hideouts near the river on Friday.",
          "army (involved)"),
    # (control: suspected doers are still blamed)
    _case("Suspected Shabaab gunmen stormed the hotel on Friday.",
          "Suspected Shabaab gunmen (involved)"),
])
def test_hedged_name_of_the_side_hit(case):
    check(case)


# -- "seized power", "shot down a drone": no attack by the subject -------------------------

@pytest.mark.parametrize("case", [
    _case("The council, which seized power in a coup last year, has promised a vote."),
    _case("Border guards shot down a drone heading for the airport on Sunday."),
    _case("Coast guard units brought down two missiles over the bay."),
    # (controls)
    _case("Boko Haram fighters seized the town hall on Sunday.",
          "Boko Haram fighters (involved)"),
    _case("Wagner fighters shot three herders on Sunday.", "Wagner fighters (involved)"),
])
def test_no_attack_by_who_seized_power_or_shot_down_a_drone(case):
    check(case)


# -- "X, a faction of the Y network": the faction is the doer, not its network -------------

@pytest.mark.parametrize("case", [
    _case("Police blamed the Black River front, a faction of the rebel network known as the "
          "Central Command, for the bombing.", "Black River front (blamed)"),
    _case("Investigators attributed the ambush to the Sierra column, a faction of the "
          "Northern Bloc.", "Sierra column (blamed)"),
])
def test_a_faction_acts_for_itself(case):
    check(case)


# -- "the militants" never refers back to a peacekeeping mission ---------------------------

@pytest.mark.parametrize("case", [
    {"text": "The AU mission said its troops repelled the assault. The militants claimed "
             "the attack on their radio station.", "actors": [], "doc": True},
    {"text": "Al-Shabaab fighters shelled the base. The AU mission said its troops repelled "
             "the assault. The militants claimed the attack on their radio station.",
     "actors": ["Al-Shabaab (involved)", "Al-Shabaab (claimed)"], "doc": True},
])
def test_a_mission_is_no_armed_group_referred_to(case):
    check(case)


# -- arms seized: who seizes them attacked no one ----------------------------------------------------

@pytest.mark.parametrize("case", [
    _case("Harbour police seized 40 rockets and two launchers from a fishing boat."),
    _case("The interior ministry said its officers had seized a cache of rockets in a raid "
          "on a farm."),
    # (controls)
    _case("The army said its forces had captured the town.", "army (involved)"),
    _case("Ukrainian drones struck a refinery in Ryazan.", "Ukraine (involved)"),
])
def test_who_seizes_arms_or_whose_drones_are_destroyed(case):
    check(case)


def test_a_states_intelligence_agency_is_the_state():
    from geoincidents.evaluate import actor_matches

    assert actor_matches("HUR (involved)", "Ukraine (involved)")
    assert actor_matches("ISPR (denied)", "Pakistan (denied)")


# -- "the Islamic State's regional branch, X, claimed": X, the name the branch goes by ----

@pytest.mark.parametrize("case", [
    _case("The Islamic State group's regional affiliate, Islamic State Sahel Province, "
          "claimed responsibility in a statement.", "Islamic State Sahel Province (claimed)"),
    _case("The Islamic State's regional branch, Islamic State Sahel Province, said through "
          "its outlets that one of its cells had blown up the bus.",
          "Islamic State Sahel Province (claimed)"),
])
def test_a_branch_goes_by_its_own_name(case):
    check(case)


def test_a_weapon_word_tells_no_actor_apart():
    """"RSF artillery pounded the town": the RSF, one actor with "the RSF" in `settle`."""
    from geoincidents.extract.actor_settle import same_actor

    assert same_actor("RSF artillery", "RSF")
    assert same_actor("Boko Haram guerrillas", "Boko Haram")
    assert not same_actor("RSF artillery", "Sudanese army artillery")


@pytest.mark.parametrize("other", ["Daesh gangs", "ISIS", "Daesh", "ISIL militants"])
def test_the_islamic_state_by_the_names_others_give_it(other):
    from geoincidents.extract.actor_settle import same_actor

    assert same_actor(other, "Islamic State")
    assert not same_actor(other, "al-Shabaab")


# -- a deed reported by another speaker is not the outer speaker's ------------------------

@pytest.mark.parametrize("case", [
    _case("No one said they had planted it; police said they were investigating."),
    _case("Hamas said it had fired the rockets.", "Hamas (claimed)"),
])
def test_a_deed_another_speaker_reports(case):
    check(case)


# -- police searching a house after an attack: an arrest raid, no attack ------------------

@pytest.mark.parametrize("case", [
    _case("Two days later, police raided a house in the port district and arrested two men "
          "suspected of firing the rocket."),
    _case("On Thursday, counter-terrorism police raided a farmhouse outside the town."),
    # (control: a raid on a village is an attack)
    _case("Boko Haram fighters raided a village near the lake.",
          "Boko Haram fighters (involved)"),
])
def test_police_searching_a_house(case):
    check(case)
