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

from fit_geoparse_ranker import FIXED, SCALE, doc_groups, fit, get, put  # noqa: E402

from geoincidents.geoparse import ranker, resolve  # noqa: E402
from geoincidents.geoparse.evaluate import (ACC_KM, distance_km, evaluate,  # noqa: E402
                                            read_corpus, split)


def doc_rows(parser: resolve.Geoparser, doc) -> list[tuple]:
    """Per gold toponym of ``doc``: its candidates' features, the part of each score
    the features do not give (a kind word's lift) and which candidates are right."""
    out = []
    got = parser.resolve_spans(doc.text, [(t.start, t.end) for t in doc.toponyms],
                               context=True)
    for t, top in zip(doc.toponyms, got):
        rows = () if top is None else top.candidates
        out.append(([r.features for r in rows],
                     np.array([r.score - ranker.score(parser.weights, r.features)
                               for r in rows]),
                     np.array([distance_km(t.lat, t.lon, r.entry.lat, r.entry.lon) <= ACC_KM
                               for r in rows], bool)))
    return out


def restacked(weights: dict, docs_rows: list[list]) -> float:
    """acc@161 when each toponym's candidates (from the current weights' resolution)
    are ranked again by ``weights``: the final round of scoring re-weighted, the
    context (earlier rounds' winners) left as it was."""
    right = total = 0
    for rows in docs_rows:
        for feats, offset, ok in rows:
            total += 1
            if not feats:
                continue
            s = np.array([ranker.score(weights, f) for f in feats]) + offset
            best = int(np.argmax(s))
            right += bool(ok[best] and s[best] > 0)
    return right / total


def accs(weights: dict, corpora: list[list]) -> list[float]:
    parser = resolve.Geoparser(weights=weights)
    return [evaluate(docs, given=lambda t, s: parser.resolve_spans(t, s, context=True),
                     given_spans=True).acc161 for docs in corpora]


def smooth_fit(data: list[tuple], names: list[str], start: np.ndarray, l2: float,
               n_corpora: int, tau: float = 0.2) -> np.ndarray:
    """Weights that minimise a smoothed count of wrong toponyms: per group,
    sigmoid((best wrong score - best right score) / ``tau``) (each best a soft maximum
    at temperature ``tau`` / 4), each corpus weighing the same, with an L2 penalty
    ``l2`` towards ``start``. Unlike the conditional logit it does not reward making
    easy toponyms surer, only turning close calls."""
    from scipy.optimize import minimize

    index = {n: i for i, n in enumerate(names)}
    per = np.bincount([c for *_, c in data], minlength=n_corpora)
    groups = []
    for feats, ok, c in data:
        X = np.zeros((len(feats), len(names)))
        for r, f in enumerate(feats):
            for k, x in f.items():
                if k in index:
                    X[r, index[k]] = x
        # the fixed weights' part of each score
        rest = np.array([sum(v * get(FIXED_W, k) for k, v in f.items() if k not in index)
                         for f in feats])
        groups.append((X, rest, np.asarray(ok), len(data) / n_corpora / per[c]))
    t2 = tau / 4

    def soft(s: np.ndarray, X: np.ndarray) -> tuple[float, np.ndarray]:
        m = s.max()
        e = np.exp((s - m) / t2)
        p = e / e.sum()
        return m + t2 * np.log(e.sum()), p @ X

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros_like(theta)
        for X, rest, ok, gw in groups:
            s = X @ theta + rest
            r, dr = soft(s[ok], X[ok])
            w, dw = soft(s[~ok], X[~ok])
            z = np.clip((w - r) / tau, -50, 50)
            sg = 1 / (1 + np.exp(-z))
            total += gw * sg
            grad += gw * sg * (1 - sg) / tau * (dw - dr)
        d = theta - start
        return total + 0.5 * l2 * float(d @ d), grad + l2 * d

    return minimize(loss, start, jac=True, method="L-BFGS-B").x


FIXED_W: dict = {}


def fitted(weights: dict, data: list[tuple], only: set[str], l2: float,
           n_corpora: int, how: str = "logit") -> dict:
    names = sorted({k for feats, *_ in data for f in feats for k in f} - FIXED)
    if only:
        names = [n for n in names if n in only]
    scale = SCALE in names and how == "logit"
    start = np.array([get(weights, n) for n in names])
    FIXED_W.clear()
    FIXED_W.update(weights)
    theta = fit(data, names, start, l2, n_corpora) if how == "logit" else \
        smooth_fit(data, names, start, l2, n_corpora)
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
    ap.add_argument("--loss", choices=("logit", "smooth"), default="logit")
    ap.add_argument("--stack", action="store_true",
                    help="score the folds by re-ranking the current resolution's "
                         "candidates with the fitted weights (a second stage)")
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
    stack_rows = [[doc_rows(parser, d) for d in docs] for docs in corpora] \
        if args.stack else []
    k, sums = args.folds, np.zeros(2)
    moved: dict[str, list[float]] = {}
    for i in range(k):
        train = [g for docs in per_doc for j, gs in enumerate(docs) if j % k != i for g in gs]
        test = [[d for j, d in enumerate(c) if j % k == i] for c in corpora]
        new = fitted(weights, train, only, args.l2, len(corpora), args.loss)
        if args.stack:
            held = [[r for j, r in enumerate(c) if j % k == i] for c in stack_rows]
            base = [restacked(weights, c) for c in held]
            got = [restacked(new, c) for c in held]
        else:
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
