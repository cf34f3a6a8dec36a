"""The zone index's pruning changes the time, never the answer: with and without the reach
raster, at any latitude, for any radius, for points far outside and without coordinates."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geoincidents import zonebounds
from geoincidents.zoneindex import GEOD, ZoneIndex


def _blobs(centres, seed=0):
    """Irregular polygons 1-6 km across around the given (lon, lat) centres."""
    rng = np.random.default_rng(seed)
    polys = []
    for lon0, lat0 in centres:
        nv = int(rng.integers(6, 20))
        az = np.sort(rng.uniform(0, 360, nv))[::-1]
        r = rng.uniform(500, 3_000) * rng.uniform(0.6, 1.0, nv)
        lon, lat, _ = GEOD.fwd(np.full(nv, lon0), np.full(nv, lat0), az, r)
        polys.append(shapely.Polygon(np.column_stack([lon, lat])))
    return gpd.GeoDataFrame({"zone_id": [f"z{k}" for k in range(len(polys))]},
                            geometry=polys, crs=4326)


def _points(zones, n, seed, radii):
    rng = np.random.default_rng(seed)
    rep = shapely.point_on_surface(zones.geometry.to_numpy())
    k = rng.integers(0, len(rep), n)
    lon = shapely.get_x(rep)[k] + rng.normal(0, 0.05, n)
    lat = shapely.get_y(rep)[k] + rng.normal(0, 0.05, n)
    far = rng.random(n) < 0.2
    lon[far] = rng.uniform(-179, 179, far.sum())
    lat[far] = rng.uniform(-85, 85, far.sum())
    lon[:5], lat[5:8] = np.nan, np.nan
    radius = rng.choice(radii, n)
    radius[8:12] = np.nan
    return lon, lat, radius


def _key(p):
    return sorted(zip(p.point.tolist(), p.zone.tolist(), p.inside.tolist()))


CASES = {
    "iraq": [(44.39, 33.30), (44.40, 33.31), (44.28, 33.53), (69.26, 34.95), (60.0, 30.0)],
    "high-north": [(24.94, 60.17), (25.3, 60.4), (-21.9, 64.1), (15.6, 78.2)],
    "equator-south": [(10.0, 0.0), (10.05, -0.03), (-70.0, -53.0), (151.2, -33.9)],
    "antimeridian": [(179.97, -16.5), (-179.98, -16.6), (178.4, -18.1)],
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("radii", [[0.0], [0.0, 100.0, 2_000.0],
                                   [0.0, 100.0, 2_000.0, 25_000.0, 100_000.0], [350_000.0]])
def test_reach_raster_changes_time_not_answers(monkeypatch, case, radii):
    zones = _blobs(CASES[case], seed=len(case))
    lon, lat, radius = _points(zones, 6_000, seed=len(radii), radii=radii)
    index = ZoneIndex(zones)
    with_grid = index.pairs(lon, lat, radius, distances=True)
    monkeypatch.setattr(ZoneIndex, "reach_grid", lambda self, reach_m, points=0: None)
    without = ZoneIndex(zones).pairs(lon, lat, radius, distances=True)
    assert _key(with_grid) == _key(without)
    assert with_grid.inside.sum() > 50
    if max(radii) > 0:
        assert (~with_grid.inside).sum() > 50


def test_reach_raster_prunes_and_bounds_hold():
    zones = _blobs(CASES["iraq"])
    index = ZoneIndex(zones)
    grid = index.reach_grid(25_000.0)
    assert grid is not None
    rng = np.random.default_rng(5)
    lon, lat = rng.uniform(38, 72, 20_000), rng.uniform(29, 38, 20_000)
    radius = np.full(20_000, 25_000.0)
    kept = np.zeros(20_000, bool)
    kept[grid.candidates(lon, lat, radius)] = True
    assert kept.sum() < 4_000  # most points are far from every zone
    # no dropped point is within its radius of a zone (brute force over every zone)
    dropped = np.flatnonzero(~kept)
    nearest = np.min([index.distance_m(lon[dropped], lat[dropped], j)
                      for j in range(len(index))], axis=0)
    assert np.all(nearest > 25_000.0)
    # the raster is kept for the next chunk of the same reach, remade for another
    assert index.reach_grid(25_000.0) is grid and index.reach_grid(25_000.0, 10) is grid
    assert index.reach_grid(1_000.0) is not grid


def test_no_raster_where_it_cannot_fit():
    index = ZoneIndex(_blobs(CASES["antimeridian"]))
    assert index.reach_grid(50_000.0) is None  # a reach across the antimeridian
    polar = ZoneIndex(_blobs([(0.0, 89.5)]))
    assert polar.reach_grid(100_000.0) is None  # a reach over the pole
    assert ZoneIndex(_blobs(CASES["iraq"])).reach_grid(np.inf) is None


def test_a_point_without_radius_is_only_in_the_zones_that_hold_it():
    zones = _blobs([(44.39, 33.30)])
    index = ZoneIndex(zones)
    xy = shapely.get_coordinates(zones.geometry.iloc[0].exterior)
    # the vertex farthest from the centre, and a point 100 m beyond it, outward
    _, _, d = GEOD.inv(np.full(len(xy), index.clon[0]), np.full(len(xy), index.clat[0]),
                       xy[:, 0], xy[:, 1])
    edge = xy[np.argmax(d)]
    az, _, _ = GEOD.inv(index.clon[0], index.clat[0], edge[0], edge[1])
    out_lon, out_lat, _ = GEOD.fwd(edge[0], edge[1], az, 100.0)
    lon = np.array([index.clon[0], edge[0], out_lon])
    lat = np.array([index.clat[0], edge[1], out_lat])
    pairs = index.pairs(lon, lat, [0.0, 0.0, 0.0])
    # the centre and a vertex (the edge counts as in); the point 100 m off is in nothing
    assert sorted(pairs.point.tolist()) == [0, 1] and pairs.inside.all()
    assert sorted(index.pairs(lon, lat, [0.0, 0.0, 200.0]).point.tolist()) == [0, 1, 2]


def test_grid_cell_sizes_are_settings_not_answers(monkeypatch):
    zones = _blobs(CASES["iraq"])
    lon, lat, radius = _points(zones, 3_000, seed=9, radii=[0.0, 2_000.0, 100_000.0])
    reference = _key(ZoneIndex(zones).pairs(lon, lat, radius))
    monkeypatch.setattr(zonebounds, "GRID_CELLS", (1 << 6, 1 << 10))
    monkeypatch.setattr(zonebounds, "GRID_BLOCK", 100)
    assert _key(ZoneIndex(zones).pairs(lon, lat, radius)) == reference



def test_pairs_centres_are_each_pairs_centre_distance():
    """`pairs_centres` gives `pairs` and, for every "possibly in" pair, its point's
    great-circle distance to the zone's centre (what `pair_bounds_m` starts from)."""
    zones = _blobs(CASES["iraq"])
    lon, lat, radius = _points(zones, 3_000, seed=4, radii=[0.0, 2_000.0, 100_000.0])
    index = ZoneIndex(zones)
    pairs, centre = index.pairs_centres(lon, lat, radius)
    assert _key(pairs) == _key(ZoneIndex(zones).pairs(lon, lat, radius))
    out = np.flatnonzero(~pairs.inside)
    assert len(out) > 50
    for j in np.unique(pairs.zone[out]):
        k = out[pairs.zone[out] == j]
        np.testing.assert_allclose(
            centre[k], index.centre_distance_m(lon[pairs.point[k]], lat[pairs.point[k]], j),
            rtol=1e-12)

