"""False incidents of new text, by kind (branch precision21): a report the next sentence
calls mistaken, posts called an invention, the day of the event a claim answered, a town
named again as "the town" in a paragraph about another kind of event, a reference place
in a description ("the town that faces Y", "just across the border from Y"), part of a
salvo that landed elsewhere ("one of them crashed into ..."), where the wounded were
taken and whose spokesman spoke, a quote summing up the events told, and the end of a
span of fighting named as a comparison's yardstick.

The texts are written for these tests.
"""

from __future__ import annotations

import datetime as dt

from geoincidents import nlp
from geoincidents.extract import modality, own_clause, place_roles, retold, triggers
from geoincidents.extract.dates import find_dates
from tests.extracting import rows as _rows


def _told(got) -> list[tuple[str, str, str]]:
    return [(r.event_type, str(r.date)[:10], r.place_name) for r in got.itertuples()]


def _blocked(text: str, word: str):
    return modality.blocked(next(t for t in nlp.parse(text) if t.text == word))


# -- a report called untrue, in the next sentence or in the same one -----------------------

def test_report_the_next_sentence_calls_mistaken_is_no_event(gazetteer):
    text = ("Mortar hits Mosul market\n\nPublished: 2026-04-16\n\n"
            "Two mortar bombs landed in a crowded market in Mosul on Wednesday morning, "
            "wounding five traders, police said.\n\n"
            "Later on Wednesday, a local radio station had reported that a rocket was fired "
            "at a checkpoint outside Tal Afar. Police said in the evening that the report "
            "was mistaken and that the noise had come from a tyre bursting.\n")
    got = _rows(gazetteer, text, "2026-04-16")
    assert list(got.place_name) == ["Mosul"], _told(got)


def test_refuting_words_come_from_the_refutes_rules():
    from geoincidents.extract import parsed

    assert parsed.may_refute("The police said the report was mistaken.")
    assert parsed.may_refute("The ministry rejected that within the hour.")
    assert not parsed.may_refute("The police said two people were hurt.")


def test_posts_called_an_invention_tell_no_event():
    assert _blocked("The police said messages online describing an ambush on the convoy "
                    "near the dam were a complete invention.", "ambush") == "negated"
    assert _blocked("Officials said the story of a raid on the village was erroneous.",
                    "raid") == "negated"


# -- the day of the event a claim answered -------------------------------------------------

def test_day_after_the_answered_event_is_not_the_claims_day():
    text = ("The militia said it fired rockets at the town in retaliation for an air "
            "strike the day before.")
    found = find_dates(text, dt.date(2026, 5, 14), dt.date(2026, 5, 13))
    assert found and own_clause.without_answered(text, found) == []
    # a day told before the answered event is the sentence's own
    text = "On Friday the militia fired rockets at the town in revenge for a raid."
    found = find_dates(text, dt.date(2026, 5, 14))
    assert own_clause.without_answered(text, found) == found


def test_claim_answering_a_strike_joins_the_salvo_it_claims(gazetteer):
    text = ("Rockets hit Kiryat Shmona; jets strike Bint Jbeil\n\nPublished: 2026-09-03\n\n"
            "Rockets fired from Lebanon hit homes in Kiryat Shmona on Wednesday afternoon, "
            "wounding four people, and Israeli jets struck the border town of Bint Jbeil "
            "that evening, the army said.\n\n"
            "Twelve rockets were launched at Kiryat Shmona in all, the army said. Air "
            "defences stopped nine of them.\n\n"
            "Hezbollah said its men fired the rockets at the town in response to an "
            "Israeli drone strike the day before.\n")
    got = _rows(gazetteer, text, "2026-09-03")
    rockets = got[got.event_type == "rocket_attack"]
    assert len(rockets) == 1 and rockets.iloc[0].place_name == "Qiryat Shmona", _told(got)


# -- a place that says where another is ----------------------------------------------------

def test_a_town_facing_another_across_a_border_is_located_by_it():
    gap = place_roles._DESCRIBED_NEAR_GAP
    assert gap.fullmatch(", the market town that faces ")
    assert gap.fullmatch(", a village facing ")
    assert gap.fullmatch(", just across the border from ")
    assert gap.fullmatch(", across the river from ")
    assert not gap.fullmatch(" and then ")


