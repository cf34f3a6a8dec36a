"""Throughput of article extraction: ~5 KB articles per CPU-second on one core.

Run from the checkout:  python3 bench/bench_extract.py [--seconds 10] [--root CHECKOUT]

Time is the process's CPU time (`time.process_time`), not wall time: the figure is
articles per CPU-second, i.e. per core, and is less disturbed by other work on a shared
machine. The work is single-threaded. Each figure is the median of rounds of 0.25 CPU-s
(with the slowest and fastest round): a neighbour's burst on a shared VM slows the rounds
it overlaps by 20-40 %, not the median.

The articles are read over and over, so what `Gazetteer` remembers per (name, context)
and per pair of places would all be answered from memory after the first round, which a
stream of new articles would not do: the headline figures clear those memos before each
article (names still map to places from memory, as they would across real articles); the
figure with them kept is printed too.

The target's articles are news of ~5 KB reporting a few incidents: the two real news
articles in ../shared/seeds (5.8 and 4.2 KB as published, when that folder is beside the
checkout) and the articles of the held-out sets heldout-heldout4 (written apart from
the tuning set) joined up to 5 KB. The bundled sample articles joined to 5 KB are timed too,
as a stress test: an incident in every paragraph, ~16 per article. The gazetteer and the
world index are loaded before timing. A baseline (splitting the same articles into
sentences only) is measured in the same run.
``--root`` times another checkout's code (an older commit in a git worktree) on this
checkout's articles: alternate runs of both to compare on a noisy machine.

End to end (``--end-to-end N``, default 1000): N news articles of ~5 KB written to a
temporary folder, then ``python3 -m geoincidents extract FOLDER -f csv`` run in a fresh
process, start-up (imports, gazetteer, world index) included; the figure is the child's
CPU time (user + system, workers included), once with one process (``-j 1``: per core) and
once with ``--workers`` processes (default 2: wall seconds on this 2-core machine). Goal:
1,000 articles in under two minutes. In process, the baseline is spaCy's own
``nlp.pipe`` over the same texts (whole pipeline, and the NER alone), and the spaCy work
the extractor cannot skip, timed alone (`model_floor`: the NER of every word and the
parse of the sentences it reads): the ratio to it is the share that is spaCy's.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

# one BLAS thread, as the command line sets it (geoincidents/cli/__init__.py): the figures
# are per core, and OpenBLAS's threads spin on the models' small matrix products
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
HERE = Path(__file__).resolve().parents[1]
SAMPLES = HERE / "geodata" / "samples"
#: the held-out sets whose articles may be read here (heldout5-7 are blind: never run on)
TUNING_SETS = ("heldout", "heldout2", "heldout3", "heldout4")
# --root: time another checkout's code (e.g. an older commit, in a git worktree) on this
# checkout's articles; alternate runs of both to compare on a noisy machine
_pre = argparse.ArgumentParser(add_help=False)
_pre.add_argument("--root", type=Path, default=HERE)
ROOT = _pre.parse_known_args()[0].root.resolve()
sys.path.insert(0, str(ROOT))

from geoincidents.extract import extract_records, extract_text  # noqa: E402
from geoincidents.extract import read_articles  # noqa: E402
from geoincidents.extract.text import decode, split_sentences  # noqa: E402
from geoincidents.gazetteer import Gazetteer, world_index  # noqa: E402


def articles(size: int = 5_000, folder: Path | None = None) -> list[str]:
    """The articles of ``folder`` (default: the bundled samples) joined into ~``size``
    character articles, each under one publication line."""
    texts = []
    for f in sorted((folder or SAMPLES / "articles").iterdir()):
        text, _ = decode(f.read_bytes(), str(f))
        texts.append(text)
    out, i = [], 0
    for k in range(len(texts)):
        body = "Published: 2021-03-04\n\n"
        while len(body) < size:
            body += texts[(k + i) % len(texts)].split("\n", 2)[-1] + "\n\n"
            i += 1
        out.append(body[:size])
    return out


def seed_articles() -> list[str]:
    """The real news articles of ../shared/seeds (none when that folder is not beside the
    checkout)."""
    folder = HERE.parent / "shared" / "seeds"
    return [decode(f.read_bytes(), str(f))[0] for f in sorted(folder.glob("*.txt"))]


def rate(func, docs, seconds: float, round_seconds: float = 0.25) -> Rate:
    """Articles per CPU-second of ``func`` over ``docs`` for ``seconds`` of CPU, timed in
    rounds of ``round_seconds``: the median round, and the slowest and fastest.

    On a shared VM a neighbour's burst slows the rounds it overlaps (by 20-40 %); the
    median of many short rounds is the code's speed, the range shows the machine's noise.
    """
    rounds: list[float] = []
    end = time.process_time() + seconds
    while time.process_time() < end or len(rounds) < 3:
        n, start = 0, time.process_time()
        while time.process_time() - start < round_seconds:
            for d in docs:
                func(d)
            n += len(docs)
        rounds.append(n / (time.process_time() - start))
    return Rate(statistics.median(rounds), min(rounds), max(rounds), len(rounds))


class Rate(NamedTuple):
    median: float
    low: float
    high: float
    rounds: int

    def __str__(self) -> str:
        return f"{self.median:.0f} ({self.low:.0f}-{self.high:.0f} over {self.rounds} rounds)"


def folder_rate(gaz, texts: list[str], rounds: int = 2) -> float:
    """Articles per CPU-second of `read_articles` on a folder of ``texts`` in this process
    (what ``extract FOLDER`` does after start-up: the articles stream through spaCy in
    batches); the best of ``rounds``, the gazetteer's memos cleared before each."""
    best = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for k, text in enumerate(texts):
            Path(tmp, f"a{k:05d}.txt").write_text(text, encoding="utf-8")
        for _ in range(rounds):
            gaz.clear_memo()
            start = time.process_time()
            read_articles(tmp, gazetteer=gaz)
            best = max(best, len(texts) / (time.process_time() - start))
    return best


