"""A sentence with no site of its own: the incident its facts go to, or one it starts."""

from __future__ import annotations

import re

from geoincidents.extract import retold, triggers
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.incident import Incident
from geoincidents.extract.narrative import Narrative, may_start
from geoincidents.extract.sites import ROLE_RANK, compatible_date, compatible_type
from geoincidents.extract.triggers import definite

__all__ = ["join_without_site", "of_its_kind"]

# a part of a place named before: "near its military section", "over the perimeter"
# "at the building's gate", "inside the compound": the site itself, named again
# (not "the gate of a base further south": a part of a site not named yet)
_PART_OF_SITE = re.compile(r"\b(?:its|the)\s+(?:[\w-]+\s+)?(?:section|perimeter|runway|gates?|"
                           r"compound|grounds|entrance|hangars?|terminal|walls?|fence|"
                           r"building|premises)\b"
                           r"(?!\s+of\s+(?:an?|another)\b)", re.I)


def join_without_site(f: SentenceFacts, date, inherited, story: Narrative
                       ) -> Incident | None:
    """A sentence with no site of its own: its facts go to the incident of its day, else
    the focus; an event with a date of its own may start an incident placed by country."""
    countries = {m.place.country for m in f.mentions
                 if m.place is not None and m.is_country and m.role in ROLE_RANK}

    def fits(i: Incident) -> bool:  # an incident these facts may belong to
        # (an event dated only by another's words, "a day after rockets hit X", by that day)
        if not ((compatible_type(i.etype, f.etype) or _seized_in_raid(f, i)) and
                (f.date_reported or compatible_date(i.date or i.date_hint, date))):
            return False
        site = i.site()
        return not countries or site is None or site.country in countries

    match = None
    wanted = f.contributes or bool(countries and f.etype)
    if date is not None and date.date is not None and (wanted or not inherited):
        # (an incident dated only by another's words, "hours after drones hit X", too)
        same = [i for i in story.incidents if (i.date or i.date_hint) is not None and
                (i.date or i.date_hint).date == date.date and fits(i) and
                not _another_kind_apart(f, i, story)]
        if same:
            # (the one the sentence just before told, when it is of that day: "shells fell
            # on X late on Monday. Two people were killed" after a lead that told Monday's
            # events at X and at Y)
            match = story.focus if any(story.focus is i for i in same) and \
                story.focus.told and story.focus.told[-1].index == f.index - 1 else same[-1]
    focus = of_its_kind(f, story)
    if match is None and f.refers_back and f.etype not in (None, "other") and \
            (focus is None or focus.etype != f.etype):
        # "claimed the bombing" after a shooting was told: the bombing told before it
        told = [i for i in story.incidents if i.etype == f.etype and fits(i)]
        match = told[-1] if told else None
    if match is None and focus is not None and wanted and not f.generic_plural and \
            fits(focus) and not _another_time(f, date, inherited, focus, story):
        match = focus
    if match is None and f.etype not in (None, "other") and triggers.told_munition(f.text):
        # "The rockets were fired from a grove ...", "said its fighters had launched the
        # rockets": the munitions of an event told before (a country the sentence names,
        # "the armed wing of X in Lebanon", makes no event of its own)
        told = [i for i in story.incidents if i.etype == f.etype and not i.background_hint and
                (f.date_reported or compatible_date(i.date, date))]
        match = told[-1] if told else None
    if match is None and countries and date is not None and may_start(f, story) and \
            not inherited and not f.date_reported:
        # "what Afghanistan described as Pakistani air strikes on its territory" on
        # Tuesday, then "on Tuesday, warplanes struck several locations across the border
        # in Afghanistan": one event told by country twice
        told = [i for i in story.incidents if i.etype == f.etype and i.date is not None and
                retold.same_day(i.date, date) and (i.site() is None or i.site().kind == "country")]
        match = told[-1] if told else None
        if match is not None:
            match.mentions += [m for m in f.mentions if m.is_country and m.role in ROLE_RANK]
    if match is None and date is not None and may_start(f, story) and not inherited and \
            not f.date_reported:
        match = Incident(None, date)
        story.incidents.append(match)
        match.mentions += [m for m in f.mentions if m.is_country and m.role in ROLE_RANK]
        if story.topic is not None and story.topic[0] == f.index - 1 and not any(
                m.role in ROLE_RANK and m.place is not None and not m.is_country
                for m in f.mentions):
            # "Baidoa has suffered far worse. In 2022, twin car bombs at a roundabout
            # killed thirty": the place the sentence before made its topic
            match.mentions += story.topic[1]
        elif (f.relative or _PART_OF_SITE.search(f.text)) and story.para_site and \
                story.para_site[0] == f.para:
            # "three rockets landed near its military section", "the deadliest in Sumy
            # since April, when a missile killed 35": the place just named
            match.mentions += story.para_site[1]
        elif (f.relative or _PART_OF_SITE.search(f.text)) and focus is not None and \
                focus.site() is not None and focus.site().kind != "country":
            # "the first attack on the base since July, when a drone wounded five": the
            # place the comparison is about, the event's just told; "Last September, a
            # bomber blew himself up at the building's gate" in the next paragraph: the
            # site of the event just told
            match.mentions += [m for m in focus.mentions if m.place is focus.site()]
    if match is not None:
        match.absorb(f, [m for m in f.mentions if m.role == "launch"])
    return match




def _seized_in_raid(f: SentenceFacts, i: Incident) -> bool:
    """Munitions seized, told with no site in the paragraph of a raid ("Police raided a
    house in X. They also seized a launcher and four rockets"): the raid's haul."""
    return i.etype == "raid" and bool(f.counts) and set(f.counts) == {"n_seized"} and \
        any(s.para == f.para for s in i.sentences)


def _another_kind_apart(f: SentenceFacts, i: Incident, story: Narrative) -> bool:
    """A sentence of a new paragraph telling an event of another kind than an incident of
    the same day ("Ukrainian drones hit X on Tuesday night ..." told, then a paragraph on
    "rockets ... hit homes, a school on Tuesday"): another incident on that day, not more
    of it."""
    kinds = (f.etype, i.etype)
    return None not in kinds and "other" not in kinds and f.etype != i.etype and \
        may_start(f, story) and all(s.para != f.para for s in i.sentences)


def _another_time(f: SentenceFacts, date, inherited: bool, focus: Incident,
                  story: Narrative) -> bool:
    """An event told with a looser time of its own than the focus's day ("Earlier this
    month, three rockets landed ..." after Monday's seizure): another incident."""
    return date is not None and date.date is not None and not inherited and \
        focus.date is not None and focus.date.date is not None and \
        date.precision > focus.date.precision and not definite(f.text) and \
        may_start(f, story)


def of_its_kind(f: SentenceFacts, story: Narrative) -> Incident | None:
    """The incident the narrative is on for ``f``: the focus (the last one told), but when
    the sentence before told several events, the last of them of ``f``'s own kind ("Drones
    hit a depot in X on Sunday, while shelling killed 11 in Y the next day. Eight drones
    approached the port city from the south ...": X's drones, not Y's shelling); the
    several are those the last paragraph that told any went to. A focus of no kind yet
    ("the base was also targeted") keeps the narrative: the sentence tells its kind."""
    focus, told = story.focus, story.told[1]
    if focus is None or f.etype in (None, "other") or focus.etype in (None, "other") or \
            focus.etype == f.etype or len(told) < 2 or focus not in told:
        return focus
    kin = [i for i in told if i.etype == f.etype]
    return kin[-1] if kin else focus
