"""One sentence read: its event type, date, places and the facts it adds to an incident.

`read_sentence` asks each fact module in turn (`triggers`, `dates`, `counts`,
`casualties`, `damage`, the actor reader); `grouping` then joins the sentences into
incidents.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geoincidents.extract import (attacker_toll, counts, launch_site, modality, sentence_counts,
                                  own_clause, own_toll, parsed, triggers)
from geoincidents.extract import actors as actors_mod
from geoincidents.extract import damage as damage_mod
from geoincidents.extract.casualties import MAY_HURT, casualties
from geoincidents.extract.toll import Casualties
from geoincidents.extract.dates import DateMention, find_dates
from geoincidents.extract.lexicon import alternation
from geoincidents.extract.mentions import Mention
from geoincidents.extract.sentence_day import REPORT_VERB, sentence_date
from geoincidents.extract.text import Sentence, dateline_end


@dataclass(eq=False)  # identity: an incident holds the very sentences it was told in
class SentenceFacts:
    index: int
    start: int
    end: int
    text: str
    para: int
    etype: str | None
    date: DateMention | None
    mentions: list[Mention]
    counts: dict[str, int] = field(default_factory=dict)
    casualties: Casualties = field(default_factory=Casualties)
    actors: list[tuple[str, str]] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    generic: bool = False
    hedged: bool = False
    plural_ref: bool = False
    past_perfect: bool = False
    launch_text: str | None = None
    headline: bool = False
    #: the sentence names its event only as one already told ("nothing to do with the
    #: shelling"): it adds to an incident, it never starts one
    refers_back: bool = False
    #: the sentence's date is the day something was said about an event
    date_reported: bool = False
    #: why the parse says the event did not take place ("negated", "planned", ...), or None
    blocked: str | None = None
    #: the counts are of munitions beyond those told before ("Two more missiles fell short")
    counts_more: bool = False
    #: roles said of "all of them" ("All of them were brought down"): the munitions
    #: counted in the sentence before
    counts_all: frozenset[str] = frozenset()
    #: a sentence with no event word that sets a scene, a day and a place ("Then on
    #: Thursday, armed men entered a fishing quarter of X"): that day, for the next sentence
    scene: DateMention | None = None
    #: a relative clause cut from its sentence (`text.Sentence.relative`)
    relative: bool = False
    #: where in the sentence's text each actor is named (its first telling), by (name,
    #: stance): `actor_attach` gives it to the event told in its own clause
    actor_at: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    @property
    def generic_plural(self) -> bool:
        """Whether the sentence speaks of events in general ("the missile attacks")."""
        return triggers.generic_plural(self.text, self.etype, bool(self.counts),
                                       self.plural_ref)

    @property
    def contributes(self) -> bool:
        return bool(self.counts or self.casualties.told or self.actors or self.damage or
                    self.launch_text or any(m.role == "launch" for m in self.mentions))


_LAUNCHED_BY = re.compile(r"\b(?:launched|fired)\s+(?:by|from)\s+(?P<what>(?:an?|the)\s+"
                          r"(?:[\w-]+\s+){0,2}?(?:vehicle|truck|car|pickup|van|boat|orchard|farm|"
                          r"field|house|rooftop|roof|building|launcher|platform)s?)\b", re.I)
_TERMINAL = (".", "!", "?", "\"", "”", "’", "'", ")", ":")


def headlines(sentences) -> set[int]:
    """Indices of the title lines: short lines with no final punctuation before the first
    sentence of prose ("Rocket hits base; second attack foiled")."""
    out: set[int] = set()
    for i, sent in enumerate(sentences):
        text = sent.text.rstrip()
        # (a clause cut from a sentence (`clauses`), the next one going on in lower case,
        # is prose too)
        goes_on = i + 1 < len(sentences) and sentences[i + 1].text[:1].islower()
        if text.endswith(_TERMINAL + (",", ";")) or goes_on or len(text.split()) > 25:
            break
        out.add(i)
    return out


# '"I counted seventeen bodies," said a trader, who feared reprisals if named': who said
# it, after the quote it ends
_ATTRIBUTION = re.compile(rf"(?:,[\"”]|[\"”],?)\s+(?:[\w'’.-]+\s+){{0,4}}?{REPORT_VERB}\b"
                          r"[^\"“”]*$", re.I)


def _without_attribution(text: str) -> str:
    """``text`` without the words naming who said it: their hedges ("who asked not to be
    named if quoted") say nothing of the events told."""
    found = _ATTRIBUTION.search(text)
    return text[:found.start()] if found and found.start() > 0 else text


_CLAUSE_BREAK = re.compile(r"[,;:]\s")


# "Nobody has been killed", "two soldiers have been wounded": a toll told in the present
# perfect is one event's (the casualty words of the rules), no habit ("has been targeted"),
# unless the figure is a war's
_PERFECT_TOLL = re.compile(rf"\b(?:have|has)\s+been\s+(?=(?:[a-z]+ly\s+)?"
                           rf"{alternation('casualties', 'hurt', where='after')}\b)", re.I)
# ("More than 250 people have been killed": a toll in the hundreds is a war's tally)
_WAR_TALLY = re.compile(r"\b(?:\d{3,}|\d{1,3}(?:,\d{3})+|hundreds|thousands|dozens|scores)\b",
                        re.I)


def _generic_tally(text: str) -> bool:
    """Whether a sentence with no event word is about events in general, judged on its
    clause of victims or munitions when a hedge comes in a later clause ("17 militants
    were killed, a number no outside source could confirm"; "a sergeant was wounded, ...
    while others were checked for possible concussion"; "left three dead and nine
    injured, without saying whether they were fighters": the figures stand)."""
    if not _WAR_TALLY.search(text):
        text = _PERFECT_TOLL.sub("were ", text)
    hedge = triggers.GENERIC.search(text)
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, 0, hedge.start())] if hedge else []
    if not breaks:
        return triggers.generic(text)
    head = text[:breaks[-1]]
    if not (MAY_HURT.search(head) or counts.MAY_COUNT.search(head)):
        return triggers.generic(text)
    return triggers.generic(head)


