"""Where a command's CPU time goes, start-up included: a sampling profiler on CPU time.

Runs ``python3 -m geoincidents ARGS...`` in this process under ``ITIMER_PROF`` (a sample
every 2 ms of CPU time; each sample weighs the CPU time since the one before, so time
spent in C is counted at the Python frame it returns to) and prints the time by part
(spaCy's import and load, pandas, regular expressions compiled, our modules...) and,
with ``--tree NAME``, the call tree under the frames whose ``file:function`` contains
NAME. Not timed against anything: for finding costs, `bench_startup.py` for figures.

    python3 bench/profile_startup.py -- -q places ARTICLE
    python3 bench/profile_startup.py --tree nlp.py:pipeline -- -q extract ARTICLE -f csv
"""

from __future__ import annotations

import argparse
import collections
import runpy
import signal
import sys
import time

INTERVAL_S = 0.002
_SKIP = ("<frozen importlib", "<frozen runpy")


def _sample(argv: list[str]) -> list[tuple[float, tuple]]:
    samples: list[tuple[float, tuple]] = []
    last = [time.process_time()]

    def handler(signum, frame):
        now = time.process_time()
        stack = []
        while frame is not None:
            stack.append((frame.f_code.co_filename, frame.f_code.co_name))
            frame = frame.f_back
        samples.append((now - last[0], tuple(reversed(stack))))
        last[0] = now

    signal.signal(signal.SIGPROF, handler)
    sys.argv = ["geoincidents", *argv]
    last[0] = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, INTERVAL_S, INTERVAL_S)
    try:
        runpy.run_module("geoincidents", run_name="__main__", alter_sys=True)
    except SystemExit:
        pass
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    return samples


def _part(stack: tuple) -> str:
    files = [f for f, _ in stack]
    names = [n for _, n in stack]

    def has(s: str) -> bool:
        return any(s in f for f in files)

    if "source_to_code" in names:
        return "compiling .py from source (no __pycache__)"
    if any("/re/_" in f for f in files):
        return "regular expressions compiled (" + ("spaCy's" if has("site-packages/spacy")
                                                    else "ours and others'") + ")"
    if has("site-packages/spacy/") and "load" in names:
        return "spacy.load"
    for lib in ("spacy", "thinc", "pandas", "geopandas", "shapely", "pyproj", "numpy",
                "pyarrow"):
        if has(f"site-packages/{lib}/"):
            return "import or use of " + ("spacy" if lib == "thinc" else lib)
    ours = [f"{f.split('/')[-2]}/{f.split('/')[-1]}:{n}" for f, n in stack
            if "/geoincidents/" in f]
    return "ours: " + ours[-1] if ours else "other"


def _tree(samples, root: str, depth: int, least: float) -> None:
    tree: dict = {}
    for w, stack in samples:
        labels = ["/".join(f.split("/")[-2:]) + ":" + n for f, n in stack
                  if not f.startswith(_SKIP)]
        at = next((i for i, x in enumerate(labels) if root in x), None)
        if at is None:
            continue
        node = tree
        for x in labels[at:at + depth + 1]:
            entry = node.setdefault(x, [0.0, {}])
            entry[0] += w
            node = entry[1]

    def show(node, level):
        for key, (w, children) in sorted(node.items(), key=lambda kv: -kv[1][0]):
            if w >= least:
                print(f"{'  ' * level}{w:6.3f} {key}")
                show(children, level + 1)

    show(tree, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=25, help="parts shown (default 25)")
    parser.add_argument("--tree", metavar="NAME", help="call tree under file:function NAME")
    parser.add_argument("--depth", type=int, default=5)
    parser.add_argument("--least", type=float, default=0.01, help="CPU s a tree node needs")
    parser.add_argument("args", nargs=argparse.REMAINDER,
                        help="the command's arguments, after --")
    args = parser.parse_args()
    argv = args.args[1:] if args.args[:1] == ["--"] else args.args
    stdout = sys.stdout
    sys.stdout = open("/dev/null", "w")  # noqa: SIM115 (the command's output)
    try:
        samples = _sample(argv)
    finally:
        sys.stdout.close()
        sys.stdout = stdout
    parts: collections.Counter = collections.Counter()
    for w, stack in samples:
        parts[_part(stack)] += w
    print(f"{sum(parts.values()):6.3f} CPU s sampled: geoincidents {' '.join(argv)}")
    for name, w in parts.most_common(args.top):
        print(f"{w:6.3f} {name}")
    if args.tree:
        print()
        _tree(samples, args.tree, args.depth, args.least)


if __name__ == "__main__":
    main()
