"""The day a sentence gives its event: `sentence_date`, and whether it is the day
something was said about it ("the group said in a statement on Thursday that ...").

Apart from `facts` so that cutting sentences into clauses (`clauses`, which dates each
side), and with it `places`, need not load the fact readers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from geoincidents.extract import own_clause, triggers
from geoincidents.extract.dates import DateMention, find_dates
from geoincidents.extract.text import dateline_end

#: the verbs that tell something was said (`facts` reads who said it with them too)
REPORT_VERB = (r"(?:said|says|announced|reported|stated|added|confirmed|claimed|denied|"
               # (a report's or statement's day: "in a report published on Tuesday")
               r"published|released|issued|"
               r"tweeted|wrote|told\s+(?:\w+\s+){0,2}?\w+)")
# (the verb's own prepositional phrase may come first: "said through its news agency on
# Tuesday", "said in a message on Sunday"; a clause may not: "said the attack began on")
_REPORTED_BEFORE = re.compile(rf"\b(?:{REPORT_VERB}\s+(?:(?:through|in|via|to|at)\s+"
                              r"[^.;,\"“”]{0,40}?\s+)?|"
                              r"(?:statement|communiqu[eé])\b(?:[^.;,]{0,40}?\s+)?)"
                              r"(?:late\s+|early\s+)?(?:on\s+)?$", re.I)
_OPENING = re.compile(r"\s*(?:(?:late|early)\s+)?(?:on\s+)?", re.I)
_REPORTED_AFTER = re.compile(rf"^\s*,?\s*(?:[\w'’.-]+\s+){{1,4}}?{REPORT_VERB}\b", re.I)


def _reporting_date(text: str, d: DateMention) -> bool:
    """The day something was said, not the day it happened: "said on Tuesday", "On
    Tuesday, the ministry said"."""
    # (a date after the event's words, then ", the military said", is the event's)
    return bool(_REPORTED_BEFORE.search(text[max(0, d.start - 60):d.start]) or
                (_OPENING.fullmatch(text[:d.start]) and
                 _REPORTED_AFTER.match(text[d.end:d.end + 60])))


def _after_dateline(text: str, dates: list[DateMention]) -> list[DateMention]:
    """The dates after the dateline ("KYIV, April 12 - drones struck ... overnight into
    Monday": Monday); the filing day only when the sentence gives no other."""
    end = dateline_end(text)
    later = [d for d in dates if d.start >= end]
    return later or dates


# "had not claimed it by Saturday", "by Monday evening the toll had risen": a deadline
_DEADLINE = re.compile(r"\bby\s+(?:(?:late|early|mid)[\s-]+)?$", re.I)


def _dates(text: str, published, anchor, event: bool, relative: bool = False
           ) -> list[DateMention]:
    """The dates of ``text`` that may be an event's day (not "since October"; for an
    event word, not a deadline). ``relative``: the text is a clause cut from its sentence
    (`clauses`), "since March, when a drone wounded five": March is that event's day."""
    found = find_dates(text, published, anchor)
    if relative and found and found[0].start == 0 and found[0].since:
        found[0] = replace(found[0], since=False)
    return [d for d in found if not d.since and not (
        event and _DEADLINE.search(text, max(0, d.start - 12), d.start))]


def sentence_date(text: str, published: dt.date | None,
                  anchor: dt.date | None, event: bool = False, relative: bool = False,
                  near=None) -> tuple[DateMention | None, bool]:
    """The date a sentence gives its event, and whether it is the day something was said
    ("the group said in a statement on Thursday that ..."), which dates no new event.
    ``event``: the sentence has an event word, whose day a deadline is not ("no group had
    claimed the bombing by Tuesday"; a sentence with none keeps such a day, as the day
    its facts were known). ``relative``: see `_dates`. ``near``: (span, event token) of
    the sentence's parse: of several days, the one the parse ties closest to the event
    word is its day ("stood at the funeral on Wednesday of workers who died in a strike
    last Thursday", "claimed on Thursday a bombing in Herat in April"), the first on a
    tie."""
    dates = own_clause.without_answered(
        text, _after_dateline(text, _dates(text, published, anchor, event, relative)))
    # the days things were said: "X said on Tuesday that it struck Y on Sunday" is Sunday's
    told = [d for d in dates if _reporting_date(text, d)]
    said_on = next((d.date for d in told if d.date is not None), None)
    if said_on is not None and any(d.relative_to_anchor and d.date is None for d in dates):
        # "seized the bombs the day before, a spokesman said on Wednesday": the day before
        # the day it was said (no event told before gives the words a day to count from)
        dates = _after_dateline(text, _dates(text, published, said_on, event, relative))
        told = [d for d in dates if _reporting_date(text, d)]
    if 0 < len(told) < len(dates):
        dates = [d for d in dates if d not in told]
    # "Wednesday's barrage came a day after a drone was downed on Tuesday": the day that
    # names an event told before is not the day of the one the sentence tells
    named = [d for d in dates if d.end <= triggers.came_after(text)]
    if 0 < len(named) < len(dates):
        dates = [d for d in dates if d not in named]
    date = dates[0] if dates else None
    known = [d for d in dates if d.date is not None and not d.relative_to_anchor]
    if date is not None and date.relative_to_anchor and known:
        # "Hours later, on Wednesday, gunmen stormed ...": the day named, not the one
        # counted from the event told before
        date = known[0]
    if near is not None and len(known) > 1 and date is known[0]:
        # (a day counted from an event told before, "a few hours later", "two days
        # before", is that event's business)
        date = own_clause.own_clause_date(near, known)
    return date, date is not None and date in told
