"""Resolve toponyms to places by the evidence of the whole document.

Each candidate of a name (`geoincidents.geoparse.world.Lexicon`) gets a score, the sum of
named terms whose weights are data (``data/weights.json``, refit by
``scripts/fit_geoparse_weights.py``):

- how the name matched: official name before ASCII form, abbreviation, demonym, and
  alternate names last;
- what it is: continent, country and first-level division before county, a city by its
  population (log scale);
- the document: countries and first-level divisions the other names resolve to, and the
  distance to the places they resolve to (spatial coherence);
- containment: "Alexandria, Virginia", "London, Ontario" (the second name contains the
  first: both get a bonus);
- curated places: a bonus, but a curated alias fires only in its own context (the
  embassy in Baghdad as "U.S. Embassy" only when the article is about Iraq).

The scores are computed for every distinct name of the document in rounds: the first
without context, each next one with the context of the previous round's winners
(a name's own votes never count for itself). Each `Toponym` keeps its candidates with
their scores and the reasons for them.

Examples
--------
>>> [t.place.name for t in geoparse("Flooding hit Alexandria, Virginia.")]  # doctest: +SKIP
['Alexandria', 'Virginia']
"""
from __future__ import annotations

import dataclasses
import functools
import json
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING

from geoincidents.gazetteer import normalize
from geoincidents.geoparse.context import (AREA_KINDS, Context, admin1_support, min_km,
                                           near_support, hamlet, county_support)
from geoincidents.geoparse.detect import Mention, detect
from geoincidents.geoparse import cues, evidence, forms, locale, scoring
from geoincidents.geoparse.parts import directional_part, refer_back
from geoincidents.geoparse.results import Scored, Toponym, rank_key
from geoincidents.geoparse.scoring import district
from geoincidents.geoparse.world import Entry, Lexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from geoincidents.gazetteer import Gazetteer

_BROAD = frozenset({"continent", "region", "country", "admin1"})


