"""The vectorised join agrees with a plain per-point, per-zone computation and pyproj."""

from __future__ import annotations

import mmap
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import shapely
from pyproj import CRS, Geod, Transformer

from geoincidents import joincolumns, spatial
from geoincidents.zones import load_zones


@pytest.fixture(scope="module")
def zones():
    return load_zones()


def _points(zones, n=3000, seed=0):
    rng = np.random.default_rng(seed)
    rep = shapely.point_on_surface(zones.geometry.to_numpy())
    k = rng.integers(0, len(rep), n)
    lon = shapely.get_x(rep)[k] + rng.normal(0, 0.05, n)
    lat = shapely.get_y(rep)[k] + rng.normal(0, 0.05, n)
    lon[:300], lat[:300] = rng.uniform(38, 72, 300), rng.uniform(29, 38, 300)
    radius = rng.choice([0.0, 100.0, 2_000.0, 25_000.0, 100_000.0], n)
    return lon, lat, radius


def _reference(zones, lon, lat, radius):
    """Per zone, a pyproj AEQD projection and shapely.distance on every point."""
    inside, possible, dist = set(), set(), np.full((len(lon), len(zones)), np.nan)
    for j, geom in enumerate(zones.geometry):
        c = geom.centroid if geom.contains(geom.centroid) else geom.point_on_surface()
        aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +ellps=WGS84 +units=m")
        t = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
        local = shapely.transform(geom, lambda xy, t=t: np.column_stack(
            t.transform(xy[:, 0], xy[:, 1])))
        x, y = t.transform(lon, lat)
        known = ~(np.isnan(x) | np.isnan(y))  # (a point without coordinates has no distance)
        dist[known, j] = shapely.distance(local, shapely.points(x[known], y[known]))
        ins = shapely.intersects_xy(geom, lon, lat)
        inside |= {(i, j) for i in np.flatnonzero(ins)}
        possible |= {(i, j) for i in np.flatnonzero(~ins & (dist[:, j] <= radius))}
    return inside, possible, dist


def test_pairs_and_nearest_match_a_per_zone_reference(zones):
    lon, lat, radius = _points(zones)
    index = spatial.ZoneIndex(zones)
    pairs = index.pairs(lon, lat, radius)
    got_in = set(zip(pairs.point[pairs.inside].tolist(), pairs.zone[pairs.inside].tolist()))
    got_pos = set(zip(pairs.point[~pairs.inside].tolist(), pairs.zone[~pairs.inside].tolist()))
    inside, possible, dist = _reference(zones, lon, lat, radius)
    # a point within a few cm of a zone edge may fall either side between projections
    edge = {(i, j) for i, j in possible ^ got_pos if dist[i, j] - radius[i] > 0.05
            or radius[i] - dist[i, j] > 0.05}
    assert got_in == inside and not edge
    assert len(inside) > 100 and len(possible) > 1000
    best_j, best_d = index.nearest(lon, lat)
    # ties (a point in nested zones is 0 m from both) may pick either zone
    np.testing.assert_allclose(dist[np.arange(len(lon)), best_j], dist.min(axis=1),
                               rtol=1e-6, atol=1e-3)
    np.testing.assert_allclose(best_d, dist.min(axis=1), rtol=1e-6, atol=1e-3)


def test_zone_distances_are_geodesic_anywhere(zones):
    """Far from the zone and across the antimeridian, within 0.1 % of Geod.inv to the
    nearest vertex bound; inside the zone 0."""
    index = spatial.ZoneIndex(zones)
    j = list(index.ids).index("camp-taji")
    lon = np.array([44.28, 120.0, -179.9, 179.9, 10.0, -70.0])
    lat = np.array([33.53, 60.0, -45.0, 45.0, -80.0, 0.0])
    d = index.distance_m(lon, lat, j)
    xy = shapely.get_coordinates(index.geoms[j])
    geod = Geod(ellps="WGS84")
    to_vertices = np.array([geod.inv(np.full(len(xy), x), np.full(len(xy), y), xy[:, 0],
                                     xy[:, 1])[2].min() for x, y in zip(lon, lat)])
    assert d[0] == 0
    # the edge is never farther than the nearest vertex, and not by more than the zone's size
    assert np.all(d[1:] <= to_vertices[1:] * 1.001)
    assert np.all(d[1:] >= to_vertices[1:] - index.cradius_m[j] * 2)
    centre = geod.inv(np.full(5, index.clon[j]), np.full(5, index.clat[j]), lon[1:], lat[1:])[2]
    np.testing.assert_allclose(d[1:], centre - index.cradius_m[j] / 2,
                               rtol=1e-3)


