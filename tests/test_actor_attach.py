"""actor_attach: the actors of sentences no incident took, and one stance per actor."""

import datetime as dt

import pandas as pd
import pytest

from geoincidents.extract import actor_attach
from geoincidents.extract.dates import DateMention
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.incident import Incident


def _day(d: int) -> DateMention:
    return DateMention(0, 3, "day", "weekday", dt.date(2024, 3, d), 1)


def _sent(i: int, text: str, etype=None, date=None, actors=(), **kw) -> SentenceFacts:
    return SentenceFacts(i, i * 100, i * 100 + len(text), text, i, etype, date, [],
                         actors=list(actors), **kw)


def _story():
    """Two incidents (a rocket attack on the 4th, a drone strike on the 6th), each told in
    one sentence, then sentences about them that joined neither."""
    s0 = _sent(0, "Rockets hit the base on Monday.", "rocket_attack", _day(4))
    s1 = _sent(1, "Drones struck the port on Wednesday.", "drone_strike", _day(6))
    a = Incident("rocket_attack", _day(4), sentences=[s0])
    b = Incident("drone_strike", _day(6), sentences=[s1])
    return [s0, s1], a, b


def test_a_referring_sentence_goes_to_the_incident_told_before_it():
    facts, a, b = _story()
    facts.append(_sent(2, "The Red Hand claimed that attack.", "other",
                       actors=[("Red Hand", "claimed")]))
    actor_attach.attach(facts, [a, b])
    assert (a.actors, b.actors) == ([], [("Red Hand", "claimed")])


def test_the_day_named_picks_the_incident_over_the_last_told():
    facts, a, b = _story()
    facts.append(_sent(2, "The Red Hand claimed Monday's attack.", "other", _day(4),
                       actors=[("Red Hand", "claimed")]))
    actor_attach.attach(facts, [a, b])
    assert (a.actors, b.actors) == ([("Red Hand", "claimed")], [])


def test_a_reporting_day_is_not_the_event_day():
    facts, a, b = _story()
    facts.append(_sent(2, "On Monday the Red Hand claimed the strike.", "other", _day(4),
                       actors=[("Red Hand", "claimed")], date_reported=True))
    actor_attach.attach(facts, [a, b])
    assert b.actors == [("Red Hand", "claimed")] and a.actors == []


def test_a_claim_before_any_incident_goes_to_the_first_told_after_it():
    facts, a, b = _story()
    early = _sent(0, "The Red Hand said it fired rockets.", None,
                  actors=[("Red Hand", "claimed")])
    actor_attach.attach([early] + facts, [a, b])
    assert a.actors == [("Red Hand", "claimed")]


def test_headlines_and_sentences_in_an_incident_are_left_to_grouping():
    facts, a, b = _story()
    facts.append(_sent(2, "Red Hand claims attack", "other", headline=True,
                       actors=[("Red Hand", "claimed")]))
    actor_attach.attach(facts, [a, b])
    assert a.actors == [] and b.actors == []


@pytest.mark.parametrize("stances, expected", [
    (["blamed", "denied"], "denied"),   # blamed, and denies: denied
    (["denied", "blamed"], "denied"),
    (["involved", "claimed"], "claimed"),
    (["blamed", "claimed"], "claimed"),
    (["involved", "blamed"], "blamed"),
])
def test_one_stance_per_actor_and_incident(stances, expected):
    sents = [_sent(i, "x", "ied", actors=[("Red Hand", s)]) for i, s in enumerate(stances)]
    inc = Incident("ied", None, sentences=sents, actors=[("Red Hand", stances[0])])
    actor_attach.settle(inc)
    assert inc.actors == [("Red Hand", expected)]



def test_a_sentence_grouped_for_its_actors_alone_follows_the_narrative():
    """"No group claimed Monday's attack. Police said the Red Hand were the suspects.":
    grouping puts the second with the last incident told (the drone strike); the
    narrative had turned back to Monday's attack, so the blame goes there."""
    facts, a, b = _story()
    back = _sent(2, "No group claimed Monday's attack.", "other", _day(4))
    blame = _sent(3, "Police said the Red Hand were the suspects.", None,
                  actors=[("Red Hand", "blamed")])
    b.sentences.append(blame)
    b.actors.append(("Red Hand", "blamed"))
    actor_attach.attach(facts + [back, blame], [a, b])
    assert (a.actors, b.actors) == ([("Red Hand", "blamed")], [])


def test_a_sentence_with_its_own_facts_stays_where_grouping_put_it():
    facts, a, b = _story()
    back = _sent(2, "No group claimed Monday's attack.", "other", _day(4))
    own = _sent(3, "The Red Hand fired two drones.", "drone_strike",
                actors=[("Red Hand", "claimed")], counts={"fired": 2})
    b.sentences.append(own)
    b.actors.append(("Red Hand", "claimed"))
    actor_attach.attach(facts + [back, own], [a, b])
    assert (a.actors, b.actors) == ([], [("Red Hand", "claimed")])


