"""Explicit fields of an incident note: "Where: Irbil", "When: 3 May 2023".

A report written as a form says where and when in so many words; the prose under it
often names neither ("A roadside bomb exploded next to a police patrol"). The field's
place and day go to the event sentences that give none of their own. (A dateline,
"BAGHDAD, May 4 -", is where the story was filed: never a field.)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geoincidents.extract.dates import DateMention, find_dates
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.grouping import ROLE_RANK as _SITE_ROLES
from geoincidents.extract.mentions import PLACE_FIELD_KEYS, Mention

# "Where: X", "- **Location:** X", "Date of attack: Y"
_WHERE = PLACE_FIELD_KEYS
_FIELD = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:\*\*|__)?(?P<key>" + "|".join(_WHERE) + r"|when|time of (?:the )?"
    r"(?:incident|attack|event)|date of (?:the )?(?:incident|attack|event)|incident date)"
    r"\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<value>\S.*?)\s*$", re.I)

# a heading line: a few words with no sentence punctuation ("K-1 AIR BASE, KIRKUK")
_HEADING = re.compile(r"^\s*(?:#+\s*)?[^.!?:;\n]{1,60}$")
# "(30 km) north-west of": the place after it is a bearing's reference point
_BEARING = re.compile(r"\b(?:north|south|east|west)(?:[- ]?(?:east|west))?\s+of\s+(?:the\s+)?$",
                      re.I)


@dataclass
class Fields:
    """The places each "Where:" field names and the day each "When:" field gives, with the
    index of the sentence the field stands in (in the order given)."""

    where: list[tuple[int, list[Mention]]] = field(default_factory=list)
    when: list[tuple[int, DateMention | None]] = field(default_factory=list)
    #: sentences that are headings ("BASRA", "ELSEWHERE"): in a roundup, a new section
    breaks: list[int] = field(default_factory=list)


def read(facts: list[SentenceFacts], published: dt.date | None) -> Fields:
    """The explicit fields among the sentences, every one of each kind (a roundup gives
    one "Where:" and one "When:" per incident)."""
    out = Fields()
    for f in facts:
        found = _FIELD.match(f.text)
        if found is None:
            if _HEADING.match(f.text) and not f.etype:
                out.breaks.append(f.index)
            continue
        key = found["key"].lower()
        if key in _WHERE:
            where = [m for m in f.mentions if m.place is not None and m.role != "launch"]
            # "farmland near X, west of Y": Y is where X lies, not the site (nor when X is
            # not known: then the field names no site)
            where = [m for m in where if not _BEARING.search(f.text[:m.start - f.start])]
            # "off the port of Salif, Hodeidah governorate, Yemen": what holds the site
            where = [m for m in where if m.role != "reference"] or where
            for m in where:
                m.role = "location"
            out.where.append((f.index, where))
        else:
            days = [d for d in find_dates(found["value"], published) if d.date is not None
                    and not d.since]
            out.when.append((f.index, days[0] if days else None))
    return out


def _in_force(given: list[tuple[int, object]], index: int, breaks: list[int]):
    """The field that holds at sentence ``index``: the last one before it, or the first
    of the article for the words above every field (a form's summary, its headline); in a
    roundup (several fields of the kind) a heading after the field ends it."""
    held = [(i, v) for i, v in given if i < index]
    if not held:
        return given[0][1] if given else None
    at, value = held[-1]
    if len(given) > 1 and any(at < b < index for b in breaks):
        return None
    return value


def _headed(given: list[tuple[int, object]], index: int, breaks: list[int]):
    """The field of the section a heading line at ``index`` opens ("2. Attack on army
    base" / "Where: ..." / "When: ..."): the first field after it, within a few lines and
    before the next heading; else None."""
    after = [(i, v) for i, v in given if index < i <= index + _HEADED_WITHIN]
    if len(given) < 2 or not after or any(index < b < after[0][0] for b in breaks):
        return None
    return after[0][1]


#: how many lines below its heading a section's first field may stand
_HEADED_WITHIN = 3


def fill(facts: list[SentenceFacts], given: Fields) -> None:
    """Give the day and place of the fields in force to the event sentences that name none
    of their own (before grouping: a sentence with neither starts no incident). In a
    roundup, a heading with an event word ("Mortars fired at the camp") takes the fields
    of the section it opens, not those of the section above it."""
    for f in facts:
        if not f.etype or f.headline or _FIELD.match(f.text):
            continue
        when = where = None
        if _HEADING.match(f.text):
            when = _headed(given.when, f.index, given.breaks)
            where = _headed(given.where, f.index, given.breaks)
        if when is None:
            when = _in_force(given.when, f.index, given.breaks)
        if where is None:
            where = _in_force(given.where, f.index, given.breaks)
        if when is not None and (f.date is None or f.date.date is None):
            f.date, f.date_reported = when, False
        if where and not any(m.role in _SITE_ROLES and m.place is not None and
                             not m.is_country for m in f.mentions):
            f.mentions = f.mentions + where
