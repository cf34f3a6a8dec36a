"""The map page as written: self-contained, data only as safe JSON, options validated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import folium
import numpy as np
import pytest
from branca.element import Element
from click.testing import CliRunner
from conftest import HOSTILE_PLACE, HOSTILE_QUOTE

from geoincidents import assets, basemap, render, spatial
from geoincidents.cli import main
from geoincidents.errors import DataError


def _payload(html: str) -> dict:
    return render.read_payload(html)


@pytest.fixture(scope="module")
def offline_html(small_incidents, zones):
    return render.incident_map(small_incidents, zones).get_root().render()


def test_offline_page_references_nothing_external(offline_html):
    assert render.external_references(offline_html) == []
    assert "L.Map" in offline_html or "L.map" in offline_html  # Leaflet itself is inlined
    # the stylesheet's images are data URIs, not files next to the page
    assert "url(images/" not in offline_html
    assert "data:image/png;base64," in offline_html


def test_online_page_links_leaflet_and_tiles(small_incidents, zones):
    html = render.incident_map(small_incidents, zones, online=True).get_root().render()
    refs = render.external_references(html)
    assert any(r.endswith(f"leaflet@{assets.leaflet_version()}/dist/leaflet.js") for r in refs)
    data = _payload(html)
    assert data["tiles"]["name"] == render.DEFAULT_TILES == "OpenStreetMap.Mapnik"
    assert data["countries"] is None  # tiles give the context
    assert len(html) < len(render.incident_map(small_incidents, zones).get_root().render()) / 2


def test_hostile_text_only_reaches_the_page_as_escaped_json(offline_html):
    assert HOSTILE_QUOTE not in offline_html
    assert HOSTILE_PLACE not in offline_html
    assert "<script>alert" not in offline_html and "<img src=x" not in offline_html
    data = _payload(offline_html)
    text = data["incidents"]["text"]
    assert HOSTILE_QUOTE in text["quote"]["values"]
    assert HOSTILE_PLACE in text["place"]["values"]


def test_page_json_cannot_close_its_script_element():
    text = render.page_json({"q": "</script><!-- <script>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"q": "</script><!-- <script>&"}


def test_assets_reach_the_page_byte_for_byte(offline_html):
    # inlined as they are, never compiled as a template (a "{{" or "{#" in them would be)
    assert assets.head_html(online=False) in offline_html
    for name in (*assets.OUR_SCRIPTS, "geoincidents.css"):
        assert (assets.STATIC_DIR / name).read_text(encoding="utf-8") in offline_html


def test_folium_map_output_is_not_compiled_again(small_incidents, zones):
    # branca's MacroElement.render compiles each macro's output as a new template; our map
    # element pastes it as it is (the id stands in for any value folium's macros print)
    fmap = render.incident_map(small_incidents, zones)
    fmap._id = "x{{ 7*7 }}"
    html = fmap.get_root().render()
    assert 'id="map_x{{ 7*7 }}"' in html and "map_x49" not in html


HOSTILE = ("{{ 7*7 }} {% if 1 %}x{% endif %} </script><script>window.pwned=1</script> "
           "{{ '%c'|format(60) }} {{ cycler.__init__.__globals__.os.popen('id > PWNED').read() }}")


def test_template_syntax_in_any_text_stays_data(small_incidents, zones, tmp_path,
                                                 monkeypatch):
    # the browser tests (test_map_injection.py) check each CLI channel on screen; this
    # checks the page source for every text the API takes, without a browser
    monkeypatch.chdir(tmp_path)
    incidents = small_incidents.copy()
    for name in ("incident_id", "place", "place_name", "launch_place", "notes", "event_type"):
        incidents[name] = HOSTILE
    hostile_zones = zones.copy()
    hostile_zones["name"] = HOSTILE
    hostile_zones["kind"] = HOSTILE
    html = render.page_html(render.incident_map(incidents, hostile_zones, title=HOSTILE,
                                                ranges={HOSTILE: 8000.0}))
    assert not (tmp_path / "PWNED").exists()
    assert "<script>window.pwned" not in html
    data = _payload(html)
    assert data["title"] == HOSTILE and data["ranges"] == {HOSTILE: 8000.0}
    assert data["types"][data["incidents"]["type"][0]] == HOSTILE
    assert data["typeLabels"][HOSTILE] == HOSTILE
    for name in ("incident_id", "place", "place_name", "launch_place", "notes"):
        assert data["incidents"]["text"][name]["values"] == [HOSTILE]
    assert {f["properties"]["name"] for f in data["zones"]["features"]} == {HOSTILE}
    assert data["zoneKinds"] == [HOSTILE]
    assert {p[2] for p in data["places"]} == {HOSTILE}
    assert {r["site"] for r in data["rings"]} == {HOSTILE}
    assert "<title>{{ 7*7 }} {% if 1 %}x{% endif %} &lt;/script&gt;" in html


def test_title_is_escaped(small_incidents, zones):
    html = render.incident_map(small_incidents, zones, title="</title><b>x").get_root().render()
    assert "<title>&lt;/title&gt;&lt;b&gt;x</title>" in html


def test_payload_columns(small_incidents, zones, offline_html):
    data = _payload(offline_html)
    inc = data["incidents"]
    assert data["n"] == len(small_incidents) == len(inc["lon"]) == len(inc["day"])
    assert inc["lon"][0] == round(44.3903 * render.COORD_SCALE)
    assert inc["bg"] == [0, 0, 0, 1, 1, 0]
    # days since 1970 (ISO in the page); a wide (25 km) radius is level 1
    assert inc["day"][0] == (np.datetime64("2020-01-03") - np.datetime64("1970-01-01")).astype(int)
    assert inc["level"] == [0, 0, 0, 1, 0, 0]
    assert inc["cas"][:3] == [1, 16, 4]
    assert data["types"][inc["type"][2]] == "ied"
    names = dict(zip(zones["zone_id"], zones["name"]))
    zone_of = spatial.join_zones(small_incidents, zones, nearest=False)["zone_id"]
    col = inc["text"]["zone"]
    shown = [None if c < 0 else col["values"][c] for c in col["codes"]]
    assert shown == [names.get(z) for z in zone_of]
    assert shown[0] == names["green-zone"] and shown[4] == names["us-embassy-baghdad"]
    assert {f["properties"]["zone_id"] for f in data["zones"]["features"]} == \
        set(zones["zone_id"])
    # the launch -> impact distance is the geodesic one
    k = data["launch"]["i"].index(1)
    expected = spatial.distance_m(44.2342, 33.5092, 44.2775, 33.5294)
    assert data["launch"]["dist_m"][k] == pytest.approx(float(expected), abs=1)
    assert "IRQ" in {f["properties"]["iso_a3"] for f in data["countries"]["features"]}


def test_range_rings_are_geodesic(offline_html):
    rings = _payload(offline_html)["rings"]
    assert {r["label"] for r in rings} == set(render.WEAPON_RANGES_M)
    for ring in rings:
        xy = np.array(ring["ring"])
        d = spatial.distance_m(44.2342, 33.5092, xy[:, 0], xy[:, 1])
        assert np.allclose(d, ring["radius_m"], atol=1.5)  # 1e-5 degree rounding


def test_big_payload_is_gzipped_and_round_trips(small_incidents, zones):
    html = render.incident_map(small_incidents, zones, compress=True).get_root().render()
    assert '"gzip":true' in html
    packed = _payload(html)
    plain = _payload(render.incident_map(small_incidents, zones, compress=False)
                     .get_root().render())
    assert packed["n"] == len(small_incidents) and packed["incidents"] == plain["incidents"]


@pytest.mark.parametrize("kwargs, message", [
    ({"ranges": {"107mm": -1}}, r"range ring '107mm' was -1 .* above 0"),
    ({"ranges": {str(i): 1000.0 for i in range(9)}}, r"9 range rings .* at most"),
    ({"max_detail": 0}, r"`max_detail` was 0"),
    ({"tiles": "No.Such.Tiles"}, r"tiles 'No.Such.Tiles' is not an xyzservices provider"),
])
def test_bad_options_raise(small_incidents, zones, kwargs, message):
    with pytest.raises(render.MapError, match=message):
        render.incident_map(small_incidents, zones, **kwargs)


@pytest.mark.parametrize("text, expected", [
    ("107mm=8km,122mm=20km", {"107mm": 8000.0, "122mm": 20000.0}),
    (" 60 mm mortar = 3.5 km ", {"60 mm mortar": 3500.0}),
    ("x=250m", {"x": 250.0}),
    ("", {}),
])
def test_parse_ranges(text, expected):
    assert render.parse_ranges(text) == expected


@pytest.mark.parametrize("text, message", [
    ("107mm", r"'107mm' is not LABEL=DISTANCE"),
    ("107mm=8", r"'107mm=8' is not LABEL=DISTANCE with a unit"),
    ("=8km", r"'=8km' is not LABEL=DISTANCE"),
    ("a=0km", r"'a=0km' must be a distance above 0"),
])
def test_parse_ranges_rejects(text, message):
    with pytest.raises(render.MapError, match=message):
        render.parse_ranges(text)


def test_save_map_refuses_external_scripts_offline(small_incidents, zones, tmp_path):
    fmap = render.incident_map(small_incidents, zones)
    fmap.get_root().header.add_child(Element('<script src="https://example.org/x.js"></script>'))
    with pytest.raises(render.MapError, match=r"would load 'https://example.org/x.js'"):
        render.save_map(fmap, tmp_path / "m.html")
    assert not (tmp_path / "m.html").exists()


def test_save_map_does_not_overwrite(small_incidents, zones, tmp_path):
    fmap = render.incident_map(small_incidents, zones)
    path = render.save_map(fmap, tmp_path / "m.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(FileExistsError, match="exists; pass --overwrite"):
        render.save_map(fmap, path)
    render.save_map(fmap, path, overwrite=True)


def test_returns_a_folium_map_without_cdn_defaults(small_incidents, zones):
    fmap = render.incident_map(small_incidents, zones)
    assert isinstance(fmap, folium.Map)
    assert fmap.default_js == [] and fmap.default_css == []


def test_empty_incidents_still_make_a_map(zones):
    from geoincidents import model

    data = _payload(render.incident_map(model.empty_incidents(), zones).get_root().render())
    assert data["n"] == 0 and data["bounds"] is not None and data["typesPresent"] == []


def test_inline_css_urls_reports_missing_image(tmp_path):
    with pytest.raises(assets.AssetError, match=r"refers to 'images/none.png'"):
        assets.inline_css_urls("a{background:url(images/none.png)}", tmp_path)


def test_country_outlines_filter_and_errors(tmp_path):
    near_iraq = basemap.country_outlines((44.0, 33.0, 45.0, 34.0), margin_deg=1.0)
    assert "IRQ" in set(near_iraq["iso_a3"]) and "USA" not in set(near_iraq["iso_a3"])
    assert {"label_lon", "label_lat"} <= set(near_iraq.columns)
    with pytest.raises(DataError, match=r"countries.geojson is missing"):
        basemap.country_outlines(path=tmp_path / "countries.geojson")
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                   '{"name":"x"},"geometry":{"type":"Point","coordinates":[0,0]}}]}')
    with pytest.raises(DataError, match=r"lacks the field\(s\) \['iso_a3'\]"):
        basemap.country_outlines(path=bad)


def test_cli_map_offline_by_default_and_online_on_request(tmp_path):
    runner = CliRunner()
    out = tmp_path / "m.html"
    result = runner.invoke(main, ["-q", "map", "-o", str(out), "--ranges", "107mm=8km"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert render.external_references(html) == []
    assert list(_payload(html)["ranges"]) == ["107mm"]
    online = tmp_path / "o.html"
    result = runner.invoke(main, ["-q", "map", "-o", str(online), "--online", "--tiles",
                                  "OpenStreetMap.HOT"])
    assert result.exit_code == 0, result.output
    assert _payload(online.read_text(encoding="utf-8"))["tiles"]["name"] == "OpenStreetMap.HOT"


@pytest.mark.parametrize("args, message", [
    (["--ranges", "107mm=8"], "is not LABEL=DISTANCE with a unit"),
    (["--tiles", "Nope"], "tiles 'Nope' is not an xyzservices provider name"),
])
def test_cli_map_bad_options(tmp_path, args, message):
    result = CliRunner().invoke(main, ["-q", "map", "-o", str(tmp_path / "m.html"), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "m.html").exists()


def test_cli_png_refuses_existing_file_before_work(tmp_path):
    png = tmp_path / "m.png"
    png.write_bytes(b"old")
    result = CliRunner().invoke(main, ["-q", "map", "-o", str(tmp_path / "m.html"),
                                       "--png", str(png)])
    assert result.exit_code == 1 and "exists; pass --overwrite" in result.output
    assert png.read_bytes() == b"old" and not (tmp_path / "m.html").exists()


def test_cli_map_to_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["map", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"<!DOCTYPE html>")
    assert result.stdout_bytes.rstrip().endswith(b"</html>")
    assert _payload(result.stdout)["n"] > 0
    assert "<!DOCTYPE" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # no file called "-", nothing else


def test_map_html_is_byte_identical_across_runs(tmp_path):
    # element ids, key orders and gzip headers must not depend on the run: two processes
    # with different hash seeds, the bundled sample articles (rings, arrows, zones)
    def run(seed):
        env = dict(os.environ, PYTHONHASHSEED=str(seed))
        return subprocess.Popen([sys.executable, "-m", "geoincidents", "-q", "map", "-o", "-"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, cwd=Path(__file__).parents[1])

    runs = [run(seed) for seed in (1, 2)]
    (first, err1), (second, err2) = (p.communicate(timeout=300) for p in runs)
    assert runs[0].returncode == runs[1].returncode == 0, (err1, err2)
    assert first.startswith(b"<!DOCTYPE html>") and _payload(first.decode())["rings"]
    assert first == second
