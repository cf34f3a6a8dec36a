"""The evidence terms of the resolver's score (`geoincidents.geoparse.resolve`): a
candidate's prior (name kind, feature kind, population, capital, curated), its context
(the document's countries and divisions, nearness to the other places, a curated alias
out of its context) and containment phrases ("Alexandria, Virginia"). Each term adds a
weight from ``data/weights.json`` and says why."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import math
import re
from collections.abc import Sequence
from importlib import resources

from geoincidents.geoparse.context import AREA_KINDS, Context, hamlet, vouches
from geoincidents.geoparse.detect import Mention
from geoincidents.geoparse.results import Scored
from geoincidents.geoparse.world import Entry

#: the gap between "A" and "B" in "A, B"
COMMA = re.compile(r"\s*,\s*$")


#: ``source`` of the natural features of the world gazetteer
FEATURE_SOURCE = "curated-feature"
#: ``source`` (its start) of GeoNames' second-level divisions below the ISO ones:
#: districts and territories, mostly named for their seat town
DISTRICT_SOURCE = "geonames-admin2"

Features = dict[str, float]


@functools.cache
def standalone_cities() -> frozenset[tuple[str, str]]:
    """(canonical name, ISO division) of the cities news names without their state
    (``data/standalone_cities.json``)."""
    text = resources.files("geoincidents.geoparse").joinpath(
        "data/standalone_cities.json").read_text(encoding="utf-8")
    return frozenset((c["name"], c["admin1"]) for c in json.loads(text)["cities"])


def standalone(e: Entry) -> bool:
    """Is ``e`` a city that news names without its state (Denver, Atlanta)?"""
    return e.kind == "city" and (e.name, e.admin1) in standalone_cities()


def priors(w: dict, entries: Sequence[Entry], unwritten: Sequence[Entry] = ()
           ) -> list[tuple[float, tuple[str, ...], Features]]:
    """`prior` of each entry, and a penalty for a division that shares its name
    with a city in it ("Idlib", "al-Hudaydah", "New York"): news means the city
    unless it says "province" or "state"; and ``county_unwritten`` for the ``unwritten``
    ones (`bare_counties`). (The division loses rather than the city
    gaining, so that the city does not also beat its namesakes elsewhere.) Each comes
    with its feature values: the score is the weights' dot product with them."""
    out = []
    # (a post-office town of unknown population does not make its division a namesake)
    seats = [e for e in entries if e.kind == "city" and vouches(e)]
    seat = w.get("namesake_seat", 0.0)
    bare = w.get("county_unwritten", 0.0)
    for e in entries:
        score, why, feats = prior(w, e)
        if e in unwritten:
            feats["county_unwritten"] = 1.0
            score += bare
            why = (*why, f"county named without its word {bare:+.2f}")
        if e.kind in ("admin1", "admin2") and has_seat(e, seats):
            feats["namesake_seat"] = -1.0
            if seat:
                score -= seat
                why = (*why, f"division named like a city in it -{seat:.2f}")
        out.append((score, why, feats))
    return out


def prior(w: dict, e: Entry) -> tuple[float, tuple[str, ...], Features]:
    name_kind = e.name_kind if e.name_kind in w["name_kind"] else "alternate"
    nk = w["name_kind"][name_kind]
    # a sea, range or island (world/sources/features.csv) is a region of the gazetteer
    # with a prior of its own: the curated regions' is fitted for "Middle East"
    kind_key = "feature" if e.source == FEATURE_SOURCE else e.kind
    kind = w["kind"].get(kind_key, 0.0)
    why = [f"{e.name_kind} name +{nk:.2f}", f"{kind_key} +{kind:.2f}"]
    feats = {f"name_kind.{name_kind}": 1.0, f"kind.{kind_key}": 1.0}
    score = nk + kind
    if hamlet(e):
        # a town GeoNames' cities500 lacks (a post office's name): a few hundred people
        feats["hamlet"] = 1.0
        add = w.get("hamlet", 0.0)
        if add:
            score += add
            why.append(f"a small town of unknown population {add:+.2f}")
    if e.population and e.kind not in AREA_KINDS:
        decades = max(0.0, math.log10(e.population) - w["population_floor"])
        pop = w["population_per_decade"] * decades
        feats["population_per_decade"] = decades
        if pop:
            score += pop
            why.append(f"population {e.population:,} +{pop:.2f}")
    if e.feature_code == "PPLC":
        feats["capital"] = 1.0
        if w.get("capital"):
            score += w["capital"]
            why.append(f"national capital +{w['capital']:.2f}")
    if standalone(e):
        feats["standalone"] = 1.0
        add = w.get("standalone", 0.0)
        if add:
            score += add
            why.append(f"named without its state in news +{add:.2f}")
    if e.curated:
        feats["curated"] = 1.0
        score += w["curated"]
        why.append(f"curated +{w['curated']:.2f}")
    return score, tuple(why), feats