def test_join_zones_columns_keep_their_meaning(zones):
    lon, lat, radius = _points(zones, n=800, seed=2)
    lon[3] = np.nan
    frame = gpd.GeoDataFrame({"uncertainty_m": radius}, geometry=shapely.points(lon, lat),
                             crs=4326)
    joined = spatial.join_zones(frame, zones)
    _, _, dist = _reference(zones, lon, lat, radius)
    ids = zones["zone_id"].to_numpy()
    area = spatial.ZoneIndex(zones).area_m2
    for i in range(len(lon)):
        if i == 3:
            assert joined.iloc[i].isna().all()
            continue
        ins = [ids[j] for j in np.argsort(area, kind="stable") if dist[i, j] == 0
               and shapely.intersects_xy(zones.geometry.iloc[j], lon[i], lat[i])]
        got_in = joined["zones_in"].iat[i]
        assert ("" if pd.isna(got_in) else got_in) == ";".join(ins)
        assert (None if pd.isna(joined["zone_id"].iat[i]) else joined["zone_id"].iat[i]) == \
            (ins[0] if ins else None)
        pos = sorted((dist[i, j], ids[j]) for j in range(len(ids))
                     if ids[j] not in ins and dist[i, j] <= radius[i])
        got = joined["zones_possible"].iat[i]
        assert set(("" if pd.isna(got) else got).split(";")) - {""} == {z for _, z in pos}
        nearest = list(ids).index(joined["nearest_zone_id"].iat[i])
        assert dist[i, nearest] == pytest.approx(dist[i].min(), abs=1e-3)


def test_empty_and_all_missing_inputs(zones):
    index = spatial.ZoneIndex(zones)
    empty = index.pairs([], [], [])
    assert len(empty.point) == 0
    j, d = index.nearest([np.nan], [np.nan])
    assert j[0] == -1 and np.isnan(d[0])


def _join_reference(zones, frame, *, nearest=True):
    """join_zones written plainly: per point, Python lists sorted and ';'-joined."""
    index = spatial.ZoneIndex(zones)
    lon = shapely.get_x(frame.geometry.to_numpy())
    lat = shapely.get_y(frame.geometry.to_numpy())
    radius = np.nan_to_num(frame["uncertainty_m"].to_numpy(dtype="float64"), nan=0.0)
    pairs = index.pairs(lon, lat, radius, distances=True)
    ins, pos = {}, {}
    for i, j, inside, d in zip(pairs.point.tolist(), pairs.zone.tolist(),
                               pairs.inside.tolist(), pairs.distance_m.tolist()):
        if inside:
            ins.setdefault(i, []).append((int(index.rank[j]), index.ids[j]))
        else:
            pos.setdefault(i, []).append((d, index.ids[j]))
    n = len(frame)
    zone_id, zones_in, zones_possible = ([None] * n for _ in range(3))
    for i, zs in ins.items():
        names = [z for _, z in sorted(zs)]
        zone_id[i], zones_in[i] = names[0], ";".join(names)
    for i, zs in pos.items():
        zones_possible[i] = ";".join(z for _, z in sorted(zs))
    out = {"zone_id": np.array(zone_id, dtype=object),
           "zones_in": np.array(zones_in, dtype=object),
           "zones_possible": np.array(zones_possible, dtype=object)}
    if nearest:
        j, d = index.nearest(lon, lat)
        out["nearest_zone_id"] = np.array([index.ids[k] if k >= 0 else None for k in j],
                                          dtype=object)
        out["nearest_zone_m"] = np.where(j >= 0, d, np.nan)
    return pd.DataFrame(out, index=frame.index)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_join_zones_equals_a_plain_reference(zones, seed):
    # the bundled zones (nested: the embassy in the Green Zone) and a copy of one under
    # another id, so that two zones are exactly as far from a point (ties go by id)
    twin = zones.iloc[[2]].assign(zone_id="aaa-twin")
    both = pd.concat([zones, twin], ignore_index=True)
    lon, lat, radius = _points(both, n=4000, seed=seed)
    radius[::97] = np.nan
    lon[5] = np.nan
    frame = gpd.GeoDataFrame({"uncertainty_m": radius}, geometry=shapely.points(lon, lat),
                             crs=4326, index=pd.RangeIndex(10, 4010))
    got = spatial.join_zones(frame, both)
    expected = _join_reference(both, frame)
    pd.testing.assert_frame_equal(got, expected)
    several = got["zones_possible"].str.count(";") >= 1
    assert several.sum() > 100 and got["zones_in"].str.contains(";").sum() > 10
    original = zones["zone_id"].iloc[2]
    assert got["zones_possible"].str.contains(f"aaa-twin;{original}", regex=False).any()
    pd.testing.assert_frame_equal(spatial.join_zones(frame, both, nearest=False),
                                  _join_reference(both, frame, nearest=False))



