"""Refit the geoparser's scoring weights (geoincidents/geoparse/data/weights.json) on the
DEV halves (articles at even positions) of annotated corpora, by coordinate search on
the mean acc@161 km given the gold spans. TEST halves (odd positions) are not read.

Usage:
    python3 scripts/fit_geoparse_weights.py ../shared/geoparse/LGL.jsonl \
        ../shared/geoparse/GeoVirus.jsonl [--write]

Without --write it prints the weights it found and the DEV figures before and after.
With --folds K it checks the search instead: the DEV articles of each corpus are dealt
into K folds; for each fold the search runs on the others and the fold is scored with
the found weights and with the current ones (nothing is written).
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

#: scalar weights searched, and the factors tried on each
SEARCHED = ("population_per_decade", "population_floor", "curated", "doc_country",
            "doc_admin1", "near_500km", "contained_in", "container_of", "admin1_support",
            "near_support", "near_support_km", "near_support_power", "home_admin1",
            "capital", "namesake_seat", "hamlet", "county_unwritten", "kind_word",
            "list_peer", "in_named_county", "doc_locale")
KIND_SEARCHED = ("country", "admin1", "admin2", "continent", "region")
FACTORS = (0.0, 0.5, 0.8, 1.25, 1.6, 2.5)
#: values tried on a weight that is zero (a factor cannot move it)
FROM_ZERO = (0.05, 0.1, 0.2, 0.4)


def score(parser: resolve.Geoparser, corpora: list[list]) -> float:
    def given(text, spans):
        return parser.resolve_spans(text, spans, context=True)
    accs = [evaluate(docs, given=given, given_spans=True).acc161 for docs in corpora]
    return sum(accs) / len(accs)


def paths(only: str = "") -> list[tuple[str, ...]]:
    """The weights searched (all, or the dotted paths listed in ``only``)."""
    every = [(k,) for k in SEARCHED] + [("kind", k) for k in KIND_SEARCHED] + \
        [("name_kind", "alternate"), ("name_kind", "abbreviation")]
    if not only:
        return every
    wanted = [tuple(p.split(".")) for p in only.split(",") if p]
    unknown = [".".join(p) for p in wanted if p not in every]
    if unknown:
        raise SystemExit(f"--only: {', '.join(unknown)} not among the searched weights "
                         f"({', '.join('.'.join(p) for p in every)})")
    return wanted


def search(weights: dict, corpora: list[list], passes: int, *, log: bool = True,
           only: str = "") -> tuple[dict, float, float]:
    """Coordinate search from ``weights`` (changed in place): (weights, start, best)."""
    parser = resolve.Geoparser(weights=weights)
    best = start = score(parser, corpora)
    for _ in range(passes):
        for path in paths(only):
            holder = weights
            for p in path[:-1]:
                holder = holder[p]
            base = holder.get(path[-1], 0.0)
            tries = [round(base * f, 3) for f in FACTORS] if base else list(FROM_ZERO)
            for value in tries:
                if value == 0.0 and path[-1].endswith("_km"):
                    continue  # a length scale must stay positive
                holder[path[-1]] = value
                parser.weights = weights
                got = score(parser, corpora)
                if got > best + 1e-4:
                    best, base = got, value
                    if log:
                        print(f"  {'.'.join(path)} = {base}: {best:.4f}", flush=True)
            holder[path[-1]] = base
    return weights, start, best


def folds(args: argparse.Namespace, corpora: list[list]) -> None:
    k = args.folds
    held: list[tuple[list[float], list[float]]] = []
    for i in range(k):
        train = [[d for j, d in enumerate(docs) if j % k != i] for docs in corpora]
        test = [[d for j, d in enumerate(docs) if j % k == i] for docs in corpora]
        start = json.loads(json.dumps(resolve.default_weights()))
        found, _, best = search(json.loads(json.dumps(start)), train, args.passes, log=False,
                                only=args.only)
        changed = {k2: v for k2, v in found.items() if start.get(k2) != v}
        before = [_acc(start, docs) for docs in test]
        after = [_acc(found, docs) for docs in test]
        held.append((before, after))
        print(f"fold {i + 1}/{k}: train mean {best:.4f}; held-out current "
              f"{' '.join(f'{a:.4f}' for a in before)} -> searched "
              f"{' '.join(f'{a:.4f}' for a in after)}; changed {changed}", flush=True)
    mb = sum(sum(b) for b, _ in held) / (k * len(corpora))
    ma = sum(sum(a) for _, a in held) / (k * len(corpora))
    print(f"held-out mean acc@161 over folds and corpora: current {mb:.4f}, searched {ma:.4f}")


def _acc(weights: dict, docs: list) -> float:
    parser = resolve.Geoparser(weights=weights)
    return evaluate(docs, given=lambda text, spans: parser.resolve_spans(text, spans, context=True),
                    given_spans=True).acc161


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--write", action="store_true", help="write the weights file")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--only", default="",
                    help="search only these weights (comma-separated dotted paths, "
                         "e.g. county_unwritten,kind.admin2)")
    ap.add_argument("--folds", type=int, default=0,
                    help="cross-validate the search on K folds of DEV instead")
    args = ap.parse_args()
    corpora = [split(read_corpus(p), "dev") for p in args.corpora]
    if args.folds:
        if args.folds < 2:
            ap.error(f"--folds was {args.folds} but is expected to be 2 or more")
        folds(args, corpora)
        return
    weights = json.loads(json.dumps(resolve.default_weights()))
    print("DEV mean acc@161 given spans: ...", flush=True)
    weights, start, best = search(weights, corpora, args.passes, only=args.only)
    print(f"DEV mean acc@161 given spans: {start:.4f} -> {best:.4f}")
    print(json.dumps(weights, indent=1))
    if args.write:
        target = ROOT / "geoincidents/geoparse/data/weights.json"
        doc = json.loads(target.read_text())["_doc"]
        target.write_text(json.dumps({"_doc": doc, **weights}, indent=1) + "\n")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
