"""Sentences joined into incidents: one incident per event (same day, same site, same attack).

A sentence about a place joins the incident at that place (same site, compatible type and
date); a sentence with no place adds its facts to the incident it is about (same day, or
the one the narrative is on); a new incident starts only at a sentence that reports an
event with a place or a date of its own and is not generic ("there have been about three
dozen attacks since October"), hedged ("possible attacks") or a reference back.
`group_incidents` runs these steps for each sentence in order.
"""

from __future__ import annotations

import re

from geoincidents.extract import fact_parts, retold, triggers
from geoincidents.extract.dates import DateMention
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.incident import Incident
from geoincidents.extract.launch_site import launch_of
from geoincidents.extract.mentions import Mention
from geoincidents.extract.narrative import Narrative, may_start
from geoincidents.extract.sites import (ROLE_RANK, admin_named, compatible_date,
                                        compatible_type,
                                        principal_place, same_country, same_site,
                                        site_distance, site_groups, subordinate,
                                        own_type, subordinate_type, told_as_motive,
                                        told_as_topic,
                                        without_settings)
from geoincidents.extract.triggers import definite
from geoincidents.extract.unsited import join_without_site, of_its_kind
from geoincidents.gazetteer import Place

__all__ = ["Incident", "ROLE_RANK", "group_incidents", "principal_place"]


# -- the steps ------------------------------------------------------------------------------------

def _site_distance(inc: Incident, place: Place | None) -> float | None:
    return site_distance(inc.site(), place)


def group_incidents(facts: list[SentenceFacts], spans: dict | None = None) -> list[Incident]:
    """Join sentences into incidents (see the module docstring); ``spans``: each
    sentence's parse by its index, when parsed."""
    story = Narrative(spans=spans or {})
    for f in facts:
        if f.headline:
            continue  # a title repeats the body in fewer words; alone it misleads
        _read(f, story, facts)
        _remember_site(f, story)
    for inc in story.incidents:
        if inc.date is None and inc.date_hint is not None:
            inc.date = inc.date_hint
    return [i for i in story.incidents if i.etype is not None]


def _read(f: SentenceFacts, story: Narrative, facts: list[SentenceFacts]) -> None:
    """One sentence's steps: its date, its sites, the incidents it joins or starts."""
    date, inherited = _event_date(f, story)
    if f.generic and not f.plural_ref:
        return
    groups, aimed = _sites(f)
    if f.plural_ref and _shared_by_all(f, groups, date, story):
        return
    if not (f.etype or f.contributes):
        groups = []
    scene, story.scene = story.scene, (f if f.scene is not None else None)
    if scene is not None and not groups and date is None and scene.para == f.para and \
            scene.index == f.index - 1 and may_start(f, story):
        # "Then on Thursday, armed men entered a quarter of X. They set fire to huts ...":
        # the event of the day and place the sentence before set
        _start_at_scene(f, scene, story)
        return
    if scene is not None and date is None and groups and f.etype and scene.para == f.para \
            and scene.index == f.index - 1 and _scene_holds(scene, groups):
        # "Erbil's own airport had a jittery start on Thursday. Air defences around Erbil
        # International Airport shot down a drone ...": the day the sentence before set
        date, inherited = scene.scene, True
    touched = _join_by_site(f, groups, aimed, date, inherited, story)
    if not touched:  # no site, or none taken ("officials called on Baghdad to act")
        joined = join_without_site(f, date, inherited, story)
        if joined is not None:
            touched.append(joined)
    if touched:
        story.focus = touched[-1]
        story.told = (f.para, [i for i in story.told[1] if i not in touched] + touched
                      if story.told[0] == f.para else list(touched))
    elif f.etype not in (None, "other") and not f.generic:
        # "Eight drones approached the port city ..." (no place, no fact): the narrative
        # goes on with the event of its kind the paragraph told
        story.focus = of_its_kind(f, story)
    for inc in touched:
        if inc.etype is None and f.etype:
            inc.etype = f.etype
    _past_perfect_background(f, touched, facts)


