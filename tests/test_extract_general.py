"""Regression tests for general English-news rules (each a wording the first rules missed).

Every sentence here is written for these tests; none comes from the seed articles.
"""

import pandas as pd
import pytest

from geoincidents.extract import extract_text
from geoincidents.extract.casualties import casualties
from geoincidents.extract.facts import headlines
from geoincidents.extract.text import split_sentences


def test_wounded_after_a_long_subject_and_a_none_clause():
    c = casualties("A police officer standing at the gate of the ministry was wounded; "
                   "no foreign staff were hurt.")
    assert c.injured == 1
    assert any("police officer" in n for n in c.notes) and any("no foreign" in n for n in c.notes)


def test_modifier_without_auxiliary_is_not_a_casualty_subject():
    # "saw" is the verb here; nobody in the subject is said to be hurt
    assert casualties("A guard at the gate saw nothing.").injured is None


def test_named_people_in_a_list_each_count():
    c = casualties("The strike killed the rebel commander Omar Haddad and his deputy "
                   "Sami Karim near the border.")
    assert c.killed == 2
    assert casualties("A sniper killed Colonel Jane Doe in the square.").killed == 1


def actors(text: str, etype: str) -> list[tuple[str, str]]:
    """The actors the parse reads in ``text`` (a sentence about an event of ``etype``)."""
    pytest.importorskip("spacy")
    from geoincidents import nlp
    from geoincidents.extract import actors as actors_mod

    return [(a.text, a.stance) for a in actors_mod.find(nlp.parse(text)[:])]


def test_actors_drop_adverbs_dates_and_references():
    assert actors("Fans of the club later rallied outside the stadium and stormed the pitch.",
                  "protest") == []
    assert actors("Early last week border police raided a depot in Mosul.", "raid") == \
        [("border police", "involved")]
    assert actors("Officials blamed the Islamic State group on Friday.", "ied") == \
        [("Islamic State group", "blamed")]


def test_title_lines_before_the_body_are_headlines():
    sents = split_sentences("Blast at depot; second plot foiled\n\nA bomb went off on Monday.")
    assert headlines(sents) == {0}


def test_headline_alone_does_not_make_an_incident(gaz):
    text = ("Published: 2021-05-12\n\nMortar hits Balad base; attack on Taji foiled\n\n"
            "Two mortar rounds landed inside Balad Air Base on Tuesday night, the army said.")
    res = extract_text(text, gazetteer=gaz)
    assert list(res.incidents.place_id) == ["iq-balad-air-base"]


def test_event_dated_by_another_merges_with_its_own_report(gaz):
    text = ("Published: 2021-05-12\n\n"
            "A drone struck Erbil International Airport on Tuesday, two days after a separate "
            "attack on Ain al-Asad Air Base.\n\n"
            "At Ain al-Asad Air Base, four rockets landed near the runway on Sunday.")
    df = extract_text(text, gazetteer=gaz).incidents
    asad = df[df.place_id == "iq-ain-al-asad"]
    assert len(asad) == 1 and asad.iloc[0].date == pd.Timestamp("2021-05-09")
    assert asad.iloc[0].n_landed == 4
    assert df[df.place_id == "iq-erbil-airport"].iloc[0].date == pd.Timestamp("2021-05-11")


def test_event_dated_only_by_another_keeps_the_offset(gaz):
    text = ("Published: 2021-05-12\n\n"
            "Rockets hit Balad Air Base on Tuesday, three days after a rocket attack on "
            "K-1 Air Base.")
    df = extract_text(text, gazetteer=gaz).incidents
    k1 = df[df.place_id == "iq-k1"].iloc[0]
    assert k1.date == pd.Timestamp("2021-05-08") and "three days after" in k1.date_text


def test_hits_count_as_fired(gaz):
    text = "Published: 2021-05-12\n\nFour rockets hit Balad Air Base on Monday."
    row = extract_text(text, gazetteer=gaz).incidents.iloc[0]
    assert (row.n_landed, row.n_fired) == (4, 4)


