"""Score a geoparser on an annotated corpus with the field's standard measures.

A corpus is JSON lines, one article a line: ``{"docid", "text", "toponyms": [{"start",
"end", "phrase", "lat", "lon", ...}]}`` (the LGL and GeoVirus files in
``../shared/geoparse`` have this form). Measures (Gritta et al. 2018, "What's missing in
geographical parsing?", and 2019, "A pragmatic guide to geoparsing evaluation"):

- detection recall: share of gold toponyms overlapped by a predicted mention;
- detection precision: share of predicted mentions that overlap a gold toponym;
- acc@161: share of gold toponyms resolved within 161 km (100 miles) of the gold point;
  a toponym not detected, or detected and not resolved, counts as wrong;
- mean and median error (km) and AUC, over the gold toponyms that got a point. AUC is
  the area under the curve of sorted errors scaled as ln(1 + km) / ln(20039): 0 is
  perfect, 1 every answer at the antipode;
- acc_radius (a diagnostic, not a standard measure): as acc@161, but an answer farther
  than 161 km also counts when the gold point lies within the chosen place's radius
  (the right country, whose representative point differs from the corpus's convention).

Two modes: end to end (the system finds and resolves the names) and given spans (the
system resolves the gold phrases in their article's context).

Examples
--------
>>> docs = read_corpus("../shared/geoparse/LGL.jsonl")          # doctest: +SKIP
>>> evaluate(docs, given_spans=True).as_dict()["acc161"]          # doctest: +SKIP
"""
from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geoincidents import jsonl
from geoincidents.errors import GeoIncidentsError
from geoincidents.geoparse.geodesy import distance_km

#: half the Earth's circumference, the largest possible error (km)
MAX_ERROR_KM = 20039.0
ACC_KM = 161.0
SPLITS = ("all", "dev", "test")


class CorpusError(GeoIncidentsError):
    """An annotated corpus file is malformed."""


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Article:
    docid: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    corpus: str = ""
    index: int = 0  # position in the file: even indices are DEV, odd TEST


@dataclass(frozen=True)
class Predicted:
    """What a system says about one span: offsets and a point (or none)."""

    start: int
    end: int
    lat: float | None = None
    lon: float | None = None
    radius_m: float | None = None  # how far from the point the place may reach


def read_corpus(path: str | os.PathLike[str]) -> list[Article]:
    """Read an annotated corpus (JSON lines); errors name the file, line and field."""
    path = Path(path)
    out: list[Article] = []
    for n, rec in jsonl.records(path, error=CorpusError):
        out.append(_article(path, n, rec, len(out)))
    return out


def _article(path: Path, n: int, rec: dict, index: int) -> Article:
    def bad(field_name: str, expected: str) -> CorpusError:
        return CorpusError(f"{jsonl.where(path, n, field_name)}: expected {expected}")

    text = rec.get("text")
    if not isinstance(text, str):
        raise bad("text", "a string")
    tops = rec.get("toponyms")
    if not isinstance(tops, list):
        raise bad("toponyms", "a list")
    gold = []
    for i, t in enumerate(tops):
        where = f"toponyms[{i}]"
        if not isinstance(t, dict):
            raise bad(where, "an object")
        try:
            start, end = int(t["start"]), int(t["end"])
            lat, lon = float(t["lat"]), float(t["lon"])
        except (KeyError, TypeError, ValueError):
            raise bad(where, "integer start/end and numeric lat/lon") from None
        if not 0 <= start < end <= len(text):
            raise bad(f"{where}.start", f"offsets within the text (0..{len(text)})")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise bad(f"{where}.lat", "a latitude and longitude in degrees")
        gold.append(GoldToponym(start, end, text[start:end], lat, lon))
    return Article(str(rec.get("docid", index)), text, tuple(gold),
                   str(rec.get("corpus", path.stem)), index)


def split(docs: Sequence[Article], which: str) -> list[Article]:
    """``dev`` (even positions in the file), ``test`` (odd) or ``all``."""
    if which not in SPLITS:
        raise ValueError(f"`which` was {which!r} but is expected to be in {SPLITS}")
    if which == "all":
        return list(docs)
    return [d for d in docs if d.index % 2 == (0 if which == "dev" else 1)]


@dataclass
class Scores:
    """The measures of one corpus in one mode."""

    corpus: str
    mode: str  # "end-to-end" or "given-spans"
    docs: int = 0
    gold: int = 0
    predicted: int = 0
    detected: int = 0   # gold toponyms overlapped by a predicted mention
    relevant: int = 0   # predicted mentions that overlap a gold toponym
    errors_km: list[float] = field(default_factory=list)  # one per gold toponym with a point
    #: gold toponyms farther than 161 km but within the chosen place's radius (the right
    #: country or region, whose point differs from the corpus's convention)
    within_radius: int = 0

    @property
    def recall(self) -> float:
        return self.detected / self.gold if self.gold else float("nan")

    @property
    def precision(self) -> float:
        return self.relevant / self.predicted if self.predicted else float("nan")

    @property
    def acc161(self) -> float:
        good = sum(e <= ACC_KM for e in self.errors_km)
        return good / self.gold if self.gold else float("nan")

    def as_dict(self) -> dict:
        errs = sorted(self.errors_km)
        return {"corpus": self.corpus, "mode": self.mode, "docs": self.docs,
                "gold": self.gold, "predicted": self.predicted,
                # given the spans, detection is not measured
                "recall": _r(self.recall) if self.mode == "end-to-end" else None,
                "precision": _r(self.precision) if self.mode == "end-to-end" else None,
                "resolved": len(errs), "acc161": _r(self.acc161),
                "mean_km": _r(sum(errs) / len(errs), 1) if errs else None,
                "median_km": _r(_median(errs), 1) if errs else None,
                "auc": _r(auc(errs)) if errs else None,
                "acc_radius": _r((sum(e <= ACC_KM for e in errs) + self.within_radius)
                                 / self.gold) if self.gold else None}


