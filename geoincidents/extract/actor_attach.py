"""Each actor tied to its incident, and one stance per actor and incident.

`grouping` gives a sentence's actors to the incident the sentence joins. A sentence that
joins none ("The Houthis claimed that attack as well.", "The statement attributed the
ambush to X.") still names who did what to an incident told around it: `attach` gives its
actors to the incident it refers to, read from what the sentence shares with each
incident (the same day, the same place, named as a place or in words such as "the Bannu
shooting", the same kind of event) and, failing that, to the incident the narrative is on
(the last one told or referred to before it; the first one told after it when none was).
A sentence that joined an incident only for its actors (no place, day, type or fact of its
own: "The Taliban rejected the claim.") is read the same way: grouping puts it with the
last incident told, while the narrative may have turned back to an earlier one ("No
group claimed the Bannu shooting. Police said X were the main suspects.").

An actor named with several stances for one incident keeps one (`actor_settle`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents.extract import parsed
from geoincidents.extract.actor_clause import as_doer, own_doer_clause, sites_in
from geoincidents.extract.actor_names import state_of_demonym, words
from geoincidents.extract.actor_settle import (PRECEDENCE, branch_of, name_state_bodies, same_actor,
                                               settle)
from geoincidents.extract.actor_states import is_state_actor, state_of
from geoincidents.extract.sites import compatible_type, same_site
from geoincidents.extract.triggers import named_by_day

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from geoincidents.extract.facts import SentenceFacts
    from geoincidents.extract.incident import Incident

__all__ = ["PRECEDENCE", "attach", "branch_of", "same_actor", "settle"]


def attach(facts: Sequence[SentenceFacts], incidents: Sequence[Incident],
           spans: Mapping[int, Span] | None = None) -> None:
    """Give the actors of sentences that joined no incident (or joined one only for their
    actors) to the incident each refers to, take an actor off an incident told in a clause
    of another time (`_own_clause`, with the sentences' parses ``spans``),
    then `settle` every incident's stances. Changes ``incidents`` in place."""
    cut: set[tuple[int, tuple[str, str]]] = set()  # (incident, actor) its clause took off
    for f in facts:  # (first: whether an incident is a state's reads its actors)
        if spans and f.index in spans and f.actor_at:
            cut |= {(id(inc), a) for inc, a in own_doer_clause(f, spans[f.index], incidents)}
    owners: dict[int, list[Incident]] = {}
    for inc in incidents:
        for f in inc.sentences:
            owners.setdefault(id(f), []).append(inc)
    told: dict[int, list[tuple[str, str]]] = {}  # the actors given to each incident here
    moved: set[int] = set()  # sentences whose actors leave the incident grouping gave them
    focus: Incident | None = None  # the incident the narrative is on
    for k, f in enumerate(facts):
        if f.headline:
            continue
        now = _this_time(f, focus, incidents) if f.actors else None
        free = id(f) not in owners or _actors_only(f, owners[id(f)]) or \
            _against_the_doer(f, owners[id(f)]) or \
            (now is not None and now not in owners[id(f)])
        if not free:
            focus = _told_event(f, owners[id(f)])
            continue
        evident, score = _evidence(f, incidents)
        if not f.actors:
            if score >= 3:  # "No group claimed the Bannu shooting": the story is on Bannu
                focus = evident
            continue
        inc = now or referred(f, k, facts, incidents, owners, focus)
        if id(f) in owners and inc is not owners[id(f)][-1]:
            moved.add(id(f))
            _drop(owners[id(f)][-1], f, moved)
        if inc is None:
            continue  # of an event no incident here is (one the extractor missed)
        if id(f) not in owners or id(f) in moved:
            _add(inc, f.actors)
            told.setdefault(id(inc), []).extend(f.actors)
        focus = inc
    for k, f in enumerate(facts):  # "claimed Tuesday's bombings": every incident of that day
        if f.actors and not f.headline and id(f) not in moved and (
                _plural_events(f.text) or _two_events(f.text)):
            # ("blamed X for both attacks", no day or place: the two told before it)
            for inc in _all_named(f, incidents) or _the_two_before(f, k, facts, owners):
                said = [a for a in f.actors if (id(inc), a) not in cut]
                _add(inc, said)
                told.setdefault(id(inc), []).extend(said)
    # a place the article names is no actor ("the Zayouna rockets", "the Saada strike":
    # a place's name before a weapon or event noun reads like a group's); a state's
    # capital or name is one (`actor_states`)
    places = {m.text.lower() for g in facts for m in g.mentions
              if m.place is not None and not m.is_country}
    for f in facts:
        if spans and f.index in spans and f.actor_at:
            _own_clause(f, spans[f.index], incidents)
    for inc in incidents:
        # (an acronym is a group's short name, not a place the gazetteer knows by the same
        # letters: "SNA", an airport's code)
        inc.actors[:] = [a for a in inc.actors if a[0].lower() not in places or
                         state_of(a[0]) is not None or a[0].isupper()]
        settle(inc, told.get(id(inc), []), moved)
    name_state_bodies(incidents, facts)  # "the army": "Mali's army"


def _own_clause(f: SentenceFacts, span: Span, incidents: Sequence[Incident]) -> None:
    """A sentence telling one incident's event in a clause of another time ("US jets struck
    X on Tuesday, two days after drones hit Y"; "a bomb killed six in X, a day after the
    Taliban accused Pakistan of bombing Y": word set ``other_time``) and another's outside
    it: an actor told inside that clause leaves the incidents placed only outside it, and
    the reverse, unless another of their sentences names it."""
    sites = sites_in(f, span, incidents)  # each incident's place words here
    if len(sites) < 2:
        return
    for t in span:
        if t.lower_ not in words("other_time") or t.dep_ not in ("mark", "prep"):
            continue
        inside = {u.i for u in (t.head if t.dep_ == "mark" else t).subtree}
        sides = [(inc, all(i in inside for i in at)) for inc, at in sites
                 if all(i in inside for i in at) or not any(i in inside for i in at)]
        if len({side for _, side in sides}) < 2:
            continue  # (no incident told wholly inside, or none outside)
        for (name, stance), (start, end) in f.actor_at.items():
            tok = parsed.token_at(span, start, end)
            if tok is None:
                continue
            # (a state told on both sides is each side's: "an Israeli drone struck X, a day
            # after Israeli jets bombed Y"; the parse kept its first telling only)
            state = state_of(name)
            told = {tok.i in inside} | {t.i in inside for t in span if state is not None and (
                state_of_demonym(t.text) or state_of(t.text)) == state and as_doer(t)}
            if len(told) > 1:
                continue
            for inc, side in sides:
                if side != (tok.i in inside) and not any(
                        g.index != f.index and (name, stance) in g.actors
                        for g in inc.sentences):
                    inc.actors[:] = [a for a in inc.actors if a != (name, stance)]


@lru_cache(maxsize=None)
def _opening(word_set: frozenset[str]) -> re.Pattern:
    """A sentence's opening word or phrase of ``word_set``."""
    alts = sorted(word_set, key=len, reverse=True)
    return re.compile(r"\W*(?:" + "|".join(re.escape(w) for w in alts) + r")\b", re.I)


def _opens_with(text: str, word_set: frozenset[str]) -> bool:
    """Whether ``text`` opens with a word or phrase of ``word_set`` ("This time", "Separately")."""
    return _opening(word_set).match(text) is not None


def _this_time(f: SentenceFacts, focus: Incident | None,
               incidents: Sequence[Incident]) -> Incident | None:
    """The incident a sentence opening with "This time" (word set ``this_time``) speaks of:
    it sets the event against an earlier one of its kind told just before ("In December
    2019 rockets hit the base ... This time the group moved to distance itself"), so of the
    incidents of the focus's kind the one latest in time; None without such an opening."""
    if not _opens_with(f.text, words("this_time")) or focus is None or focus.date is None or \
            focus.date.date is None:
        return None
    kin = [inc for inc in incidents if inc.date is not None and inc.date.date is not None
           and (inc is focus or not focus.etype or not inc.etype or
                compatible_type(inc.etype, focus.etype))]
    return max(kin, key=lambda inc: inc.date.date)


def _told_event(f: SentenceFacts, owned_by: list[Incident]) -> Incident:
    """Of the incidents a sentence tells, the one its own event is (the first of its
    kind): "US aircraft bombed a camp near Marka on Friday, a day after militants overran a
    checkpoint outside Afgooye" is on the Marka strike, which the next sentence's "US
    Africa Command said the strikes ..." goes on telling; of several such (or none), the
    last told."""
    own = [inc for inc in owned_by if f.etype not in (None, "other") and inc.etype
           and compatible_type(inc.etype, f.etype)]
    return (own or owned_by)[-1]


def _actors_only(f: SentenceFacts, owned_by: list[Incident]) -> bool:
    """Whether ``f`` joined its incident for its actors alone: no event word, place, day
    or fact of its own."""
    return bool(f.actors) and len(owned_by) == 1 and f.etype in (None, "other") and \
        f.date is None and not f.counts and not f.damage and not f.launch_text and \
        not f.casualties.told and \
        not any(m.place is not None and not m.is_country for m in f.mentions)


def _groups_only(f: SentenceFacts) -> bool:
    """Whether every actor of ``f`` is an armed group (no state) claiming, denying or
    blamed: "X said it had fired the rockets", "The official blamed militias"."""
    return bool(f.actors) and all(stance != "involved" and not is_state_actor(name)
                                  for name, stance in f.actors)


def _done_by_state(inc: Incident, but: SentenceFacts | None = None) -> bool:
    """Whether ``inc`` is a state's attack by what the first sentence telling its event
    (with an event word of its kind; not ``but``) says: a state's forces involved, no armed group
    named ("Hours later, US aircraft hit a weapons depot")."""
    # (of its kind: "US jets struck X, two days after a bombing in Y" tells the strike's
    # doer, not the bombing's)
    first = next((g for g in inc.sentences if g.etype not in (None, "other") and (
        not inc.etype or compatible_type(inc.etype, g.etype))), None)
    if first is None or first is but:
        return False
    # (of the actors the incident took from it: "militants attacked X, and a drone strike
    # by Mali's army hit Y" makes the strike's actor Y's)
    said = [a for a in first.actors if a in inc.actors]
    return any(stance == "involved" and is_state_actor(name) for name, stance in said) \
        and not any(not is_state_actor(name) for name, _ in said)


def _against_the_doer(f: SentenceFacts, owned_by: list[Incident]) -> bool:
    """Whether ``f`` joined a state's attack ("Hours later, US aircraft hit a depot") while
    its actors are armed groups claiming, denying or blamed: they speak of another
    incident (the group's own attack the state answered), read as `referred` reads it."""
    return len(owned_by) == 1 and _groups_only(f) and _done_by_state(owned_by[0], f)


def _drop(inc: Incident, f: SentenceFacts, moved: set[int]) -> None:
    """Take ``f``'s actors off ``inc`` unless another of its sentences names them."""
    kept = {a[0].lower() for g in inc.sentences if g is not f and id(g) not in moved
            for a in g.actors}
    gone = {a[0].lower() for a in f.actors} - kept
    inc.actors[:] = [a for a in inc.actors if a[0].lower() not in gone]


def _names_site(f: SentenceFacts, inc: Incident) -> bool:
    """Whether ``f`` names ``inc``'s place: a mention at the same site, or the words of one
    of its place mentions before an event noun ("the Bannu shooting", where the name is no
    mention)."""
    site = inc.site()
    if site is not None and any(m.place is not None and not m.is_country and
                                same_site(site, m.place) for m in f.mentions):
        return True
    names = {m.text for m in inc.mentions if m.place is not None and not m.is_country and
             len(m.text) > 2 and m.sentence != f.index}
    return any(re.search(r"\b" + re.escape(n) + r"\s+" + _event_nouns(), f.text, re.I)
               for n in names)


# a clause describing an actor by its record: "the coalition that has owned most of the
# attacks since October", "a faction which has claimed several bombings this year"
_RECORD = re.compile(r"\b(?:that|which|who)\s+(?:has|have)\b[^,;.]*", re.I)


def _two_events(text: str) -> bool:
    """Whether ``text`` speaks of two events by "both" or "either" ("both attacks", "either
    incident", "blamed both on X"), not only in a clause about an actor's record."""
    return re.search(r"\b(?:both|either)\s+(?:of\s+the(?:m|se)?\s+)?(?:on\b|incidents?\b|"
                     + _event_nouns() + ")", _RECORD.sub(" ", text), re.I) is not None


def _plural_events(text: str) -> bool:
    """Whether ``text`` names events in the plural ("Tuesday's bombings", "both attacks"),
    not only in a clause about an actor's record (`_RECORD`)."""
    text = _RECORD.sub(" ", text)
    return re.search(r"\b(?:both|twin|two|three)\s+" + _event_nouns() + "|" +
                     _event_nouns().replace(r"(?:e?s)?\b", r"(?:e?s)\b"), text, re.I) \
        is not None


def _the_two_before(f: SentenceFacts, k: int, facts: Sequence[SentenceFacts],
                    owners: dict[int, list[Incident]]) -> list[Incident]:
    """The last two foreground incidents told before sentence ``k`` when ``f`` speaks of
    two events ("for both attacks", "blamed both on X", "no role in either incident")."""
    if not _two_events(f.text):
        return []
    told: list[Incident] = []
    for g in reversed(facts[:k]):
        for inc in reversed(owners.get(id(g), [])):
            if inc not in told and not inc.background_hint:
                told.append(inc)
    return told[:2] if len(told) >= 2 else []


def _all_named(f: SentenceFacts, incidents: Sequence[Incident]) -> list[Incident]:
    """Every incident sharing the most with ``f``, when that is its day or its place, of
    those told by then ("said it had no part in the bombing and holds no operations in X"
    names no event at X told only in a later paragraph)."""
    told = [inc for inc in incidents if any(g.index <= f.index for g in inc.sentences)]
    scores = [(_evidence(f, [inc])[1], inc) for inc in told or incidents]
    best = max((sc for sc, _ in scores), default=0)
    return [inc for sc, inc in scores if sc == best] if best >= 3 else []


def _names_another_site(f: SentenceFacts, facts: Sequence[SentenceFacts],
                        incidents: Sequence[Incident]) -> bool:
    """Whether ``f`` names an event by a place ("the Jordan attack"; the place as the
    article names it anywhere) that no incident is at."""
    places = {m.text.lower(): m.place for g in facts for m in g.mentions
              if m.place is not None and len(m.text) > 2}
    named = [places[w.group(1).lower()] for w in re.finditer(
        r"\b(" + "|".join(re.escape(t) for t in sorted(places, key=len, reverse=True)) +
        r")\s+" + _event_nouns(), f.text, re.I)] if places else []
    sites = [inc.site() for inc in incidents]
    return bool(named) and not any(s is not None and same_site(s, p)
                                   for p in named for s in sites)


@lru_cache(maxsize=1)
def _event_nouns() -> str:
    """A regex of the stance rules' event nouns ("attack", "shooting"), plural or not."""
    nouns = sorted(words("harm_noun"), key=len, reverse=True)
    return r"(?:" + "|".join(re.escape(w) for w in nouns) + r")(?:e?s)?\b"


def _evidence(f: SentenceFacts, incidents: Sequence[Incident]) -> tuple[Incident | None, int]:
    """The incident ``f`` shares most with (day 3, place 3, kind of event 1) and how much."""
    # (the day something was said is not the event's, unless it names the event:
    # "claimed Tuesday's bombings")
    day = f.date.date if f.date is not None and (
        not f.date_reported or named_by_day(f.text)) else None
    best, best_score = None, 0
    for inc in incidents:
        score = 0
        if day is not None and inc.date is not None and inc.date.date == day:
            score += 3
        if _names_site(f, inc):
            score += 3
        if f.etype and inc.etype and f.etype != "other" and compatible_type(inc.etype, f.etype):
            score += 1
        if score > best_score:  # (a tie keeps the first told)
            best, best_score = inc, score
    return best, best_score


def referred(f: SentenceFacts, k: int, facts: Sequence[SentenceFacts],
             incidents: Sequence[Incident], owners: dict[int, list[Incident]],
             focus: Incident | None = None) -> Incident | None:
    """The incident sentence ``k`` (``f``) speaks of: the one sharing most with it (day 3,
    place 3, kind of event 1, being the one the narrative is on, ``focus``, 2; without a
    focus, the last told before it); None when it names an event at a place no incident
    is at ("blamed the Jordan attack on X" when the Jordan attack is no incident here)."""
    if not incidents or _names_another_site(f, facts, incidents) or \
            _tells_another_day(f, incidents):
        return None
    # (a group's claim, denial or blame is not of a state's attack: "US jets struck a
    # depot. A group said it had fired the rockets" speaks of the rockets)
    if _groups_only(f):
        incidents = [inc for inc in incidents if not _done_by_state(inc, f)] or incidents
        if focus is not None and focus not in incidents:
            focus = None
    before = focus or next((inc for g in reversed(facts[:k]) if id(g) in owners
                            for inc in [_told_event(g, owners[id(g)])] if inc in incidents),
                           None)
    after = next((owners[id(g)][0] for g in facts[k + 1:] if id(g) in owners), None)
    best, best_score = None, 0
    for inc in incidents:
        score = _evidence(f, [inc])[1] + (2 if inc is before else 0)
        if score > best_score:  # (a tie keeps the first told)
            best, best_score = inc, score
    if best is None or (best_score < 2 and before is not None):
        best = before
    return best or after


#: days between an event told with its own date and every incident for it to be none of them
_SEASON_DAYS = 62


def _tells_another_day(f: SentenceFacts, incidents: Sequence[Incident]) -> bool:
    """Whether ``f`` tells an event of its own, done by its actors ("involved" alone), on a
    day no incident is on, at no incident's place: "On Wednesday, the ministry said its
    forces had fired mortars at posts along the frontier" is not Monday's strike told
    again (an event the extractor did not make an incident; not "On Wednesday, the group
    said it had fired the rockets": a claim, said on its own day, of an earlier attack);
    or an event with any stance told with a date months away from every incident's."""
    if f.etype in (None, "other") or f.refers_back or f.date is None or \
            f.date.date is None:
        return False
    if any(_names_site(f, inc) for inc in incidents):
        return False
    # ("Separately, X said its fighters had attacked an outpost on Sunday night": a claim of
    # an event of its own, word set ``separate``, on a day no incident is on)
    separate = _opens_with(f.text, words("separate")) and not f.date_reported
    if f.date.precision == 1 and (separate or all(stance == "involved" for _, stance in f.actors)):
        return not any(inc.date is not None and inc.date.date == f.date.date
                       for inc in incidents)
    # an event of another season, told with its own stance ("a drone hit the garrison in
    # October 2023, ... that Washington blamed on militias" in a report of this week's
    # attacks; "since a car bomb killed nine in March 2022, an attack X blamed on Y"): of
    # none of the incidents when it is months away from every one
    return not f.date_reported and all(
        inc.date is not None and inc.date.date is not None and
        abs((inc.date.date - f.date.date).days) > _SEASON_DAYS for inc in incidents)


def _add(inc: Incident, actors: list[tuple[str, str]]) -> None:
    for a in actors:
        if not any(a[0].lower() == b[0].lower() for b in inc.actors):
            inc.actors.append(a)
