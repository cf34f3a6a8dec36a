"""How a map reads at real screen sizes: labels that never overlap, a legend that never
scrolls at 1280x800 and folds away in a notebook cell, ISO dates, a time slider that plays
the incidents by day, and clusters that say which event types they hold."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from geoincidents import model, render

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]

#: Pairs of label boxes (as drawn, in the DOM) that overlap by more than a pixel's rounding.
OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('.gi-label:not(.gi-label-probe) span')]
    .map(s => s.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
  let n = 0;
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
    const p = boxes[a], q = boxes[b];
    if (Math.min(p.right, q.right) - Math.max(p.left, q.left) > 0.5 &&
        Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 0.5) n++;
  }
  return [n, boxes.length];
}"""


def _cli_map(tmp_path, name, *inputs):
    out = tmp_path / f"{name}.html"
    result = subprocess.run([sys.executable, "-m", "geoincidents", "-q", "map", *map(str, inputs),
                             "-o", str(out)], capture_output=True, text=True, timeout=300,
                            cwd=ROOT, check=False)
    assert result.returncode in (0, 3), result.stderr
    return out


@pytest.fixture(scope="module")
def seeds_map(seeds_dir, tmp_path_factory):
    return _cli_map(tmp_path_factory.mktemp("seeds"), "seeds", *sorted(seeds_dir.glob("*.txt")))


@pytest.fixture(scope="module")
def sample_map(tmp_path_factory):
    return _cli_map(tmp_path_factory.mktemp("sample"), "sample")


def _zoom_by(opened, delta):
    opened.js(f"(() => {{ const m = window.geoincidents.map.map; "
              f"m.setZoom(m.getZoom() + ({delta}), {{animate: false}}); }})()")
    opened.page.wait_for_timeout(100)


@pytest.mark.parametrize("which", ["seeds_map", "sample_map"])
def test_no_label_overlaps_in_the_first_view_and_two_other_zooms(which, request, open_map):
    opened = open_map(request.getfixturevalue(which), width=1280, height=800)
    for delta in (0, 2, -3):  # the first view, closer in, then further out than it
        _zoom_by(opened, delta)
        overlaps, shown = opened.js(OVERLAPS)
        assert shown > 0, f"no labels at zoom step {delta}"
        assert overlaps == 0, f"{overlaps} overlapping label boxes at zoom step {delta}"
    assert opened.console_errors == []


def test_zones_and_incident_places_are_labelled_first(seeds_map, open_map):
    opened = open_map(seeds_map, width=1280, height=800)
    opened.js("window.geoincidents.map.map.setView([33.31, 44.39], 12, {animate: false}) && null")
    placed = opened.js("window.geoincidents.labels()")
    classes = [p["cls"] for p in placed]
    texts = [p["text"] for p in placed]
    assert "gi-zone-label" in classes and "gi-place-label" in classes
    first_other = next((k for k, c in enumerate(classes)
                        if c not in ("gi-zone-label", "gi-place-label")), len(classes))
    assert all(c in ("gi-zone-label", "gi-place-label") for c in classes[:first_other])
    assert any("Green Zone" in t for t in texts)
    # fewer labels far out than close in
    opened.js("window.geoincidents.map.map.setView([33.31, 44.39], 3, {animate: false}) && null")
    assert len(opened.js("window.geoincidents.labels()")) <= 30


def _legend_box(opened):
    return opened.js("""(() => {
      const box = document.querySelector('.gi-legend'), body = box.querySelector('.gi-box-body');
      const r = box.getBoundingClientRect(), c = document.querySelector('.leaflet-control-layers')
        .getBoundingClientRect();
      return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width,
              scroll: body.scrollHeight - body.clientHeight,
              folded: box.classList.contains('gi-folded'),
              ctl: {top: c.top, bottom: c.bottom, left: c.left, right: c.right}};
    })()""")