def _r(x: float, nd: int = 4) -> float | None:
    return None if math.isnan(x) else round(x, nd)


def _median(xs: list[float]) -> float:
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def auc(errors_km: Iterable[float]) -> float:
    """Area under the curve of sorted, log-scaled errors (Gritta et al. 2018).

    >>> auc([0.0, 0.0])
    0.0
    """
    import numpy as np

    errs = np.sort(np.asarray(list(errors_km), dtype=float))
    if not len(errs):
        return float("nan")
    scaled = np.log1p(errs) / math.log(MAX_ERROR_KM)
    if len(scaled) == 1:
        return float(scaled[0])
    return float(np.trapezoid(scaled, dx=1.0 / (len(scaled) - 1)))


EndToEnd = Callable[[str], Sequence[Predicted]]
GivenSpans = Callable[[str, Sequence[tuple[int, int]]], Sequence[Predicted | None]]


def evaluate(docs: Sequence[Article], *, end_to_end: EndToEnd | None = None,
             given: GivenSpans | None = None, given_spans: bool = False,
             corpus: str | None = None) -> Scores:
    """Score a system on ``docs``.

    Parameters
    ----------
    docs : sequence of Article
    end_to_end : callable, optional
        ``text -> [Predicted]``; default the project's geoparser
        (`geoincidents.geoparse.resolve.geoparse`).
    given : callable, optional
        ``(text, [(start, end)]) -> [Predicted or None]`` in the spans' order; default
        `geoincidents.geoparse.resolve.resolve_spans` with ``context`` (the divisions the
        rest of the text names count as evidence).
    given_spans : bool
        Score resolution of the gold spans instead of end to end.
    """
    name = corpus or (docs[0].corpus if docs else "")
    scores = Scores(name, "given-spans" if given_spans else "end-to-end", docs=len(docs))
    if given_spans:
        given = given or _default_given()
        for doc in docs:
            spans = [(t.start, t.end) for t in doc.toponyms]
            got = list(given(doc.text, spans)) if spans else []
            if len(got) != len(spans):
                raise ValueError(f"{doc.docid}: {len(spans)} spans given, "
                                 f"{len(got)} answers returned")
            scores.gold += len(spans)
            scores.predicted += sum(p is not None for p in got)
            scores.detected += len(spans)
            scores.relevant += sum(p is not None for p in got)
            for t, p in zip(doc.toponyms, got):
                _add_error(scores, t, p)
        return scores
    end_to_end = end_to_end or _default_end_to_end()
    for doc in docs:
        preds = sorted(end_to_end(doc.text), key=lambda p: (p.start, p.end))
        scores.gold += len(doc.toponyms)
        scores.predicted += len(preds)
        scores.relevant += sum(any(_overlap(p, t) for t in doc.toponyms) for p in preds)
        for t in doc.toponyms:
            hits = [p for p in preds if _overlap(p, t)]
            if hits:
                scores.detected += 1
                # the mention sharing most characters with the gold span answers for it
                best = max(hits, key=lambda p: min(p.end, t.end) - max(p.start, t.start))
                _add_error(scores, t, best)
    return scores


def _overlap(p: Predicted, t: GoldToponym) -> bool:
    return p.start < t.end and t.start < p.end


def _add_error(scores: Scores, t: GoldToponym, p: Predicted | None) -> None:
    if p is not None and p.lat is not None and p.lon is not None:
        km = distance_km(t.lat, t.lon, p.lat, p.lon)
        scores.errors_km.append(km)
        radius_m = getattr(p, "radius_m", None)
        if km > ACC_KM and radius_m is not None and km <= radius_m / 1000:
            scores.within_radius += 1


def _default_end_to_end() -> EndToEnd:
    from geoincidents.geoparse import resolve

    def run(text: str) -> list[Predicted]:
        return [Predicted(t.start, t.end, t.lat, t.lon, _radius(t))
                for t in resolve.default_parser().parse(text, unresolved=True)]
    return run


def _default_given() -> GivenSpans:
    from geoincidents.geoparse import resolve

    def run(text: str, spans: Sequence[tuple[int, int]]) -> list[Predicted | None]:
        return [None if t is None else Predicted(t.start, t.end, t.lat, t.lon, _radius(t))
                for t in resolve.resolve_spans(text, spans, context=True)]
    return run


def _radius(t) -> float | None:
    return None if t.place is None else t.place.radius_m
