"""Chunked zone reports: same answer as report.zone_report whatever the chunk size."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from geoincidents import report, scale, settings
from geoincidents.cli import main
from geoincidents.errors import DataError
from geoincidents.zones import load_zones


@pytest.fixture(scope="module")
def zones():
    return load_zones()


def make_table(zones, n=4000, seed=0) -> pd.DataFrame:
    """Incidents near and between the zones, with counts, dates, targets and background."""
    rng = np.random.default_rng(seed)
    rep = shapely.point_on_surface(zones.geometry.to_numpy())
    k = rng.integers(0, len(rep), n)
    frame = pd.DataFrame({
        "lon": np.round(shapely.get_x(rep)[k] + rng.normal(0, 0.04, n), 6),
        "lat": np.round(shapely.get_y(rep)[k] + rng.normal(0, 0.04, n), 6),
        "uncertainty_m": rng.choice([100.0, 2_000.0, 25_000.0], n),
        "date": (pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 700, n), "D")),
        "n_fired": rng.integers(0, 6, n).astype(float),
        "n_landed": rng.integers(0, 4, n).astype(float),
        "killed": rng.integers(0, 3, n).astype(float),
        "injured": rng.integers(0, 3, n).astype(float),
        "target_place_id": rng.choice(["iq-camp-taji", "iq-green-zone", None], n),
        "background": rng.random(n) < 0.1,
    })
    frame.loc[rng.random(n) < 0.2, "n_fired"] = np.nan  # falls back to n_landed
    frame.loc[rng.random(n) < 0.05, "date"] = pd.NaT
    return frame


def reference(frame: pd.DataFrame, zones, *, background=True) -> pd.DataFrame:
    """The in-memory report of the same rows (report.zone_report)."""
    incidents = gpd.GeoDataFrame(
        frame.drop(columns=["lon", "lat"]).astype({c: "Int64" for c in
                                                   ("n_fired", "n_landed", "killed", "injured")}),
        geometry=shapely.points(frame["lon"], frame["lat"]), crs=settings.crs)
    return report.zone_report(incidents, zones, background=background)


def to_csv(frame: pd.DataFrame, path) -> None:
    out = frame.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out.to_csv(path, index=False)


@pytest.mark.parametrize("chunksize", [1, 333, 100_000])
def test_csv_report_equals_in_memory_report_at_any_chunk_size(zones, tmp_path, chunksize):
    frame = make_table(zones, n=600 if chunksize == 1 else 4000)
    to_csv(frame, tmp_path / "in.csv")
    result = scale.stream_zone_report([tmp_path / "in.csv"], zones, chunksize=chunksize)
    expected = reference(frame, zones)
    pd.testing.assert_frame_equal(result.report, expected, check_dtype=False)
    assert result.placed == len(frame) and result.rejects == 0
    assert expected["incidents_in"].sum() > 0 and expected["possibly_in"].sum() > 0
    assert expected["aimed_at"].sum() > 0


def test_geoparquet_and_csv_give_the_same_report(zones, tmp_path):
    frame = make_table(zones, seed=1)
    to_csv(frame, tmp_path / "in.csv")
    gdf = gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"]),
                           geometry=shapely.points(frame["lon"], frame["lat"]), crs=4326)
    gdf.to_parquet(tmp_path / "in.parquet", row_group_size=700)
    a = scale.stream_zone_report([tmp_path / "in.csv"], zones, chunksize=1000)
    b = scale.stream_zone_report([tmp_path / "in.parquet"], zones, chunksize=450,
                                 background=False)
    c = scale.stream_zone_report([tmp_path / "in.parquet"], zones, chunksize=450)
    pd.testing.assert_frame_equal(a.report, c.report)
    pd.testing.assert_frame_equal(b.report, reference(frame, zones, background=False),
                                  check_dtype=False)


def test_geoparquet_in_another_crs_is_reprojected(zones, tmp_path):
    frame = make_table(zones, n=500, seed=4)
    gdf = gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"]),
                           geometry=shapely.points(frame["lon"], frame["lat"]), crs=4326)
    gdf.to_crs(3857).to_parquet(tmp_path / "merc.parquet")
    result = scale.stream_zone_report([tmp_path / "merc.parquet"], zones, chunksize=200)
    pd.testing.assert_frame_equal(result.report, reference(frame, zones), check_dtype=False)


def test_sample_table_matches_the_in_memory_report(zones):
    from geoincidents import io

    expected = report.zone_report(io.read_incidents(settings.sample_incidents_path()).incidents,
                                  zones)
    for chunksize in (1, 4, 1000):
        got = scale.stream_zone_report([settings.sample_incidents_path()], zones,
                                       chunksize=chunksize)
        pd.testing.assert_frame_equal(got.report, expected, check_dtype=False)


BAD_CSV = """lon,lat,place,date,n_fired
44.39,33.30,,2020-01-02,3
44.3x,33.3,,2020-01-03,1
44.28,133.5,,2020-01-04,1
44.28,,,2020-01-05,1
,,Camp Taji,2020-01-06,2
,,Nowhereville,2020-01-07,1
,,,2020-01-08,1
44.28,33.53,,someday,1
"a,b",1
69.265,34.946,,2020-01-09,4
"""


def test_bad_rows_are_counted_and_written_with_reasons(zones, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV)
    for chunksize in (1, 3, 100):
        with scale.ProblemSink(tmp_path / f"rejects{chunksize}.csv") as sink:
            result = scale.stream_zone_report([path], zones, chunksize=chunksize,
                                              problems=sink)
        assert (result.placed, result.rejects, result.warnings) == (4, 6, 1)
        written = pd.read_csv(tmp_path / f"rejects{chunksize}.csv")
        assert sorted(written["row"]) == [2, 3, 4, 6, 7, 8, 9]
        reasons = dict(zip(written["row"], written["reason"]))
        assert "not a number" in reasons[2] and "out of range" in reasons[3]
        assert "empty while the other coordinate" in reasons[4]
        assert "no place called 'Nowhereville'" in reasons[6]
        assert "no coordinates and no place name" in reasons[7]
        assert "not a date" in reasons[8] and "has 2 fields" in reasons[9]
        rep = result.report.set_index("zone_id")
        # row 5 geocoded to Camp Taji, row 10 at Bagram, row 1 in the Green Zone
        assert rep.loc["camp-taji", "incidents_in"] == 2  # row 5 geocoded, row 8 undated
        assert rep.loc["bagram-airfield", "munitions_fired"] == 4
        assert rep.loc["green-zone", "munitions_fired"] == 3


def test_quoted_newlines_do_not_break_chunks(zones, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('lon,lat,notes\n' + '44.39,33.30,"two\nlines"\n69.265,34.946,plain\n' * 50)
    for chunksize in (1, 7, 1000):
        result = scale.stream_zone_report([path], zones, chunksize=chunksize)
        assert result.placed == 100 and result.rejects == 0


@pytest.mark.parametrize("make, match", [
    (lambda p: p.write_text(""), "empty file"),
    (lambda p: p.write_text("a,b\n1,2\n"), "missing column"),
    (lambda p: p.write_text("lon,lon,lat\n1,2,3\n"), "appear twice"),
])
def test_unusable_files_raise_naming_the_file(zones, tmp_path, make, match):
    path = tmp_path / "x.csv"
    make(path)
    with pytest.raises(DataError, match=match):
        scale.stream_zone_report([path], zones)


def test_input_errors(zones, tmp_path):
    with pytest.raises(DataError, match="file not found"):
        scale.stream_zone_report([tmp_path / "missing.csv"], zones)
    with pytest.raises(ValueError, match="`chunksize` was 0"):
        scale.stream_zone_report([settings.sample_incidents_path()], zones, chunksize=0)
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="folder without .csv or .parquet"):
        scale.stream_zone_report([tmp_path / "empty"], zones)
    (tmp_path / "z.geojson").write_text("{}")
    with pytest.raises(DataError, match="expected a FeatureCollection"):
        scale.stream_zone_report([tmp_path / "z.geojson"], zones)
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(DataError, match="cannot be read as Parquet"):
        scale.stream_zone_report([tmp_path / "bad.parquet"], zones)


def test_cli_chunked_report_writes_rejects_and_exits_3(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV)
    rejects = tmp_path / "rejects.csv"
    result = CliRunner().invoke(main, ["report", "zones", str(path), "--chunksize", "2",
                                       "-f", "csv", "--rejects", str(rejects)])
    assert result.exit_code == 3, result.output
    assert result.stdout.startswith("zone_id,zone,kind,incidents_in")
    assert "6 row(s) could not be placed, 4 placed" in result.stderr
    assert len(pd.read_csv(rejects)) == 7
    # no progress bar when stderr is not a terminal
    assert "zone report" not in result.stderr and "it/s" not in result.stderr


def test_cli_chunked_equals_whole_file_report():
    sample = str(settings.sample_incidents_path())
    whole = CliRunner().invoke(main, ["report", "zones", sample, "-f", "csv"])
    chunked = CliRunner().invoke(main, ["report", "zones", sample, "-f", "csv",
                                        "--chunksize", "2", "--engine", "local"])
    assert whole.exit_code == chunked.exit_code == 0
    assert whole.stdout == chunked.stdout


def test_cli_usage_errors(tmp_path):
    sample = str(settings.sample_incidents_path())
    result = CliRunner().invoke(main, ["report", "zones", sample, "--scheduler", "tcp://x:1"])
    assert result.exit_code == 2 and "--scheduler goes with --engine dask" in result.output
    result = CliRunner().invoke(main, ["report", "zones", "--chunksize", "10"])
    assert result.exit_code == 2 and "need INPUT" in result.output
    result = CliRunner().invoke(main, ["report", "zones", sample, "--chunksize", "0"])
    assert result.exit_code == 2 and "0 is not in the range" in result.output


def test_progress_bar_only_on_a_terminal(monkeypatch):
    from geoincidents.cli import scale as scale_cli

    monkeypatch.setattr("sys.stderr.isatty", lambda: False, raising=False)
    assert scale_cli.progress_bar(10, "B") is None
