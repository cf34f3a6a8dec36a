"""What the resolver returns: a `Toponym` (a name of the text and the place it resolved
to) and its `Scored` candidates, each with the terms of its score."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from geoincidents.geoparse.world import Entry

#: the build's record of how many GeoNames towns a division was drawn from
#: (scripts/build_gazetteer.py: "geonames-county+towns24")
_TOWNS = re.compile(r"\+towns(\d+)\b")


@dataclass(frozen=True)
class Scored:
    """A candidate place of a name, its score and the terms of the score."""

    entry: Entry
    score: float
    reasons: tuple[str, ...]
    #: the score's feature values (the score is their dot product with the weights)
    features: dict[str, float] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Toponym:
    """A place name in a text and the place it resolved to (or None)."""

    start: int
    end: int
    text: str
    strength: str
    source: str
    place: Entry | None = None
    score: float = 0.0
    reasons: tuple[str, ...] = ()
    candidates: tuple[Scored, ...] = field(default=(), repr=False)

    @property
    def lat(self) -> float | None:
        return None if self.place is None else self.place.lat

    @property
    def lon(self) -> float | None:
        return None if self.place is None else self.place.lon

    @property
    def radius_m(self) -> float | None:
        return None if self.place is None else self.place.radius_m

    def why(self) -> str:
        """Why the winner won: its terms, and its margin over the runner-up."""
        if self.place is None:
            return "no candidate"
        text = "; ".join(self.reasons)
        if len(self.candidates) > 1:
            other = self.candidates[1]
            text += (f"; beats {other.entry.name} ({other.entry.kind}, {other.entry.country})"
                     f" by {self.score - other.score:.2f}")
        return text


def towns(e: Entry) -> int:
    """How many GeoNames towns the gazetteer drew a division from (0 if not recorded)."""
    got = _TOWNS.search(e.source)
    return int(got.group(1)) if got else 0


def rank_key(s: Scored) -> tuple:
    """The order of a name's candidates: by score, then by prominence (population,
    then a division's town count: of 19 Madison Counties the text does not tell apart,
    the one of 24 towns before the one of 10), then by id."""
    return (-s.score, -s.entry.population, -towns(s.entry), s.entry.place_id)