# not "antimeridian": `_blobs` there wraps vertices across 180 without splitting the
# polygon (zones.py splits real ones), so its polygons span the globe
@pytest.mark.parametrize("case", ["iraq", "high-north", "equator-south"])
def test_pair_bounds_hold_and_face_the_point(case):
    """`pair_bounds_m` brackets the exact distance at every range and azimuth (points
    10 m to 3,000 km from each zone's centre, inside and out); far out, the directional
    bounds are tighter than the bounding circle's."""
    zones = _blobs(CASES[case], seed=3)
    index = ZoneIndex(zones)
    rng = np.random.default_rng(11)
    m = 4_000
    for j in range(len(index)):
        az = rng.uniform(-180, 180, m)
        dist = np.exp(rng.uniform(np.log(10.0), np.log(3e6), m))
        lon, lat, _ = GEOD.fwd(np.full(m, index.clon[j]), np.full(m, index.clat[j]), az, dist)
        lon = (np.asarray(lon) + 180.0) % 360.0 - 180.0
        exact = index.distance_m(lon, lat, j)
        lower, upper = index.pair_bounds_m(lon, lat, np.full(m, j))
        assert np.all(lower <= exact) and np.all(exact <= upper)
        # from the centre distances `pairs` keeps (only the azimuths computed here)
        centre = index.centre_distance_m(lon, lat, j)
        lower_c, upper_c = index.pair_bounds_m(lon, lat, np.full(m, j), centre)
        assert np.all(lower_c <= exact) and np.all(exact <= upper_c)
        np.testing.assert_allclose(lower_c, lower, rtol=1e-9, atol=1e-6)
        np.testing.assert_allclose(upper_c, upper, rtol=1e-9, atol=1e-6)
        far = (dist > 20_000) & (dist < 1e6)
        radial = dist[far] * (1 + zonebounds.SPHERE_MARGIN) \
            - (dist[far] * (1 - zonebounds.SPHERE_MARGIN) - index.cradius_m[j])
        assert np.median((upper - lower)[far]) < 0.9 * np.median(radial)
