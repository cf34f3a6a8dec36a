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


@dataclass
class Fields:
    """The places a "Where:" field names, and the day a "When:" field gives."""

    where: list[Mention] = field(default_factory=list)
    when: DateMention | None = None


def read(facts: list[SentenceFacts], published: dt.date | None) -> Fields:
    """The explicit fields among the sentences (the first of each kind)."""
    out = Fields()
    for f in facts:
        found = _FIELD.match(f.text)
        if found is None:
            continue
        key = found["key"].lower()
        if key in _WHERE:
            if not out.where:
                out.where = [m for m in f.mentions if m.place is not None and
                             m.role != "launch"]
                for m in out.where:
                    m.role = "location"
        elif out.when is None:
            days = [d for d in find_dates(found["value"], published) if d.date is not None
                    and not d.since]
            out.when = days[0] if days else None
    return out


def fill(facts: list[SentenceFacts], given: Fields) -> None:
    """Give the field's day and place to the event sentences that name none of their own
    (before grouping: a sentence with neither starts no incident)."""
    for f in facts:
        if not f.etype or f.headline or _FIELD.match(f.text):
            continue
        if given.when is not None and (f.date is None or f.date.date is None):
            f.date, f.date_reported = given.when, False
        if given.where and not any(m.role in _SITE_ROLES and m.place is not None and
                                   not m.is_country for m in f.mentions):
            f.mentions = f.mentions + given.where
