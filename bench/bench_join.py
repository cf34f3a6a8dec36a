"""Zone join and nearest-zone distances against geopandas/pyproj baselines, in one run.

Each measurement runs in its own Python process, so each peak memory (ru_maxrss) is its
own; the data are generated once (seeded) and loaded by every process.

    python3 bench/bench_join.py --n 5000000 --nearest-n 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _rss_mb() -> float:
    return peak_mb()


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from
    the parent across fork/exec)."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(what: str, ipath: str, zpath: str) -> dict:
    """Run one measurement in this process; return seconds and peak memory in MB."""
    import geopandas as gpd

    data = np.load(ipath)
    lon, lat, radius = data["lon"], data["lat"], data["uncertainty_m"]
    zones = gpd.read_file(zpath)
    extra = {}
    if what == "sjoin":
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
        before = _rss_mb()
        t = time.perf_counter()
        out = gpd.sjoin(points, zones, predicate="within")
        seconds = time.perf_counter() - t
        extra["pairs_in"] = len(out)
    elif what == "geod_inv":
        from pyproj import Geod

        rng = np.random.default_rng(7)
        lon2 = rng.permutation(lon)
        lat2 = rng.permutation(lat)
        before = _rss_mb()
        t = time.perf_counter()
        Geod(ellps="WGS84").inv(lon, lat, lon2, lat2)
        seconds = time.perf_counter() - t
    else:
        from geoincidents import spatial

        before = _rss_mb()
        t = time.perf_counter()
        index = spatial.ZoneIndex(zones)
        if what == "ours_join":
            pairs = index.pairs(lon, lat, radius)
            extra["pairs_in"] = int(pairs.inside.sum())
            extra["pairs_possible"] = int((~pairs.inside).sum())
        elif what == "ours_join_zones":
            import shapely

            points = gpd.GeoDataFrame({"uncertainty_m": radius},
                                      geometry=shapely.points(lon, lat), crs=4326)
            before = _rss_mb()
            t = time.perf_counter()
            spatial.join_zones(points, index, nearest=False)
        elif what == "ours_nearest":
            best_j, best_d = index.nearest(lon, lat)
            extra["mean_nearest_km"] = float(np.nanmean(best_d) / 1000)
        seconds = time.perf_counter() - t
    peak = _rss_mb()
    return {"what": what, "n": len(lon), "seconds": seconds, "peak_mb": peak,
            "step_mb": max(peak - before, 0.0), **extra}


def run(what: str, ipath: Path, zpath: Path, repeat: int = 1) -> dict:
    """The measurement in ``repeat`` fresh processes: the fastest time (the least disturbed
    by other work on a shared machine, as timeit advises) and the highest peak memory."""
    results = []
    for _ in range(max(repeat, 1)):
        proc = subprocess.run([sys.executable, __file__, "--measure", what, str(ipath),
                               str(zpath)], capture_output=True, text=True, check=True)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    best = min(results, key=lambda r: r["seconds"])
    return {**best, "peak_mb": max(r["peak_mb"] for r in results),
            "step_mb": max(r["step_mb"] for r in results), "runs": len(results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5_000_000, help="incidents for the join")
    parser.add_argument("--nearest-n", type=int, default=1_000_000,
                        help="incidents for the nearest-zone distances")
    parser.add_argument("--zones", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each measurement; the fastest counts (default 3)")
    parser.add_argument("--with-join-zones", action="store_true",
                        help="also time join_zones (the DataFrame with ;-joined zone ids)")
    parser.add_argument("--measure", nargs=3, metavar=("WHAT", "NPZ", "ZONES"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    import data

    ipath, zpath = data.cached(args.n, args.zones, args.seed)
    npath, _ = data.cached(args.nearest_n, args.zones, args.seed)
    print(f"# zone join: {args.n:,} incidents x {args.zones} zones (seed {args.seed}); "
          f"fastest of {args.repeat} runs each")
    base = run("sjoin", ipath, zpath, args.repeat)
    ours = run("ours_join", ipath, zpath, args.repeat)
    rows = [("geopandas.sjoin within (baseline)", base), ("geoincidents pairs: in + possibly in", ours)]
    if args.with_join_zones:
        rows.append(("geoincidents join_zones (DataFrame)", run("ours_join_zones", ipath, zpath, args.repeat)))
    _table(rows)
    print(f"speed-up {base['seconds'] / ours['seconds']:.2f}x (target >= 2); peak memory "
          f"{ours['peak_mb'] / base['peak_mb']:.2f} of the baseline's (target <= 0.33); "
          f"step memory {ours['step_mb'] / max(base['step_mb'], 1):.2f}")
    print(f"\n# nearest zone: {args.nearest_n:,} incidents x {args.zones} zones")
    geod = run("geod_inv", npath, zpath, args.repeat)
    near = run("ours_nearest", npath, zpath, args.repeat)
    _table([("pyproj Geod.inv on as many pairs (baseline)", geod),
            ("geoincidents nearest zone + distance", near)])
    print(f"time ratio {near['seconds'] / geod['seconds']:.2f} of Geod.inv (target <= 1.5)")


def _table(rows) -> None:
    print(f"{'measurement':48s} {'seconds':>8s} {'peak MB':>8s} {'step MB':>8s}  notes")
    for label, r in rows:
        notes = {k: v for k, v in r.items()
                 if k not in ("what", "n", "seconds", "peak_mb", "step_mb", "runs")}
        print(f"{label:48s} {r['seconds']:8.2f} {r['peak_mb']:8.0f} {r['step_mb']:8.0f}  "
              f"{notes or ''}")


if __name__ == "__main__":
    main()
