"""What the resolver returns: a `Toponym` (a name of the text and the place it resolved
to) and its `Scored` candidates, each with the terms of its score."""
from __future__ import annotations

from dataclasses import dataclass, field

from geoincidents.geoparse.world import Entry


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
