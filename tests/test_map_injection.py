"""User text is data, never template or code: every input channel of ``map`` in Chromium.

Each channel gets Jinja syntax, a ``</script>`` breakout, a filter that yields a raw ``<``
and an ``os.popen`` payload. The page must show the text unchanged where a user reads it
(popup, label, tooltip, legend, title, layer control), run none of it (``window.pwned``
stays undefined, no ``PWNED`` file appears in the working folder) and log no error.
"""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from geoincidents import render
from geoincidents.cli import main

pytestmark = pytest.mark.browser

JINJA = ("{{ 7*7 }}", "{% if 1 %}x{% endif %}", "{{ '%c'|format(60) }}",
         "{{ cycler.__init__.__globals__.os.popen('id > PWNED').read() }}")
BREAKOUT = "</script><script>window.pwned=1</script>"
#: The text most channels get.
HOSTILE = " ".join((JINJA[0], JINJA[1], BREAKOUT, JINJA[2], JINJA[3]))
#: A file name cannot hold "/": an inline handler instead of the breakout.
FILE_HOSTILE = " ".join((*JINJA[:3], "<img src=x onerror=window.pwned=1>", JINJA[3]))
#: A --ranges label cannot hold "=" or ",".
RANGE_HOSTILE = " ".join((*JINJA[:3], "</script><script>window.pwned++</script>", JINJA[3]))

LON, LAT = 44.39, 33.31  # inside the bundled Green Zone
LAUNCH = (44.2342, 33.5092)
TEXT_FIELDS = {"place": "Place (as written)", "launch_place": "Launched from",
               "target": "Target", "weapon": "Weapon", "casualty_notes": "Casualties",
               "damage": "Damage", "actors": "Actors", "source": "Source",
               "quote": "Source text", "notes": "Notes"}


def _csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path.name


def _incident(**fields):
    row = {"event_type": "rocket_attack", "date": "2020-01-03", "lon": LON, "lat": LAT}
    row.update(fields)
    return row


def _zone_file(path, text):
    ring = [[LON - 0.01, LAT - 0.01], [LON + 0.01, LAT - 0.01], [LON + 0.01, LAT + 0.01],
            [LON - 0.01, LAT + 0.01], [LON - 0.01, LAT - 0.01]]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"zone_id": text, "name": text, "kind": text, text: text}}]}),
        encoding="utf-8")
    return path.name


def _gazetteer_file(path, text):
    _csv(path, [{"place_id": "hostile-place", "name": text, "kind": "neighbourhood",
                 "country": "IQ", "lat": LAT, "lon": LON, "radius_m": 500}])
    return path.name


# -- channels: each writes its input files in the working folder and returns the map
# command's arguments (None when it wrote m.html itself) and what the page must show ----

def csv_fields(tmp):
    row = _incident(incident_id=HOSTILE, launch_lon=LAUNCH[0], launch_lat=LAUNCH[1],
                    **{name: HOSTILE for name in TEXT_FIELDS})
    return [_csv(tmp / "a.csv", [row]), "--ranges", "107mm=8km"], {
        "popup": {label: HOSTILE for label in TEXT_FIELDS.values()}, "popup_title": HOSTILE,
        "tooltips": [f"{HOSTILE} → impact: ", f"107mm: 8.00 km from {HOSTILE}"]}


def event_type(tmp):
    # through the library: whether a reader keeps a type it does not know is the reader's
    # rule, but whatever the schema lets through must show as text
    from geoincidents import model
    from geoincidents.zones import load_zones

    frame = model.conform(pd.DataFrame({"event_type": [HOSTILE], "date": ["2020-01-03"]}),
                          geometry=shapely.points([LON], [LAT]))
    render.save_map(render.incident_map(frame, load_zones(user=False)), tmp / "m.html")
    return None, {"popup": {"Type": HOSTILE}, "legend": [HOSTILE]}