def test_thwarted_attack_is_not_placed_on_its_target(gaz):
    text = ("Published: 2021-05-12\n\nOn Monday police foiled an attack, seizing two rockets "
            "that had been aimed at Balad Air Base, the base north of Baghdad.")
    row = extract_text(text, gazetteer=gaz).incidents.iloc[0]
    assert row.event_type == "thwarted" and row.target_place_id == "iq-balad-air-base"
    assert row.geo_precision == 2 and row.uncertainty_m >= 10_000
    assert "seizure location not given" in row.notes


def test_elided_target_verb_keeps_the_target_role(gaz):
    from geoincidents.extract import find_places, prepare

    doc = prepare("Two drones flew in, one aimed at Erbil International Airport and another "
                  "the Balad Air Base.")
    roles = {m.place.place_id: m.role for m in find_places(doc, gazetteer=gaz)}
    assert roles == {"iq-erbil-airport": "target", "iq-balad-air-base": "target"}


def test_lowercase_at_does_not_start_a_place_name(gaz):
    from geoincidents.extract import find_places, prepare

    doc = prepare("The shells were aimed at Camp Taji.")
    (m,) = find_places(doc, gazetteer=gaz)
    assert m.text == "Camp Taji" and m.role == "target"


def test_a_name_that_is_never_a_place_is_not_placed_even_when_a_village_bears_it(gaz):
    # the world gazetteer lists "Taliban" as another name of a Turkish village; the
    # geoparser's list of names that are never places applies to the extractor's finder too
    from geoincidents.extract import find_places, prepare

    doc = prepare("A roadside bomb exploded in Kandahar on Tuesday. Officials pinned the "
                  "attack on the Taliban.")
    assert [m.text for m in find_places(doc, gazetteer=gaz)] == ["Kandahar"]


def test_bomb_that_exploded_is_an_ied(gaz):
    text = "Published: 2021-05-12\n\nA sticky bomb exploded under a car in Kirkuk on Monday."
    row = extract_text(text, gazetteer=gaz).incidents.iloc[0]
    assert row.event_type == "ied"


def test_a_death_dated_by_an_undated_attack_does_not_break_extraction(gaz):
    # the clause "after the attack in Kirkuk" gives that attack no date of its own
    res = extract_text("A 34-year-old man died in hospital after the attack in Kirkuk on "
                       "Wednesday.", gazetteer=gaz, published="2022-03-12")
    assert len(res.incidents) >= 1
    assert set(res.incidents["place_name"]) >= {"Kirkuk"}


def test_sirens_are_not_a_raid_and_an_air_raid_is_an_air_strike():
    from geoincidents.extract.triggers import event_type

    assert event_type("Air raid sirens sounded across the city for an hour.") is None
    assert event_type("An air raid flattened two houses in the village.") == "airstrike"
    assert event_type("Police raided a flat in the old town.") == "raid"


def test_new_trigger_words():
    from geoincidents.extract.triggers import event_type

    assert event_type("A van packed with explosives blew up outside the barracks.") == "ied"
    assert event_type("Rioters torched three cars near the stadium.") == "protest"
    assert event_type("Youths set fire to a police post overnight.") == "other"
    assert event_type("Riot police lined the avenue all day.") is None


def test_a_plan_is_not_an_incident(gaz):
    res = extract_text("The men were paid to take the mortars to a farm near Abu Ghraib and "
                       "fire them at Baghdad airport, investigators said on Friday.",
                       gazetteer=gaz, published="2022-03-12")
    assert res.incidents.empty


def test_the_day_it_was_said_gives_way_to_the_day_it_happened(gaz):
    res = extract_text("The command said on Tuesday that its jets had struck a depot near "
                       "Kirkuk on Sunday.", gazetteer=gaz, published="2022-03-12")
    assert res.incidents["date"].tolist() == [pd.Timestamp("2022-03-06")]
    res = extract_text("On Tuesday the command said its jets had struck a depot near "
                       "Kirkuk on Sunday.", gazetteer=gaz, published="2022-03-12")
    assert res.incidents["date"].tolist() == [pd.Timestamp("2022-03-06")]


