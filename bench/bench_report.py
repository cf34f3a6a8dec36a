"""`geoincidents report zones` against DuckDB spatial making the same report, same files.

Generates (once, seeded) a CSV and a GeoParquet file of ``--n`` incidents around the
50 benchmark zones (``data.py``), with targets, and ``--bad`` rows broken the ways real
exports break (text in a coordinate, a latitude out of range, a coordinate missing, an
unknown place name; null geometries in the GeoParquet file). Then, for each file, in
fresh processes taking turns for ``--repeat`` rounds (the fastest run counts, with the
highest peak memory, VmHWM):

- ours: ``geoincidents -q report zones FILE --zones ZONES --no-bundled-zones -f csv -o
  OUT --rejects REJ`` through click, in the measuring process;
- DuckDB spatial (PyPI ``duckdb`` and ``duckdb-extension-spatial``, loaded from the
  installed package, its default threads): the zones read with ``ST_Read``, the file
  with ``read_csv``/``read_parquet``, rows without valid coordinates dropped, candidate
  pairs by spatial joins on ``ST_DWithin`` with a constant distance in degrees per class
  of radius (a per-row distance makes DuckDB fall back to a nested-loop join), then
  ``ST_Intersects`` for "in" (the edge counts as in, as in ours) and
  ``ST_Distance_Spheroid`` from the point to the zone's nearest point
  (``ST_ShortestLine``) for "possibly in"; "aimed at" and the sums and dates as in our
  report. Its counts are compared with ours (the nearest point in degrees
  is not quite the geodesic one, so "possibly in" may differ by a few).

    python3 bench/bench_report.py --n 2000000 --n 10000000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from harness import duckdb_connect, interleaved, peak_mb, table  # noqa: E402

#: Share of rows aimed at a zone's place.
TARGETED = 0.05


def make_files(n: int, bad: int, seed: int = 0) -> tuple[Path, Path]:
    """The CSV and GeoParquet files of ``n`` incidents (``bad`` of them broken)."""
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import shapely

    import data

    csv_path = data.OUT / f"report_{n}_{bad}_{seed}_t.csv"
    pq_path = data.OUT / f"report_{n}_{bad}_{seed}_t.parquet"
    if csv_path.exists() and pq_path.exists():
        return csv_path, pq_path
    _, zpath = data.cached(1, 50, seed)
    zones = gpd.read_file(zpath)
    d = data.incidents(n, zones, seed=seed)
    rng = np.random.default_rng(seed + 2)
    places = zones["place_id"].dropna().to_numpy(dtype=object)
    target = np.full(n, "", dtype=object)
    aimed = rng.random(n) < TARGETED
    target[aimed] = rng.choice(places, int(aimed.sum()))
    cols = {
        "incident_id": pa.array(np.char.add("b", np.arange(n).astype(str))),
        "date": pa.array((np.datetime64("2019-01-01") + rng.integers(0, 1500, n))
                         .astype("datetime64[D]").astype(str)),
        "uncertainty_m": d["uncertainty_m"],
        "n_fired": rng.integers(0, 6, n), "n_landed": rng.integers(0, 4, n),
        "killed": rng.integers(0, 3, n), "injured": rng.integers(0, 5, n),
        "target_place_id": pa.array(target, pa.string()),
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
    table_ = pa.table({"lon": pa.array(lon, pa.string()), "lat": pa.array(lat, pa.string()),
                       "place": pa.array(place, pa.string()), **cols})
    pacsv.write_csv(table_, csv_path)
    geometry = shapely.points(np.round(d["lon"], 5), np.round(d["lat"], 5))
    geometry[rows] = None
    frame = gpd.GeoDataFrame({k: np.asarray(v) for k, v in cols.items()},
                             geometry=geometry, crs=4326)
    frame.to_parquet(pq_path, row_group_size=500_000)
    return csv_path, pq_path


def measure_ours(path: str, zones: str, chunksize: str) -> dict:
    from click.testing import CliRunner  # runs the real command in this process

    from geoincidents.cli import main

    out = HERE / "out" / (Path(path).stem + Path(path).suffix + ".zones.csv")
    rejects = HERE / "out" / (Path(path).stem + Path(path).suffix + ".rejects.csv")
    t = time.perf_counter()
    result = CliRunner().invoke(main, ["-q", "report", "zones", path, "--zones", zones,
                                       "--no-bundled-zones", "--chunksize", chunksize,
                                       "-f", "csv", "-o", str(out), "--rejects",
                                       str(rejects), "--overwrite"])
    seconds = time.perf_counter() - t
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return {"seconds": seconds, "peak_mb": peak_mb(), "exit": result.exit_code,
            "rejects_written": sum(1 for _ in open(rejects)) - 1, "report": str(out)}


#: Metres per degree of latitude, at least; a degree of longitude is that times cos(lat).
_M_PER_DEG = 110_574.0


def duckdb_sql(classes: list[int]) -> str:
    """The zone report in DuckDB SQL; ``classes`` are the radius classes present (a
    class k joins with a constant distance of 0.001 * 2^k degrees)."""
    joins = "\nUNION ALL\n".join(
        f"SELECT p.i, z.j FROM pts p JOIN z ON ST_DWithin(z.geom, p.pt, {0.001 * 2 ** k!r}) "
        f"WHERE p.cls = {k}" for k in classes)
    return f"""
