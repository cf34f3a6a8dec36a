"""The casualty figures told of one sentence or incident, and how the figures of several
sentences about the same incident merge (the larger figure of each kind, tolls revised
down, the wounded who died later). Read from text by `casualties`.

The attackers' own dead and wounded ("all four gunmen were shot dead by guards") are kept
apart (`attackers_killed`, `attackers_injured`, read by `attacker_toll`) and added to the
toll the incident reports (`total`): the convention of docs/heldout.md "Labelling
conventions" (a suicide bomber killed by his own charge is never counted)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


#: the note of a figure that names no group ("three killed", "seven people killed"): it
#: may count the attackers too
_ANYONE = re.compile(r"(?:(?:at\s+least|more\s+than|about|some|nearly|almost)\s+)?"
                     r"[\w-]+\s+(?:(?:people|persons)\s+)?(?:killed|injured)", re.I)


@lru_cache(maxsize=1)
def _armed() -> re.Pattern:
    """The groups of armed people (the ``person`` records marked ``armed``)."""
    from geoincidents.extract.lexicon import alternation

    return re.compile(rf"\b{alternation('casualties', 'person', armed=True)}\b", re.I)


#: a note that names more than one group ("two soldiers and three militants killed")
_SEVERAL_GROUPS = re.compile(r"\band\b|,", re.I)


def _side(notes: list[str], kind: str) -> bool | None:
    """Whether a telling's figure is of an armed group alone (True), of another group
    alone (False), or neither (None: people in general, several groups, no figure)."""
    said = [x for x in notes if x.endswith(kind) or f"{kind} (" in x]
    if len(said) != 1 or _ANYONE.fullmatch(said[0]) or _SEVERAL_GROUPS.search(said[0]) \
            or "attackers" in said[0] or not re.match(r"\S", said[0]):
        return None
    return bool(_armed().search(said[0]))


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
    #: each kind's victims figures merged from other tellings, and of those the ones
    #: told with no attackers apart (`_counted_attackers`)
    figures: dict[str, list[int]] = field(default_factory=dict, repr=False)
    figures_plain: dict[str, list[int]] = field(default_factory=dict, repr=False)
    #: each kind's figures told of an armed group alone ("five militants"), and of
    #: another group alone ("two soldiers"): the two sides of a clash (`_both_sides`)
    sides: dict[str, dict[bool, list[int]]] = field(default_factory=dict, repr=False)
    #: the figures are a side's boast, no official toll (`attacker_toll.boasted`); of an
    #: incident, the kinds whose figure is still a boast
    boast: bool = False
    boasted: set[str] = field(default_factory=set, repr=False)

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

    def _counted_attackers(self, kind: str) -> None:
        """A figure told with no attackers apart that is another telling's victims plus
        the attackers told apart is their sum ("leaving three dead" ... "Two fighters were
        killed" ... "One of the attackers was shot dead": three, not four): the victims
        are the smaller figure."""
        own, theirs = self.get(kind), self.attackers(kind)
        if not own or not theirs or own not in self.figures_plain.get(kind, ()):
            return
        if any(f + theirs == own for f in self.figures.get(kind, ()) if 0 < f < own):
            setattr(self, kind, own - theirs)
            self.notes.append(f"{own} {kind} told counts the {theirs} attackers told apart")

    def _both_sides(self, kind: str) -> None:
        """The dead (or wounded) of an armed group and of another group, each told apart
        ("three of its fighters were killed" ... "two soldiers had been killed"), are the
        two sides of a clash: they add up (five), as the labels count a clash. An armed
        group's figure equal to the attackers told apart is theirs ("at least five of the
        attackers were killed" ... "five gang members were killed": five, not ten)."""
        sides = self.sides.get(kind, {})
        if True not in sides or False not in sides:
            return
        armed, others = max(sides[True]), max(sides[False])
        if armed == self.attackers(kind):
            armed = 0
        own = self.get(kind)
        if armed + others > (own or 0) or (armed == 0 and own == max(sides[True]) > others):
            setattr(self, kind, armed + others)
            self.notes.append(f"{armed} {kind} of an armed group and {others} others, told "
                              "apart: both sides")

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
            if hurt is not None and other.boast:
                if self.get(kind) is not None and kind not in self.boasted:
                    self.notes.append(f"{hurt} {kind} of a boast (another figure told)")
                    continue  # (the figure told stands)
                self.boasted.add(kind)
            elif hurt is not None and kind in self.boasted:
                setattr(self, kind, None)  # a figure told after a boast replaces it
                self.boasted.discard(kind)
            if hurt is not None:
                notes = [x for x in other.notes if kind in x or x.startswith("no ")]
                # (the sentence's own wounded who died were among its wounded)
                self.add(kind, hurt + (other.moved if kind == "injured" else 0),
                         "; ".join(notes) or kind)
                self.figures.setdefault(kind, []).append(hurt)
                if other.attackers(kind) is None and any(_ANYONE.fullmatch(x) for x in notes):
                    self.figures_plain.setdefault(kind, []).append(hurt)
                side = _side(notes, kind)
                if side is not None and hurt:
                    self.sides.setdefault(kind, {}).setdefault(side, []).append(hurt)
            theirs = other.attackers(kind)
            if theirs is not None:
                self.add_attackers(kind, theirs, "; ".join(
                    x for x in other.notes if "attackers" in x) or f"attackers {kind}")
            self._counted_attackers(kind)
            self._both_sides(kind)
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
