"""The casualty figures told of one sentence or incident, and how the figures of several
sentences about the same incident merge (the larger figure of each kind, tolls revised
down, the wounded who died later). Read from text by `casualties`.

The attackers' own dead and wounded ("all four gunmen were shot dead by guards") are kept
apart (`attackers_killed`, `attackers_injured`, read by `attacker_toll`) and added to the
toll the incident reports (`total`): the convention of docs/heldout.md "Labelling
conventions" (a suicide bomber killed by his own charge is never counted)."""

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
    #: the attackers killed and injured, told apart from the victims (None: not told)
    attackers_killed: int | None = None
    attackers_injured: int | None = None

    def get(self, kind: str) -> int | None:
        """How many were ``kind`` ("killed" or "injured"), None when not told."""
        return self.killed if kind == "killed" else self.injured

    @property
    def told(self) -> bool:
        """Whether any figure is told: of victims, attackers or later deaths."""
        return any(x is not None for x in (self.killed, self.injured, self.attackers_killed,
                                           self.attackers_injured)) or bool(self.died_later)

    def total(self, kind: str) -> int | None:
        """Everyone told ``kind`` in the incident: the victims and the attackers."""
        own, theirs = self.get(kind), self.attackers(kind)
        return own if theirs is None else (own or 0) + theirs

    def attackers(self, kind: str) -> int | None:
        """How many attackers were ``kind``, None when not told."""
        return self.attackers_killed if kind == "killed" else self.attackers_injured

    def add_attackers(self, kind: str, n: int, note: str) -> None:
        """``n`` attackers were ``kind`` (the larger figure told is kept)."""
        self._keep_larger(f"attackers_{kind}", n, note)

    def add(self, kind: str, n: int, note: str) -> None:
        if kind == "injured" and self.moved:
            n = max(n - self.moved, 0)  # (the wounded who died are killed now)
        self._keep_larger(kind, n, note)

    def _keep_larger(self, name: str, n: int, note: str) -> None:
        """Set the figure ``name`` to ``n`` unless a larger one was told; note it."""
        cur = getattr(self, name)
        setattr(self, name, n if cur is None else max(cur, n))
        if note not in self.notes:
            self.notes.append(note)

    def _same_total(self, other: Casualties, kind: str) -> bool:
        """Whether ``other`` tells, of ``kind``, the same dead or wounded as those told
        before with the attackers counted in one telling and apart in the other ("a soldier
        and four gunmen were killed" ... "one soldier and four militants were killed": five,
        not nine). Settled here: the figure that counts the attackers among the victims is
        dropped (or, told first, replaced by the victims alone)."""
        own, theirs = self.get(kind), self.attackers(kind)
        o_own, o_theirs = other.get(kind), other.attackers(kind)
        if o_own is None or own is None or (theirs is None) == (o_theirs is None):
            return False
        if o_theirs is None:  # the attackers told apart before, counted among them now
            return bool(theirs) and o_own == own + theirs
        if own == o_own + o_theirs and o_theirs:  # counted among them before
            setattr(self, kind, o_own)
            self.notes.append(f"{own} {kind} told before counts {o_theirs} attackers")
            return True
        return False

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
            if self._same_total(other, kind):
                hurt = None  # (its figure is the total told before, attackers apart)
            if hurt is not None:
                notes = [x for x in other.notes if kind in x or x.startswith("no ")]
                # (the sentence's own wounded who died were among its wounded)
                self.add(kind, hurt + (other.moved if kind == "injured" else 0),
                         "; ".join(notes) or kind)
            theirs = other.attackers(kind)
            if theirs is not None:
                self.add_attackers(kind, theirs, "; ".join(
                    x for x in other.notes if "attackers" in x) or f"attackers {kind}")
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
