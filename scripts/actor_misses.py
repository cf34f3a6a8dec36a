"""Which actor items a labels file gets wrong, per item: on each paired incident the
labelled items not found ("missed") and the predicted items naming no label ("spurious",
what lowers `actors precision`); then the predicted incidents paired with no label that
carry actors, and the labelled incidents the extractor missed with the items they carry
(an actor of a missed incident is lost before attachment).

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
        gold, pred = g.get("actors") or [], evaluate._items(row.actors)
        missed = [a for a in gold if not any(evaluate.actor_matches(a, p) for p in pred)]
        extra = [p for p in pred if not any(evaluate.actor_matches(a, p) for a in gold)]
        if missed or extra:
            seen.append((name, g.get("date"), row.place_name, missed, extra, row.actors))
        return orig(scores, name, g, row, gazetteer, tolerance_m)

    unpaired = []
    orig_pair = evaluate._pair

    def pair_spy(gold, pred, gazetteer, tolerance_m):
        pairs = orig_pair(gold, pred, gazetteer, tolerance_m)
        for pi in set(range(len(pred))) - {p for _, p in pairs}:
            row = pred.iloc[pi]
            if evaluate._items(row.actors):
                unpaired.append((evaluate._d(row.date), row.place_name, row.actors))
        return pairs

    evaluate._score_pair = spy
    evaluate._pair = pair_spy
    gaz = Gazetteer.load(())
    for p in paths:
        seen.clear()
        unpaired.clear()
        s = evaluate.evaluate(p, gazetteer=gaz)
        it = s.actor_items
        print(f"== {p}: actors accuracy {s.correct['actors']}/{s.total['actors']}, "
              f"precision {it['pred_right']}/{it['pred']}, recall {it['gold_found']}/{it['gold']}")
        for name, d, place, missed, extra, pred in seen:
            print(f"  {name} {d} {place}: missed {missed} | spurious {extra} | pred {pred}")
        gold_of = {(a["file"], evaluate._describe(g)): g.get("actors") or []
                   for a in evaluate.load_labels(p)["articles"] for g in a["incidents"]}
        lost = 0
        for r in s.rows:
            if r["wrong"] == "missed":
                items = gold_of.get((r["file"], r["gold"]), [])
                lost += len(items)
                print(f"  MISSED {r['file']} {r['gold']} actors {items}")
        print(f"  actor items on missed incidents: {lost}")
        for d, place, actors in unpaired:
            print(f"  UNPAIRED {d} {place}: {actors}")
        print(f"  actor items on unpaired predicted incidents: "
              f"{sum(len(evaluate._items(a)) for _, _, a in unpaired)}")


if __name__ == "__main__":
    main(sys.argv[1:])