def _meets(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and \
        b["top"] < a["bottom"]


@pytest.mark.parametrize("which", ["seeds_map", "sample_map"])
def test_legend_never_scrolls_at_1280x800(which, request, open_map):
    opened = open_map(request.getfixturevalue(which), width=1280, height=800)
    box = _legend_box(opened)
    assert not box["folded"] and box["scroll"] <= 0
    assert box["top"] >= 0 and box["bottom"] <= 800
    assert not _meets(box, box["ctl"])
    assert box["width"] <= 330  # compact: about a quarter of the width at most


def test_small_frame_folds_the_legend_and_the_layer_control(seeds_map, open_map):
    opened = open_map(seeds_map, width=900, height=540)  # a notebook cell
    page = opened.page
    box = _legend_box(opened)
    assert box["folded"] and not _meets(box, box["ctl"])
    assert page.locator(".leaflet-control-layers").get_attribute("class").count(
        "leaflet-control-layers-expanded") == 0
    # unfolded, the legend still leaves the layer control alone
    page.locator(".gi-legend .gi-box-head").click()
    box = _legend_box(opened)
    assert not box["folded"] and not _meets(box, box["ctl"])
    page.locator(".gi-legend .gi-box-head").click()
    assert _legend_box(opened)["folded"]


def test_dates_are_iso_everywhere(open_map, small_incidents, zones, tmp_path):
    path = render.save_map(render.incident_map(small_incidents, zones), tmp_path / "m.html")
    opened = open_map(path)
    page = opened.page
    assert page.locator(".gi-date-from").input_value() == "2019-12-29"
    assert page.locator(".gi-date-to").input_value() == "2020-12-20"
    text = page.locator("body").inner_text()
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", text)
    # a mistyped date is marked and changes nothing
    page.locator(".gi-date-from").fill("12/29/2019")
    assert "gi-bad" in page.locator(".gi-date-from").get_attribute("class")
    page.locator(".gi-date-from").fill("2020-01-01")
    assert "gi-bad" not in page.locator(".gi-date-from").get_attribute("class")
    assert opened.console_errors == []


def test_play_steps_through_the_days(open_map, small_incidents, zones, tmp_path):
    path = render.save_map(render.incident_map(small_incidents, zones, view=(43.0, 33.8, 7)),
                           tmp_path / "m.html")
    opened = open_map(path)
    page = opened.page
    page.locator(".gi-play").click()
    page.wait_for_timeout(150)
    early = opened.counts()["shown"]
    assert opened.js("window.geoincidents.playing()")
    page.wait_for_function("!window.geoincidents.playing()", timeout=30_000)
    assert early < opened.counts()["shown"] == len(small_incidents)
    assert page.locator(".gi-date-to").input_value() == "2020-12-20"
    # a window of one day shows only that day's incidents
    page.locator(".gi-window").select_option("1")
    page.locator(".gi-slider").fill(str((np.datetime64("2020-03-11") -
                                         np.datetime64("1970-01-01")).astype(int)))
    assert opened.counts()["shown"] == 1
    assert opened.console_errors == []


def _mixed(n, seed=1):
    rng = np.random.default_rng(seed)
    types = np.array(["rocket_attack", "ied", "protest"])
    frame = pd.DataFrame({
        "event_type": types[rng.integers(0, 3, n)],
        "date": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 30, n), "D"),
        "uncertainty_m": 500.0, "launch_lon": np.nan, "launch_lat": np.nan,
        "launch_uncertainty_m": np.nan, "background": False})
    return model.conform(frame, geometry=shapely.points(44 + rng.random(n) * 3,
                                                        32 + rng.random(n) * 3))


def test_clusters_show_their_event_type_mix(open_map, zones, tmp_path):
    incidents = _mixed(3000)
    path = render.save_map(render.incident_map(incidents, zones, max_detail=500,
                                               view=(45.5, 33.5, 5)), tmp_path / "m.html")
    opened = open_map(path)
    clusters = opened.js("window.geoincidents.clusters()")
    assert clusters and sum(c["n"] for c in clusters) == opened.counts()["aggregated"] > 0
    for c in clusters:
        assert sum(c["mix"].values()) == c["n"]
        assert set(c["mix"]) <= {"rocket_attack", "ied", "protest"}
    big = max(clusters, key=lambda c: c["n"])
    assert "rocket attack" in big["title"] and "ied" in big["title"]
    # each cluster icon is a pie: one slice per type it holds, its count in the middle
    icon = opened.page.locator(".gi-cell-icon").first
    slices = icon.locator("path, circle[data-type]").count()
    assert slices >= 2
    assert icon.locator("text").text_content() != ""
    assert opened.console_errors == []
