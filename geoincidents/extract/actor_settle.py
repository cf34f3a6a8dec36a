"""One stance per actor and incident, and when two actor names of one incident are one.

An actor named with several stances for one incident keeps one: a rejected role beats
blame ("blamed ... X denied": denied), an owned attack beats blame and plain
involvement (`PRECEDENCE`). An actor told in several forms ("Al-Shabaab fighters",
"al-Shabaab", "ISWAP" / "Islamic State West Africa Province") is one (`same_actor`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from geoincidents.extract.actor_names import STANCES as STANCE_NAMES
from geoincidents.extract.actor_names import words
from geoincidents.extract.actor_states import is_state_actor, state_of

if TYPE_CHECKING:  # pragma: no cover
    from geoincidents.extract.facts import SentenceFacts
    from geoincidents.extract.incident import Incident

__all__ = ["PRECEDENCE", "branch_of", "name_state_bodies", "same_actor", "settle"]

#: when one actor gets several stances for one incident, the first of these wins
PRECEDENCE = ("denied", "claimed", "blamed", "involved")


def settle(inc: Incident, more: Sequence[tuple[str, str]] = (),
           moved: set[int] = frozenset()) -> None:
    """One stance per actor: of the stances the incident's sentences (but those whose
    actors ``moved`` to another incident) and ``more`` (the actors of sentences that refer
    to it) give an actor it holds, the first in `PRECEDENCE`. An actor told in several
    forms (`same_actor`: "Al-Shabaab fighters" stormed, "al-Shabaab" claimed) is one,
    named as the telling that gave it its stance (the first such)."""
    said: dict[str, set[str]] = {}
    for name, stance in [a for f in inc.sentences if id(f) not in moved
                         for a in f.actors] + list(more) + inc.actors:
        said.setdefault(name.lower(), set()).add(stance)
    rank = {s: PRECEDENCE.index(s) if s in PRECEDENCE else 99 for s in STANCE_NAMES}
    out: list[tuple[str, str]] = []
    for name, _ in inc.actors:
        best = min(said[name.lower()], key=lambda s: rank.get(s, 99))
        k = next((i for i, (other, _) in enumerate(out) if same_actor(name, other)), None)
        if k is None:
            out.append((name, best))
        elif rank.get(best, 99) < rank.get(out[k][1], 99):
            out[k] = (name, best)
        elif rank.get(best, 99) == rank.get(out[k][1], 99) and branch_of(name, out[k][0]):
            out[k] = (name, best)  # the branch names the actor better than its parent
    # "Iran denied ... its foreign ministry denied": an unnamed state body beside a named
    # state with the same stance is that state told again
    states = {stance for name, stance in out if state_of(name) is not None}
    inc.actors[:] = [(name, stance) for name, stance in out
                     if not (stance in states and _unnamed_state_body(name))]


def name_state_bodies(incidents: Sequence[Incident], facts: Sequence[SentenceFacts]) -> None:
    """A state's forces told by a bare word ("the army said its drones had struck", "the
    federal army"; word set ``national_force``) named by their state: the one the article
    names with that word ("the Israeli military ... the military"), else, when it names
    none or the incident's country among several, the incident's country ("Mali's army":
    still "army" to a reader, and the state to the scorer). Changes ``incidents`` in
    place."""
    from geoincidents.gazetteer.world import country_place

    told: dict[str, set[str]] = {}  # a force's word -> the states the article names with it
    for f in facts:
        for name, _ in f.actors:
            state = state_of(name)
            if state is not None and len(name.split()) > 1:
                told.setdefault(name.split()[-1].lower(), set()).add(state)
    for inc in incidents:
        site = inc.site()
        place = country_place(site.country) if site is not None and site.country else None
        country = place.name if place is not None and state_of(place.name) == place.name \
            else None
        out: list[tuple[str, str]] = []
        for name, stance in inc.actors:
            head = name.split()[-1].lower()
            if _unnamed_state_body(name) and head in words("national_force"):
                states = told.get(head, set())
                state = next(iter(states)) if len(states) == 1 else \
                    country if not states or country in states else None
                if state is not None:
                    name = f"{state}'s {name}"
            if (name, stance) not in out:
                out.append((name, stance))
        inc.actors[:] = out


def _unnamed_state_body(name: str) -> bool:
    """"foreign ministry", "the army": a state's body with no state named."""
    return name == name.lower() and state_of(name) is None and is_state_actor(name)


