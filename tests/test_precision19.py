"""False incidents of new text (branch precision19): an area named with a possessive
("X region's Y township") is the setting of the smaller place, not a second site.

The texts are written for these tests.
"""

from __future__ import annotations

from geoincidents.extract import place_roles
from tests.extracting import rows as _rows


def test_possessive_area_is_named_administrative():
    assert place_roles.admin_named("Sagaing", " region's Kanbalu township")
    assert place_roles.admin_named("Sagaing", " region’s Kanbalu township")
    assert place_roles.admin_named("Helmand", " province, where")
    assert not place_roles.admin_named("Kanbalu", " township on Monday")


def test_possessive_area_gives_no_second_incident(gazetteer):
    text = ("Jets bomb market in Kanbalu\n\nPublished: 2026-11-04\n\n"
            "CHIANG MAI, Thailand - Warplanes bombed a market in Sagaing region's Kanbalu "
            "township on Monday, killing nine people, a local official said.\n")
    got = _rows(gazetteer, text, "2026-11-04")
    assert len(got) == 1, got[["event_type", "place_name"]]
    assert got.loc[0, "place_name"] == "Kanbalu"


def test_struck_town_is_not_the_launch_town_named_before():
    # "the town" after a launch site "town of X" and a struck place: the struck one
    from geoincidents.extract.place_tokens import Mention
    from geoincidents.extract.place_resolve import _resolve_anaphors
    from geoincidents.gazetteer import Place

    def town(name, at, role):
        m = Mention(at, at + len(name), name, 0, "world")
        m.place = Place(place_id=name, name=name, kind="town", country="UA", lon=34.0,
                        lat=47.0, radius_m=2000.0, precision=1)
        m.role = role
        return m
    struck, launch = town("Nikopol", 10, "location"), town("Enerhodar", 60, "launch")
    the_town = Mention(120, 128, "the town", 1, "anaphor")
    the_town.role = "location"
    text = " " * 10 + "Nikopol" + " " * 20 + "the occupied town of " + "Enerhodar" + " " * 80
    from types import SimpleNamespace as S
    strike = [S(text="Rockets fired from the town of Enerhodar hit Nikopol."),
              S(text="On Monday, ten rockets struck the town's market.")]
    _resolve_anaphors([struck, launch, the_town], settings=False, text=text, sentences=strike)
    assert the_town.place.name == "Nikopol"
    # with no other town named, the launch town is still the antecedent
    lone = Mention(120, 128, "the town", 1, "anaphor")
    lone.role = "location"
    _resolve_anaphors([launch, lone], settings=False, text=text, sentences=strike)
    assert lone.place.name == "Enerhodar"
    # a search around "the town" after the launch town: the launch town
    search = [strike[0], S(text="Police set up checkpoints around the town.")]
    around = Mention(120, 128, "the town", 1, "anaphor")
    around.role = "location"
    _resolve_anaphors([struck, launch, around], settings=False, text=text, sentences=search)
    assert around.place.name == "Enerhodar"


def test_drones_that_came_from_a_place_were_launched_there():
    # "the drones had come \"from the direction of X\"" (a quote may open before "from"):
    # X is where they set out, a launch site, not a second place struck
    from geoincidents.extract.place_roles import _LAUNCH_BEFORE
    assert _LAUNCH_BEFORE.search('an aide said the drones had come "from the direction of ')
    assert _LAUNCH_BEFORE.search("the rockets came from ")
    assert _LAUNCH_BEFORE.search("two shells fired “from the outskirts of ")
    assert not _LAUNCH_BEFORE.search("the minister flew to ")


def _cue_records():
    from geoincidents.extract import lexicon
    return lexicon.records("place_cues")


def test_each_destination_cue_reads_its_example():
    from geoincidents.extract.place_roles import _RETREAT_BEFORE
    for rec in _cue_records():
        text = rec["example"]
        assert _RETREAT_BEFORE.search(text[:text.index(rec["place"])]), rec


