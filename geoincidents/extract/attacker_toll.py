"""The attackers' own dead and wounded: told apart from the victims, then added to the toll.

The convention (docs/heldout.md, "Labelling conventions"): an incident's killed and
injured count everyone the report says died or was hurt in it, the attackers too when the
report tells of them ("all four gunmen were shot dead by the guards": four more dead, as
ACLED's fatalities count them); a suicide bomber killed by his own charge is never
counted ("the bomber died in the blast", "killing nine people, including the bomber":
eight). The attackers are the ``person`` records of `rules/casualties.jsonl` that say
``"attacker": true``; those that also say ``"own_charge": true`` (bombers) die by their own
charge unless the sentence says they were shot or killed by others. Their figures go to
`toll.Casualties.add_attackers`, kept apart from the victims' (their notes say so), and
`toll.Casualties.total` adds them up.
"""

from __future__ import annotations

import re
from functools import lru_cache

from geoincidents.extract.lexicon import alternation
from geoincidents.extract.numbers import NUMBER, value
from geoincidents.extract.toll import Casualties
from geoincidents.extract.victim_patterns import HURT_AFTER, HURT_BEFORE, PLAIN_NUMBER

#: an attacker noun ending a phrase of victims ("all four gunmen", "the assailants")
ATTACKER = re.compile(rf"\b(?:{alternation('casualties', 'person', attacker=True)[3:-1]})$",
                      re.I)
#: attackers whose death is by their own charge (bombers), unless others killed them
OWN_CHARGE = re.compile(rf"\b(?:{alternation('casualties', 'person', own_charge=True)[3:-1]})\b",
                        re.I)
# what says others killed the attacker: shot by guards, killed by the troops
_BY_OTHERS = re.compile(r"\b(?:shot|gunned|sniper|opened\s+fire|(?:killed|neutrali[sz]ed|"
                        r"stopped)\s+by)\b|\bbefore\s+(?:he|she|they)\s+could\b", re.I)


@lru_cache(maxsize=1)
def _partitive() -> tuple[re.Pattern, re.Pattern]:
    """"Troops killed eleven of the attackers", "two of the gunmen were wounded", "killed
    all five of the attackers": a number
    of attackers told as a part of them (the part is the figure)."""
    noun = alternation("casualties", "person", attacker=True)
    part = (rf"(?P<np>(?:all\s+)?(?P<who>{PLAIN_NUMBER}|both)\s+of\s+(?:the|those|these)\s+"
            rf"(?:[\w-]+\s+)?{noun})\b")
    before = re.compile(rf"\b(?P<v>{HURT_BEFORE})\s+(?:at\s+least\s+)?{part}", re.I)
    after = re.compile(rf"\b{part}(?:\s+(?:were|was|had\s+been|have\s+been|later))*\s+"
                       rf"(?P<v>{HURT_AFTER})\b", re.I)
    return before, after


# "killing nine people, including the bomber": the toll counts a bomber killed by his own
# charge, who is never counted
_INCLUDING_BOMBER = re.compile(rf"\b(?:including|among\s+them)\s+(?:the|a|(?P<n>{NUMBER}))\s+"
                               rf"(?:suicide\s+)?bombers?\b", re.I)


def own_charge(who: str, text: str) -> bool:
    """Whether attackers ``who`` killed in ``text`` died by their own charge (bombers,
    unless the sentence says others killed them)."""
    return bool(OWN_CHARGE.search(who)) and not _BY_OTHERS.search(text)


def attackers_hurt(out: Casualties, who: str, kind: str, n: int, text: str) -> bool:
    """Note ``n`` people ``who`` ``kind`` (of ``text``) as attackers when they are: True
    when they are (the caller counts no victims of them)."""
    who = who.strip()
    if not ATTACKER.search(who):
        return False
    if kind == "killed" and own_charge(who, text):
        note = f"{who} {kind} (a bomber's own charge: never counted)"
        if note not in out.notes:
            out.notes.append(note)
        return True
    out.add_attackers(kind, n, f"{who} {kind} (attackers: added to the toll)")
    return True


def read(text: str, out: Casualties, kind_of) -> None:
    """The attackers a sentence tells as a part of them ("killed eleven of the attackers"),
    and the bomber a toll counts ("twelve dead, including the bomber": eleven);
    ``kind_of``: the kind a casualty word says."""
    for rx in _partitive():
        for m in rx.finditer(text):
            who = m.group("who")
            n = 2 if who.lower() == "both" else value(who)
            if n:
                attackers_hurt(out, m.group("np"), kind_of(m.group("v")), n, text)
    found = _INCLUDING_BOMBER.search(text)
    if found and out.killed and not _BY_OTHERS.search(text):
        n = value(found.group("n")) if found.group("n") else 1
        if n and out.killed >= n:
            out.killed -= n
            out.notes.append(f"{found.group().strip()} (a bomber's own charge: not counted, "
                             f"{out.killed} killed)")


@lru_cache(maxsize=1)
def _boasts() -> tuple[re.Pattern, re.Pattern]:
    """The ``boast`` records: (said of any figure, said with a claim of the attack)."""
    return (re.compile(rf"\b{alternation('casualties', 'boast', claimed=None)}", re.I),
            re.compile(rf"\b{alternation('casualties', 'boast', claimed=True)}", re.I))


def boasted(text: str, actors: list[tuple[str, str]]) -> bool:
    """Whether the sentence's figures are a side's boast, no official toll: disputed in
    the sentence ("fourteen soldiers, a figure the army called propaganda"), or the
    attackers' own count of their victims in their claim ("said its fighters had stormed
    the base and killed twenty soldiers"). Such a figure stands only when no other of its
    kind is told (`toll.Casualties.merge`)."""
    disputed, claimed = _boasts()
    return bool(disputed.search(text)) or (
        any(stance == "claimed" for _, stance in actors) and bool(claimed.search(text)))
