"""Maps of incidents and zones: the one module that imports folium.

A map is a `folium.Map` whose incidents are drawn by our own script
(`geoincidents/static/geoincidents.js`) from compact column arrays, so 10^5 incidents
make a file of a few MB that opens in about a second, and 10^6 still open (aggregated
into a grid at low zoom, each incident with its popup when zoomed in).

By default the page is self-contained: Leaflet and our code are inlined from installed
packages, images become ``data:`` URIs, and there are no tiles; country outlines, zones,
place labels and a scale bar give the context. ``online=True`` links Leaflet from its
CDN and adds web tiles.

User text reaches the page only as JSON (with ``<``, ``>`` and ``&`` escaped so the
data block cannot end its ``<script>``), and the page puts it into the DOM only through
``textContent``.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from geoincidents import assets, basemap, model, spatial
from geoincidents.errors import GeoIncidentsError
from geoincidents.io import check_writable

log = logging.getLogger(__name__)

#: Chromium used for pictures (and by the browser tests and the benchmark).
CHROMIUM = os.environ.get("GEOINCIDENTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run")

ZONE_STYLE = {
    "zone": "#2e7d32", "embassy": "#1565c0", "base": "#6a1b9a", "airport": "#ef6c00",
    "landmark": "#00838f",
}
#: Colour and symbol per event type (symbols are drawn by geoincidents.js).
EVENT_STYLE = {
    "rocket_attack": {"color": "#d32f2f", "shape": "triangle"},
    "drone_strike": {"color": "#7b1fa2", "shape": "diamond"},
    "airstrike": {"color": "#512da8", "shape": "star"},
    "ied": {"color": "#5d4037", "shape": "hexagon"},
    "thwarted": {"color": "#0288d1", "shape": "cross"},
    "raid": {"color": "#455a64", "shape": "square"},
    "protest": {"color": "#f9a825", "shape": "circle"},
    "other": {"color": "#616161", "shape": "triangle-down"},
}
ARROW_COLOR = "#b71c1c"
RANGE_COLORS = ("#e65100", "#6d4c41", "#1b5e20", "#283593", "#880e4f")

#: Weapon range rings drawn around launch sites, metres (configurable per map).
WEAPON_RANGES_M: dict[str, float] = {"107 mm rocket": 8_000.0, "122 mm rocket": 20_000.0}

LAYER_NAMES = {
    "countries": "Countries", "labels": "Place labels", "zones": "Zones",
    "reported": "Incidents (reported)", "background": "Incidents (background)",
    "buffers": "Uncertainty", "arrows": "Launch → impact", "rings": "Weapon ranges",
    "noTiles": "No tiles",
}

#: Popup rows after date and type: (key, label). Keys are text or number columns of the
#: incident payload, or the computed ``zone``, ``zones_possible``, ``launch_km``.
POPUP_FIELDS = (("place", "Place (as written)"), ("place_name", "Resolved place"),
                ("zone", "In zone"), ("zones_possible", "Possibly in"),
                ("uncertainty_m", "Uncertainty"), ("launch_place", "Launched from"),
                ("launch_km", "Launch → impact"), ("target", "Target"), ("weapon", "Weapon"),
                ("n_loaded", "Loaded"), ("n_fired", "Fired"), ("n_landed", "Landed"),
                ("n_misfired", "Misfired/defused"), ("n_seized", "Seized"),
                ("n_intercepted", "Intercepted"), ("killed", "Killed"), ("injured", "Injured"),
                ("casualty_notes", "Casualties"), ("damage", "Damage"), ("actors", "Actors"),
                ("source", "Source"), ("source_file", "Source file"),
                ("quote", "Source text"), ("notes", "Notes"))
_TEXT_COLUMNS = ("incident_id", "place", "place_name", "launch_place", "target", "weapon",
                 "casualty_notes", "damage", "actors", "source", "source_file", "quote",
                 "notes")
_NUMBER_COLUMNS = model.COUNT_COLUMNS + ("killed", "injured")

#: Fixed-point scale of coordinates in the page (1e5: about 1 m).
COORD_SCALE = 100_000
#: Above this many bytes of JSON the payload is gzipped (and base64'd) in the page.
COMPRESS_ABOVE = 1_000_000
#: Most launch sites that get range rings, and most place labels, per map.
MAX_RING_SITES = 500
MAX_PLACE_LABELS = 300


class MapError(GeoIncidentsError, ValueError):
    """A map cannot be made as asked (bad option, unknown tiles, no browser)."""


def incident_map(incidents: gpd.GeoDataFrame, zones: gpd.GeoDataFrame,
                 joined: pd.DataFrame | None = None, *, title: str = "Incidents",
                 online: bool = False, tiles: str | None = None,
                 ranges: Mapping[str, float] | None = None, outlines: bool | None = None,
                 max_detail: int = 4000, compress: bool | None = None) -> folium.Map:
    """A map with switchable layers, a legend, a time control and a measuring tool.

    Parameters
    ----------
    incidents : GeoDataFrame
        Incidents in the schema of `geoincidents.model`.
    zones : GeoDataFrame
        Zones from `geoincidents.zones`.
    joined : DataFrame, optional
        `spatial.join_zones` for these incidents (computed if missing), shown in popups.
    title : str
        Shown above the legend and as the page title.
    online : bool, default False
        Link Leaflet from its CDN and show web tiles (``tiles`` or OpenStreetMap) instead of
        inlining everything; the page then needs the network.
    tiles : str, optional
        An xyzservices provider name (``"OpenStreetMap.HOT"``) for a tile layer, used when
        the viewer is online. Offline pages have none unless named here.
    ranges : mapping of label to metres, optional
        Range rings around each launch site; `WEAPON_RANGES_M` by default, ``{}`` for none.
    outlines : bool, optional
        Draw country outlines (Natural Earth 1:110m) under everything; by default only
        offline, where there are no tiles.
    max_detail : int
        When more incidents than this are in view, they are grouped into a grid.
    compress : bool, optional
        Gzip the data in the page (read back with the browser's DecompressionStream);
        by default when it exceeds `COMPRESS_ABOVE` bytes.

    Returns
    -------
    folium.Map
        Save it with `save_map`.
    """
    ranges = _check_options(ranges, max_detail)
    tile_spec = _tile_spec(tiles if tiles or not online else "OpenStreetMap.Mapnik")
    if joined is None:
        joined = spatial.join_zones(incidents, zones, nearest=False)
    if outlines is None:
        outlines = not online
    payload = _payload(incidents, zones, joined, title=title, tiles=tile_spec, ranges=ranges,
                       outlines=outlines, max_detail=max_detail)
    fmap = folium.Map(location=None, tiles=None, prefer_canvas=True, control_scale=False,
                      zoom_start=2, world_copy_jump=False)
    # folium's own CDN links (jQuery, Bootstrap, ...) are not needed; ours come inlined
    fmap.default_js = []
    fmap.default_css = []
    fmap.get_root().header.add_child(Element(assets.head_html(online=online)),
                                     name="geoincidents_assets")
    fmap.get_root().title = html.escape(title)  # branca pastes it unescaped
    _DataLayer(payload, compress=compress).add_to(fmap)
    fmap.geoincidents_online = online
    return fmap


def save_map(fmap: folium.Map, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the map as one HTML file (refusing to replace a file unless ``overwrite``).

    A map made offline is checked to load nothing from the network.
    """
    path = check_writable(path, overwrite=overwrite)
    html = fmap.get_root().render()
    if not getattr(fmap, "geoincidents_online", True):
        external = external_references(html)
        if external:
            raise MapError(f"the offline map would load {external[0]!r} from the network "
                           f"({len(external)} external reference(s)); remove the element that "
                           "adds it or make the map with online=True")
    path.write_text(html, encoding="utf-8")
    return path


_EXTERNAL = re.compile(r"<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*['\"]?"
                       r"((?:https?:)?//[^'\" >]+)", re.IGNORECASE)


def external_references(html: str) -> list[str]:
    """URLs that a page's script, link, img or iframe tags would fetch."""
    return _EXTERNAL.findall(html)


def parse_ranges(text: str) -> dict[str, float]:
    """Range rings from ``"107mm=8km,122mm=20km"`` (units km or m; empty text: none).

    >>> parse_ranges("107 mm=8km, 122mm=20000m")
    {'107 mm': 8000.0, '122mm': 20000.0}
    """
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        label, sep, value = part.partition("=")
        match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(km|m)\s*", value)
        if not sep or not label.strip() or not match:
            raise MapError(f"range {part!r} is not LABEL=DISTANCE with a unit, "
                           "e.g. '107mm=8km' or '122mm=20000m'")
        metres = float(match.group(1)) * (1000.0 if match.group(2) == "km" else 1.0)
        if metres <= 0:
            raise MapError(f"range {part!r} must be a distance above 0")
        out[label.strip()] = metres
    return out


# -- validate --------------------------------------------------------------------------

def _check_options(ranges, max_detail) -> dict[str, float]:
    ranges = dict(WEAPON_RANGES_M if ranges is None else ranges)
    for label, metres in ranges.items():
        if not isinstance(metres, (int, float)) or not np.isfinite(metres) or metres <= 0:
            raise MapError(f"range ring {label!r} was {metres!r} but is expected to be a "
                           "distance in metres above 0")
    if len(ranges) > len(RANGE_COLORS):
        raise MapError(f"{len(ranges)} range rings were asked for but at most "
                       f"{len(RANGE_COLORS)} can be told apart")
    if not isinstance(max_detail, int) or max_detail < 1:
        raise MapError(f"`max_detail` was {max_detail!r} but is expected to be an int >= 1")
    return {str(k): float(v) for k, v in ranges.items()}


def _tile_spec(name: str | None) -> dict | None:
    if not name:
        return None
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError as exc:
        raise MapError(f"tiles {name!r} is not an xyzservices provider name; try e.g. "
                       "'OpenStreetMap.Mapnik' or 'OpenStreetMap.HOT'") from exc
    if provider.requires_token():
        raise MapError(f"tiles {name!r} need an API key; choose a provider without one")
    return {"name": provider.name, "url": provider.build_url(scale_factor="{r}"),
            "attribution": provider.html_attribution, "max_zoom": provider.get("max_zoom", 19)}


# -- compute ---------------------------------------------------------------------------

def _payload(incidents, zones, joined, *, title, tiles, ranges, outlines, max_detail) -> dict:
    geoms = incidents.geometry.to_numpy()
    lon = shapely.get_x(geoms).astype("float64")
    lat = shapely.get_y(geoms).astype("float64")
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.all():
        log.warning("%d incident(s) without coordinates are not drawn", int((~ok).sum()))
        incidents, joined = incidents[ok], joined[ok]
        lon, lat = lon[ok], lat[ok]
    zone_names = dict(zip(zones["zone_id"].astype(str), zones["name"].astype(str)))
    types = sorted(set(model.EVENT_TYPES) | set(incidents["event_type"].dropna()))
    type_code = pd.Categorical(incidents["event_type"].fillna("other"), categories=types).codes
    bounds = _bounds(lon, lat, zones)
    return {
        "n": int(len(incidents)),
        "scale": COORD_SCALE,
        "title": title,
        "incidents": _incident_columns(incidents, joined, zone_names, lon, lat, type_code),
        "launch": _launch_columns(incidents, lon, lat),
        "types": types,
        "typesPresent": sorted(set(np.asarray(types)[np.unique(type_code)])) if len(incidents)
        else [],
        "zones": _zones_geojson(zones),
        "zoneKinds": sorted(set(zones["kind"].dropna().astype(str))),
        "countries": _countries_geojson(bounds) if outlines else None,
        "places": _place_labels(incidents, lon, lat),
        "rings": _range_rings(incidents, ranges),
        "ranges": ranges,
        "styles": {"events": EVENT_STYLE, "zones": ZONE_STYLE, "arrow": ARROW_COLOR,
                   "ranges": dict(zip(ranges, RANGE_COLORS))},
        "popupFields": POPUP_FIELDS,
        "timePrecision": {str(k): v for k, v in model.TIME_PRECISION.items()},
        "layerNames": LAYER_NAMES,
        "bounds": bounds,
        "tiles": tiles,
        "maxDetail": max_detail,
    }


def _incident_columns(incidents, joined, zone_names, lon, lat, type_code) -> dict:
    stamps = incidents["date"].to_numpy(dtype="datetime64[s]")  # years 1-9999
    nat = np.isnat(stamps)
    day = stamps.astype("datetime64[D]").astype("int64")
    days = [None if m else int(d) for d, m in zip(day, nat)] if nat.any() else day.tolist()
    casualties = (incidents["killed"].fillna(0).to_numpy(dtype="int64")
                  + incidents["injured"].fillna(0).to_numpy(dtype="int64"))
    text = {name: _text_column(incidents[name]) for name in _TEXT_COLUMNS}
    zone = joined["zone_id"].map(zone_names) if "zone_id" in joined else None
    if zone is not None:
        text["zone"] = _text_column(zone)
    if "zones_possible" in joined:
        possible = joined["zones_possible"].map(
            lambda ids: None if not isinstance(ids, str) or not ids else
            ", ".join(zone_names.get(z, z) for z in ids.split(";")))
        text["zones_possible"] = _text_column(possible)
    return {
        "lon": np.round(lon * COORD_SCALE).astype("int64").tolist(),
        "lat": np.round(lat * COORD_SCALE).astype("int64").tolist(),
        "day": days,
        "tprec": _int_list(incidents["time_precision"]),
        "type": type_code.astype("int64").tolist(),
        "bg": incidents["background"].fillna(False).astype(bool).astype("int64").tolist(),
        "cas": casualties.tolist(),
        "unc": np.nan_to_num(np.round(incidents["uncertainty_m"].to_numpy(
            dtype="float64", na_value=np.nan)), nan=0).astype("int64").tolist(),
        "text": text,
        "numbers": {name: _int_list(incidents[name]) for name in _NUMBER_COLUMNS
                    if incidents[name].notna().any()},
    }


def _int_list(series: pd.Series) -> list:
    values = series.astype("Float64").round()
    return [None if pd.isna(v) else int(v) for v in values]


def _text_column(series: pd.Series) -> dict | None:
    """A string column, dictionary-encoded when values repeat; None when all missing."""
    values = series.astype("string")
    values = values.where(values.str.len() > 0)
    if not values.notna().any():
        return None
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) > len(values) // 2:
        return {"values": [None if pd.isna(v) else str(v) for v in values]}
    return {"values": [str(v) for v in uniques], "codes": codes.tolist()}