def test_where_troops_withdrew_to_is_no_second_battle(gazetteer):
    text = ("Militants overrun army base\n\nPublished: 2026-09-02\n\n"
            "MAIDUGURI, Nigeria - Insurgents stormed the army base at Marte on Monday and "
            "fought the soldiers for hours before the troops withdrew towards Dikwa. "
            "Nine soldiers were killed, an officer said.\n")
    got = _rows(gazetteer, text, "2026-09-02")
    assert list(got["place_name"]) == ["Marte"], got[["event_type", "date", "place_name"]]


def test_a_count_of_clashes_is_no_event():
    from geoincidents.extract import triggers
    assert triggers.generic("By one count there were more than 40 armed clashes around "
                            "the capital last year, most of them short.")
    assert triggers.generic("Dozens of clashes between rival units have been logged.")
    assert not triggers.generic("Clashes broke out near the port on Sunday.")


def test_a_tally_of_clashes_gives_no_incident(gazetteer):
    text = ("Militias jostle for the capital\n\nPublished: 2026-03-02\n\n"
            "TRIPOLI, Libya - Rival armed groups keep a wary truce in the Libyan capital. "
            "A monitoring group based in Misrata says there were more than 40 armed clashes "
            "in and around Tripoli in 2025, most of them over within hours.\n")
    got = _rows(gazetteer, text, "2026-03-02")
    assert got.empty, got[["event_type", "date", "place_name"]]


def test_the_aim_of_a_foiled_launch_is_no_second_incident(gazetteer):
    from geoincidents.extract.place_roles import _TARGET_BEFORE
    assert _TARGET_BEFORE.search("police defused them before they could be fired at ")
    text = ("Rockets found near Tarmiyah\n\nPublished: 2026-04-15\n\n"
            "BAGHDAD - Soldiers found four rockets rigged on a timer in an orchard outside "
            "Tarmiyah on Tuesday and defused them before they could be launched at Balad Air "
            "Base, the army said. The rockets were pointing north at the base, an officer "
            "said.\n")
    got = _rows(gazetteer, text, "2026-04-15")
    assert len(got) == 1, got[["event_type", "date", "place_name"]]
    assert got.loc[0, "event_type"] == "thwarted"


def test_a_habit_is_no_event(gazetteer):
    from geoincidents.extract import triggers
    assert triggers.generic('The militants had been firing mortars at the port "nearly '
                            'daily" since spring.')
    assert triggers.generic("Shells fell on the market almost weekly last year.")
    assert not triggers.generic("A weekly market was hit by a shell on Monday.")
    text = ("Mortars hit Mogadishu\n\nPublished: 2026-07-28\n\n"
            "MOGADISHU, Somalia - A mortar round struck a market near the port on Monday, "
            "wounding six people, police said.\n\n"
            "A police officer said al-Shabaab had been lobbing mortars at the airport zone "
            "\"almost weekly\" this year.\n")
    got = _rows(gazetteer, text, "2026-07-28")
    assert len(got) == 1, got[["event_type", "date", "place_name"]]


def test_a_site_measured_from_the_place_a_lead_gave_is_that_event(gazetteer):
    # the lead places the bombing only "south of X"; the body names the town, measured
    # from X, the same day: one incident, at the town
    text = ("Bomb kills soldiers near Qayyarah\n\nPublished: 2026-05-06\n\n"
            "BAGHDAD - A roadside bomb killed three soldiers south of Mosul on Tuesday, "
            "officials said.\n\n"
            "On Tuesday, an army truck on a dirt road near Qayyarah, roughly 60 km south of "
            "Mosul, struck a buried bomb, an officer said.\n")
    got = _rows(gazetteer, text, "2026-05-06")
    assert len(got) == 1, got[["event_type", "date", "place_name"]]
    assert got.loc[0, "place_name"] != "Mosul"