def _start_at_scene(f: SentenceFacts, scene: SentenceFacts, story: Narrative) -> None:
    """A new incident of ``f``'s event at the scene's day and places, unless one of that
    day is already at one of those places."""
    places = [m for m in scene.mentions if m.role in ROLE_RANK and m.place is not None and
              not m.is_country]
    told = [i for i in story.incidents if i.date is not None and scene.scene is not None and
            i.date.date == scene.scene.date and
            any(_site_distance(i, m.place) is not None for m in places)]
    inc = told[-1] if told else Incident(None, scene.scene)
    if not told:
        story.incidents.append(inc)
    inc.absorb(scene, places, facts=False, dated=False)
    inc.absorb(f, [m for m in f.mentions if m.role == "launch"])
    story.focus = inc


def _scene_holds(scene: SentenceFacts, groups: list[list[Mention]]) -> bool:
    """One of the sentence's sites is at (or in) a place the scene set."""
    return any(site_distance(m.place, principal_place(g)) is not None
               for m in scene.mentions if m.role in ROLE_RANK and m.place is not None and
               not m.is_country for g in groups)


def _remember_site(f: SentenceFacts, story: Narrative) -> None:
    """The last place of the paragraph told as a site (even in a sentence with no event:
    "The airport has been a frequent target.")."""
    named = [m for m in f.mentions if m.role in ROLE_RANK and m.place is not None and
             not m.is_country]
    if named:
        story.para_site = (f.para, named)
    story.topic = (f.index, named) if named and told_as_topic(f) else None


def _event_date(f: SentenceFacts, story: Narrative) -> tuple[DateMention | None, bool]:
    """The sentence's event date, or its paragraph's (inherited: True)."""
    # a date in a sentence with no event (or one only referred back to) is not its date
    # ("Wednesday's attack" names the event by its day: the incident of that day)
    own = f.date if f.etype and (not f.refers_back or triggers.named_by_day(f.text)) else None
    if own is not None and not f.refers_back and _names_another_event(f, own):
        # "jets hit a depot, a response to Wednesday's attack": the day is that attack's
        own = None
    date, inherited = own, False
    if date is None and story.para_date is not None and story.para_date[0] == f.para:
        date, inherited = story.para_date[1], True
    if own is not None and own.date is not None and not (
            f.date_reported and _SAID_BEFORE.search(f.text, 0, own.start)):
        # (the day a statement was made, told after its verb, dates no event told after
        # it: "the army said in a communique aired on Monday that ..."; an opening day,
        # "On Monday, the army said ...", is often the event's too)
        story.para_date = (f.para, own)
    return date, inherited


_SAID_BEFORE = re.compile(r"\b(?:said|says|announced|reported|stated|added|confirmed)\b",
                         re.I)


def _names_another_event(f: SentenceFacts, date: DateMention) -> bool:
    """The date is the possessive day of an event the sentence names as told ("Wednesday's
    attack") while telling an event of its own."""
    after = f.text[date.end:date.end + 3]  # (offsets within the sentence)
    return after[:2] in ("'s", "’s") and triggers.named_by_day(f.text)


def _sites(f: SentenceFacts) -> tuple[list[list[Mention]], list[Mention]]:
    """The sentence's site groups, and the targets that go with the place it happened."""
    groups = [g for g in site_groups(f.mentions) if not all(m.is_country for m in g)]
    groups = without_settings(f, groups)
    aimed: list[Mention] = []
    if len(groups) > 1 and f.etype == "thwarted":
        sited = [g for g in groups if any(m.role in ("impact", "location") for m in g)]
        if sited and len(sited) < len(groups):
            # "rockets found at the port of X, foiling a plan to attack Y": Y was the
            # target of the seizure at X, not an event of its own
            aimed = [m for g in groups if g not in sited for m in g]
            groups = sited
    return groups, aimed