def _launch_columns(incidents, lon, lat) -> dict | None:
    llon = incidents["launch_lon"].to_numpy(dtype="float64", na_value=np.nan)
    llat = incidents["launch_lat"].to_numpy(dtype="float64", na_value=np.nan)
    has = np.flatnonzero(np.isfinite(llon) & np.isfinite(llat))
    if not len(has):
        return None
    dist = spatial.distance_m(llon[has], llat[has], lon[has], lat[has])
    return {"i": has.tolist(),
            "lon": np.round(llon[has] * COORD_SCALE).astype("int64").tolist(),
            "lat": np.round(llat[has] * COORD_SCALE).astype("int64").tolist(),
            "dist_m": np.round(dist).astype("int64").tolist()}


def _range_rings(incidents, ranges: dict[str, float]) -> list[dict]:
    if not ranges:
        return []
    sites = pd.DataFrame({"lon": incidents["launch_lon"].astype("float64").round(5),
                          "lat": incidents["launch_lat"].astype("float64").round(5),
                          "site": incidents["launch_place"].astype("string")}).dropna(
        subset=["lon", "lat"])
    if sites.empty:
        return []
    grouped = sites.groupby(["lon", "lat"], sort=False)
    sites = grouped.agg(site=("site", "first"), n=("site", "size")).reset_index()
    if len(sites) > MAX_RING_SITES:
        log.warning("range rings drawn around the %d most used of %d launch sites",
                    MAX_RING_SITES, len(sites))
        sites = sites.nlargest(MAX_RING_SITES, "n")
    rings = []
    for label, radius_m in ranges.items():
        polys = spatial.geodesic_buffer(sites["lon"].to_numpy(), sites["lat"].to_numpy(),
                                        radius_m, segments=96)
        for poly, site in zip(polys, sites["site"]):
            coords = np.round(shapely.get_coordinates(poly.exterior), 5)
            rings.append({"label": label, "radius_m": radius_m,
                          "site": None if pd.isna(site) else str(site),
                          "ring": coords.tolist()})
    return rings


