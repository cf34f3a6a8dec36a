"""Maps in a real browser: Debian's headless Chromium, every network request blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from conftest import HOSTILE_PLACE, HOSTILE_QUOTE

from geoincidents import model, render, spatial

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def small_map(small_incidents, zones, tmp_path_factory):
    path = tmp_path_factory.mktemp("maps") / "small.html"
    return render.save_map(render.incident_map(small_incidents, zones), path)


def _show_all(opened):
    """Zoom out to Baghdad and Al-Qa'im: the first view leaves out the 25 km incident."""
    opened.js("window.geoincidents.map.map.setView([33.8, 43.0], 7, {animate: false}) && null")


def _clean(opened):
    assert opened.failed == []
    assert opened.console_errors == []
    assert opened.dialogs == []


def test_offline_map_draws_every_incident_and_zone(open_map, small_map, small_incidents,
                                                   zones):
    opened = open_map(small_map)
    # the first view is fitted to the precisely placed incidents: not Al-Qa'im (25 km)
    counts = opened.counts()
    precise = small_incidents[small_incidents["uncertainty_m"] <= 10_000]
    assert counts["markers"] == counts["inView"] == len(precise)
    _show_all(opened)
    counts = opened.counts()
    assert opened.js("window.geoincidents.n") == len(small_incidents)
    assert counts["markers"] == len(small_incidents) and counts["aggregated"] == 0
    assert counts["background"] == int(small_incidents["background"].sum())
    assert counts["buffers"] == len(small_incidents)  # every one has a radius
    assert counts["arrows"] == 1
    assert opened.js("window.geoincidents.zonesDrawn()") == len(zones)
    assert sorted(opened.js("window.geoincidents.zoneIds()")) == sorted(zones["zone_id"])
    # legend, layer control, time control, measuring tool and scale bar are on the page
    page = opened.page
    assert page.locator(".gi-legend").is_visible()
    assert "rocket attack" in page.locator(".gi-legend").inner_text()
    assert page.locator(".leaflet-control-layers").is_visible()
    assert page.locator(".leaflet-control-scale").is_visible()
    assert page.locator(".gi-measure-btn").is_visible()
    assert page.locator(".leaflet-overlay-pane canvas").count() == 1
    _clean(opened)


