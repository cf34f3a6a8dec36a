"""Pairs in chunks under numpy's huge-page size, cell keys in place, and the small-page
helpers: the same values as numpy's functions and as one chunk, bit for bit."""

from __future__ import annotations

import mmap

import numpy as np
import pytest

from geoincidents import smallpages, zonecells, zoneindex
from geoincidents.zoneindex import ZoneIndex
from tests.test_zoneindex import CASES, _blobs, _points


@pytest.fixture
def tiny_pages(monkeypatch):
    """Huge-page size and blocks made small, so that small arrays take the mapped path."""
    monkeypatch.setattr(smallpages, "HUGE_PAGE_MIN", 256)
    monkeypatch.setattr(smallpages, "BLOCK", 37)


@pytest.mark.parametrize("n", [0, 1, 31, 32, 33, 1000])
def test_small_page_arrays_equal_numpys(tiny_pages, n):
    rng = np.random.default_rng(n)
    for dtype in (np.int64, np.float64, bool, np.uint8):
        z = smallpages.zeros(n, dtype)
        assert z.dtype == dtype and z.shape == (n,) and not z.any()
        if n * np.dtype(dtype).itemsize >= 256 and hasattr(mmap, "MAP_ANONYMOUS"):
            root = z
            while isinstance(root, np.ndarray):
                root = root.base
            root = root.obj if isinstance(root, memoryview) else root
            assert isinstance(root, mmap.mmap)  # its own mapping
        z[:] = 1
        assert z.all() or not n
    values = rng.normal(size=max(n, 1))
    index = rng.integers(0, len(values), n)
    np.testing.assert_array_equal(smallpages.take(values, index), values[index])
    mask = rng.random(n) < 0.3
    for m in (mask, np.zeros(n, bool), np.ones(n, bool)):
        found = smallpages.flatnonzero(m)
        np.testing.assert_array_equal(found, np.flatnonzero(m))
        assert found.dtype == np.intp
    parts = [rng.integers(0, 9, k) for k in (0, 5, n, 3)]
    joined = smallpages.concatenate(parts, np.int64)
    np.testing.assert_array_equal(joined, np.concatenate(parts))
    assert smallpages.concatenate([], bool).dtype == bool


def _keys_by_integers(lon, lat, reach_m, cell):
    """The cell keys as they were computed before (integer arithmetic)."""
    ix = np.floor((lon + 180.0) / cell).astype(np.int64)
    iy = np.floor((lat + 90.0) / cell).astype(np.int64)
    x0, y0 = ix.min(), iy.min()
    nx = int(ix.max() - x0) + 1
    if reach_m is None:
        rclass = np.zeros(len(lon), dtype=np.int64)
    else:
        rclass = np.clip(np.floor(np.log(np.maximum(reach_m, 1.0) / 100.0) / np.log(4.0))
                         + 1, 0, zonecells.RADIUS_CLASSES - 1).astype(np.int64)
    return ((iy - y0) * nx + (ix - x0)) * zonecells.RADIUS_CLASSES + rclass, x0, y0, nx


@pytest.mark.parametrize("cell", [0.05, 0.25, 0.5, 3.0])
def test_cell_keys_in_place_are_the_integer_keys(cell):
    rng = np.random.default_rng(int(cell * 100))
    n = 5_000
    lon = np.concatenate([rng.uniform(-180, 180, n), [-180.0, 179.999, 0.0, 44.5]])
    lat = np.concatenate([rng.uniform(-90, 90, n), [-90.0, 90.0, 0.0, 33.25]])
    # radii on and beside the class limits (100 m x 4^k), zero, below 1 m, huge
    limits = 100.0 * 4.0 ** np.arange(-1, 9)
    reach = np.concatenate([rng.choice(np.concatenate([limits, np.nextafter(limits, 0),
                                                       [0.0, 0.5, 1.0, 1e7]]), n),
                            [0.0, 1e9, 100.0, 399.99]])
    for r in (reach, None):
        key, x0, y0, nx = zonecells.cell_keys(lon, lat, r, cell)
        ref, rx0, ry0, rnx = _keys_by_integers(lon, lat, r, cell)
        assert key.dtype == np.int64 and (x0, y0, nx) == (rx0, ry0, rnx)
        np.testing.assert_array_equal(key, ref)


def _sorted(pairs, centre):
    order = np.lexsort((pairs.zone, pairs.point))
    return [np.asarray(a)[order] for a in (*pairs, centre)]


@pytest.mark.parametrize("case, chunk", [("iraq", 1), ("high-north", 7), ("antimeridian", 7),
                                         ("iraq", 500)])
@pytest.mark.parametrize("raster", [True, False])
def test_pairs_in_small_chunks_are_the_same_bits(monkeypatch, tiny_pages, case, chunk, raster):
    """Chunks of candidates (and zones' batches of several chunks, where a zone's
    candidates are split in many) give the pairs of one chunk: the same points, zones,
    inside flags, distances and centre distances."""
    zones = _blobs(CASES[case], seed=len(case))
    lon, lat, radius = _points(zones, 2_000, seed=chunk,
                               radii=[0.0, 100.0, 2_000.0, 25_000.0, 100_000.0])
    index = ZoneIndex(zones)
    if not raster:
        monkeypatch.setattr(ZoneIndex, "reach_grid", lambda self, reach_m, points=0: None)
    for distances in (False, True):
        whole = _sorted(*index.pairs_centres(lon, lat, radius, distances=distances))
        with monkeypatch.context() as m:
            m.setattr(zoneindex, "PAIRS_CHUNK", chunk)
            chunked = _sorted(*index.pairs_centres(lon, lat, radius, distances=distances))
        assert len(whole[0]) > 100
        for a, b in zip(chunked, whole):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)


def test_country_named_is_public_and_reads_the_aliases():
    """The extractor's one test of "this name is a country" (was mentions._is_country_name,
    imported privately by place_resolve and place_roles)."""
    from geoincidents.extract import mentions, name_matcher, place_resolve, place_roles

    assert name_matcher.country_named("iraq") == "IQ"
    assert name_matcher.country_named("england") == "GB"
    assert name_matcher.country_named("usa") == "US"
    assert name_matcher.country_named("camp nowhere at all") is None
    for module in (mentions, place_resolve, place_roles):
        assert module.country_named is name_matcher.country_named
        assert not hasattr(module, "_is_country_name")


def test_gated_matcher_has_its_own_module():
    from geoincidents import gated_matcher, nlp

    assert nlp.GatedMatcher is gated_matcher.GatedMatcher
