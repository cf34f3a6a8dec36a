"""Issue 19: ACLED, UCDP GED and GDELT files in the shapes analysts hold them in (built by
`tests.shapes`, written for the tests) are read faithfully on every path: every row
placed or rejected with a reason, values equal to the source's, batch = streamed = dask,
and an ACLED file converted to ACLED comes back equal in every column it had."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from geoincidents import engine, io, model, placing
from geoincidents.cli import main
from geoincidents.errors import DataError
from tests import shapes

SHAPES = list(shapes.shapes())


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("shapes")


@pytest.fixture(scope="module")
def zones():
    from geoincidents.zones import load_zones

    return load_zones(user=False)


def read(folder, shape, gazetteer, **more):
    path, options = shapes.write_shape(folder, shape)
    return path, options, io.read_incidents(path, gazetteer=gazetteer, **options, **more)


def comparable(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents without what names the file they came from, sorted by id."""
    frame = pd.DataFrame(incidents.drop(columns=["geometry", "source_file", "source_row"]))
    frame["lon"], frame["lat"] = incidents.geometry.x, incidents.geometry.y
    return frame.sort_values("incident_id", ignore_index=True)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_row_is_placed_or_rejected_once(folder, gazetteer, shape):
    _, _, result = read(folder, shape, gazetteer)
    rows_in, placed, rejected = shapes.expected(shape)
    rows = result.incidents["source_row"].astype(int).tolist()
    rejected_rows = [r.row for r in result.rejects]
    assert (len(rows), len(rejected_rows)) == (placed, rejected)
    assert len(set(rows) | set(rejected_rows)) == rows_in
    assert not set(rows) & set(rejected_rows)
    assert all(r.reason and r.field for r in result.rejects)


@pytest.mark.parametrize("shape", [s for s in SHAPES if s.startswith("ACLED")])
def test_acled_shapes_read_as_the_plain_file(folder, gazetteer, shape):
    _, _, reference = read(folder, "ACLED CSV, lower-case header", gazetteer)
    _, _, result = read(folder, shape, gazetteer)
    want, got = comparable(reference.incidents), comparable(result.incidents)
    if shape == "ACLED cp1252 (--encoding cp1252)":
        assert got.loc[1, "place"] == "Mudtown Café"
        got.loc[1, "place"] = "Mudtown"
    common = [c for c in want.columns if c in got.columns]
    if shape != "ACLED API JSON":  # the API gives the 2023 columns, not the older ones
        assert list(got.columns) == list(want.columns)
    pd.testing.assert_frame_equal(got[common], want[common], check_dtype=False)
    assert [r.reason for r in result.rejects] == [r.reason for r in reference.rejects]


def test_acled_values_equal_the_source(folder, gazetteer):
    _, _, result = read(folder, "ACLED CSV, UPPER-CASE header", gazetteer)
    inc = result.incidents.set_index("incident_id")
    assert [str(d)[:10] for d in inc["date"]] == ["2020-12-20", "2020-12-21", "2020-12-22",
                                                  "2020-12-23"]
    assert inc["event_type"].tolist() == ["battle", "riot", "airstrike",
                                          "violence_against_civilians"]
    assert inc["country"].tolist() == ["IQ", "CD", "NA", "BA"]  # Namibia is not missing
    assert inc["killed"].tolist() == [2, 0, 5, 0]
    assert inc["geo_precision"].tolist() == [1, 3, 2, 1]
    assert inc["uncertainty_m"].tolist() == [2_000.0, 100_000.0, 25_000.0, 2_000.0]
    assert inc["time_precision"].tolist() == [1, 2, 1, 3]
    assert inc.loc["TST102"].geometry.coords[0] == (29.22, -1.68)
    # ACLED's own columns travel as they were
    assert inc.loc["TST101", "admin1"] == "Northern Test"
    assert inc.loc["TST101", "sub_event_type"] == "Armed clash"
    assert inc.loc["TST102", "assoc_actor_1"] == "Traders; Students"
    assert inc.loc["TST102", "acled_country"] == "Democratic Republic of Congo"
    assert inc.loc["TST102", "source_scale"] == "Subnational-National"
    assert inc.loc["TST104", "timestamp"] == "1609459500"
    assert inc.loc["TST104", "notes"] == 'Two taken; "quoted" words.'
    reasons = {r.row: (r.field, r.reason) for r in result.rejects}
    assert reasons[5][0] == "geo_precision" and "'9' is out of range" in reasons[5][1]
    assert reasons[6][0] == "latitude"