WITH cand AS ({joins}),
pairs AS (
    SELECT c.i, c.j, ST_Intersects(z.geom, p.pt) AS inside   -- the edge counts as in
    FROM cand c JOIN pts p USING (i) JOIN z USING (j)
    WHERE ST_Intersects(z.geom, p.pt)
       OR ST_Distance_Spheroid(ST_Point2D(p.lat, p.lon),   -- (lat, lon) order
              (SELECT ST_Point2D(ST_Y(c), ST_X(c))
               FROM (SELECT ST_StartPoint(ST_ShortestLine(z.geom, p.pt)) AS c))) <= p.r
),
aimed AS (
    SELECT p.i, z.j FROM pts p JOIN z ON p.target_place_id = z.place_id
    WHERE NOT EXISTS (SELECT 1 FROM pairs q WHERE q.i = p.i AND q.j = z.j AND q.inside)
),
counted AS (
    SELECT q.j, count(*) FILTER (WHERE q.inside) AS incidents_in,
        count(*) FILTER (WHERE NOT q.inside) AS possibly_in,
        sum(coalesce(p.n_fired, p.n_landed)) FILTER (WHERE q.inside) AS munitions_fired,
        sum(p.n_landed) FILTER (WHERE q.inside) AS munitions_landed,
        sum(p.killed) FILTER (WHERE q.inside) AS killed,
        sum(p.injured) FILTER (WHERE q.inside) AS injured
    FROM pairs q JOIN pts p USING (i) GROUP BY q.j
),
aimed_n AS (SELECT j, count(*) AS aimed_at FROM aimed GROUP BY j),
dates AS (
    SELECT d.j, min(p.date) AS first_date, max(p.date) AS last_date
    FROM (SELECT i, j FROM pairs UNION ALL SELECT i, j FROM aimed) d JOIN pts p USING (i)
    GROUP BY d.j
)
SELECT z.zone_id, coalesce(incidents_in, 0) AS incidents_in,
    coalesce(possibly_in, 0) AS possibly_in, coalesce(aimed_at, 0) AS aimed_at,
    coalesce(munitions_fired, 0) AS munitions_fired,
    coalesce(munitions_landed, 0) AS munitions_landed, coalesce(killed, 0) AS killed,
    coalesce(injured, 0) AS injured, first_date, last_date
