"""False incidents of new text, by kind (branch precision20): a sentence linking two told
events ("X was followed by Y"), a denied report told in the passive, a newsroom's
correction, the purpose of a called strike, a tactic's course, a reference place in a
description ("X, a town bordering Y"), a claim naming the told munitions ("both drones"),
and a lead's summary of the weekend's attacks.

The texts are written for these tests.
"""

from __future__ import annotations

from geoincidents.extract import dates, triggers
from tests.extracting import rows as _rows


def _told(got) -> list[tuple[str, str]]:
    return [(r.event_type, r.place_name) for r in got.itertuples()]


def test_a_told_event_that_followed_refers_back():
    # the event word names only the event told before: what followed is told next
    assert triggers.refers_back("The barrage followed a deadlier incident on Friday.")
    assert triggers.refers_back("The bombing in Gao was followed, late on Friday, by "
                                "gunfire far to the north.") is False  # (its own event word)
    # its own event word is the new one's: "air strikes", not the told shelling
    assert triggers.trigger("The shelling in Gao was followed, late on Friday, by air "
                            "strikes far to the north.")[0] == "airstrike"
    assert triggers.trigger("The shelling in Gao was followed by air strikes.")[0] == \
        "airstrike"
    # a sentence telling its own event is no back-reference
    assert not triggers.refers_back("Rockets hit the base on Friday.")


def test_followed_sentence_makes_no_twin(gazetteer):
    text = ("Shells hit Tessit; jets strike Ansongo\n\nPublished: 2026-05-13\n\n"
            "TESSIT, Mali - Mortar shells landed in a market in Tessit on Sunday afternoon, "
            "killing three traders, residents said.\n\n"
            "The shelling in Tessit was followed, late on Monday, by air strikes far to the "
            "south.\n\n"
            "Residents of Ansongo said aircraft hit two houses on the edge of Ansongo around "
            "midnight on Monday, killing five people.\n")
    got = _rows(gazetteer, text, "2026-05-13")
    assert len(got) == 2, _told(got)
    assert set(got.event_type) == {"rocket_attack", "airstrike"}


def test_salvo_followed_an_incident_is_no_new_rocket_attack(gazetteer):
    text = ("Rockets hit airbase\n\nPublished: 2026-04-09\n\n"
            "Four rockets struck the Bayji refinery compound on Wednesday night, officials "
            "said, a day after a roadside bomb killed a soldier near Samarra.\n\n"
            "The salvo followed a deadlier incident on Tuesday. A bomb hidden under a bridge "
            "exploded as a patrol passed near Samarra, killing one soldier, police said.\n")
    got = _rows(gazetteer, text, "2026-04-09")
    assert sorted(got.event_type) == ["ied", "rocket_attack"], _told(got)


def test_report_denied_in_the_passive_is_no_event(gazetteer):
    text = ("Drone hits village\n\nPublished: 2026-02-11\n\n"
            "A drone dropped a grenade on a house in Moirang on Monday night, wounding two "
            "people, police said.\n\n"
            "A report on social media that a bomb had exploded at a bus stand in Kakching on "
            "Tuesday was denied by the district police, who said the noise was a tyre "
            "bursting.\n")
    got = _rows(gazetteer, text, "2026-02-11")
    assert "Kakching" not in set(got.place_name), _told(got)
    assert len(got) == 1


def test_correction_of_an_earlier_version_is_no_event(gazetteer):
    text = ("Drones hit army post\n\nPublished: 2026-06-02\n\n"
            "Drones carrying explosives struck an army post in Tibu on Sunday night, wounding "
            "two soldiers, the army said.\n\n"
            "CORRECTION (June 2, 2026): An earlier version of this story said the post hit "
            "by drones was in Sardinata. The post is in Tibu.\n")
    got = _rows(gazetteer, text, "2026-06-02")
    assert "Sardinata" not in set(got.place_name), _told(got)
    assert len(got) == 1


def test_purpose_of_a_called_strike_is_no_protest(gazetteer):
    text = ("Bomb kills four in Bannu\n\nPublished: 2026-03-04\n\n"
            "A bomb exploded at a police post in Bannu on Tuesday, killing four policemen, "
            "officials said.\n\n"
            "Shopkeepers in Bannu called a strike for Wednesday to protest against the "
            "killings.\n")
    got = _rows(gazetteer, text, "2026-03-04")
    assert "protest" not in set(got.event_type), _told(got)


def test_a_tactics_course_is_no_event(gazetteer):
    text = ("Drone kills farmer\n\nPublished: 2026-08-20\n\n"
            "A drone dropped explosives on a field near Moirang on Tuesday, killing a "
            "farmer, police said.\n\n"
            "The use of drones to drop explosives first appeared in the region in 2023.\n")
    got = _rows(gazetteer, text, "2026-08-20")
    assert len(got) == 1, _told(got)


def test_town_described_as_bordering_a_city_is_located_by_it():
    # "Jamundi, a municipality bordering Cali": the second place says where the first is
    from geoincidents.extract import place_roles

    gap = place_roles._DESCRIBED_NEAR_GAP
    assert gap.fullmatch(", a municipality bordering ")
    assert gap.fullmatch(", the oil town south-west of ")
    assert gap.fullmatch(", a district neighbouring ")
    assert not gap.fullmatch(" and ")
    # "about 60 km north-west of the regional capital Maroua": a reference by distance
    assert place_roles._REFERENCE_BEFORE.search("about 60 km north-west of the regional "
                                                "capital ")


def test_claim_of_both_drones_is_the_told_attack():
    assert triggers.told_munition("saying it had launched both drones")
    assert not triggers.told_munition("saying it had launched another drone")


def test_over_the_weekend_is_the_weekend_before_publication():
    import datetime as dt

    found = dates.find_dates("suffered two attacks over the weekend", dt.date(2026, 3, 25))
    assert found and found[0].date == dt.date(2026, 3, 22) and found[0].precision == 2
    # "at the weekend" is often the coming one: no date
    assert not dates.find_dates("will travel at the weekend", dt.date(2026, 3, 25))
