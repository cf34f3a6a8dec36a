"""How fast the command line answers --help and usage errors, as hyperfine would time it.

Each command runs ``--runs`` times in fresh interpreters, the commands taking turns (so
a busy second slows all alike), after ``--warmup`` untimed rounds; wall time per run,
reported as the fastest, the median and the slowest, beside ``python3 -c pass`` (the
interpreter's own start) timed the same way. Then ``python3 -X importtime`` names the
modules that ``--help`` imports and what they cost.

    python3 bench/bench_cli.py --runs 20
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = {
    "python3 -c pass": ["-c", "pass"],
    "geoincidents --help": ["-m", "geoincidents", "--help"],
    "geoincidents report zones --help": ["-m", "geoincidents", "report", "zones", "--help"],
    "geoincidents map --help": ["-m", "geoincidents", "map", "--help"],
    "bad usage: report zones --bogus": ["-m", "geoincidents", "report", "zones", "--bogus"],
    "bad usage: report distance --from X": ["-m", "geoincidents", "report", "distance",
                                            "--from", "X"],
}


def run(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    for _ in range(args.warmup):
        for cmd in COMMANDS.values():
            run(cmd)
    times: dict[str, list[float]] = {k: [] for k in COMMANDS}
    for _ in range(args.runs):
        for name, cmd in COMMANDS.items():
            times[name].append(run(cmd))
    base = statistics.median(times["python3 -c pass"])
    print(f"{'command':40s} {'min ms':>7s} {'median':>7s} {'max':>7s} {'median - pass':>14s}")
    for name, t in times.items():
        med = statistics.median(t)
        print(f"{name:40s} {min(t) * 1e3:7.0f} {med * 1e3:7.0f} {max(t) * 1e3:7.0f} "
              f"{(med - base) * 1e3:14.0f}")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "geoincidents", "--help"],
                          cwd=ROOT, capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        parts = line[len("import time:"):].split("|")
        if line.startswith("import time:") and len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    total = sum(c for c, n in rows if not n.startswith("  "))  # top-level: one space
    print(f"\n-X importtime, --help: {len(rows)} modules, top level {total / 1e3:.0f} ms; "
          "the heaviest (cumulative ms):")
    for cum, name in sorted(rows, reverse=True)[:8]:
        print(f"  {cum / 1e3:7.1f}  {name}")


if __name__ == "__main__":
    main()
