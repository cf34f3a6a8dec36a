"""Maps of incidents and zones: the one module that imports folium.

A map is a `folium.Map` whose incidents are drawn by our own script
(`geoincidents/static/`) from compact binary columns, so 10^5 incidents make a file of a
few MB that opens in about a second, and 10^6 still open (grouped into pie-chart clusters
at low zoom, each incident with its popup when zoomed in; a grid index means a pan looks
only at the incidents in view).

By default the page is self-contained: Leaflet and our code are inlined from installed
packages and images become ``data:`` URIs. Under the incidents it shows a standard tile
layer (OpenStreetMap, `DEFAULT_TILES`) when the viewer is online, and falls back quietly to
the bundled context (Natural Earth country outlines, populated places, zones, labels) when
tiles cannot load; ``offline=True`` leaves the tile layer out altogether, and
``basemap=FILE.pmtiles`` draws a user-supplied PMTiles vector extract in the page with
protomaps-leaflet, fully offline. ``online=True`` links Leaflet from its CDN instead.

User text is data, never template or code. It reaches the page only as JSON or inside a
base64 blob (`geoincidents.pagedata`), and the page puts it into the DOM only as text.
Nothing we add to the page is compiled as a template: branca's ``MacroElement.render``
hands each macro's output back to ``Element(text)``, which compiles it as Jinja source, so
every part of our page is a `_Verbatim` element that renders its text as it is, and
folium's own map element goes through the same verbatim path (`_Map`).

The same inputs give the same bytes: element ids come from a hash of the data, not
from folium's random ones.
"""

from __future__ import annotations

import base64
import hashlib
import html
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

from geoincidents import assets, mapdata, pagedata, spatial
from geoincidents.errors import GeoIncidentsError
from geoincidents.mapdata import COORD_SCALE, LAYER_NAMES, RANGE_COLORS  # noqa: F401 (API)
from geoincidents.outputs import check_writable, write_text
from geoincidents.pagedata import page_json

# pictures of pages (Chromium through Playwright) live in their own module
from geoincidents.pictures import CHROMIUM, CHROMIUM_ARGS, launch_chromium, offline_page, screenshot  # noqa: F401

log = logging.getLogger(__name__)

#: Weapon range rings drawn around launch sites, metres (configurable per map).
WEAPON_RANGES_M: dict[str, float] = {"107 mm rocket": 8_000.0, "122 mm rocket": 20_000.0}
#: Above this many bytes of columns the page's data blob is gzipped.
COMPRESS_ABOVE = 1_000_000
#: The tile layer shown when the viewer is online (no API key; CARTO's now needs one).
DEFAULT_TILES = "OpenStreetMap.Mapnik"
#: A PMTiles basemap larger than this is refused (it is inlined in the page).
MAX_BASEMAP_BYTES = 200_000_000


class MapError(GeoIncidentsError, ValueError):
    """A map cannot be made as asked (bad option, unknown tiles, no browser)."""