def test_ucdp_values_equal_the_source(folder, gazetteer):
    _, _, result = read(folder, "UCDP GED CSV", gazetteer)
    inc = result.incidents.set_index("incident_id")
    assert inc["country"].tolist() == ["CD", "BA", "ZA"]  # the last by its GW code only
    assert inc["geo_precision"].tolist() == [1, 3, 2]
    assert inc["uncertainty_m"].tolist() == [2_000.0, 150_000.0, 25_000.0]
    assert [str(d)[:10] for d in inc["date"]] == ["2019-03-04", "2019-04-01", "2019-05-05"]
    assert inc.loc["503", "date_text"] == "2019-05-05 to 2019-05-07"
    assert inc.loc["502", "where_prec"] == "4" and inc.loc["502", "adm_1"] == "Lake province"
    assert inc.loc["501", "ucdp_country"] == "DR Congo (Zaire)"
    (rej,) = result.rejects
    assert (rej.row, rej.field) == (4, "where_prec")


def test_gdelt_rows_are_read_by_their_own_width(folder, gazetteer):
    _, _, result = read(folder, "GDELT 1.0, 57 and 58 fields", gazetteer)
    inc = result.incidents.set_index("incident_id")
    assert pd.isna(inc.loc["900001", "source"])  # a 57-field row has no SOURCEURL
    assert inc.loc["900002", "source"] == "https://example.org/news/900002"
    assert inc["event_type"].tolist() == ["other", "airstrike", "protest"]
    assert inc["country"].tolist() == ["IQ", "IQ", "IQ"]
    assert (inc["Actor1Geo_FullName"] == "British Columbia, Canada").all()
    (rej,) = result.rejects
    assert (rej.row, rej.field) == (4, "ActionGeo_Type")


@pytest.mark.parametrize("shape", SHAPES)
def test_streamed_equals_batch(folder, gazetteer, shape):
    path, options, batch = read(folder, shape, gazetteer)
    chunks = list(io.iter_placed(path, gazetteer=gazetteer, chunksize=1, **options))
    streamed = pd.concat([placing.to_incidents(c) for c in chunks], ignore_index=True)
    pd.testing.assert_frame_equal(comparable(streamed), comparable(batch.incidents))
    assert [r for c in chunks for r in c.rejects] == batch.rejects
    assert [w for c in chunks for w in c.warnings] == batch.warnings


@pytest.mark.parametrize("shape", [s for s in SHAPES if "cp1252" not in s])
def test_dask_equals_local(folder, zones, cluster, shape):
    path, _ = shapes.write_shape(folder, shape)
    local = engine.zone_report([path], zones, chunksize=2)
    dask = engine.zone_report([path], zones, engine="dask", chunksize=2, scheduler=cluster)
    pd.testing.assert_frame_equal(local.report, dask.report)
    _, placed, rejected = shapes.expected(shape)
    assert (dask.placed, dask.rejects) == (local.placed, local.rejects) == (placed, rejected)


def _cells(frame: pd.DataFrame, column: str) -> list:
    """A column's cells as values: dates as days, coordinates as numbers, text stripped."""
    values = frame[column].fillna("").astype(str).str.strip()
    if column == "event_date":
        return [pd.Timestamp(v).date() if "-" in v and v[:4].isdigit() else
                dt.datetime.strptime(v, "%d %B %Y").date() for v in values]
    if column in ("latitude", "longitude"):
        return [round(float(v), 6) for v in values]
    return values.tolist()


def test_acled_to_acled_is_equal_in_every_column(folder, tmp_path):
    path, _ = shapes.write_shape(folder, "ACLED CSV, lower-case header")
    out = tmp_path / "back.csv"
    run = CliRunner().invoke(main, ["convert", str(path), "--to", "acled", "-o", str(out)])
    assert run.exit_code == 3, run.output  # two rows of the source are rejects
    source = pd.read_csv(path, dtype=str, keep_default_na=False)
    source = source[~source["event_id_cnty"].isin(["TST105", "TST106"])].reset_index(
        drop=True)
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    # ours that ACLED has no column for (provenance) follow in one more column, as JSON
    assert list(back.columns)[-1] == "geoincidents"
    for column in source.columns:
        assert _cells(back, column) == _cells(source, column), column
    assert not back["notes"].str.contains("geoincidents").any()


