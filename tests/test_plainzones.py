"""The zone report's fast path (`geoincidents.plainzones`) gives what the general reader
gives: the same report, placed count, rejects and warnings (same file, same order), for
plain CSV and GeoParquet tables with every kind of odd row, whatever the chunk size."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely

from geoincidents import plainzones, scale, settings
from geoincidents.gazetteer import Gazetteer
from geoincidents.zones import load_zones


@pytest.fixture(scope="module")
def zones():
    return load_zones()


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load()


def _run(paths, zones, gazetteer, tmp_path, name, chunksize, *, fast: bool,
         monkeypatch, background=True):
    used = []
    real = plainzones.fold_plain

    def spy(*args, **kwargs):
        out = real(*args, **kwargs) if fast else None
        used.append(out is not None)
        return out

    monkeypatch.setattr(plainzones, "fold_plain", spy)
    rejects = tmp_path / f"{name}.rejects.csv"
    with scale.ProblemSink(rejects, overwrite=True) as sink:
        result = scale.stream_zone_report(paths, zones, gazetteer=gazetteer,
                                          chunksize=chunksize, background=background,
                                          problems=sink)
    monkeypatch.setattr(plainzones, "fold_plain", real)
    return result, rejects.read_text(encoding="utf-8"), used


def assert_same(paths, zones, gazetteer, tmp_path, monkeypatch, chunksize, *,
                expect_fast=True, background=True):
    fast, fast_rejects, used = _run(paths, zones, gazetteer, tmp_path, "fast", chunksize,
                                    fast=True, monkeypatch=monkeypatch, background=background)
    slow, slow_rejects, _ = _run(paths, zones, gazetteer, tmp_path, "slow", chunksize,
                                 fast=False, monkeypatch=monkeypatch, background=background)
    assert all(used) == expect_fast
    pd.testing.assert_frame_equal(fast.report, slow.report)
    assert (fast.placed, fast.rejects, fast.warnings) == (slow.placed, slow.rejects,
                                                          slow.warnings)
    assert fast_rejects == slow_rejects
    return fast, fast_rejects


def odd_table(zones, n=600, seed=0) -> pd.DataFrame:
    """Rows near the zones, a fifth of them odd in one of many ways (as text cells)."""
    rng = np.random.default_rng(seed)
    rep = shapely.point_on_surface(zones.geometry.to_numpy())
    k = rng.integers(0, len(rep), n)
    t = pd.DataFrame({
        "incident_id": [f"r{i}" for i in range(n)],
        "lon": np.round(shapely.get_x(rep)[k] + rng.normal(0, 0.03, n), 5).astype(str),
        "lat": np.round(shapely.get_y(rep)[k] + rng.normal(0, 0.03, n), 5).astype(str),
        "place": "",
        "date": (np.datetime64("2020-01-01") + rng.integers(0, 900, n)).astype(
            "datetime64[D]").astype(str),
        "uncertainty_m": rng.choice(["100", "2000", "25000", ""], n),
        "geo_precision": rng.choice(["", "1", "2"], n),
        "n_fired": rng.integers(0, 6, n).astype(str),
        "n_landed": rng.integers(0, 4, n).astype(str),
        "killed": rng.integers(0, 3, n).astype(str),
        "injured": rng.integers(0, 3, n).astype(str),
        "event_type": rng.choice(["rocket_attack", "thwarted", "ied"], n),
        "target_place_id": rng.choice(["iq-camp-taji", "iq-green-zone", "", ""], n),
        "background": rng.choice(["", "false", "true"], n),
        "notes": "x",
    })
    odd = [
        ("lon", "44.3x"), ("lat", "133.2"), ("lat", ""), ("lon", " 44.39 "),
        ("lon", "inf"), ("lat", "1e1"), ("place", "Baghdad"), ("place", "Nowhereville"),
        ("incident_id", "r5"), ("incident_id", ""), ("incident_id", " r7 "),
        ("n_fired", "-1"), ("n_fired", "2.5"), ("killed", "many"), ("injured", ""),
        ("uncertainty_m", "-5"), ("uncertainty_m", "x"), ("geo_precision", "4"),
        ("date", "20 December 2020"), ("date", "now"), ("date", "2020-02-30"),
        ("date", "0000-02-29"), ("date", "2021-02-29"), ("date", ""), ("date", "2020-1-2"),
        ("date", "2020-01-02T10:00Z"), ("background", "maybe"), ("background", "YES"),
        ("target_place_id", " iq-camp-taji "), ("event_type", " thwarted"),
    ]
    rows = rng.choice(n, len(odd) * 4, replace=False)
    for r, (col, value) in zip(rows, odd * 4):
        t.loc[r, col] = value
    # the place with coordinates: checked against its country (the swapped check)
    t.loc[rows[0], ["lon", "lat", "place"]] = ["33.3", "44.4", "Baghdad"]
    t.loc[rows[1], ["lon", "lat"]] = ["", ""]  # no coordinates and no place
    t.loc[rows[2], ["lon", "lat", "place"]] = ["", "", "Nowhereville"]  # not found
    t.loc[rows[3], ["lon", "lat", "place"]] = ["", "", "Camp Taji"]  # geocoded
    return t


def write_csv_text(table: pd.DataFrame, path, extra: str = "") -> None:
    text = table.to_csv(index=False, lineterminator="\n")
    lines = text.split("\n")
    # a row of another width, an empty row and a blank one, in the middle
    lines[40:40] = ["a,b", ",,,,,,,,,,,,,,", "   "]
    path.write_text("\n".join(lines) + extra, encoding="utf-8")


@pytest.mark.parametrize("chunksize", [7, 100, 1_000_000])
def test_csv_with_odd_rows_same_as_general(zones, gazetteer, tmp_path, monkeypatch,
                                           chunksize):
    path = tmp_path / "odd.csv"
    write_csv_text(odd_table(zones), path)
    result, rejects = assert_same([path], zones, gazetteer, tmp_path, monkeypatch, chunksize)
    assert result.rejects > 10 and result.warnings > 5
    assert int(result.report["incidents_in"].sum()) > 50
    # the rejects name file, row and field
    assert "odd.csv" in rejects and ",lat," in rejects and "Nowhereville" in rejects


def test_csv_without_background(zones, gazetteer, tmp_path, monkeypatch):
    path = tmp_path / "odd.csv"
    write_csv_text(odd_table(zones, seed=3), path)
    assert_same([path], zones, gazetteer, tmp_path, monkeypatch, 50, background=False)


def test_csv_ids_repeated_across_files_and_chunks(zones, gazetteer, tmp_path, monkeypatch):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    table = odd_table(zones, n=200, seed=1)
    write_csv_text(table, a)
    write_csv_text(pd.concat([table.iloc[:50], table.iloc[:50]]), b)
    assert_same([a, b], zones, gazetteer, tmp_path, monkeypatch, 30)


def test_csv_target_names_country_and_launch(zones, gazetteer, tmp_path, monkeypatch):
    table = odd_table(zones, n=300, seed=2)
    table["target"] = ""
    table.loc[::17, "target"] = "Camp Taji"
    table["country"] = ""
    table.loc[::13, "country"] = "IQ"
    table.loc[::26, "country"] = "AF"
    path = tmp_path / "t.csv"
    write_csv_text(table, path)
    # chunks with and without target ids (the targets are geocoded only in the latter)
    table.loc[:149, "target_place_id"] = ""
    other = tmp_path / "u.csv"
    write_csv_text(table, other)
    assert_same([path, other], zones, gazetteer, tmp_path, monkeypatch, 40)
    table["launch_place"] = ""
    table.loc[::11, "launch_place"] = "Baghdad"
    launch = tmp_path / "launch.csv"
    write_csv_text(table, launch)
    assert_same([launch], zones, gazetteer, tmp_path, monkeypatch, 40)


def test_csv_that_is_not_plain_goes_the_general_way(zones, gazetteer, tmp_path, monkeypatch):
    table = odd_table(zones, n=120, seed=4)
    path = tmp_path / "latin1.csv"
    text = table.to_csv(index=False)
    lines = text.split("\n")
    lines[60] = lines[60].replace("x", "caf\xe9")
    path.write_bytes("\n".join(lines).encode("latin-1"))  # one row is not UTF-8
    assert_same([path], zones, gazetteer, tmp_path, monkeypatch, 25, expect_fast=False)
    named = tmp_path / "places.csv"  # no coordinate columns: every row is geocoded
    table.drop(columns=["lon", "lat"]).assign(place="Baghdad").to_csv(named, index=False)
    assert_same([named], zones, gazetteer, tmp_path, monkeypatch, 25, expect_fast=False)


def _geoparquet(path, table: pa.Table, geometry: list) -> None:
    """A GeoParquet file of ``table`` and WKB ``geometry`` (bytes or None)."""
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": []}}}
    table = table.append_column("geometry", pa.array(geometry, pa.binary()))
    table = table.replace_schema_metadata({b"geo": json.dumps(geo).encode()})
    pq.write_table(table, path, row_group_size=97)


def parquet_table(zones, n=500, seed=0):
    rng = np.random.default_rng(seed)
    rep = shapely.point_on_surface(zones.geometry.to_numpy())
    k = rng.integers(0, len(rep), n)
    lon = shapely.get_x(rep)[k] + rng.normal(0, 0.03, n)
    lat = shapely.get_y(rep)[k] + rng.normal(0, 0.03, n)
    geometry = list(shapely.to_wkb(shapely.points(lon, lat), byte_order=1))
    ids = [f"p{i}" for i in range(n)]
    fired = pa.array(rng.integers(0, 6, n), pa.int64(),
                     mask=rng.random(n) < 0.1)  # nulls: read as float by the general path
    landed = rng.integers(0, 4, n)
    landed[::41] = -2  # not a count
    days = (np.datetime64("2020-01-01") + rng.integers(0, 900, n)).astype("datetime64[D]")
    radius = rng.choice([100.0, 2000.0, 25000.0, np.nan], n)
    radius[::53] = -1.0
    table = pa.table({
        "incident_id": ids, "date": pa.array(days, pa.date32()),
        "uncertainty_m": radius, "n_fired": fired, "n_landed": landed,
        "target_place_id": rng.choice(["iq-camp-taji", "iq-green-zone", ""], n),
        "event_type": rng.choice(["ied", "thwarted"], n),
        "background": pa.array(rng.random(n) < 0.2, mask=rng.random(n) < 0.1),
    })
    geometry[3] = None
    geometry[10] = shapely.to_wkb(shapely.points(44.3, 33.3), byte_order=0)  # big-endian
    geometry[11] = shapely.to_wkb(shapely.LineString([(44.3, 33.3), (44.4, 33.4)]))
    geometry[12] = shapely.to_wkb(shapely.points(np.nan, np.nan), byte_order=1)
    geometry[13] = shapely.to_wkb(shapely.points(200.0, 33.0), byte_order=1)
    geometry[14] = shapely.to_wkb(shapely.Point(44.3, 33.3, 5.0), byte_order=1)  # 3D
    ids[20] = ids[5]
    table = table.set_column(0, "incident_id", pa.array(ids))
    return table, geometry


@pytest.mark.parametrize("chunksize", [13, 1_000_000])
def test_geoparquet_same_as_general(zones, gazetteer, tmp_path, monkeypatch, chunksize):
    table, geometry = parquet_table(zones)
    path = tmp_path / "p.parquet"
    _geoparquet(path, table, geometry)
    result, rejects = assert_same([path], zones, gazetteer, tmp_path, monkeypatch, chunksize)
    assert result.rejects >= 5 and "p.parquet" in rejects


def test_geoparquet_string_dates_from_geopandas(zones, gazetteer, tmp_path, monkeypatch):
    table, geometry = parquet_table(zones, seed=2)
    frame = table.to_pandas()
    frame["date"] = frame["date"].astype(str)
    frame.loc[::7, "date"] = "someday"
    gdf = gpd.GeoDataFrame(frame, geometry=shapely.from_wkb(geometry), crs=settings.crs)
    path = tmp_path / "g.parquet"
    gdf.to_parquet(path, row_group_size=100)
    assert_same([path], zones, gazetteer, tmp_path, monkeypatch, 64)


def test_wkb_points_from_buffers():
    geoms = [shapely.Point(1.5, -2.25), None, shapely.LineString([(0, 0), (1, 1)]),
             shapely.Point(-179.9, 89.9)]
    wkb = [None if g is None else shapely.to_wkb(g, byte_order=1) for g in geoms]
    wkb.append(shapely.to_wkb(shapely.Point(3, 4), byte_order=0))
    column = pa.array(wkb, pa.binary()).slice(0)
    lon, lat, ok = plainzones.wkb_points(column)
    assert ok.tolist() == [True, False, False, True, False]
    assert lon[[0, 3]].tolist() == [1.5, -179.9] and lat[[0, 3]].tolist() == [-2.25, 89.9]
    lon, lat, ok = plainzones.wkb_points(column.slice(3))  # an offset into the buffers
    assert ok.tolist() == [True, False] and lon[0] == -179.9


def test_iso_days_agree_with_readcells():
    from geoincidents import readcells

    rng = np.random.default_rng(5)
    values = [f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in
              zip(rng.integers(0, 10000, 5000), rng.integers(0, 14, 5000),
                  rng.integers(0, 33, 5000))]
    values += ["", " ", " 2020-02-29 ", "1900-02-29", "2000-02-29", "0000-02-29", "x"]
    cells = pd.Series(values, dtype="str")
    days, plain = plainzones.iso_days(cells)
    expected, bad = readcells.dates(cells)
    assert not bad[plain].any()
    assert (days[plain].view(np.int64) == expected[plain].view(np.int64)).all()
    assert plain.sum() > 3000


@pytest.mark.parametrize("chunksize", [30, 100, 1_000])
@pytest.mark.parametrize("read_bytes", [700, 4096])
def test_blocks_read_in_parts_same_as_general(zones, gazetteer, tmp_path, monkeypatch,
                                              chunksize, read_bytes):
    """Blocks of the general reader made of several small reads, chunks of several parts
    and parts of chunks that end in the middle of a read: the same chunks, rejects and
    warnings as the general reader's (whose blocks are read whole)."""
    from geoincidents import plainread
    from geoincidents.formats import csvtext

    monkeypatch.setattr(csvtext, "MIN_BLOCK_BYTES", 5_000)
    monkeypatch.setattr(plainread, "READ_BYTES", read_bytes)
    monkeypatch.setattr(plainread, "PART_ROWS", 23)
    table = odd_table(zones, n=900, seed=5)
    table["target"] = ""
    table.loc[::17, "target"] = "Camp Taji"
    table.loc[:300, "target_place_id"] = ""  # chunks with target names geocoded, and not
    path = tmp_path / "blocks.csv"
    write_csv_text(table, path, extra="\na,b,c\n")  # an invalid row after the last good one
    result, _ = assert_same([path], zones, gazetteer, tmp_path, monkeypatch, chunksize)
    assert result.rejects > 10 and result.warnings > 5
    ptable, geometry = parquet_table(zones, n=400, seed=3)
    ppath = tmp_path / "blocks.parquet"
    _geoparquet(ppath, ptable, geometry)
    assert_same([ppath], zones, gazetteer, tmp_path, monkeypatch, chunksize)
