"""Battles (issue 18, branch battle): ACLED's "Battles / Armed clash" for clashes, gun
battles, exchanges of fire, armed assaults and ambushes on posts, bases, checkpoints and
convoys, and a group seizing or overrunning a town, post or base; remote weapons keep
their own types and attacks on unarmed civilians stay "other".

Sentences are generated from the battle records of `rules/triggers.jsonl` (every record's
own example is checked in test_extract_rules.py); the articles are written for these tests.
`tests/data/battle_unseen/` was written and labelled before the rules changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geoincidents import event_types
from geoincidents.evaluate import evaluate
from geoincidents.extract import lexicon
from geoincidents.extract.triggers import event_type
from tests.extracting import rows as _rows

DATA = Path(__file__).parent / "data"
BATTLE_RULES = [r for r in lexicon.records("triggers") if r["type"] == "battle"]

# the same event told in other settings: a day first, a source after, a toll after
_FRAMES = ["{s}", "On Tuesday, {l}", "Officials said that {l}", "{s0}, killing four soldiers.",
           "{s0} on Sunday night, a military source told reporters."]


def _framed(example: str) -> list[str]:
    s0 = example.rstrip(".")
    lower = example[0].lower() + example[1:]
    return [f.format(s=example, l=lower, s0=s0) for f in _FRAMES]


def test_there_are_battle_rules_and_battle_is_registered():
    assert len(BATTLE_RULES) >= 6
    assert "battle" in event_types.names()


@pytest.mark.parametrize("rec", BATTLE_RULES, ids=lambda r: r["pattern"][:40])
def test_each_battle_rule_gives_battle_in_every_frame(rec):
    for sentence in _framed(rec["example"]):
        assert event_type(sentence) == "battle", sentence


_POSTS = ["a police post", "an army checkpoint", "a military base", "the barracks",
          "a police checkpost", "an army camp", "a police station"]


@pytest.mark.parametrize("verb, target", [(v, t) for v in ("attacked", "assaulted", "stormed")
                                          for t in _POSTS] +
                         [(v, t) for v in ("attacked", "assaulted")
                          for t in ("a supply convoy", "a border patrol")])
def test_an_armed_assault_on_a_post_base_or_convoy_is_a_battle(verb, target):
    assert event_type(f"Insurgents {verb} {target} near the river.") == "battle"


@pytest.mark.parametrize("target", ["an army patrol", "a police convoy", "a column of troops",
                                    "peacekeepers on the road"])
def test_an_ambush_of_soldiers_or_police_is_a_battle(target):
    assert event_type(f"Fighters on motorbikes ambushed {target} near the river.") == "battle"
    assert event_type("The patrol was ambushed near the river.") == "battle"


@pytest.mark.parametrize("text, etype", [
    # remote weapons keep their own types
    ("Rebels shelled an army post near the river.", "rocket_attack"),
    ("A drone attacked an army checkpoint near the river.", "drone_strike"),
    ("Militants attacked the base with rockets.", "rocket_attack"),
    ("Warplanes bombed rebel positions as fighting spread.", "airstrike"),
    ("A roadside bomb struck a convoy near the river.", "ied"),
    # gunmen against unarmed people, unspecified attacks: other this round
    ("Gunmen ambushed a minibus and killed four passengers.", "other"),
    ("Gunmen attacked a camp for displaced families.", "other"),
    ("Armed men shot dead six guests at a wedding.", "other"),
    ("Bandits kidnapped twenty pupils from a school.", "other"),
    # not events
    ("The two ministers clashed over the budget.", None),
    ("The bank is fighting inflation.", None),
])
def test_what_is_not_a_battle(text, etype):
    assert event_type(text) == etype


def test_battle_and_other_of_one_attack_may_join():
    assert event_types.groups_with("battle", "other")
    # clashes told in a protest story are the protest's
    assert event_types.groups_with("battle", "protest")
    assert not event_types.groups_with("battle", "airstrike")


def test_an_assault_told_first_as_an_attack_is_one_battle(gazetteer):
    # the second sentence has no place or day of its own: its toll joins the first's event,
    # and its words make the event a battle
    text = ("Gunmen opened fire on a police post in Dori late on Monday. Officers exchanged "
            "fire with them for almost two hours, and two constables were killed.")
    inc = _rows(gazetteer, text, "2023-03-07")
    assert list(inc["event_type"]) == ["battle"]
    assert list(inc["place_name"]) == ["Dori"] and list(inc["killed"]) == [2]


def test_an_ambush_of_troops_and_a_shooting_of_villagers_are_told_apart(gazetteer):
    text = ("Militants ambushed an army patrol outside Djibo on Saturday, killing five "
            "soldiers, security sources said.\n\n"
            "On Sunday, gunmen shot dead seven villagers at a market in Kaya.")
    inc = _rows(gazetteer, text, "2023-05-22")
    assert list(inc["event_type"]) == ["battle", "other"]
    assert list(inc["place_name"]) == ["Djibo", "Kaya"]


def test_an_overrun_base_and_a_mortar_attack_keep_their_types(gazetteer):
    text = ("Jihadist fighters overran a gendarmerie post in Dori before dawn on Thursday, "
            "killing nine gendarmes.\n\n"
            "Two days later, mortar rounds fell on the airport in Ouagadougou, causing no "
            "casualties.")
    inc = _rows(gazetteer, text, "2023-09-16")
    assert list(inc["event_type"]) == ["battle", "rocket_attack"]


def test_clashes_with_police_in_a_protest_story_are_the_protest(gazetteer):
    # the clashes are placed in a quarter of the town: they join the protest there
    text = ("Garment workers rallied in Dhaka on Tuesday to demand unpaid wages. Later in the "
            "day clashes with the police broke out in Motijheel and 15 people were hurt.")
    inc = _rows(gazetteer, text, "2023-05-17")
    assert list(inc["event_type"]) == ["protest"]


def test_battle_dev_set_stays_right(gazetteer):
    scores = evaluate(DATA / "battle_unseen" / "labels.json", gazetteer=gazetteer)
    assert scores.precision >= 0.9 and scores.recall >= 0.9
    assert scores.accuracy()["event_type"] >= 0.9