def article(tmp):
    (tmp / "art.txt").write_text(
        "Published: 2020-01-05\n\nRocket hits the Green Zone\n\nA Katyusha rocket struck the "
        f"Green Zone in Baghdad on Friday, a police officer said {HOSTILE} today.\n",
        encoding="utf-8")
    return ["art.txt"], {"popup_contains": {"Source text": HOSTILE}}


def zones_option(tmp):
    return [_csv(tmp / "a.csv", [_incident()]), "--zones", _zone_file(tmp / "z.geojson",
                                                                        HOSTILE)], {
        "popup": {"In zone": HOSTILE}, "labels": [HOSTILE], "legend": [f"zone: {HOSTILE}"],
        "tooltips": [f"{HOSTILE}\n{HOSTILE}"]}  # name over kind


def zones_import(tmp):
    _run(["zones", "import", _zone_file(tmp / "mine.geojson", HOSTILE)])
    args, expected = zones_option(tmp)
    return args[:1], expected


def _geocoded(tmp):
    return [_csv(tmp / "a.csv", [{"event_type": "ied", "date": "2020-01-03",
                                  "place": HOSTILE}])], {
        "popup": {"Resolved place": HOSTILE, "Place (as written)": HOSTILE},
        "labels": [HOSTILE]}


def gazetteer_import(tmp):
    _run(["gazetteer", "import", _gazetteer_file(tmp / "places.csv", HOSTILE)])
    return _geocoded(tmp)


def gazetteer_option(tmp):
    args, expected = _geocoded(tmp)
    return [*args, "--gazetteer", _gazetteer_file(tmp / "places.csv", HOSTILE)], expected


def title(tmp):
    return [_csv(tmp / "a.csv", [_incident()]), "--title", HOSTILE], {
        "title": HOSTILE, "legend": [HOSTILE]}


def ranges(tmp):
    row = _incident(launch_lon=LAUNCH[0], launch_lat=LAUNCH[1])
    return [_csv(tmp / "a.csv", [row]), "--ranges", f"{RANGE_HOSTILE}=8km"], {
        "legend": [f"{RANGE_HOSTILE} range ring (8.00 km)"],
        "tooltips": [f"{RANGE_HOSTILE}: 8.00 km from launch site"]}


def file_name(tmp):
    name = _csv(tmp / f"{FILE_HOSTILE}.csv", [_incident()])
    return [name], {"popup": {"Source file": name}, "popup_title": f"{FILE_HOSTILE}-1"}


def geojson_properties(tmp):
    (tmp / "a.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [LON, LAT]},
        "properties": {"event_type": "ied", "date": "2020-01-03", "notes": HOSTILE,
                       HOSTILE: HOSTILE}}]}), encoding="utf-8")
    return ["a.geojson"], {"popup": {"Notes": HOSTILE}}


CHANNELS = [csv_fields, event_type, article, zones_option, zones_import, gazetteer_import,
            gazetteer_option, title, ranges, file_name, geojson_properties]


def _run(args, *, ok=(0,)):
    result = CliRunner().invoke(main, ["-q", *args])
    assert result.exit_code in ok, (result.output, result.stderr)
    return result


#: What a reader sees: title, legend, layer control, labels and every tooltip (opened, read,
#: closed again so they do not cover the incident clicked next).
SEEN = """() => {
  const gi = window.geoincidents.map, map = gi.map, text = s => s ? s.innerText : null;
  map.eachLayer(l => {
    const tip = l.getTooltip && l.getTooltip();
    if (!tip) return;
    l.openTooltip(l.getBounds ? l.getBounds().getCenter() : l.getLatLng());
  });
  const seen = {
    title: document.title,
    legend: text(document.querySelector('.gi-legend')),
    layers: text(document.querySelector('.leaflet-control-layers')),
    labels: [...document.querySelectorAll('.gi-label span')].map(s => s.textContent),
    tooltips: [...document.querySelectorAll('.leaflet-tooltip')].map(t => t.innerText),
  };
  map.eachLayer(l => l.closeTooltip && l.closeTooltip());
  return seen;
}"""