# a semicolon, or a colon that opens a clause ("X has been struck before: in October
# 2023, drones hit the garrison"), not a time ("at 10:30")
_PART_END = re.compile(r";|:(?=\s)")


def _event_part(text: str, found) -> str:
    """The part of ``text`` between semicolons (or colons) that holds the event word
    ``found`` (all of it when there is none): "In March 2022 two rockets hit the depot;
    managers have since doubled the guard" tells one event, whatever the other part says
    in general."""
    if found is None or not _PART_END.search(text):
        return text
    starts = [m.end() for m in _PART_END.finditer(text, 0, found[1])]
    end = _PART_END.search(text, found[2])
    return text[starts[-1] if starts else 0:end.start() if end else len(text)]


def _after_opening_time(text: str) -> str:
    """``text`` without the date it opens on."""
    found = find_dates(text, None)
    return text[found[0].end:] if found and found[0].start == 0 else text


def read_sentence(index: int, sent: Sentence, mentions: list[Mention],
                  published: dt.date | None, anchor: dt.date | None,
                  headline: bool = False, span=None, actors=None) -> SentenceFacts:
    """What one sentence tells (see `SentenceFacts`).

    A headline, and a sentence about events in general that refers to none told
    (`grouping` skips both), get their type, date and flags but no facts. ``actors``:
    the sentence's `actors.ActorMention` list read with the article before it (else
    ``span`` is read alone).
    """
    text = sent.text
    found = own_clause.told_trigger(text, span, triggers.trigger(text))
    etype = found[0] if found else None
    # (a relative clause cut from its sentence opens on its own time, "since March, when
    # a truck bomb killed 20": one event, whatever "since" says in a whole sentence)
    part = _event_part(text, found)
    generic = triggers.generic(_after_opening_time(part) if sent.relative else
                               _without_attribution(part))
    if generic and not etype and not sent.relative:
        generic = _generic_tally(_without_attribution(text))
    plural_ref = bool(triggers.PLURAL_REF.search(text))
    # a sentence with no event of its own gives a date only to an incident its facts go to
    dated_now = bool(etype) or generic or plural_ref
    token = parsed.token_at(span, found[1], found[2]) if found and span is not None else None
    # (a clause cut from its sentence is dated by the time it opens on: `_dates`)
    date, reported = sentence_date(text, published, anchor, bool(etype), sent.relative,
                                   (span, token) if token is not None and not sent.relative
                                   else None) \
        if dated_now else (None, False)
    if generic and date is not None and date.precision == 1 and not reported and \
            own_clause.day_of_event(span, token, date):
        generic = False  # "... on Sunday afternoon, the heaviest since last October": one event
    f = SentenceFacts(index, sent.start, sent.end, text, sent.para, etype, date, mentions,
                      generic=generic, plural_ref=plural_ref,
                      past_perfect=bool(triggers.PAST_PERFECT.search(text)),
                      headline=headline, date_reported=reported, relative=sent.relative,
                      refers_back=bool(etype and not headline and triggers.refers_back(text)))
    if headline or (generic and not plural_ref):
        if not headline and actors:
            # who claimed, denied or is blamed in a sentence telling no one event of its
            # own: `actor_attach` ties them to the incident told around the sentence (a
            # stance told of a kind of event, "such attacks", is none: `actors`); who
            # carries out attacks in general is no stance on one (a speaker's own deed, told
            # in the past perfect, is: "the army said its drones had struck a depot near X,
            # a town held since 2022"; not "saying they target ...")
            f.actors = [(a.text, a.stance) for a in actors if a.stance != "involved" or
                        actors_mod.owned(a) and re.search(r"\bhad\b", text, re.I)]
        return f
    if span is not None and etype:
        launch_site.mark_launch_sites(span, sent.start, mentions)
    told_end = triggers.came_after(text) if etype else 0
    if told_end and found[1] >= told_end and text[:told_end].rstrip().endswith("by"):
        # "The shelling in X was followed by air strikes far to the south": X is the place
        # of the event told before, not of the one the sentence tells (the active "The X
        # blast came a day after ...": `sites.own_type` and `sites.subordinate`)
        for m in mentions:
            if m.start - sent.start < told_end and m.role in ("location", "impact", "target"):
                m.role = "context"
    _read_facts(f, text, span, actors)
    if etype and span is not None:
        # the parse says the event did not take place: it starts no incident
        f.blocked = modality.blocked(token) if token is not None else None
        if f.blocked:
            f.hedged = True
        if f.blocked in ("negated", "not_event"):
            _unplace(f)
    if not dated_now and f.contributes:
        f.date, f.date_reported = sentence_date(text, published, anchor)
    if not etype and any(m.role in ("location", "impact") and not m.is_country
                         for m in f.mentions):
        day, reported = sentence_date(text, published, anchor)
        if day is not None and day.date is not None and day.precision == 1 and not reported:
            f.scene = day
    return f


