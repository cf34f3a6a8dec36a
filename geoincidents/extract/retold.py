"""The incident already told that a sentence's site points back to, when the sentence
tells that event again from another side: its launch site searched, the area its site lies
in named, or the area named alone by the other side's account. Each takes the article's
incidents so far, latest last (`grouping` asks them in turn); and the incident told that a
sentence's place is nearest to, or that it places when it was told with no place."""

from __future__ import annotations

import re

from geoincidents.extract import triggers
from geoincidents.extract.dates import DateMention
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.incident import Incident
from geoincidents.extract.lexicon import alternation
from geoincidents.extract.mentions import Mention
from geoincidents.extract.sites import (admin_named, compatible_date, compatible_type,
                                        principal_place, same_site, site_distance)
from geoincidents.gazetteer import Place


def launched_from(f: SentenceFacts, place: Place | None, date,
                   incidents: list[Incident]) -> Incident | None:
    """The incident told as launched from ``place`` (same day, or no day of the sentence's
    own): "Police who raced to X found the rails", "claimed the X operation"."""
    if place is None or place.kind == "country":
        return None
    for inc in reversed(incidents):
        if not (compatible_type(inc.etype, f.etype) and
                (f.date_reported or compatible_date(inc.date, date))):
            continue  # ("police raided a house in X the next day": an event of its own)
        if any(m.role == "launch" and m.place is not None and not m.is_country and
               same_site(m.place, place) for m in inc.mentions):
            return inc
    return None


def in_named_area(f: SentenceFacts, g: list[Mention], date,
                   incidents: list[Incident]) -> Incident | None:
    """The incident of the sentence's type (or told untyped, "other", on one side: "a
    village raid" then "gunmen stormed a village") and day placed at an area the sentence names
    as where its site lies ("a village raid in Lamu county" told, then "gunmen stormed a
    village near Mpeketoni in Lamu county"): the same event, told in detail."""
    if date is None or date.date is None or not f.etype:
        return None
    areas = {m.place.place_id for m in f.mentions if m.place is not None and
             not m.is_country and m.role not in ("launch", "context") and m not in g and
             admin_named(f, m)}
    for inc in reversed(incidents):
        site = inc.site()
        if site is not None and site.place_id in areas and \
                (inc.etype == f.etype or "other" in (inc.etype, f.etype)) and \
                inc.date is not None and inc.date.date == date.date:
            # the area is now the setting of the site the sentence names in it
            inc.drop_places(areas)
            return inc
    return None


def measured_from_told(f: SentenceFacts, g: list[Mention], date,
                       incidents: list[Incident]) -> Incident | None:
    """The incident of the sentence's type (or "other" on one side) and day placed only
    vaguely at the point the sentence measures its site from ("a bomb killed two soldiers
    south of X" told, then "a patrol near Y, about 60 km south of X, hit a bomb"): the
    same event, told in detail; X gives way to the site."""
    if date is None or date.date is None or not f.etype or date.precision != 1:
        return None
    points = {m.place.place_id for m in f.mentions if m.place is not None and
              not m.is_country and m.role == "reference" and m not in g}
    if not points or any(m.place is not None and m.place.place_id in points for m in g):
        return None
    for inc in reversed(incidents):
        site = inc.site()
        if site is None or site.place_id not in points or inc.background_hint or \
                inc.date is None or inc.date.date != date.date:
            continue
        placed = [m for m in inc.mentions if m.place is not None and
                  m.place.place_id == site.place_id]
        if placed and all(m.near for m in placed) and \
                (inc.etype == f.etype or "other" in (inc.etype, f.etype)):
            inc.drop_places(points)
            return inc
    return None


def area_of_told(f: SentenceFacts, g: list[Mention], date, etype,
                  incidents: list[Incident]) -> Incident | None:
    """The incident of compatible type and day whose site lies in the area that is the
    sentence's only site ("hit a depot near Valuyki" told, then the other side's "downed
    14 drones over the Belgorod region overnight"): the same event, told from afar."""
    if not all(m.place is not None and not m.is_country and admin_named(f, m) for m in g):
        return None
    area = g[0].place
    for inc in reversed(incidents):
        site = inc.site()
        if site is not None and area.admin1 and site.admin1 == area.admin1 and \
                site.country == area.country and site.place_id != area.place_id and \
                compatible_type(inc.etype, etype or f.etype) and compatible_date(inc.date, date):
            return inc
    return None


