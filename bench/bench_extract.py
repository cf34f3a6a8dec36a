"""Throughput of article extraction: ~5 KB articles per CPU-second on one core.

Run from the checkout:  python3 bench/bench_extract.py [--seconds 10] [--root CHECKOUT]

Time is the process's CPU time (`time.process_time`), not wall time: the figure is
articles per CPU-second, i.e. per core, and is less disturbed by other work on a shared
machine. The work is single-threaded.

The articles are read over and over, so what `Gazetteer` remembers per (name, context)
and per pair of places would all be answered from memory after the first round, which a
stream of new articles would not do: the headline figures clear those memos before each
article (names still map to places from memory, as they would across real articles); the
figure with them kept is printed too.

Three sets of ~5 KB articles are timed: the bundled sample articles joined up to 5 KB each
(dense: every paragraph reports an incident), the first held-out set joined the same way
(geodata/samples/heldout: written apart from the tuning set, more varied prose), and,
when ../shared/seeds is beside the checkout, the two real news articles there (5.8 and
4.2 KB as published). The gazetteer and the world index are loaded before timing. A
baseline (splitting the same articles into sentences only) is measured in the same run.
The article rules run compiled by mypyc when ``pip install`` built them from the sources
on disk (else as Python source, slower): the last line says which was timed.
``--root`` times another checkout's code (an older commit in a git worktree) on this
checkout's articles: alternate runs of both to compare on a noisy machine. Target: at
least 200 articles per second per core.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
SAMPLES = HERE / "geodata" / "samples"
# --root: time another checkout's code (e.g. an older commit, in a git worktree) on this
# checkout's articles; alternate runs of both to compare on a noisy machine
_pre = argparse.ArgumentParser(add_help=False)
_pre.add_argument("--root", type=Path, default=HERE)
ROOT = _pre.parse_known_args()[0].root.resolve()
sys.path.insert(0, str(ROOT))

from geoincidents.extract import extract_records, extract_text  # noqa: E402
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


def rate(func, docs, seconds: float) -> float:
    """Articles per CPU-second of ``func`` over ``docs``, repeated for ``seconds`` of CPU."""
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for d in docs:
            func(d)
        n += len(docs)
    return n / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--root", type=Path, default=HERE,
                        help="checkout whose geoincidents is timed (default: this one)")
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

    got = rate(fresh, docs, args.seconds)
    heldout = articles(folder=SAMPLES / "heldout" / "articles")
    got_heldout = rate(fresh, heldout, min(3.0, args.seconds))
    seeds_dir = HERE.parent / "shared" / "seeds"
    seeds = [decode(f.read_bytes(), str(f))[0] for f in sorted(seeds_dir.glob("*.txt"))] \
        if seeds_dir.is_dir() else []
    got_seeds = rate(fresh, seeds, min(3.0, args.seconds)) if seeds else None
    warm = rate(lambda d: extract_records(d, gazetteer=gaz), docs, min(3.0, args.seconds))
    single = rate(lambda d: extract_text(d, gazetteer=gaz), docs, min(3.0, args.seconds))
    kb = sum(len(d) for d in docs) / len(docs) / 1000
    print(f"articles of {kb:.1f} KB: {got:.0f} per CPU-second on one core "
          f"(target >= 200); with lookups remembered from earlier rounds: {warm:.0f}/CPU-s; "
          f"one frame per article (extract_text): {single:.0f}/CPU-s; "
          f"sentence splitting alone: {base:.0f}/CPU-s, ratio {got / base:.4f}")
    print(f"held-out articles joined to 5 KB: {got_heldout:.0f}/CPU-s" +
          (f"; the {len(seeds)} seed news articles ({sum(map(len, seeds)) / len(seeds) / 1000:.1f}"
           f" KB): {got_seeds:.0f}/CPU-s" if seeds else "; (no ../shared/seeds here)"))
    from geoincidents.extract import compiled

    print(f"code timed: {ROOT}, article rules: {compiled.status()}")
    print("reproduce: python3 bench/bench_extract.py --seconds", args.seconds,
          *(["--root", str(ROOT)] if ROOT != HERE else []))


if __name__ == "__main__":
    main()
