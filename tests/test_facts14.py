"""Killed, injured and munition counts (issue 18, facts14 round): kinds of error left on
the tuning sets, each in sentences written for these tests, with paraphrases of each
construction (the rules read a kind of text, not one article's words)."""

from __future__ import annotations

import pytest

from geoincidents.extract import parsed
from geoincidents.extract.casualties import casualties


def _read(text: str):
    return casualties(text, parsed.parse([text])[0])


def _counts(text: str) -> dict[str, int]:
    from geoincidents.extract import count_parse, counts

    got = counts.munition_counts(text)
    for role, n in count_parse.parse_counts(parsed.parse([text])[0]).items():
        got[role] = max(got.get(role, 0), n)
    return got


@pytest.mark.parametrize("text, killed, injured", [
    # ages in apposition are no count of victims
    ("Two men aged 61 and 70 were killed and five people were injured on Sunday.", 2, 5),
    ("Three residents, aged between 20 and 45, were hurt when the shell landed.", None, 3),
    ("A woman aged 34 was killed when the drone hit her house.", 1, None),
    ("Two brothers, aged 9 and 12, were wounded by the blast.", None, 2),
    # a bare figure before its casualty word, paired with the other kind
    ("By nightfall the ministry had raised it to eleven killed and 23 wounded.", 11, 23),
    ("Six dead, 14 hurt as car bomb rips through market.", 6, 14),
    ("The hospital said it had received four dead and 12 injured.", 4, 12),
    ("The toll rose to nine killed and 17 wounded.", 9, 17),
    ("Officials counted at least seven dead and 30 wounded.", 7, 30),
    # "that figure" corrected, revised or put at a new number: the kind told before it
    ("Shells hit the square, wounding two people; officials later corrected that figure "
     "to five.", None, 5),
    ("Medics first counted six dead, then revised the figure to eight.", 8, None),
    ("The strike killed three, and the governor later put the number at four.", 4, None),
])
def test_casualty_kinds(text, killed, injured):
    got = _read(text)
    assert (got.killed, got.injured) == (killed, injured), got.notes


@pytest.mark.parametrize("text, killed, attackers_killed", [
    # victims listed before a group of the attackers are still victims
    ("Three militiamen and one of the attackers were killed during the raid.", 3, 1),
    ("A guard, two drivers and four of the raiders were killed in the gunfight.", 3, 4),
    ("Two soldiers and two of the gunmen died when the post was stormed.", 2, 2),
])
def test_victims_listed_with_attackers(text, killed, attackers_killed):
    got = _read(text)
    assert (got.killed, got.attackers_killed) == (killed, attackers_killed), got.notes


