"""Geoparsing throughput: ~5 KB news articles per second on one core, in process, end to
end (text -> resolved toponyms), beside the extractor's own place finder (the previous
geocoder) in the same run; and the start-up of the commands that geoparse.

Articles: the LGL and GeoVirus texts from ../shared/geoparse (read, never copied), joined
into pieces of about 5,000 characters; without them the bundled sample articles.

    python3 bench/bench_geoparse.py --articles 60
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "geoparse"


def articles(n: int, size: int = 5000) -> list[str]:
    from geoincidents import jsonl

    texts: list[str] = []
    files = sorted(SHARED.glob("*.jsonl"))
    if files:
        for f in files:
            texts += [rec["text"] for _, rec in jsonl.records(f)]
    else:
        texts = [p.read_text(encoding="utf-8", errors="replace")
                 for p in sorted((ROOT / "geodata/samples/articles").glob("*"))]
    out, cur = [], ""
    for t in texts:
        cur = f"{cur}\n\n{t}" if cur else t
        if len(cur) >= size:
            out.append(cur)
            cur = ""
        if len(out) == n:
            break
    return out


def timed(fn, docs) -> float:
    t = time.perf_counter()
    for d in docs:
        fn(d)
    return time.perf_counter() - t


def startup(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geoincidents", *args], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--runs", type=int, default=5, help="runs of each start-up timing")
    args = ap.parse_args()
    docs = articles(args.articles)
    kb = sum(len(d) for d in docs) / len(docs) / 1000
    from geoincidents import nlp
    from geoincidents.extract import find_places, prepare
    from geoincidents.extract import mentions as mm
    from geoincidents.gazetteer import Gazetteer
    from geoincidents.geoparse.link import refine
    from geoincidents.geoparse.resolve import Geoparser

    def mentions_only(text):
        doc = prepare(text)
        found = mm.find_mentions(doc.text, doc.sentences, gaz)
        return mm.resolve_mentions(found, gaz, doc.text, doc.sentences)

    def without_ner(text):
        return refine(text, mentions_only(text), gaz, ner=False)

    t = time.perf_counter()
    gp = Geoparser()
    gp.parse(docs[0])
    gaz = Gazetteer.load()
    find_places(prepare(docs[0]), gazetteer=gaz)
    warm = time.perf_counter() - t
    rows = {
        "geoparse, NER only (text)": lambda d: gp.parse(d),
        "geoparse on a full parse (nlp.parse)": lambda d: gp.parse(nlp.parse(d)),
        "full spaCy parse alone": lambda d: nlp.parse(d),
        "NER alone": lambda d: nlp.entities(d),
        "extract.find_places (mentions + NER context)":
            lambda d: find_places(prepare(d), gazetteer=gaz),
        "extractor mentions + resolver, no NER": lambda d: without_ner(d),
        "extractor mentions alone (main's geocoder)": lambda d: mentions_only(d),
    }
    print(f"{len(docs)} articles of {kb:.1f} KB on average; loading and first call "
          f"{warm:.1f} s")
    print(f"{'in process, one core':46s} {'articles/s':>10s} {'ms/article':>11s}")
    for name, fn in rows.items():
        secs = timed(fn, docs)
        print(f"{name:46s} {len(docs) / secs:10.1f} {secs / len(docs) * 1e3:11.1f}")
    print(f"\n{'start-up (median of ' + str(args.runs) + ')':46s} {'s':>10s}")
    sample = ROOT / "geodata/samples/articles"
    one = str(min(sample.glob("*")))
    for label, cli in (("python3 -m geoincidents --help", ["--help"]),
                       ("eval-places --help", ["eval-places", "--help"]),
                       ("gazetteer lookup Taji", ["gazetteer", "lookup", "Taji"]),
                       ("places <one sample article>", ["places", one])):
        print(f"{label:46s} {startup(cli, args.runs):10.2f}")


if __name__ == "__main__":
    main()
