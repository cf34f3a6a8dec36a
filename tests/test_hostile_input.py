"""Issue 16's hostile and malformed inputs, one regression test each: named rejects and
clear errors instead of tracebacks, calendar dates, streaming equal to batch, repeated ids,
swapped coordinates, zones across the antimeridian, articles on stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from geoincidents import engine, io, report, scale
from geoincidents.cli import main
from geoincidents.errors import DataError, ZoneError

ACLED_HEAD = "event_id_cnty,event_date,event_type,latitude,longitude,geo_precision"


@pytest.fixture(scope="module")
def zones():
    from geoincidents.zones import load_zones

    return load_zones(user=False)


def both(path: Path, gazetteer, zones, chunksize: int = 1):
    """Batch result, checked equal to the streamed report and problem counts."""
    batch = io.read_incidents(path, gazetteer=gazetteer)
    streamed = scale.stream_zone_report([path], zones, gazetteer=gazetteer,
                                        chunksize=chunksize)
    pd.testing.assert_frame_equal(streamed.report, report.zone_report(batch.incidents, zones),
                                  check_dtype=False)
    assert (streamed.placed, streamed.rejects, streamed.warnings) == \
        (len(batch.incidents), len(batch.rejects), len(batch.warnings))
    return batch


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


# -- counts, codes and folded notes ----------------------------------------------------------

@pytest.mark.parametrize("column, value, expected", [
    ("killed", "inf", "is not a count; expected a whole number from 0"),
    ("killed", "1e20", "is not a count"),
    ("n_fired", "-3", "is not a count"),
    ("time_precision", "200", "is not a time precision; expected one of [1, 2, 3]"),
])
def test_out_of_range_cells_are_named_rejects(tmp_path, gazetteer, zones, column, value,
                                              expected):
    path = write(tmp_path, "t.csv", f"lon,lat,{column}\n44.39,33.30,{value}\n44.39,33.30,1\n")
    result = both(path, gazetteer, zones)
    (rej,) = result.rejects
    assert (rej.row, rej.field, rej.value) == (1, column, value) and expected in rej.reason
    assert len(result.incidents) == 1


def test_acled_iso_inf_and_folded_notes_that_are_not_numbers(tmp_path, gazetteer, zones):
    path = write(tmp_path, "a.csv", f"{ACLED_HEAD},iso,notes\n"
                 "X1,2020-01-01,Riots,33.3,44.3,1,inf,plain\n"
                 'X2,2020-01-01,Riots,33.3,44.3,1,368,"hi [geoincidents: '
                 '{""uncertainty_m"": ""abc"", ""killed"": 1e99}]"\n')
    result = both(path, gazetteer, zones)
    assert result.incidents["incident_id"].tolist() == ["X1"]
    assert pd.isna(result.incidents["country"].iloc[0])  # inf is no ISO code
    (rej,) = result.rejects
    assert (rej.row, rej.field) == (2, "killed") and "is not a count" in rej.reason


# -- dates ----------------------------------------------------------------------------------

def test_dates_are_calendar_days_of_years_1_to_9999(tmp_path, gazetteer, zones):
    path = write(tmp_path, "d.csv", "lon,lat,date\n44.39,33.30,9999-12-31\n44.39,33.30,now\n"
                 "44.39,33.30,today\n44.39,33.30,0001-01-01\n44.39,33.30,10000-01-01\n")
    result = both(path, gazetteer, zones)
    assert str(result.incidents["date"].dtype) == "datetime64[s]"
    days = [None if pd.isna(d) else str(d)[:10] for d in result.incidents["date"]]
    assert days == ["9999-12-31", None, None, "0001-01-01", None]
    assert [(w.row, w.field) for w in result.warnings] == [(2, "date"), (3, "date"),
                                                            (5, "date")]
    assert all("not a date; expected a calendar date" in w.reason for w in result.warnings)


def test_dataset_dates_out_of_the_nanosecond_range(tmp_path, gazetteer, zones):
    acled = write(tmp_path, "a.csv", f"{ACLED_HEAD}\nX1,9999-12-31,Riots,33.3,44.3,1\n"
                  "X2,0001-01-01,Riots,33.3,44.3,1\n")
    ucdp = write(tmp_path, "u.csv", "id,where_prec,date_prec,date_start,date_end,latitude,"
                 "longitude,best\n1,1,1,0001-01-01,9999-12-31,33.3,44.3,1\n")
    assert [str(d)[:10] for d in both(acled, gazetteer, zones).incidents["date"]] == \
        ["9999-12-31", "0001-01-01"]
    got = both(ucdp, gazetteer, zones).incidents.iloc[0]
    assert str(got["date"])[:10] == "0001-01-01"
    assert got["date_text"] == "0001-01-01 to 9999-12-31"


@pytest.mark.parametrize("suffix", [".csv", ".geojson", ".geojsonl", ".gpkg", ".fgb",
                                    ".parquet"])
def test_extreme_dates_round_trip_through_every_writer(tmp_path, gazetteer, suffix):
    src = write(tmp_path, "d.csv", "lon,lat,date\n44.39,33.30,9999-12-31\n"
                "44.39,33.30,0001-01-01\n44.39,33.30,\n")
    incidents = io.read_incidents(src, gazetteer=gazetteer).incidents
    out = io.write_incidents(incidents, tmp_path / f"out{suffix}")
    back = io.read_incidents(out, gazetteer=gazetteer)
    assert back.rejects == [] and back.warnings == []
    assert [None if pd.isna(d) else str(d)[:10] for d in back.incidents["date"]] == \
        ["9999-12-31", "0001-01-01", None]


def test_extreme_dates_reach_the_map(tmp_path, gazetteer, zones):
    from geoincidents import render, spatial

    src = write(tmp_path, "d.csv", "lon,lat,date\n44.39,33.30,9999-12-31\n"
                "44.39,33.30,0001-01-01\n")
    incidents = io.read_incidents(src, gazetteer=gazetteer).incidents
    fmap = render.incident_map(incidents, zones, spatial.join_zones(incidents, zones))
    html = render.save_map(fmap, tmp_path / "m.html").read_text()
    # days since 1970-01-01 of 9999-12-31 and 0001-01-01, as the page's date filter reads them
    assert render.read_payload(html)["incidents"]["day"] == [2932896, -719162]


def test_an_article_dated_0001_does_not_stop_the_folder(tmp_path, gazetteer):
    from geoincidents.extract import read_articles

    write(tmp_path, "a.txt", "Published: 0001-01-01\n\nTwo rockets hit Camp Taji on Sunday.\n")
    write(tmp_path, "b.txt", "Published: 2020-03-16\n\nTwo rockets hit Camp Taji on Sunday.\n")
    result = read_articles(tmp_path, gazetteer=gazetteer)
    assert result.incidents["source_file"].str.endswith("b.txt").tolist() == [True]
    (rej,) = result.rejects
    assert rej.source.endswith("a.txt") and "out of the calendar's range" in rej.reason


# -- GeoJSON ----------------------------------------------------------------------------------

def point(lon=44.39, lat=33.30, **props):
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def test_geojson_features_that_are_not_feature_objects_are_named(tmp_path, gazetteer, zones):
    features = [1, {**point(), "properties": 5}, {**point(), "type": "feature"}, "x",
                point(), {**point(), "geometry": {"type": "Point", "coordinates": "abc"}}]
    path = write(tmp_path, "f.geojson", json.dumps({"type": "FeatureCollection",
                                                    "features": features}))
    result = both(path, gazetteer, zones)
    assert len(result.incidents) == 1
    assert [(r.row, r.field) for r in result.rejects] == [
        (1, None), (2, "properties"), (3, "type"), (4, None), (6, "geometry")]
    cli = CliRunner().invoke(main, ["report", "zones", str(path), "-f", "csv"])
    assert cli.exit_code == 3 and "row 3, field 'type'" in cli.stderr


def test_geojson_nested_100k_levels_is_a_clear_error(tmp_path, gazetteer):
    for name, text in (("deep.geojson", '{"a":' * 100_000 + "1" + "}" * 100_000),
                       ("deep.json", "[" * 100_000 + "]" * 100_000)):
        path = write(tmp_path, name, text)
        with pytest.raises(DataError, match="nested deeper than can be read"):
            io.read_incidents(path, gazetteer=gazetteer)
        cli = CliRunner().invoke(main, ["report", "zones", str(path)])
        assert cli.exit_code == 1 and "Traceback" not in cli.output


def test_geojson_sequence_lines_split_at_line_feeds_only(tmp_path, gazetteer):
    text = "\n".join(json.dumps(point(notes=f"a\u2028b\x85c {k}"), ensure_ascii=False)
                     for k in range(3)) + "\n"
    result = io.read_incidents(write(tmp_path, "s.geojsonl", text), gazetteer=gazetteer)
    assert len(result.incidents) == 3 and result.rejects == []


# -- GDELT ------------------------------------------------------------------------------------

def test_gdelt_fields_may_hold_any_separator_but_lf(tmp_path, gazetteer, zones):
    from geoincidents.formats import gdelt

    names = gdelt.COLUMNS[58]
    rows = []
    for k, odd in enumerate(["\u2028", "\x85", "\x1c", "\x1d", "\x1e", "\v", "\f", "\r"]):
        fields = dict.fromkeys(names, "")
        fields.update(GLOBALEVENTID=str(900 + k), SQLDATE="20200105", EventCode="190",
                      ActionGeo_Type="4", ActionGeo_FullName=f"Baghdad{odd}Iraq",
                      ActionGeo_CountryCode="IZ", ActionGeo_Lat="33.3", ActionGeo_Long="44.4",
                      Actor1Name=f"A{odd}B")
        rows.append("\t".join(fields[n] for n in names))
    path = write(tmp_path, "e.export.CSV", "\r\n".join(rows) + "\r\n")
    result = both(path, gazetteer, zones)
    assert len(result.incidents) == 8 and result.rejects == []
    assert result.incidents["source_row"].tolist() == list(range(1, 9))


# -- HTML -------------------------------------------------------------------------------------

@pytest.mark.timeout(30)  # a hang guard; speed itself is measured in bench/, not here
@pytest.mark.parametrize("markup", [
    "<html><head>" + "<meta " * 20_000 + "</head><body><p>Two rockets hit Camp Taji.</p>",
    "<html><body><p>Two rockets hit Camp Taji.</p><script>" + "var a = 1;" * 12_000,
    "<html><body><p>Two rockets hit Camp Taji.</p><!--" + "x " * 60_000,
    "<html><body><p>" + "Two rockets hit Camp Taji on Sunday. " * 32_000 + "</p></body></html>",
])
def test_hostile_html_is_parsed_not_searched(markup):
    from geoincidents.extract import text

    body, published = text.html_to_text(markup)
    assert body.startswith("Two rockets hit Camp Taji") and published is None
    assert "var a" not in body and "x x" not in body


def test_html_publication_date_from_the_page(tmp_path):
    from geoincidents.extract import text

    page = ('<html><head><meta property="article:published_time" content="2021-02-16T08:00">'
            "</head><body><p>Two rockets hit Camp Taji.</p></body></html>")
    assert text.html_to_text(page)[1] == "2021-02-16"


# -- zones across the antimeridian ------------------------------------------------------------

def zone_file(tmp_path: Path, geometry: dict) -> Path:
    return write(tmp_path, "z.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"zone_id": "fiji", "name": "Fiji zone"},
         "geometry": geometry}]}))


SPLIT = {"type": "MultiPolygon", "coordinates": [
    [[[179.5, -17.5], [180, -17.5], [180, -16.5], [179.5, -16.5], [179.5, -17.5]]],
    [[[-180, -17.5], [-179.5, -17.5], [-179.5, -16.5], [-180, -16.5], [-180, -17.5]]]]}
UNSPLIT = {"type": "Polygon", "coordinates": [
    [[179.5, -17.5], [-179.5, -17.5], [-179.5, -16.5], [179.5, -16.5], [179.5, -17.5]]]}


@pytest.mark.parametrize("geometry", [SPLIT, UNSPLIT])
def test_zones_across_the_antimeridian(tmp_path, geometry):
    zones_path = zone_file(tmp_path, geometry)
    points = write(tmp_path, "p.csv", "lon,lat\n179.9,-17\n-179.9,-17\n0,-17\n")
    args = [str(points), "--zones", str(zones_path), "--no-bundled-zones"]
    out = CliRunner().invoke(main, ["report", "zones", *args, "-f", "csv"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[1].startswith("fiji,Fiji zone,zone,2,0,")
    streamed = CliRunner().invoke(main, ["report", "zones", *args, "-f", "csv",
                                         "--chunksize", "1"])
    assert streamed.stdout == out.stdout
    made = CliRunner().invoke(main, ["map", *args, "-o", str(tmp_path / "m.html")])
    assert made.exit_code == 0, made.output


def test_zone_longitudes_beyond_180_are_refused(tmp_path):
    from geoincidents.zones import read_zones

    path = zone_file(tmp_path, {"type": "Polygon", "coordinates": [
        [[199.5, -17.5], [200.5, -17.5], [200.5, -16.5], [199.5, -17.5]]]})
    with pytest.raises(ZoneError, match=r"feature 1 \('fiji'\).*longitude 200.5 is outside"):
        read_zones(path)


def test_zone_file_feature_of_another_type_is_refused(tmp_path):
    from geoincidents.zones import read_zones

    path = write(tmp_path, "z.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "feature", "properties": {"zone_id": "a", "name": "A"}, "geometry": SPLIT}]}))
    with pytest.raises(ZoneError, match="feature 1, field 'type': 'feature'"):
        read_zones(path)


# -- streaming equals batch -------------------------------------------------------------------

@pytest.mark.parametrize("name, content, placed, rejected", [
    ("cr.csv", "lon,lat\r44.39,33.30\r69.265,34.946\r", 2, 0),
    ("nbsp.csv", "lon,lat\n\u00a044.39,33.30\n", 1, 0),
    ("header.csv", '"lon",lat,"no\nte"\n44.39,33.30,x\n', 1, 0),
    ("blank.csv", "lon,lat\n44.39,33.30\n\n\n  \n\n", 1, 4),
    ("ucdp.csv", "id,where_prec,date_prec,date_start,latitude,longitude,best\n"
                 "1,4,1,2020-01-02,33.3,44.3,3\n", 1, 0),
    ("acled.csv", f"{ACLED_HEAD}\nX1,9-May-20,Riots,33.3,44.3,1\n", 1, 0),  # a spreadsheet's
    ("acled_bad.csv", f"{ACLED_HEAD}\nX1,May 9th,Riots,33.3,44.3,1\n", 0, 1),
])
def test_streamed_equals_batch(tmp_path, gazetteer, zones, name, content, placed, rejected,
                               capfd):
    path = write(tmp_path, name, content)
    result = both(path, gazetteer, zones)
    assert (len(result.incidents), len(result.rejects)) == (placed, rejected)
    assert "Exception ignored" not in capfd.readouterr().err


def test_ucdp_streamed_keeps_possibly_in_and_dates(tmp_path, gazetteer, zones):
    path = write(tmp_path, "ged.csv", "id,where_prec,date_prec,date_start,latitude,longitude,"
                 "best\n1,4,1,2020-01-02,33.3,44.3,3\n2,1,1,2020-01-03,33.31,44.38,1\n")
    got = both(path, gazetteer, zones, chunksize=1)
    assert got.incidents["date"].notna().all()
    rep = scale.stream_zone_report([path], zones, gazetteer=gazetteer, chunksize=1).report
    assert rep["possibly_in"].sum() > 0 and rep["first_date"].notna().any()


def test_gdelt_streams_as_gdelt(tmp_path, gazetteer, zones):
    from geoincidents.formats import gdelt

    names = gdelt.COLUMNS[58]
    row = dict.fromkeys(names, "")
    row.update(GLOBALEVENTID="1", SQLDATE="20200105", ActionGeo_Type="4",
               ActionGeo_FullName="British Columbia", Actor1Name="British Columbia",
               ActionGeo_Lat="33.3", ActionGeo_Long="44.4")
    path = write(tmp_path, "g.export.CSV", "\t".join(row[n] for n in names) + "\n")
    assert len(both(path, gazetteer, zones).incidents) == 1


def test_reserved_column_names_are_refused_on_every_path(tmp_path, gazetteer, zones):
    path = write(tmp_path, "u.csv", "_lon,_lat\n44.39,33.30\n")
    for read in (lambda: io.read_incidents(path, gazetteer=gazetteer),
                 lambda: scale.stream_zone_report([path], zones, chunksize=1)):
        with pytest.raises(DataError, match=r"\['_lon', '_lat'\] have names geoincidents "
                                            "keeps for itself"):
            read()


# -- repeated ids and swapped coordinates -----------------------------------------------------

def test_repeated_ids_are_rejected_and_a_file_named_twice_is_read_once(tmp_path, gazetteer,
                                                                      zones):
    a = write(tmp_path, "a.csv", "incident_id,lon,lat\nx1,44.39,33.30\nx1,44.39,33.30\n")
    b = write(tmp_path, "b.csv", "incident_id,lon,lat\nx2,44.39,33.30\nx1,44.39,33.30\n")
    result = both(a, gazetteer, zones)
    (rej,) = result.rejects
    assert (rej.row, rej.field) == (2, "incident_id") and "already used in row 1" in rej.reason
    from geoincidents.pipeline import load_incidents

    loaded = load_incidents([a, b, str(a)], gazetteer=gazetteer)
    # each file is its own namespace: b's x1 is another incident, told apart by its file
    assert sorted(loaded.incidents["incident_id"]) == ["a:x1", "b:x1", "x2"]
    by = {(Path(r.source).name, r.row): r.reason for r in loaded.rejects}
    assert set(by) == {("a.csv", None), ("a.csv", 2)}
    assert by[("a.csv", None)].startswith("the same file as the input")
    for chunksize in (1, 10):
        streamed = engine.zone_report([a, b, a], zones, chunksize=chunksize)
        assert (streamed.placed, streamed.rejects) == (3, 2)


def test_rows_without_an_id_get_one_whatever_the_chunks(tmp_path, gazetteer, zones):
    # found by the fuzz suite: an id was made up only when no row of the chunk had one
    path = write(tmp_path, "in.geojson", json.dumps({"type": "FeatureCollection", "features": [
        point(0.0, 0.0), point(44.39, 33.30, incident_id="e7")]}))
    batch = both(path, gazetteer, zones)
    assert batch.incidents["incident_id"].tolist() == ["in-1", "e7"]


def test_repeated_ids_across_dask_partitions_of_one_file(tmp_path, zones):
    import geopandas as gpd
    import shapely

    pytest.importorskip("dask_geopandas")
    n = 600
    ids = [f"e{k % 450}" for k in range(n)]  # rows 451-600 repeat rows 1-150
    gpd.GeoDataFrame({"incident_id": ids, "n_fired": 1.0},
                     geometry=shapely.points([44.39] * n, [33.30] * n), crs=4326).to_parquet(
        tmp_path / "p.parquet", row_group_size=100)
    local = engine.zone_report([tmp_path / "p.parquet"], zones, chunksize=100)
    dask = engine.zone_report([tmp_path / "p.parquet"], zones, engine="dask", chunksize=100,
                              cluster_options={"processes": False, "n_workers": 1})
    assert (local.placed, local.rejects) == (dask.placed, dask.rejects) == (450, 150)
    pd.testing.assert_frame_equal(local.report, dask.report)


def test_swapped_coordinates_are_warned_about(tmp_path, gazetteer, zones):
    path = write(tmp_path, "s.csv", "lon,lat,country,place\n33.30,44.39,IQ,\n"
                 "44.39,33.30,IQ,\n33.30,44.39,,Baghdad\n44.39,133.30,IQ,\n")
    result = both(path, gazetteer, zones)
    warned = {(w.row, w.field): w.reason for w in result.warnings}
    assert "look swapped" in warned[(1, "country")] and "look swapped" in warned[(3, "place")]
    assert (2, "country") not in warned
    (rej,) = result.rejects
    assert rej.row == 4 and "lon and lat look swapped" in rej.reason


# -- articles on stdin, exit codes -------------------------------------------------------------

ARTICLE = "Published: 2020-03-16\n\nTwo rockets landed inside Camp Taji on Sunday.\n"


def test_an_article_on_stdin_for_map_and_report(tmp_path):
    made = CliRunner().invoke(main, ["map", "-o", str(tmp_path / "m.html")], input=ARTICLE)
    assert made.exit_code == 0, made.output
    assert (tmp_path / "m.html").exists()
    out = CliRunner().invoke(main, ["report", "zones", "-f", "csv"], input=ARTICLE)
    assert out.exit_code == 0, out.output
    assert "camp-taji,Camp Taji,base,1," in out.stdout
    table = CliRunner().invoke(main, ["report", "zones", "-f", "csv"],
                               input="lon,lat\n44.39,33.30\n")
    assert "green-zone" in table.stdout.splitlines()[1]


def test_a_row_of_bytes_that_are_not_utf8_is_a_named_reject_when_streamed(tmp_path):
    """Found by the fuzz suite: a reject whose value kept an undecodable byte crashed the
    streamed report while writing the rejects; the byte is now shown escaped."""
    from click.testing import CliRunner

    from geoincidents.cli import main

    src = tmp_path / "bad.csv"
    src.write_bytes(b"lon,place,uncertainty_m\n\xff\n")
    rejects = tmp_path / "rejects.csv"
    result = CliRunner().invoke(main, ["report", "zones", "--chunksize", "1", str(src),
                                       "--rejects", str(rejects)])
    assert result.exit_code == 3, result.output
    assert "row 1" in result.output
    assert "\\xff" in rejects.read_text(encoding="utf-8")
