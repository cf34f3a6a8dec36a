"""Geocoding a column of names."""

from __future__ import annotations

from geoincidents.geocode import GEOCODE_COLUMNS, geocode_names


def test_geocode_names(curated):
    out = geocode_names(["Camp Taji", None, " ", "Camp Taji", "Atlantis-under-the-sea"], curated)
    assert list(out.columns) == list(GEOCODE_COLUMNS)
    assert out["place_id"].tolist()[0] == "iq-camp-taji"
    assert out["place_id"].tolist()[3] == "iq-camp-taji"
    assert out["error"].isna().tolist() == [True, True, True, True, False]
    assert "no place called" in out["error"].iloc[4]


def test_geocode_country_context(gazetteer):
    out = geocode_names(["Paris", "Paris"], gazetteer, country="US")
    assert set(out["country"]) == {"US"}
