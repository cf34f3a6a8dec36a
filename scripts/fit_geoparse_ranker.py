"""Fit the geoparser's linear candidate ranker (the weights of
geoincidents/geoparse/data/weights.json) as a conditional logit on the DEV halves
(articles at even positions) of annotated corpora; TEST halves are not read.

Each gold toponym (given its span) gives a group: its candidates' feature vectors
(`Scored.features`: name match kind, feature kind, log population, capital, the
document's countries and divisions, distance to the other places, co-location support,
containment phrases...) and which candidates lie within 161 km of the gold point. The
weights maximise the likelihood that the softmax of the scores picks a right candidate
(Mordecai 3 and CamCoder rank candidates the same way, with a neural scorer), with an
L2 penalty towards the current weights, each corpus weighing the same. Context features
depend on the previous round's winners, so fitting and resolving alternate
(``--rounds``); the round with the best mean DEV acc@161 is kept.

Non-linear settings (population floor, co-location scale and cap, thresholds) stay as
they are; `scripts/fit_geoparse_weights.py` searches those.

Usage:
    python3 scripts/fit_geoparse_ranker.py ../shared/geoparse/LGL.jsonl \\
        ../shared/geoparse/GeoVirus.jsonl [--l2 1.0] [--rounds 3] [--write]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoincidents.geoparse import ranker, resolve  # noqa: E402
from geoincidents.geoparse.evaluate import (ACC_KM, distance_km, evaluate,  # noqa: E402
                                            read_corpus, split)

WEIGHTS = ROOT / "geoincidents/geoparse/data/weights.json"
#: features whose weights stay: a city's kind is the zero of the scores (a softmax
#: ignores a constant added to every candidate, a positive score is what resolves)
FIXED = frozenset({"kind.city"})
#: the weight whose value fixes the scale of the fitted ones
SCALE = "name_kind.official"


get, put = ranker.weight, ranker.set_weight


def doc_groups(parser: resolve.Geoparser, doc, ci: int, check: bool = False) -> list[tuple]:
    """(features, right, corpus index ``ci``) of each toponym of ``doc`` with a right and
    a wrong candidate; with ``check``, each of the top scores must be the weights' dot
    product with its features."""
    out = []
    got = parser.resolve_spans(doc.text, [(t.start, t.end) for t in doc.toponyms],
                               context=True)
    for t, top in zip(doc.toponyms, got):
        if top is None or not top.candidates:
            continue
        rows = top.candidates
        right = [distance_km(t.lat, t.lon, r.entry.lat, r.entry.lon) <= ACC_KM for r in rows]
        for r in rows[:3] if check else ():
            dot = ranker.score(parser.weights, r.features)
            if abs(dot - r.score) > 1e-2:
                raise AssertionError(f"{doc.docid} {t.phrase!r}: score {r.score} "
                                     f"but features give {dot:.4f}: {r.features}")
        if any(right) and not all(right):
            out.append(([r.features for r in rows], right, ci))
    return out


def groups(parser: resolve.Geoparser, corpora: list[list]) -> list[tuple]:
    """`doc_groups` of every document of ``corpora``, scores checked."""
    return [g for ci, docs in enumerate(corpora) for doc in docs
            for g in doc_groups(parser, doc, ci, check=True)]


def fit(data: list[tuple], names: list[str], start: np.ndarray, l2: float,
        n_corpora: int) -> np.ndarray:
    """Each corpus weighs the same."""
    per = np.bincount([c for *_, c in data], minlength=n_corpora)
    gw = [len(data) / n_corpora / per[c] for *_, c in data]
    return ranker.fit([(f, ok) for f, ok, _ in data], names, start, l2=l2, group_weights=gw)


def dev_acc(parser: resolve.Geoparser, corpora: list[list]) -> list[float]:
    return [evaluate(docs, given=lambda t, s: parser.resolve_spans(t, s, context=True),
                     given_spans=True).acc161 for docs in corpora]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--l2", type=float, default=1.0,
                    help="penalty on the distance from the current weights")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="write the weights file")
    args = ap.parse_args()
    corpora = [split(read_corpus(p), "dev") for p in args.corpora]
    weights = json.loads(json.dumps(resolve.default_weights()))
    parser = resolve.Geoparser(weights=weights)
    parser.keep_candidates = None
    best_acc, best = float(np.mean(dev_acc(parser, corpora))), weights
    print(f"DEV acc@161 given spans (mean of corpora): {best_acc:.4f}", flush=True)
    for rnd in range(args.rounds):
        data = groups(parser, corpora)
        names = sorted({k for feats, *_ in data for f in feats for k in f} - FIXED)
        start = np.array([get(weights, n) for n in names])
        theta = fit(data, names, start, args.l2, len(corpora))
        # a softmax ignores the scale of the scores, the rest of the resolver does not
        # (a place needs a positive score; weak mentions a minimum): keep the scale
        theta *= get(weights, SCALE) / theta[names.index(SCALE)]
        weights = json.loads(json.dumps(weights))
        for n, v, was in zip(names, theta, start):
            put(weights, n, round(float(v), 3))
            if abs(v - was) >= 0.05:
                print(f"  {n}: {was:.3f} -> {v:.3f}")
        parser = resolve.Geoparser(weights=weights)
        parser.keep_candidates = None
        accs = dev_acc(parser, corpora)
        print(f"round {rnd + 1}: {len(data)} groups; DEV acc@161 "
              f"{' '.join(f'{a:.4f}' for a in accs)} (mean {np.mean(accs):.4f})", flush=True)
        if np.mean(accs) > best_acc + 1e-4:
            best_acc, best = float(np.mean(accs)), weights
    print(json.dumps(best, indent=1))
    if args.write:
        old = json.loads(WEIGHTS.read_text())
        doc = old["_doc"]
        extra = {k: v for k, v in old.items() if k.startswith("_") and k != "_doc"}
        extra["_fitted"] = (f"scripts/fit_geoparse_ranker.py --l2 {args.l2} --rounds "
                            f"{args.rounds} on the DEV halves of "
                            f"{', '.join(Path(p).name for p in args.corpora)}; "
                            f"DEV mean acc@161 {best_acc:.4f}")
        WEIGHTS.write_text(json.dumps({"_doc": doc, **extra, **best}, indent=1) + "\n")
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