def test_more_kinds_of_victims():
    assert casualties("The ambush killed three Chadian peacekeepers and wounded two "
                      "villagers.").killed == 3
    assert casualties("Four gendarmes were wounded near the bridge.").injured == 4


def test_actor_names_after_known_as_and_before_a_verb():
    assert actors("Police blamed a militant cell known as the Red Hand.", "ied") == \
        [("Red Hand", "blamed")]
    assert actors("A strike by the allied coalition hit a fuel depot.", "airstrike") == \
        [("allied coalition", "involved")]


def test_said_it_did_is_a_claim_or_for_a_strike_involvement():
    assert actors("The Houthis said they had fired the drones at the port.",
                  "drone_strike") == [("Houthis", "claimed")]
    assert actors("The Defence Ministry said its warplanes had struck the camp.",
                  "airstrike") == [("Defence Ministry", "involved")]


def test_estimated_and_total_numbers():
    from geoincidents.extract.numbers import value

    assert value("an estimated five") == 5 and value("a total of 12") == 12
    assert casualties("The raid killed an estimated nine fighters.").killed == 9


def test_counts_of_a_total():
    from geoincidents.extract.counts import munition_counts

    # "two of them": not "two of the" cut out of "them"
    assert munition_counts("Five rockets were fired, two of them landed inside.") == \
        {"n_fired": 5, "n_landed": 2}
    # the total is what was fired when part of it was shot down
    assert munition_counts("The army shot down 8 of the 10 drones.") == \
        {"n_fired": 10, "n_intercepted": 8}
    assert munition_counts("Guards intercepted and downed two cruise missiles.") == \
        {"n_intercepted": 2}
    assert munition_counts("Two of the shells failed to explode.") == {"n_misfired": 2}


def test_counts_in_a_sentence_without_a_trigger_word_join_the_incident(gaz):
    res = extract_text("Three rockets hit Camp Taji on Sunday. Two of the rounds failed to "
                       "explode and were defused.", gazetteer=gaz, published="2022-03-12")
    assert res.incidents[["n_landed", "n_misfired"]].values.tolist() == [[3, 2]]


def test_a_denial_about_the_attack_adds_to_it_and_starts_none(gaz):
    res = extract_text("Four mortar rounds hit a base near Kirkuk on Monday. On Tuesday, a "
                       "militia close to Tehran said it had nothing to do with the shelling.",
                       gazetteer=gaz, published="2022-03-12")
    assert len(res.incidents) == 1
    assert res.incidents.loc[0, "place_name"] == "Kirkuk"
    # (a bare "militia" names no actor since actors8; "On Tuesday" never one)
    assert pd.isna(res.incidents.loc[0, "actors"])
    res = extract_text("Four mortar rounds hit a base near Kirkuk on Monday. On Tuesday, "
                       "Kataib Hezbollah said it had nothing to do with the shelling.",
                       gazetteer=gaz, published="2022-03-12")
    assert len(res.incidents) == 1
    assert res.incidents.loc[0, "actors"] == "Kataib Hezbollah (denied)"


def test_marches_and_blowing_open_are_events():
    from geoincidents.extract.triggers import event_type

    assert event_type("Smaller marches took place in two other cities.") == "protest"
    assert event_type("A gang blew open a cash machine overnight.") == "other"


def test_bare_numbers_after_the_verb_and_without_any_casualties():
    c = casualties("The strike killed four people, one of them a child, and injured eleven.")
    assert (c.killed, c.injured) == (4, 11)
    c = casualties("Shells fell on the depot without causing any casualties.")
    assert (c.killed, c.injured) == (0, 0)


