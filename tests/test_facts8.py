"""Killed, injured and munition counts (issue 18, facts8 round), in sentences written for
these tests. First the casualty convention of docs/heldout.md "Labelling conventions": the
attackers' own dead and wounded are told apart and added to the toll; a suicide bomber
killed by his own charge is never counted."""

from __future__ import annotations

import pytest

from geoincidents.extract import extract_text, parsed
from geoincidents.extract.casualties import casualties


def _read(text: str):
    return casualties(text, parsed.parse([text])[0])


@pytest.mark.parametrize("text, killed, injured, attackers_killed, attackers_injured", [
    # the attackers' dead and wounded, told apart
    ("Both of the raiders' cars were burnt out and the three assailants were shot dead by "
     "a border patrol.", None, None, 3, None),
    ("Soldiers killed nine of the gunmen during the counter-attack that followed.",
     None, None, 9, None),
    ("Two of the assailants were wounded and later arrested at a clinic.",
     None, None, None, 2),
    ("Two policemen and three gunmen died in the exchange of fire at the checkpoint.",
     2, None, 3, None),
    ("Police shot the attacker dead after he stabbed a guard.", None, None, 1, None),
    ("Gunmen shot two farmers dead in their field.", 2, None, None, None),
    ("Gunmen shot two farmers in their field.", None, None, None, None),
    ("The attacker was killed by a security guard outside the bank.", None, None, 1, None),
    # a bomber killed by his own charge: never counted
    ("The bomber died in the explosion and four worshippers were wounded.", None, 4, None,
     None),
    ("A woman detonated her vest near the bus stop, killing eleven people, including the "
     "bomber.", 10, None, None, None),
    # shot before his charge went off, he is counted
    ("Guards shot dead the would-be bomber before he could reach the gate.", None, None, 1,
     None),
])
def test_attackers_told_apart(text, killed, injured, attackers_killed, attackers_injured):
    got = _read(text)
    assert (got.killed, got.injured, got.attackers_killed, got.attackers_injured) == \
        (killed, injured, attackers_killed, attackers_injured), got.notes
    if attackers_killed or attackers_injured:
        assert any("attackers: added to the toll" in n for n in got.notes), got.notes


_ARTICLE = """Date: 2025-04-06

Gunmen storm customs post near Torkham

JALALABAD, April 6 - Gunmen attacked a customs post near the Torkham crossing on Saturday,
killing two customs officers and a truck driver, a provincial spokesman said.

Border police returned fire and killed all five of the attackers, the spokesman added. Four
officers were wounded.
"""

_BOMBING = """Date: 2025-04-09

Suicide bombing at market

KANDAHAR, April 9 - A suicide bomber blew himself up in a crowded market in Kandahar
on Tuesday, killing six shoppers and wounding 14, police said. The bomber was also killed.
"""


def test_attackers_added_to_the_incident_toll(gaz):
    res = extract_text(_ARTICLE, gazetteer=gaz)
    row = res.incidents.iloc[0]
    assert (row["killed"], row["injured"]) == (8, 4), row["casualty_notes"]
    assert "attackers: added to the toll" in row["casualty_notes"]


def test_a_bombers_own_death_is_not_counted(gaz):
    res = extract_text(_BOMBING, gazetteer=gaz)
    row = res.incidents.iloc[0]
    assert (row["killed"], row["injured"]) == (6, 14), row["casualty_notes"]


# --- counts and casualties kinds from the tuning sets' failures (new sentences) ---

def _counts(text: str) -> dict[str, int]:
    from geoincidents.extract import count_parse, counts

    got = counts.munition_counts(text)
    for role, n in count_parse.parse_counts(parsed.parse([text])[0]).items():
        got[role] = max(got.get(role, 0), n)
    return got


