"""Facts read right and joined to the right incident of a multi-incident article (issue 18,
attach13 round), in articles written for these tests."""

from __future__ import annotations

import pandas as pd

from geoincidents.extract import extract_text


def _rows(text: str, gaz):
    return extract_text(text, gazetteer=gaz).incidents


def _at(rows, etype: str):
    found = rows[rows["event_type"] == etype]
    assert len(found) == 1, rows[["event_type", "place_name", "n_fired", "killed"]]
    return found.iloc[0]


def _none(value) -> bool:
    return bool(pd.isna(value))


# --- a sentence telling two events at two sites, each in its own clause ------------------
# (the second clause has no day of its own: `clauses` leaves the sentence whole)

_TWO_CLAUSES = """Date: 2025-06-03

Rockets at Kandahar post, bomb near Herat

KABUL - Insurgents fired three rockets at a police post on the edge of Kandahar on Monday
evening, while a roadside bomb killed four soldiers near Herat, officials said.
"""


def test_each_site_takes_the_facts_of_its_own_clause(gaz):
    rows = _rows(_TWO_CLAUSES, gaz)
    assert sorted(rows["place_name"]) == ["Herat", "Kandahar"], rows
    rockets = rows[rows["place_name"] == "Kandahar"].iloc[0]
    bomb = rows[rows["place_name"] == "Herat"].iloc[0]
    assert rockets["n_fired"] == 3 and _none(rockets["killed"]), rockets
    assert bomb["killed"] == 4 and _none(bomb["n_fired"]), bomb


# --- the next sentence, with no place, goes on with the event of its kind ----------------

_TWO_EVENTS = """Date: 2025-03-10

Drones hit Mukalla depot as mortars kill five in Taiz

ADEN - A swarm of drones hit a fuel depot on the northern edge of Mukalla early on Saturday,
while mortar fire on the city of Taiz killed five civilians the next day.

Six drones were launched at the harbour town from the sea before sunrise, a coast guard
officer said. Gunners shot down four of them; the other two hit storage tanks near the quay.
"""


def test_the_next_sentence_goes_on_with_the_event_of_its_kind(gaz):
    rows = _rows(_TWO_EVENTS, gaz)
    drones = _at(rows, "drone_strike")
    assert drones["place_name"] == "Mukalla", drones
    assert (drones["n_fired"], drones["n_intercepted"]) == (6, 4), drones
    assert _none(drones["killed"]), drones
    mortars = rows[rows["event_type"] != "drone_strike"]
    assert len(mortars) == 1, rows[["event_type", "place_name"]]
    assert mortars.iloc[0]["place_name"] == "Taiz" and mortars.iloc[0]["killed"] == 5
    assert _none(mortars.iloc[0]["n_fired"]), mortars.iloc[0]


# --- a country people come from is not where the sentence's facts happened -----------------

_CREW = """Date: 2025-08-12

Missiles miss tanker off Hodeidah

DUBAI - Two missiles were fired at a tanker about 30 nautical miles west of the port of
Hodeidah on Monday, a maritime security agency said. Both fell into the water. Nobody was
hurt among its 19 crew, who are mostly from India, the agency added.
"""


def test_the_crews_home_country_keeps_no_toll_off_the_ship(gaz):
    rows = _rows(_CREW, gaz)
    assert len(rows) == 1, rows[["event_type", "place_name"]]
    assert rows.iloc[0]["injured"] == 0, rows.iloc[0]


# --- the other event a sentence dates itself by takes the doers of its own clause ----------

_DATED_BY = """Date: 2025-09-20

Bombing in Kunduz follows strike on Ghazni compound

KABUL - A bomb hidden in a cart exploded at a bus stop in Kunduz on Friday, wounding six
people, police said, a day after Pakistani jets bombed a compound outside Ghazni.
"""


def test_the_event_dated_by_takes_the_doers_of_its_clause(gaz):
    rows = _rows(_DATED_BY, gaz)
    strike = rows[rows["place_name"] == "Ghazni"]
    assert len(strike) == 1, rows[["event_type", "place_name", "actors"]]
    assert "Pakistan" in str(strike.iloc[0]["actors"]), strike.iloc[0]
    bomb = rows[rows["place_name"] == "Kunduz"].iloc[0]
    assert "Pakistan" not in str(bomb["actors"]) and bomb["injured"] == 6, bomb
    assert _none(strike.iloc[0]["injured"]), strike.iloc[0]


# --- where the wounded were flown is not where they were hurt ------------------------------

_FLOWN = """Date: 2025-11-04

Drone hits Kandahar Airfield

KABUL - A drone laden with explosives struck a fuel store at Kandahar Airfield on Monday,
officials said. A British engineer suffered shrapnel wounds and was flown to Germany for
treatment.
"""


def test_where_the_wounded_were_flown_keeps_no_toll_off_the_site(gaz):
    rows = _rows(_FLOWN, gaz)
    assert len(rows) == 1, rows[["event_type", "place_name"]]
    assert rows.iloc[0]["injured"] == 1, rows.iloc[0]


# --- a lead's second event of no kind yet keeps the narrative -------------------------------

_UNTYPED = """Date: 2025-06-16

Shelling near Baghdad; Balad base also targeted

A rocket hit the edge of Baghdad airport on Monday, local officials said. An Iraqi air base in
Balad, north of the capital, was also targeted the evening before.

The Iraqi air base was struck by four mortar rounds fired from a pickup truck. The truck had
carried nine rounds, but five failed to fire and were later made safe by army engineers.
"""


def test_a_second_event_of_no_kind_yet_takes_the_next_paragraphs_facts(gaz):
    rows = _rows(_UNTYPED, gaz)
    base = rows[rows["place_name"].str.contains("Balad")]
    assert len(base) == 1, rows[["event_type", "place_name"]]
    assert base.iloc[0]["n_fired"] == 4 and base.iloc[0]["event_type"] == "rocket_attack", \
        base.iloc[0]
    airport = rows[rows["place_name"].str.contains("Baghdad")].iloc[0]
    assert airport["n_fired"] != 4, airport