def context_terms(w: dict, key: str, e: Entry, ctx: Context, why: list[str],
                   km: float | None, broad: bool = False,
                   feats: Features | None = None) -> float:
    """The context's part of a candidate's score (its feature values into ``feats``)."""
    f: Features = {} if feats is None else feats
    score = 0.0
    share = ctx.country_share(e.country, key)
    if share:
        f["doc_country"] = share
        add = w["doc_country"] * share
        score += add
        why.append(f"in {e.country}, {share:.0%} of the document's places +{add:.2f}")
    if e.admin1 and e.kind in ("admin1", "admin2", "city") and \
            ctx.has_admin1(e.country, e.admin1, key):
        f["doc_admin1"] = 1.0
    if w["doc_admin1"] and f.get("doc_admin1"):
        score += w["doc_admin1"]
        code = e.admin1 if "-" in e.admin1 else f"{e.country}-{e.admin1}"
        why.append(f"in {code}, which the document names "
                   f"+{w['doc_admin1']:.2f}")
    wh = w.get("home_admin1", 0.0)
    if not broad and e.admin1 and e.kind in ("admin2", "city"):
        share = ctx.named_admin1_share(e.country, e.admin1, key)
        if share:
            f["home_admin1"] = share
        if share and wh:
            add = wh * share
            score += add
            why.append(f"in {e.admin1}, {share:.0%} of the divisions the text names "
                       f"+{add:.2f}")
    if km is not None and e.kind in AREA_KINDS:
        km = max(0.0, km - e.radius_m / 1000)  # a place inside an area is near it
    if km is not None and km < 500:
        f["near_500km"] = 1 - km / 500
        add = w["near_500km"] * (1 - km / 500)
        score += add
        why.append(f"{km:.0f} km from the document's other places +{add:.2f}")
    if e.curated and e.name_kind != "official" and e.kind not in ("country", "admin1") \
            and not share and (km is None or km > 150) and ctx.about_elsewhere(key):
        # "U.S. Embassy" is the embassy in Baghdad only in a text about Iraq
        f["curated_out_of_context"] = 1.0
        score += w["curated_out_of_context"]
        why.append(f"curated alias outside its context (the text is not about "
                   f"{e.country}) {w['curated_out_of_context']:+.2f}")
    return score


def containment(w: dict, text: str, mentions: Sequence[Mention], keys: list[str],
                 cands: dict[str, tuple[Entry, ...]]) -> dict[tuple, tuple[float, str, str]]:
    """Bonuses for "A, B" where a candidate of B contains one of A (weight, reason,
    feature name)."""
    out: dict[tuple, tuple[float, str, str]] = {}
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    for a, b in itertools.pairwise(order):
        ma, mb = mentions[a], mentions[b]
        if not keys[a] or not keys[b] or mb.start < ma.end or \
                not COMMA.match(text[ma.end:mb.start]) or mb.start - ma.end > 3:
            continue
        for big in cands[keys[b]]:
            if big.kind not in ("country", "admin1", "admin2") or \
                    peer(cands[keys[a]], big):
                continue
            for small in cands[keys[a]]:
                if small.kind in ("country", "continent") or small.country != big.country:
                    continue
                if big.kind in ("admin1", "admin2") and small.admin1 != big.admin1:
                    continue
                if big.kind == "admin2" and small.kind == "admin2":
                    continue
                phrase = f"\"{ma.text}, {mb.text}\""
                out.setdefault((keys[a], small.place_id), (
                    w["contained_in"],
                    f"in {big.name} ({phrase}) +{w['contained_in']:.2f}", "contained_in"))
                out.setdefault((keys[b], big.place_id), (
                    w["container_of"],
                    f"contains {small.name} ({phrase}) +{w['container_of']:.2f}",
                    "container_of"))
    return out


def peer(entries: Sequence[Entry], big: Entry) -> bool:
    """Whether a name may be the same kind of place as ``big`` (a country beside a
    country, a state beside a state of the same country): "China, Japan" and
    "Oklahoma, Pennsylvania" are lists, not "Alexandria, Virginia"."""
    return any(e.kind == big.kind and e.name_kind != "alternate" and
               (big.kind == "country" or e.country == big.country) for e in entries)


#: words after a county's own name ("DeKalb County", "Rapides Parish", "Platte Co.")
COUNTY_WORDS = ("county", "parish", "co")