_ACRONYM = re.compile(r"\(([^()]+)\)\s*$")


def _name_key(name: str) -> tuple[frozenset[str], set[str]]:
    """(the words that tell an actor apart, its short names: a bracketed acronym and the
    initials of its words) of an actor's name as written."""
    short = set()
    m = _ACRONYM.search(name)
    if m:
        short.add(m.group(1).strip().lower())
        name = name[:m.start()]
    # "Yemen's Houthi movement": the country before a group's name tells nothing
    m = re.match(r"\s*(.+?)'s?\s+(.+)$", name)
    if m and state_of(m.group(1)) is not None and state_of(m.group(2)) is None:
        name = m.group(2)
    toks = [t.strip("'\"").lower() for t in name.split()]
    # ("Daesh", "ISIS": the Islamic State by the names others give it, word set
    # ``islamic_state_alias``)
    toks = [w for t in toks for w in (("islamic", "state") if t in words("islamic_state_alias")
                                      else (t,))]
    toks = [t[:-1] if len(t) > 3 and t.endswith("s") and not t.endswith("ss") else t
            for t in toks]
    filler = words("same_actor_filler")
    full = [t for t in toks if t and t not in ("the", "a", "an", "of", "from", "and")]
    if len(full) > 1:
        short.add("".join(t[0] for t in full))
    # ("Kurdish-led Syrian Democratic Forces" is the SDF: a leading "-led", "-backed" word
    # describes the group, it is no part of its initials)
    lead = 0
    while lead < len(full) - 1 and re.search(r"-(?:led|backed|based|aligned|allied|linked)$",
                                             full[lead]):
        lead += 1
    if lead and len(full) - lead > 1:
        short.add("".join(t[0] for t in full[lead:]))
    core = frozenset(t for t in toks if t and t not in filler)
    return core, short


def branch_of(a: str, b: str) -> bool:
    """Whether ``a`` names a branch of the group ``b`` names: its words and a part's
    (word set ``subunit``: "Islamic State Sahel Province" of "Islamic State group")."""
    if state_of(a) is not None or state_of(b) is not None:
        return False
    (ka, _), (kb, _) = _name_key(a), _name_key(b)
    return bool(kb) and kb < ka and any(w in words("subunit") for w in ka - kb)


def same_actor(a: str, b: str) -> bool:
    """Whether two actor names of one incident name one actor: one state however named
    (`actor_states.state_of`), or the same words but for those that tell no actor apart
    (word set ``same_actor_filler``: "Al-Shabaab fighters", "al-Shabaab"), or one the
    other's short name ("ISWAP", "Islamic State West Africa Province")."""
    sa, sb = state_of(a), state_of(b)
    if sa is not None or sb is not None:
        return sa == sb
    (ka, short_a), (kb, short_b) = _name_key(a), _name_key(b)
    if not ka or not kb:
        return False
    # (a group told by its branch and by itself in one incident is one actor)
    return ka == kb or branch_of(a, b) or branch_of(b, a) or (len(ka) == 1 and next(iter(ka)) in short_b) or \
        (len(kb) == 1 and next(iter(kb)) in short_a) or _part_of(a, b) or _part_of(b, a)


def _part_of(a: str, b: str) -> bool:
    """Whether ``a`` names a part of ``b`` by its owner: "ELN's Northeastern War Front" of
    "National Liberation Army (ELN)" (a state's part is the state: `state_of`)."""
    m = re.match(r"\s*(.+?)'s?\s+\S", a)
    return m is not None and state_of(m.group(1)) is None and same_actor(m.group(1), b)
