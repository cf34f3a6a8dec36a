"""Each actor tied to its incident, and one stance per actor and incident.

`grouping` gives a sentence's actors to the incident the sentence joins. A sentence that
joins none ("The Houthis claimed that attack as well.", "The statement attributed the
ambush to X.") still names who did what to an incident told around it: `attach` gives its
actors to the incident it refers to, read from what the sentence shares with each
incident (the same day, the same place, the same kind of event) and, failing that, to
the incident the narrative was on (the last one told before it; the first one told after
it when none was told before).

An actor named with several stances for one incident keeps one: a rejected role beats
blame ("blamed ... X denied": denied), an owned attack beats blame and plain
involvement (`PRECEDENCE`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from geoincidents.extract.sites import compatible_type, same_site

if TYPE_CHECKING:  # pragma: no cover
    from geoincidents.extract.facts import SentenceFacts
    from geoincidents.extract.grouping import Incident

__all__ = ["PRECEDENCE", "attach", "settle"]

#: when one actor gets several stances for one incident, the first of these wins
PRECEDENCE = ("denied", "claimed", "blamed", "involved")


def attach(facts: Sequence[SentenceFacts], incidents: Sequence[Incident]) -> None:
    """Give the actors of sentences that joined no incident to the incident each refers
    to, then `settle` every incident's stances. Changes ``incidents`` in place."""
    owners: dict[int, list[Incident]] = {}
    for inc in incidents:
        for f in inc.sentences:
            owners.setdefault(id(f), []).append(inc)
    told: dict[int, list[tuple[str, str]]] = {}  # the actors given to each incident here
    for k, f in enumerate(facts):
        if not f.actors or f.headline or id(f) in owners:
            continue
        inc = referred(f, k, facts, incidents, owners)
        if inc is not None:
            _add(inc, f.actors)
            told.setdefault(id(inc), []).extend(f.actors)
    for inc in incidents:
        settle(inc, told.get(id(inc), []))


def referred(f: SentenceFacts, k: int, facts: Sequence[SentenceFacts],
             incidents: Sequence[Incident], owners: dict[int, list[Incident]]
             ) -> Incident | None:
    """The incident sentence ``k`` (``f``, in no incident) speaks of: the one sharing most
    with it (day 3, place 3, kind of event 1, being the last told before it 2)."""
    if not incidents:
        return None
    before = next((owners[id(g)][-1] for g in reversed(facts[:k]) if id(g) in owners), None)
    after = next((owners[id(g)][0] for g in facts[k + 1:] if id(g) in owners), None)
    day = f.date.date if f.date is not None and not f.date_reported else None
    places = [m.place for m in f.mentions if m.place is not None and not m.is_country]
    best, best_score = None, 0
    for inc in incidents:
        score = 0
        if day is not None and inc.date is not None and inc.date.date == day:
            score += 3
        site = inc.site()
        if site is not None and any(same_site(site, p) for p in places):
            score += 3
        if f.etype and inc.etype and f.etype != "other" and compatible_type(inc.etype, f.etype):
            score += 1
        if inc is before:
            score += 2
        if score > best_score:  # (a tie keeps the first told)
            best, best_score = inc, score
    if best is None or (best_score < 2 and before is not None):
        best = before
    return best or after


def _add(inc: Incident, actors: list[tuple[str, str]]) -> None:
    for a in actors:
        if not any(a[0].lower() == b[0].lower() for b in inc.actors):
            inc.actors.append(a)


def settle(inc: Incident, more: Sequence[tuple[str, str]] = ()) -> None:
    """One stance per actor: of the stances the incident's sentences (and ``more``, the
    actors of sentences that refer to it) give an actor it holds, the first in
    `PRECEDENCE`."""
    said: dict[str, set[str]] = {}
    for name, stance in [a for f in inc.sentences for a in f.actors] + list(more):
        said.setdefault(name.lower(), set()).add(stance)
    out = []
    for name, stance in inc.actors:
        stances = said.get(name.lower(), set()) | {stance}
        best = min(stances, key=lambda s: PRECEDENCE.index(s) if s in PRECEDENCE else 99)
        out.append((name, best))
    inc.actors[:] = out
