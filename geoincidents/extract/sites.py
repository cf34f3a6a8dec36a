"""Places, types and dates that may be one event's: the tests `grouping` joins by.

A sentence's site mentions are grouped by place (`site_groups`); two places are the same
site when one holds the other or they lie within `SAME_SITE_M`; types group as the
event-type registry says; dates within their precision. A place named in a clause that
dates the sentence's event by another one ("one day after an attack on Y", "a day after a
car bomb killed six soldiers in Y") or names it as a motive ("the men responsible for the
attacks in Y") is that other event's (`subordinate`), with that clause's type.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Literal

from geoincidents import event_types
from geoincidents.extract.dates import DateMention
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.mentions import Mention
from geoincidents.extract.numbers import NUMBER, value
from geoincidents.extract import place_roles, triggers
from geoincidents.extract.place_tokens import _ADMIN_WORDS
from geoincidents.gazetteer import Place, place_distance_m

#: site roles, the strongest first: where it landed, where it happened, what it aimed at
ROLE_RANK = {"impact": 0, "location": 1, "target": 2}
#: a place within this distance of another (or of its radius) is the same site
SAME_SITE_M = 3_000.0



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
    if a.country and b.country and a.country != b.country:
        return False  # a border province does not hold the town across the border
    return place_distance_m(a, b) <= max(a.radius_m, b.radius_m, SAME_SITE_M)


def site_distance(site: Place | None, place: Place | None) -> float | None:
    """Metres from an incident's site to a place of the same site (0 for the same place,
    1e7 when either is a country), or None when they are not one site."""
    if site is None or place is None or not same_site(site, place):
        return None
    if site.place_id == place.place_id:
        return 0.0
    if site.kind == "country" or place.kind == "country":
        return 1e7
    return place_distance_m(site, place)


def same_country(a: Place | None, b: Place | None) -> bool:
    return a is not None and b is not None and a.country == b.country


# "X has been hit before", "X has suffered far worse", "X has a grim history": the place
# the next sentence's past event is about
_HISTORY = re.compile(r"\b(?:has|have)\s+(?:been\s+(?:\w+\s+)?(?:before|repeatedly|often|"
                      r"frequently|regularly)|(?:been\s+)?(?:\w+\s+)?(?:hit|struck|targeted|"
                      r"attacked)\s+before|suffered|endured|seen|known|a\s+(?:\w+\s+)?history)\b",
                      re.I)


def told_as_topic(f: SentenceFacts) -> bool:
    """The sentence names its places as having a history of events, with no day of its own
    ("Camp Victory has been targeted before."): the next sentence's past event is there."""
    return f.date is None and _HISTORY.search(f.text) is not None


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


def admin_named(f: SentenceFacts, m: Mention) -> bool:
    """The mention is named as an administrative area ("Kaduna state", "the province of
    X", "Helmand Province"), whatever place the name resolved to."""
    before = f.text[max(0, m.start - f.start - 20):m.start - f.start].lower().split()[-2:]
    return place_roles.admin_named(m.text, f.text[m.end - f.start:]) or (
        len(before) == 2 and before[0] in _ADMIN_WORDS and before[1] == "of")


def without_settings(f: SentenceFacts, groups: list[list[Mention]]) -> list[list[Mention]]:
    """The site groups less the areas named as administrative ones that are the setting of
    a smaller site of their country ("In neighbouring Kaduna state, police raided a hideout
    near Kachia": one site, Kachia)."""
    if len(groups) < 2:
        return groups
    areas = [g for g in groups if all(admin_named(f, m) for m in g)]
    if not areas or len(areas) == len(groups):
        return groups
    rest = [g for g in groups if g not in areas]
    sites = [m.place for g in rest for m in g if m.place is not None]

    def holds_a_site(area: Place) -> bool:
        # ("a house in Khost city ... and a village in Paktika province": a site of its own)
        return any(p.country == area.country and (
            area.kind == "country" or place_distance_m(area, p) <= max(area.radius_m,
                                                                      SAME_SITE_M))
            for p in sites)
    return [g for g in groups if g in rest or not holds_a_site(g[0].place)]


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
    # "fighters responsible for the recent attacks in Y", "in retaliation for a raid on Y"
    r"following|on the heels of|responsible for|behind|blamed for|in (?:retaliation|response|"
    r"revenge) for|to avenge)\s+(?:an?|the|another|its|their)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attack|strike|assault|bombing|raid|shelling|barrage|incident|explosion|blast|"
    r"airstrike|ambush|bomb)s?\s+(?:(?:on|against|at|in|near|targeting|that\s+(?:hit|struck|"
    r"targeted))\s+|"
    # "a day after a car bomb killed six soldiers outside a barracks in the town of Y": the
    # other event's own clause, to its end (no comma: the sentence's own words come back)
    r"(?:[^.;,:]{0,60}?\s)?(?:killed|wounded|injured|hit|struck|destroyed|damaged|targeted|"
    r"exploded|went\s+off|tore\s+through|ripped\s+through)\s[^.;,:]{0,100}?\b(?:on|against|"
    r"at|in|near|outside|inside|of)\s+)"
    # "after a suicide bombing at a police station in Y", "... at a checkpoint on the edge
    # of Y": the other event's site told in a few more words (no comma: its clause goes on)
    r"(?:the\s+)?(?P<more>(?:[\w'’-]+\s+){0,5}?(?:in|at|near|outside|of|on)\s+(?:the\s+)?)?"
    r"(?:[\w'’-]+\s+){0,2}?$", re.I)


