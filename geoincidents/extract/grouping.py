"""Sentences joined into incidents: one incident per event (same day, same site, same attack).

A sentence about a place joins the incident at that place (same site, compatible type and
date); a sentence with no place adds its facts to the incident it is about (same day, or
the one the narrative is on); a new incident starts only at a sentence that reports an
event with a place or a date of its own and is not generic ("there have been about three
dozen attacks since October"), hedged ("possible attacks") or a reference back.
`group_incidents` runs these steps for each sentence in order.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Literal

from geoincidents import event_types
from geoincidents.extract.casualties import Casualties
from geoincidents.extract.dates import DateMention
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.launch_site import launch_of
from geoincidents.extract.mentions import Mention
from geoincidents.extract.numbers import NUMBER, value
from geoincidents.extract.triggers import PRIORITY, definite
from geoincidents.gazetteer import Place, place_distance_m

#: site roles, the strongest first: where it landed, where it happened, what it aimed at
ROLE_RANK = {"impact": 0, "location": 1, "target": 2}
#: a place within this distance of another (or of its radius) is the same site
SAME_SITE_M = 3_000.0


@dataclass(eq=False)  # identity: two incidents with the same facts are still two
class Incident:
    etype: str | None
    date: DateMention | None
    sentences: list[SentenceFacts] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    casualties: Casualties = field(default_factory=Casualties)
    actors: list[tuple[str, str]] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    launch_text: str | None = None
    background_hint: bool = False
    date_inherited: bool = False
    #: a date known only relative to another event ("a day after the attack on X"); used
    #: when no sentence gives this event a date of its own
    date_hint: DateMention | None = None
    _site_key: int = field(default=-1, repr=False)
    _site: Place | None = field(default=None, repr=False)

    def site(self) -> Place | None:
        """`principal_place` of the mentions (remembered until a mention is added)."""
        key = len(self.mentions)
        if self._site_key != key:
            self._site_key, self._site = key, principal_place(self.mentions)
        return self._site

    def absorb(self, f: SentenceFacts, mentions: list[Mention], *, facts: bool = True,
               dated: bool = True) -> None:
        if f not in self.sentences:
            self.sentences.append(f)
        held = {id(m) for m in self.mentions}  # the same mention objects, not equal ones
        self.mentions += [m for m in mentions if id(m) not in held]
        if f.etype and (self.etype is None or PRIORITY[f.etype] < PRIORITY[self.etype]):
            if not (self.etype in ("drone_strike", "airstrike", "raid", "protest", "ied")
                    and f.etype in ("thwarted", "rocket_attack")):
                self.etype = f.etype
        if dated and f.date is not None and (self.date is None or (
                self.date.date is None and f.date.date is not None)):
            self.date = f.date
        if facts:
            self._add_facts(f)

    def _add_facts(self, f: SentenceFacts) -> None:
        for role, n in f.counts.items():
            self.counts[role] = max(self.counts.get(role, 0), n)
        c = f.casualties
        for kind in ("killed", "injured"):
            hurt = c.get(kind)
            if hurt is not None:
                notes = [x for x in c.notes if kind in x or x.startswith("no ")]
                self.casualties.add(kind, hurt, "; ".join(notes) or kind)
        for a in f.actors:
            if not any(a[0].lower() == b[0].lower() for b in self.actors):
                self.actors.append(a)
        self.damage += [d for d in f.damage if d not in self.damage]
        self.weapons += [w for w in f.weapons if w not in self.weapons]
        if f.launch_text and not self.launch_text:
            self.launch_text = f.launch_text


# -- places, types and dates that may be one event's ------------------------------------------

def principal_place(mentions: list[Mention]) -> Place | None:
    """The place an incident happened: impact over location over target mentions; among
    equals the most precise (smallest radius); countries only when nothing else."""
    usable = [m for m in mentions if m.role in ROLE_RANK and m.place is not None]
    pool = [m for m in usable if not m.is_country] or usable
    if not pool:
        return None
    best_rank = min(ROLE_RANK[m.role] for m in pool)
    best = [m for m in pool if ROLE_RANK[m.role] == best_rank]
    return min(best, key=_by_precision).place


def _by_precision(m: Mention) -> tuple[float, int]:
    return (m.place.radius_m if m.place is not None else math.inf, m.start)


def same_site(a: Place, b: Place) -> bool:
    if a.place_id == b.place_id:
        return True
    if a.kind == "country" or b.kind == "country":
        return a.country == b.country
    return place_distance_m(a, b) <= max(a.radius_m, b.radius_m, SAME_SITE_M)


def same_country(a: Place | None, b: Place | None) -> bool:
    return a is not None and b is not None and a.country == b.country


def compatible_type(a: str | None, b: str | None) -> bool:
    return event_types.groups_with(a, b)


def compatible_date(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return True
    if a.date is None or b.date is None:
        # unresolved ("Wednesday" with no publication date): only the same words, or a
        # date counted from the narrative's, may be the same day
        if a.date is None and b.date is None:
            return a.text.lower() == b.text.lower() or a.relative_to_anchor or \
                b.relative_to_anchor
        return False
    if max(a.precision, b.precision) >= 3:
        return (a.date.year, a.date.month) == (b.date.year, b.date.month)
    tolerance = 0 if max(a.precision, b.precision) == 1 else 7
    return abs((a.date - b.date).days) <= tolerance


def _site_distance(inc: Incident, place: Place | None) -> float | None:
    site = inc.site()
    if site is None or place is None or not same_site(site, place):
        return None
    if site.place_id == place.place_id:
        return 0.0
    if site.kind == "country" or place.kind == "country":
        return 1e7
    return place_distance_m(site, place)


def site_groups(mentions: list[Mention]) -> list[list[Mention]]:
    """A sentence's site mentions (impact, location, target) grouped by place.

    "The base was struck when missiles hit Ain al-Asad": a back-reference ("the base")
    gives way to a place of its kind named in the same sentence.
    """
    site = [m for m in mentions if m.role in ROLE_RANK and m.place is not None]
    named_kinds = {m.place.kind for m in site if m.place is not None and m.source != "anaphor"}
    site = [m for m in site if m.source != "anaphor" or
            (m.place is not None and m.place.kind not in named_kinds)]
    pool = [m for m in site if not m.is_country] or site
    groups: list[list[Mention]] = []
    for m in pool:
        for g in groups:
            if same_site(g[0].place, m.place):
                g.append(m)
                break
        else:
            groups.append([m])
    return groups


_SUBORDINATE = re.compile(
    rf"\b(?:(?P<n>{NUMBER})\s+(?P<unit>hours?|days?|nights?|weeks?)\s+)?(?P<dir>after|before|"
    r"following|on the heels of)\s+(?:an?|the|another|its|their)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attack|strike|assault|bombing|raid|shelling|barrage|incident|explosion|blast|"
    r"airstrike|ambush)s?\s+(?:on|against|at|in|near|targeting|that\s+(?:hit|struck|targeted))"
    r"\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?$", re.I)
_MAY_SUBORDINATE = re.compile(r"\b(?:after|before|following|heels)\b", re.I)


def subordinate(f: SentenceFacts, group: list[Mention],
                date: DateMention | None) -> DateMention | Literal[False] | None:
    """A place named in a clause that dates the sentence's event by another one ("Rockets hit
    X on Sunday, one day after an attack on Y"): Y's event is not on Sunday.

    Returns None when the group is the sentence's own event; else the other event's date as
    far as the words give it (a `DateMention`, or False when they give none).
    """
    if not _MAY_SUBORDINATE.search(f.text):
        return None
    for m in group:
        found = _SUBORDINATE.search(f.text[:m.start - f.start])
        if found is None:
            continue
        if date is None or date.date is None or found["n"] is None:
            return False
        n = value(found["num"]) or 1
        unit = found["unit"].lower().rstrip("s")
        days = {"hour": 0, "day": n, "night": n, "week": 7 * n}[unit]
        sign = 1 if found["dir"].lower() == "before" else -1
        when = date.date + dt.timedelta(days=sign * days)
        return DateMention(found.start(), found.end(), f"{found.group().strip()} {date.text}",
                           "anchor_n", when, 2 if unit == "week" else date.precision,
                           relative_to_anchor=True)
    return None


# -- the steps ------------------------------------------------------------------------------------

@dataclass
class _Narrative:
    """Where the article is: its incidents so far, the one the last sentence was about,
    and the last date a paragraph gave an event."""
    incidents: list[Incident] = field(default_factory=list)
    focus: Incident | None = None
    para_date: tuple[int, DateMention] | None = None


def group_incidents(facts: list[SentenceFacts]) -> list[Incident]:
    """Join sentences into incidents (see the module docstring)."""
    story = _Narrative()
    for f in facts:
        if f.headline:
            continue  # a title repeats the body in fewer words; alone it misleads
        date, inherited = _event_date(f, story)
        if f.generic and not f.plural_ref:
            continue
        groups, aimed = _sites(f)
        if f.plural_ref and _shared_by_all(f, groups, date, story):
            continue
        if not (f.etype or f.contributes):
            groups = []
        touched = _join_by_site(f, groups, aimed, date, inherited, story)
        if not touched:  # no site, or none taken ("officials called on Baghdad to act")
            joined = _join_without_site(f, date, inherited, story)
            if joined is not None:
                touched.append(joined)
        if touched:
            story.focus = touched[-1]
        for inc in touched:
            if inc.etype is None and f.etype:
                inc.etype = f.etype
        _past_perfect_background(f, touched, facts)
    for inc in story.incidents:
        if inc.date is None and inc.date_hint is not None:
            inc.date = inc.date_hint
    return [i for i in story.incidents if i.etype is not None]


def _event_date(f: SentenceFacts, story: _Narrative) -> tuple[DateMention | None, bool]:
    """The sentence's event date, or its paragraph's (inherited: True)."""
    # a date in a sentence with no event (or one only referred back to) is not its date
    own = f.date if f.etype and not f.refers_back else None
    date, inherited = own, False
    if date is None and story.para_date is not None and story.para_date[0] == f.para:
        date, inherited = story.para_date[1], True
    if own is not None and own.date is not None:
        story.para_date = (f.para, own)
    return date, inherited


def _sites(f: SentenceFacts) -> tuple[list[list[Mention]], list[Mention]]:
    """The sentence's site groups, and the targets that go with the place it happened."""
    groups = [g for g in site_groups(f.mentions) if not all(m.is_country for m in g)]
    aimed: list[Mention] = []
    if len(groups) > 1 and f.etype == "thwarted":
        sited = [g for g in groups if any(m.role in ("impact", "location") for m in g)]
        if sited and len(sited) < len(groups):
            # "rockets found at the port of X, foiling a plan to attack Y": Y was the
            # target of the seizure at X, not an event of its own
            aimed = [m for g in groups if g not in sited for m in g]
            groups = sited
    return groups, aimed