def _place_labels(incidents, lon, lat) -> list:
    names = incidents["place_name"].astype("string")
    frame = pd.DataFrame({"name": names, "lon": lon, "lat": lat}).dropna(subset=["name"])
    if frame.empty:
        return []
    top = frame.groupby("name").agg(lon=("lon", "median"), lat=("lat", "median"),
                                    n=("lon", "size"))
    top = top.nlargest(MAX_PLACE_LABELS, "n")
    return [[round(float(r.lon), 5), round(float(r.lat), 5), str(name)]
            for name, r in top.iterrows()]


def _zones_geojson(zones: gpd.GeoDataFrame) -> dict:
    frame = zones[["zone_id", "name", "kind", "accuracy_m", "geometry"]].copy()
    frame["accuracy_m"] = frame["accuracy_m"].astype("float64")
    label = frame.geometry.representative_point()
    frame["label"] = [[round(x, 5), round(y, 5)] for x, y in zip(label.x, label.y)]
    return json.loads(frame.to_json(drop_id=True, na="null"))


def _countries_geojson(bounds) -> dict:
    outlines = basemap.country_outlines(tuple(bounds) if bounds else None)
    return json.loads(outlines.to_json(drop_id=True))


def _bounds(lon, lat, zones) -> list[float] | None:
    # frame the incidents; the zones only when there are none
    if len(lon):
        box = [lon.min(), lat.min(), lon.max(), lat.max()]
    elif len(zones):
        box = list(zones.total_bounds)
    else:
        return None
    return [round(float(v), 5) for v in box] if np.isfinite(box).all() else None