def test_more_casualty_phrasings():
    def both(text):
        c = casualties(text)
        return c.killed, c.injured

    assert both("Three people were killed and 12 wounded in the blast.") == (3, 12)
    assert both("A policeman was killed and three were wounded.") == (1, 3)
    # the others have a verb of their own: not added to the dead
    assert both("Two civilians died and four others were hurt.") == (2, 4)
    assert both("The death toll rose to 14 on Tuesday.") == (14, None)
    assert both("Medics said 9 people were treated for shrapnel wounds.") == (None, 9)


def test_more_count_phrasings():
    from geoincidents.extract.counts import munition_counts

    assert munition_counts("Air defences intercepted the drone over the port.") == \
        {"n_intercepted": 1}
    assert munition_counts("Militants fired about 35 rockets, 12 of which were "
                           "intercepted.") == {"n_fired": 35, "n_intercepted": 12}
    assert munition_counts("Of the 15 drones launched, 11 were shot down.") == \
        {"n_fired": 15, "n_intercepted": 11}
    assert munition_counts("The drone attack on the base was repelled.") == {}


def test_a_bare_group_word_is_no_actor():
    assert actors("ISWAP said its fighters carried out the ambush.", "ied") == \
        [("ISWAP", "claimed")]


def test_the_event_date_before_an_attribution_is_the_events(gaz):
    res = extract_text("About 20 rockets were fired at Kirkuk on Sunday afternoon, the army "
                       "said, the heaviest barrage since last October.", gazetteer=gaz,
                       published="2024-06-10")
    assert res.incidents["date"].tolist() == [pd.Timestamp("2024-06-09")]


def test_a_statement_date_starts_no_incident(gaz):
    res = extract_text("A bomb hit a patrol near Kirkuk on Wednesday, killing two soldiers. "
                       "The group said in a statement on Thursday that its men had attacked "
                       "the convoy.", gazetteer=gaz, published="2023-06-16")
    assert len(res.incidents) == 1 and res.incidents.loc[0, "date"] == pd.Timestamp("2023-06-14")


def test_where_officials_spoke_is_no_place_of_the_event(gaz):
    from geoincidents.extract import find_places, prepare

    found = find_places(prepare("Officials in Warsaw said no drone had crossed the border."),
                        gazetteer=gaz)
    assert [m.role for m in found] == ["context"]


def test_a_foiled_plan_targets_a_place_and_starts_nothing_there(gaz):
    res = extract_text("Customs officers found 24 rockets in a container at the port of Umm "
                       "Qasr on 14 March, foiling a plan to attack Basra International "
                       "Airport. Officers said the rockets were meant to be fired at the "
                       "airport.", gazetteer=gaz, published="2022-03-16")
    assert len(res.incidents) == 1
    assert res.incidents.loc[0, "event_type"] == "thwarted"
    assert res.incidents.loc[0, "target_place_id"] == "iq-basra-airport"


def test_the_day_before_counts_from_the_last_event_not_the_last_date(gaz):
    res = extract_text("Gunmen attacked a checkpoint in Kirkuk late on Tuesday, killing two "
                       "policemen. A search was continuing on Wednesday. The day before, a "
                       "roadside bomb struck a police van in Mosul, killing three officers.",
                       gazetteer=gaz, published="2023-09-06")
    got = dict(zip(res.incidents["place_name"], res.incidents["date"]))
    assert got == {"Kirkuk": pd.Timestamp("2023-09-05"), "Mosul": pd.Timestamp("2023-09-04")}


def test_outskirts_place_the_event_near_the_town(gaz):
    from geoincidents.extract import find_places, prepare

    found = find_places(prepare("Gunmen attacked a checkpoint on the outskirts of Kirkuk."),
                        gazetteer=gaz)
    assert [(m.text, m.role, m.near) for m in found] == [("Kirkuk", "location", True)]