def _shared_by_all(f: SentenceFacts, groups, date, story: _Narrative) -> bool:
    """A sentence about several events ("no one was hurt in either attack") adds to each
    live one; True when it has nothing more to give."""
    live = [i for i in story.incidents if not i.background_hint and
            compatible_date(i.date, date)]
    for inc in live:
        inc.absorb(f, [], facts=not groups)
        if groups:  # "no one was hurt in either attack, but the embassy was hit"
            for kind in ("killed", "injured"):
                if f.casualties.get(kind) == 0:
                    inc.casualties.add(kind, 0, "; ".join(f.casualties.notes))
    if groups:
        return False
    if live:
        story.focus = live[-1]
    return True


def _nearest(f: SentenceFacts, place: Place | None, gdate: DateMention | None,
             story: _Narrative) -> Incident | None:
    """The latest-told incident of compatible type and date closest to ``place``."""
    best, best_d = None, None
    for inc in reversed(story.incidents):
        # the day something was said rules out no incident
        if not (compatible_type(inc.etype, f.etype) and
                (f.date_reported or compatible_date(inc.date, gdate))):
            continue
        d = _site_distance(inc, place)
        if d is None and inc.site() is None and f.date is not None and \
                inc.date is not None and f.date.date is not None and \
                f.date.date == inc.date.date:
            d = 5e6  # an undated-place incident the sentence names by its date
        if d is not None and (best_d is None or d < best_d):
            best, best_d = inc, d
    return best