@pytest.mark.parametrize("text, expected", [
    # munitions with (in, on) a launcher or vehicle that was found or seized
    ("Army units found a launcher with one unfired rocket still in its rail in an orchard.",
     {"n_seized": 1}),
    ("Soldiers seized a truck with twelve rockets near the border.", {"n_seized": 12}),
    ("Police recovered a launcher with two unused mortar shells.", {"n_seized": 2}),
    ("A pickup with five rockets loaded on its bed was found by police.", {"n_seized": 5}),
    # (nothing seized: the munitions of a vehicle hit or of an attack are no seizure)
    ("An airstrike hit a truck with ten rockets.", {}),
])
def test_munitions_with_what_was_seized(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize("text, injured", [
    # patients in hospital are the wounded (those treated for shock are not)
    ("The ministry said 21 people were receiving hospital treatment.", 21),
    ("Nine people were being treated in hospital, a doctor said.", 9),
    ("Four soldiers remained in hospital on Friday.", 4),
    ("Doctors said three children were under medical care at a clinic.", 3),
    ("The hospital said 14 people were receiving treatment for shock.", None),
    ("Six people were being treated in hospital for shock.", None),
    # (auxiliaries "being", "still", "now"; a hospital with a name or an adjective)
    ("Eleven people were still being treated for their wounds.", 11),
    ("Two guards are now being treated for burns.", 2),
    ("Three other people, among them a baker, were taken to the city's teaching hospital "
     "with shrapnel wounds.", 3),
    ("Four people were airlifted to a military hospital.", 4),
    ("Two women were taken to the central hospital suffering from shock.", None),
])
def test_patients_are_the_injured(text, injured):
    assert _read(text).injured == injured


# --- a total told for several sites, then each site's own toll in one sentence ---

_SPLIT = """Date: 2025-05-06

Air strikes hit two towns in Salahuddin

BAGHDAD, May 6 - Aircraft bombed two towns in Salahuddin province on Monday, killing
nine people, provincial officials said.

The officials said the jets hit a house in Tikrit, killing four, and a farm near
Samarra, killing five.
"""

_SPLIT2 = """Date: 2025-05-06

Strikes on two towns

IDLIB, May 6 - Warplanes struck two towns in Idlib province on Monday, wounding eleven
civilians.

The raids hit a market in Ariha, wounding six, and a school in Saraqib, wounding five,
a doctor said.
"""


@pytest.mark.parametrize("article, kind, expected", [
    (_SPLIT, "killed", [4, 5]),
    (_SPLIT2, "injured", [5, 6]),
])
def test_a_total_of_several_sites_is_split(gaz, article, kind, expected):
    """Each site keeps its own figure; none keeps the total of both."""
    from geoincidents.extract import extract_text

    rows = extract_text(article, gazetteer=gaz).incidents
    got = sorted(int(n) for n in rows[kind].dropna())
    assert got == expected, rows[["place_name", kind, "casualty_notes"]].to_string()


# --- "the other four came down": a landing beside an interception, no munition named ---

@pytest.mark.parametrize("text, expected", [
    ("One of the five was shot down by the base's defences and the other four came down "
     "in open ground outside the perimeter.", {"n_intercepted": 1, "n_landed": 4}),
    ("Two were shot down and the remaining three came down inside the camp.",
     {"n_intercepted": 2, "n_landed": 3}),
    ("Both were intercepted, and the other one came down near the runway.",
     {"n_intercepted": 2, "n_landed": 1}),
])
def test_the_rest_landed(text, expected):
    from types import SimpleNamespace

    from geoincidents.extract import sentence_counts

    f = SimpleNamespace(etype=None, counts={})
    sentence_counts.read(f, text, parsed.parse([text])[0])
    got = {k: v for k, v in f.counts.items() if k != "n_fired"}
    assert got == expected


# --- a number word with its numeral in apposition ---

@pytest.mark.parametrize("text, killed, injured", [
    ("The blast killed five (5) people and injured twelve (12) others.", 5, 12),
    ("Two (2) soldiers were wounded at the gate.", None, 2),
])
def test_numerals_in_apposition_casualties(text, killed, injured):
    got = _read(text)
    assert (got.killed, got.injured) == (killed, injured), got.notes


@pytest.mark.parametrize("text, expected", [
    ("Militants fired three (3) rockets at the base.", {"n_fired": 3}),
    ("Two (2) drones were shot down and one (1) hit the hangar.",
     {"n_intercepted": 2, "n_landed": 1}),
])
def test_numerals_in_apposition_counts(text, expected):
    assert _counts(text) == expected


_COLON_LIST = """Date: 2025-05-06

Strikes hit two towns in Salahuddin

BAGHDAD, May 6 - Officials said the air strikes on Monday killed seven civilians: four
farmers when a house in Tikrit was destroyed, and three shepherds near Samarra.
"""

_COLON_LIST2 = """Date: 2025-05-06

Shelling hits two towns in Salahuddin

BAGHDAD, May 6 - Shelling on Monday wounded nine people: five in a market in Tikrit, and
four at a school near Samarra, the provincial governor said.
"""


@pytest.mark.parametrize("article, kind, expected", [
    (_COLON_LIST, "killed", [3, 4]),
    (_COLON_LIST2, "injured", [4, 5]),
])
def test_a_total_and_its_list_of_parts(gaz, article, kind, expected):
    from geoincidents.extract import extract_text

    rows = extract_text(article, gazetteer=gaz).incidents
    got = sorted(int(n) for n in rows[kind].dropna())
    assert got == expected, rows[["place_name", kind, "casualty_notes"]].to_string()