@pytest.mark.parametrize("text, expected", [
    # the particle after the object: an interception, no firing
    ("Gunners on the frigate shot one of them down before it reached the harbour.",
     {"n_intercepted": 1}),
    ("Border guards shot three drones down over the river on Friday.", {"n_intercepted": 3}),
    ("The crew brought two of the missiles down with deck guns.", {"n_intercepted": 2}),
    # (a firing stays one)
    ("Fighters shot four rockets at the outpost from a ridge.", {"n_fired": 4}),
])
def test_counts_of_split_verbs(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize("text, killed, injured", [
    # a past killing named as a time or a cause: no victim of this sentence
    ("Protests have flared in the town since the killing of Amir Haddadi last spring.",
     None, None),
    ("The militia vowed revenge for the killing of Commander Tariq Jaber.", None, None),
    # (a killing told of this event still names its victim)
    ("A sniper killed the district chief Rahim Sharifi outside his office.", 1, None),
    # none hurt, told of the munitions themselves
    ("Neither shell caused casualties, a police spokesman said.", 0, 0),
    ("None of the rockets caused any casualties.", 0, 0),
])
def test_casualty_kinds(text, killed, injured):
    got = _read(text)
    assert (got.killed, got.injured) == (killed, injured), got.notes


@pytest.mark.parametrize("text, expected", [
    # drones dropping charges: the drones count, not their charges
    ("A quadcopter dropped three grenades on the police post at dusk.", {"n_fired": 1}),
    ("Four small drones dropped mortar bombs on the barracks overnight.", {"n_fired": 4}),
    ("Police said two drones had dropped explosives on the checkpoint.", {"n_fired": 2}),
])
def test_drones_dropping_charges_count_the_drones(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize("text, killed, injured", [
    # the victims listed after their casualty word
    ("The dead included four Nepalis and a Bangladeshi, the embassy said.", 5, None),
    ("Killed were three guards and a cook.", 4, None),
    ("Among the wounded were six pupils and their teacher.", None, 7),
    ("Those killed included a local judge and his driver.", 2, None),
    # nobody, with both words
    ("Nobody was killed or wounded when the shell struck the yard.", 0, 0),
    # an event set beside its victim is no second victim
    ("Gunmen killed a shopkeeper, an attack the police blamed on a local gang.", 1, None),
])
def test_victims_listed_and_none(text, killed, injured):
    got = _read(text)
    assert (got.total("killed"), got.total("injured")) == (killed, injured), got.notes


_DATED_BY_ANOTHER = """Date: 2025-05-14

Drones hit police post in Toribio

CALI - Three drones dropped explosives on a police post in the town of Toribio, in the
south-western department of Cauca, on Tuesday night, wounding two officers, police said,
a day after a car bomb killed four people in the department's capital.
"""


def test_a_toll_of_the_event_a_sentence_dates_itself_by_is_not_its_own(gaz):
    # (the drones counted, the area the town lies in no second site: the counts and the
    # wounded are the post's; the car bomb's dead are not)
    res = extract_text(_DATED_BY_ANOTHER, gazetteer=gaz)
    rows = res.incidents
    post = rows[rows["event_type"] == "drone_strike"].iloc[0]
    assert (post["n_fired"], post["injured"]) == (3, 2), post["casualty_notes"]
    assert "four people" not in post["casualty_notes"], post["casualty_notes"]


@pytest.mark.parametrize("text, expected", [
    # "all of them" / "both of them" after a count of the same sentence
    ("Nine drones were launched at the refinery; gunners destroyed all of them.",
     {"n_fired": 9, "n_intercepted": 9}),
    ("Three missiles were fired at the frigate and its crew shot down all of them.",
     {"n_fired": 3, "n_intercepted": 3}),
    ("Two drones were sent towards the harbour and the navy intercepted both of them.",
     {"n_fired": 2, "n_intercepted": 2}),
])
def test_all_of_them_in_the_same_sentence(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize("text, killed", [
    ("The landslide of fire from the depot claimed 14 lives, the mayor said.", 14),
    ("The ambush cost at least six lives.", 6),
    # (a claim of attacks is no toll)
    ("The militia claimed two attacks on the airport.", None),
])
def test_lives_claimed(text, killed):
    assert _read(text).total("killed") == killed