def test_the_town_of_a_name_is_the_name(gaz):
    from geoincidents.extract import find_places, prepare

    found = find_places(prepare("The road links Kirkuk with the town of Tuz Khurmatu."),
                        gazetteer=gaz)
    assert "the town" not in [m.text for m in found]


def test_a_subject_with_an_appositive_claims_what_its_fighters_did():
    # the words between "said" and "that" stay in the clause; the name is before the comma
    assert actors("The Black Banner Brigades, a small militia that is close to Damascus, said "
                  "in a post on its website late on Friday that its fighters had shelled the "
                  "airport.", "rocket_attack") == [("Black Banner Brigades", "claimed")]
    assert actors("The Northern Command, which runs the air war, said on Monday that its air "
                  "force had struck two depots.", "airstrike") == \
        [("Northern Command", "involved")]
    # a clause of its own between "said" and the deed is someone else's deed
    assert actors("The mayor said residents feared that the militia had fired rockets.",
                  "rocket_attack") == []


def test_more_denials():
    assert actors("A spokesman for the Azure Front rejected any suggestion that the movement "
                  "had sent the drones.", "drone_strike") == \
        [("Azure Front", "denied")]
    assert actors("The Red Hand said in a short statement that it had no connection to the "
                  "blast.", "ied") == [("Red Hand", "denied")]
    assert actors('"We are a political party, and Unity has no part in this violence," its '
                  "leader said.", "other") == [("Unity", "denied")]


def test_attributed_to_and_held_responsible_blame_held_by_does_not():
    assert actors('Police attributed the bombing to "militants of the so-called Southern '
                  'Shield" in a brief note.', "ied") == [("Southern Shield", "blamed")]
    assert actors("The governor held the River Wolves responsible for the raid.", "raid") == \
        [("River Wolves", "blamed")]
    assert actors("The blast struck a wedding held by the Karimi family.", "ied") == []


def test_nobody_claiming_is_no_actor():
    assert actors("No group has claimed responsibility for the attack.", "ied") == []
    assert actors("No organisation claimed the bombing by Sunday evening.", "ied") == []


def test_the_day_a_strike_was_announced_joins_the_strike(gaz):
    # Saturday's strike, told on Sunday: one incident, on Saturday
    res = extract_text("Warplanes struck a fuel depot in Kirkuk on Saturday, killing three "
                       "guards. The Defence Ministry said on Sunday that its jets had bombed "
                       "the depot in Kirkuk.", gazetteer=gaz, published="2023-06-19")
    assert res.incidents["date"].tolist() == [pd.Timestamp("2023-06-17")]
    assert "Defence Ministry (involved)" in res.incidents.loc[0, "actors"]
    # ... as when the verb's own phrase comes before the day
    res = extract_text("A roadside bomb hit a convoy near Kirkuk on Monday. The Red Hand said "
                       "through its news channel on Tuesday that its fighters had planted the "
                       "bomb.", gazetteer=gaz, published="2023-06-21")
    assert res.incidents["date"].tolist() == [pd.Timestamp("2023-06-19")]
    assert "Red Hand (claimed)" in res.incidents.loc[0, "actors"]


def test_the_setting_of_a_war_is_no_place_of_the_event(gaz):
    res = extract_text("Two drones struck a depot in Kirkuk on Sunday. Sunday's drones were "
                       "among dozens fired at bases since the war in Gaza started last "
                       "October.", gazetteer=gaz, published="2023-06-19")
    assert res.incidents["place_name"].tolist() == ["Kirkuk"]


def test_a_town_in_its_region_is_one_event(gaz):
    # the region shares its name with a town 150 km away: still the town's container
    res = extract_text("Gunmen on motorbikes attacked a convoy outside Téra, in the Tillabéri "
                       "region, on Tuesday.", gazetteer=gaz, published="2023-08-10")
    assert res.incidents["place_name"].tolist() == ["Téra"]