@pytest.mark.parametrize("splices", [0, 5, 4096])
def test_zones_in_spliced_or_whole_equals_the_reference(zones, monkeypatch, splices):
    """``zones_in`` made from ``zone_id`` with the nested points spliced in (few), built
    whole (more than `joincolumns.MAX_SPLICES`), or ``zone_id`` itself (no nested point)."""
    monkeypatch.setattr(joincolumns, "MAX_SPLICES", splices)
    lon, lat, radius = _points(zones, n=4000, seed=0)
    frame = gpd.GeoDataFrame({"uncertainty_m": radius}, geometry=shapely.points(lon, lat),
                             crs=4326)
    got = spatial.join_zones(frame, zones, nearest=False)
    pd.testing.assert_frame_equal(got, _join_reference(zones, frame, nearest=False))
    nested = got["zones_in"].str.contains(";").fillna(False).to_numpy()
    assert 5 < nested.sum() < 4096
    plain = frame[~nested]
    got = spatial.join_zones(plain, zones, nearest=False)
    assert got["zones_in"].notna().sum() > 100
    pd.testing.assert_frame_equal(got, _join_reference(zones, plain, nearest=False))

def test_join_zones_without_any_pair_or_row(zones):
    far = gpd.GeoDataFrame({"uncertainty_m": [10.0, np.nan]},
                           geometry=shapely.points([0.0, 1.0], [0.0, 1.0]), crs=4326)
    pd.testing.assert_frame_equal(spatial.join_zones(far, zones), _join_reference(zones, far))
    empty = far.iloc[:0]
    pd.testing.assert_frame_equal(spatial.join_zones(empty, zones),
                                  _join_reference(zones, empty))


@pytest.mark.parametrize("high", [5, 10**6, 2**62])
def test_argsort_ints_is_a_stable_argsort(high):
    """Packed into the sorted values when the keys leave room for the positions, numpy's
    stable argsort otherwise (2**62: no room); empty and one-key arrays too."""
    rng = np.random.default_rng(high % 1000)
    for n in (0, 1, 1000, 70_000):
        key = rng.integers(0, high, n, dtype=np.int64)
        expected = np.argsort(key, kind="stable")
        np.testing.assert_array_equal(spatial._argsort_ints(key), expected)
        # given up by the caller: the same order, the key array reused for it
        np.testing.assert_array_equal(spatial._argsort_ints(key.copy(), own=True), expected)
        np.testing.assert_array_equal(
            spatial._argsort_ints(key.astype(np.int32) if high < 2**31 else key.copy(),
                                  own=True), expected)


