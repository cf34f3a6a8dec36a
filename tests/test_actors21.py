"""Actor kinds found on heldout16's failures (written by helper actors21, in new words): the
first case of each kind failed before its change, the others are controls."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")
from tests.actor_cases import check


def _case(text: str, *found: str, doc: bool = False) -> dict:
    return {"text": text, "actors": list(found), "doc": doc}


# -- "did not confirm or deny": the second verb is negated too -------------------------------

@pytest.mark.parametrize("case", [
    _case("India's external affairs ministry did not confirm or deny carrying out the raid."),
    _case("Hamas would neither confirm nor deny that its men fired the rockets."),
    # (controls: a plain denial; "confirmed ... but denied")
    _case("India's external affairs ministry denied carrying out the raid.", "India (denied)"),
    _case("The Arakan Army confirmed the clash but denied any role in the shelling.",
          "Arakan Army (denied)"),
])
def test_not_confirm_or_deny_is_no_denial(case):
    check(case)


# -- "the Islamic Republic": Iran ------------------------------------------------------------

@pytest.mark.parametrize("case", [
    _case('"The Islamic Republic had no hand in the attack on the tanker," the envoy said.',
          "Iran (denied)"),
])
def test_the_islamic_republic_is_iran(case):
    check(case)


# -- a reference back denying "it" / "that" --------------------------------------------------

@pytest.mark.parametrize("case", [
    _case("A provincial governor accused the Arakan Army of shelling the market. The group "
          "denied it on Sunday.", "Arakan Army (blamed)", "Arakan Army (denied)", doc=True),
    _case("The mayor blamed the Zomi Revolutionary Army. The rebels rejected that.",
          "Zomi Revolutionary Army (blamed)", "Zomi Revolutionary Army (denied)", doc=True),
    # (controls: "denied that ..." is a clause; nobody named before)
    _case("The group denied it on Sunday.", doc=True),
])
def test_denied_it(case):
    check(case)


# -- weapons "sent by" someone ---------------------------------------------------------------

@pytest.mark.parametrize("case", [
    _case("Police said the drones had been sent by the Arakan Army.", "Arakan Army (blamed)"),
    _case("The agency said the drones had been dispatched by Kataib Sayyid al-Shuhada. The "
          "faction later rejected the accusation.", "Kataib Sayyid al-Shuhada (blamed)",
          "Kataib Sayyid al-Shuhada (denied)", doc=True),
    # (controls: goods or people sent by someone; a state's weapons)
    _case("The aid was sent by the Red Crescent."),
    _case("Officials said the drones had been sent by Russia.", "Russia (involved)"),
])
def test_weapons_sent_by(case):
    check(case)


# -- a group's name with a digit is no place -------------------------------------------------

@pytest.mark.parametrize("case", [
    _case("The army blamed the ADF for the raid. Last year, M23 rockets struck a camp near "
          "Goma. The rebels denied firing at the camp.", "ADF (blamed)", "M23 (involved)",
          "M23 (denied)", doc=True),
])
def test_a_name_with_a_digit_is_a_group(case):
    check(case)


# -- "X, the man who leads Y, said his men ...": Y claimed -----------------------------------

@pytest.mark.parametrize("case", [
    _case("Amadou Koufa, the preacher who heads the armed network known as Katiba Macina, "
          "said in an audio recording that his men had stormed the post.",
          "Katiba Macina (claimed)"),
    _case("Abu Yahya, who commands the Ansar al-Islam brigade, said his fighters had "
          "ambushed the patrol.", "Ansar al-Islam brigade (claimed)"),
    # (controls: a person with no group; one who leads no armed group speaks of others)
    _case("Abu Yahya said his fighters had ambushed the patrol."),
    _case("Omar Diallo, a farmer who leads a cooperative, said the gunmen had torched the "
          "granary."),
])
def test_one_who_leads_a_group_speaks_for_it(case):
    check(case)


# -- ground taken by the speaker's men: a claim ----------------------------------------------

@pytest.mark.parametrize("case", [
    _case("Ansar al-Sunna said on Telegram that its fighters had entered the town and freed "
          "prisoners.", "Ansar al-Sunna (claimed)"),
    _case("A spokesman for the Katiba Macina said his men had invaded the barracks.",
          "Katiba Macina (claimed)"),
    # (controls: troops entering a town with no speaker; a state's soldiers)
    _case("Troops entered the town on Friday."),
    _case("Mali's army said its soldiers had entered the town.", "Mali (involved)"),
])
def test_ground_taken_is_a_claim(case):
    check(case)


# -- "a spokesman for one of the groups, the X, said" ---------------------------------------

@pytest.mark.parametrize("case", [
    _case("A spokesman for one of the larger factions, the Kataib Sayyid al-Shuhada, said its "
          "men had launched the drones.", "Kataib Sayyid al-Shuhada (claimed)"),
    # (control: no name given)
    _case("A spokesman for one of the larger factions said its men had launched the drones."),
])
def test_spokesman_for_one_of_the_groups(case):
    check(case)


# -- a capital opening a sentence is no group a reference names -----------------------------

@pytest.mark.parametrize("case", [
    _case("Police blamed the Arakan Army for the blast. Suspicion quickly grew in the town. The "
          "group rejected that on Monday.", "Arakan Army (blamed)", "Arakan Army (denied)",
          doc=True),
    # (and "that" of a relative clause is no denial)
    _case("The junta has promised a vote, a plan that the Karen National Union has dismissed "
          "as a sham."),
])
def test_no_group_from_a_sentence_opening(case):
    check(case)


# -- "the branch of X, known as Y": Y --------------------------------------------------------

@pytest.mark.parametrize("case", [
    _case("The local branch of al-Qaeda, known as Jama'at Nusrat al-Islam wal-Muslimin "
          "(JNIM), said its fighters had laid the mine.",
          "Jama'at Nusrat al-Islam wal-Muslimin (JNIM) (claimed)"),
    # (control: a branch with no name of its own is its owner's)
    _case("The local branch of the Islamic State said its fighters had laid the mine.",
          "Islamic State (claimed)"),
])
def test_a_branch_known_as(case):
    check(case)


# -- help sent, a defender's loss called false: no stance ------------------------------------

@pytest.mark.parametrize("case", [
    _case("The African Union mission said it had sent a patrol to the village on Friday."),
    _case("The Somali army said reports that its base had fallen were false."),
    # (controls: weapons sent; an attack called false)
    _case("The Houthis said they had sent four drones at the tanker.", "Houthis (claimed)"),
    _case("Hamas said reports that its men had fired the rockets were false.",
          "Hamas (denied)"),
])
def test_help_or_a_loss_is_no_stance(case):
    check(case)


# -- a habit done to anything: no one event --------------------------------------------------

@pytest.mark.parametrize("case", [
    _case('"It is the Mai-Mai fighters who torch everything," the rebel spokesman said.'),
    # (control: one event)
    _case("Mai-Mai fighters torched the market on Monday.", "Mai-Mai fighters (involved)"),
])
def test_a_habit_done_to_anything(case):
    check(case)


# -- whole articles: an actor in its own clause; a state's bare forces ----------------------

def _rows(text: str, gazetteer) -> list[tuple[str, str]]:
    from geoincidents.extract import extract_records

    rows = extract_records(text, gazetteer=gazetteer, published="2026-03-12")[0]
    return [(r["place_name"], r["actors"]) for r in rows]


def test_a_doer_of_one_clause_is_its_incidents_only(gazetteer):
    rows = _rows("BANGUI (Wire) - Suspected fighters of the Lord's Resistance Army ambushed a "
                 "police patrol near the town of Bangassou on Monday, leaving four officers "
                 "dead, while shells killed three traders in Bambari and an army drone strike "
                 "hit a camp near Bria, local officials said.", gazetteer)
    assert [a for p, a in rows if p == "Bangassou"] == ["Lord's Resistance Army (blamed)"]
    assert all(a is None for p, a in rows if p != "Bangassou")


def test_a_bare_army_is_named_by_its_country(gazetteer):
    rows = _rows("A drone strike hit a market near Kidal on Monday, killing seven people, a "
                 "local official said. The army said its drones had struck a gathering of "
                 "terrorists.", gazetteer)
    from geoincidents.evaluate import actor_matches

    (place, found), = rows
    assert actor_matches("Mali (involved)", found) and actor_matches("army (involved)", found)


# -- "fired nothing": a denial ---------------------------------------------------------------

@pytest.mark.parametrize("case", [
    _case("The Zomi Revolutionary Army also said it had fired nothing toward the bridge.",
          "Zomi Revolutionary Army (denied)"),
    # (control: something fired)
    _case("The Zomi Revolutionary Army said it had fired two rockets toward the bridge.",
          "Zomi Revolutionary Army (claimed)"),
])
def test_fired_nothing_is_a_denial(case):
    check(case)


def test_a_claim_told_in_the_lead_clause_of_another_attack_stays_on_its_own(gazetteer):
    """A lead telling a group's rockets and, in a clause with its own subject, a state's drone
    strike: the state is not the rockets' doer, so the group's claim told next stays on
    the rockets, not on an older attack on the same town told later (a guard: passes on
    main too; heldout16 has the failing case)."""
    rows = _rows("Sirens sounded in the Israeli town of Sderot on Tuesday as two rockets were "
                 "fired from Gaza, the first launches in weeks, and an Israeli drone strike that "
                 "evening killed two men in Beit Lahia.\n\n"
                 "The al-Nasser Salah al-Deen Brigades said its fighters had fired the rockets.\n\n"
                 "In May 2021 a rocket struck a house in Sderot and killed a boy.", gazetteer)
    assert ("Sderot", "al-Nasser Salah al-Deen Brigades (claimed)") in rows


# -- "dismissed the charge hours later" (the charge parsed into the time) -------------------

@pytest.mark.parametrize("case", [
    _case("Kenya's interior ministry dismissed the charge hours later.", "Kenya (denied)"),
    # (control: a plan dismissed is no denial)
    _case("Kenya's interior ministry dismissed the plan hours later."),
])
def test_denied_hours_later(case):
    check(case)
