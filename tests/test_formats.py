"""The field's formats: ACLED, UCDP GED and GDELT in; every writer round-trips."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import json

import pytest
import shapely
from click.testing import CliRunner
from pandas.testing import assert_frame_equal

from geoincidents import io, model
from geoincidents.cli import main
from geoincidents.errors import DataError
from geoincidents.formats import READ_FORMATS, read_raw, sniff, writers
from geoincidents.gazetteer import Gazetteer

DATA = Path(__file__).parent / "data" / "formats"



@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load(world=False)


def read(name, gaz, **kw):
    return io.read_incidents(DATA / name, gazetteer=gaz, **kw)


def by_id(result):
    return result.incidents.set_index("incident_id")


# -- detection ------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("acled_pre2023.csv", "acled"), ("acled_2023.csv", "acled"), ("ucdp_ged.csv", "ucdp"),
    ("gdelt_v2.export.CSV", "gdelt"), ("gdelt_v1.export.CSV", "gdelt"),
])
def test_sniff_recognises_each_dataset(name, expected):
    assert sniff((DATA / name).read_bytes()) == expected


@pytest.mark.parametrize("raw, expected", [
    (b"lon,lat,place\n1,2,x\n", "csv"),
    (b'{"type": "FeatureCollection", "features": []}', "geojson"),
    (b'\x1e{"type": "Feature"}\n\x1e{"type": "Feature"}\n', "geojsonseq"),
    (b'{"type": "Feature", "properties": {}}\n{"type": "Feature", "properties": {}}\n',
     "geojsonseq"),
])
def test_sniff_plain_csv_and_geojson(raw, expected):
    assert sniff(raw) == expected


def test_unknown_header_is_named(gaz, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("when,what,how_many\n2020-01-01,x,3\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"odd.csv: missing column\(s\): expected 'lon'"):
        io.read_incidents(path, gazetteer=gaz)


def test_forced_format_names_the_missing_columns(gaz, tmp_path):
    path = tmp_path / "notacled.csv"
    path.write_text("lon,lat,place\n44,33,x\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 0 \(header\): missing column\(s\) "
                       r"\['event_id_cnty', 'event_date'.*ACLED"):
        io.read_incidents(path, gazetteer=gaz, fmt="acled")


def test_forced_gdelt_on_a_csv_names_the_field_count(gaz):
    with pytest.raises(DataError, match=r"row 1: 1 tab-separated fields; expected a GDELT"):
        io.read_incidents(DATA / "ucdp_ged.csv", gazetteer=gaz, fmt="gdelt")


def test_unknown_format_name_is_refused():
    with pytest.raises(DataError, match=r"`format` was 'shp' but is expected to be in"):
        read_raw(b"a,b\n1,2\n", "x.csv", fmt="shp")


def test_empty_input_is_refused():
    with pytest.raises(DataError, match=r"<stdin>: empty file; expected CSV"):
        read_raw(b"  \n", "<stdin>")


# -- ACLED --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["acled_pre2023.csv", "acled_2023.csv"])
def test_acled_positions_precision_and_radii(gaz, name):
    result = read(name, gaz)
    inc = by_id(result)
    expected = {  # id: (lon, lat, geo_precision, radius_m, time_precision, date)
        "IRQ90001": (44.3961, 33.2989, 1, 2_000.0, 1, "2020-12-20"),
        "AFG90002": (69.2650, 34.9461, 2, 25_000.0, 2, "2020-12-19"),
        "IRQ90003": (44.2346, 33.2625, 1, 2_000.0, 1, "2020-01-03"),
        "IRQ91001": (44.2775, 33.5294, 1, 2_000.0, 1, "2020-03-11"),
        "IRQ91002": (42.4412, 33.7856, 3, 100_000.0, 3, "2020-01-08"),
        "IRQ91003": (44.4009, 33.3406, 2, 25_000.0, 2, "2019-12-31"),
    }
    assert len(inc) == 3
    for iid, row in inc.iterrows():
        lon, lat, gp, radius, tp, date = expected[iid]
        assert (row.geometry.x, row.geometry.y) == pytest.approx((lon, lat))
        assert (row.geo_precision, row.uncertainty_m, row.time_precision) == (gp, radius, tp)
        assert row.date == pd.Timestamp(date)
        assert row.country in ("IQ", "AF")


def test_acled_event_types_actors_and_fatalities(gaz):
    inc = by_id(read("acled_pre2023.csv", gaz))
    assert inc.loc["IRQ90001", "event_type"] == "rocket_attack"
    assert inc.loc["IRQ90003", "event_type"] == "airstrike"
    assert inc.loc["IRQ90003", "killed"] == 10
    assert inc.loc["IRQ90003", "actors"].split("; ")[2] == "Kata'ib Hezbollah (involved)"
    assert inc.loc["AFG90002", "country"] == "AF"


@pytest.mark.parametrize("name, row, field, match", [
    ("acled_pre2023.csv", 4, "latitude", "33,5294 is not a number"),
    ("acled_pre2023.csv", 5, "geo_precision", r"'4' is out of range; expected one of \[1, 2, 3\]"),
    ("acled_pre2023.csv", 6, "event_date", "'01/06/2020' is not a date"),
    ("acled_pre2023.csv", 7, "event_id_cnty", "'IRQ90001' already used in row 1"),
    ("acled_pre2023.csv", 8, "latitude", "empty; expected a coordinate"),
    ("acled_2023.csv", 4, "event_date", "'2020-14-01' is not a date"),
    ("acled_2023.csv", 5, "time_precision", "'5' is out of range"),
    ("acled_2023.csv", 6, "latitude", "95.0 is out of range"),
    ("ucdp_ged.csv", 7, "where_prec",
     r"'9' is out of range; expected one of \[1, 2, 3, 4, 5, 6, 7\]"),
    ("ucdp_ged.csv", 8, "date_start", "'2020/03/11' is not a date"),
    ("ucdp_ged.csv", 9, "id", "'300001' already used in row 1"),
    ("ucdp_ged.csv", 10, "latitude", "abc is not a number"),
    ("ucdp_ged.csv", 11, "date_prec", "'0' is out of range"),
    ("gdelt_v2.export.CSV", 5, "ActionGeo_Type", "'0' is out of range"),
    ("gdelt_v2.export.CSV", 6, "SQLDATE", "'2020-12-20' is not a date.*YYYYMMDD"),
    ("gdelt_v2.export.CSV", 7, "GLOBALEVENTID", "'950000001' already used in row 1"),
    ("gdelt_v2.export.CSV", 8, "ActionGeo_Lat", "north is not a number"),
])
def test_bad_rows_are_rejected_by_file_row_and_field(gaz, name, row, field, match):
    result = read(name, gaz)
    found = [r for r in result.rejects if r.row == row]
    assert len(found) == 1, result.rejects
    assert found[0].field == field
    assert found[0].source.endswith(name)
    assert re.search(match, found[0].reason), found[0].reason


@pytest.mark.parametrize("name, placed, rejected", [
    ("acled_pre2023.csv", 3, 5), ("acled_2023.csv", 3, 3), ("ucdp_ged.csv", 6, 5),
    ("gdelt_v2.export.CSV", 4, 4), ("gdelt_v1.export.CSV", 2, 0),
])
def test_every_row_is_placed_or_rejected(gaz, name, placed, rejected):
    result = read(name, gaz)
    assert (len(result.incidents), len(result.rejects)) == (placed, rejected)


# -- UCDP ---------------------------------------------------------------------------------

def test_ucdp_where_prec_and_date_prec_mapping(gaz):
    inc = by_id(read("ucdp_ged.csv", gaz))
    got = {iid: (row.geo_precision, row.uncertainty_m, row.time_precision)
           for iid, row in inc.iterrows()}
    assert got == {"300001": (1, 2_000.0, 1), "300002": (2, 25_000.0, 2),
                   "300003": (2, 50_000.0, 2), "300004": (3, 150_000.0, 3),
                   "300005": (3, 500_000.0, 3), "300006": (3, 500_000.0, 1)}
    assert inc.loc["300001"].geometry.equals(shapely.Point(44.2775, 33.5294))
    assert inc.loc["300002", "date_text"] == "2020-03-12 to 2020-03-15"
    assert inc.loc["300002", "killed"] == 1
    assert "low 0, high 2" in inc.loc["300002", "notes"]
    assert inc.loc["300002", "actors"] == "Government of Iraq (involved); IS (involved)"
    assert inc.loc["300006", "country"] == "KW"


# -- GDELT --------------------------------------------------------------------------------

def test_gdelt_geo_types_countries_and_cameo(gaz):
    inc = by_id(read("gdelt_v2.export.CSV", gaz))
    assert inc.loc["950000001"].geometry.equals(shapely.Point(44.4009, 33.3406))
    got = {iid: (row.geo_precision, row.uncertainty_m, row.event_type, row.country)
           for iid, row in inc.iterrows()}
    assert got == {"950000001": (1, 5_000.0, "rocket_attack", "IQ"),
                   "950000002": (1, 5_000.0, "airstrike", "AF"),
                   "950000003": (3, 500_000.0, "protest", "IQ"),
                   "950000004": (3, 150_000.0, "ied", "IQ")}
    assert inc.loc["950000001", "source"] == "https://example.org/news/950000001"
    assert inc.loc["950000001", "date"] == pd.Timestamp("2020-12-20")


def test_gdelt_v1_has_no_adm2_column(gaz):
    inc = by_id(read("gdelt_v1.export.CSV", gaz))
    assert inc.loc["410000001"].geometry.equals(shapely.Point(44.2342, 33.5092))
    assert inc.loc["410000002", "event_type"] == "airstrike"


def test_gdelt_row_of_wrong_width_is_rejected(gaz, tmp_path):
    lines = (DATA / "gdelt_v2.export.CSV").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "cut.CSV"
    path.write_text(lines[0] + "\n" + "\t".join(lines[1].split("\t")[:30]) + "\n",
                    encoding="utf-8")
    result = io.read_incidents(path, gazetteer=gaz)
    assert len(result.incidents) == 1
    assert "has 30 fields; expected 61" in result.rejects[0].reason


# -- writers: round trips -------------------------------------------------------------

def tricky_incidents() -> model.gpd.GeoDataFrame:
    """Dates (and a missing one), precision codes, unicode, empties, booleans, NA ints."""
    frame = pd.DataFrame({
        "incident_id": ["a-1", "b-2", "c-3"],
        "event_type": ["rocket_attack", "drone_strike", None],
        "date": ["2020-12-20", None, "2019-12-31"],
        "time_precision": [1, 3, pd.NA],
        "date_text": ["Sunday 20 December 2020", None, "late December"],
        "place": ["المنطقة الخضراء", "Bagrām", None],
        "place_id": ["iq-green-zone", None, None],
        "place_name": ["Green Zone", None, None],
        "country": ["IQ", "AF", None],
        "geo_precision": [1, 2, 3],
        "uncertainty_m": [1_500.0, 25_000.0, 123_456.5],
        "launch_place": ["Ali al-Saleh", None, None],
        "launch_lon": [44.35, np.nan, np.nan],
        "launch_lat": [33.365, np.nan, np.nan],
        "launch_uncertainty_m": [5_000.0, np.nan, np.nan],
        "target": ["US Embassy Baghdad", None, None],
        "target_place_id": ["iq-us-embassy-baghdad", None, None],
        "n_fired": [3, pd.NA, 0],
        "killed": [0, pd.NA, 2],
        "actors": ["Kata’ib Hezbollah (denied); Iran-backed militias (blamed)", None,
                   "Protesters (involved)"],
        "background": [False, pd.NA, True],
        "source": ["wire", None, "Süddeutsche"],
        "source_file": ["a.txt", "b.csv", "c.csv"],
        "source_row": [pd.NA, 2, 3],
        "char_start": [10, pd.NA, pd.NA],
        "char_end": [80, pd.NA, pd.NA],
        "quote": ['He said "three rockets", then left.\nNew line.', None, None],
        "notes": ["naïve, with a comma", None, ""],
    })
    return model.conform(frame, geometry=shapely.points([44.3961, 69.265, -0.000001],
                                                        [33.2989, 34.9461, 51.5]))


@pytest.mark.parametrize("name, to", [
    ("out.geojson", None), ("out.geojsons", None), ("out.geojsons", "geojsonseq-rs"),
    ("out.csv", None), ("out.gpkg", None), ("out.parquet", None), ("out.fgb", None),
    ("out.csv", "acled"),
])
def test_round_trip(gaz, tmp_path, name, to):
    incidents = tricky_incidents()
    path = tmp_path / name
    writers.write(incidents, path, to="geojsonseq" if to == "geojsonseq-rs" else to,
                  rs=to == "geojsonseq-rs")
    back = io.read_incidents(path, gazetteer=gaz)
    assert back.rejects == [] and back.warnings == []
    if name.endswith(".fgb"):  # FlatGeobuf stores features in its spatial index's order
        order = back.incidents["incident_id"].argsort().to_numpy()
        back = back._replace(incidents=back.incidents.iloc[order].reset_index(drop=True))
    # read back as ACLED, the incidents also carry ACLED's own columns (actor1, ...)
    schema = list(model.COLUMNS)
    assert_frame_equal(pd.DataFrame(back.incidents[schema]), pd.DataFrame(incidents[schema]))
    np.testing.assert_allclose(shapely.get_coordinates(back.incidents.geometry),
                               shapely.get_coordinates(incidents.geometry), atol=1e-6)


@pytest.mark.parametrize("name, driver", [("out.gpkg", "GPKG"), ("out.fgb", "FlatGeobuf")])
def test_ogr_outputs_are_typed_layers_with_a_crs(tmp_path, name, driver):
    path = writers.write(tricky_incidents(), tmp_path / name)
    info = pyogrio.read_info(path, layer="incidents")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"
    assert info["driver"] == driver and info["features"] == 3
    assert types["date"].startswith("datetime64")
    assert types["killed"] == "int64" and types["time_precision"] == "int16"
    assert types["background"] == "bool" and types["uncertainty_m"] == "float64"


def test_gpkg_date_is_a_date_field(tmp_path):
    path = writers.write(tricky_incidents(), tmp_path / "out.gpkg")
    info = pyogrio.read_info(path, layer="incidents")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert types["date"] == "datetime64[D]"  # OGR's Date, not DateTime


def test_geoparquet_has_crs_and_types(tmp_path):
    import pyarrow.parquet as pq

    path = writers.write(tricky_incidents(), tmp_path / "out.parquet")
    meta = pq.read_schema(path)
    assert b"geo" in meta.metadata
    import json

    geo = json.loads(meta.metadata[b"geo"])
    assert geo["columns"]["geometry"]["crs"]["id"]["code"] == 4326
    assert str(meta.field("date").type) == "date32[day]"
    assert str(meta.field("killed").type) == "int64"
    assert str(meta.field("background").type) == "bool"


def test_rs_sequence_is_rfc8142(tmp_path):
    path = writers.write(tricky_incidents(), tmp_path / "out.geojsons", rs=True)
    raw = path.read_bytes()
    texts = raw.split(b"\x1e")
    assert texts[0] == b"" and len(texts) == 4 and all(t.endswith(b"\n") for t in texts[1:])


def test_acled_export_has_the_2023_columns_and_reads_as_acled(tmp_path):
    from geoincidents.formats import acled

    path = writers.write(tricky_incidents(), tmp_path / "acled.csv", to="acled")
    frame = pd.read_csv(path, dtype=str)
    # ACLED's columns, then ours that ACLED has none for (as JSON, never in the notes)
    assert tuple(frame.columns) == (*acled.COLUMNS_2023, acled.EXTRA_COLUMN)
    assert frame.loc[0, "notes"] == "naïve, with a comma"
    assert json.loads(frame.loc[0, "geoincidents"])["launch_place"] == "Ali al-Saleh"
    assert frame.loc[0, "sub_event_type"] == "Shelling/artillery/missile attack"
    assert frame.loc[0, "iso"] == "368" and frame.loc[0, "country"] == "Iraq"
    assert frame.loc[0, "actor1"] == "Kata’ib Hezbollah"
    assert sniff(path.read_bytes()) == "acled"


def test_binary_format_refuses_stdout():
    with pytest.raises(DataError, match="gpkg cannot go to stdout"):
        writers.write(tricky_incidents(), None, to="gpkg")


def test_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(DataError, match=r"no output format for the suffix '.xyz'"):
        writers.write(tricky_incidents(), tmp_path / "out.xyz")


def test_write_refuses_to_overwrite(tmp_path):
    from geoincidents.errors import OutputExists

    path = writers.write(tricky_incidents(), tmp_path / "out.fgb")
    with pytest.raises(OutputExists, match="pass --overwrite"):
        writers.write(tricky_incidents(), path)
    assert writers.write(tricky_incidents(), path, overwrite=True) == path


def test_read_formats_cover_the_cli_choices():
    from geoincidents.cli.convert import READ_CHOICES, WRITE_CHOICES

    assert set(READ_CHOICES) == set(READ_FORMATS)
    assert set(WRITE_CHOICES) == set(writers.WRITE_FORMATS)


# -- convert command ------------------------------------------------------------------

def test_convert_acled_to_gpkg_and_rejects(tmp_path):
    out, rej = tmp_path / "acled.gpkg", tmp_path / "rejects.csv"
    result = CliRunner().invoke(main, ["convert", str(DATA / "acled_pre2023.csv"), "-o",
                                       str(out), "--rejects", str(rej)])
    assert result.exit_code == 3, result.output
    assert pyogrio.read_info(out, layer="incidents")["features"] == 3
    rejects = pd.read_csv(rej)
    assert list(rejects["row"]) == [4, 5, 6, 7, 8]
    assert list(rejects["field"]) == ["latitude", "geo_precision", "event_date",
                                      "event_id_cnty", "latitude"]


def test_convert_with_forced_format(tmp_path):
    src = tmp_path / "events.txt"
    src.write_bytes((DATA / "gdelt_v1.export.CSV").read_bytes())
    result = CliRunner().invoke(main, ["convert", str(src), "--from", "gdelt", "--to",
                                       "csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(pd.io.common.StringIO(result.stdout))
    assert list(frame["incident_id"]) == [410000001, 410000002]


def test_convert_refuses_binary_to_stdout():
    result = CliRunner().invoke(main, ["convert", str(DATA / "acled_2023.csv"), "--to",
                                       "gpkg"])
    assert result.exit_code == 2
    assert "--to gpkg cannot go to stdout" in result.output


def test_convert_refuses_to_overwrite(tmp_path):
    out = tmp_path / "x.geojson"
    out.write_text("{}")
    result = CliRunner().invoke(main, ["convert", str(DATA / "acled_2023.csv"), "-o",
                                       str(out)])
    assert result.exit_code == 1 and "pass --overwrite" in result.output
