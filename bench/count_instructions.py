"""Work per article of extraction, in CPU instructions counted by valgrind's cachegrind.

Run from the checkout:  python3 bench/count_instructions.py [--root CHECKOUT]

On a shared VM the time the same code takes varies by 20-40 % from minute to minute, which
hides a change of a few per cent; the number of instructions it executes does not vary
(within ~1 %). Two runs under cachegrind read the same articles (the two seed news articles
when ../shared/seeds is beside the checkout, and four held-out articles of each of two sets
joined to 5 KB, as bench_extract.py joins them) 2 and 12 times over, with the gazetteer's
per-article memos cleared as in bench_extract.py: the difference, divided by the articles
read, is the instructions per article, free of start-up. Needs ``valgrind``
(``apt-get install valgrind``); about a minute. ``--root`` counts another checkout's code
(an older commit in a git worktree, built with ``pip install -e`` or
``python setup.py build_ext --inplace``) on the same articles.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
ROUNDS = (2, 12)


def _articles() -> list[str]:
    sys.path.insert(1, str(HERE / "bench"))
    from bench_extract import SAMPLES, articles, seed_articles

    docs = seed_articles()
    for name in ("heldout", "heldout3"):
        docs += articles(folder=SAMPLES / name / "articles")[:4]
    return docs


def _read(rounds: int) -> None:
    """The work counted: ``rounds`` passes over the articles (after one to warm up)."""
    import geoincidents
    from geoincidents.extract import extract_records
    from geoincidents.gazetteer import Gazetteer, world_index

    print("code:", Path(geoincidents.__file__).parent.parent, file=sys.stderr)
    gaz = Gazetteer.load()
    world_index()
    docs = _articles()
    for d in docs:
        extract_records(d, gazetteer=gaz)
    # the objects made so far (modules, the gazetteers, memos) out of the collector's sight:
    # a full collection walks them all (~50 M instructions), and whether one falls in the
    # longer count or not is chance that would blur the difference by ~1 M per article
    gc.collect()
    gc.freeze()
    for _ in range(rounds):
        for d in docs:
            gaz.clear_memo()
            extract_records(d, gazetteer=gaz)
    print("articles:", len(docs), file=sys.stderr)


def _count(root: Path, rounds: int) -> tuple[int, int]:
    # (one BLAS thread: OpenBLAS's idle threads spin for a varying number of instructions)
    env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, __file__, "--inner", str(rounds), "--root", str(root)],
        capture_output=True, text=True, env=env, check=True).stderr
    refs = [line for line in out.splitlines() if "I" in line and "refs:" in line]
    n = [line for line in out.splitlines() if line.startswith("articles:")]
    if not refs or not n:
        raise SystemExit(f"no count in valgrind's output:\n{out[-2000:]}")
    return int(refs[-1].split()[-1].replace(",", "")), int(n[0].split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE,
                        help="checkout whose geoincidents is counted (default: this one)")
    parser.add_argument("--inner", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    root = args.root.resolve()
    if args.inner is not None:  # under valgrind: the counted work, on --root's code
        sys.path.insert(0, str(root))
        _read(args.inner)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    with ThreadPoolExecutor(2) as pool:
        (few, n), (many, _) = pool.map(lambda r: _count(root, r), ROUNDS)
    per = (many - few) / ((ROUNDS[1] - ROUNDS[0]) * n)
    sys.path.insert(0, str(root))
    from geoincidents import compiled

    print(f"{per / 1e6:.2f} M instructions per article ({n} articles, {ROUNDS[1] - ROUNDS[0]} "
          f"rounds counted); code: {root}")
    if root == HERE:
        print(f"article rules: {compiled.status()}")
    print("reproduce: python3 bench/count_instructions.py",
          *(["--root", str(root)] if root != HERE else []))


if __name__ == "__main__":
    main()