def nearest(f: SentenceFacts, place: Place | None, gdate: DateMention | None,
            incidents: list[Incident], etype: str | None = None, own: bool = True
            ) -> Incident | None:
    """The latest-told incident of compatible type and date closest to ``place`` (``own``:
    the place is of the sentence's own event, not of one it names as a motive or date)."""
    best, best_d = None, None
    for inc in reversed(incidents):
        # the day something was said rules out no incident
        d = site_distance(inc.site(), place)
        # ("a drone strike near X killed two ... an aircraft had struck the two men on a
        # road east of X": the drone, named by the word for any aircraft)
        drone_as_aircraft = inc.etype == "drone_strike" and \
            (etype or f.etype) == "airstrike" and triggers.only_aircraft(f.text) and \
            d is not None and d <= _AIRCRAFT_KM * 1000
        if not ((compatible_type(inc.etype, etype or f.etype) or drone_as_aircraft) and
                (f.date_reported or compatible_date(inc.date, gdate) or
                 _same_night(inc, f, gdate, d))):
            continue
        if d is not None and d >= 1e7 and triggers.another(f.text):
            continue  # "a second drone was shot down near X": not the event placed by country
        if d is None and inc.site() is None and f.date is not None and \
                inc.date is not None and f.date.date is not None and \
                f.date.date == inc.date.date and not triggers.another(f.text):
            d = 5e6  # an unplaced incident the sentence names by its date (not "another")
        if d is None and own and _told_unplaced(inc, f, place, etype):
            d = 6e6
        if d is not None and (best_d is None or d < best_d):
            best, best_d = inc, d
    return best


# the event told across midnight: "late on Monday night" and "shortly after midnight on
# Tuesday" (the earlier day told late, the later one early)
_LATE = re.compile(r"\b(?:late\s+(?:on|in)\b|(?:on\s+)?\w+day\s+night|nightfall)", re.I)
_EARLY = re.compile(r"\b(?:after\s+midnight|overnight|early\s+hours|before\s+dawn|pre-?dawn|"
                    r"early\s+on)\b", re.I)
_AGAIN = re.compile(r"\b(?:again|next|following|consecutive|second|third|renewed)\b", re.I)


def _same_night(inc: Incident, f: SentenceFacts, gdate: DateMention | None,
                d: float | None) -> bool:
    """The event told again across midnight: the same site (within `_SAME_SITE_M`), the
    earlier day told late and the later day early, the sentence not "another" event."""
    if gdate is None or gdate.date is None or inc.date is None or inc.date.date is None or \
            d is None or d > _SAME_SITE_M or abs((gdate.date - inc.date.date).days) != 1 or \
            max(gdate.precision, inc.date.precision) != 1 or triggers.another(f.text) or \
            _AGAIN.search(f.text):
        return False
    told = [g.text for g in inc.sentences]
    if gdate.date > inc.date.date:
        return bool(_EARLY.search(f.text)) and any(_LATE.search(t) for t in told)
    return bool(_LATE.search(f.text)) and any(_EARLY.search(t) for t in told)


#: how near the sites of one event told across midnight are
_SAME_SITE_M = 2000
#: how near a drone strike told before an "aircraft" strike must be to be the same one
_AIRCRAFT_KM = 30