def _may_start(f: SentenceFacts, story: _Narrative) -> bool:
    """A sentence that may start an incident: an event, not hedged, generic or told before."""
    return bool(f.etype) and not (f.hedged or (f.refers_back and story.incidents)) and \
        not f.generic_plural


def _join_by_site(f, groups, aimed, date, inherited, story: _Narrative):
    """Each site group joins the incident at that site (or starts one): the incidents the
    sentence's own event went to."""
    touched: list[Incident] = []
    launch = [m for m in f.mentions if m.role == "launch"]
    focus = story.focus
    for g in groups:
        place = principal_place(g)
        sub = subordinate(f, g, date)
        gdate = None if sub is not None else date
        best = _nearest(f, place, gdate, story)
        if best is None and definite(f.text) and focus is not None and \
                compatible_type(focus.etype, f.etype) and compatible_date(focus.date, date) \
                and focus.site() is not None and same_country(focus.site(), place):
            best = focus  # "the attack on Taji", "the rockets were launched from ..."
        if best is None and _may_start(f, story):
            best = Incident(None, gdate)
            best.date_inherited = inherited and sub is None
            story.incidents.append(best)
        if best is None:
            continue
        if sub is not None:
            # another event the sentence dates itself by: its place and type only
            best.absorb(f, g, facts=False, dated=False)
            if best.date is None and best.date_hint is None and sub is not False:
                best.date_hint = sub  # (False: the words date that event no way)
        else:
            share = len(groups) == 1
            best.absorb(f, g + launch_of(g, launch, groups) + aimed, facts=share or not f.counts)
            aimed = []
            touched.append(best)
    return touched


