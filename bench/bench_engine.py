"""The local engine against the dask engine on a folder of GeoParquet files, in one run.

Writes (once, seeded) the GeoParquet file of `bench_report.py` again as ``--files``
files with dask-geopandas, runs ``geoincidents -q report zones FOLDER --engine E`` in a
fresh process per engine (dask: a LocalCluster, one worker process per core), the two
taking turns for ``--repeat`` rounds (the fastest run of each counts), and checks that
both give the same report and the same rejects:

    python3 bench/bench_engine.py --n 2000000 --files 4
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def make_folder(n: int, files: int, bad: int) -> Path:
    import dask_geopandas
    import geopandas as gpd

    import bench_report

    folder = HERE / "out" / f"engine_{n}_{files}_{bad}"
    if not folder.exists():
        _, parquet = bench_report.make_files(n, bad)
        dask_geopandas.from_geopandas(gpd.read_parquet(parquet), npartitions=files) \
            .to_parquet(folder, row_group_size=500_000)
    return folder


def _watch_workers(stop, peaks: dict, cpu: dict) -> None:
    """Peak memory (VmHWM) and CPU seconds of every process started under this one,
    polled until ``stop``."""
    import psutil

    while not stop.wait(0.2):
        for child in psutil.Process().children(recursive=True):
            try:
                with open(f"/proc/{child.pid}/status") as fh:
                    for line in fh:
                        if line.startswith("VmHWM:"):
                            peaks[child.pid] = int(line.split()[1]) / 1024
                times = child.cpu_times()
                cpu[child.pid] = times.user + times.system
            except (OSError, psutil.Error):
                pass


def measure(engine: str, folder: str, chunksize: int) -> dict:
    import threading

    from click.testing import CliRunner  # runs the real command in this process

    from bench_join import peak_mb
    from geoincidents.cli import main

    stop, peaks, cpu = threading.Event(), {}, {}
    watcher = threading.Thread(target=_watch_workers, args=(stop, peaks, cpu), daemon=True)
    watcher.start()

    out = HERE / "out" / f"{Path(folder).name}.{engine}.zones.csv"
    rejects = HERE / "out" / f"{Path(folder).name}.{engine}.rejects.csv"
    t, own = time.perf_counter(), time.process_time()
    result = CliRunner().invoke(main, ["-q", "report", "zones", folder, "--engine", engine,
                                       "--chunksize", str(chunksize), "-f", "csv", "-o",
                                       str(out), "--rejects", str(rejects), "--overwrite"])
    seconds, own = time.perf_counter() - t, time.process_time() - own
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    stop.set()
    watcher.join()
    # CPU of this process and of the workers (to their last poll, 0.2 s apart): a busy
    # machine stretches the wall clock, much less the CPU time
    return {"seconds": seconds, "peak_mb": peak_mb(), "cpu_seconds": own + sum(cpu.values()),
            "workers_cpu": round(sum(cpu.values()), 2),
            "workers_peak_mb": max(peaks.values(), default=0.0),
            "exit": result.exit_code, "report": out.read_text(),
            "rejects": sorted(open(rejects, encoding="utf-8").read().splitlines()[1:])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2_000_000, help="rows in all")
    parser.add_argument("--files", type=int, default=4, help="GeoParquet files")
    parser.add_argument("--bad", type=int, default=3000, help="null geometries in all")
    parser.add_argument("--chunksize", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="interleaved rounds; the fastest run of each counts (default 3)")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], args.measure[1], int(args.measure[2]))))
        return
    folder = make_folder(args.n, args.files, args.bad)
    print(f"# {args.n:,d} incidents in {args.files} GeoParquet files, {args.bad} bad rows")
    print(f"{'engine':8s} {'seconds':>8s} {'peak MB':>8s} {'worker MB':>9s} {'rejects':>8s}  "
          "(peak: the command's process; worker: the largest dask worker)")
    from harness import interleaved

    jobs = [(engine, str(folder), str(args.chunksize)) for engine in ("local", "dask")]
    results = dict(zip(("local", "dask"), interleaved(__file__, jobs, args.repeat)))
    for engine, r in results.items():
        workers = f"{r['workers_peak_mb']:9.0f}" if engine == "dask" else f"{'-':>9s}"
        print(f"{engine:8s} {r['seconds']:8.1f} {r['peak_mb']:8.0f} {workers} "
              f"{len(r['rejects']):8d}  all runs: {r['all_seconds']}; CPU s (least) "
              f"{r['cpu_seconds']:.1f}, workers' {r['workers_cpu']}", flush=True)
    same = all(results["local"][k] == results["dask"][k] for k in ("report", "rejects"))
    rounds = [d / loc for d, loc in zip(results["dask"]["all_seconds"],
                                        results["local"]["all_seconds"])]
    print(f"same report and rejects: {same}; dask/local time "
          f"{results['dask']['seconds'] / results['local']['seconds']:.2f} (fastest of each), "
          f"per round {', '.join(f'{x:.2f}' for x in rounds)}; CPU "
          f"{results['dask']['cpu_seconds'] / results['local']['cpu_seconds']:.2f} (least of each)")


if __name__ == "__main__":
    main()