def spacy_rate(texts: list[str], rounds: int = 2) -> tuple[float, float]:
    """Articles per CPU-second of spaCy's own ``nlp.pipe`` over ``texts``: the whole
    pipeline (tagger, parser, NER... on every word), and the NER alone (what the extractor
    runs on every word; it parses only the sentences its readers need). The best of
    ``rounds``: the honest baseline of the in-process figure."""
    from geoincidents import nlp

    pipe = nlp.pipeline()
    best = [0.0, 0.0]
    for _ in range(rounds):
        for k, disable in enumerate(([], nlp._entities_only())):
            start = time.process_time()
            for _doc in pipe.pipe(texts, disable=disable):
                pass
            best[k] = max(best[k], len(texts) / (time.process_time() - start))
    return best[0], best[1]


def model_floor(texts: list[str], rounds: int = 2) -> float:
    """Articles per CPU-second of the spaCy work the extractor cannot skip, alone: the NER
    over every article (``nlp.pipe``, NER only, as `nlp.entities_many` runs it) and the
    tagger, parser, attribute ruler and lemmatizer over the sentences the extractor parses
    (`parsed.wanted`, in per-article batches as `records` runs them). The best of
    ``rounds``; what is left of our time is ours."""
    from geoincidents import nlp
    from geoincidents.extract import facts, parsed, prepare, triggers

    groups = []
    for text in texts:
        doc = prepare(text, source="<bench>")
        titles = facts.headlines(doc.sentences)
        groups.append([parsed._blank_dateline(s.text) for i, s in enumerate(doc.sentences)
                       if i not in titles and parsed.wanted(s.text, triggers.event_type(s.text))])
    pipe = nlp.pipeline()
    best = 0.0
    for _ in range(rounds):
        start = time.process_time()
        for _doc in pipe.pipe(texts, batch_size=8, disable=nlp._entities_only()):
            pass
        for group in groups:
            for _doc in nlp.parse_many(group, batch_size=64, entities=False):
                pass
        best = max(best, len(texts) / (time.process_time() - start))
    return best