def _subordinate_search(before: str) -> re.Match | None:
    """`_SUBORDINATE` at the end of ``before``; a site told in more words only for an event
    that dates the sentence's ("after a bombing at a checkpoint in Y"), not for a motive
    ("the militants behind a suicide attack on an army post in Y" may be its only telling)."""
    found = _SUBORDINATE.search(before)
    if found is not None and found["more"] and \
            found["dir"].lower() not in _TOLD_BEFORE_DIRS:
        return None
    return found
_MAY_SUBORDINATE = re.compile(r"\b(?:after|before|following|heels|responsible|behind|blamed|"
                              r"retaliation|response|revenge|avenge)\b", re.I)
# the other event told as a clause, the time between given ("a day after insurgents
# stormed a post in X", "hours after a drone strike near the city of Y killed two")
_SUBORDINATE_CLAUSE = re.compile(
    rf"\b(?:(?P<n>{NUMBER})\s+)?(?P<unit>hours?|days?|nights?|weeks?)\s+(?P<dir>after|before)"
    r"\s+(?P<what>[^,;:.\"“”]{3,160}?)$", re.I)


# "The attack came a day after ...": the sentence's own event is one told before, dated
# by the other one its clause tells
_CAME = re.compile(r"\b(?:came|happened|occurred|took\s+place|followed)\s+(?:just\s+|only\s+|"
                   r"barely\s+|less\s+than\s+|more\s+than\s+)?(?:an?\s+)?$", re.I)


_SAID = re.compile(r"\b(?:said|says|reported|announced|claimed|confirmed|stated)\b", re.I)


def _subordinate_clause(f: SentenceFacts, before: str) -> re.Match | None:
    """`_SUBORDINATE_CLAUSE` when its words tell an event (not "hours before the minister
    visited X") and the sentence's own event has a site before them ("The ambush came two
    days after a bomber struck a rally in X" may tell X's event twice)."""
    found = _SUBORDINATE_CLAUSE.search(before)
    if found is None:
        return None
    if _CAME.search(before, 0, found.start()) and _SAID.search(found["what"]):
        # "The attack came a day after the army said it had struck fighters near Y": an
        # event told as reported (an event told outright with no site of the sentence's
        # own before it may be this one's, told again: "The ambush came two days after a
        # bomber struck a rally in X" in a story of an ambush in X)
        return found
    if not triggers.event_type(found["what"]):
        return None
    # (a country will do: "warplanes struck hideouts inside Afghanistan, two days after a
    # car bombing at a police station in X": X is the bombing's)
    own = [m for m in f.mentions if m.role in ROLE_RANK and m.place is not None and
           m.start - f.start < found.start()]
    return found if own else None


# "a day before the Djibo assault", "hours after Sunday's Kabul bombing": the place names
# the other event (`_EVENT_NOUN_AFTER` must follow it)
_NAMED_BY_PLACE = re.compile(
    rf"\b(?:(?P<n>{NUMBER})\s+(?P<unit>hours?|days?|nights?|weeks?)\s+)?(?P<dir>after|before|"
    r"following)\s+(?:the|\w+['’]s)\s+$", re.I)
_EVENT_NOUN_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:attacks?|assaults?|strikes?|airstrikes?|bombings?|"
    r"raids?|ambush(?:es)?|shelling|blasts?|explosions?|massacre)\b", re.I)


def _other_event(f: SentenceFacts, m: Mention) -> re.Match | None:
    """The words before ``m`` that tell another event it belongs to, if any."""
    before = f.text[:m.start - f.start]
    found = _subordinate_search(before) or _subordinate_clause(f, before)
    if found is None and (named := _NAMED_BY_PLACE.search(before)) is not None and \
            _EVENT_NOUN_AFTER.match(f.text, m.end - f.start):
        return named
    return found


_TOLD_BEFORE_DIRS = ("after", "before", "following", "on the heels of")


def told_as_motive(f: SentenceFacts, group: list[Mention]) -> bool:
    """The group is named only as the place of events the sentence's one answers ("fighters
    responsible for the recent attacks in Y"): events told before, never a new one."""
    for m in group:
        found = _subordinate_search(f.text[:m.start - f.start])
        if found is not None:
            return found["dir"].lower() not in _TOLD_BEFORE_DIRS
    return False


def own_type(f: SentenceFacts, groups: list[list[Mention]], group: list[Mention]) -> str | None:
    """The type of the sentence's own words before the clause of another event, for a
    site named before that clause ("The Ghazni blast came a day after a drone hit a house
    near Y": ied, not the drone's), or None."""
    starts = [found.start() for g in groups for m in g
              if (found := _other_event(f, m)) is not None]
    if not starts or group[0].start - f.start >= min(starts):
        return None
    return triggers.event_type(f.text[:min(starts)])


def subordinate_type(f: SentenceFacts, group: list[Mention]) -> str | None:
    """The event type the words of the other event's clause give ("a day after a car bomb
    killed six soldiers in Y": ied), None when they give none; the group is `subordinate`."""
    for m in group:
        found = _other_event(f, m)
        if found is not None:
            return triggers.event_type(found.group())
    return None


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
        found = _other_event(f, m)
        if found is None:
            continue
        unit = (found["unit"] or "").lower().rstrip("s")
        if date is None or date.date is None or (found["n"] is None and unit != "hour"):
            return False  # ("hours after": the same day, as far as the words tell)
        n = (value(found["num"]) or 1) if found["n"] is not None else 0
        days = {"hour": 0, "day": n, "night": n, "week": 7 * n}[unit]
        sign = 1 if found["dir"].lower() == "before" else -1
        when = date.date + dt.timedelta(days=sign * days)
        return DateMention(found.start(), found.end(), f"{found.group().strip()} {date.text}",
                           "anchor_n", when, 2 if unit == "week" else date.precision,
                           relative_to_anchor=True)
    return None