def test_a_dataset_keeps_its_columns_through_convert(folder, tmp_path):
    import pyogrio

    path, _ = shapes.write_shape(folder, "ACLED CSV, lower-case header")
    out = tmp_path / "acled.gpkg"
    run = CliRunner().invoke(main, ["convert", str(path), "-o", str(out)])
    assert run.exit_code == 3, run.output
    back = pyogrio.read_dataframe(out, layer="incidents")  # (beside it: its map styles)
    assert back["admin1"].tolist()[0] == "Northern Test"
    assert {"sub_event_type", "inter1", "source_scale", "timestamp", "assoc_actor_1",
            "acled_event_type", "acled_country"} <= set(back.columns)


def test_header_names_that_clash_without_case_are_refused(tmp_path, gazetteer):
    text = shapes.acled_text().replace("region", "ADMIN1", 1)
    path = tmp_path / "clash.csv"
    path.write_text(text)
    with pytest.raises(DataError, match=r"\['admin1'\] appear twice when upper and lower"):
        io.read_incidents(path, gazetteer=gazetteer)


def test_a_year_that_disagrees_with_the_date_is_a_reject(tmp_path, gazetteer):
    rows = [dict(r) for r in shapes.ACLED_ROWS[:2]]
    rows[0]["year"], rows[1]["event_date"], rows[1]["year"] = "2019", "21-Dec-97", "1997"
    path = tmp_path / "years.csv"
    path.write_text(shapes._csv(rows, list(shapes.COLUMNS)))
    result = io.read_incidents(path, gazetteer=gazetteer)
    assert str(result.incidents["date"].iloc[0])[:10] == "1997-12-21"  # century from year
    (rej,) = result.rejects
    assert (rej.row, rej.field) == (1, "year") and "is in 2020" in rej.reason


def test_a_zip_of_several_files_names_them(tmp_path, gazetteer):
    import zipfile

    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "lon,lat\n1,2\n")
        archive.writestr("b.csv", "lon,lat\n1,2\n")
    with pytest.raises(DataError, match=r"a zip holding 2 files \['a.csv', 'b.csv'\]"):
        io.read_incidents(path, gazetteer=gazetteer)


def test_hxl_row_is_no_reject_in_a_plain_table(tmp_path, gazetteer):
    path = tmp_path / "hdx.csv"
    path.write_text("lon,lat,date\n#geo+lon,#geo+lat,#date\n44.36,33.31,2020-01-02\n")
    result = io.read_incidents(path, gazetteer=gazetteer)
    assert (len(result.incidents), result.rejects) == (1, [])
    assert result.incidents["source_row"].tolist() == [2]


def test_plain_table_schema_columns_match_without_case(tmp_path, gazetteer):
    path = tmp_path / "upper.csv"
    path.write_text("LON,LAT,Date,KILLED\n44.36,33.31,2020-01-02,3\n")
    inc = io.read_incidents(path, gazetteer=gazetteer).incidents
    assert str(inc["date"].iloc[0])[:10] == "2020-01-02" and inc["killed"].iloc[0] == 3


def test_country_names_and_codes_through_country_converter():
    from geoincidents.formats import countries

    assert countries.alpha2_many(["DR Congo (Zaire)", "Bosnia-Herzegovina",
                                  "Democratic Republic of Congo", "Namibia", "Atlantis"]) == \
        ["CD", "BA", "CD", "NA", None]
    assert countries.alpha2("645", by="gw") == "IQ" and countries.alpha2("IZ", by="fips") == "IQ"
    assert countries.alpha2(np.nan) is None and countries.alpha2("  ") is None
    assert model.EVENT_TYPES["battle"] == ("Battles", "Armed clash")


# -- outputs in the field's tools ---------------------------------------------------------

def test_geopackage_opens_styled_by_event_type(folder, tmp_path):
    import sqlite3
    import xml.etree.ElementTree as ET

    from geoincidents import event_types

    path, _ = shapes.write_shape(folder, "ACLED CSV, lower-case header")
    out = tmp_path / "styled.gpkg"
    CliRunner().invoke(main, ["convert", str(path), "-o", str(out)])
    with sqlite3.connect(out) as db:
        (layer, qml, default), = db.execute(
            "SELECT f_table_name, styleQML, useAsDefault FROM layer_styles").fetchall()
        kinds = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents"))
    assert (layer, default) == ("incidents", 1)
    assert kinds == {"incidents": "features", "layer_styles": "attributes"}
    renderer = ET.fromstring(qml.split("\n", 1)[1]).find("renderer-v2")
    assert renderer.get("attr") == "event_type"
    values = [c.get("value") for c in renderer.iter("category")]
    assert values == event_types.names()
    # and the incidents still read back as the only layer with geometries
    assert len(io.read_incidents(out).incidents) == shapes.ACLED_PLACED


