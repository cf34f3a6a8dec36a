"""The part of a sentence whose casualties are its own event's.

"Two drones struck an army base on Monday night, wounding three soldiers, a day before a
bomb hidden in a motorcycle killed a man in the city": the man is the bomb's victim, an
event the sentence dates itself by (told in its own sentences as well); the sentence's
own toll is read from the words before that clause, when they tell one (else the toll is
the other event's: "marched behind the coffin of an officer, a day after he was killed by
a car bomb"). The clause opens on a span of time and "before" / "after" and holds an event
word of its own, after the sentence's event word.
"""

from __future__ import annotations

import re

from geoincidents.extract import triggers

# ", a day before", ", two days after", ", hours after", ", a week before"
_DATED_BY = re.compile(r",\s+(?:(?:just|only|barely|some|about)\s+)?(?:a|an|one|two|three|four|"
                       r"five|six|several|a\s+few|\d+|hours|days|weeks|minutes)\s*"
                       r"(?:(?:full\s+)?(?:day|days|hour|hours|week|weeks|minute|minutes|"
                       r"night|nights)\s+)?(?:before|after)\s+", re.I)


def own_end(text: str, found: tuple[str, int, int] | None) -> int:
    """Where the words of the sentence's own event end (``found``: its event word, as
    `triggers.trigger` gives it): before a later clause that dates it by another event,
    else the end of the text."""
    if found is None:
        return len(text)
    for m in _DATED_BY.finditer(text, found[2]):
        if triggers.trigger(text[m.end():]) is not None:
            return m.start()
    return len(text)
