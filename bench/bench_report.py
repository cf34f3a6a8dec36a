"""End-to-end `geoincidents report zones` on big CSV and GeoParquet files with bad rows.

Generates (once, seeded) files of ``--n`` incidents of which ``--bad`` rows are broken in
the ways real exports break (text in a coordinate, latitude out of range, one coordinate
missing, an unknown place name, a null geometry), then runs the command in a fresh process
per file and prints wall time and peak memory. Run two sizes to see that memory does not
grow with the input:

    python3 bench/bench_report.py --n 2500000 --n 10000000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def make_files(n: int, bad: int, seed: int = 0) -> tuple[Path, Path]:
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import shapely

    import data

    csv_path = data.OUT / f"report_{n}_{bad}_{seed}.csv"
    pq_path = data.OUT / f"report_{n}_{bad}_{seed}.parquet"
    if csv_path.exists() and pq_path.exists():
        return csv_path, pq_path
    _, zpath = data.cached(1, 50, seed)
    d = data.incidents(n, gpd.read_file(zpath), seed=seed)
    rng = np.random.default_rng(seed + 2)
    cols = {
        "incident_id": pa.array(np.char.add("b", np.arange(n).astype(str))),
        "date": pa.array((np.datetime64("2019-01-01") + rng.integers(0, 1500, n))
                         .astype("datetime64[D]").astype(str)),
        "uncertainty_m": d["uncertainty_m"],
        "n_fired": rng.integers(0, 6, n), "n_landed": rng.integers(0, 4, n),
        "killed": rng.integers(0, 3, n), "injured": rng.integers(0, 5, n),
    }
    lon = np.round(d["lon"], 5).astype(str).astype(object)
    lat = np.round(d["lat"], 5).astype(str).astype(object)
    place = np.full(n, "", dtype=object)
    rows = rng.choice(n, bad, replace=False)
    kinds = rows % 4
    lon[rows[kinds == 0]] = "44.3x"                     # text in a coordinate
    lat[rows[kinds == 1]] = "133.2"                     # latitude out of range
    lat[rows[kinds == 2]] = ""                          # one coordinate missing
    unknown = rows[kinds == 3]                          # geocoded, not found
    lon[unknown], lat[unknown], place[unknown] = "", "", "Nowhereville"
    table = pa.table({"lon": pa.array(lon, pa.string()), "lat": pa.array(lat, pa.string()),
                      "place": pa.array(place, pa.string()), **cols})
    pacsv.write_csv(table, csv_path)
    geometry = shapely.points(d["lon"], d["lat"])
    geometry[rows] = None
    frame = gpd.GeoDataFrame({k: np.asarray(v) for k, v in cols.items()},
                             geometry=geometry, crs=4326)
    frame.to_parquet(pq_path, row_group_size=500_000)
    return csv_path, pq_path


def measure(path: str, chunksize: int) -> dict:
    from click.testing import CliRunner  # runs the real command in this process

    from geoincidents.cli import main

    out = HERE / "out" / (Path(path).stem + ".zones.csv")
    rejects = HERE / "out" / (Path(path).stem + ".rejects.csv")
    t = time.perf_counter()
    result = CliRunner().invoke(main, ["-q", "report", "zones", path, "--chunksize",
                                       str(chunksize), "-f", "csv", "-o", str(out),
                                       "--rejects", str(rejects), "--overwrite"])
    seconds = time.perf_counter() - t
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    n_rejects = sum(1 for _ in open(rejects)) - 1
    from bench_join import peak_mb

    return {"seconds": seconds, "peak_mb": peak_mb(), "exit": result.exit_code,
            "rejects_written": n_rejects}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="rows (repeatable)")
    parser.add_argument("--bad", type=int, default=3000, help="broken rows per file")
    parser.add_argument("--chunksize", type=int, default=1_000_000)
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    print(f"{'input':40s} {'rows':>11s} {'seconds':>8s} {'peak MB':>8s} {'rejects':>8s} exit")
    for n in args.n or [10_000_000]:
        for path in make_files(n, args.bad):
            proc = subprocess.run([sys.executable, __file__, "--measure", str(path),
                                   str(args.chunksize)], capture_output=True, text=True,
                                  check=True)
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"{path.name:40s} {n:11,d} {r['seconds']:8.1f} {r['peak_mb']:8.0f} "
                  f"{r['rejects_written']:8d} {r['exit']}", flush=True)


if __name__ == "__main__":
    main()