@functools.lru_cache(maxsize=1)
def default_weights() -> dict:
    """The fitted weights (``data/weights.json``)."""
    text = resources.files("geoincidents.geoparse").joinpath("data/weights.json").read_text(
        encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


class Geoparser:
    """Detection and resolution with one lexicon and one set of weights.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Curated places (default: the bundled ones and the user's imports).
    weights : dict, optional
        Scoring weights (default `default_weights`).
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *,
                 weights: dict | None = None) -> None:
        self.lexicon = Lexicon(gazetteer)
        self.weights = dict(default_weights() if weights is None else weights)
        self._curated = tuple(self.lexicon.curated_names())
        #: km from a position to the nearest of a tuple of positions
        self._dist_memo: dict[tuple, float] = {}
        #: how many scored candidates a `Toponym` keeps (None: all, for fitting)
        self.keep_candidates: int | None = 10

    # public ---------------------------------------------------------------------
    def parse(self, doc: Doc | str, *, unresolved: bool = False,
              anaphors: bool = False) -> list[Toponym]:
        """Find and resolve the toponyms of a text or parsed ``Doc``.

        Weak and demonym mentions without a good enough place are left out; strong
        ones (NER places, curated names) that no gazetteer entry fits are listed
        (``place`` None) only with ``unresolved``. With ``anaphors``, "the city" and
        "the town" are listed too when the text has named exactly one city or town
        before them (see `refer_back`).
        """
        text = doc if isinstance(doc, str) else doc.text
        mentions = self.detect(doc)
        out = []
        for t in self._resolve(text, mentions):
            if t.place is not None and hamlet(t.place) and (
                    t.source.endswith(":part") or t.source.startswith("inner:")):
                # a word found inside a longer name ("Street" of a street's, "Hall" of
                # a hall's, "Ford" of a firm's) is not taken for a hamlet of unknown
                # size: the best other place of the name, if any
                other = next((c for c in t.candidates if not hamlet(c.entry)), None)
                if other is None or other.score <= 0:
                    continue
                t = dataclasses.replace(t, place=other.entry, score=other.score,
                                        reasons=other.reasons)
            if t.strength != "strong" and t.place is not None and district(t.place) \
                    and not self._keep(t):
                # a weak mention that a district does not vouch for (`_keep`) is read as
                # the name's best other place, as it was before the districts came
                other = next((c for c in t.candidates if not district(c.entry)), None)
                if other is not None and other.score > 0:
                    t = dataclasses.replace(t, place=other.entry, score=other.score,
                                            reasons=other.reasons)
            if t.strength == "strong" and (unresolved or t.place is not None) or \
                    self._keep(t):
                out.append(t)
        return refer_back(text, out) if anaphors else out

    def detect(self, doc: Doc | str) -> list[Mention]:
        """The mentions `parse` starts from (see `geoincidents.geoparse.detect`)."""
        return detect(doc, curated=self._curated, is_name=self._is_name,
                      is_part_name=self._is_part_name)

    def resolve_spans(self, doc: Doc | str, spans: Sequence[tuple[int, int]], *,
                      parts: bool = False, context: bool = False) -> list[Toponym | None]:
        """Resolve given character spans (in their order) with each other as context.

        A span names what it covers: "California" of "southern California" is the
        state. With ``parts``, a direction word just before an area's span makes it that
        part of the area (see `directional_part`), as `parse` does. With ``context``,
        the divisions the rest of the text names inside other names ("the Georgia Bureau
        of Investigation": `evidence.division_mentions`) count as evidence too."""
        text = doc if isinstance(doc, str) else doc.text
        for s, e in spans:
            if not 0 <= s < e <= len(text):
                raise ValueError(f"span ({s}, {e}) is not within the text (0..{len(text)})")
        mentions = [Mention(s, e, text[s:e], "given", "given") for s, e in spans]
        found = self._resolve(text, mentions, parts=parts)
        if context and mentions:
            countries = {t.place.country for t in found if t.place is not None}
            extra = evidence.division_mentions(self.detect(doc), spans, self._lookup,
                                               countries)
            if extra:
                found = self._resolve(text, [*mentions, *extra], parts=parts)
        got = {(t.start, t.end): t for t in found}
        return [got.get((s, e)) for s, e in spans]

    def candidates(self, name: str, *, context: Sequence[str] = (),
                   near: Sequence[tuple[float, float]] = (),
                   countries: Sequence[str] = (), limit: int = 10) -> list[Scored]:
        """The scored candidates of ``name``, best first (what ``gazetteer lookup``
        shows).

        Parameters
        ----------
        context : sequence of str
            Other place names of the same text.
        near : sequence of (lon, lat)
            Positions the text is known to be about.
        countries : sequence of str
            ISO alpha-2 codes the text is known to be about.
        """
        names = [name, *context]
        text = ". ".join(names)
        mentions, at = [], 0
        for n in names:
            mentions.append(Mention(at, at + len(n), n, "given", "given"))
            at += len(n) + 2
        got = self._resolve(text, mentions, near=near, countries=countries)[0]
        return list(got.candidates[:limit])

    # detection helpers ----------------------------------------------------------
    def _is_name(self, text: str) -> bool:
        return bool(self._lookup(text))

    def _is_part_name(self, text: str) -> bool:
        """A name inside another entity or a capitalised run counts only if some place
        of the name is more than a `hamlet`:
        "Street", Maryland and "House", New Mexico are post-office towns, not what such
        words mean."""
        return any(not hamlet(e) for e in self._lookup(text))

    def _lookup(self, text: str) -> tuple[Entry, ...]:
        return self._lookup_formed(text)[0]

    def _lookup_formed(self, text: str) -> tuple[tuple[Entry, ...], str]:
        """The places of the name ``text``, and the form of the name they were found by
        ("{} County", as written in data/name_forms.json), else ""."""
        form = ""
        found = self.lexicon.lookup(text)
        if not found and text.endswith((" Co.", " Co")):
            # "Platte Co." is Platte County
            found = self.lexicon.lookup(text.rsplit(" ", 1)[0] + " County")
        if not found:
            # "Kilifi County", "County Mayo", "Port of Los Angeles" (data/name_forms.json)
            found, form = forms.by_form(text, self.lexicon.lookup)
        if not found and len(text) > 4 and text.endswith("s"):
            # plural demonyms: "Iraqis", "Russians"
            found = tuple(e for e in self.lexicon.lookup(text[:-1]) if e.name_kind == "demonym")
        return found, form

    def _keep(self, t: Toponym) -> bool:
        w = self.weights
        if t.place is None:
            return False
        if t.strength == "demonym":
            return t.place.name_kind == "demonym" or t.place.kind in AREA_KINDS
        e = t.place
        if e.name_kind == "demonym":  # "American" of "Russian-American", "American Legion"
            return e.kind in AREA_KINDS
        if t.score < w["weak_min_score"] or e.name_kind not in ("official", "ascii",
                                                                "abbreviation"):
            return False
        # a GeoNames district is not vouched for by being an area: many bear a common
        # word ("Light", "Federation", "Town": Australian and Caribbean councils)
        area = e.kind in AREA_KINDS and not district(e)
        return (area or e.curated or e.population >= w["weak_min_population"]
                or any(r.startswith(("in ", "within ")) for r in t.reasons))

    # resolution -------------------------------------------------------------------
    def _resolve(self, text: str, mentions: Sequence[Mention], *,
                 near: Sequence[tuple[float, float]] = (),
                 countries: Sequence[str] = (), parts: bool = True) -> list[Toponym]:
        w = self.weights
        known = (tuple((float(x), float(y)) for x, y in near),
                 frozenset(c.upper() for c in countries))
        written = [m.text for m in mentions]
        for i, full in scoring.county_list_names(text, mentions).items():
            if self._lookup(full):  # "Hitchcock and Hayes counties"
                written[i] = full
        keys = [normalize(t) for t in written]
        names = list(dict.fromkeys(k for k in keys if k))
        cands: dict[str, tuple[Entry, ...]] = {}
        formed: dict[str, str] = {}  # the form a name's places were found by, else ""
        for t, k in zip(written, keys):
            if k and k not in cands:
                cands[k], formed[k] = self._lookup_formed(t)
        short = scoring.short_forms(names, cands)
        for k, (_k2, extra) in short.items():
            cands[k] = cands[k] + extra
        # names that may be a country or a division ("Ontario", "Washington"): the home
        # state does not make them a town of that state, nor a county of its name
        broad = {k for k in names if any(e.kind in _BROAD and e.name_kind != "alternate"
                                         for e in cands[k])}
        # a county without its word only for a whole name the NER (or the caller)
        # calls a place: not "Lee" of a person's name, nor "Park" of "Forest Park"
        first = {k: t for k, t, m in zip(reversed(keys), reversed(written),
                                         reversed(mentions))
                 if k and k not in broad and m.strength in ("strong", "given")
                 and not m.source.endswith(":part")}
        bare = scoring.bare_counties(first, cands, self._lookup) \
            if w.get("county_unwritten") else {}
        for k, extra in bare.items():
            cands[k] = cands[k] + extra
        times = Counter(k for k in keys if k)
        prior = {k: scoring.priors(self.weights, cands[k], bare.get(k, ()))
                 for k in names}
        contain = scoring.containment(self.weights, text, mentions, keys,
                                      cands)
        cued, peers = cues.kind_cues(text, mentions, keys), \
            cues.list_neighbours(text, mentions, keys)
        # a county the text does not write out receives support but lends none
        support = admin1_support(names, cands, mute=bare)
        wn = w.get("near_support", 0.0)
        close = near_support(names, cands, scale_km=w["near_support_km"],
                             power=w["near_support_power"], mute=bare) if wn else {}
        wc = w.get("in_named_county", 0.0)
        inside = county_support(names, cands, mute=bare) if wc else {}
        written_from = locale.votes(text) if w.get("doc_locale") else {}
        winners: dict[str, Entry] = {}
        scored: dict[str, list[Scored]] = {}
        for rnd in range(int(w["rounds"]) + 1):
            ctx = Context(winners, times, *known) if rnd or any(known) else None
            for k in names:
                rows = []
                kms = self._near_kms(cands[k], ctx.points(k)) if ctx is not None else ()
                for i, e in enumerate(cands[k]):
                    score, why, feats = prior[k][i]
                    why, feats = list(why), dict(feats)
                    if ctx is not None:
                        score += scoring.context_terms(self.weights, k, e, ctx, why, kms[i],
                                                       k in broad, feats)
                    sup = support.get((k, e.place_id))
                    if sup:
                        feats["admin1_support"] = min(sup, 2.0)
                        add = w["admin1_support"] * min(sup, 2.0)
                        score += add
                        why.append(f"{e.admin1} is also where other names of the text may "
                                   f"be (support {sup:.2f}) +{add:.2f}")
                    if formed.get(k):
                        why.append(f"by the form {formed[k]!r} of its name")
                    if k in short and e in short[k][1]:
                        why.append(f"short for {short[k][0]!r}, which the text names")
                    near = close.get((k, e.place_id))
                    if near:
                        feats["near_support"] = min(near, w["near_support_cap"])
                        add = wn * min(near, w["near_support_cap"])
                        score += add
                        why.append(f"near where other names of the text may be (support "
                                   f"{near:.2f}) +{add:.2f}")
                    if (k, e.place_id) in inside:
                        feats["in_named_county"], about = inside[(k, e.place_id)]
                        score += wc * feats["in_named_county"]
                        why.append(f"{about} +{wc * feats['in_named_county']:.2f}")
                    score += cues.cue_terms(w, k, e, peers, winners if rnd else None,
                                            why, feats)
                    bonus = contain.get((k, e.place_id))
                    if bonus:
                        feats[bonus[2]] = 1.0
                        score += bonus[0]
                        why.append(bonus[1])
                    if ctx is not None and hamlet(e) and not feats.get(
                            "doc_country") and ctx.about_country_other_than(e.country, k):
                        # a hamlet of unknown size is not read into a text whose other
                        # places are all in other countries
                        continue
                    rows.append(Scored(e, round(score, 4), tuple(why), feats))
                rows.sort(key=rank_key)
                scored[k] = scoring.seat_first(locale.lift(w, rows, written_from))
            winners = {k: rows[0].entry for k, rows in scored.items() if rows}
        out = []
        for i, (m, k) in enumerate(zip(mentions, keys)):
            rows = cues.by_word(scored.get(k, []), cued.get(i), w.get("kind_word", 0.0))
            best = rows[0] if rows and rows[0].score > 0 else None
            entry, reasons = (None, ()) if best is None else (best.entry, best.reasons)
            if parts and entry is not None and entry.kind in AREA_KINDS:
                part = directional_part(text, m.start, entry)
                if part is not None:
                    entry, reasons = part[0], (*reasons, part[1])
            out.append(Toponym(m.start, m.end, m.text, m.strength, m.source, entry,
                               0.0 if best is None else best.score, reasons,
                               tuple(rows[:self.keep_candidates])))
        return out

    def _near_kms(self, entries: Sequence[Entry], others: tuple) -> list[float | None]:
        """km from each entry to the nearest of ``others`` (one vectorised call)."""
        if not others or not entries:
            return [None] * len(entries)
        memo = self._dist_memo
        if len(memo) > 50_000:
            memo.clear()
        missing = [(e.lon, e.lat) for e in entries if (e.lon, e.lat, others) not in memo]
        if missing:
            missing = list(dict.fromkeys(missing))
            for at, km in zip(missing, min_km(missing, others)):
                memo[(at[0], at[1], others)] = km
        return [memo[(e.lon, e.lat, others)] for e in entries]

@functools.lru_cache(maxsize=1)
def default_parser() -> Geoparser:
    """A `Geoparser` with the bundled gazetteer and weights (built once)."""
    return Geoparser()


def geoparse(doc: Doc | str) -> list[Toponym]:
    """Find and resolve the toponyms of a text or ``Doc`` (see `Geoparser.parse`)."""
    return default_parser().parse(doc)


def resolve_spans(doc: Doc | str, spans: Sequence[tuple[int, int]], *,
                  parts: bool = False, context: bool = False) -> list[Toponym | None]:
    """Resolve given spans in their document's context (see `Geoparser.resolve_spans`)."""
    return default_parser().resolve_spans(doc, spans, parts=parts, context=context)