def test_validity_bitmap_equals_packed_mask():
    rng = np.random.default_rng(3)
    for n in (1, 7, 8, 9, 100, 12_345):
        for k in (1, n // 3, n):
            where = np.sort(rng.choice(n, max(k, 1), replace=False))
            mask = np.zeros(n, dtype=bool)
            mask[where] = True
            np.testing.assert_array_equal(joincolumns.bitmap(n, where),
                                          np.packbits(mask, bitorder="little"))
            # from a mask in dirty scratch bytes (scatter gives its offsets' bytes)
            scratch = rng.integers(0, 256, n + int(rng.integers(0, 9)), dtype=np.uint8)
            np.testing.assert_array_equal(joincolumns.bitmap(n, where, scratch=scratch),
                                          np.packbits(mask, bitorder="little"))


@pytest.mark.parametrize("seed", [0, 1])
def test_bench_assembly_baseline_returns_the_same_frame(zones, seed):
    """bench/join_baseline.py (pairs + Arrow/pandas assembling the frame, the DataFrame
    API's like-for-like baseline) returns what join_zones returns, or it measures other
    work."""
    bench = Path(__file__).resolve().parents[1] / "bench"
    if not (bench / "join_baseline.py").exists():
        pytest.skip("no bench/ in this checkout")
    sys.path.insert(0, str(bench))
    try:
        import join_baseline
    finally:
        sys.path.remove(str(bench))
    twin = zones.iloc[[2]].assign(zone_id="aaa-twin")
    both = pd.concat([zones, twin], ignore_index=True)
    lon, lat, radius = _points(both, n=4000, seed=seed)
    frame = gpd.GeoDataFrame({"uncertainty_m": radius}, geometry=shapely.points(lon, lat),
                             crs=4326, index=pd.RangeIndex(3, 4003))
    index = spatial.ZoneIndex(both)
    got = join_baseline.assemble_join(index, lon, lat, radius, frame.index)
    expected = spatial.join_zones(frame, index, nearest=False)
    assert expected["zones_possible"].str.contains(";").sum() > 100
    pd.testing.assert_frame_equal(got, expected)
    far = frame.iloc[:2].set_geometry(shapely.points([0.0, 1.0], [0.0, 1.0]))
    pd.testing.assert_frame_equal(
        join_baseline.assemble_join(index, [0.0, 1.0], [0.0, 1.0], [10.0, 10.0], far.index),
        spatial.join_zones(far, index, nearest=False))


def test_scatter_into_a_given_buffer_equals_fresh_pages():
    """`joincolumns.scatter` writes the offsets into a buffer the caller gives up
    (join_zones gives the coordinates' arrays), whatever it held: the same column."""
    labels = pa.array(["a", "bb", "c", "dddd"], pa.large_string()).slice(1)
    rng = np.random.default_rng(5)
    for n in (3, 10, 1000):
        where = np.sort(rng.choice(n, 3, replace=False))
        dirty = rng.normal(size=n + 1 + int(rng.integers(0, 3))).view(np.int64)
        got = joincolumns.scatter(n, where, labels, offsets=dirty)
        assert got.equals(joincolumns.scatter(n, where, labels))
        assert got.to_pylist() == [{w: v for w, v in zip(where.tolist(), ["bb", "c",
                                    "dddd"])}.get(i) for i in range(n)]


def test_scatter_refuses_null_values():
    """Only the rows between are null: a null among the values would come out as "" (its
    offsets span no bytes), so it is refused rather than written as an empty id."""
    with pytest.raises(ValueError, match="1 null value"):
        joincolumns.scatter(4, np.array([0, 2]), pa.array(["a", None]))


def test_join_zones_reuses_only_its_own_coordinate_arrays(zones):
    """The coordinates become the offsets of two string columns: the caller's frame is
    untouched and a second call gives the same frame."""
    lon, lat, radius = _points(zones, n=2000, seed=4)
    points = shapely.points(lon, lat)
    frame = gpd.GeoDataFrame({"uncertainty_m": radius}, geometry=points.copy(), crs=4326)
    bufs = (np.full(len(frame), -1.0), np.full(len(frame), -1.0))
    x, y, r = spatial.coordinates(frame, out=bufs)
    assert x is bufs[0] and y is bufs[1] and not np.shares_memory(x, lon)
    np.testing.assert_array_equal(x, lon)
    np.testing.assert_array_equal(y, lat)
    first = spatial.join_zones(frame, zones)
    second = spatial.join_zones(frame, zones)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first, _join_reference(zones, frame))
    assert shapely.equals(frame.geometry.to_numpy(), points).all()
    np.testing.assert_array_equal(frame["uncertainty_m"].to_numpy(), radius)


