"""The dask engine gives the local engine's report, rejects included (small LocalCluster)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from geoincidents import engine, settings
from geoincidents.cli import main
from geoincidents.engine import dask_engine
from geoincidents.errors import DataError
from geoincidents.zones import load_zones
from tests.test_scale import make_table, reference, to_csv

CLUSTER = {"processes": False, "n_workers": 1, "threads_per_worker": 2}


@pytest.fixture(scope="module")
def zones():
    return load_zones()


@pytest.fixture(scope="module")
def cluster():
    """One small in-process cluster for the module, used through its address (the
    ``--scheduler`` path)."""
    from distributed import LocalCluster

    with LocalCluster(**CLUSTER, dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def partitioned(zones, tmp_path_factory):
    """Three GeoParquet files with several row groups, one with null geometries."""
    folder = tmp_path_factory.mktemp("parts")
    frame = make_table(zones, n=3000, seed=7)
    for k in range(3):
        part = frame.iloc[k * 1000:(k + 1) * 1000]
        geometry = shapely.points(part["lon"], part["lat"])
        if k == 1:
            geometry[[5, 17]] = None
        gpd.GeoDataFrame(part.drop(columns=["lon", "lat"]), geometry=geometry,
                         crs=4326).to_parquet(folder / f"part-{k}.parquet", row_group_size=300)
    return folder, frame


def problem_keys(result):
    return sorted((r.source, r.row, r.field, r.value, r.reason) for r in result.first_problems)


def both_engines(inputs, zones, scheduler, *, local_chunksize, dask_chunksize, **options):
    """The dask engine's result, checked equal to the local engine's: report, counts and
    every problem row (file, row, field, value, reason)."""
    local = engine.zone_report(inputs, zones, chunksize=local_chunksize,
                               **{k: v for k, v in options.items() if k != "progress"})
    dask = engine.zone_report(inputs, zones, engine="dask", chunksize=dask_chunksize,
                              scheduler=scheduler, **options)
    pd.testing.assert_frame_equal(local.report, dask.report)
    assert (dask.placed, dask.rejects, dask.warnings) == \
        (local.placed, local.rejects, local.warnings)
    assert problem_keys(dask) == problem_keys(local)
    return dask


def test_dask_equals_local_whatever_the_partitioning(zones, partitioned, cluster):
    folder, frame = partitioned
    done = []
    dask = both_engines([folder], zones, cluster, local_chunksize=1000, dask_chunksize=250,
                        progress=done.append)
    assert done == [1] * 12  # one call per partition: 3 files x 4 pieces of 300 rows
    assert (dask.placed, dask.rejects) == (2998, 2)
    assert {r.row for r in dask.first_problems} == {6, 18}
    placed = frame.drop(index=[1005, 1017])
    pd.testing.assert_frame_equal(dask.report, reference(placed, zones), check_dtype=False)


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # dask's writer on pandas 3
def test_dask_geopandas_partitioned_geoparquet_equals_local(zones, tmp_path, cluster):
    """A folder written by dask-geopandas (part.0 ... part.N), with bad rows and warnings."""
    import dask_geopandas

    frame = make_table(zones, n=2400, seed=11)
    gdf = gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"]),
                           geometry=shapely.points(frame["lon"], frame["lat"]), crs=4326)
    gdf.loc[[3, 700, 2399], "geometry"] = None                      # rejects
    gdf.loc[[10, 1500], "uncertainty_m"] = -5.0                     # warnings, kept
    gdf.loc[[1200], "geometry"] = shapely.Point(200, 10)             # out of range: reject
    dask_geopandas.from_geopandas(gdf, npartitions=4).to_parquet(tmp_path / "events",
                                                                row_group_size=150)
    assert len(list((tmp_path / "events").glob("*.parquet"))) == 4
    for background in (True, False):
        dask = both_engines([tmp_path / "events"], zones, cluster, local_chunksize=500,
                            dask_chunksize=200, background=background)
        assert (dask.placed, dask.rejects, dask.warnings) == (2396, 4, 2)
    # rows are rows of each file: part.1 holds frame rows 600-1199, so 700 is its row 101
    assert ("part.1.parquet", 101) in {(r.source.rsplit("/", 1)[-1], r.row)
                                       for r in dask.first_problems}
    kept = frame.drop(index=[3, 700, 1200, 2399])
    kept.loc[[10, 1500], "uncertainty_m"] = settings.coordinate_radius_m  # as warned
    pd.testing.assert_frame_equal(dask.report, reference(kept, zones, background=False),
                                  check_dtype=False)


def test_csv_and_parquet_pieces_mix(zones, tmp_path, cluster):
    frame = make_table(zones, n=1500, seed=3)
    to_csv(frame.iloc[:700], tmp_path / "a.csv")
    with open(tmp_path / "a.csv", "a") as fh:
        fh.write("abc,33.3,,,,,,,,\n44.4,95,,,,,,,,\n")
    rest = frame.iloc[700:]
    gpd.GeoDataFrame(rest.drop(columns=["lon", "lat"]),
                     geometry=shapely.points(rest["lon"], rest["lat"]),
                     crs=4326).to_parquet(tmp_path / "b.parquet", row_group_size=100)
    dask = both_engines([tmp_path], zones, cluster, local_chunksize=300, dask_chunksize=300)
    assert (dask.placed, dask.rejects) == (1500, 2)
    assert {r.row for r in dask.first_problems} == {701, 702}


def test_partitions_are_a_dask_geopandas_frame(zones, partitioned):
    import dask_geopandas

    folder, _ = partitioned
    parts = dask_engine.pieces(sorted(folder.glob("*.parquet")), chunksize=600)
    assert [(p.row_groups, p.start) for p in parts[:2]] == [([0, 1], 1), ([2, 3], 601)]
    incidents = dask_engine.read_incidents(parts, chunksize=600)
    assert isinstance(incidents, dask_geopandas.GeoDataFrame)
    assert incidents.npartitions == len(parts) == 6 and incidents.crs == "EPSG:4326"
    first = incidents.partitions[2].compute(scheduler="sync")  # part-1, rows 1-600
    bad = first[first["status"] != "placed"]
    assert bad["row"].tolist() == [6, 18] and bad.geometry.isna().all()
    assert np.all(first.loc[first["status"] == "placed", "row"].to_numpy() ==
                  np.setdiff1d(np.arange(1, 601), [6, 18]))


def test_pieces_take_the_fast_path_and_equal_the_general_one(zones, tmp_path, monkeypatch):
    """`fold_piece` folds plain GeoParquet pieces through `plainzones` (the general reader
    is never called) into the partials, rows and problems that the general path
    (`read_piece`, `partition_partials`) gives for the same pieces, ids repeated within
    and across pieces included."""
    from geoincidents import io, spatial

    frame = make_table(zones, n=1200, seed=5)
    frame.insert(0, "incident_id", [f"ev-{k}" for k in range(len(frame))])
    frame.loc[[9, 700], "incident_id"] = ["ev-2", "ev-450"]  # within a piece, across two
    frame.loc[[20, 21, 22], "incident_id"] = [" ev-20 ", "", None]  # padded, blank, none
    geometry = shapely.points(frame["lon"], frame["lat"])
    geometry[[4, 801]] = None
    gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"]), geometry=geometry,
                     crs=4326).to_parquet(tmp_path / "ids.parquet", row_group_size=200)
    parts = dask_engine.pieces([tmp_path / "ids.parquet"], chunksize=400)
    hashed = [dask_engine.piece_ids(p, chunksize=400) for p in parts]
    with monkeypatch.context() as m:  # the ids as the general reader reads them
        m.setattr(dask_engine, "_plain_parquet_ids", lambda *args: None)
        general_ids = [dask_engine.piece_ids(p, chunksize=400) for p in parts]
    for (rows, hashes), (rows2, hashes2) in zip(hashed, general_ids):
        np.testing.assert_array_equal(rows, rows2)
        np.testing.assert_array_equal(hashes, hashes2)
    assert sum(len(rows) for rows, _ in hashed) == 1198
    repeats = dask_engine.find_repeats(parts, hashed)
    index = spatial.ZoneIndex(zones)
    general = [dask_engine.read_piece(p, chunksize=400, repeats=r)
               for p, r in zip(parts, repeats)]

    def no_general_path(*args, **kwargs):
        raise AssertionError("the general reader was used")

    monkeypatch.setattr(io, "iter_placed", no_general_path)
    reasons = []
    for piece, repeat, part in zip(parts, repeats, general):
        got = dask_engine.fold_piece((piece, repeat), index, chunksize=400)
        expected = dask_engine.partition_partials(part, index)
        for name in expected.columns.drop("zone"):
            np.testing.assert_array_equal(got.partials[name], expected[name].to_numpy())
        assert got.placed == int((part["status"] == "placed").sum())
        bad = part[part["status"] != "placed"]
        found = [r for rejects, warnings in got.problems for r in rejects + warnings]
        assert sorted((r.row, r.field, r.reason) for r in found) == \
            sorted(zip(bad["row"], bad["field"], bad["reason"]))
        reasons += [(r.row, r.reason) for r in found]
    assert [row for row, reason in reasons if "already used" in reason] == [10, 701]
    assert len(reasons) == 4


def test_cli_dask_engine(partitioned, tmp_path, cluster):
    folder, _ = partitioned
    local = CliRunner().invoke(main, ["report", "zones", str(folder), "-f", "csv"])
    dask = CliRunner().invoke(main, ["report", "zones", str(folder), "-f", "csv",
                                     "--engine", "dask", "--scheduler", cluster,
                                     "--chunksize", "400", "--rejects", str(tmp_path / "r.csv")])
    assert local.exit_code == dask.exit_code == 3, dask.output
    assert local.stdout == dask.stdout
    assert len(pd.read_csv(tmp_path / "r.csv")) == 2


def test_engine_argument_errors(zones, partitioned):
    folder, _ = partitioned
    with pytest.raises(ValueError, match="`engine` was 'spark'"):
        engine.zone_report([folder], zones, engine="spark")
    with pytest.raises(ValueError, match="only used with engine='dask'"):
        engine.zone_report([folder], zones, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ValueError, match="`chunksize` was 0"):
        engine.zone_report([folder], zones, engine="dask", chunksize=0)


def test_dask_engine_bad_files(zones, tmp_path, cluster):
    (tmp_path / "broken.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(DataError, match=r"broken\.parquet: cannot be read as Parquet"):
        engine.zone_report([tmp_path / "broken.parquet"], zones, engine="dask",
                           scheduler=cluster)
    with pytest.raises(DataError, match=r"gone\.csv: file not found"):
        engine.zone_report([tmp_path / "gone.csv"], zones, engine="dask", scheduler=cluster)
    (tmp_path / "nocoords.csv").write_text("when,what\n2020-01-01,x\n")
    # raised on a worker, it reaches the caller as the same error, naming the file
    with pytest.raises(DataError, match=r"nocoords\.csv: missing column\(s\): expected 'lon'"):
        engine.zone_report([tmp_path / "nocoords.csv"], zones, engine="dask",
                           scheduler=cluster)
