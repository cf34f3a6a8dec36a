"""Counts and casualties of the kinds the facts3 round found (issue 18), in new words: a
revised toll that counts the wounded who died, ranges after "killing", a name set beside
the first victim, qualifiers joined by "or", a dateline's day before a count, ranks,
"escaped with injuries", "neither attack caused casualties", and munitions "more" than
those told before."""

from __future__ import annotations

import pytest

from geoincidents.extract import counts
from geoincidents.extract.casualties import casualties
from geoincidents.extract.toll import Casualties

CASUALTIES = [
    ("The bombing near the bazaar killed between three and five shoppers.", 3, None),
    ("Rebels ambushed the patrol, killing the battalion commander, Idris Musa, and two of "
     "his drivers.", 3, None),
    ("No Canadian or Danish troops were hurt in the blast.", 0, 0),
    ("HERAT, Afghanistan, May 30 - Four guards were wounded when the gate was hit.", None, 4),
    ("Herders said the raiders shot dead nine people near the well.", 9, None),
    # (two privates were wounded: read since facts4, any noun a wounding verb is said of)
    ("The mortar round killed a sergeant and wounded two privates.", 1, 2),
    ("Three police officers escaped with light injuries.", None, 3),
    ("Neither strike caused casualties, the ministry said.", 0, 0),
    ("Between 15-20 people were wounded in the stampede.", None, 15),
    ("Three Kenyans, a Tanzanian and two Britons were injured in the crash.", None, 6),
    ("The shell killed a mother and her two sons.", 3, None),
    ("Local reporter Farid Sultani was shot dead near his office.", 1, None),
    ("Omar Said and Hani Yousef were killed when the shell hit.", 2, None),
]


@pytest.mark.parametrize("text, killed, injured", CASUALTIES)
def test_casualties(text, killed, injured):
    got = casualties(text)
    assert (got.killed, got.injured) == (killed, injured), got.notes


def test_a_range_keeps_its_lower_bound_with_a_note():
    got = casualties("The bombing near the bazaar killed between three and five shoppers.")
    assert "range" in "; ".join(got.notes)


def test_a_revised_toll_counts_the_wounded_who_died():
    """"killing two and wounding ten" then "the toll rose to five after three of the wounded
    died": five killed and seven injured, not eight killed."""
    first = casualties("The blast killed two porters and wounded ten others.")
    later = casualties("The toll rose to five, officials said, after three of the wounded "
                       "had died in hospital.")
    assert (later.killed, later.died_later) == (5, 3)
    first.merge(later)
    assert (first.killed, first.injured) == (5, 7)
    # with no new toll, the deaths are added: "One of them later died"
    told = Casualties(killed=2, injured=10)
    told.merge(casualties("Four of the wounded later died."))
    assert (told.killed, told.injured) == (6, 6)


@pytest.mark.parametrize("text, more", [
    ("Two more drones crashed into a field.", True),
    ("Another three rockets were found near the road.", True),
    ("Three rockets hit the base.", False),
    ("Two more people were hurt.", False),
])
def test_only_more(text, more):
    assert counts.only_more(text) is more


def test_more_munitions_add_to_those_told_before(tmp_path):
    from geoincidents.extract import read_articles
    from geoincidents.gazetteer import Gazetteer

    path = tmp_path / "a.txt"
    path.write_text("Date: 2023-03-02\n\nMissiles hit Balad Air Base\n\n"
                    "BALAD, Iraq, March 2 - Seven missiles slammed into Balad Air Base on "
                    "Wednesday night, officials said. Three more missiles came down in "
                    "orchards outside the perimeter.\n", encoding="utf-8")
    rows = read_articles(path, gazetteer=Gazetteer.load(())).incidents
    assert len(rows) == 1
    assert (rows.iloc[0].n_landed, rows.iloc[0].n_fired) == (10, 10)


def _counted(text: str) -> dict[str, int]:
    """Counts of one sentence as `facts` reads them: the larger of the window reader's and
    the parse's, per role."""
    from geoincidents import nlp
    from geoincidents.extract import count_parse

    out = counts.munition_counts(text)
    for role, n in count_parse.parse_counts(nlp.parse(text)[:]).items():
        out[role] = max(out.get(role, 0), n)
    return out


@pytest.mark.parametrize("text, expected", [
    # a range keeps its lower bound
    ("Between 6 and 9 mortar shells were fired at the outpost.", {"n_fired": 6}),
    ("Eight to ten rockets were fired at the airport.", {"n_fired": 8}),
    # a bare number of a landing verb, in a sentence naming the munitions
    ("Guards shot down four of the six drones, while two hit a warehouse.",
     {"n_fired": 6, "n_intercepted": 4, "n_landed": 2}),
    # "two more" in the same sentence adds to the munitions told
    ("Six rockets slammed into the camp and two more came down in a river.",
     {"n_landed": 8}),
])
def test_counts(text, expected):
    got = _counted(text)
    assert {k: got.get(k) for k in expected} == expected, got


def test_a_headline_counts_roles_the_body_does_not(tmp_path):
    """The title's "none intercepted" is read; its "Five rockets fired" is not taken over
    the body's landed ones (eight fired: six landed and two more)."""
    from geoincidents.extract import read_articles
    from geoincidents.gazetteer import Gazetteer

    path = tmp_path / "a.txt"
    path.write_text("Date: 2022-04-06\n\nFive rockets fired at Balad Air Base; none intercepted"
                    "\n\nBALAD, Iraq, April 6 - Six rockets slammed into Balad Air Base on "
                    "Tuesday evening, officials said. Two more rockets came down in farmland "
                    "nearby.\n", encoding="utf-8")
    rows = read_articles(path, gazetteer=Gazetteer.load(())).incidents
    assert len(rows) == 1
    row = rows.iloc[0]
    assert (row.n_intercepted, row.n_landed, row.n_fired) == (0, 8, 8)


def test_none_intercepted():
    assert counts.munition_counts("None of the rockets was intercepted.") == \
        {"n_intercepted": 0}
    assert "n_intercepted" not in counts.munition_counts("None of the rockets exploded.")


def test_a_toll_revised_down_replaces_the_first():
    told = casualties("The blast killed seven people, police said.")
    told.merge(casualties("The ministry later revised the death toll down to four."))
    assert told.killed == 4
    told.merge(casualties("Two more people were killed in the crush."))
    assert told.killed == 4  # a smaller figure of a later sentence is no revision