# -- assemble --------------------------------------------------------------------------

def page_json(data: object) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (still the same
    JSON), so no user text can close the element or open a comment.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _DataLayer(MacroElement):
    """The incidents payload as a JSON data block, and the call that draws it."""

    _template = Template("""
{% macro html(this, kwargs) %}
<script type="application/json" id="{{ this.get_name() }}">{{ this.json }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
window.geoincidentsMap({{ this._parent.get_name() }},
                       document.getElementById({{ this.get_name()|tojson }}));
{% endmacro %}
""")

    def __init__(self, payload: dict, *, compress: bool | None = None) -> None:
        super().__init__()
        self._name = "GeoIncidentsData"
        text = page_json(payload)
        if compress or (compress is None and len(text) > COMPRESS_ABOVE):
            raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"),
                             allow_nan=False).encode("utf-8")
            packed = base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0))
            text = page_json({"gzip": packed.decode("ascii")})
        self.json = text


# -- pictures --------------------------------------------------------------------------

def launch_chromium(playwright):
    """Start Debian's headless Chromium through Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).is_file():
        raise MapError(f"no Chromium at {CHROMIUM}; install Debian's chromium package or "
                       "set GEOINCIDENTS_CHROMIUM to a Chromium binary")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))


def offline_page(browser, *, width: int = 1280, height: int = 800):
    """A page in which every request other than ``file:`` and ``data:`` is aborted."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith(("file:", "data:")) else route.abort())
    return page