FROM z LEFT JOIN counted USING (j) LEFT JOIN aimed_n USING (j) LEFT JOIN dates USING (j)
ORDER BY incidents_in DESC, possibly_in DESC, aimed_at DESC, z.zone_id
"""


def measure_duckdb(path: str, zones: str) -> dict:
    t = time.perf_counter()
    con = duckdb_connect()
    con.execute(f"CREATE TEMP TABLE z AS SELECT row_number() OVER () AS j, zone_id, "
                f"place_id, geom FROM ST_Read('{zones}')")
    if path.endswith(".csv"):
        raw = (f"SELECT TRY_CAST(lon AS DOUBLE) AS lon, TRY_CAST(lat AS DOUBLE) AS lat, "
               f"* EXCLUDE (lon, lat) FROM read_csv('{path}', types={{'lon': 'VARCHAR', "
               f"'lat': 'VARCHAR', 'target_place_id': 'VARCHAR', 'date': 'DATE'}})")
    else:
        raw = (f"SELECT ST_X(geometry) AS lon, ST_Y(geometry) AS lat, * EXCLUDE (geometry) "
               f"FROM read_parquet('{path}')")
    # the degrees a radius needs where a degree of longitude is shortest (the point's
    # latitude plus the radius), as a class: 0.001 * 2^cls degrees covers it
    con.execute(f"""
        CREATE TEMP TABLE pts AS
        SELECT row_number() OVER () AS i, lon, lat, ST_Point(lon, lat) AS pt, uncertainty_m AS r,
            greatest(0, ceil(log2(greatest(uncertainty_m / ({_M_PER_DEG} * cos(radians(
                least(abs(lat) + uncertainty_m / {_M_PER_DEG} + 0.01, 89.0)))) * 1.01,
                1e-9) / 0.001)))::INTEGER AS cls,
            n_fired, n_landed, killed, injured, target_place_id,
            CAST(date AS DATE) AS date
        FROM ({raw}) WHERE lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90""")
    classes = [row[0] for row in con.sql("SELECT DISTINCT cls FROM pts ORDER BY 1").fetchall()]
    report = con.sql(duckdb_sql(classes)).df()
    seconds = time.perf_counter() - t
    out = HERE / "out" / (Path(path).stem + Path(path).suffix + ".duckdb.csv")
    report.to_csv(out, index=False)
    placed = con.sql("SELECT count(*) FROM pts").fetchone()[0]
    return {"seconds": seconds, "peak_mb": peak_mb(), "placed": placed, "report": str(out),
            "threads": con.sql("SELECT current_setting('threads')").fetchone()[0]}


def compare(ours: str, theirs: str) -> dict:
    """Per column, the largest difference between our report and DuckDB's."""
    import pandas as pd

    a = pd.read_csv(ours).set_index("zone_id")
    b = pd.read_csv(theirs).set_index("zone_id").reindex(a.index)
    out = {}
    for col in ("incidents_in", "possibly_in", "aimed_at", "munitions_fired",
                "munitions_landed", "killed", "injured"):
        out[col] = int((a[col] - b[col]).abs().max())
    out["dates_equal"] = bool((a["first_date"].astype(str) == b["first_date"].astype(str)).all()
                              and (a["last_date"].astype(str) == b["last_date"].astype(str)).all())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="rows (repeatable)")
    parser.add_argument("--bad", type=int, default=3000, help="broken rows per file")
    parser.add_argument("--chunksize", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="interleaved rounds; the fastest run of each counts (default 3)")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        what, *rest = args.measure
        print(json.dumps(measure_ours(*rest) if what == "ours" else measure_duckdb(*rest)))
        return
    import data

    _, zpath = data.cached(1, 50, 0)
    for n in args.n or [2_000_000]:
        files = make_files(n, args.bad)
        jobs = []
        for path in files:
            jobs += [("ours", str(path), str(zpath), str(args.chunksize)),
                     ("duckdb", str(path), str(zpath))]
        results = interleaved(__file__, jobs, args.repeat)
        print(f"\n## report zones, {n:,} rows ({args.bad:,} broken), 50 zones; fastest of "
              f"{args.repeat} interleaved runs")
        for k, path in enumerate(files):
            ours, duck = results[2 * k], results[2 * k + 1]
            diff = compare(ours.pop("report"), duck.pop("report"))
            table([(f"geoincidents  {path.name}", ours), (f"DuckDB spatial {path.name}", duck)],
                  duck)
            print(f"ours / DuckDB: time {ours['seconds'] / duck['seconds']:.2f}, peak memory "
                  f"{ours['peak_mb'] / duck['peak_mb']:.2f} (targets: <= 1 and <= 1.5); "
                  f"largest difference in the reports: {diff}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
