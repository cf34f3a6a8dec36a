"""The event word of a sentence and the day of its own clause, read from the parse.

A sentence may name several days and several event words: "Later on Wednesday, mourners
buried three workers who died in a missile strike last Thursday" tells a strike of
Thursday; "marched behind the coffin of an officer ... a day after he was killed by a car
bomb" tells a bombing, not a march. `told_trigger` skips an event word the parse says
names no event (`modality`, "not_event"); `own_clause_date` picks the day told in the
event word's clause; `day_of_event` says whether a day is that clause's.
"""

from __future__ import annotations

import re

from geoincidents.extract import modality, parsed, triggers
from geoincidents.extract.dates import DateMention

# "launched rockets at the town in response to an Israeli strike the previous day": a day
# told right after the event a sentence's own event answered is that event's
_ANSWERED = re.compile(r"\b(?:in\s+(?:response|reply|retaliation|revenge|answer)\s+(?:to|for)|"
                       r"to\s+(?:avenge|answer)|retaliating\s+for|avenging)\s+(?:[\w'’-]+\s+)"
                       r"{0,6}?(?:on\s+|last\s+|earlier\s+)?$", re.I)


def without_answered(text: str, dates: list[DateMention]) -> list[DateMention]:
    """``dates`` less the days of an event the sentence's own answered ("fired rockets in
    response to a strike the previous day", "in retaliation for an ambush on Sunday"): the
    day of its own event is another, told or not."""
    return [d for d in dates if not _ANSWERED.search(text, 0, d.start)]


def told_trigger(text: str, span, found):
    """The sentence's event word (`triggers.trigger`), or, when the parse says that word
    names no event ("marched behind the coffin of an officer ... a day after he was
    killed by a car bomb", "sanctioned firms for supplying drones"), the next one that
    does (None when there is none: the first is kept, blocked)."""
    if found is None or span is None:
        return found
    token = parsed.token_at(span, found[1], found[2])
    if token is None or modality.blocked(token) != "not_event":
        return found
    start = found[2]
    later = triggers.trigger(text[start:])
    while later is not None:
        at = (later[0], later[1] + start, later[2] + start)
        token = parsed.token_at(span, at[1], at[2])
        if token is not None and modality.blocked(token) is None:
            return at
        start = at[2]
        later = triggers.trigger(text[start:])
    return found


def own_clause_date(near, dates: list[DateMention]) -> DateMention:
    """Of several days, the one in the clause of the event word (``near``: span, token),
    the closest to the word in the parse; the first when none is in it (a day of the
    sentence's other words and none of its own: "caught fire on Saturday after being hit
    by drones")."""
    span, token = near
    clause = parsed.clause_of(token)
    words = [parsed.token_at(span, d.start, d.end) for d in dates]
    own = [(parsed.tree_distance(token, w), k) for k, w in enumerate(words)
           if w is not None and (w == clause or clause.is_ancestor(w))]
    return dates[min(own)[1]] if own else dates[0]


def day_of_event(span, token, date: DateMention) -> bool:
    """Whether ``date`` is told in the clause of the event word ``token`` (True without a
    parse): "have launched dozens of drones since November, and the leader promised on
    Thursday ..." is no event of Thursday."""
    if span is None or token is None:
        return True
    words = parsed.token_at(span, date.start, date.end)
    # (the nearest verb: "to mark eight years since a truck bomb tore through the
    # district ... July 3, 2016" is the bombing's day, whatever clause "since" hangs on)
    return words is None or parsed.in_clause(parsed.clause_of(token, climb=False), words)
