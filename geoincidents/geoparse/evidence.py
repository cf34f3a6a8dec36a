"""Evidence a text gives beyond the spans a caller asks about.

Given spans (a corpus's gold toponyms, a user's selection) leave out the names that are
not places themselves but say where a story is: "Georgia" of "the Georgia Bureau of
Investigation", "Minnesota" of "the Minnesota Department of Health". Detection finds
them (inside other entities); `division_mentions` keeps those that name a first-level
division, by its official name, of a country the given names already point to, so that
they can vote for the given names' places without being answered for."""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from geoincidents.geoparse.detect import Mention
from geoincidents.geoparse.world import Entry

#: detection sources whose words name a facility's own parts ("Washington" of
#: "Washington Drive", "Madison" of "Madison Creek"): never a division of the story
_FACILITY = "ner:FAC"


def division_mentions(found: Iterable[Mention], spans: Sequence[tuple[int, int]],
                      lookup: Callable[[str], Sequence[Entry]],
                      countries: Collection[str | None]) -> list[Mention]:
    """The ``found`` mentions outside every span of ``spans`` whose name is the official
    name of a first-level division in one of ``countries``.

    Abbreviations are left out ("Ms." of a woman's name, "Co." of a firm's), and so
    are divisions of other countries ("Delta" of an airline, Nigeria's state; "Central"
    of a school, Botswana's district)."""
    taken = sorted(spans)
    out = []
    for m in found:
        if m.source.startswith(_FACILITY) or any(s < m.end and m.start < e
                                                  for s, e in taken):
            continue
        if any(e.kind == "admin1" and e.name_kind == "official" and e.country in countries
               for e in lookup(m.text)):
            out.append(m)
    return out