def incident_map(incidents: gpd.GeoDataFrame, zones: gpd.GeoDataFrame,
                 joined: pd.DataFrame | None = None, *, title: str = "Incidents",
                 online: bool = False, offline: bool = False, tiles: str | None = None,
                 basemap: str | os.PathLike[str] | None = None,
                 view: tuple[float, float, float] | None = None,
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
        Link Leaflet from its CDN instead of inlining it (a lighter file that needs the
        network).
    offline : bool, default False
        No tile layer at all (air-gapped briefings): only the bundled context.
    tiles : str, optional
        The xyzservices provider shown under the incidents when the viewer is online
        (`DEFAULT_TILES` unless ``offline`` or ``basemap``).
    basemap : path, optional
        A PMTiles vector extract (a Protomaps build of a region) drawn in the page,
        offline, with protomaps-leaflet (see `geoincidents.vendor`).
    view : (lon, lat, zoom), optional
        Open on this view instead of fitting the incidents.
    ranges : mapping of label to metres, optional
        Range rings around each launch site; `WEAPON_RANGES_M` by default, ``{}`` for none.
    outlines : bool, optional
        Draw the bundled context (Natural Earth country outlines, populated places) under
        everything; by default unless ``online``.
    max_detail : int
        When more incidents than this are in view, they are grouped into clusters.
    compress : bool, optional
        Gzip the data in the page (read back with the browser's DecompressionStream);
        by default when it exceeds `COMPRESS_ABOVE` bytes.

    Returns
    -------
    folium.Map
        Save it with `save_map`.
    """
    ranges = _check_options(ranges, max_detail, view)
    if offline and (tiles or online):
        raise MapError("`offline` leaves out the tile layer and the CDN; it cannot be "
                       "combined with `tiles` or `online`")
    pmtiles = _read_basemap(basemap) if basemap is not None else None
    if tiles is None and not offline and pmtiles is None:
        tiles = DEFAULT_TILES
    tile_spec = _tile_spec(tiles)
    if joined is None:
        joined = spatial.join_zones(incidents, zones, nearest=False)
    if outlines is None:
        outlines = not online
    payload = mapdata.build_payload(
        incidents, zones, joined, title=title, tiles=tile_spec, ranges=ranges,
        outlines=outlines, max_detail=max_detail, view=view,
        basemap_name=Path(basemap).name if basemap is not None else None)
    data = _DataLayer(payload, compress=compress, basemap=pmtiles)
    fmap = _Map(location=None, tiles=None, prefer_canvas=True, control_scale=False,
                zoom_start=2, world_copy_jump=False)
    # folium's own CDN links (jQuery, Bootstrap, ...) are not needed; ours come inlined
    fmap.default_js = []
    fmap.default_css = []
    root = fmap.get_root()
    root.header.add_child(_Verbatim(assets.head_html(online=online,
                                                     basemap=pmtiles is not None)),
                          name="geoincidents_assets")
    root.title = html.escape(title)  # a template value in branca's Figure, pasted unescaped
    data.add_to(fmap)
    # ids from the data, so the same inputs give the same page (folium's are random)
    digest = hashlib.sha256(f"{online}:{data.json}:{data.basemap_digest}".encode()).hexdigest()
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

def _check_options(ranges, max_detail, view) -> dict[str, float]:
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
    if view is not None:
        ok = (len(view) == 3 and all(isinstance(v, (int, float)) and np.isfinite(v)
                                     for v in view))
        if not ok or not (-180 <= view[0] <= 180 and -85 <= view[1] <= 85
                          and 0 <= view[2] <= 19):
            raise MapError(f"`view` was {view!r} but is expected to be (lon, lat, zoom) with "
                           "lon in [-180, 180], lat in [-85, 85] and zoom in [0, 19]")
    return {str(k): float(v) for k, v in ranges.items()}


def parse_view(text: str) -> tuple[float, float, float]:
    """``"44.39,33.31,12"`` (lon, lat, zoom) as numbers.

    >>> parse_view("44.39, 33.31, 12")
    (44.39, 33.31, 12.0)
    """
    try:
        lon, lat, zoom = (float(v) for v in text.split(","))
    except ValueError:
        raise MapError(f"view {text!r} is not LON,LAT,ZOOM, e.g. '44.39,33.31,12'") from None
    _check_options({}, 1, (lon, lat, zoom))
    return lon, lat, zoom


def _read_basemap(path) -> bytes:
    path = Path(path)
    if not path.is_file():
        raise MapError(f"basemap {str(path)!r} is not a file; expected a .pmtiles archive")
    size = path.stat().st_size
    if size > MAX_BASEMAP_BYTES:
        raise MapError(f"basemap {str(path)!r} has {size:,} bytes; at most "
                       f"{MAX_BASEMAP_BYTES:,} can be inlined in a page (cut a smaller region)")
    data = path.read_bytes()
    if data[:7] != b"PMTiles" or len(data) < 127 or data[7] != 3:
        raise MapError(f"basemap {str(path)!r} is not a PMTiles version 3 archive (its "
                       "first bytes should be 'PMTiles' and 3)")
    if data[99] != 1:  # tile type: 1 is Mapbox Vector Tiles
        raise MapError(f"basemap {str(path)!r} holds tiles of type {data[99]}; "
                       "protomaps-leaflet draws vector tiles (type 1, MVT)")
    assets.basemap_scripts()  # the scripts must be there before we build the page
    return data


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
    subdomains = provider.get("subdomains")
    return {"name": provider.name, "url": provider.build_url(scale_factor="{r}"),
            "attribution": provider.html_attribution, "max_zoom": provider.get("max_zoom", 19),
            "subdomains": subdomains if isinstance(subdomains, str) else None}


# -- assemble --------------------------------------------------------------------------

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
    """The incidents payload as a JSON data block (and the PMTiles basemap as a base64
    block), and the call that draws them."""

    def __init__(self, payload: dict, *, compress: bool | None = None,
                 basemap: bytes | None = None) -> None:
        super().__init__()
        self._name = "GeoIncidentsData"
        if compress is None:
            compress = _column_bytes(payload) > COMPRESS_ABOVE
        self.json = pagedata.pack(payload, compress=compress)
        self.basemap = base64.b64encode(basemap).decode("ascii") if basemap else None
        self.basemap_digest = hashlib.sha256(basemap).hexdigest() if basemap else ""

    def render(self, **kwargs) -> None:
        figure, name = self.get_root(), self.get_name()
        figure.html.add_child(_Verbatim(
            f'<script type="application/json" id="{name}">{self.json}</script>'), name=name)
        if self.basemap:
            figure.html.add_child(_Verbatim(
                f'<script type="application/octet-stream" id="{name}-basemap">'
                f'{self.basemap}</script>'), name=f"{name}-basemap")
        figure.script.add_child(_Verbatim(
            f"window.geoincidentsMap({self._parent.get_name()}, "
            f"document.getElementById({page_json(name)}));"), name=name)


def _column_bytes(value) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        return sum(_column_bytes(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_column_bytes(v) for v in value)
    if isinstance(value, pagedata.JsonSection):
        return 16 * len(value.value) if isinstance(value.value, list) else 16
    return 0


def read_payload(html_text: str) -> dict:
    """The data a page written by `page_html` carries, columns as lists (for checks)."""
    match = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>',
                      html_text, re.DOTALL)
    if not match:
        raise MapError("no geoincidents data block in this page")
    return pagedata.unpack(match.group(1))
