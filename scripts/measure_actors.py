"""Set-level actor recall/precision of ``extract.actors.find`` on the tuning label sets.

Per article: the gold set is every "name (stance)" of its incidents; the predicted set is
every actor ``find`` returns over the article's sentences.  A gold item is found when a
prediction has its stance and at least half its words (``evaluate.actor_matches``: the rule
the evaluation uses); a prediction is right when it finds some gold item.  Blind sets
(heldout5..7) are refused.

    python3 scripts/measure_actors.py [--baseline] [--verbose]
    python3 scripts/measure_actors.py --unseen [unseen2] [--verbose]

``--unseen`` scores the sentences of ``tests/data/unseen_*.jsonl`` instead (written after
the rules, to measure how they generalise): actors by the same matching rule, modality
as blocking precision/recall and label accuracy.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoincidents import jsonl, nlp  # noqa: E402
from geoincidents.evaluate import _actor_key, actor_matches  # noqa: E402
from geoincidents.extract import actors  # noqa: E402

SETS = ["geodata/samples/labels.json"] + [
    f"geodata/samples/heldout{s}/labels.json" for s in ("", "2", "3", "4")]


def _text(path: Path) -> str:
    from geoincidents.extract.text import decode, html_to_text, looks_like_html

    text, _ = decode(path.read_bytes(), str(path))
    if looks_like_html(text):
        text = html_to_text(text)[0]
    return text


def _hit(gold: str, pred: str) -> bool:
    return actor_matches(gold, pred)


def _baseline(doc) -> set[str]:
    from geoincidents.extract.events import actors as old

    return {f"{n} ({s})" for sent in doc.sents for n, s in old(sent.text, "other")}


def unseen(verbose: bool, prefix: str = "unseen") -> dict[str, float]:
    """Scores on the sentences written after the rules (tests/data/PREFIX_*.jsonl)."""
    from geoincidents.extract import modality

    data = ROOT / "tests" / "data"
    tot = Counter()
    for _, case in jsonl.records(data / f"{prefix}_actors.jsonl"):
        doc = nlp.parse(case["text"])
        pred = [f"{a.text} ({a.stance})" for s in doc.sents for a in actors.find(s)]
        gold = case["actors"]
        found = [g for g in gold if any(_hit(g, p) for p in pred)]
        right = [p for p in pred if any(_hit(g, p) for g in gold)]
        tot.update(gold=len(gold), found=len(found), pred=len(pred), right=len(right))
        if verbose and (set(found) != set(gold) or len(right) != len(pred)):
            print(f"   gold {gold} got {pred}  <- {case['text']}")
    m = Counter()
    for _, case in jsonl.records(data / f"{prefix}_modality.jsonl"):
        doc = nlp.parse(case["text"])
        tok = next(t for t in doc if t.text == case["word"])
        got, want = modality.blocked(tok), case["label"]
        m.update(gold=want is not None, pred=got is not None,
                 both=got is not None and want is not None, same=got == want, n=1)
        if verbose and got != want:
            print(f"   {case['word']!r}: want {want} got {got}  <- {case['text']}")
    return {"actor_recall": tot["found"] / max(tot["gold"], 1),
            "actor_precision": tot["right"] / max(tot["pred"], 1),
            "actor_counts": (tot["gold"], tot["found"], tot["pred"], tot["right"]),
            "block_recall": m["both"] / max(m["gold"], 1),
            "block_precision": m["both"] / max(m["pred"], 1),
            "label_accuracy": m["same"] / max(m["n"], 1), "n_modality": m["n"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", action="store_true", help="the regex extractor's actors")
    ap.add_argument("--unseen", nargs="?", const="unseen", default=None, metavar="PREFIX",
                    help="score tests/data/PREFIX_{actors,modality}.jsonl (default: unseen)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--doc", action="store_true",
                    help="find_in_doc (references like 'the group' resolved)")
    args = ap.parse_args()
    if args.unseen:
        r = unseen(args.verbose, args.unseen)
        g, f, p, ok = r["actor_counts"]
        print(f"actors: gold {g} found {f} recall {r['actor_recall']:.2f}; predicted {p} "
              f"right {ok} precision {r['actor_precision']:.2f}")
        print(f"modality ({r['n_modality']} sentences): blocking recall "
              f"{r['block_recall']:.2f} precision {r['block_precision']:.2f}; "
              f"label accuracy {r['label_accuracy']:.2f}")
        return
    seeds = Path(os.environ.get("GEOINCIDENTS_SEEDS", ROOT.parent / "shared" / "seeds"))
    tot = Counter()
    by_stance = Counter()
    for labels in SETS:
        assert not any(f"heldout{b}" in labels for b in (5, 6, 7)), "blind set"
        data = json.loads((ROOT / labels).read_text())
        for art in data["articles"]:
            gold = sorted({a for inc in art["incidents"] for a in (inc.get("actors") or [])})
            name = art["file"]
            path = seeds / name[6:] if name.startswith("seeds:") else \
                (ROOT / labels).parent / name
            if not path.exists():
                continue
            doc = nlp.parse(_text(path))
            if args.baseline:
                pred = _baseline(doc)
            else:
                pred = {f"{a.text} ({a.stance})" for a in actors.find_in_doc(doc)} \
                    if args.doc else \
                    {f"{a.text} ({a.stance})" for s in doc.sents for a in actors.find(s)}
            found = [g for g in gold if any(_hit(g, p) for p in pred)]
            right = [p for p in pred if any(_hit(g, p) for g in gold)]
            tot.update(gold=len(gold), found=len(found), pred=len(pred), right=len(right))
            for g in gold:
                by_stance[(_actor_key(g)[1], g in found)] += 1
            if args.verbose and (gold or pred):
                print(f"{labels.split('/')[2]}/{name}")
                for g in gold:
                    print(f"   {'ok  ' if g in found else 'MISS'} {g}")
                for p in sorted(pred):
                    if p not in right:
                        print(f"   xtra {p}")
    r = tot["found"] / max(tot["gold"], 1)
    p = tot["right"] / max(tot["pred"], 1)
    print(f"gold {tot['gold']} found {tot['found']}  recall {r:.2f}   "
          f"predicted {tot['pred']} right {tot['right']}  precision {p:.2f}")
    for stance in actors.STANCES:
        ok, miss = by_stance[(stance, True)], by_stance[(stance, False)]
        print(f"   {stance:9s} recall {ok}/{ok + miss}")


if __name__ == "__main__":
    main()