def _shared_by_all(f: SentenceFacts, groups, date, story: Narrative) -> bool:
    """A sentence about several events ("no one was hurt in either attack") adds to each
    live one; True when it has nothing more to give."""
    live = [i for i in story.incidents if not i.background_hint and
            compatible_date(i.date, date)]
    for inc in live:
        # (its type words are its own event's, or events in general: "jets hit the men
        # behind the recent attacks" gives no attack its jets)
        inc.absorb(f, [], facts=not groups, typed=False)
        if groups:  # "no one was hurt in either attack, but the embassy was hit"
            for kind in ("killed", "injured"):
                if f.casualties.get(kind) == 0:
                    inc.casualties.add(kind, 0, "; ".join(f.casualties.notes))
    if groups:
        return False
    if live:
        story.focus = live[-1]
    return True


def _join_by_site(f, groups, aimed, date, inherited, story: Narrative):
    """Each site group joins the incident at that site (or starts one): the incidents the
    sentence's own event went to."""
    touched: list[Incident] = []
    launch = [m for m in f.mentions if m.role == "launch"]
    focus = story.focus
    # (asked once: the first place this sentence gives the focus places it)
    open_focus = focus if focus is not None and (
        focus.site() is None or focus.site().kind == "country") else None
    told_to = 0  # where the words about the previous site end
    settings = _settings(f, groups)
    # (several sites, each told in its own clause: each takes its own words' facts)
    parts = fact_parts.parts(f, groups, story.spans.get(f.index)) \
        if len(groups) > 1 and not settings else None
    recap = retold.recap(f, groups, story.incidents)
    for k, g in enumerate(groups):
        place = principal_place(g)
        # "The X bombing came two days after ...": dated by the event the sentence named
        sub = subordinate(f, g, date if date is not None or not touched else touched[-1].date)
        gdate = None if sub is not None else date
        # "jets struck X, hours after a rocket hit Y": each site its own words' type
        gtype = triggers.type_before(f.text, g[0].start - f.start, told_to) \
            if len(groups) > 1 or sub is not None else None
        if gtype is None and sub is None and len(groups) > 1:
            gtype = own_type(f, groups, g)
        if k and touched and sub is None and retold.part_of_told(
                f.text[told_to:g[0].start - f.start]):
            # "rockets were launched toward X, and one of them crashed into a house in Y":
            # the salvo's incident takes that clause's facts, not its place
            if parts is not None:
                touched[-1].add_facts(parts[k])
            told_to = g[-1].end - f.start
            continue
        # "X was attacked on Tuesday, and a drone killed five in Y": the day is X's clause's
        carried = k > 0 and sub is None and not inherited and \
            retold.day_of_earlier_clause(f, date, groups[0], told_to, g)
        gdate = None if carried else gdate
        told_to = g[-1].end - f.start
        best = retold.nearest(f, place, gdate, story.incidents, gtype, own=sub is None)
        launched_here = None
        if best is None and sub is None:
            best = launched_here = retold.launched_from(f, place, gdate, story.incidents)
        told_munitions = retold.munitions_of(f, focus)
        if best is None and sub is None and definite(f.text) and focus is not None and \
                (compatible_type(focus.etype, f.etype) or told_munitions) and \
                compatible_date(focus.date, date) \
                and focus.site() is not None and same_country(focus.site(), place):
            best = focus  # "the attack on Taji", "the rockets were launched from ..."
            if told_munitions:  # "The bombs struck a school ...": the event's own type
                gtype = focus.etype
            if (triggers.same_event(f.text) or any(focus is t for t in touched)) and \
                    g[0].role in ("impact", "location") and \
                    focus.site().kind != "country" and not same_site(focus.site(), place):
                # "The same attack started a fire at the airport", "the strikes hit a house
                # outside X, killing three, and a home near Y": the event's other site
                best = _sibling(focus, story)
        if best is None:
            best = retold.in_named_area(f, g, gdate, story.incidents) or \
                retold.measured_from_told(f, g, gdate, story.incidents)
        area = retold.area_of_told(f, g, gdate, gtype, story.incidents) if best is None else None
        best = best or area
        if best is None and (gdate is None or _same_day_told(open_focus, gdate, inherited)) \
                and retold.unplaced(open_focus, f, place):
            # "warplanes struck targets in two provinces. ... its forces hit a site outside
            # X and a radar near Y": the places of the event just told, one incident each
            best = _sibling(open_focus, story) if any(open_focus is t for t in touched) \
                else open_focus
            gtype = gtype or best.etype  # (named again: "the raids" after air strikes)
        if best is None and not recap and may_start(f, story) and not (
                sub is not None and told_as_motive(f, g)):
            best = Incident(None, gdate)
            best.date_inherited = inherited and sub is None
            best.date_hint = date if carried else None
            story.incidents.append(best)
        if best is None:
            continue
        if launched_here is not None:
            # the launch site searched: its place is not the event's, nor a seizure its kind
            best.absorb(f, launch + aimed, etype=best.etype)
            aimed = []
            touched.append(best)
        elif sub is not None:
            # another event the sentence dates itself by: its place and type only
            best.absorb(f, g, facts=False, dated=False,
                        etype=subordinate_type(f, g) or gtype, typed=False)
            if best.date is None and best.date_hint is None and sub is not False:
                best.date_hint = sub  # (False: the words date that event no way)
            if parts is not None:  # ("a day after Israeli jets bombed a depot in Y": its
                # doers and toll; a count told in passing, "a day after a drone attack",
                # is no count of that event's munitions)
                parts[k].counts = {}
                best.add_facts(parts[k])
        else:
            share = len(groups) - settings == 1
            best.absorb(f, g + launch_of(g, launch, groups) + aimed,
                        facts=parts is None and (share or not f.counts), etype=gtype,
                        dated=not carried)
            if parts is not None:
                best.add_facts(parts[k])
            elif not share and f.counts:
                # (the counts of sites not told apart go to none; the toll goes to each,
                # as in a sentence that counts no munitions: "Harir had not been hit since
                # ..., and in 2021 a drone hit near Erbil's airport without casualties")
                best.casualties.merge(f.casualties)
            if area is not None:  # the area is the setting of the site told, not a site
                best.drop_places({m.place.place_id for m in g})
            aimed = []
            touched.append(best)
    return touched


