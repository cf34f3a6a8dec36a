"""The foundation's map: layers, legend, and escaped user text."""

from __future__ import annotations

import folium

from geoincidents import io, render, settings

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def test_map_layers_and_escaping(tmp_path, gazetteer, zones, write_csv):
    path = write_csv("incident_id,lon,lat,quote,launch_lon,launch_lat,launch_place\n"
                     f'evil,44.39,33.30,"{HOSTILE}",44.35,33.36,"{HOSTILE}"\n')
    result = io.read_incidents(path, gazetteer=gazetteer)
    fmap = render.incident_map(result.incidents, zones)
    assert isinstance(fmap, folium.Map)
    out = render.save_map(fmap, tmp_path / "m.html")
    html = out.read_text()
    assert "onerror=alert(2)" not in html.replace("&lt;img src=x onerror=alert(2)&gt;", "")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for layer in ("Zones", "Uncertainty", "Incidents"):
        assert layer in html


def test_map_of_sample(gazetteer, zones):
    result = io.read_incidents(settings.sample_incidents_path(), gazetteer=gazetteer)
    html = render.incident_map(result.incidents, zones).get_root().render()
    assert html.count("gi-legend") >= 1 and "Bagram Airfield" in html
