"""The zone join against the fastest idiomatic alternative for each question, in one run.

Four questions, each with its baselines, on the same seeded data (``data.py``):

1. plain containment (which zones contain each point): ours (`ZoneIndex.pairs` with no
   radius, from a point array as a GeoDataFrame holds it) against
   ``STRtree(zones).query(points, "within")`` (points given, and points built from the
   coordinates too), ``geopandas.sjoin(predicate="intersects")``, ``shapely.contains_xy``
   per zone behind a bounding-box test, and DuckDB spatial ``ST_Contains`` (its default
   threads, and one thread as ours uses);
2. within a per-row radius in metres (in + possibly in): ours (`ZoneIndex.pairs`) against
   STRtree ``dwithin`` and DuckDB ``ST_DWithin`` (one spatial join per class of radius:
   it takes a constant distance only), both in degrees wide enough to hold the radius,
   then a per-row geodesic filter (each zone's azimuthal equidistant projection from
   pyproj, ``shapely.distance``) for the exact answer;
3. the DataFrame API (`spatial.join_zones`, ``;``-joined zone ids per incident) against
   our own ``pairs`` (target: <= 1.5x); beside it, two like-for-like baselines: ``pairs``
   in a process holding the same GeoDataFrame (its fresh pages cost more there), and the
   same frame assembled from ``pairs`` with Arrow and pandas (``join_baseline.py``);
4. nearest zone and exact geodesic distance to its edge (`ZoneIndex.nearest`) against
   ``pyproj.Geod.inv`` alone on as many point pairs (target: <= 1.5x).

Each measurement runs in a fresh process, the contenders taking turns for ``--repeat``
rounds (see ``harness.py``); the fastest run counts, with its peak memory (VmHWM).

    python3 bench/bench_join.py --n 5000000 --nearest-n 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from harness import compare, duckdb_connect, interleaved, peak_mb, table  # noqa: E402

__all__ = ["peak_mb"]  # bench_engine and bench_report import it from here

#: metres per degree of latitude, at least (at the equator)
_M_PER_DEG = 110_574.0


def _degrees(lat: np.ndarray, radius_m: np.ndarray) -> np.ndarray:
    """A distance in degrees that covers ``radius_m`` metres around points at ``lat``:
    a degree of longitude is shortest at the highest latitude the radius reaches."""
    reach = np.minimum(np.abs(lat) + radius_m / _M_PER_DEG + 0.01, 89.0)
    return radius_m / (_M_PER_DEG * np.cos(np.radians(reach))) * 1.01


def _geodesic_filter(zones, lon, lat, radius, i, j):
    """Keep candidate pairs (point i, zone j) whose point is in the zone or within its
    radius of it, by the exact geodesic distance (pyproj AEQD centred on each zone)."""
    import shapely
    from pyproj import CRS, Transformer

    keep_i, keep_j, inside = [], [], []
    order = np.argsort(j, kind="stable")
    i, j = i[order], j[order]
    bounds = np.flatnonzero(np.diff(j)) + 1
    for pi, pj in zip(np.split(i, bounds), np.split(j, bounds)):
        if not len(pi):
            continue
        geom = zones.geometry.iloc[pj[0]]
        c = geom.centroid if geom.contains(geom.centroid) else geom.point_on_surface()
        aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +ellps=WGS84 +units=m")
        t = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
        local = shapely.transform(geom, lambda xy, t=t: np.column_stack(
            t.transform(xy[:, 0], xy[:, 1])))
        x, y = t.transform(lon[pi], lat[pi])
        d = shapely.distance(local, shapely.points(x, y))
        # "in" as the containment baselines say it: the lon/lat polygon holds the point
        ins = shapely.intersects_xy(geom, lon[pi], lat[pi])
        ok = ins | (d <= radius[pi])
        keep_i.append(pi[ok])
        keep_j.append(pj[ok])
        inside.append(ins[ok])
    if not keep_i:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, bool)
    return np.concatenate(keep_i), np.concatenate(keep_j), np.concatenate(inside)


def _duckdb_tables(con, zones, lon, lat, deg=None):
    import pyarrow as pa
    import shapely

    cols = {"i": np.arange(len(lon)), "lon": lon, "lat": lat}
    if deg is not None:
        # a class per power of two of the degrees needed: DuckDB's spatial join takes a
        # constant distance only (a per-row one falls back to a nested-loop join, 22 s
        # for 10^6 points), so one join per class present
        cols["cls"] = np.maximum(np.ceil(np.log2(np.maximum(deg, 1e-9) / 0.001)), 0)
        cols["cls"] = cols["cls"].astype(np.int64)
    con.register("pts", pa.table(cols))
    con.register("zwkb", pa.table({"j": np.arange(len(zones)),
                                   "wkb": shapely.to_wkb(zones.geometry.to_numpy())}))
    con.execute("CREATE TABLE z AS SELECT j, ST_GeomFromWKB(wkb) AS geom FROM zwkb")


def measure(what: str, ipath: str, zpath: str) -> dict:
    """Run one measurement in this process; seconds, peak memory (MB) and checks."""
    import geopandas as gpd
    import shapely

    data = np.load(ipath)
    lon, lat, radius = data["lon"], data["lat"], data["uncertainty_m"]
    zones = gpd.read_file(zpath)
    extra: dict = {}
    points = None
    if what in ("ours_contain", "strtree_within", "sjoin_intersects", "strtree_dwithin",
                "ours_join_zones", "ours_pairs_points", "ours_pairs_frame", "assemble_join"):
        points = shapely.points(lon, lat)  # the user's GeoDataFrame already holds these
    frame = None
    if what in ("sjoin_intersects", "ours_join_zones", "ours_pairs_frame", "assemble_join"):
        frame = gpd.GeoDataFrame({"uncertainty_m": radius}, geometry=points, crs=4326)
    con = None
    if what.startswith("duckdb"):
        con = duckdb_connect(threads=1 if what.endswith("_1t") else None)
        _duckdb_tables(con, zones, lon, lat,
                       _degrees(lat, radius) if "dwithin" in what else None)
        extra["threads"] = con.sql("SELECT current_setting('threads')").fetchone()[0]

    t, cpu, ru = time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
    if what == "ours_contain":
        from geoincidents import spatial

        index = spatial.ZoneIndex(zones)
        pairs = index.pairs(shapely.get_x(points), shapely.get_y(points), np.zeros(len(lon)))
        extra["pairs_in"] = int(pairs.inside.sum())
    elif what == "strtree_within" or what == "strtree_within_xy":
        if points is None:
            points = shapely.points(lon, lat)
        tree = shapely.STRtree(zones.geometry.to_numpy())
        extra["pairs_in"] = tree.query(points, predicate="within").shape[1]
    elif what == "sjoin_intersects":
        extra["pairs_in"] = len(gpd.sjoin(frame, zones, predicate="intersects"))
    elif what == "contains_xy":
        geoms = zones.geometry.to_numpy()
        shapely.prepare(geoms)
        bbox = shapely.bounds(geoms)
        found = []
        for j, geom in enumerate(geoms):
            cand = np.flatnonzero((lon >= bbox[j, 0]) & (lon <= bbox[j, 2])
                                  & (lat >= bbox[j, 1]) & (lat <= bbox[j, 3]))
            found.append(cand[shapely.contains_xy(geom, lon[cand], lat[cand])])
        extra["pairs_in"] = int(sum(len(f) for f in found))
    elif what.startswith("duckdb_contains"):
        out = con.sql("SELECT pts.i, z.j FROM pts JOIN z "
                      "ON ST_Contains(z.geom, ST_Point(pts.lon, pts.lat))").fetchnumpy()
        extra["pairs_in"] = len(out["i"])
    elif what == "ours_contain_xy":
        from geoincidents import spatial

        pairs = spatial.ZoneIndex(zones).pairs(lon, lat, np.zeros(len(lon)))
        extra["pairs_in"] = int(pairs.inside.sum())
    elif what in ("ours_pairs", "ours_pairs_points"):
        from geoincidents import spatial

        if what == "ours_pairs_points":  # as join_zones starts: coordinates of the points
            lon, lat = shapely.get_x(points), shapely.get_y(points)
        pairs = spatial.ZoneIndex(zones).pairs(lon, lat, radius)
        extra["pairs_in"] = int(pairs.inside.sum())
        extra["pairs_possible"] = int((~pairs.inside).sum())
    elif what == "ours_pairs_frame":
        from geoincidents import spatial

        # pairs as join_zones reads the frame, in a process holding the same frame
        lon, lat, radius = spatial.coordinates(frame)
        pairs = spatial.ZoneIndex(zones).pairs(lon, lat, radius)
        extra["pairs_in"] = int(pairs.inside.sum())
        extra["pairs_possible"] = int((~pairs.inside).sum())
    elif what == "assemble_join":
        from join_baseline import assemble_join

        from geoincidents import spatial

        lon, lat, radius = spatial.coordinates(frame)
        joined = assemble_join(spatial.ZoneIndex(zones), lon, lat, radius, frame.index)
        extra["with_zone"] = int(joined["zone_id"].notna().sum())
    elif what == "strtree_dwithin":
        tree = shapely.STRtree(zones.geometry.to_numpy())
        i, j = tree.query(points, predicate="dwithin", distance=_degrees(lat, radius))
        extra["candidates"] = len(i)
        _, _, inside = _geodesic_filter(zones, lon, lat, radius, i, j)
        extra["pairs_in"], extra["pairs_possible"] = int(inside.sum()), int((~inside).sum())
    elif what.startswith("duckdb_dwithin"):
        classes = [r[0] for r in con.sql("SELECT DISTINCT cls FROM pts").fetchall()]
        out = con.sql("\nUNION ALL\n".join(
            f"SELECT pts.i, z.j FROM pts JOIN z ON ST_DWithin(z.geom, ST_Point(pts.lon, "
            f"pts.lat), {0.001 * 2 ** k!r}) WHERE pts.cls = {k}" for k in classes)).fetchnumpy()
        i, j = out["i"].astype(np.int64), out["j"].astype(np.int64)
        extra["candidates"] = len(i)
        _, _, inside = _geodesic_filter(zones, lon, lat, radius, i, j)
        extra["pairs_in"], extra["pairs_possible"] = int(inside.sum()), int((~inside).sum())
    elif what == "ours_join_zones":
        from geoincidents import spatial

        joined = spatial.join_zones(frame, zones, nearest=False)
        extra["with_zone"] = int(joined["zone_id"].notna().sum())
    elif what == "geod_inv":
        from pyproj import Geod

        rng = np.random.default_rng(7)
        lon2, lat2 = rng.permutation(lon), rng.permutation(lat)
        t, cpu = time.perf_counter(), time.process_time()
        ru = resource.getrusage(resource.RUSAGE_SELF)
        Geod(ellps="WGS84").inv(lon, lat, lon2, lat2)
    elif what == "ours_nearest":
        from geoincidents import spatial

        _, best_d = spatial.ZoneIndex(zones).nearest(lon, lat)
        extra["mean_nearest_km"] = round(float(np.nanmean(best_d) / 1000), 3)
    else:
        raise SystemExit(f"unknown measurement {what!r}")
    seconds = time.perf_counter() - t
    # CPU time of the process (all its threads: DuckDB's default uses both cores), which
    # a busy machine disturbs far less than the wall clock
    cpu = time.process_time() - cpu
    # user and system time apart: the system time is mostly the kernel zeroing fresh
    # pages, which varies with the process's memory history (docs/progress-perf7.md)
    end = resource.getrusage(resource.RUSAGE_SELF)
    return {"what": what, "n": len(lon), "seconds": seconds, "cpu_seconds": cpu,
            "user_seconds": end.ru_utime - ru.ru_utime, "sys_seconds": end.ru_stime - ru.ru_stime,
            "peak_mb": peak_mb(), **extra}


CONTAIN = [("ours_contain", "geoincidents ZoneIndex.pairs, radius 0 (from points)"),
           ("ours_contain_xy", "geoincidents ZoneIndex.pairs, radius 0 (from lon/lat)"),
           ("strtree_within", "STRtree.query(points, 'within'), points given"),
           ("strtree_within_xy", "STRtree.query 'within', points built from lon/lat"),
           ("sjoin_intersects", "geopandas.sjoin(predicate='intersects')"),
           ("contains_xy", "shapely.contains_xy per zone, bbox prefilter"),
           ("duckdb_contains", "DuckDB spatial ST_Contains (default threads)"),
           ("duckdb_contains_1t", "DuckDB spatial ST_Contains (1 thread)")]
BUFFERED = [("ours_pairs", "geoincidents ZoneIndex.pairs (in + possibly in)"),
            ("strtree_dwithin", "STRtree dwithin (deg) + per-row geodesic filter"),
            ("duckdb_dwithin", "DuckDB ST_DWithin (deg, default threads) + geodesic filter"),
            ("duckdb_dwithin_1t", "DuckDB ST_DWithin (deg, 1 thread) + geodesic filter")]
API = [("ours_pairs_points", "geoincidents ZoneIndex.pairs from the frame's points"),
       ("ours_join_zones", "geoincidents spatial.join_zones(frame, nearest=False)"),
       ("ours_pairs", "geoincidents ZoneIndex.pairs from lon/lat arrays"),
       ("ours_pairs_frame", "ZoneIndex.pairs from the frame, the frame built in the process"),
       ("assemble_join", "the same frame from pairs with Arrow + pandas (join_baseline)")]
NEAREST = [("geod_inv", "pyproj Geod.inv on as many pairs (baseline)"),
           ("ours_nearest", "geoincidents ZoneIndex.nearest (zone + edge distance)")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5_000_000, help="incidents for the joins")
    parser.add_argument("--nearest-n", type=int, default=1_000_000,
                        help="incidents for the nearest-zone distances")
    parser.add_argument("--zones", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3,
                        help="interleaved rounds; the fastest run of each counts (default 3)")
    parser.add_argument("--only", choices=["contain", "buffered", "api", "nearest"],
                        action="append", help="run only these questions (repeatable)")
    parser.add_argument("--measure", nargs=3, metavar=("WHAT", "NPZ", "ZONES"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    import data

    ipath, zpath = data.cached(args.n, args.zones, args.seed)
    npath, _ = data.cached(args.nearest_n, args.zones, args.seed)
    questions = {"contain": (CONTAIN, ipath), "buffered": (BUFFERED, ipath),
                 "api": (API, ipath), "nearest": (NEAREST, npath)}
    wanted = args.only or list(questions)
    jobs, labels = [], {}
    for q in wanted:
        for what, label in questions[q][0]:
            job = (what, str(questions[q][1]), str(zpath))
            if job not in jobs:
                jobs.append(job)
            labels[what] = label
    results = dict(zip((j[0] for j in jobs), interleaved(__file__, jobs, args.repeat)))
    print(f"# {args.n:,} incidents x {args.zones} zones (seed {args.seed}); nearest on "
          f"{args.nearest_n:,}; fastest of {args.repeat} interleaved runs; ratios against "
          f"the first row of each table")
    for q in wanted:
        whats = [w for w, _ in questions[q][0]]
        rows = [(labels[w], results[w]) for w in whats]
        print(f"\n## {q}")
        base = rows[0][1]
        table(rows, base)
        if q in ("contain", "buffered"):
            baselines = [(lab, r) for (lab, r), w in zip(rows, whats) if not w.startswith("ours")]
            best_label, best = min(baselines, key=lambda r: r[1]["seconds"])
            for (label, r), w in zip(rows, whats):
                if w.startswith("ours"):
                    print(f"{label} / fastest baseline ({best_label}): {compare(r, best)}, "
                          f"peak memory {r['peak_mb'] / best['peak_mb']:.2f}"
                          + (" (target: time <= 1)" if q == "contain" else ""))
        else:
            ours = rows[1][1]
            print(f"ours / baseline: {compare(ours, base)} (target <= 1.5), "
                  f"peak memory {ours['peak_mb'] / base['peak_mb']:.2f}")
            for label, other in rows[2:]:
                print(f"({rows[1][0]} / {label}: {compare(ours, other)})")

if __name__ == "__main__":
    main()
