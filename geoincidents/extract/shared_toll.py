"""A toll told for several incidents at once, taken by one of them.

"Aircraft bombed two homes on Monday, killing eight. The strikes hit a house in X,
killing three, and a home in Y, killing five": the lead's total joins the incident of X,
and an incident keeps the larger figure its sentences tell (`toll.Casualties.merge`), so X
took eight. When one sentence is cut into the parts of several sites (`fact_parts`) and
the parts' figures add up to the larger figure an incident took, that figure was their
total: the incident keeps its own part. (Only parts of one sentence are added: "The dead
were five labourers" in one sentence and a bombing's two dead elsewhere are no parts of
one total.)
"""

from __future__ import annotations

from geoincidents.extract.incident import Incident

__all__ = ["split_totals"]


def _parts(inc: Incident) -> dict[int, list]:
    """The parts of cut sentences whose facts ``inc`` took, by sentence index."""
    out: dict[int, list] = {}
    for f in inc.told:
        if f not in inc.sentences:  # (a part: the whole sentence is what was absorbed)
            out.setdefault(f.index, []).append(f)
    return out


def split_totals(found: list[Incident]) -> None:
    """Give each incident that took a total of several its own part (see the module)."""
    for kind in ("killed", "injured"):
        changes = []
        for inc in found:
            total = inc.casualties.get(kind)
            if not total:
                continue
            for index, parts in _parts(inc).items():
                own = max((n for p in parts for n in [p.casualties.get(kind)] if n), default=0)
                rest = [n for other in found if other is not inc
                        for p in _parts(other).get(index, [])
                        for n in [p.casualties.get(kind)] if n]
                if 0 < own < total and rest and own + sum(rest) == total:
                    changes.append((inc, own, total))
                    break
        for inc, own, total in changes:
            setattr(inc.casualties, kind, own)
            inc.casualties.notes.append(f"{own} {kind} here (of {total} told for several "
                                        "incidents)")