def screenshot(html_path: str | os.PathLike[str], png_path: str | os.PathLike[str], *,
               width: int = 1280, height: int = 800, overwrite: bool = False,
               online: bool = False, timeout_s: float = 60.0) -> Path:
    """Save a PNG of a map page through headless Chromium.

    An offline page is shot with the network blocked; ``online=True`` lets tiles load.
    """
    png = check_writable(png_path, overwrite=overwrite)
    try:
        from playwright.sync_api import Error as PlaywrightError, sync_playwright
    except ImportError as exc:
        raise MapError("pictures need the playwright package (`pip install playwright`; "
                       "it drives Debian's chromium, no browser download)") from exc
    url = Path(html_path).resolve().as_uri()
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            try:
                page = (browser.new_page(viewport={"width": width, "height": height}) if online
                        else offline_page(browser, width=width, height=height))
                page.goto(url, timeout=timeout_s * 1000)
                page.wait_for_function("window.geoincidents && (window.geoincidents.ready "
                                       "|| window.geoincidents.error)",
                                       timeout=timeout_s * 1000)
                error = page.evaluate("window.geoincidents.error || null")
                if error:
                    raise MapError(f"{html_path}: the map failed to draw: {error}")
                if online:
                    page.wait_for_load_state("networkidle", timeout=timeout_s * 1000)
                page.wait_for_timeout(300)  # let the canvas paint
                page.screenshot(path=str(png))
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise MapError(f"Chromium could not take a picture of {html_path}: {exc}") from exc
    return png
