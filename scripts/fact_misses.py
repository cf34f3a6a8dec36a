"""Which counts and casualties a labels file's matched incidents get wrong: for each
matched incident, every count or casualty field whose value differs from gold, with the
extractor's casualty notes; then the incidents missed.

    python3 scripts/fact_misses.py LABELS.json [LABELS.json ...]
"""
from __future__ import annotations

import sys

import pandas as pd

from geoincidents import evaluate, model
from geoincidents.gazetteer import Gazetteer

_FIELDS = (*model.COUNT_COLUMNS, "killed", "injured")


def main(paths: list[str]) -> None:
    seen: list[tuple] = []
    orig = evaluate._score_pair

    def spy(scores, name, g, row, gazetteer, tolerance_m):
        bad = [(f, g[f], None if pd.isna(row[f]) else int(row[f])) for f in _FIELDS
               if f in g and not evaluate._num_eq(g[f], row[f])]
        if bad:
            seen.append((name, g.get("date"), bad, row.get("casualty_notes")))
        return orig(scores, name, g, row, gazetteer, tolerance_m)

    evaluate._score_pair = spy
    gaz = Gazetteer.load(())
    for p in paths:
        seen.clear()
        s = evaluate.evaluate(p, gazetteer=gaz)
        print(f"== {p}: counts {s.correct['counts']}/{s.total['counts']}, "
              f"casualties {s.correct['casualties']}/{s.total['casualties']}")
        for name, d, bad, notes in seen:
            fields = ", ".join(f"{f} gold {g} pred {v}" for f, g, v in bad)
            print(f"  {name} {d}: {fields} | notes: {notes}")
        for r in s.rows:
            if r["wrong"] == "missed":
                print(f"  MISSED {r['file']} {r['gold']}")


if __name__ == "__main__":
    main(sys.argv[1:])
