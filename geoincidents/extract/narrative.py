"""Where the article's telling is, and whether a sentence may start an incident there."""

from __future__ import annotations

from dataclasses import dataclass, field

from geoincidents.extract import triggers
from geoincidents.extract.dates import DateMention
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.incident import Incident
from geoincidents.extract.mentions import Mention

__all__ = ["Narrative", "may_start", "own_day"]


@dataclass
class Narrative:
    """Where the article is: its incidents so far, the one the last sentence was about,
    and the last date a paragraph gave an event."""
    incidents: list[Incident] = field(default_factory=list)
    focus: Incident | None = None
    para_date: tuple[int, DateMention] | None = None
    para_site: tuple[int, list[Mention]] | None = None
    #: the last sentence, when it set a scene with no event word (`SentenceFacts.scene`)
    scene: SentenceFacts | None = None
    #: (index, sites) of the last sentence that named a place as its topic, with no day of
    #: its own ("Camp Victory has been targeted before.")
    topic: tuple[int, list[Mention]] | None = None
    #: (paragraph, incidents) the sentences of the last paragraph that joined any went to
    #: (several: "drones hit X on Sunday, while shelling killed 11 in Y the next day")
    told: tuple[int, list[Incident]] = (-1, [])
    #: each sentence's parse, by the sentence's index (the sentences parsed)
    spans: dict = field(default_factory=dict)


def may_start(f: SentenceFacts, story: Narrative) -> bool:
    """A sentence that may start an incident: an event, not hedged, generic or told before."""
    return bool(f.etype) and not (f.hedged or (f.refers_back and story.incidents)) and \
        not (f.generic_plural and not own_day(f))


def own_day(f: SentenceFacts) -> bool:
    """The sentence dates its event to a day of its own ("responded on Tuesday with air
    strikes on two depots"): plural words then tell one event, not events in general."""
    return f.date is not None and f.date.date is not None and f.date.precision == 1 and \
        not f.date_reported and not triggers.told_plural(f.text)

