"""Bundled and user zone polygons: validity, containment facts, bad files."""

from __future__ import annotations

import json

import pytest
from pyproj import Geod
from shapely.geometry import Point

from geoincidents.errors import ZoneError
from geoincidents.zones import load_zones, read_zones

REQUIRED = ["green-zone", "us-embassy-baghdad", "camp-taji", "bagram-airfield",
            "baghdad-international-airport", "ain-al-asad", "balad-air-base",
            "erbil-international-airport", "hamid-karzai-international-airport"]


def test_bundled_zones(zones, curated):
    assert set(REQUIRED) <= set(zones["zone_id"])
    assert zones.geometry.is_valid.all()
    assert zones.crs.to_epsg() == 4326
    assert zones[["name", "kind", "country", "source", "accuracy_m"]].notna().all().all()
    ids = {p.place_id for p in curated}
    assert set(zones["place_id"]) <= ids


def test_containment_facts(zones):
    z = zones.set_index("zone_id").geometry
    assert z["green-zone"].contains(z["us-embassy-baghdad"])
    assert z["green-zone"].contains(Point(44.3903, 33.3076))
    assert z["camp-taji"].contains(Point(44.2775, 33.5294))
    assert not z["camp-taji"].contains(Point(44.2342, 33.5092))  # Taji town
    assert z["bagram-airfield"].contains(Point(69.2650, 34.9461))
    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(z["green-zone"])
    assert 5e6 < abs(area) < 15e6  # about 10 km²


def _write_zones(tmp_path, features):
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _feature(zid, coords, geom_type="Polygon", **props):
    return {"type": "Feature", "properties": {"zone_id": zid, "name": zid, **props},
            "geometry": {"type": geom_type, "coordinates": coords}}


def test_self_intersecting_zone_is_named(tmp_path):
    bowtie = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]
    path = _write_zones(tmp_path, [_feature("ok", [[[0, 0], [1, 0], [1, 1], [0, 0]]]),
                                   _feature("bow", bowtie)])
    with pytest.raises(ZoneError, match=r"zones.geojson, feature 2 \('bow'\), field 'geometry': "
                                        r"invalid polygon \(Self-intersection"):
        read_zones(path)


def test_zone_not_a_polygon(tmp_path):
    path = _write_zones(tmp_path, [_feature("p", [1, 2], geom_type="Point")])
    with pytest.raises(ZoneError, match="a Point; expected a Polygon"):
        read_zones(path)


def test_zone_missing_field(tmp_path):
    path = tmp_path / "z.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"title": "x"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}))
    with pytest.raises(ZoneError, match="missing field 'zone_id'"):
        read_zones(path)


def test_zone_duplicate_ids(tmp_path):
    sq = [[[0, 0], [1, 0], [1, 1], [0, 0]]]
    path = _write_zones(tmp_path, [_feature("a", sq), _feature("a", sq)])
    with pytest.raises(ZoneError, match="'a' appears more than once"):
        read_zones(path)


def test_unreadable_zone_file(tmp_path):
    path = tmp_path / "z.geojson"
    path.write_text("not json at all")
    with pytest.raises(ZoneError, match="cannot be read"):
        read_zones(path)


def test_user_zones_beside_and_instead(tmp_path):
    sq = [[[10, 10], [11, 10], [11, 11], [10, 10]]]
    path = _write_zones(tmp_path, [_feature("mine", sq, kind="base")])
    both = load_zones([path])
    assert "mine" in set(both["zone_id"]) and "green-zone" in set(both["zone_id"])
    only = load_zones([path], bundled=False)
    assert list(only["zone_id"]) == ["mine"]


def test_user_zones_geopackage(tmp_path, zones):
    path = tmp_path / "z.gpkg"
    zones.head(2).to_file(path, driver="GPKG")
    assert list(read_zones(path)["zone_id"]) == list(zones["zone_id"].head(2))