def _join_without_site(f: SentenceFacts, date, inherited, story: _Narrative
                       ) -> Incident | None:
    """A sentence with no site of its own: its facts go to the incident of its day, else
    the focus; an event with a date of its own may start an incident placed by country."""
    countries = {m.place.country for m in f.mentions
                 if m.place is not None and m.is_country and m.role in ROLE_RANK}

    def fits(i: Incident) -> bool:  # an incident these facts may belong to
        if not (compatible_type(i.etype, f.etype) and
                (f.date_reported or compatible_date(i.date, date))):
            return False
        site = i.site()
        return not countries or site is None or site.country in countries

    match = None
    wanted = f.contributes or bool(countries and f.etype)
    if date is not None and date.date is not None and (wanted or not inherited):
        same = [i for i in story.incidents if i.date is not None and
                i.date.date == date.date and fits(i)]
        if same:
            match = same[-1]
    focus = story.focus
    if match is None and focus is not None and wanted and not f.generic_plural and fits(focus):
        match = focus
    if match is None and date is not None and _may_start(f, story) and not inherited and \
            not f.date_reported:
        match = Incident(None, date)
        story.incidents.append(match)
        match.mentions += [m for m in f.mentions if m.is_country and m.role in ROLE_RANK]
    if match is not None:
        match.absorb(f, [m for m in f.mentions if m.role == "launch"])
    return match


def _past_perfect_background(f: SentenceFacts, touched, facts) -> None:
    """An undated event told in the past perfect, or in a paragraph that the past
    perfect opens, happened before the news: background."""
    for inc in touched:
        if inc.date is None and len(inc.sentences) == 1:
            earlier = [g for g in facts if g.para == f.para and g.index <= f.index]
            if any(g.past_perfect for g in earlier):
                inc.background_hint = True