def _unplace(f: SentenceFacts) -> None:
    """"no rockets were launched from X": no launch site, no count, no event at X; who
    denied what still counts."""
    f.mentions, f.counts, f.launch_text = [], {}, None


def refute(facts: list[SentenceFacts], spans: dict) -> None:
    """An event the next sentence of its paragraph calls untrue ("Footage claimed to show
    a drone exploding on the runway. Officials said ... the report was false") did not
    take place (`modality.refutes`); the refuting sentence tells no event of its own.
    ``spans``: the parse of each parsed sentence, by index."""
    for f, after in zip(facts, facts[1:]):
        span = spans.get(after.index)
        if f.etype and not f.blocked and not f.headline and after.para == f.para and \
                (not after.etype or after.refers_back) and span is not None and \
                modality.refutes(span):
            f.blocked, f.hedged = "negated", True
            _unplace(f)


def _read_facts(f: SentenceFacts, text: str, span=None, said=None) -> None:
    """The facts a sentence adds to its incident: counts, casualties, actors, damage."""
    etype = f.etype
    found = triggers.trigger(text) if etype else None  # the sentence's event word
    sentence_counts.read(f, text, span)
    # (empty unless a casualty word is there; not those of another event the sentence
    # dates itself by: `own_toll`)
    end = own_toll.own_end(text, found)
    f.casualties = casualties(text[:end], parsed.up_to(span, end)) if end < len(text) \
        else None
    if f.casualties is None or not f.casualties.told:
        # (the sentence's own event told no toll: "marched behind the coffin of an officer,
        # a day after he was killed by a car bomb" is the bomb's)
        f.casualties = casualties(text, span)
    # the actors the parse reads (``said``: the sentence's mentions read with the article
    # around it, see `actors.find_in_sentences`; else the sentence alone)
    if said is None and span is not None:
        said = actors_mod.find(span)
    f.actors = [(a.text, a.stance) for a in said or []]
    f.actor_at = {(a.text, a.stance): (a.start_char, a.end_char) for a in reversed(said or [])}
    f.casualties.boast = f.casualties.told and attacker_toll.boasted(text, f.actors)
    f.damage = damage_mod.damage(text)
    if etype:
        f.weapons = triggers.weapons(text)
        launched = _LAUNCHED_BY.search(text)
        f.launch_text = launched.group("what") if launched else None
        if f.launch_text is None and span is not None and not any(
                m.role == "launch" for m in f.mentions):
            f.launch_text = launch_site.launch_words(span)
    f.hedged = _hedge_words(text, found)


read_facts = _read_facts  # (a part of a sentence read as one: `fact_parts`)


# what ends the event's clause before a hedge word: a comma, or an adverbial clause of
# another action ("struck a tower on Wednesday after warning residents to leave")
_CLAUSE_END = re.compile(r"[,;:]|\b(?:after|before|following|while|despite)\b", re.I)
_MONTH_MAY = re.compile(r"May\s+\d|May\b(?<=\d\sMay)")


def _hedge_words(text: str, found: tuple[str, int, int] | None) -> bool:
    """Whether a hedge word ("possible", "could", "planned") speaks of the sentence's
    event: not in the dateline, not the month May, and not after a comma or an adverbial
    clause that ends the event's clause ("bombed hideouts on Monday, ... a figure that
    could not be verified", "struck a tower after warning residents")."""
    for m in triggers.HEDGE_NEW.finditer(text, dateline_end(text)):
        if _MONTH_MAY.match(text, m.start()):
            continue
        if found is not None and m.start() >= found[2] and \
                _CLAUSE_END.search(text[found[2]:m.start()]):
            continue
        return True
    return False
