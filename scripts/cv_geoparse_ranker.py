"""Cross-validate the conditional-logit fit of the geoparser's ranker
(`scripts/fit_geoparse_ranker.py`) inside the DEV halves of annotated corpora: the DEV
articles of each corpus are dealt into K folds; for each fold the weights are fitted on
the candidates of the other folds' toponyms (from the current weights' resolution, as
the fit's first round does) and the fold is resolved with the fitted weights and with
the current ones. TEST halves are not read.

Usage:
    python3 scripts/cv_geoparse_ranker.py ../shared/geoparse/LGL.jsonl \\
        ../shared/geoparse/GeoVirus.jsonl [--folds 3] [--l2 1.0] [--only a,b]

``--only`` fits only the listed features (the others keep their weights), the way to ask
whether one new term, fitted without the fold, does better on the fold than without it
(its current weight, often 0). ``--set name=value`` changes the current weights first.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_geoparse_ranker import FIXED, SCALE, fit, get, put  # noqa: E402

from geoincidents.geoparse import resolve  # noqa: E402
from geoincidents.geoparse.evaluate import (ACC_KM, distance_km, evaluate,  # noqa: E402
                                            read_corpus, split)


def doc_groups(parser: resolve.Geoparser, doc, ci: int) -> list[tuple]:
    """(features, right, corpus index) of each toponym of ``doc`` with a right and a
    wrong candidate."""
    out = []
    got = parser.resolve_spans(doc.text, [(t.start, t.end) for t in doc.toponyms],
                               context=True)
    for t, top in zip(doc.toponyms, got):
        if top is None or not top.candidates:
            continue
        rows = top.candidates
        right = [distance_km(t.lat, t.lon, r.entry.lat, r.entry.lon) <= ACC_KM for r in rows]
        if any(right) and not all(right):
            out.append(([r.features for r in rows], right, ci))
    return out


def accs(weights: dict, corpora: list[list]) -> list[float]:
    parser = resolve.Geoparser(weights=weights)
    return [evaluate(docs, given=lambda t, s: parser.resolve_spans(t, s, context=True),
                     given_spans=True).acc161 for docs in corpora]


def fitted(weights: dict, data: list[tuple], only: set[str], l2: float,
           n_corpora: int) -> dict:
    names = sorted({k for feats, *_ in data for f in feats for k in f} - FIXED)
    if only:
        names = [n for n in names if n in only]
    scale = SCALE in names
    start = np.array([get(weights, n) for n in names])
    theta = fit(data, names, start, l2, n_corpora)
    if scale:
        theta *= get(weights, SCALE) / theta[names.index(SCALE)]
    out = json.loads(json.dumps(weights))
    for n, v in zip(names, theta):
        put(out, n, round(float(v), 3))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--only", default="", help="comma-separated features to fit")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args()
    weights = json.loads(json.dumps(resolve.default_weights()))
    for item in args.set:
        name, _, value = item.partition("=")
        put(weights, name, float(value))
    only = {n for n in args.only.split(",") if n}
    corpora = [split(read_corpus(p), "dev") for p in args.corpora]
    parser = resolve.Geoparser(weights=weights)
    parser.keep_candidates = None
    per_doc = [[doc_groups(parser, d, ci) for d in docs] for ci, docs in enumerate(corpora)]
    k, sums = args.folds, np.zeros(2)
    moved: dict[str, list[float]] = {}
    for i in range(k):
        train = [g for docs in per_doc for j, gs in enumerate(docs) if j % k != i for g in gs]
        test = [[d for j, d in enumerate(c) if j % k == i] for c in corpora]
        new = fitted(weights, train, only, args.l2, len(corpora))
        base, got = accs(weights, test), accs(new, test)
        sums += [sum(base), sum(got)]
        for n in sorted({*only} or {*new}):
            try:
                moved.setdefault(n, []).append(get(new, n))
            except (KeyError, TypeError):
                pass
        print(f"fold {i + 1}/{k}: held-out current " + " ".join(f"{a:.4f}" for a in base)
              + " -> fitted " + " ".join(f"{a:.4f}" for a in got), flush=True)
    n = k * len(corpora)
    for name, vals in moved.items():
        was = get(weights, name) if not isinstance(weights.get(name), dict) else None
        if was is not None and any(abs(v - was) >= 0.05 for v in vals):
            print(f"  {name}: {was:.3f} -> " + ", ".join(f"{v:.3f}" for v in vals))
    print(f"held-out mean acc@161 over folds and corpora: current {sums[0] / n:.4f}, "
          f"fitted {sums[1] / n:.4f}")


if __name__ == "__main__":
    main()