def test_popup_shows_hostile_text_and_runs_nothing(open_map, small_map, small_incidents):
    opened = open_map(small_map)
    page = opened.page
    hostile = int(np.flatnonzero(small_incidents["incident_id"] == "x1")[0])
    marker = next(m for m in opened.js("window.geoincidents.markers()") if m["i"] == hostile)
    page.mouse.click(marker["x"], marker["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert HOSTILE_QUOTE in text and HOSTILE_PLACE in text and "<b>bold</b>" in text
    assert popup.locator("img, script, b").count() == 0
    assert "x1" in text and "drone strike" in text and "2020-12-20" in text
    _clean(opened)


def test_toggling_a_layer_hides_its_features(open_map, small_map, small_incidents):
    opened = open_map(small_map)
    _show_all(opened)
    page = opened.page
    n_bg = int(small_incidents["background"].sum())
    control = page.locator(".leaflet-control-layers")
    control.get_by_text(render.LAYER_NAMES["background"]).click()
    counts = opened.counts()
    assert counts["background"] == 0 and counts["markers"] == len(small_incidents) - n_bg
    assert len(opened.js("window.geoincidents.markers()")) == len(small_incidents) - n_bg
    control.get_by_text(render.LAYER_NAMES["zones"]).click()
    assert opened.js("window.geoincidents.zonesDrawn()") == 0
    control.get_by_text(render.LAYER_NAMES["buffers"]).click()
    assert opened.counts()["buffers"] == 0
    control.get_by_text(render.LAYER_NAMES["background"]).click()
    assert opened.counts()["background"] == n_bg
    _clean(opened)


def test_time_control_hides_incidents_outside_the_dates(open_map, small_map, small_incidents):
    opened = open_map(small_map)
    _show_all(opened)
    page = opened.page
    page.locator(".gi-date-from").fill("2020-01-01")
    page.locator(".gi-date-to").fill("2020-06-30")
    dates = small_incidents["date"]
    inside = int(((dates >= "2020-01-01") & (dates <= "2020-06-30")).sum())
    assert 0 < inside < len(small_incidents)
    assert opened.counts()["markers"] == inside
    shown = {m["i"] for m in opened.js("window.geoincidents.markers()")}
    assert all("2020-01-01" <= str(dates.iloc[i].date()) <= "2020-06-30" for i in shown)
    assert f"{inside} of {len(small_incidents)} shown" in page.locator(".gi-time").inner_text()
    page.get_by_role("button", name="All dates").click()
    assert opened.counts()["markers"] == len(small_incidents)
    _clean(opened)


def test_geodesy_in_the_page_matches_pyproj(open_map, small_map):
    opened = open_map(small_map)
    pairs = [(44.2775, 33.5294, 44.3903, 33.3076), (69.265, 34.9461, 44.39, 33.31),
             (-170.0, -60.0, 170.0, 70.0)]
    for lon1, lat1, lon2, lat2 in pairs:
        js = opened.js(f"window.geoincidents.geodesicDistance({lon1},{lat1},{lon2},{lat2})")
        assert js == pytest.approx(float(spatial.distance_m(lon1, lat1, lon2, lat2)), abs=0.01)
    lon, lat = opened.js("window.geoincidents.geodesicDirect(44.39, 33.31, 60, 20000)")
    lon2, lat2, _ = spatial.GEOD.fwd(44.39, 33.31, 60, 20000)
    assert (lon, lat) == pytest.approx((lon2, lat2), abs=1e-8)


def test_measuring_tool_reports_geodesic_distance(open_map, small_map):
    opened = open_map(small_map)
    page = opened.page
    page.locator(".gi-measure-btn").click()
    box = page.locator(".leaflet-container").bounding_box()
    a = (box["x"] + 500, box["y"] + 300)
    b = (box["x"] + 700, box["y"] + 450)
    page.mouse.click(*a)
    page.mouse.click(*b)
    ll = opened.js("""(() => { const m = window.geoincidents.map.map;
        const p = m.containerPointToLatLng([500, 300]), q = m.containerPointToLatLng([700, 450]);
        return [p.lng, p.lat, q.lng, q.lat]; })()""")
    expected = float(spatial.distance_m(*ll))
    assert opened.js("window.geoincidents.map.measured_m") == pytest.approx(expected, rel=1e-9)
    assert "km" in page.locator(".gi-measure-out").inner_text()
    _clean(opened)


def _synthetic(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    lon = 44.0 + rng.random(n) * 1.0
    lat = 33.0 + rng.random(n) * 0.8
    frame = pd.DataFrame({
        "incident_id": [f"s{i}" for i in range(n)],
        "event_type": rng.choice(sorted(model.EVENT_TYPES), n),
        "date": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 365, n), "D"),
        "uncertainty_m": rng.choice([100.0, 2000.0], n),
        "launch_lon": np.nan, "launch_lat": np.nan, "launch_uncertainty_m": np.nan,
        "background": rng.random(n) < 0.1,
    })
    return model.conform(frame, geometry=shapely.points(lon, lat))


def test_large_map_is_aggregated_then_detailed_when_zoomed(open_map, zones, tmp_path):
    incidents = _synthetic(20_000)
    path = render.save_map(render.incident_map(incidents, zones, max_detail=2000,
                                               compress=True), tmp_path / "big.html")
    assert '"gzip":true' in path.read_text(encoding="utf-8")  # the compressed path
    opened = open_map(path)
    counts = opened.counts()
    assert counts["inView"] == len(incidents)
    assert counts["aggregated"] + counts["markers"] == len(incidents)
    assert counts["cells"] > 0
    opened.js("window.geoincidents.map.map.setView([33.4, 44.5], 15, {animate: false}) && null")
    counts = opened.counts()
    assert 0 < counts["markers"] <= 2000 and counts["aggregated"] == 0
    assert counts["markers"] == counts["inView"]
    _clean(opened)


def test_cli_png(browser, tmp_path):
    # a child process: Playwright's sync API cannot nest inside the session's browser
    png = tmp_path / "m.png"
    result = subprocess.run([sys.executable, "-m", "geoincidents", "-q", "map", "-o",
                             str(tmp_path / "m.html"), "--png", str(png)],
                            capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "m.html"), str(png)]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_uncertainty_is_shown_honestly_but_quietly(open_map, small_incidents, zones, tmp_path):
    incidents = small_incidents.copy()
    incidents.loc[incidents.index[2], ["place_id", "country"]] = ["iq", "IQ"]  # country only
    path = render.save_map(render.incident_map(incidents, zones), tmp_path / "unc.html")
    opened = open_map(path)
    _show_all(opened)
    gi = "window.geoincidents.map"
    # one circle per incident except the country-level one; the 25 km one is a faint,
    # unfilled outline, the others dashed and lightly filled
    circles = opened.js(f"{gi}.groups.buffers.getLayers().map(l => "
                        "[l.options.opacity, l.options.fill, l.options.dashArray])")
    assert len(circles) == len(incidents) - 1
    faint = [c for c in circles if c[1] is False]
    assert len(faint) == 1 and faint[0][0] < 0.5
    assert all(c[2] == "4 3" for c in circles if c[1] is not False)
    # the country-level incident is drawn hollow and says so; its circle shows on selection
    opened.js(f"{gi}.map.setView([33.25, 44.395], 14, {{animate: false}}) && null")
    marker = opened.js(f"(() => {{ const m = {gi}.groups.reported.getLayers()"
                       ".find(l => l.giIndex === 2), p = " + gi + ".map.latLngToContainerPoint("
                       "m.getLatLng()), r = " + gi + ".map.getContainer().getBoundingClientRect();"
                       " return [m.options.fillColor, p.x + r.left, p.y + r.top]; })()")
    assert marker[0] == "#fff"
    assert opened.js(f"{gi}.groups.selected.getLayers().length") == 0
    opened.page.mouse.click(marker[1], marker[2])
    opened.page.wait_for_selector(".leaflet-popup-content")
    assert "country level" in opened.page.locator(".leaflet-popup-content").inner_text()
    assert opened.js(f"{gi}.groups.selected.getLayers().length") == 1
    _clean(opened)


def test_a_pan_looks_only_at_the_incidents_in_view(open_map, zones, tmp_path):
    incidents = _synthetic(20_000)
    path = render.save_map(render.incident_map(incidents, zones, max_detail=2000),
                           tmp_path / "pan.html")
    opened = open_map(path)
    assert opened.counts()["visited"] == len(incidents)  # the first view holds them all
    opened.js("window.geoincidents.map.map.setView([33.4, 44.5], 13, {animate: false}) && null")
    counts = opened.counts()
    # the grid index hands the re-draw the cells in view, not the whole table
    assert 0 < counts["inView"] <= counts["visited"] < len(incidents) / 10
    _clean(opened)
