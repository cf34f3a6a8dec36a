"""The incident schema and rejects."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geoincidents import model


def test_empty_has_every_column():
    empty = model.empty_incidents()
    assert list(empty.columns) == [*model.COLUMNS, "geometry"]
    for name, (dtype, _) in model.COLUMNS.items():
        assert str(empty[name].dtype) == dtype, name
    assert empty.crs.to_epsg() == 4326


def test_conform_casts_and_keeps_extras():
    frame = pd.DataFrame({"killed": ["2", ""], "background": ["true", "no"], "extra": [1, 2],
                          "date": ["2020-01-03", "bad"]})
    out = model.conform(frame, geometry=shapely.points([[1, 2], [3, 4]]))
    assert out["killed"].tolist()[0] == 2 and out["killed"].isna().iloc[1]
    assert out["background"].tolist() == [True, False]
    assert "extra" in out.columns and out.columns[-1] == "geometry"
    assert out["date"].iloc[0] == pd.Timestamp("2020-01-03") and pd.isna(out["date"].iloc[1])


def test_conform_reprojects():
    frame = gpd.GeoDataFrame({"incident_id": ["a"]}, geometry=[shapely.Point(0, 0)],
                             crs="EPSG:3857")
    out = model.conform(frame)
    assert out.crs.to_epsg() == 4326 and out.geometry.iloc[0].x == pytest.approx(0)


def test_event_types_map_to_acled():
    assert model.EVENT_TYPES["thwarted"] == ("Strategic developments", "Disrupted weapons use")
    assert set(model.EVENT_TYPES) >= {"rocket_attack", "drone_strike", "airstrike", "ied", "raid",
                                      "protest", "other"}


def test_precision_radius_roundtrip():
    for code in (1, 2, 3):
        assert model.precision_for_radius(model.radius_for_precision(code)) == code


def test_reject_text_and_frame():
    r = model.Reject("a.csv", 4, "lat", "123", "out of range")
    assert str(r) == "a.csv, row 4, field 'lat': out of range"
    assert str(model.Reject("a.csv", None, None, None, "empty")) == "a.csv: empty"
    frame = model.rejects_frame([r])
    assert list(frame.columns) == model.REJECT_COLUMNS and frame["row"].dtype == "Int64"
