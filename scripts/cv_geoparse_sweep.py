"""Cross-validate values of several scoring weights of the geoparser inside the DEV
halves of annotated corpora, each weight on its own, from one resolution of DEV per
value: every article's right-toponym count is kept per value, so the K-fold choice (the
value with the best mean acc@161 on the other folds, ties to the current value) costs
no further resolution. TEST halves are not read.

Usage:
    python3 scripts/cv_geoparse_sweep.py ../shared/geoparse/LGL.jsonl \\
        ../shared/geoparse/GeoVirus.jsonl --try capital=0,0.3,0.6,0.9 \\
        --try hamlet=-0.4,-0.15,0 [--folds 5] [--repeats 3]

For each weight: the full-DEV acc@161 of each value, then the held-out acc@161 (mean of
corpora, over folds; the articles dealt at random ``--repeats`` times) of the current
value and of the value picked without the fold.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoincidents.geoparse import ranker, resolve  # noqa: E402
from geoincidents.geoparse.evaluate import ACC_KM, distance_km, read_corpus, split  # noqa: E402


def per_doc(weights: dict, corpora: list[list]) -> list[np.ndarray]:
    """Right toponyms of each article, per corpus (given the gold spans)."""
    parser = resolve.Geoparser(weights=weights)
    out = []
    for docs in corpora:
        right = []
        for d in docs:
            got = parser.resolve_spans(d.text, [(t.start, t.end) for t in d.toponyms],
                                       context=True)
            right.append(sum(1 for t, r in zip(d.toponyms, got)
                             if r is not None and r.place is not None and distance_km(
                                 t.lat, t.lon, r.place.lat, r.place.lon) <= ACC_KM))
        out.append(np.array(right))
    return out


def acc(right: list[np.ndarray], sizes: list[np.ndarray], masks: list[np.ndarray]) -> float:
    return float(np.mean([r[m].sum() / s[m].sum() for r, s, m in zip(right, sizes, masks)]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--try", dest="tries", action="append", required=True,
                    metavar="NAME=V1,V2,...")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    corpora = [split(read_corpus(p), "dev") for p in args.corpora]
    sizes = [np.array([len(d.toponyms) for d in docs]) for docs in corpora]
    base_w = resolve.default_weights()
    base = per_doc(base_w, corpora)
    everyone = [np.ones(len(s), bool) for s in sizes]
    print(f"current: DEV {' '.join(f'{r.sum() / s.sum():.4f}' for r, s in zip(base, sizes))}",
          flush=True)
    for item in args.tries:
        name, _, values = item.partition("=")
        was = ranker.weight(base_w, name)
        results = {was: base}
        for v in (float(x) for x in values.split(",")):
            if v in results:
                continue
            w = json.loads(json.dumps(base_w))
            ranker.set_weight(w, name, v)
            results[v] = per_doc(w, corpora)
            print(f"  {name}={v:g}: DEV " + " ".join(
                f"{r.sum() / s.sum():.4f}" for r, s in zip(results[v], sizes))
                + f" ({acc(results[v], sizes, everyone):.4f})", flush=True)
        held = np.zeros(2)
        picks = []
        rng = random.Random(17)
        for _ in range(args.repeats):
            folds = [np.array([rng.randrange(args.folds) for _ in s]) for s in sizes]
            for f in range(args.folds):
                train = [fo != f for fo in folds]
                test = [fo == f for fo in folds]
                pick = max(results, key=lambda v: (acc(results[v], sizes, train),
                                                   -abs(v - was)))
                picks.append(pick)
                held += [acc(base, sizes, test), acc(results[pick], sizes, test)]
        n = args.folds * args.repeats
        print(f"{name}: held-out current ({was:g}) {held[0] / n:.4f}, picked "
              f"{held[1] / n:.4f}; picks {sorted(picks)}", flush=True)


if __name__ == "__main__":
    main()
