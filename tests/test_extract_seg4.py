"""Which incidents an article yields (branch seg4): roundups written as sections with
their own "Where:"/"When:" fields, tallies of many events, aircraft that drop bombs.

The texts are written for these tests.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geoincidents.extract import triggers
from tests.extracting import rows as _rows


_ROUNDUP = (
    "Weekly digest: incidents in northern Iraq\n\n"
    "A short list of what the police reported this week.\n\n"
    "MOSUL\nWhere: a market street in Mosul, north of Baghdad\nWhen: Monday evening\n"
    "An explosive device hidden in a handcart went off, wounding four shoppers.\n\n"
    "KIRKUK\nWhere: a police post in Kirkuk\nWhen: Wednesday, before dawn\n"
    "Three mortar rounds hit the post, and one policeman was hurt.\n\n"
    "OTHER NEWS\nFarmers said they feared raids on their villages during the harvest.\n")


def test_each_section_of_a_roundup_takes_its_own_fields(gazetteer):
    got = _rows(gazetteer, _ROUNDUP, "2024-03-09")
    assert list(got["place_name"]) == ["Mosul", "Kirkuk"]
    assert list(got["date"]) == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-06")]


def test_a_heading_ends_the_fields_of_the_section_before(gazetteer):
    # the feared raids of the last section are neither Wednesday's nor in Kirkuk
    got = _rows(gazetteer, _ROUNDUP, "2024-03-09")
    assert "raid" not in set(got["event_type"])


def test_one_field_of_a_kind_still_holds_for_the_whole_note(gazetteer):
    text = ("Incident note\n\nWhere: Kirkuk\nWhen: 3 May 2023\n\nSUMMARY\n"
            "A roadside bomb went off beside a patrol, wounding two officers.\n")
    got = _rows(gazetteer, text, "2023-05-05")
    assert list(got["place_name"]) == ["Kirkuk"]
    assert list(got["date"]) == [pd.Timestamp("2023-05-03")]


def test_a_place_named_as_a_bearing_is_not_the_fields_site(gazetteer):
    text = ("Where: a village road, 20 km south of Kirkuk\nWhen: 3 May 2023\n\n"
            "A roadside bomb went off beside a patrol, wounding two officers.\n")
    got = _rows(gazetteer, text, "2023-05-05")
    assert list(got["place_name"]) != ["Kirkuk"]


@pytest.mark.parametrize("text, tally", [
    ("Monitors counted over 150 attacks by armed groups across the state last year.", True),
    ("The ministry said it had logged more than 1,200 air strikes on towns in 2022.", True),
    ("Dozens of raids on farms have been reported in the district.", True),
    ("At least 3 strikes hit the port on Tuesday.", False),  # a few: one event's parts
    ("Jets carried out two strikes on a depot near the town.", False),
])
def test_a_tally_of_many_events_is_no_one_event(text, tally):
    assert triggers.generic(text) is tally


def test_a_tally_with_a_year_starts_no_incident(gazetteer):
    text = ("A car bomb went off outside a bank in Kirkuk on Monday, killing two guards.\n\n"
            "Police said armed groups had carried out more than 400 attacks in the province "
            "in 2022.\n")
    got = _rows(gazetteer, text, "2023-05-10")
    assert len(got) == 1 and got.loc[0, "place_name"] == "Kirkuk"


@pytest.mark.parametrize("text, etype", [
    ("An army jet dropped bombs on a camp in the hills.", "airstrike"),
    ("Helicopters dropped barrel bombs on two villages.", "airstrike"),
    ("Two bombs dropped from a military plane hit a school.", "airstrike"),
    ("Cargo planes dropped food parcels over the besieged town.", None),
    ("A helicopter dropped leaflets over the market.", None),
])
def test_aircraft_dropping_bombs_is_an_airstrike(text, etype):
    assert triggers.event_type(text) == etype


@pytest.mark.parametrize("text, back", [
    ("Soldiers who checked the lorry found a fourth rocket still in its tube.", True),
    ("Two more missiles were still on their rails when engineers arrived on Friday.", True),
    ("A seventh rocket never left its launcher.", True),
    ("Police found three rockets hidden in a farmhouse.", False),  # a seizure of its own
])
def test_munitions_left_on_the_launcher_are_the_told_launch(text, back):
    assert triggers.refers_back(text) is back


def test_unfired_rockets_made_safe_next_day_are_no_new_attack(gazetteer):
    text = ("Militants fired four rockets at Ain al-Asad air base late on Monday, officials "
            "said. None of them caused damage.\n\n"
            "Two further rockets were still on their rails, and soldiers made them safe on "
            "Tuesday morning.\n")
    got = _rows(gazetteer, text, "2024-02-14")
    assert len(got) == 1 and got.loc[0, "date"] == pd.Timestamp("2024-02-12")


def test_the_salvo_named_again_is_the_attack_told(gazetteer):
    text = ("Rockets were fired at the US embassy in Baghdad late on Tuesday, officials said.\n\n"
            "The salvo was launched from a lorry in the Dora district, police said. Officers who "
            "reached the lorry found a fifth rocket still in its tube.\n")
    got = _rows(gazetteer, text, "2023-12-27")
    assert list(got["event_type"]) == ["rocket_attack"]


def test_a_lead_placed_at_an_area_is_the_event_told_later_in_that_area(gazetteer):
    # "the county of Lamu" resolves to the town of its name; the detail names a village in it
    text = ("NAIROBI - Militants ambushed a bus near Garissa on Sunday, and attackers burned "
            "homes in a raid in the county of Lamu the next day, police said.\n\n"
            "On Monday evening, attackers raided a hamlet outside Witu in Lamu county, setting "
            "homes alight and shooting two farmers.\n")
    got = _rows(gazetteer, text, "2024-06-20")
    raids = got[got["event_type"] == "raid"]
    assert list(raids["place_name"]) == ["Witu"]


def test_another_site_in_the_same_area_the_same_day_stays_apart(gazetteer):
    text = ("Gunmen raided a village near Bama in Borno state on Tuesday, killing five.\n\n"
            "On Tuesday, gunmen also raided a market in Gwoza, killing two traders.\n")
    got = _rows(gazetteer, text, "2024-06-20")
    assert sorted(got["place_name"]) == ["Bama", "Gwoza"]


def test_the_day_of_an_event_named_in_passing_is_not_the_new_events(gazetteer):
    text = ("Fighter jets struck a militia arms dump outside Mayadin on Saturday, officials "
            "said. Rockets had hit a base near Hasakah on Thursday.\n\n"
            "The air force said its jets had hit hangars used by the militia, and that it was "
            "retaliation for Thursday's attack.\n")
    got = _rows(gazetteer, text, "2024-06-16")
    assert sorted(got["event_type"]) == ["airstrike", "rocket_attack"]
