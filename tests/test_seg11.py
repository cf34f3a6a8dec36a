"""Incident precision and segmentation kinds of branch seg11 (issue 18).

Each case is a short text in new words: the incidents it must give (type and day), or
none. Written before the rule for its kind and failing on main before it.
"""

from __future__ import annotations

import pytest

from geoincidents import nlp
from geoincidents.extract import modality
from tests.extracting import rows

PUBLISHED = "2026-03-10"
#: the day of the cases that name a later day
LATER = {"drone_told_again_as_aircraft": "2026-03-13"}

#: (kind, text, expected incidents as (event_type, "YYYY-MM-DD"), in date order)
CASES = [
    # a walk-out "in protest" is a motive, not a protest event
    ("walk_out_in_protest",
     "BAGHDAD - Opposition deputies stormed out of the chamber in protest on Monday after "
     "the speaker refused to put the budget to a vote. The session was adjourned until "
     "next week.", []),
    # a rumour the next sentence calls untrue, by a pronoun or as a statement
    ("rumour_dismissed_as_false",
     "KIRKUK - Posts shared on Telegram on Friday evening said a drone had set fire to a "
     "fuel depot outside Kirkuk. The provincial police dismissed them as false within the "
     "hour. \"Nothing was hit,\" a spokesman said.", []),
    ("rumour_rejected",
     "SULAYMANIYAH - Several accounts on social media claimed on Sunday that a rocket had "
     "struck the airport in Sulaymaniyah. The airport authority rejected that late the "
     "same evening. \"There was no rocket,\" its director said.", []),
    ("claim_called_invented",
     "KABUL - An insurgent group said its men had ambushed a police convoy near Ghazni on "
     "Saturday and killed five officers. The interior ministry dismissed the statement as "
     "invented. Reporters could not reach the district.", []),
    # counter-drone weapons are no drone strike
    ("weapons_against_drones",
     "ROME - Ministers meeting in Rome on Friday agreed to pay for jammers and interceptor "
     "guns for use against drones along the eastern border.", []),
    # a count of occasions is no one event
    ("on_several_occasions",
     "RAMADI - Troops seized rocket launchers in the province on at least five occasions "
     "last year, according to the army.", []),
]


ROUNDUP = (
    "Weekly incident digest: north-west Syria\n"
    "Published: 2026-04-15\n"
    "\n"
    "IDLIB, Syria (Frontline Digest) - A summary of the week's attacks reported by local "
    "officials and rescue workers.\n"
    "\n"
    "1. Car bomb at vegetable market\n"
    "Where: Sarmada, about 30 km north of Idlib\n"
    "When: Thursday, April 9, in the morning\n"
    "What: A car packed with explosives blew up beside stalls at the town's vegetable "
    "market. Seven people were killed and 20 wounded, the civil defence said.\n"
    "\n"
    "2. Shelling of a village\n"
    "Where: Kafr Nabl\n"
    "When: Saturday, April 11, at night\n"
    "What: Government artillery hit houses on the edge of the village. Two children were "
    "killed, local officials said.\n"
    "\n"
    "3. Drone over a camp\n"
    "Where: Atmeh\n"
    "When: Monday, April 13\n"
    "What: A small drone dropped a grenade near tents in a displacement camp. Nobody was hurt.\n"
    "\n"
    "Not included: posts online about a shooting at a checkpoint near Harem on Sunday, which "
    "the local council called untrue.")

FIELD_TOWN = (
    "Market blast\n"
    "Published: 2026-04-15\n"
    "\n"
    "Where: Maarrat al-Nu'man, about 30 km south of Idlib\n"
    "When: Tuesday, April 14\n"
    "\n"
    "What: A bomb hidden in a cart exploded at the town's fruit market. Four people were killed.")

CASES += [
    # a roundup's item headings ("2. Shelling of a village") take the fields of the item
    # they head, not the item above; a report called untrue in a relative clause on it
    ("roundup_headings", ROUNDUP, [("ied", "2026-04-09"), ("rocket_attack", "2026-04-11"),
                                   ("drone_strike", "2026-04-13")]),
]

