"""Refit the geoparser's scoring weights (geoincidents/geoparse/data/weights.json) on the
DEV halves (articles at even positions) of annotated corpora, by coordinate search on
the mean acc@161 km given the gold spans. TEST halves (odd positions) are not read.

Usage:
    python3 scripts/fit_geoparse_weights.py ../shared/geoparse/LGL.jsonl \
        ../shared/geoparse/GeoVirus.jsonl [--write]

Without --write it prints the weights it found and the DEV figures before and after.
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
            "capital", "namesake_seat")
KIND_SEARCHED = ("country", "admin1", "admin2", "continent", "region")
FACTORS = (0.0, 0.5, 0.8, 1.25, 1.6, 2.5)


def score(parser: resolve.Geoparser, corpora: list[list]) -> float:
    def given(text, spans):
        return parser.resolve_spans(text, spans)
    accs = [evaluate(docs, given=given, given_spans=True).acc161 for docs in corpora]
    return sum(accs) / len(accs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--write", action="store_true", help="write the weights file")
    ap.add_argument("--passes", type=int, default=2)
    args = ap.parse_args()
    corpora = [split(read_corpus(p), "dev") for p in args.corpora]
    weights = json.loads(json.dumps(resolve.default_weights()))
    parser = resolve.Geoparser(weights=weights)
    best = start = score(parser, corpora)
    print(f"DEV mean acc@161 given spans: {start:.4f}", flush=True)
    for _ in range(args.passes):
        for path in [(k,) for k in SEARCHED] + [("kind", k) for k in KIND_SEARCHED] + \
                [("name_kind", "alternate"), ("name_kind", "abbreviation")]:
            holder = weights
            for p in path[:-1]:
                holder = holder[p]
            base = holder[path[-1]]
            for f in FACTORS:
                if f == 0.0 and path[-1].endswith("_km"):
                    continue  # a length scale must stay positive
                holder[path[-1]] = round(base * f, 3)
                parser.weights = weights
                got = score(parser, corpora)
                if got > best + 1e-4:
                    best, base = got, holder[path[-1]]
                    print(f"  {'.'.join(path)} = {base}: {best:.4f}", flush=True)
            holder[path[-1]] = base
    print(f"DEV mean acc@161 given spans: {start:.4f} -> {best:.4f}")
    print(json.dumps(weights, indent=1))
    if args.write:
        target = ROOT / "geoincidents/geoparse/data/weights.json"
        doc = json.loads(target.read_text())["_doc"]
        target.write_text(json.dumps({"_doc": doc, **weights}, indent=1) + "\n")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
