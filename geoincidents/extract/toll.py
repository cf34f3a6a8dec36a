"""The casualty figures told of one sentence or incident, and how the figures of several
sentences about the same incident merge (the larger figure of each kind, tolls revised
down, the wounded who died later). Read from text by `casualties`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Casualties:
    killed: int | None = None
    injured: int | None = None
    notes: list[str] = field(default_factory=list)
    #: of the injured told before, how many died later ("One of them later died")
    died_later: int = 0
    #: a toll revised down ("revised the toll down to four"): it replaces the one told
    #: before (any other figure of a later sentence is kept only when larger)
    toll_down: int | None = None
    #: of the injured told, how many died later and were moved to the killed: a larger
    #: figure of the wounded told after ("three were wounded") still counts them
    moved: int = 0

    def get(self, kind: str) -> int | None:
        """How many were ``kind`` ("killed" or "injured"), None when not told."""
        return self.killed if kind == "killed" else self.injured

    def add(self, kind: str, n: int, note: str) -> None:
        cur = self.get(kind)
        if kind == "injured" and self.moved:
            n = max(n - self.moved, 0)  # (the wounded who died are killed now)
        n = n if cur is None else max(cur, n)
        if kind == "killed":
            self.killed = n
        else:
            self.injured = n
        if note not in self.notes:
            self.notes.append(note)

    def died(self, n: int, note: str, *, counted: bool = False) -> bool:
        """``n`` of the injured died later: the latest figures move them to the killed
        (False when fewer than ``n`` injured are known); ``counted``: the killed figure
        already counts them ("put the toll at seven, saying four of the wounded had died")."""
        if self.injured is None or self.injured < n:
            return False
        self.injured -= n
        self.moved += n
        if not counted:
            self.killed = (self.killed or 0) + n
        self.notes.append(f"{note} (moved from injured to killed)")
        return True

    def merge(self, other: Casualties) -> None:
        """Add what another sentence told of the same incident: the larger figure of each
        kind, then its later deaths among the injured (a death told again in another
        sentence is one death: the larger number of such deaths is kept)."""
        for kind in ("killed", "injured"):
            hurt = other.get(kind)
            if hurt is not None:
                notes = [x for x in other.notes if kind in x or x.startswith("no ")]
                # (the sentence's own wounded who died were among its wounded)
                self.add(kind, hurt + (other.moved if kind == "injured" else 0),
                         "; ".join(notes) or kind)
        if other.toll_down is not None:
            self.killed = other.toll_down
        extra = other.moved - self.moved
        if extra > 0 and self.injured is not None and self.injured >= extra:
            self.injured -= extra
            self.moved += extra
        extra = other.died_later - self.moved
        if extra > 0:
            self.died(extra, f"{extra} of the injured died later",
                      counted=other.killed is not None and other.killed >= other.died_later)