def test_an_empty_result_writes_no_file(tmp_path):
    src = tmp_path / "none.csv"
    src.write_text("lon,lat\n,\n")
    out = tmp_path / "none.gpkg"
    run = CliRunner().invoke(main, ["convert", str(src), "-o", str(out)])
    assert run.exit_code == 3 and not out.exists()
    assert "no incident to write" in run.output and "not written" in run.output


# -- the command line ------------------------------------------------------------------------

def test_quiet_after_the_subcommand_prints_a_count_not_rows(folder, tmp_path):
    path, _ = shapes.write_shape(folder, "ACLED CSV, lower-case header")
    loud = CliRunner().invoke(main, ["convert", str(path), "-o", str(tmp_path / "a.csv")])
    quiet = CliRunner().invoke(main, ["convert", "-q", str(path), "-o",
                                      str(tmp_path / "b.csv")])
    assert loud.exit_code == quiet.exit_code == 3
    assert loud.output.count("not placed:") == 2
    assert "not placed:" not in quiet.output
    assert "2 row(s) could not be placed, 4 placed" in quiet.output
    silent = CliRunner().invoke(main, ["convert", str(path), "-qq", "-o",
                                       str(tmp_path / "c.csv")])
    assert silent.exit_code == 3 and silent.output == ""
    verbose = CliRunner().invoke(main, ["-q", "convert", "-v", str(path), "-o",
                                        str(tmp_path / "d.csv")])
    assert "not placed:" in verbose.output  # -q before, -v after: even


def test_input_and_output_formats_have_their_own_names(folder, tmp_path):
    path, _ = shapes.write_shape(folder, "GDELT 1.0, 57 and 58 fields")
    out = tmp_path / "g.csv"
    run = CliRunner().invoke(main, ["convert", str(path), "--from", "gdelt", "--to", "csv",
                                    "-o", str(out)])
    assert run.exit_code == 3 and len(pd.read_csv(out)) == shapes.GDELT_PLACED
    old = CliRunner().invoke(main, ["convert", str(path), "--format", "gdelt", "--to", "csv",
                                    "-o", str(tmp_path / "h.csv")])
    assert old.exit_code == 3 and "--format is now called --from" in old.output


def test_a_progress_bar_only_on_a_terminal(folder, monkeypatch, capsys):
    import sys

    from geoincidents import progress
    from geoincidents.cli import options as opt

    path, _ = shapes.write_shape(folder, "ACLED CSV, lower-case header")
    with opt.progress([str(path)], "convert"):  # not a terminal: no bar
        progress.advance(10)
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with opt.progress([str(path)], "convert"):
        io.read_incidents(path)
    assert "convert" in capsys.readouterr().err


def test_a_big_table_is_streamed_without_chunksize(folder, monkeypatch):
    from geoincidents import settings
    from geoincidents.cli import report as report_cli

    path, _ = shapes.write_shape(folder, "ACLED CSV, lower-case header")
    assert not report_cli._streaming([str(path)], None, None)
    monkeypatch.setattr(settings, "stream_threshold_bytes", 100)
    assert report_cli._streaming([str(path)], None, None)
    run = CliRunner().invoke(main, ["report", "zones", str(path), "-f", "csv"])
    assert run.exit_code == 3 and "4 placed" in run.output


@pytest.mark.parametrize("shape", ["ACLED .xlsx (date cells)", "ACLED .csv.gz",
                                   "GDELT .export.CSV.zip"])
def test_packed_inputs_piped_in_are_told_by_their_first_bytes(folder, shape):
    path, _ = shapes.write_shape(folder, shape)
    run = CliRunner().invoke(main, ["convert", "-q", "--to", "csv"],
                             input=path.read_bytes())
    _, placed, rejected = shapes.expected(shape)
    assert run.exit_code == 3 and f"{rejected} row(s) could not be placed, {placed} placed" \
        in run.output


def test_a_folder_of_packed_gdelt_files_is_streamed(folder, tmp_path, zones):
    from geoincidents import scale

    day = tmp_path / "gdelt"
    day.mkdir()
    path, _ = shapes.write_shape(folder, "GDELT .export.CSV.zip")
    (day / path.name).write_bytes(path.read_bytes())
    assert scale.expand_inputs([day]) == [day / path.name]
    got = scale.stream_zone_report([day], zones, chunksize=1)
    assert (got.placed, got.rejects) == (shapes.GDELT_PLACED, shapes.GDELT_REJECTED)
