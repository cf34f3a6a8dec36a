"""Sentences that tell two events cut into one clause each.

"Rockets were fired at the base on Monday, and a drone attacked it on Friday": two days,
two incidents. Grouping reads one date per sentence, so such a sentence is cut where a
coordinated clause begins (", and", "; ", ", while", ", but") when each side has an event
word of its own and either a day of its own that is not the day something was said, or
the right side opens on another event ("and a second bomb struck ..."). A clause about
another time is cut out too: "the first attack since March, when a drone wounded five" (the
cut keeps the time with the clause it dates: "March, when a drone wounded five"), "The
town, where a car bomb killed 17 in August 2017, had been quiet", so that its toll and
place go to a past event of its own, never to the sentence's. Anything less certain is
left whole.
"""

from __future__ import annotations

import re

from geoincidents.extract import triggers
from geoincidents.extract.dates import find_dates
from geoincidents.extract.sentence_day import sentence_date
from geoincidents.extract.text import Sentence

# where a coordinated clause may begin: the cut is made after the punctuation
# a clause that opens on another event: "a second bomb", "another drone", "a separate attack"
_ANOTHER_OPEN = re.compile(r"(?:another|an?\s+(?:second|third|fourth|separate|further))\s+",
                           re.I)
_JOINT = re.compile(r"(?:,\s+(?:and|while|but|whereas)|;)\s+(?=\S)|\s+since\s+(?=an?\s)|"
                    # "a bomb hit a convoy near X and another exploded near Y"
                    r"\s+and\s+(?=(?:another|an?\s+(?:second|third|fourth|separate|further))\s)",
                    re.I)


# a relative clause about a time or place: ", when a rocket hit ...", ", where a bomb ..."
_WHEN = re.compile(r",\s+when\s+(?=\S)", re.I)
_WHERE = re.compile(r",\s+where\s+(?=\S)", re.I)


def split_events(sentences: list[Sentence]) -> list[Sentence]:
    """``sentences`` with every sentence that tells events of two days cut in two (or more)."""
    out: list[Sentence] = []
    for sent in sentences:
        for piece in _cut_relative(sent):
            out += _cut(piece)
    return out


def _piece(sent: Sentence, start: int, end: int, relative: bool = False) -> Sentence:
    return Sentence(sent.start + start, sent.start + end, sent.text[start:end], sent.para,
                    relative or sent.relative and start > 0)


def _cut_relative(sent: Sentence) -> list[Sentence]:
    """A clause about another time cut out of ``sent`` (see the module's doc)."""
    text = sent.text
    for rel in _WHEN.finditer(text):
        # "since March, when ...", "in August 2017, when ...": a past period, not a day
        # the sentence's own event may have (", on Monday, when crowds gathered")
        time = next((d for d in find_dates(text[:rel.start()], None)
                     if d.end == rel.start() and (d.since or d.precision > 1)), None)
        clause = text[rel.end():]
        if time is None or not text[:time.start].strip() or \
                not _of_its_own(clause, text[:time.start]):
            continue
        # (the clause keeps its time, "since March" included: `facts` reads it as the
        # clause's day)
        return [_piece(sent, 0, time.start)] + \
            _cut_relative(_piece(sent, time.start, len(text), True))
    for rel in _WHERE.finditer(text):
        # "The town, where a car bomb killed 17 in August 2017, had been quiet since"
        close = text.find(", ", rel.end())
        end = len(text) if close < 0 else close + 1
        clause = text[rel.end():end]
        if _event_day(clause) is None or not _of_its_own(clause, text[:rel.start()] +
                                                           text[end:]):
            continue
        where = rel.start() + rel.group().lower().index("where")
        pieces = [_piece(sent, 0, rel.start() + 1), _piece(sent, where, end, True)]
        rest = text[end:]
        if rest.strip():
            pieces.append(_piece(sent, end + len(rest) - len(rest.lstrip()), len(text)))
        return pieces
    return [sent]


def _of_its_own(clause: str, main: str) -> bool:
    """The relative clause tells an event (not one referred back to) on another day than
    the main clause's own."""
    if triggers.trigger(clause) is None or triggers.refers_back(clause):
        return False
    day = _event_day(clause)
    return day is None or day != _event_day(main)


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
