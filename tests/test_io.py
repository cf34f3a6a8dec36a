"""Reading incident tables: coordinates, place names, and every kind of bad row."""

from __future__ import annotations

import json

import pytest

from geoincidents import io, model, settings
from geoincidents.errors import DataError, OutputExists

HEADER = "incident_id,event_type,date,lon,lat,place\n"


def test_sample_table_reads_clean(gazetteer):
    result = io.read_incidents(settings.sample_incidents_path(), gazetteer=gazetteer)
    assert len(result.incidents) == 9 and result.rejects == []
    inc = result.incidents.set_index("incident_id")
    assert inc.loc["iq-2020-07-04-green-zone", "launch_place_id"] == "iq-ali-al-saleh"
    assert inc.loc["iq-2020-07-04-green-zone", "launch_uncertainty_m"] >= 5_000
    assert inc.loc["iq-2020-07-04-taji-thwarted", "target_place_id"] == "iq-camp-taji"
    assert list(result.incidents.columns[:len(model.COLUMNS)]) == list(model.COLUMNS)
    assert str(result.incidents["date"].dtype) == "datetime64[s]"
    assert bool(inc.loc["iq-2020-01-03-airport-drone", "background"]) is True


def test_coordinates_win_and_place_fills_in(write_csv, gazetteer):
    path = write_csv(HEADER + "a,rocket_attack,2020-01-01,44.0,33.0,Somewhere odd\n"
                              "b,rocket_attack,2020-01-02,,,Camp Taji\n")
    result = io.read_incidents(path, gazetteer=gazetteer)
    assert result.rejects == []
    a, b = result.incidents.itertuples()
    assert (a.geometry.x, a.geometry.y, a.uncertainty_m) == \
        (44.0, 33.0, settings.coordinate_radius_m)
    assert b.place_id == "iq-camp-taji" and b.uncertainty_m > 1000


@pytest.mark.parametrize("row,field,match", [
    ("a,x,2020-01-01,44.0,123,", "lat", r"123 is out of range; expected a latitude"),
    ("a,x,2020-01-01,abc,33,", "lon", r"abc is not a number; expected a longitude"),
    ("a,x,2020-01-01,,,Atlantis-under-the-sea", "place",
     r"no place called 'Atlantis-under-the-sea'"),
    ("a,x,2020-01-01,44.0,,", "lat", r"empty while the other coordinate is given"),
    ("a,x,2020-01-01,,,", "place", r"no coordinates and no place name"),
    ("a,x,2020-01-01,44.0", None, r"has 4 fields; expected 6"),
    (",,,,,", None, r"empty row"),
])
def test_bad_rows_are_rejected_and_the_rest_placed(write_csv, gazetteer, row, field, match):
    path = write_csv(HEADER + "ok1,x,2020-01-01,44.0,33.0,\n" + row +
                     "\nok2,x,2020-01-01,,,Baghdad\n")
    result = io.read_incidents(path, gazetteer=gazetteer)
    assert list(result.incidents["incident_id"]) == ["ok1", "ok2"]
    (reject,) = result.rejects
    assert reject.row == 2 and reject.field == field and reject.source == str(path)
    assert str(reject).startswith(f"{path}, row 2")
    assert pytest.approx(0) == 0
    import re
    assert re.search(match, reject.reason), reject.reason


def test_blank_line_is_an_empty_row(write_csv, gazetteer):
    path = write_csv(HEADER + "ok1,x,2020-01-01,44.0,33.0,\n\nok2,x,2020-01-01,44.1,33.1,\n")
    result = io.read_incidents(path, gazetteer=gazetteer)
    assert len(result.incidents) == 2
    assert [(r.row, r.reason[:9]) for r in result.rejects] == [(2, "empty row")]


def test_non_utf8_byte_names_the_field(write_csv, gazetteer):
    raw = (HEADER + "ok1,x,2020-01-01,44.0,33.0,\n").encode() + \
        b"bad,x,2020-01-01,,,Caf\xe9 town\n" + b"ok2,x,2020-01-01,44.1,33.1,\n"
    path = write_csv(raw)
    result = io.read_incidents(path, gazetteer=gazetteer)
    assert list(result.incidents["incident_id"]) == ["ok1", "ok2"]
    (reject,) = result.rejects
    assert (reject.row, reject.field) == (2, "place")
    assert "0xE9" in reject.reason and "UTF-8" in reject.reason


