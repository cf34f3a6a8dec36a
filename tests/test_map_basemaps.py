"""What lies under the incidents: web tiles when the viewer is online (and a quiet fallback to
the bundled context when not), none with ``offline``, and a PMTiles extract drawn offline."""

from __future__ import annotations

import base64
import gzip

import pytest

from geoincidents import render, vendor

pytestmark = pytest.mark.browser

#: A 1x1 PNG, served for every tile request the test allows.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
                       "hKmMIQAAAABJRU5ErkJggg==")
TILE_HOST = "tile.openstreetmap.org"


@pytest.fixture(scope="module")
def default_map(small_incidents, zones, tmp_path_factory):
    path = tmp_path_factory.mktemp("tiles") / "m.html"
    return render.save_map(render.incident_map(small_incidents, zones), path)


def _online_page(browser, serve_tiles: bool, requests: list):
    """A page that believes it is online; tile requests are answered with a PNG from here
    (never the network) or refused, every other non-file request refused."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            return r.continue_()
        requests.append(url)
        if serve_tiles and TILE_HOST in url:
            return r.fulfill(status=200, content_type="image/png", body=PNG)
        return r.abort()

    page.route("**/*", route)
    return page


def test_tiles_are_requested_and_shown_when_the_viewer_is_online(browser, open_map, default_map):
    requests: list[str] = []
    opened = open_map(default_map, page=_online_page(browser, True, requests))
    opened.page.wait_for_function("window.geoincidents.tiles === 'online'", timeout=10_000)
    opened.page.wait_for_function(
        "document.querySelectorAll('.leaflet-tile-pane img.leaflet-tile-loaded').length > 0")
    srcs = opened.js("[...document.querySelectorAll('.leaflet-tile-pane img')].map(i => i.src)")
    assert srcs and all(TILE_HOST in s for s in srcs)
    assert requests and all(TILE_HOST in u for u in requests)
    # the tiles are the context now: the bundled outlines step aside, the credit is shown
    countries = render.LAYER_NAMES["countries"]
    assert not opened.js(f"window.geoincidents.map.map.hasLayer("
                         f"window.geoincidents.layers[{countries!r}])")
    assert "OpenStreetMap" in opened.page.locator(".leaflet-control-attribution").inner_text()
    assert opened.console_errors == [] and opened.failed == []


def test_blocked_tiles_fall_back_to_the_bundled_context_quietly(browser, open_map, default_map):
    requests: list[str] = []
    opened = open_map(default_map, page=_online_page(browser, False, requests))
    opened.page.wait_for_function("window.geoincidents.tiles === 'offline'", timeout=10_000)
    # one probe tile was tried, no tile layer was added, the outlines are drawn
    assert len(requests) == 1 and TILE_HOST in requests[0]
    assert opened.js("document.querySelectorAll('.leaflet-tile-pane img').length") == 0
    countries = render.LAYER_NAMES["countries"]
    assert opened.js(f"window.geoincidents.map.map.hasLayer("
                     f"window.geoincidents.layers[{countries!r}])")
    assert opened.js("window.geoincidents.error || null") is None
    # the browser logs the refused request itself; the page adds no error of its own
    assert all(e.startswith("Failed to load resource") for e in opened.console_errors)


def test_offline_browser_makes_no_request_and_logs_nothing(open_map, default_map):
    opened = open_map(default_map)  # navigator.onLine is false, every request refused
    opened.page.wait_for_function("window.geoincidents.tiles === 'offline'", timeout=10_000)
    assert opened.failed == [] and opened.console_errors == []


def test_offline_option_has_no_tile_layer(small_incidents, zones):
    html = render.page_html(render.incident_map(small_incidents, zones, offline=True))
    data = render.read_payload(html)
    assert data["tiles"] is None and data["countries"] is not None
    assert "tile.openstreetmap.org" not in html
    with pytest.raises(render.MapError, match="cannot be combined"):
        render.incident_map(small_incidents, zones, offline=True, tiles="OpenStreetMap.HOT")


# -- PMTiles ------------------------------------------------------------------------------

WATER_BOX = (43.9, 33.0, 44.9, 33.7)  # lon/lat box drawn as water around Baghdad


def _tile_xy(lon, lat, z, tx, ty, extent=4096):
    """Web Mercator lon/lat to the coordinates of tile z/tx/ty (y down)."""
    import math

    n = 2 ** z
    x = (lon + 180.0) / 360.0 * n
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) \
        / 2 * n
    return round((x - tx) * extent), round((y - ty) * extent)


MAX_ZOOM = 2  # protomaps-leaflet reads a max zoom of 0 as "15": the extract has three


def write_pmtiles(path):
    """A small PMTiles archive (zooms 0-2): land everywhere, a water box around Baghdad."""
    mapbox_vector_tile = pytest.importorskip("mapbox_vector_tile")
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer

    tiles = {}
    for z in range(MAX_ZOOM + 1):
        for tx in range(2 ** z):
            for ty in range(2 ** z):
                x0, y1 = _tile_xy(WATER_BOX[0], WATER_BOX[1], z, tx, ty)
                x1, y0 = _tile_xy(WATER_BOX[2], WATER_BOX[3], z, tx, ty)
                water = f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"
                earth = "POLYGON((0 0, 4096 0, 4096 4096, 0 4096, 0 0))"
                tiles[zxy_to_tileid(z, tx, ty)] = mapbox_vector_tile.encode(
                    [{"name": "earth", "features": [{"geometry": earth, "properties": {}}]},
                     {"name": "water", "features": [{"geometry": water, "properties": {}}]}],
                    default_options={"y_coord_down": True, "quantize_bounds": None})
    with open(path, "wb") as fh:
        writer = Writer(fh)
        for tile_id in sorted(tiles):
            writer.write_tile(tile_id, gzip.compress(tiles[tile_id], mtime=0))
        writer.finalize({"tile_type": TileType.MVT, "tile_compression": Compression.GZIP,
                         "min_zoom": 0, "max_zoom": MAX_ZOOM, "min_lon_e7": -1800000000,
                         "min_lat_e7": -850000000, "max_lon_e7": 1800000000,
                         "max_lat_e7": 850000000, "center_zoom": 0, "center_lon_e7": 0,
                         "center_lat_e7": 0},
                        {"vector_layers": [{"id": "earth"}, {"id": "water"}]})
    return path


def _vendor_or_skip():
    try:
        for pin in vendor.PINS:
            vendor.checked_script(pin)
    except vendor.VendorError as exc:
        pytest.skip(str(exc))


PIXEL = """([x, y]) => {
  for (const c of document.querySelectorAll('.leaflet-tile-pane canvas')) {
    const r = c.getBoundingClientRect();
    if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) continue;
    const sx = c.width / r.width, sy = c.height / r.height;
    return [...c.getContext('2d').getImageData((x - r.left) * sx, (y - r.top) * sy, 1, 1).data];
  }
  return null;
}"""


def test_pmtiles_basemap_is_drawn_offline(open_map, small_incidents, zones, tmp_path):
    _vendor_or_skip()
    archive = write_pmtiles(tmp_path / "region.pmtiles")
    path = render.save_map(render.incident_map(small_incidents, zones, basemap=archive),
                           tmp_path / "m.html")
    html = path.read_text(encoding="utf-8")
    assert render.external_references(html) == []
    assert render.read_payload(html)["tiles"] is None  # nothing from the network
    opened = open_map(path)
    page = opened.page
    page.wait_for_function("window.geoincidents.basemap === 'drawn'", timeout=15_000)
    page.wait_for_function("document.querySelectorAll('.leaflet-tile-pane canvas').length > 0")
    page.wait_for_timeout(1500)  # protomaps-leaflet paints after a short delay
    map_js = "window.geoincidents.map.map"
    inside = opened.js(f"(() => {{ const p = {map_js}.latLngToContainerPoint([33.31, 44.39]);"
                       " return [p.x, p.y]; })()")
    # a point in view but outside the water box
    opened.js(f"{map_js}.setView([33.35, 44.4], 8, {{animate: false}}) && null")
    page.wait_for_timeout(1500)
    water = page.evaluate(PIXEL, opened.js(
        f"(() => {{ const p = {map_js}.latLngToContainerPoint([33.35, 44.4]); "
        "return [p.x, p.y]; })()"))
    land = page.evaluate(PIXEL, opened.js(
        f"(() => {{ const p = {map_js}.latLngToContainerPoint([34.2, 44.4]); "
        "return [p.x, p.y]; })()"))
    assert inside and water and land
    assert water[3] == 255 and land[3] == 255  # painted, not transparent
    assert water[:3] != land[:3]  # the two layers' features were drawn in their colours
    assert water[2] > water[0]  # water is blue-ish
    assert opened.failed == [] and opened.console_errors == []


def test_basemap_errors(small_incidents, zones, tmp_path):
    bad = tmp_path / "x.pmtiles"
    bad.write_bytes(b"not a pmtiles archive at all" * 10)
    with pytest.raises(render.MapError, match="not a PMTiles version 3 archive"):
        render.incident_map(small_incidents, zones, basemap=bad)
    with pytest.raises(render.MapError, match="is not a file"):
        render.incident_map(small_incidents, zones, basemap=tmp_path / "missing.pmtiles")


# -- the bundled context at city scale ----------------------------------------------------

#: The overlay canvas's pixel at screen point (x, y) (the context and zones are drawn there).
OVERLAY_PIXEL = """([x, y]) => {
  const c = document.querySelector('.leaflet-overlay-pane canvas'), r = c.getBoundingClientRect();
  const sx = c.width / r.width, sy = c.height / r.height;
  return [...c.getContext('2d').getImageData((x - r.left) * sx, (y - r.top) * sy, 1, 1).data];
}"""


def _blue(px) -> bool:
    """River blue (#7fa9c4 at 0.9 over the beige land), not land, zone tint or a symbol."""
    return px[3] == 255 and px[2] - px[0] > 40


def test_the_tigris_is_drawn_through_baghdad_offline(open_map, small_incidents, zones, tmp_path):
    from tests.test_rivers import GREEN_ZONE, decode, nearest_m

    path = render.save_map(render.incident_map(small_incidents, zones, offline=True,
                                               view=(44.39, 33.31, 12)), tmp_path / "m.html")
    lines = decode(render.read_payload(path.read_text(encoding="utf-8"))["rivers"])
    assert nearest_m(lines, *GREEN_ZONE) < 2_000
    opened = open_map(path, width=1280, height=800)
    map_js = "window.geoincidents.map.map"
    opened.page.wait_for_timeout(200)

    def pixels(lon, lat, slack=1):
        x, y = opened.js(f"(() => {{ const m = {map_js}, p = m.latLngToContainerPoint([{lat}, "
                         f"{lon}]), r = m.getContainer().getBoundingClientRect(); "
                         "return [p.x + r.left, p.y + r.top]; })()")
        return [opened.page.evaluate(OVERLAY_PIXEL, [x + dx, y + dy])
                for dx in range(-slack, slack + 1) for dy in range(-slack, slack + 1)]

    # every point of the bundled Tigris in view is under a drawn river line; the Green
    # Zone's centre, off the river, is not
    tigris = max(lines, key=lambda xy: ((abs(xy[:, 0] - 44.4) < 0.1)
                                        & (abs(xy[:, 1] - 33.31) < 0.1)).sum())
    in_view = tigris[(abs(tigris[:, 0] - 44.39) < 0.04) & (abs(tigris[:, 1] - 33.31) < 0.03)]
    assert len(in_view) >= 5
    for lon, lat in in_view:
        assert any(_blue(px) for px in pixels(lon, lat)), (lon, lat)
    assert nearest_m(lines, *GREEN_ZONE) > 600  # ~20 px at zoom 12
    assert not any(_blue(px) for px in pixels(*GREEN_ZONE, slack=3))
    # at country scale the 1:50m rivers are drawn instead (no second, shifted Tigris)
    water = "window.geoincidents.map.water"
    assert opened.js(f"{map_js}.hasLayer({water}.rivers) && !{map_js}.hasLayer({water}.rivers50)")
    opened.js(f"{map_js}.setZoom(6, {{animate: false}}) && null")
    opened.page.wait_for_timeout(100)
    assert opened.js(f"!{map_js}.hasLayer({water}.rivers) && {map_js}.hasLayer({water}.rivers50)")
    assert opened.failed == [] and opened.console_errors == []
