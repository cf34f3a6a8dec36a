"""Sentences that tell two events cut into one clause each.

"Rockets were fired at the base on Monday, and a drone attacked it on Friday": two days,
two incidents. Grouping reads one date per sentence, so such a sentence is cut where a
coordinated clause begins (", and", "; ", ", while", ", but") when each side has an event
word of its own and a day of its own that is not the day something was said. Anything
less certain is left whole.
"""

from __future__ import annotations

import re

from geoincidents.extract import triggers
from geoincidents.extract.facts import sentence_date
from geoincidents.extract.text import Sentence

# where a coordinated clause may begin: the cut is made after the punctuation
_JOINT = re.compile(r"(?:,\s+(?:and|while|but|whereas)|;)\s+(?=\S)", re.I)


def split_events(sentences: list[Sentence]) -> list[Sentence]:
    """``sentences`` with every sentence that tells events of two days cut in two (or more)."""
    out: list[Sentence] = []
    for sent in sentences:
        out += _cut(sent)
    return out


def _cut(sent: Sentence) -> list[Sentence]:
    if not _JOINT.search(sent.text):
        return [sent]
    for joint in _JOINT.finditer(sent.text):
        left, right = sent.text[:joint.start()], sent.text[joint.end():]
        day_left, day_right = _event_day(left), _event_day(right)
        if day_left is None or day_right is None or day_left == day_right:
            continue
        # (the left clause keeps its "," or ";": a clause is prose, not a title line)
        first = Sentence(sent.start, sent.start + joint.start() + 1,
                         sent.text[:joint.start() + 1], sent.para)
        rest = Sentence(sent.start + joint.end(), sent.end, right, sent.para)
        return [first] + _cut(rest)
    return [sent]


def _event_day(clause: str) -> str | None:
    """The words of the clause's own event day (lower case), or None when the clause has
    no event word, or no day that is not a period bound or the day something was said."""
    if triggers.trigger(clause) is None or triggers.refers_back(clause):
        return None
    date, reported = sentence_date(clause, None, None)
    if date is None or reported:
        return None
    return " ".join(date.text.lower().split())
