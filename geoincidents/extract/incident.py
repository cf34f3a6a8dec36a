"""An incident as grouping builds it: the sentences it took, their mentions and facts.

`Incident.absorb` is the one rule for what a sentence adds to an incident (its type when
more specific, its date when the incident has none, its counts, casualties and actors).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geoincidents.extract.toll import Casualties
from geoincidents.extract.dates import DateMention
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.mentions import Mention
from geoincidents.extract.sites import principal_place
from geoincidents.extract.triggers import PRIORITY
from geoincidents.gazetteer import Place

__all__ = ["Incident"]


@dataclass(eq=False)  # identity: two incidents with the same facts are still two
class Incident:
    etype: str | None
    date: DateMention | None
    sentences: list[SentenceFacts] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    casualties: Casualties = field(default_factory=Casualties)
    actors: list[tuple[str, str]] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    launch_text: str | None = None
    background_hint: bool = False
    date_inherited: bool = False
    #: a date known only relative to another event ("a day after the attack on X"); used
    #: when no sentence gives this event a date of its own
    date_hint: DateMention | None = None
    #: each sentence (or part of one: `fact_parts`) whose facts were added, in order
    #: (`shared_toll` tells a total of several incidents from one incident's own figure)
    told: list[SentenceFacts] = field(default_factory=list, repr=False)
    _site_key: int = field(default=-1, repr=False)
    _site: Place | None = field(default=None, repr=False)

    def site(self) -> Place | None:
        """`principal_place` of the mentions (remembered until a mention is added)."""
        key = len(self.mentions)
        if self._site_key != key:
            self._site_key, self._site = key, principal_place(self.mentions)
        return self._site

    def drop_places(self, place_ids: set[str]) -> None:
        """Forget the mentions of these places (an area found to be the setting of the
        site a later sentence names in it)."""
        self.mentions = [m for m in self.mentions if m.place is None or
                         m.place.place_id not in place_ids]
        self._site_key = -1

    def absorb(self, f: SentenceFacts, mentions: list[Mention], *, facts: bool = True,
               dated: bool = True, etype: str | None = None, typed: bool = True) -> None:
        """Take the sentence's mentions, type (``etype``: the type of its words about
        these mentions, when they differ from the sentence's; ``typed=False``: only
        ``etype``, never the sentence's), date and facts."""
        etype = etype or (f.etype if typed else None)
        if f not in self.sentences:
            self.sentences.append(f)
        held = {id(m) for m in self.mentions}  # the same mention objects, not equal ones
        self.mentions += [m for m in mentions if id(m) not in held]
        # an attack told, then named "Thursday's raid", is an assault, not an arrest raid,
        # and rockets of its salvo found on the launcher do not make it a seizure (a
        # reference back may still name its kind: "an explosion ... claimed the bombing")
        # (an event the sentence denies, "denied that a drone was shot down", names no kind
        # of the incident it adds to)
        if etype and (self.etype is None or PRIORITY[etype] < PRIORITY[self.etype]) and \
                not (f.refers_back and self.etype is not None and etype in ("raid", "thwarted")) \
                and not (self.etype is not None and f.blocked in ("negated", "not_event")):
            if not (self.etype in ("drone_strike", "airstrike", "raid", "protest", "ied")
                    and etype in ("thwarted", "rocket_attack")):
                self.etype = etype
        if dated and f.date is not None and (self.date is None or (
                self.date.date is None and f.date.date is not None)):
            self.date = f.date
        if facts:
            self.add_facts(f)

    def add_facts(self, f: SentenceFacts) -> None:
        for role, n in f.counts.items():
            self.counts[role] = max(self.counts.get(role, 0), n)
        self.casualties.merge(f.casualties)
        self.told.append(f)
        for a in f.actors:
            if not any(a[0].lower() == b[0].lower() for b in self.actors):
                self.actors.append(a)
        self.damage += [d for d in f.damage if d not in self.damage]
        self.weapons += [w for w in f.weapons if w not in self.weapons]
        if f.launch_text and not self.launch_text:
            self.launch_text = f.launch_text
