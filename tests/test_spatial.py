"""Geodesic buffers, distances and the zone join, checked against pyproj.Geod."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Polygon

from geoincidents import model, spatial, zonecells

GEOD = Geod(ellps="WGS84")

PLACES = {  # lon, lat
    "equator": (10.0, 0.0),
    "baghdad": (44.3903, 33.3076),
    "kabul": (69.2123, 34.5659),
    "60N": (24.94, 60.17),
    "south": (-70.0, -53.0),
    "antimeridian": (179.99, -16.5),
}


@pytest.mark.parametrize("where", PLACES)
def test_buffer_is_5km_everywhere(where):
    lon, lat = PLACES[where]
    poly = spatial.geodesic_buffer(lon, lat, 5_000.0)[0]
    assert poly.is_valid
    ring = np.asarray(poly.exterior.coords)[:-1]
    # every vertex is 5 km from the centre along the ellipsoid
    _, _, d = GEOD.inv(np.full(len(ring), lon), np.full(len(ring), lat), ring[:, 0], ring[:, 1])
    np.testing.assert_allclose(d, 5_000.0, rtol=1e-6)
    # and the edges stay within 0.5 %: the midpoints of the chords too
    mids = (ring + np.roll(ring, -1, axis=0)) / 2
    _, _, dm = GEOD.inv(np.full(len(mids), lon), np.full(len(mids), lat), mids[:, 0], mids[:, 1])
    assert np.all(np.abs(dm - 5_000.0) / 5_000.0 < 0.005)
    # its geodesic area is that of a 5 km circle to 0.5 %
    area, _ = GEOD.geometry_area_perimeter(poly)
    assert area == pytest.approx(np.pi * 5_000.0**2, rel=0.005)
    assert area > 0, "rings are counter-clockwise"


def test_buffer_missing_and_vectorised():
    polys = spatial.geodesic_buffer([0.0, np.nan, 44.0], [0.0, 1.0, 33.0], [100.0, 100.0, 0.0])
    assert polys[0] is not None and polys[1] is None and polys[2] is None


@pytest.mark.parametrize("pair", [("baghdad", "kabul"), ("equator", "60N"), ("south", "antimeridian"),
                                  ("60N", "kabul")])
def test_distance_agrees_with_geod(pair):
    (lon1, lat1), (lon2, lat2) = PLACES[pair[0]], PLACES[pair[1]]
    _, _, expected = GEOD.inv(lon1, lat1, lon2, lat2)
    assert float(spatial.distance_m(lon1, lat1, lon2, lat2)) == pytest.approx(expected, rel=1e-3)


def test_reference_distances():
    taji_to_gz = float(spatial.distance_m(44.2775, 33.5294, 44.3903, 33.3076))
    assert taji_to_gz / 1000 == pytest.approx(26.8, abs=0.5)
    embassy_to_gz = float(spatial.distance_m(44.3961, 33.2989, 44.3903, 33.3076))
    assert embassy_to_gz / 1000 == pytest.approx(1.1, abs=0.1)


def test_distance_nan_passes_through():
    assert np.isnan(spatial.distance_m(np.nan, 0, 1, 1))


def _square(lon, lat, half_deg):
    return Polygon([(lon - half_deg, lat - half_deg), (lon + half_deg, lat - half_deg),
                    (lon + half_deg, lat + half_deg), (lon - half_deg, lat + half_deg)])


def _zones(*polys_ids):
    polys, ids = zip(*polys_ids)
    return gpd.GeoDataFrame({"zone_id": list(ids)}, geometry=list(polys), crs="EPSG:4326")


def _incidents(points, radii):
    frame = model.conform(gpd.GeoDataFrame({"uncertainty_m": radii}),
                          geometry=shapely.points(np.asarray(points)))
    return frame


@pytest.mark.parametrize("lon,lat", [PLACES["equator"], PLACES["baghdad"], PLACES["60N"],
                                     PLACES["kabul"]])
def test_possibly_in_is_a_geodesic_distance(lon, lat):
    zone = _square(lon, lat, 0.01)
    # a point due east of the zone's edge at a known geodesic distance
    edge_lon = lon + 0.01
    far_lon, far_lat, _ = GEOD.fwd(edge_lon, lat, 90.0, 3_000.0)
    join = spatial.join_zones(_incidents([(far_lon, far_lat)] * 2, [2_950.0, 3_100.0]),
                              _zones((zone, "z")))
    assert join["zone_id"].isna().all()
    assert list(join["zones_possible"].fillna("")) == ["", "z"]
    assert join["nearest_zone_m"].iloc[0] == pytest.approx(3_000.0, rel=1e-3)


def test_nested_zones_smallest_first_and_nearest():
    outer = _square(44.39, 33.30, 0.02)
    inner = _square(44.39, 33.30, 0.003)
    other = _square(45.0, 33.0, 0.01)
    zones = _zones((outer, "outer"), (inner, "inner"), (other, "other"))
    pts = [(44.39, 33.30), (44.405, 33.30), (44.0, 30.0), (np.nan, np.nan)]
    incidents = _incidents(pts, [10.0, 10.0, 10.0, 10.0])
    join = spatial.join_zones(incidents, zones)
    assert join["zone_id"].fillna("-").tolist()[:3] == ["inner", "outer", "-"]
    assert join["zones_in"].iloc[0] == "inner;outer"
    assert join["nearest_zone_id"].iloc[2] in {"outer", "other"}
    # the nearest is really the nearest: check against every zone by brute force
    index = spatial.ZoneIndex(zones)
    brute = [index.distance_m(np.array([44.0]), np.array([30.0]), j)[0] for j in range(3)]
    assert join["nearest_zone_m"].iloc[2] == pytest.approx(min(brute))
    assert join["zone_id"].isna().iloc[3] and np.isnan(join["nearest_zone_m"].iloc[3])


def test_join_reprojects_other_crs():
    zones = _zones((_square(44.39, 33.30, 0.02), "z")).to_crs("EPSG:3857")
    incidents = _incidents([(44.39, 33.30)], [0.0])
    assert spatial.join_zones(incidents, zones)["zone_id"].iloc[0] == "z"


def test_buffers_of_frame_have_the_radius():
    incidents = _incidents([(69.2650, 34.9461)], [3_500.0])
    poly = spatial.buffers(incidents).iloc[0]
    x, y = poly.exterior.coords[0]
    assert float(spatial.distance_m(69.2650, 34.9461, x, y)) == pytest.approx(3_500.0, rel=1e-6)


@pytest.mark.parametrize("cell", [0.05, 0.25, 1.0, 3.0])
def test_grid_cell_size_changes_time_not_answers(monkeypatch, zones, cell):
    rng = np.random.default_rng(3)
    lon = rng.uniform(42.0, 46.0, 4_000)
    lat = rng.uniform(32.0, 35.5, 4_000)
    radius = rng.choice([0.0, 100.0, 2_000.0, 25_000.0], 4_000)
    index = spatial.ZoneIndex(zones)
    reference = index.pairs(lon, lat, radius, distances=True)
    near_j, near_d = index.nearest(lon, lat)
    monkeypatch.setitem(zonecells.CELL_DEG, "pairs", cell)
    monkeypatch.setitem(zonecells.CELL_DEG, "nearest", cell)
    pairs = index.pairs(lon, lat, radius, distances=True)
    key = lambda p: sorted(zip(p.point.tolist(), p.zone.tolist(), p.inside.tolist()))  # noqa: E731
    assert key(pairs) == key(reference) and len(reference.point) > 100
    j, d = index.nearest(lon, lat)
    np.testing.assert_array_equal(j, near_j)
    np.testing.assert_allclose(d, near_d)