def test_hospital_and_spokesman_places_are_no_sites():
    assert place_roles._DESTINATION_BEFORE.search("the wounded were taken to the general "
                                                  "hospital in ")
    assert place_roles._DESTINATION_BEFORE.search("were treated at a clinic in ")
    assert place_roles._SPOKESMAN_FOR.search("a police spokesman for the ")


def test_wounded_taken_to_a_hospital_elsewhere_make_no_second_incident(gazetteer):
    text = ("Gunmen ambush patrol\n\nPublished: 2026-07-08\n\n"
            "Gunmen ambushed an army patrol near Oicha on Tuesday, killing three soldiers, "
            "the army said.\n\n"
            "Two more soldiers were wounded in the firefight and taken to the general "
            "hospital in Beni, a military spokesman for the Beni sector said.\n")
    got = _rows(gazetteer, text, "2026-07-08")
    assert len(got) == 1, _told(got)


# -- one salvo told in two clauses ---------------------------------------------------------

def test_part_of_a_salvo_names_its_clause_as_the_same_event():
    assert retold.part_of_told(", and one of them crashed into a house in the ")
    assert retold.part_of_told(" while two of the rockets fell on a school in ")
    assert not retold.part_of_told(", and a drone hit a house in the ")


def test_rocket_that_strayed_from_a_salvo_is_no_incident_of_its_own(gazetteer):
    text = ("Rockets fired at Green Zone\n\nPublished: 2026-03-11\n\n"
            "Four rockets were launched late on Tuesday toward the Green Zone in Baghdad, "
            "and one of them crashed into a shop in the Karrada district, wounding its "
            "owner, police said.\n")
    got = _rows(gazetteer, text, "2026-03-11")
    assert len(got) == 1, _told(got)
    assert got.iloc[0].event_type == "rocket_attack"


def test_shells_told_by_what_they_did_are_shelling():
    assert triggers.event_type("while shells killed two farmers in the village") == \
        "rocket_attack"


# -- a summary of the events told; a comparison's yardstick ----------------------------------

def test_quote_summing_up_the_told_events_starts_none(gazetteer):
    text = ("Three attacks in Borno\n\nPublished: 2026-05-20\n\n"
            "A bomb exploded at a bus station in Konduga on Sunday, killing six people, "
            "police said.\n\n"
            "On Monday, fighters stormed an army base in Marte, killing four soldiers.\n\n"
            "On Tuesday, drones dropped grenades on a checkpoint in Gwoza, wounding a "
            "soldier.\n\n"
            "Observers said the three attacks showed a change of tactics. \"They test the "
            "army everywhere at once: a bus station in Konduga, a base in Marte and now "
            "drones in Gwoza,\" said one of them. \"The drones are new.\"\n")
    got = _rows(gazetteer, text, "2026-05-20")
    assert len(got) == 3, _told(got)


def test_a_span_of_fighting_that_ended_is_no_event():
    assert _blocked("It was the worst clash since March, when weeks of fighting ended "
                    "with a truce.", "fighting") == "not_event"
    assert _blocked("Months of clashes came to an end in the spring.", "clashes") == \
        "not_event"
    assert _blocked("Fighting ended on Sunday night after the rebels withdrew.",
                    "Fighting") is None


# -- the lead's day told in its first clause ------------------------------------------------

def test_lead_day_of_the_first_clause_does_not_date_the_next(gazetteer):
    text = ("Camp stormed in Djibo; drone strike in Kidal\n\nPublished: 2026-06-11\n\n"
            "OUAGADOUGOU - Militants stormed an army camp in the town of Djibo on Tuesday, "
            "and a drone strike by the Malian army killed several people in the town of "
            "Kidal, officials said.\n\n"
            "The fighting at Djibo lasted four hours, a security source said.\n\n"
            "In Mali, a drone hit a house on the edge of Kidal on Monday night, killing six "
            "people, residents said.\n")
    got = _rows(gazetteer, text, "2026-06-11")
    drones = got[got.event_type == "drone_strike"]
    assert len(drones) == 1 and str(drones.iloc[0].date)[:10] == "2026-06-08", _told(got)


def test_where_a_cargo_was_loaded_is_no_site():
    assert place_roles._LOADED_AT_BEFORE.search("a freighter with a cargo of grain "
                                                "loaded in ")
    assert not place_roles._LOADED_AT_BEFORE.search("a freighter was struck in ")