def short_forms(names: Sequence[str], cands: dict[str, tuple[Entry, ...]]
                 ) -> dict[str, tuple[str, tuple[Entry, ...]]]:
    """Names that are short for a county the text names in full ("DeKalb" after
    "DeKalb County"), with that county's candidates to add to their own."""
    out = {}
    for k in names:
        for word in COUNTY_WORDS:
            full = f"{k} {word}"
            if full in cands:
                have = {e.place_id for e in cands[k]}
                extra = tuple(e for e in cands[full]
                              if e.kind == "admin2" and e.place_id not in have)
                if extra:
                    out[k] = (full, extra)
                break
    return out


def bare_counties(written: dict[str, str], cands: dict[str, tuple[Entry, ...]],
                  lookup) -> dict[str, tuple[Entry, ...]]:
    """Counties a name may be without its word ("Hendricks" for Hendricks County,
    "Rapides" for Rapides Parish) when the text does not write the full name: the
    counties of that name (``lookup`` of the name and a `COUNTY_WORDS` word). They
    join the name's candidates under the `priors` penalty ``county_unwritten``, so that
    only the document (its state, its other counties nearby) makes one win."""
    out = {}
    for k, text in written.items():
        if k.rsplit(" ", 1)[-1] in COUNTY_WORDS:
            continue
        have = {e.place_id for e in cands[k]}
        extra: list[Entry] = []
        for word in ("County", "Parish"):
            if f"{k} {word.casefold()}" in cands:
                break  # the text writes the full name: `short_forms`
            extra += [e for e in lookup(f"{text} {word}")
                      if e.kind == "admin2" and e.name_kind == "official"
                      and e.place_id not in have]
        else:
            if extra:
                out[k] = tuple(dict.fromkeys(extra))
    return out


#: the rest of a list of names that ends in a plural county word ("Hitchcock and Hayes
#: counties", "Douglas, Sarpy and Lancaster counties"): group 2 is the word
_LIST_TAIL = re.compile(r"((?:\s*,\s*|\s*,?\s+(?:and|or|&)\s+)[A-Z][\w.'-]*"
                        r"(?:\s[A-Z][\w.'-]*){0,2})*\s+(counties|parishes)\b",
                        re.IGNORECASE)
_LIST_HEAD = re.compile(r"(?:,|\band|\bor|&)\s*$")
_SINGULAR = {"counties": "County", "parishes": "Parish"}


def county_list_names(text: str, mentions: Sequence[Mention]) -> dict[int, str]:
    """Mentions that a list calls counties ("Hitchcock and Hayes counties"), with the
    county's full name ("Hitchcock County"). A name alone before the plural ("Georgia
    counties", "Indiana counties") is the state whose counties they are, not a county."""
    out = {}
    for i, m in enumerate(mentions):
        tail = _LIST_TAIL.match(text, m.end)
        if tail is None:
            continue
        if tail.group(1) is None and not _LIST_HEAD.search(text, max(0, m.start - 6),
                                                            m.start):
            continue
        out[i] = f"{m.text} {_SINGULAR[tail.group(2).lower()]}"
    return out


def district(e: Entry) -> bool:
    """Whether ``e`` is one of GeoNames' second-level divisions (`DISTRICT_SOURCE`)."""
    return e.kind == "admin2" and e.source.startswith(DISTRICT_SOURCE)


def seat_first(rows: Sequence[Scored]) -> list[Scored]:
    """A name's ranking (best first) with a winning GeoNames district (`DISTRICT_SOURCE`)
    named like a town in it (`has_seat`, by any of the town's names but a `hamlet`'s)
    replaced by that town, at the district's score: "Oicha" means the town unless a
    word says the division ("Oicha county": `cues.by_word` lifts it back for that
    mention). The text's evidence for the district (it holds the text's other places,
    it lies near them) is evidence for its town. Not for the ISO divisions (Bulacan
    province, the City of Westminster) nor US counties (`bare_counties`), which news
    names as units of their own."""
    rows = list(rows)
    if not rows or not district(rows[0].entry):
        return rows
    top = rows[0]
    for i, r in enumerate(rows[1:], 1):
        if r.entry.kind == "city" and not hamlet(r.entry) and has_seat(top.entry,
                                                                          (r.entry,)):
            town = dataclasses.replace(r, score=top.score, reasons=(
                *r.reasons, f"the town {top.entry.name} ({top.entry.kind}, "
                f"{top.score:.2f}) is named for"))
            return [town, *rows[:i], *rows[i + 1:]]
    return rows


def has_seat(division: Entry, cities: Sequence[Entry]) -> bool:
    """Whether one of ``cities`` lies in ``division`` (same first-level division; for
    a second-level one, also within its radius)."""
    from geoincidents.geoparse.geodesy import distance_km

    for c in cities:
        if (c.country, c.admin1) != (division.country, division.admin1):
            continue
        if division.kind == "admin1" or distance_km(
                c.lat, c.lon, division.lat, division.lon) <= division.radius_m / 1000:
            return True
    return False