def _settings(f: SentenceFacts, groups) -> int:
    """How many of the sentence's later site groups are the area the first lies in ("in
    the town of X, in the eastern department of Y"): the setting, no second site (the
    sentence's counts are then the first site's)."""
    first = principal_place(groups[0]) if groups else None
    if first is None or not first.admin1:
        return 0
    return sum(1 for g in groups[1:] if all(
        m.place is not None and not m.is_country and admin_named(f, m) and
        m.place.admin1 == first.admin1 and m.place.country == first.country for m in g))


def _same_day_told(focus: Incident | None, date, inherited: bool) -> bool:
    """The sentence's day is only its paragraph's, the focus's ("It began on Monday, when
    two drones approached. Both were shot down by the base's defences")."""
    return inherited and focus is not None and focus.date is not None and \
        focus.date.date is not None and date.date == focus.date.date


def _sibling(inc: Incident, story: Narrative) -> Incident:
    """A new incident of the same event at another place (same type and day)."""
    new = Incident(inc.etype, inc.date)
    new.date_inherited = True
    story.incidents.append(new)
    return new


def _past_perfect_background(f: SentenceFacts, touched, facts) -> None:
    """An undated event told in the past perfect, or in a paragraph that the past
    perfect opens, happened before the news: background."""
    for inc in touched:
        if inc.date is None and len(inc.sentences) == 1:
            earlier = [g for g in facts if g.para == f.para and g.index <= f.index]
            if any(g.past_perfect for g in earlier):
                inc.background_hint = True
