"""Cross-validate one scoring weight of the geoparser on the DEV halves of annotated
corpora: the DEV articles of each corpus are dealt into K folds; for each fold the value
with the best mean acc@161 (given the gold spans) on the other folds is picked among
--values and the fold is scored with it and with --base (the weight switched off, by
default). TEST halves are not read.

Usage:
    python3 scripts/cv_geoparse_weight.py ../shared/geoparse/LGL.jsonl \
        ../shared/geoparse/GeoVirus.jsonl --weight county_unwritten \
        --values 0,-0.3,-0.6,-0.9,-1.2 [--base 0] [--folds 2]

Unlike fit_geoparse_weights.py --folds (which searches many weights from the current
ones), this answers one question: does a new term, at a value chosen without the fold,
do better on the fold than no term at all?
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoincidents.geoparse import resolve  # noqa: E402
from geoincidents.geoparse.evaluate import evaluate, read_corpus, split  # noqa: E402


def acc(name: str, value: float, docs: list) -> float:
    weights = json.loads(json.dumps(resolve.default_weights()))
    weights[name] = value
    parser = resolve.Geoparser(weights=weights)
    return evaluate(docs, given=lambda text, spans: parser.resolve_spans(text, spans, context=True),
                    given_spans=True).acc161


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--weight", required=True, help="a top-level key of weights.json")
    ap.add_argument("--values", required=True, help="comma-separated values to pick from")
    ap.add_argument("--base", type=float, default=0.0, help="the value compared against")
    ap.add_argument("--folds", type=int, default=2)
    args = ap.parse_args()
    if args.weight not in resolve.default_weights():
        ap.error(f"--weight {args.weight!r} is not a top-level key of weights.json")
    try:
        values = [float(v) for v in args.values.split(",") if v.strip()]
    except ValueError:
        ap.error(f"--values {args.values!r} is expected to be comma-separated numbers")
    if args.folds < 2 or not values:
        ap.error("--folds must be 2 or more and --values must name at least one value")
    corpora = [split(read_corpus(p), "dev") for p in args.corpora]
    k, sums = args.folds, [0.0, 0.0]
    for i in range(k):
        train = [[d for j, d in enumerate(c) if j % k != i] for c in corpora]
        test = [[d for j, d in enumerate(c) if j % k == i] for c in corpora]
        on_train = {v: sum(acc(args.weight, v, c) for c in train) / len(train)
                    for v in values}
        # ties go to the value nearest the base (the smaller change)
        pick = max(values, key=lambda v: (on_train[v], -abs(v - args.base)))
        base = [acc(args.weight, args.base, c) for c in test]
        got = [acc(args.weight, pick, c) for c in test]
        sums[0] += sum(base)
        sums[1] += sum(got)
        print(f"fold {i + 1}/{k}: train "
              + " ".join(f"{v:g}:{s:.4f}" for v, s in on_train.items())
              + f"; picked {pick:g}; held-out {args.base:g}: "
              + " ".join(f"{a:.4f}" for a in base) + f" -> {pick:g}: "
              + " ".join(f"{a:.4f}" for a in got), flush=True)
    n = k * len(corpora)
    print(f"held-out mean acc@161 over folds and corpora: {args.base:g} {sums[0] / n:.4f}, "
          f"picked {sums[1] / n:.4f}")


if __name__ == "__main__":
    main()
