"""What the benchmarks share: peak memory, interleaved runs in fresh processes, DuckDB.

Every measurement runs in its own Python process (so its peak memory is its own) and the
measurements of one script take turns: round 1 runs each once, then round 2, and so on,
so that a busy minute on a shared machine slows every contender alike. The fastest run
of each counts (timeit's convention: the least disturbed), with the highest peak memory
seen in any of its runs.
"""

from __future__ import annotations

import glob
import json
import os
import resource
import statistics
import subprocess
import sys
from collections.abc import Sequence


def peak_mb() -> float:
    """This process's peak resident memory in MB (VmHWM: unlike ru_maxrss, not inherited
    from the parent across fork/exec)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def interleaved(script: str, jobs: Sequence[Sequence[str]], repeat: int,
                *, echo: bool = True) -> list[dict]:
    """Run ``script --measure *job`` for every job, ``repeat`` rounds taking turns.

    The measured process prints one JSON object (its last line) with at least
    ``seconds`` and ``peak_mb`` (and ``cpu_seconds``, the process's CPU time, where it
    says). Returns one dict per job: the fastest run's fields, ``peak_mb`` the highest of
    all runs, ``all_seconds`` every run's time (``all_cpu`` every run's CPU time, and
    ``cpu_seconds`` the least of them).
    """
    runs: list[list[dict]] = [[] for _ in jobs]
    for r in range(max(repeat, 1)):
        for k, job in enumerate(jobs):
            proc = subprocess.run([sys.executable, script, "--measure", *job],
                                  capture_output=True, text=True)
            if proc.returncode:
                raise RuntimeError(f"{' '.join(job)} failed:\n{proc.stderr[-3000:]}")
            runs[k].append(json.loads(proc.stdout.strip().splitlines()[-1]))
            if echo:
                print(f"  round {r + 1}: {' '.join(job)[:70]:70s} "
                      f"{runs[k][-1]['seconds']:7.2f} s", file=sys.stderr, flush=True)
    out = []
    for results in runs:
        best = min(results, key=lambda x: x["seconds"])
        row = {**best, "peak_mb": max(x["peak_mb"] for x in results),
               "all_seconds": [round(x["seconds"], 3) for x in results]}
        if all("cpu_seconds" in x for x in results):
            row["all_cpu"] = [round(x["cpu_seconds"], 3) for x in results]
            row["cpu_seconds"] = min(x["cpu_seconds"] for x in results)
        for key in ("user_seconds", "sys_seconds"):
            if all(key in x for x in results):
                row[key] = min(x[key] for x in results)
        out.append(row)
    return out


def duckdb_connect(threads: int | None = None):
    """A DuckDB connection with the spatial extension loaded from the installed PyPI
    package ``duckdb-extension-spatial`` (nothing is downloaded: auto-install is off)."""
    import duckdb
    import duckdb_extension_spatial

    found = glob.glob(os.path.join(os.path.dirname(duckdb_extension_spatial.__file__),
                                   "extensions", "*", "spatial.duckdb_extension"))
    if not found:
        raise RuntimeError("duckdb-extension-spatial has no spatial.duckdb_extension")
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    if threads:
        config["threads"] = threads
    con = duckdb.connect(config=config)
    con.load_extension(found[0])
    return con


def table(rows: Sequence[tuple[str, dict]], base: dict | None = None) -> None:
    """Print label, seconds, peak MB and, against ``base``, both as ratios."""
    print(f"{'measurement':58s} {'seconds':>8s} {'CPU s':>6s} {'user':>5s} {'sys':>5s} "
          f"{'peak MB':>8s} {'x time':>7s} {'x CPU':>6s} {'x mem':>6s}  notes")
    for label, r in rows:
        notes = {k: v for k, v in r.items() if k not in
                 ("what", "n", "seconds", "peak_mb", "all_seconds", "all_cpu",
                  "cpu_seconds", "user_seconds", "sys_seconds")}
        cpu = r.get("cpu_seconds")
        cpu_ratio = (f"{cpu / base['cpu_seconds']:6.2f}" if base and cpu is not None
                     and base.get("cpu_seconds") else f"{'':6s}")
        ratio = (f"{r['seconds'] / base['seconds']:7.2f} {cpu_ratio} "
                 f"{r['peak_mb'] / base['peak_mb']:6.2f}" if base else f"{'':7s} {'':6s} {'':6s}")
        split = " ".join(f"{r[k]:5.2f}" if k in r else f"{'':5s}"
                         for k in ("user_seconds", "sys_seconds"))
        print(f"{label:58s} {r['seconds']:8.2f} {'' if cpu is None else f'{cpu:6.2f}':>6s} "
              f"{split} {r['peak_mb']:8.0f} {ratio}  {notes or ''}")


def compare(ours: dict, base: dict) -> str:
    """Ours against a baseline: the fastest run of each (wall), the least CPU time of each,
    and the ratio of each interleaved round (the two ran one after the other) with their
    median."""
    rounds = [a / b for a, b in zip(ours["all_seconds"], base["all_seconds"])]
    text = (f"time {ours['seconds'] / base['seconds']:.2f} (fastest of each), per round "
            f"{', '.join(f'{x:.2f}' for x in rounds)} (median {statistics.median(rounds):.2f})")
    if ours.get("cpu_seconds") and base.get("cpu_seconds"):
        text += f"; CPU {ours['cpu_seconds'] / base['cpu_seconds']:.2f} (least of each)"
    if ours.get("user_seconds") and base.get("user_seconds"):
        text += (f"; user {ours['user_seconds'] / base['user_seconds']:.2f}, system "
                 f"{ours['sys_seconds']:.2f} s vs {base['sys_seconds']:.2f} s (least of each)")
    return text
