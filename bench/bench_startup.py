"""Start-up of the commands that load the NLP model and the gazetteers, in fresh processes.

Each command runs ``--runs`` times in a fresh interpreter, the commands (and, with
``--root``, the same commands of another checkout) taking turns so that a busy second
slows all alike. Reported per command: CPU seconds of the child (user + system, i.e. on
one core) and wall seconds, the fastest and the median run, beside ``python3 -c pass``.
The article is one short news paragraph, so the figure is almost all start-up: imports,
the spaCy pipeline, the curated gazetteer and the world index (geodata/world, mapped
from the user's cache after the first run: one warm-up round fills it).

    python3 bench/bench_startup.py --runs 5 [--root OTHER_CHECKOUT]
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

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = ("Published: 2021-03-04\n\nTwo rockets struck near Camp Taji north of Baghdad on "
           "Tuesday, wounding a soldier, officials said. Another rocket fell in Springfield, "
           "officials in Kirkuk said.\n")


def commands(article: str) -> dict[str, list[str]]:
    return {
        "python3 -c pass": ["-c", "pass"],
        "geoincidents --help": ["-m", "geoincidents", "--help"],
        "gazetteer lookup Basra": ["-m", "geoincidents", "gazetteer", "lookup", "Basra"],
        "extract ONE_ARTICLE -f csv": ["-m", "geoincidents", "-q", "extract", article,
                                       "-f", "csv"],
        "places ONE_ARTICLE": ["-m", "geoincidents", "-q", "places", article],
    }


def run(root: Path, args: list[str], bytecode: bool = False) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one fresh process (with ``bytecode``, one that may
    write and read the checkout's ``__pycache__`` even if PYTHONDONTWRITEBYTECODE is set)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=root, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=None,
                        help="another checkout whose commands are timed in turn with this "
                             "one's (e.g. a worktree of an older commit)")
    parser.add_argument("--bytecode", action="store_true",
                        help="let the commands write and read __pycache__ (as an installed "
                             "package does) when the environment sets PYTHONDONTWRITEBYTECODE: "
                             "without it, every run compiles the checkout's modules from source")
    args = parser.parse_args()
    roots = [ROOT] + ([args.root.resolve()] if args.root else [])
    with tempfile.TemporaryDirectory() as tmp:
        article = str(Path(tmp, "article.txt"))
        Path(article).write_text(ARTICLE, encoding="utf-8")
        cmds = commands(article)
        for root in roots:  # warm-up: the page cache, the world tables' cache
            for cmd in cmds.values():
                run(root, cmd, args.bytecode)
        times: dict[tuple[Path, str], list[tuple[float, float]]] = {
            (r, n): [] for r in roots for n in cmds}
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                for root in roots:
                    times[(root, name)].append(run(root, cmd, args.bytecode))
    print(f"{'command':28s} {'checkout':>10s} {'CPU s min':>9s} {'median':>7s} "
          f"{'wall s min':>10s} {'median':>7s}")
    for name in cmds:
        for k, root in enumerate(roots):
            got = times[(root, name)]
            cpu, wall = [c for c, _ in got], [w for _, w in got]
            label = "this" if k == 0 else "--root"
            print(f"{name:28s} {label:>10s} {min(cpu):9.2f} {statistics.median(cpu):7.2f} "
                  f"{min(wall):10.2f} {statistics.median(wall):7.2f}")
        if len(roots) == 2:
            ratio = statistics.median(c for c, _ in times[(ROOT, name)]) / \
                statistics.median(c for c, _ in times[(roots[1], name)])
            print(f"{'':28s} {'ratio':>10s} {ratio:9.2f} (CPU, this / --root)")
    print("reproduce: python3 bench/bench_startup.py --runs", args.runs,
          *(["--root", str(args.root)] if args.root else []),
          *(["--bytecode"] if args.bytecode else []))


if __name__ == "__main__":
    main()
