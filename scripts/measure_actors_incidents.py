"""The evaluation's incident-level actor score with ``extract.actors.find`` in place of
the regex extractor's ``events.actors`` (a measurement only: the function is swapped in
this process, no module is changed).

    python3 scripts/measure_actors_incidents.py [--baseline]

Prints, per tuning label set (labels.json, heldout..heldout4; the blind sets are never
read), the actors field as ``evaluate`` scores it (labelled actors of matched incidents
found with their stance) and incident precision/recall, which must not move.
"""
from __future__ import annotations

import argparse
import sys
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoincidents import nlp  # noqa: E402
from geoincidents.evaluate import evaluate  # noqa: E402
from geoincidents.extract import actors, events  # noqa: E402
from geoincidents.gazetteer import Gazetteer  # noqa: E402

SETS = ["geodata/samples/labels.json"] + [
    f"geodata/samples/heldout{s}/labels.json" for s in ("", "2", "3", "4")]


@lru_cache(maxsize=4096)
def _parsed(text: str):
    doc = nlp.parse(text)
    return [(a.text, a.stance) for s in doc.sents for a in actors.find(s)]


def _actors(text, etype, low=None, found=None):
    out = []
    for name, stance in _parsed(text):
        if not any(name.lower() == n.lower() for n, _ in out):
            out.append((name, stance))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", action="store_true")
    args = ap.parse_args()
    if not args.baseline:
        events.actors = _actors
        events._ACT_GATE = SimpleNamespace(may_in=lambda found: True)
    gaz = Gazetteer.load(())
    tot_c = tot_n = 0
    for labels in SETS:
        sc = evaluate(ROOT / labels, gazetteer=gaz)
        c, n = sc.correct["actors"], sc.total["actors"]
        tot_c += c
        tot_n += n
        p = sc.n_matched / max(sc.n_pred, 1)
        r = sc.n_matched / max(sc.n_gold, 1)
        print(f"{labels:40s} actors {c}/{n}  incidents P {p:.2f} R {r:.2f}")
    print(f"all: actors {tot_c}/{tot_n} = {tot_c / max(tot_n, 1):.2f}")


if __name__ == "__main__":
    main()
