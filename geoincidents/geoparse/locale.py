"""Where a text is written from, read off what any reader recognises: a county sheriff,
a congressman's "(R-Ky.)", a phone number's shape, dollars or pounds, a councillor.
The cues are data (``data/locale_cues.jsonl``, one rule a line, each with the countries
it points to); a local story that names only its own town ("Paris firemen put out a
kitchen fire", "Portland detectives arrested a man") then prefers the town's namesakes in
that country to a famous one abroad, when nothing else in the text decides."""
from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections import Counter
from collections.abc import Sequence
from importlib import resources

from geoincidents.geoparse.results import Scored, rank_key

#: kinds of place a locale can lift
_LIFTS = frozenset({"city", "admin1", "admin2"})
#: a name that may be a country ("Jordan", "Mexico", "Georgia") is left to the other
#: evidence: a local story names foreign countries as often as any
_COUNTRIES = frozenset({"continent", "region", "country"})


@functools.lru_cache(maxsize=1)
def cues() -> tuple[tuple[str, re.Pattern, tuple[str, ...]], ...]:
    """The rules of ``data/locale_cues.jsonl``: (cue, pattern, countries)."""
    text = resources.files("geoincidents.geoparse").joinpath(
        "data/locale_cues.jsonl").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if line.strip():
            r = json.loads(line)
            out.append((r["cue"], re.compile(r["pattern"]), tuple(r["countries"])))
    return tuple(out)


def votes(text: str) -> dict[str, float]:
    """Each country's share of the cues ``text`` holds (a cue counts once however often
    it occurs, and is split among the countries it points to).

    >>> votes("The county sheriff said the call came from (555) 201-3344.")
    {'US': 1.5, 'CA': 0.5}
    """
    out: Counter[str] = Counter()
    for _cue, pattern, countries in cues():
        if pattern.search(text):
            for c in countries:
                out[c] += 1.0 / len(countries)
    return dict(out)


#: the terms by which the rest of the text speaks for a candidate: where any of a
#: name's candidates has one, the text decides, and its locale is not asked
DECIDING = frozenset({"doc_country", "doc_admin1", "home_admin1", "near_500km",
                      "admin1_support", "near_support", "in_named_county", "contained_in",
                      "container_of", "list_peer"})


def lift(w: dict, rows: Sequence[Scored], found: dict[str, float]) -> list[Scored]:
    """A name's candidates (``rows``, best first) with ``doc_locale`` added, best first
    again: a town or division in another country than the winner's gains by how many
    more of the text's cues (``found``, `votes`) point to its country than to the
    winner's (capped at ``doc_locale_cap``). Unchanged where the rest of the text
    already speaks for some candidate (`DECIDING`)."""
    weight = w.get("doc_locale", 0.0)
    if not weight or not found or any(DECIDING & r.features.keys() or (
            r.entry.kind in _COUNTRIES and r.entry.name_kind != "alternate") for r in rows):
        return list(rows)
    top = rows[0].entry.country if rows else ""
    out = []
    for r in rows:
        e = r.entry
        lead = 0.0
        if e.kind in _LIFTS and e.country != top:
            lead = min(found.get(e.country, 0.0) - found.get(top, 0.0),
                       w.get("doc_locale_cap", 2.0))
        if lead <= 0:
            out.append(r)
            continue
        add = weight * lead
        out.append(dataclasses.replace(
            r, score=round(r.score + add, 4), features={**r.features, "doc_locale": lead},
            reasons=(*r.reasons, f"the text reads as written in {e.country} (cues "
                                 f"{lead:.2f}) {add:+.2f}")))
    out.sort(key=rank_key)
    return out
