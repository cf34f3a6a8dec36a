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
    ``seconds`` and ``peak_mb``. Returns one dict per job: the fastest run's fields,
    ``peak_mb`` the highest of all runs, ``all_seconds`` every run's time.
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
        out.append({**best, "peak_mb": max(x["peak_mb"] for x in results),
                    "all_seconds": [round(x["seconds"], 3) for x in results]})
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
    print(f"{'measurement':58s} {'seconds':>8s} {'peak MB':>8s} {'x time':>7s} "
          f"{'x mem':>6s}  notes")
    for label, r in rows:
        notes = {k: v for k, v in r.items() if k not in
                 ("what", "n", "seconds", "peak_mb", "all_seconds")}
        ratio = (f"{r['seconds'] / base['seconds']:7.2f} {r['peak_mb'] / base['peak_mb']:6.2f}"
                 if base else f"{'':7s} {'':6s}")
        print(f"{label:58s} {r['seconds']:8.2f} {r['peak_mb']:8.0f} {ratio}  {notes or ''}")
