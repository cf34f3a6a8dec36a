"""Build time, file size and time to first paint of our map against folium's
FastMarkerCluster (and optionally a plain folium GeoJson layer), in the same run.

Run from the checkout root (after ``pip install -e ".[bench]"``)::

    python3 bench/bench_map.py                      # 1e5 and 1e6 incidents
    python3 bench/bench_map.py --sizes 10000        # quicker
    python3 bench/bench_map.py --geojson            # also folium GeoJson (slow at 1e5)

For each size it writes (to bench/out/) our self-contained map and a folium
``FastMarkerCluster`` map of the same synthetic incidents (ACLED-like columns over Iraq),
times building each page in Python (ours: the zone join, the payload and the write; folium:
the plugin and ``save``), opens each in Debian's headless Chromium and measures the time from
navigation to the first drawn features: ours when ``window.geoincidents.ready``; the
baselines when Leaflet has put the first marker or cluster icon on the page. The folium
pages load Leaflet and its plugins from CDNs; here those requests are answered from the
installed XStatic files (other CDN files and tiles are refused), so the baselines are not
handicapped by the network; ours is shown offline. Ours also reports the time of one
re-draw after a pan at city zoom and how many incidents that pan looked at (the grid index
visits only the cells in view). A page that takes longer than ``--timeout`` seconds is
reported as such.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geoincidents import model, render, spatial
from geoincidents.zones import load_zones

OUT = Path(__file__).resolve().parent / "out"


def synthetic_incidents(n: int, *, seed: int = 0):
    """n ACLED-like incidents over Iraq (generated, not real events): 70 % around the
    bundled populated places, weighted by population, the rest spread evenly; realistic
    columns and short text."""
    from geoincidents import basemap

    rng = np.random.default_rng(seed)
    towns = np.array([p[:2] + [p[3]] for p in basemap.context_places((39.0, 29.5, 48.0, 37.0),
                                                                      margin_deg=0)])
    near = rng.random(n) < 0.7
    pick = rng.choice(len(towns), n, p=np.sqrt(towns[:, 2]) / np.sqrt(towns[:, 2]).sum())
    spread = rng.choice([0.02, 0.08, 0.25], n)
    lon = np.where(near, towns[pick, 0] + rng.normal(0, 1, n) * spread,
                   39.0 + rng.random(n) * 9.0)
    lat = np.where(near, towns[pick, 1] + rng.normal(0, 1, n) * spread,
                   29.5 + rng.random(n) * 7.5)
    types = np.array(sorted(model.EVENT_TYPES))
    places = np.array([f"Place {k}" for k in range(500)])
    frame = pd.DataFrame({
        "incident_id": np.char.add("ev-", np.arange(n).astype(str)),
        "event_type": types[rng.integers(0, len(types), n)],
        "date": pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 1500, n), "D"),
        "time_precision": rng.integers(1, 4, n),
        "place": places[rng.integers(0, len(places), n)],
        "uncertainty_m": rng.choice([500.0, 2000.0, 25000.0], n),
        "launch_lon": np.nan, "launch_lat": np.nan, "launch_uncertainty_m": np.nan,
        "killed": rng.poisson(0.5, n), "injured": rng.poisson(1.0, n),
        "actors": np.array(["Unknown (involved)", "Group A (claimed)", "Group B (blamed)"])[
            rng.integers(0, 3, n)],
        "background": rng.random(n) < 0.05,
        "source": "synthetic benchmark",
    })
    frame["place_name"] = frame["place"]
    return model.conform(frame, geometry=shapely.points(lon, lat))


def folium_geojson(incidents, path: Path) -> None:
    import folium

    fmap = folium.Map(location=[33, 44], zoom_start=6)
    folium.GeoJson(incidents[["incident_id", "event_type", "geometry"]].to_json()).add_to(fmap)
    fmap.save(str(path))


def folium_fastcluster(incidents, path: Path) -> None:
    import folium
    from folium.plugins import FastMarkerCluster

    fmap = folium.Map(location=[33, 44], zoom_start=6)
    # a plain Leaflet marker: the default callback needs Leaflet.awesome-markers, which no
    # installed package carries, so offline it would never draw
    FastMarkerCluster(np.column_stack([incidents.geometry.y, incidents.geometry.x]).tolist(),
                      callback="function (row) { return L.marker(new L.LatLng(row[0], row[1])); }"
                      ).add_to(fmap)
    fmap.save(str(path))


def _local_assets() -> dict[str, Path]:
    import xstatic.pkg.jquery as jq
    import xstatic.pkg.leaflet as lf
    import xstatic.pkg.leaflet_markercluster as mc

    base, mcb = Path(lf.BASE_DIR), Path(mc.BASE_DIR)
    out = {"leaflet.js": base / "leaflet.js", "leaflet.css": base / "leaflet.css",
           "leaflet.markercluster.js": mcb / "leaflet.markercluster.js",
           "MarkerCluster.css": mcb / "MarkerCluster.css",
           "MarkerCluster.Default.css": mcb / "MarkerCluster.Default.css",
           "marker-icon.png": base / "images" / "marker-icon.png",
           "marker-shadow.png": base / "images" / "marker-shadow.png"}
    jquery = sorted(Path(jq.BASE_DIR).glob("jquery*.min.js")) or sorted(
        Path(jq.BASE_DIR).glob("jquery*.js"))
    if jquery:
        out["jquery"] = jquery[0]
    return out


def _serve_cdn(route, assets: dict[str, Path]) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:")):
        return route.continue_()
    name = url.rsplit("/", 1)[-1].split("?")[0]
    for key, path in assets.items():
        if name == key or (key == "jquery" and name.startswith("jquery")):
            ctype = ("application/javascript" if name.endswith(".js") else
                     "text/css" if name.endswith(".css") else "image/png")
            return route.fulfill(path=str(path), content_type=ctype)
    return route.abort()


def time_to_features(browser, path: Path, condition: str, timeout_s: float) -> float | None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    assets = _local_assets()
    page.route("**/*", lambda route: _serve_cdn(route, assets))
    try:
        start = time.perf_counter()
        page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000, wait_until="commit")
        page.wait_for_function(condition, timeout=timeout_s * 1000, polling=50)
        return time.perf_counter() - start
    except Exception:  # noqa: BLE001 (a timeout is a result here)
        return None
    finally:
        page.close()


OURS = "window.geoincidents && window.geoincidents.ready"
#: One re-draw after a pan at city zoom: milliseconds, and incidents looked at.
PAN = """(() => {
  const gi = window.geoincidents, m = gi.map.map;
  m.setView([33.3, 44.4], 11, {animate: false});
  const t0 = performance.now();
  for (let k = 0; k < 5; k++) { m.panBy([40, 0], {animate: false}); gi.render(); }
  return [(performance.now() - t0) / 10, gi.counts.visited, gi.n];
})()"""


def picture(browser, path: Path, png: Path, timeout_s: float) -> None:
    page = render.offline_page(browser, width=1280, height=800)
    try:
        page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000)
        page.wait_for_function(OURS, timeout=timeout_s * 1000, polling=50)
        page.wait_for_timeout(500)
        page.screenshot(path=str(png))
        print(png, flush=True)
    finally:
        page.close()


def pan_ms(browser, path: Path, timeout_s: float):
    page = render.offline_page(browser, width=1280, height=800)
    try:
        page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000, wait_until="commit")
        page.wait_for_function(OURS, timeout=timeout_s * 1000, polling=50)
        return page.evaluate(PAN)
    except Exception:  # noqa: BLE001 (a timeout is a result here)
        return None
    finally:
        page.close()
BASELINE = ("document.querySelector('.leaflet-marker-icon, .marker-cluster, "
            ".leaflet-interactive') !== null")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--geojson", action="store_true",
                        help="also build and time a folium GeoJson layer (not at 1e6)")
    parser.add_argument("--png", type=Path, default=None,
                        help="also save a 1280x800 picture of our map at the first size")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    zones = load_zones()
    rows = []
    with sync_playwright() as pw:
        browser = render.launch_chromium(pw)
        for n in args.sizes:
            incidents = synthetic_incidents(n)
            result = {"n": n}
            t0 = time.perf_counter()
            joined = spatial.join_zones(incidents, zones, nearest=False)
            result["join_s"] = time.perf_counter() - t0
            ours = render.save_map(render.incident_map(incidents, zones, joined),
                                   OUT / f"ours_{n}.html", overwrite=True)
            result["ours_build_s"] = time.perf_counter() - t0
            makers = {"fastcluster": folium_fastcluster}
            if args.geojson and n < 1_000_000:
                makers["geojson"] = folium_geojson
            paths = {"ours": ours}
            for name, make in makers.items():
                paths[name] = OUT / f"{name}_{n}.html"
                t0 = time.perf_counter()
                make(incidents, paths[name])
                result[f"{name}_build_s"] = time.perf_counter() - t0
            for name, path in paths.items():
                result[f"{name}_mb"] = path.stat().st_size / 1e6
                result[f"{name}_s"] = time_to_features(browser, path,
                                                       OURS if name == "ours" else BASELINE,
                                                       args.timeout)
            pan = pan_ms(browser, ours, args.timeout)
            if pan:
                result["pan_ms"], result["pan_visited"] = round(pan[0], 1), pan[1]
            rows.append(result)
            print(_row(result, args.timeout), flush=True)
            if args.png and n == args.sizes[0]:
                picture(browser, ours, args.png, args.timeout)
        browser.close()
    print()
    print(_table(rows, args.timeout))


def _fmt_s(value, timeout):
    return f">{timeout:.0f} (timed out)" if value is None else f"{value:.2f}"


def _ratio(a, b, timeout=None):
    if a is None and timeout is not None and b:
        return f">{timeout / b:.0f}x"  # the baseline timed out: a lower bound
    if a is None or b is None:
        return "n/a"
    return f"{a / b:.1f}x"


def _row(r, timeout) -> str:
    return " ".join(f"{k}={_fmt_s(v, timeout) if k.endswith('_s') else v}" for k, v in r.items())


def _table(rows, timeout) -> str:
    head = ("| incidents | ours build s (join) | ours MB | ours first paint s | FMC build s | "
            "FMC MB | FMC first paint s | build vs FMC | size vs FMC | paint vs FMC | "
            "ours pan re-draw ms (incidents looked at) |")
    lines = [head, "|" + "---|" * 11]
    for r in rows:
        def cell(name, unit, r=r):
            key = f"{name}_{unit}"
            if key not in r:
                return "skipped"
            return _fmt_s(r[key], timeout) if unit.endswith("s") else f"{r[key]:.1f}"
        pan = f"{r['pan_ms']} ({r['pan_visited']:,} of {r['n']:,})" if "pan_ms" in r else "n/a"
        lines.append(
            f"| {r['n']:,} | {r['ours_build_s']:.2f} ({r['join_s']:.2f}) | {r['ours_mb']:.1f} | "
            f"{_fmt_s(r['ours_s'], timeout)} | {cell('fastcluster', 'build_s')} | "
            f"{cell('fastcluster', 'mb')} | {cell('fastcluster', 's')} | "
            f"{_ratio(r.get('fastcluster_build_s'), r['ours_build_s'])} | "
            f"{_ratio(r.get('fastcluster_mb'), r['ours_mb'])} | "
            f"{_ratio(r.get('fastcluster_s'), r['ours_s'], timeout)} | {pan} |")
        if "geojson_mb" in r:
            lines.append(f"| (GeoJson at {r['n']:,}) | "
                         f"build {_fmt_s(r['geojson_build_s'], timeout)} "
                         f"| {r['geojson_mb']:.1f} MB | "
                         f"first paint {_fmt_s(r['geojson_s'], timeout)} "
                         "| | | | | | | |")
    lines.append("")
    lines.append("Ratios are FastMarkerCluster / ours: above 1x means ours is faster or smaller.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