def _popup(opened):
    """Click the first incident like a user; its popup's title, rows and element."""
    page = opened.page
    marker = opened.js("window.geoincidents.markers()")[0]
    page.mouse.click(marker["x"], marker["y"])
    content = page.locator(".leaflet-popup-content")
    content.wait_for(timeout=5000)
    rows = content.evaluate("""c => Object.fromEntries([...c.querySelectorAll('tr')].map(
        tr => [tr.querySelector('th').innerText, tr.querySelector('td').innerText]))""")
    return content.locator(".gi-popup-title").inner_text(), rows, content


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.__name__)
def test_hostile_text_is_shown_verbatim_and_runs_nothing(channel, open_map, tmp_path,
                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    args, expected = channel(tmp_path)
    if args is not None:
        _run(["map", *args, "-o", "m.html"])
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    opened = open_map(tmp_path / "m.html")
    seen = opened.js(SEEN)
    title_text, rows, content = _popup(opened)
    if "title" in expected:
        assert seen["title"] == expected["title"]
        assert seen["legend"].splitlines()[0] == expected["title"]
    legend = [line.strip() for line in seen["legend"].splitlines()]
    for text in expected.get("legend", []):
        assert text in legend, legend
    for text in expected.get("labels", []):
        assert text in seen["labels"]
    for text in expected.get("tooltips", []):
        assert any(text in t for t in seen["tooltips"]), (text, seen["tooltips"])
    for label, text in expected.get("popup", {}).items():
        assert rows.get(label) == text, (label, rows)
    for label, text in expected.get("popup_contains", {}).items():
        assert text in rows.get(label, ""), (label, rows)
    if "popup_title" in expected:
        assert title_text == expected["popup_title"]
    assert content.locator("script, img").count() == 0
    assert opened.js("typeof window.pwned") == "undefined"
    assert not (tmp_path / "PWNED").exists()
    assert opened.console_errors == [] and opened.dialogs == [] and opened.failed == []


def test_hostile_tiles_name_is_refused_and_runs_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run(["map", _csv(tmp_path / "a.csv", [_incident()]), "-o", "m.html",
                   "--tiles", HOSTILE], ok=(1,))
    assert f"tiles {HOSTILE!r} is not an xyzservices provider name" in result.stderr
    assert not (tmp_path / "m.html").exists() and not (tmp_path / "PWNED").exists()


#: A 1x1 GIF, so the tile layer loads with the network blocked.
_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def test_tile_layer_name_and_attribution_are_text(open_map, small_incidents, zones, tmp_path,
                                                  monkeypatch):
    # names and attributions come from xyzservices today; the page must not trust them.
    # An attribution is HTML: its text and http(s) links stay, its markup does not run.
    attribution = (f'<a href="https://example.org/a">Tiles &amp; data</a> {" ".join(JINJA)} '
                   f'{BREAKOUT} <img src=x onerror=window.pwned=1> '
                   '<a href="javascript:window.pwned=1">bad link</a>')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(render, "_tile_spec", lambda name: name and {
        "name": HOSTILE, "url": _GIF, "attribution": attribution, "max_zoom": 19})
    path = render.save_map(render.incident_map(small_incidents, zones, tiles="any"),
                           tmp_path / "m.html")
    opened = open_map(path)
    page = opened.page
    assert HOSTILE in [n.strip() for n in opened.js(SEEN)["layers"].splitlines()]
    credit = page.locator(".leaflet-control-attribution")
    assert f"Tiles & data {' '.join(JINJA)} window.pwned=1" in credit.inner_text()
    assert "bad link" in credit.inner_text()
    links = credit.locator("a").evaluate_all("a => a.map(x => x.getAttribute('href'))")
    assert "https://example.org/a" in links
    assert not any(h and h.lower().startswith("javascript:") for h in links)
    assert credit.locator("img, script").count() == 0
    assert opened.js("typeof window.pwned") == "undefined"
    assert not (tmp_path / "PWNED").exists()
    assert opened.console_errors == [] and opened.dialogs == []