def test_zeros_int64_from_the_heap_or_its_own_pages():
    """Small arrays are numpy's (no mapping each: a process may hold only so many); from
    numpy's huge-page size on, pages mapped for them; zeros and writable either way, and
    a column scattered into them reads the same."""
    small = joincolumns.zeros_int64(10)
    big = joincolumns.zeros_int64(joincolumns.HUGE_PAGE_MIN // 8 + 3)
    assert small.base is None  # numpy's own
    if hasattr(mmap, "MAP_ANONYMOUS"):
        assert big.base is not None and not big.flags.owndata  # over its own mapping
    for a in (small, big):
        assert a.dtype == np.int64 and not a.any()
        a[-1] = 7
        assert a[-1] == 7
    n = joincolumns.HUGE_PAGE_MIN // 8 + 5
    where = np.array([0, 1, n // 2, n - 1])
    col = joincolumns.scatter(n, where, pa.array(["a", "bb", "c", "d"], pa.large_string()))
    assert col.null_count == n - 4
    assert [col[int(i)].as_py() for i in where] == ["a", "bb", "c", "d"]
    assert col[2].as_py() is None and col[n - 2].as_py() is None


@pytest.mark.parametrize("high", [5, 10**6, 2**60])
def test_sort_rows_is_a_stable_sort_by_key(high):
    """Rows packed into their keys' low bits when there is room, numpy's stable argsort
    otherwise (2**60: no room): the rows in a stable order of their keys, and the keys."""
    rng = np.random.default_rng(high % 997)
    for n in (0, 1, 1000, 70_000):
        key = rng.integers(0, high, n, dtype=np.int64)
        rows = np.sort(rng.choice(3 * n + 1, n, replace=False)).astype(np.int64)
        order = np.argsort(key, kind="stable")
        got_rows, got_keys = spatial._sort_rows(key.copy(), rows)
        np.testing.assert_array_equal(got_rows, rows[order])
        np.testing.assert_array_equal(got_keys, key[order])


def test_edge_distances_of_few_points_are_the_same_bits(monkeypatch):
    """Few points against every segment at once (`_segment_distance_grid`, what
    `segment_distance` does up to `SEGMENT_BLOCK` points x segments) give the same bits
    as the per-segment loop over blocks of points, zero-length segments included."""
    from geoincidents import zonebounds

    rng = np.random.default_rng(11)
    cases = []
    for trial in range(120):
        n, m = int(rng.integers(1, 120)), int(rng.integers(1, 25))
        seg = rng.normal(0, 1000, (m, 4)) * 10 ** rng.uniform(-3, 3)
        if trial % 4 == 0:
            seg[0, 2:] = seg[0, :2]
        cases.append((rng.normal(0, 3000, n), rng.normal(0, 3000, n), seg))
    grid = [zonebounds.segment_distance(x, y, seg) for x, y, seg in cases]
    for (x, y, seg), got in zip(cases, grid):
        np.testing.assert_array_equal(got, zonebounds._segment_distance_grid(x, y, seg))
    monkeypatch.setattr(zonebounds, "SEGMENT_BLOCK", 7)  # the loop, in blocks of 7 points
    for (x, y, seg), got in zip(cases, grid):
        if len(x) * len(seg) > 7:
            np.testing.assert_array_equal(got, zonebounds.segment_distance(x, y, seg))


def test_pair_distances_equal_the_per_zone_distances(zones):
    """`ZoneIndex.pair_distance_m` (one geodesic call for pairs of any zones) gives each
    pair the bits `distance_m` gives it zone by zone."""
    index = spatial.ZoneIndex(zones)
    lon, lat, _ = _points(zones, n=2000, seed=6)
    rng = np.random.default_rng(6)
    zone = rng.integers(0, len(index), len(lon))
    got = index.pair_distance_m(lon, lat, zone)
    for j in range(len(index)):
        at = zone == j
        np.testing.assert_array_equal(got[at], index.distance_m(lon[at], lat[at], j))
    assert len(index.pair_distance_m(lon[:0], lat[:0], zone[:0])) == 0


def test_joined_groups_equal_arrow_binary_join():
    """Each pair's label, or ';' and its label after its point's first, taken end to end:
    the same strings as Arrow's list-and-join, from labels given as a slice too."""
    labels = pa.array(["x", "Green Zone", "", "b;c", "zz"], pa.large_string()).slice(1)
    rng = np.random.default_rng(8)
    for n in (1, 5, 3000):
        point = np.sort(rng.integers(0, max(n // 2, 1), n))
        zone = rng.integers(0, len(labels), n)
        starts, joined = joincolumns.join_groups(point, zone, labels)
        bounds = np.append(starts, n)
        expected = [";".join(labels.take(pa.array(zone[a:b])).to_pylist())
                    for a, b in zip(bounds[:-1], bounds[1:])]
        np.testing.assert_array_equal(starts, np.flatnonzero(np.diff(point, prepend=-1)))
        assert joined.to_pylist() == expected
    starts, joined = joincolumns.join_groups(np.empty(0, np.int64), np.empty(0, np.int64),
                                             labels)
    assert len(starts) == 0 and len(joined) == 0