def test_an_event_named_as_told_already_starts_none(gaz):
    res = extract_text("Gunmen ambushed a bus outside Tal Afar on Monday, killing four. "
                       "Traders in Mosul kept their shops shut on Tuesday as news of the "
                       "ambush spread. No group had claimed the attack by Wednesday.",
                       gazetteer=gaz, published="2023-06-22")
    assert len(res.incidents) == 1 and "Afar" in res.incidents.loc[0, "place_name"]


def test_wars_breaking_out_and_feared_raids_are_no_incidents(gaz):
    res = extract_text("Rockets hit a market in Kirkuk on Friday. The war, which broke out in "
                       "April last year, has killed thousands across Sudan. Families left "
                       "Tikrit for Samarra, fearing further raids.", gazetteer=gaz,
                       published="2024-06-19")
    assert res.incidents["place_name"].tolist() == ["Kirkuk"]


def test_more_count_and_casualty_phrasings(gaz):
    from geoincidents.extract.counts import munition_counts

    # drones "flown at" a target were launched at it
    assert munition_counts("Six small drones were flown at the airfield before dawn.") == \
        {"n_fired": 6}
    # a bare number after the verb, then a phrase of time
    c = casualties("The shelling killed four herders and wounded 11 on Tuesday.")
    assert (c.killed, c.injured) == (4, 11)
    # "the other two" after a sentence that counted the munitions
    res = extract_text("Five rockets were fired at a base near Kirkuk on Friday. The other two "
                       "were intercepted over the desert; three landed inside the base.",
                       gazetteer=gaz, published="2023-06-19")
    assert res.incidents.loc[0, "n_intercepted"] == 2
    # ... but people who are "the other two" are counted as no munition
    res = extract_text("Rockets hit a base near Kirkuk on Friday. Two guards were hurt; the "
                       "other two were sent home.", gazetteer=gaz, published="2023-06-19")
    assert pd.isna(res.incidents.loc[0, "n_fired"])


def test_a_month_last_year_is_last_years(gaz):
    import datetime as dt

    from geoincidents.extract.dates import find_dates

    got = find_dates("In May last year a mine killed two herders.", dt.date(2023, 9, 13))
    assert [(d.text, d.date) for d in got] == [("In May last year", dt.date(2022, 5, 1))]
    got = find_dates("in October this year", dt.date(2023, 9, 13))
    assert [d.date for d in got] == [dt.date(2023, 10, 1)]


def test_a_dateline_is_where_the_story_was_filed(gaz):
    res = extract_text("ERBIL, Iraq - A drone struck a checkpoint outside Kirkuk on Monday, "
                       "officials said.", gazetteer=gaz, published="2023-06-21")
    assert res.incidents["place_name"].tolist() == ["Kirkuk"]
    # with no other place, the story's country, not the city it was filed from
    res = extract_text("ERBIL, Iraq - Warplanes struck targets in two northern provinces on "
                       "Monday, the army said.", gazetteer=gaz, published="2023-06-21")
    assert res.incidents["place_name"].tolist() == ["Iraq"]


def test_the_day_before_the_day_it_was_said(gaz):
    res = extract_text("Police in Kirkuk found three rockets and a launcher in an orchard the "
                       "day before, foiling an attack on the airport, an officer said on "
                       "Friday.", gazetteer=gaz, published="2024-03-16")
    assert res.incidents["date"].tolist() == [pd.Timestamp("2024-03-14")]


def test_a_states_weapons_name_it_as_the_attacker():
    assert actors("Turkish drones hit a fuel depot near the border on Sunday.",
                  "drone_strike") == [("Turkey", "involved")]
    assert actors("Air defences downed eight of the ten Russian missiles.", "rocket_attack") \
        == [("Russia", "involved")]
    # aircraft scrambled or stationed somewhere attack nobody; a people is no state
    assert actors("Polish aircraft were scrambled as a precaution.", "drone_strike") == []
    assert ("Iraq", "involved") not in actors("Kurdish drones struck the depot.", "drone_strike")