def _reprisal_story():
    """Rockets on the 4th; "Hours later, Turkish jets hit a depot" (a state's attack,
    grouped with what follows); then a group's claim with no facts of its own."""
    s0 = _sent(0, "Rockets hit the base on Monday.", "rocket_attack", _day(4))
    s1 = _sent(1, "Hours later, Turkish jets hit a depot.", "airstrike",
               actors=[("Turkish jets", "involved")])
    a = Incident("rocket_attack", _day(4), sentences=[s0])
    b = Incident("airstrike", _day(4), sentences=[s1], actors=[("Turkish jets", "involved")])
    return [s0, s1], a, b


@pytest.mark.parametrize("stance", ["claimed", "blamed", "denied"])
def test_a_groups_stance_is_not_of_a_states_attack(stance):
    """A group claiming, blamed or denying after the story turned to a state's reprisal
    speaks of the attack the state answered, not of the reprisal."""
    facts, a, b = _reprisal_story()
    said = _sent(2, "A group calling itself the Red Hand said it had fired them.", "other",
                 actors=[("Red Hand", stance)])
    b.sentences.append(said)
    b.actors.append(("Red Hand", stance))
    actor_attach.attach(facts + [said], [a, b])
    assert (a.actors, b.actors) == ([("Red Hand", stance)], [("Turkish jets", "involved")])


def test_a_states_own_statement_stays_with_its_attack():
    facts, a, b = _reprisal_story()
    said = _sent(2, "The Turkish army said the jets had hit the depot.", "other",
                 actors=[("Turkish army", "involved")])
    b.sentences.append(said)
    b.actors.append(("Turkish army", "involved"))
    actor_attach.attach(facts + [said], [a, b])
    # (one state however named: "Turkish jets" and "Turkish army" are Turkey, told once)
    assert a.actors == [] and b.actors == [("Turkish jets", "involved")]


# -- whole articles (written for these tests) ------------------------------------------------

def _actors_by_place(gazetteer, text: str) -> dict[str, str]:
    from geoincidents.extract import extract_text

    df = extract_text(text, gazetteer=gazetteer, published="2023-09-06").incidents
    return {row.place_name: row.actors for row in df.itertuples()}


def test_blame_follows_the_incident_named_again_in_words(gazetteer):
    text = ("Gunmen opened fire on a police checkpoint in Bannu on Tuesday, killing five "
            "officers, officials said. Hours later a bomb exploded near a market in Dera "
            "Ismail Khan, wounding six people.\n\nNo group claimed the Bannu shooting. "
            "Police said the Pakistani Taliban were the main suspects. The Taliban rejected "
            "the claim.")
    found = _actors_by_place(gazetteer, text)
    assert found["Bannu"] == "Pakistani Taliban (denied)"
    assert pd.isna(found["Dera Ismail Khan"])


def test_blame_for_an_event_no_incident_is_at_goes_nowhere(gazetteer):
    text = ("American bombers struck dozens of militia targets in Iraq on Friday, in "
            "retaliation for a drone strike that killed three soldiers in Jordan last month."
            "\n\nWashington blamed the Jordan attack on the Islamic Resistance in Iraq.")
    found = _actors_by_place(gazetteer, text)
    assert list(found.values()) == ["United States (involved)"]


def test_a_claim_of_a_days_attacks_goes_to_each_of_them(gazetteer):
    text = ("A bomb hidden on a bicycle exploded outside a bank in Peshawar on Tuesday, "
            "killing four guards. Hours later a second bomb went off in a bus station in "
            "Quetta, killing three travellers.\n\nThe Pakistani Taliban claimed Tuesday's "
            "bombings in a message to reporters.")
    found = _actors_by_place(gazetteer, text)
    assert found == {"Peshawar": "Pakistani Taliban (claimed)",
                     "Quetta": "Pakistani Taliban (claimed)"}


def test_a_group_named_only_in_the_title_is_the_one_the_body_refers_to(gazetteer):
    text = ("Jaish al-Adl claims deadly raid on border post\n\n"
            "Gunmen attacked a border guard post near Saravan on Monday, killing five "
            "guards, state media reported. The militant group said in a statement that its "
            "fighters had carried out the attack.")
    assert list(_actors_by_place(gazetteer, text).values()) == ["Jaish al-Adl (claimed)"]


def test_a_group_and_its_branch_in_one_incident_are_one_actor_named_by_the_branch():
    """"Islamic State group" claimed and "Islamic State Sahel Province" claimed: one actor,
    named by the branch; a name inside another that is no branch stays apart."""
    from geoincidents.extract.actor_attach import branch_of, same_actor

    assert same_actor("Islamic State group", "Islamic State Sahel Province")
    assert branch_of("Islamic State Sahel Province", "Islamic State group")
    assert not branch_of("Islamic State group", "Islamic State Sahel Province")
    assert not same_actor("Hezbollah", "Kataib Hezbollah")  # no branch word: two groups
    assert not same_actor("Islamic State", "Islamic Resistance in Iraq")
