"""Which gold actors a labels file's matched incidents get wrong: for each incident with
gold actors (and each predicted incident with actors but none in gold), gold vs predicted;
then the incidents the extractor missed, with the gold actor items they carry (the
scorer never sees those: an actor of a missed incident is lost before attachment).

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
        gold_of = {(a["file"], evaluate._describe(g)): g.get("actors") or []
                   for a in evaluate.load_labels(p)["articles"] for g in a["incidents"]}
        lost = 0
        for r in s.rows:
            if r["wrong"] == "missed":
                items = gold_of.get((r["file"], r["gold"]), [])
                lost += len(items)
                print(f"  MISSED {r['file']} {r['gold']} actors {items}")
        print(f"  actor items on missed incidents: {lost}")


if __name__ == "__main__":
    main(sys.argv[1:])
