"""Explicit fields of an incident note: "Where: Irbil", "When: 3 May 2023".

A report written as a form says where and when in so many words; the prose under it
often names neither ("A roadside bomb exploded next to a police patrol"). The field's
place and day go to the incidents whose sentences give none of their own. (A dateline,
"BAGHDAD, May 4 -", is where the story was filed: never a field.)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geoincidents.extract.dates import DateMention, find_dates
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.grouping import Incident
from geoincidents.extract.mentions import Mention

# "Where: X", "- **Location:** X", "Date of attack: Y"
_FIELD = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:\*\*|__)?(?P<key>where|location|place|when|time of (?:the )?"
    r"(?:incident|attack|event)|date of (?:the )?(?:incident|attack|event)|incident date)"
    r"\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<value>\S.*?)\s*$", re.I)
_WHERE = ("where", "location", "place")


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
        elif out.when is None:
            days = [d for d in find_dates(found["value"], published) if d.date is not None
                    and not d.since]
            out.when = days[0] if days else None
    return out


def apply(incidents: list[Incident], given: Fields) -> None:
    """Give the field's place and day to the incidents that have none of their own."""
    for inc in incidents:
        if given.where and inc.site() is None:
            for m in given.where:
                m.role = "location"
            inc.mentions += given.where
        if given.when is not None and (inc.date is None or inc.date.date is None):
            inc.date = given.when
