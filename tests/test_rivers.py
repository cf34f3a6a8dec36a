"""The city-scale rivers bundled for offline maps (World Data Bank II via GSHHG)."""

from __future__ import annotations

import hashlib
import zipfile

import numpy as np
import pytest
from pyproj import Geod

from geoincidents import rivers, settings
from geoincidents.errors import DataError

GEOD = Geod(ellps="WGS84")
GREEN_ZONE = (44.3903, 33.3076)  # lon, lat (DESIGN.md reference table)
BAGHDAD_BOX = (44.2, 33.2, 44.6, 33.5)


def decode(sent: dict) -> list[np.ndarray]:
    """The lines of a `river_lines` answer as arrays of lon, lat."""
    steps = np.asarray(sent["xy"], dtype="int64").reshape(-1, 2)
    out, at = [], 0
    for n in sent["n"]:
        out.append(np.cumsum(steps[at:at + n], axis=0) / sent["scale"])
        at += n
    assert at == len(steps)
    return out


def nearest_m(lines, lon, lat) -> float:
    pts = np.vstack(lines)
    _, _, dist = GEOD.inv(np.full(len(pts), lon), np.full(len(pts), lat), pts[:, 0], pts[:, 1])
    return float(dist.min())


def test_the_tigris_runs_past_the_green_zone():
    sent = rivers.river_lines(BAGHDAD_BOX)
    lines = decode(sent)
    # the Tigris forms the Green Zone's east edge (~1.5 km from its centre); 1:50m rivers
    # are quantised to ~3 km and put it anywhere within that
    assert nearest_m(lines, *GREEN_ZONE) < 2_000
    # and it runs through the whole city, north to south
    pts = np.vstack(lines)
    in_city = pts[(pts[:, 0] > 44.3) & (pts[:, 0] < 44.5)]
    assert in_city[:, 1].min() < 33.25 and in_city[:, 1].max() > 33.45
    # the lines keep the bends: dozens of points inside the city (the 1:50m rivers have 2)
    centre = (pts[:, 0] > 44.3) & (pts[:, 0] < 44.5) & (pts[:, 1] > 33.25) & (pts[:, 1] < 33.45)
    assert centre.sum() >= 25

def test_only_rivers_near_the_box_are_sent():
    sent = rivers.river_lines(BAGHDAD_BOX, margin_deg=0.5)
    for xy in decode(sent):
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        assert hi[0] >= 43.7 and lo[0] <= 45.1 and hi[1] >= 32.7 and lo[1] <= 34.0
    assert rivers.river_lines(None) is None
    assert rivers.river_lines([np.nan, 0, 1, 1]) is None
    assert rivers.river_lines((-30.0, -50.0, -29.0, -49.0), margin_deg=0.1) is None  # open sea


def test_a_page_carries_at_most_max_points_nearest_the_view_first():
    world = (-180.0, -85.0, 180.0, 85.0)
    capped = rivers.river_lines(world, BAGHDAD_BOX, max_points=2_000)
    assert 0 < sum(capped["n"]) <= 2_000
    lines = decode(capped)
    assert nearest_m(lines, *GREEN_ZONE) < 2_000  # the view's rivers came first
    far = [xy for xy in lines if np.abs(xy[:, 0] - 44.4).min() > 20]
    assert not far
    assert sum(rivers.river_lines(world)["n"]) <= rivers.MAX_RIVER_POINTS


def test_bad_river_files_are_named(tmp_path, monkeypatch):
    bad = tmp_path / "rivers.npz"
    bad.write_bytes(b"not an npz archive")
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    rivers._load.cache_clear()
    with pytest.raises(DataError, match=r"rivers.npz could not be read"):
        rivers.river_lines(BAGHDAD_BOX)
    np.savez(bad, counts=np.array([2], "int32"), xy=np.zeros((3, 2), "int32"),
             box=np.zeros((1, 4), "int32"))
    rivers._load.cache_clear()
    with pytest.raises(DataError, match=r"1 lines, 3 points and 1 boxes do not match"):
        rivers.river_lines(BAGHDAD_BOX)
    bad.unlink()
    assert rivers.river_lines(BAGHDAD_BOX) is None  # no file: no layer
    rivers._load.cache_clear()


def _fake_wheel(path, meta: str, blob: bytes):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(rivers._META, meta)
        zf.writestr(rivers._LINES, blob)
    return path


def test_build_checks_the_pinned_wheel(tmp_path, monkeypatch):
    blob = np.array([44.0, 33.0, 44.01, 33.02, 44.05, 33.03, 45.0, 34.0, 45.5, 34.0],
                    dtype="<f4").tobytes()
    meta = "-1 -1 3  33.0 33.03 0 24 0\n-1 -1 2  34.0 34.0 24 16 1\n"
    wheel = _fake_wheel(tmp_path / rivers.WHEEL, meta, blob)
    with pytest.raises(DataError, match=r"sha256 [0-9a-f]{64}, expected " + rivers.WHEEL_SHA256):
        rivers.build_rivers(wheel, tmp_path / "out.npz")
    monkeypatch.setattr(rivers, "WHEEL_SHA256", hashlib.sha256(wheel.read_bytes()).hexdigest())
    out = rivers.build_rivers(wheel, tmp_path / "out.npz")
    with np.load(out) as npz:
        assert npz["counts"].tolist() == [3, 2]
        assert npz["xy"][:3].tolist() == [[440000, 330000], [100, 200], [400, 100]]
        assert npz["box"].tolist() == [[440000, 330000, 440500, 330300],
                                       [450000, 340000, 455000, 340000]]
    # a row that does not fit the line file is named, and nothing is written
    bad = _fake_wheel(tmp_path / "bad.whl", "-1 -1 9  33.0 33.03 0 72 0\n", blob)
    monkeypatch.setattr(rivers, "WHEEL_SHA256", hashlib.sha256(bad.read_bytes()).hexdigest())
    with pytest.raises(DataError, match=r"row 1: 9 points at byte 0 do not fit"):
        rivers.build_rivers(bad, tmp_path / "bad.npz")
    assert not (tmp_path / "bad.npz").exists()
