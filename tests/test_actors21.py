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