def end_to_end(texts: list[str], n: int, workers: int = 1) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, incidents) of one ``geoincidents extract`` process over
    a folder of ``n`` articles (``texts`` over and over, each made unique by its number),
    read by ``workers`` processes (the CPU seconds are all of theirs)."""
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(n):
            text = texts[k % len(texts)]
            Path(tmp, f"a{k:05d}.txt").write_text(f"{text}\n\n(Article {k}.)\n",
                                                  encoding="utf-8")
        out = Path(tmp, "out.csv")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geoincidents", "-q", "extract", tmp, "-f", "csv",
                        "-o", str(out), *(["-j", str(workers)] if ROOT_HAS_WORKERS else [])],
                       check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        rows = max(0, len(out.read_text(encoding="utf-8").splitlines()) - 1)
        return cpu, wall, rows


# an older checkout (--root) may have no --workers option: it reads with one process
ROOT_HAS_WORKERS = "workers_opt" in (ROOT / "geoincidents" / "cli" / "options.py").read_text(
    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--root", type=Path, default=HERE,
                        help="checkout whose geoincidents is timed (default: this one)")
    parser.add_argument("--end-to-end", type=int, default=1000, metavar="N",
                        help="articles for the end-to-end run (0: skip it)")
    parser.add_argument("--workers", type=int, default=2,
                        help="the end-to-end run is made with -j 1 and with -j WORKERS")
    args = parser.parse_args()
    gaz = Gazetteer.load()
    world_index()
    docs = articles()
    for d in docs[:3]:
        extract_text(d, gazetteer=gaz)  # warm caches
    base = rate(split_sentences, docs, min(2.0, args.seconds))

    def fresh(d):  # as read_articles does: records per article, one frame at the end
        gaz.clear_memo()  # no answers remembered from the same article's last round
        return extract_records(d, gazetteer=gaz)

    # the target's articles: news of ~5 KB with a few incidents each (the two seed news
    # articles as published, the held-out articles joined to 5 KB); the dense joins of
    # the samples (an incident in every paragraph) are a stress test beside them
    news = {}
    seeds = seed_articles()
    if seeds:
        news["the 2 seed news articles (5.8 and 4.2 KB)"] = seeds
    for name in TUNING_SETS:  # (never the blind sets: they are scored by the lead alone)
        folder = SAMPLES / name / "articles"
        if folder.is_dir():
            news[f"{name}/ articles joined to 5 KB"] = articles(folder=folder)
    got_news = {name: rate(fresh, texts, max(1.0, args.seconds / 2))
                for name, texts in news.items()}
    got = rate(fresh, docs, args.seconds)
    warm = rate(lambda d: extract_records(d, gazetteer=gaz), docs, min(3.0, args.seconds))
    single = rate(lambda d: extract_text(d, gazetteer=gaz), docs, min(3.0, args.seconds))
    kb = sum(len(d) for d in docs) / len(docs) / 1000
    print("in process: news articles of ~5 KB, per CPU-second on one core, the median "
          "round (slowest-fastest):")
    for name, value in got_news.items():
        print(f"  {name}: {value}")
    if not seeds:
        print("  (no ../shared/seeds beside the checkout: the seed articles are not timed)")
    pool = [t for texts in news.values() for t in texts] or docs
    ours = folder_rate(gaz, pool)
    whole, ner = spacy_rate(pool)
    floor = model_floor(pool)
    print(f"  all {len(pool)} of them as a folder through read_articles (what `extract "
          f"FOLDER` does after start-up): {ours:.1f}/CPU-s; spaCy's own nlp.pipe over the "
          f"same texts: whole pipeline {whole:.1f}/CPU-s (ratio ours/spaCy "
          f"{ours / whole:.2f}), NER alone {ner:.1f}/CPU-s; the spaCy work the extractor "
          f"does (NER of every word, parse of the sentences it reads) alone "
          f"{floor:.1f}/CPU-s (ratio ours/that {ours / floor:.2f})")
    print(f"stress test, the bundled samples joined to {kb:.1f} KB (an incident in every "
          f"paragraph, ~16 per article): {got}/CPU-s; with lookups remembered from "
          f"earlier rounds: {warm.median:.0f}/CPU-s; one frame per article (extract_text): "
          f"{single.median:.0f}/CPU-s; sentence splitting alone: {base.median:.0f}/CPU-s, "
          f"ratio {got.median / base.median:.4f}")
    if args.end_to_end:
        for workers in sorted({1, args.workers}):
            cpu, wall, rows = end_to_end(pool, args.end_to_end, workers)
            print(f"end to end, `geoincidents extract -j {workers}` on a folder of "
                  f"{args.end_to_end} news articles of ~5 KB (start-up included): "
                  f"{cpu:.1f} CPU-s ({wall:.1f} s wall), {args.end_to_end / cpu:.1f} "
                  f"articles/CPU-s, {args.end_to_end / wall:.1f} articles/s wall, {rows} "
                  f"incidents (goal: 1,000 in under 120 s)")
    print(f"code timed: {ROOT}")
    print("reproduce: python3 bench/bench_extract.py --seconds", args.seconds,
          *(["--root", str(ROOT)] if ROOT != HERE else []))


if __name__ == "__main__":
    main()
