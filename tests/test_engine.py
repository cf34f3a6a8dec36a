"""The dask engine gives the local engine's report, rejects included (small LocalCluster)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from geoincidents import engine
from geoincidents.cli import main
from geoincidents.zones import load_zones
from tests.test_scale import make_table, reference

CLUSTER = {"processes": False, "n_workers": 1, "threads_per_worker": 2}


@pytest.fixture(scope="module")
def zones():
    return load_zones()


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


def test_dask_equals_local_whatever_the_partitioning(zones, partitioned):
    folder, frame = partitioned
    local = engine.zone_report([folder], zones, chunksize=1000)
    dask = engine.zone_report([folder], zones, engine="dask", chunksize=250,
                              cluster_options=CLUSTER)
    pd.testing.assert_frame_equal(local.report, dask.report)
    assert (local.placed, local.rejects) == (dask.placed, dask.rejects) == (2998, 2)
    assert sorted((r.source, r.row) for r in dask.first_problems) == \
        sorted((r.source, r.row) for r in local.first_problems)
    assert {r.row for r in dask.first_problems} == {6, 18}
    placed = frame.drop(index=[1005, 1017])
    pd.testing.assert_frame_equal(local.report, reference(placed, zones), check_dtype=False)


def test_cli_dask_engine(partitioned, tmp_path, monkeypatch):
    folder, _ = partitioned
    from geoincidents.engine import dask_engine

    real = dask_engine.zone_report
    monkeypatch.setattr(dask_engine, "zone_report",
                        lambda *a, **k: real(*a, **{**k, "cluster_options": CLUSTER}))
    local = CliRunner().invoke(main, ["report", "zones", str(folder), "-f", "csv"])
    dask = CliRunner().invoke(main, ["report", "zones", str(folder), "-f", "csv",
                                     "--engine", "dask", "--chunksize", "400",
                                     "--rejects", str(tmp_path / "r.csv")])
    assert local.exit_code == dask.exit_code == 3
    assert local.stdout == dask.stdout
    assert len(pd.read_csv(tmp_path / "r.csv")) == 2


def test_engine_argument_errors(zones, partitioned):
    folder, _ = partitioned
    with pytest.raises(ValueError, match="`engine` was 'spark'"):
        engine.zone_report([folder], zones, engine="spark")
    with pytest.raises(ValueError, match="only used with engine='dask'"):
        engine.zone_report([folder], zones, scheduler="tcp://127.0.0.1:1")