def _told_unplaced(inc: Incident, f: SentenceFacts, place: Place | None,
                   etype: str | None) -> bool:
    """The incident is an event of the sentence's type told with no place, or only a
    country, and the sentence places one of that type: with no day of its own, in that
    country ("a bomb killed an adviser in the capital hours later", then "In Kabul, a bomb
    ... exploded at about 8 a.m."); or on that very day, in any country (a lead's "what
    Afghanistan described as Pakistani air strikes on its territory" on Tuesday, then
    "early on Tuesday, warplanes struck several locations in Paktika"): the same event
    told in detail."""
    site = inc.site()
    if place is None or inc.etype is None or inc.etype != (etype or f.etype) or \
            inc.background_hint or triggers.another(f.text) or \
            (site is not None and site.kind != "country"):
        return False
    if f.date is None:
        return site is None or site.country == place.country
    return inc.date is not None and same_day(inc.date, f.date)


def unplaced(focus: Incident | None, f: SentenceFacts, place: Place | None) -> bool:
    """The focus is an event told with no place (or only a country) that this sentence's
    places may locate: same type family, not background, and no date of its own."""
    # ("the raids killed eight: three when a house in X was flattened" after air strikes
    # told: the events told, whatever word names them again)
    if focus is None or focus.background_hint or place is None or \
            not (compatible_type(focus.etype, f.etype) or f.refers_back or
                 triggers.told_plural(f.text)):
        return False
    site = principal_place([m for m in focus.mentions if m.is_country])
    return site is None or site.country == place.country


def same_day(a: DateMention, b: DateMention) -> bool:
    """Both dates name the same day (not a looser time that holds it)."""
    return a.date is not None and a.date == b.date and a.precision == 1 and b.precision == 1


def munitions_of(f: SentenceFacts, inc: Incident | None) -> bool:
    """The sentence names again, with the definite article, the munitions ``inc``'s own
    sentences told ("Russian aircraft dropped glide bombs on X. The bombs struck a school
    in the north of the city"): that event, even when its verb would type it otherwise."""
    if inc is None or inc.etype is None or inc.background_hint:
        return False
    return any(triggers.munition_told_in(f.text, g.text) for g in inc.sentences if g is not f)


# "Three rockets were fired toward X, and one of them crashed into a house in Y": a part
# of the munitions the clause before told
_PART_OF_TOLD = re.compile(r"\b(?:one|two|three|four|five|several|some|most|\d+)\s+of\s+(?:"
                           r"them|these|those|the\s+(?:[\w-]+\s+){0,2}?"
                           rf"{alternation('munitions', 'munition')})\b", re.I)


def part_of_told(words: str) -> bool:
    """The words that open a site's clause name it as where part of the munitions told
    just before went ("..., and one of them crashed into a house in Y"): the same event's,
    no event of its own."""
    return _PART_OF_TOLD.search(words) is not None


def recap(f: SentenceFacts, groups: list[list[Mention]], incidents: list[Incident]) -> bool:
    """A sentence with no day of its own whose several sites are each the site of an
    incident told before ("a soft target in X, a base in Y and now drones in Z"): it sums
    up the events told, it starts none."""
    if f.date is not None or len(groups) < 2:
        return False
    sites = [s for s in (i.site() for i in incidents if not i.background_hint)
             if s is not None and s.kind != "country"]
    matched: set[int] = set()
    for g in groups:
        place = principal_place(g)
        found = [k for k, s in enumerate(sites) if place is not None and same_site(s, place)]
        if not found:
            return False
        matched.update(found)
    # each site another incident's: two towns inside the one province an incident was told
    # in ("struck two towns in X province ... hit a market in Y and a school in Z") are
    # that incident's parts, told now, not a summing-up
    return len(matched) >= len(groups)


def day_of_earlier_clause(f: SentenceFacts, date: DateMention | None, first: list[Mention],
                          told_to: int, g: list[Mention]) -> bool:
    """The sentence's day is told in the clause of its first site, and the clause of
    site group ``g`` (from ``told_to``, where the words about the site before end) tells
    an event of its own with no day ("fighters attacked a camp in X on Tuesday, and a
    drone strike killed several people in Y"): Y's day is not told here. A day the
    sentence opens on ("On Tuesday, ...") is every clause's."""
    if date is None or date.date is None or date.start < first[0].start - f.start:
        return False
    found = triggers.trigger(f.text[told_to:g[0].start - f.start])
    return found is not None and date.end <= told_to + found[1]
