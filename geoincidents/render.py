"""Maps of incidents and zones: the one module that imports folium.

A map is a `folium.Map` whose incidents are drawn by our own script
(`geoincidents/static/geoincidents.js`) from compact column arrays, so 10^5 incidents
make a file of a few MB that opens in about a second, and 10^6 still open (aggregated
into a grid at low zoom, each incident with its popup when zoomed in).

By default the page is self-contained: Leaflet and our code are inlined from installed
packages, images become ``data:`` URIs, and there are no tiles; country outlines, zones,
place labels and a scale bar give the context. ``online=True`` links Leaflet from its
CDN and adds web tiles.

User text is data, never template or code. It reaches the page only as JSON in a
``<script type="application/json">`` block (with ``<``, ``>`` and ``&`` escaped so the
block cannot end its element), and the page puts it into the DOM only as text. Nothing
we add to the page is compiled as a template: branca's ``MacroElement.render`` hands
each macro's output back to ``Element(text)``, which compiles it as Jinja source, so
every part of our page is a `_Verbatim` element that renders its text as it is, and
folium's own map element goes through the same verbatim path (`_Map`).

The same inputs give the same bytes: element ids come from a hash of the data, not
from folium's random ones.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
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
from branca.element import Element, MacroElement

from geoincidents import assets, mapdata, spatial
from geoincidents.errors import GeoIncidentsError
from geoincidents.mapdata import COORD_SCALE, LAYER_NAMES, RANGE_COLORS  # noqa: F401 (API)
from geoincidents.outputs import check_writable, write_text

log = logging.getLogger(__name__)

#: Chromium used for pictures (and by the browser tests and the benchmark).
CHROMIUM = os.environ.get("GEOINCIDENTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run")

#: Weapon range rings drawn around launch sites, metres (configurable per map).
WEAPON_RANGES_M: dict[str, float] = {"107 mm rocket": 8_000.0, "122 mm rocket": 20_000.0}
#: Above this many bytes of JSON the payload is gzipped (and base64'd) in the page.
COMPRESS_ABOVE = 1_000_000


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
    payload = mapdata.build_payload(incidents, zones, joined, title=title, tiles=tile_spec,
                                    ranges=ranges, outlines=outlines, max_detail=max_detail)
    data = _DataLayer(payload, compress=compress)
    fmap = _Map(location=None, tiles=None, prefer_canvas=True, control_scale=False,
                zoom_start=2, world_copy_jump=False)
    # folium's own CDN links (jQuery, Bootstrap, ...) are not needed; ours come inlined
    fmap.default_js = []
    fmap.default_css = []
    root = fmap.get_root()
    root.header.add_child(_Verbatim(assets.head_html(online=online)), name="geoincidents_assets")
    root.title = html.escape(title)  # a template value in branca's Figure, pasted unescaped
    data.add_to(fmap)
    # ids from the data, so the same inputs give the same page (folium's are random)
    digest = hashlib.sha256(f"{online}:{data.json}".encode()).hexdigest()
    fmap._id, data._id = digest[:32], digest[32:]
    fmap.geoincidents_online = online
    return fmap


def save_map(fmap: folium.Map, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the map as one HTML file (refusing to replace a file unless ``overwrite``).

    A map made offline is checked to load nothing from the network.
    """
    path = check_writable(path, overwrite=overwrite)
    write_text(path, page_html(fmap), overwrite=overwrite)
    return path


def page_html(fmap: folium.Map) -> str:
    """The map's page as one HTML document (what `save_map` writes).

    A map made offline is checked to load nothing from the network.
    """
    html = fmap.get_root().render()
    if not getattr(fmap, "geoincidents_online", True):
        external = external_references(html)
        if external:
            raise MapError(f"the offline map would load {external[0]!r} from the network "
                           f"({len(external)} external reference(s)); remove the element that "
                           "adds it or make the map with online=True")
    return html


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


# -- assemble --------------------------------------------------------------------------

def page_json(data: object) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (still the same
    JSON), so no user text can close the element or open a comment.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Verbatim(Element):
    """Text pasted into the page exactly as given: rendered without any template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _VerbatimMacroElement(MacroElement):
    """A MacroElement whose macros' output goes into the page as it is.

    branca's own ``render`` wraps each output in ``Element(output)``, which compiles it as
    a new Jinja template, so any ``{{ }}`` or ``{% %}`` that reached it would run.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(_Verbatim(macro(self, kwargs)),
                                                name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _Map(folium.Map, _VerbatimMacroElement):
    """folium's Map, its macros' output put into the page verbatim (the MRO puts
    `_VerbatimMacroElement.render` under folium's own ``render``)."""


class _DataLayer(MacroElement):
    """The incidents payload as a JSON data block, and the call that draws it."""

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

    def render(self, **kwargs) -> None:
        figure, name = self.get_root(), self.get_name()
        figure.html.add_child(_Verbatim(
            f'<script type="application/json" id="{name}">{self.json}</script>'), name=name)
        figure.script.add_child(_Verbatim(
            f"window.geoincidentsMap({self._parent.get_name()}, "
            f"document.getElementById({page_json(name)}));"), name=name)


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
    from geoincidents.outputs import Staged

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
                with Staged(png, overwrite=overwrite, suffix=".png") as tmp:
                    page.screenshot(path=str(tmp), type="png")
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise MapError(f"Chromium could not take a picture of {html_path}: {exc}") from exc
    return png