CASES += [
    # weapons stores and workshops struck: the striker's type, not the owner's drones
    ("drone_workshop_struck",
     "BEIRUT - Israeli jets struck a Hezbollah drone workshop in the village of Qlayleh, "
     "near Tyre, on Sunday, the army said.", [("airstrike", "2026-03-08")]),
    # a bomb named by where it was put: the long subject phrase before its verb
    ("bomb_hidden_in_long_phrase",
     "PESHAWAR - A bomb hidden in a motorbike parked outside a busy bakery in Peshawar "
     "exploded on Monday, killing four people.", [("ied", "2026-03-09")]),
    ("bomb_damaged",
     "QUETTA - Separatists used to attack trains on this line, residents said. A bomb "
     "damaged the track near Sibi on Monday.", [("ied", "2026-03-09")]),
    # "Hours later, on Wednesday": the day named, not the day counted from
    ("hours_later_named_day",
     "MOGADISHU - A car bomb exploded outside a hotel in Mogadishu late on Sunday, killing "
     "five people. Hours later, on Monday, gunmen stormed a police post in Afgoye, killing "
     "two officers.", [("ied", "2026-03-08"), ("battle", "2026-03-09")]),
    # the place that names the other event ("two days after the Gao bombing") starts none
    ("named_by_place_in_after_clause",
     "BAMAKO - A car bomb killed nine people at a bus station in Gao on Thursday. On "
     "Saturday, two days after the Gao bombing, soldiers clashed with gunmen near Menaka, "
     "killing six, the army said.", [("ied", "2026-03-05"), ("battle", "2026-03-07")]),
    # "condemned the missile launch": the launch told before, named again
    ("condemned_the_launch",
     "SANAA - Rebels fired a ballistic missile at a tanker off the port of Mocha on Monday, a "
     "maritime agency said. The missile missed the ship.\n\nOn Tuesday night, American jets "
     "struck radar sites near Hodeidah, the Pentagon said.\n\nThe exiled cabinet, based in "
     "Aden, condemned the missile launch and urged the United Nations to act.",
     [("rocket_attack", "2026-03-09"), ("airstrike", "2026-03-10")]),
    # a distance from a town that describes the site named before it ("X, which lies some
    # 60 km from Y"): Y starts no incident
    ("site_described_by_distance",
     "KABUL - On Monday night a rocket hit a warehouse at Bagram Air Base, which lies some 60 "
     "km from Kabul, police said. The roof of the warehouse collapsed.",
     [("rocket_attack", "2026-03-09")]),
    # the drone strike told again as "an aircraft had struck ...": one event, the drone's
    ("drone_told_again_as_aircraft",
     "BEIRUT - Militants fired rockets at Nahariya on Thursday, hours after an Israeli drone "
     "strike near Nabatieh killed a local commander, officials said. The Israeli military "
     "said an aircraft had struck the commander on Wednesday night on a road north of "
     "Nabatieh.", [("drone_strike", "2026-03-11"), ("rocket_attack", "2026-03-12")]),
    # one attack told across midnight ("late on Monday night", then "shortly after midnight
    # on Tuesday") is one incident; told "again" it is two
    ("told_again_across_midnight",
     "BAGHDAD - Rockets hit the Victory base near Baghdad airport late on Monday night, the "
     "army said. Nobody was hurt. In a statement on Tuesday, the coalition said two rockets "
     "had struck the Victory base shortly after midnight on Tuesday.",
     [("rocket_attack", "2026-03-09")]),
    ("struck_again_next_night",
     "BAGHDAD - Rockets hit the Victory base near Baghdad airport late on Monday night, the "
     "army said. Nobody was hurt. Rockets struck the Victory base again early on Tuesday, "
     "wounding a guard.", [("rocket_attack", "2026-03-09"), ("rocket_attack", "2026-03-10")]),
    # several events counted in a month, and a campaign begun in a month: no one event
    ("events_counted_in_a_month",
     "RAMADI - Rockets struck the airbase on Monday, wounding a contractor, the army said. "
     "The attack was the second on the base this year, after three drone attacks in "
     "February that caused no damage.", [("rocket_attack", "2026-03-09")]),
    ("campaign_begun_in_a_month",
     "ADEN - Rebels fired a missile at a tanker off the port of Mocha on Monday, a maritime "
     "agency said. The rebels began attacking tankers in October 2024, saying they acted in "
     "solidarity with Gaza.", [("rocket_attack", "2026-03-09")]),
]


@pytest.mark.parametrize("kind, text, expected", CASES, ids=[c[0] for c in CASES])
def test_incidents(gazetteer, kind, text, expected):
    got = rows(gazetteer, text, None if "Published:" in text else LATER.get(kind, PUBLISHED))
    found = [(r.event_type, r.date.strftime("%Y-%m-%d") if r.date == r.date else None)
             for r in got.itertuples()]
    assert found == expected


@pytest.mark.parametrize("text, refutes", [
    ("The airport authority rejected that late on Sunday.", True),
    ("Officials dismissed the communique as fabricated.", True),
    ("The militia rejected the accusation on Monday.", False),
    ("The army denied that its troops had fired.", False),
])
def test_a_denial_of_the_claim_before(text, refutes):
    assert (modality.refutes(nlp.parse(text)[:]) is not None) is refutes


def test_the_town_is_not_the_point_measured_from(gazetteer):
    """"Where: X, about 30 km south of Y" then "the town's market": X, not Y."""
    got = rows(gazetteer, FIELD_TOWN, "2026-04-15")
    assert list(got.event_type) == ["ied"] and "Idlib" not in got.place_name[0]


def test_the_bomb_told_again_adds_its_wounded(gazetteer):
    """"The bomb also wounded two guards": the bomb told before, no new one."""
    got = rows(gazetteer, "KIRKUK - A car bomb killed a judge outside his home in Kirkuk on "
                          "Monday. The bomb also wounded two of his guards.", PUBLISHED)
    assert list(got.event_type) == ["ied"] and got.injured[0] == 2


@pytest.mark.parametrize("text, place", [
    ("KYIV - Sea drones struck a tanker off Novorossiysk on Monday.", "Novorossiysk"),
    ("KYIV - Drone boats attacked the harbour of Odesa on Monday.", "Odesa"),
])
def test_a_drone_boat_strike_at_sea_is_placed_at_the_port(gazetteer, text, place):
    """"off X" and "the harbour of X" name the place of a strike at sea."""
    got = rows(gazetteer, text, PUBLISHED)
    assert list(got.event_type) == ["drone_strike"] and got.place_name[0] == place
