"""Sentences that tell two events cut into one clause each.

"Rockets were fired at the base on Monday, and a drone attacked it on Friday": two days,
two incidents. Grouping reads one date per sentence, so such a sentence is cut where a
coordinated clause begins (", and", "; ", ", while", ", but") when each side has an event
word of its own and either a day of its own that is not the day something was said, or
the right side opens on another event ("and a second bomb struck ..."). Anything less
certain is left whole.
"""

from __future__ import annotations

import re

from geoincidents.extract import triggers
from geoincidents.extract.facts import sentence_date
from geoincidents.extract.text import Sentence

# where a coordinated clause may begin: the cut is made after the punctuation
# a clause that opens on another event: "a second bomb", "another drone", "a separate attack"
_ANOTHER_OPEN = re.compile(r"(?:another|an?\s+(?:second|third|fourth|separate|further))\s+",
                           re.I)
_JOINT = re.compile(r"(?:,\s+(?:and|while|but|whereas)|;)\s+(?=\S)|\s+since\s+(?=an?\s)|"
                    # "a bomb hit a convoy near X and another exploded near Y"
                    r"\s+and\s+(?=(?:another|an?\s+(?:second|third|fourth|separate|further))\s)",
                    re.I)


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
        if joint.group().strip().lower() == "since":
            # "the deadliest attack since a bombing in X killed 12 last year": a past
            # event of its own, dated in its own words
            if triggers.trigger(left) is None or _event_day(right) is None:
                continue
        elif not (_another(left, right) or (joint.group().strip() != "and" and
                                            _two_days(left, right))):
            continue
        # (the left clause keeps its "," or ";")
        keep = joint.start() + (sent.text[joint.start()] in ",;")
        first = Sentence(sent.start, sent.start + keep, sent.text[:keep], sent.para)
        rest = Sentence(sent.start + joint.end(), sent.end, right, sent.para)
        return [first] + _cut(rest)
    return [sent]


def _two_days(left: str, right: str) -> bool:
    day_left, day_right = _event_day(left), _event_day(right)
    return day_left is not None and day_right is not None and day_left != day_right


def _another(left: str, right: str) -> bool:
    """ "a car bomb exploded in X, and a second bomb struck Y": the right clause opens on
    another event in so many words (its event word within the next two words)."""
    opening = _ANOTHER_OPEN.match(right)
    if opening is None or triggers.trigger(left) is None or triggers.refers_back(right):
        return False
    found = triggers.trigger(right)
    return found is not None and len(right[opening.end():found[1]].split()) <= 2


def _event_day(clause: str) -> str | None:
    """The words of the clause's own event day (lower case), or None when the clause has
    no event word, or no day that is not a period bound or the day something was said."""
    if triggers.trigger(clause) is None or triggers.refers_back(clause):
        return None
    date, reported = sentence_date(clause, None, None)
    if date is None or reported:
        return None
    return " ".join(date.text.lower().split())
