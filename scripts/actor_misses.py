"""Which gold actors a labels file's matched incidents get wrong: for each incident with
gold actors (and each predicted incident with actors but none in gold), gold vs predicted.

    python3 scripts/actor_misses.py LABELS.json [LABELS.json ...]
"""
from __future__ import annotations

import sys

from geoincidents import evaluate
from geoincidents.gazetteer import Gazetteer


def main(paths: list[str]) -> None:
    seen = []
    orig = evaluate._score_pair

    def spy(scores, name, g, row, gazetteer, tolerance_m):
        hits, n = evaluate._actors_ok(g.get("actors") or [], row.actors)
        if (g.get("actors") and hits < n) or (not g.get("actors") and isinstance(row.actors, str)):
            seen.append((name, g.get("date"), g.get("actors"), row.actors))
        return orig(scores, name, g, row, gazetteer, tolerance_m)

    evaluate._score_pair = spy
    gaz = Gazetteer.load(())
    for p in paths:
        seen.clear()
        s = evaluate.evaluate(p, gazetteer=gaz)
        print(f"== {p}: actors {s.correct['actors']}/{s.total['actors']}")
        for name, d, gold, pred in seen:
            print(f"  {name} {d}: gold {gold} | pred {pred}")
        for r in s.rows:
            if r["wrong"] == "missed":
                print(f"  MISSED {r['file']} {r['gold']}")


if __name__ == "__main__":
    main(sys.argv[1:])