def test_missing_columns_is_a_file_error(write_csv, gazetteer):
    path = write_csv("incident_id,date\n1,2020-01-01\n")
    with pytest.raises(DataError, match=r"incidents.csv: missing column\(s\): expected 'lon' "
                       r"and 'lat'.*or a 'place' column.*found \['incident_id', 'date'\]"):
        io.read_incidents(path, gazetteer=gazetteer)


@pytest.mark.parametrize("content,match", [
    ("", "empty file"),
    (b"\x00\x01\x02binary", "binary data"),
    ("a,a,lon,lat\n1,2,3,4\n", r"column\(s\) \['a'\] appear twice"),
])
def test_whole_file_errors(write_csv, gazetteer, content, match):
    with pytest.raises(DataError, match=match):
        io.read_incidents(write_csv(content), gazetteer=gazetteer)


def test_file_not_found(tmp_path, gazetteer):
    with pytest.raises(DataError, match="nope.csv: file not found"):
        io.read_incidents(tmp_path / "nope.csv", gazetteer=gazetteer)


def test_explicit_columns(write_csv, gazetteer):
    path = write_csv("id,X_deg,Y_deg\n1,44,33\n")
    result = io.read_incidents(path, gazetteer=gazetteer, lon_column="X_deg", lat_column="Y_deg")
    assert len(result.incidents) == 1
    with pytest.raises(DataError, match="no column 'nope'"):
        io.read_incidents(path, gazetteer=gazetteer, lon_column="nope", lat_column="Y_deg")


def test_precision_and_radius_columns(write_csv, gazetteer):
    path = write_csv("lon,lat,geo_precision,uncertainty_m,date\n44,33,2,,2020-02-30\n"
                     "44,33,,750,2020-01-01\n44,33,9,,2020-01-01\n")
    result = io.read_incidents(path, gazetteer=gazetteer)
    assert list(result.incidents["uncertainty_m"]) == [25_000.0, 750.0, 100.0]
    fields = sorted((w.row, w.field) for w in result.warnings)
    assert fields == [(1, "date"), (3, "geo_precision")]
    assert result.incidents["date"].isna().iloc[0]


def test_unknown_launch_place_is_a_warning(write_csv, gazetteer):
    path = write_csv("lon,lat,launch_place,target\n44,33,Nowhere-ville-xyz,Camp Taji\n")
    result = io.read_incidents(path, gazetteer=gazetteer)
    assert len(result.incidents) == 1 and result.rejects == []
    (warning,) = result.warnings
    assert warning.field == "launch_place" and "placed without its launch site" in warning.reason
    assert result.incidents["target_place_id"].iloc[0] == "iq-camp-taji"


def test_geojson_and_geopackage(tmp_path, gazetteer):
    features = [
        {"type": "Feature", "properties": {"incident_id": "p", "event_type": "ied"},
         "geometry": {"type": "Point", "coordinates": [44.39, 33.30]}},
        {"type": "Feature", "properties": {"incident_id": "q", "place": "Camp Taji"},
         "geometry": None},
        {"type": "Feature", "properties": {"incident_id": "r"}, "geometry": None},
        {"type": "Feature", "properties": {"incident_id": "s"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}},
    ]
    path = tmp_path / "inc.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    result = io.read_incidents(path, gazetteer=gazetteer)
    assert list(result.incidents["incident_id"]) == ["p", "q", "s"]
    assert [(r.row, r.field) for r in result.rejects] == [(3, "place")]
    assert [(w.row, w.field) for w in result.warnings] == [(4, "geometry")]
    gpkg = tmp_path / "inc.gpkg"
    result.incidents.drop(columns=["date"]).to_file(gpkg, driver="GPKG")
    again = io.read_incidents(gpkg, gazetteer=gazetteer)
    assert list(again.incidents["incident_id"]) == ["p", "q", "s"]


def test_writers_refuse_to_overwrite(tmp_path, gazetteer):
    result = io.read_incidents(settings.sample_incidents_path(), gazetteer=gazetteer)
    out = io.write_incidents(result.incidents, tmp_path / "out.csv")
    with pytest.raises(OutputExists, match="pass --overwrite"):
        io.write_incidents(result.incidents, out)
    io.write_incidents(result.incidents, out, overwrite=True)
    back = io.read_incidents(out, gazetteer=gazetteer)
    assert len(back.incidents) == 9 and back.rejects == []
    rej = io.write_rejects([model.Reject("f.csv", 3, "lat", "123", "bad")], tmp_path / "r.csv")
    assert rej.read_text().splitlines() == ["source,row,field,value,reason", "f.csv,3,lat,123,bad"]
