"""The scripts and stylesheets a map page needs, inlined from installed packages or linked.

Leaflet comes from the ``xstatic-leaflet`` package; the images its stylesheet refers to
(layer-control icon, default marker) become ``data:`` URIs, so a self-contained page
makes no request at all. Our own map code lives in ``geoincidents/static/``.
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
from pathlib import Path

from geoincidents.errors import GeoIncidentsError

#: Where ``--online`` pages load Leaflet from (the version the XStatic package carries).
LEAFLET_CDN = "https://cdn.jsdelivr.net/npm/leaflet@{version}/dist/"

STATIC_DIR = Path(__file__).resolve().parent / "static"
#: Our scripts, in the order the page runs them (each adds to ``window.GeoIncidentsParts``).
OUR_SCRIPTS = ("gi-base.js", "gi-labels.js", "gi-controls.js", "geoincidents.js")

_CSS_URL = re.compile(r"url\((['\"]?)(?!data:|#|https?:)([^'\")]+)\1\)")


class AssetError(GeoIncidentsError):
    """A package that provides page assets is missing or incomplete."""


@functools.cache
def _leaflet() -> tuple[Path, str]:
    try:
        import xstatic.pkg.leaflet as pkg
    except ImportError as exc:  # pragma: no cover - a broken install
        raise AssetError("the package xstatic-leaflet is needed for self-contained maps; "
                         "install it with `pip install xstatic-leaflet`") from exc
    base = Path(pkg.BASE_DIR)
    for name in ("leaflet.js", "leaflet.css"):
        if not (base / name).is_file():
            raise AssetError(f"xstatic-leaflet is incomplete: {base / name} is missing")
    return base, str(pkg.VERSION)


def leaflet_version() -> str:
    """Version of the Leaflet the page uses (the installed XStatic package's)."""
    return _leaflet()[1]


def data_uri(path: Path) -> str:
    """A file as a ``data:`` URI."""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_css_urls(css: str, base: Path) -> str:
    """Replace every relative ``url(...)`` in a stylesheet by the file as a data URI."""

    def repl(match: re.Match) -> str:
        target = (base / match.group(2)).resolve()
        if not target.is_file():
            raise AssetError(f"stylesheet in {base} refers to {match.group(2)!r}, "
                             f"which is not at {target}")
        return f"url({data_uri(target)})"

    return _CSS_URL.sub(repl, css)


def _inline(tag: str, text: str) -> str:
    # the body of a <script> or <style> ends at the first "</script" or "</style"; our
    # assets have none, but a package update could bring one
    if re.search(rf"</{tag}", text, re.IGNORECASE):
        raise AssetError(f"an inlined {tag} contains '</{tag}' and cannot be embedded")
    return f"<{tag}>{text}</{tag}>"


def basemap_scripts() -> str:
    """pmtiles and protomaps-leaflet (checked against their pins), for PMTiles basemaps."""
    from geoincidents import vendor

    return "".join(_inline("script", vendor.checked_script(pin)) for pin in vendor.PINS)


@functools.lru_cache(maxsize=8)
def head_html(*, online: bool, basemap: bool = False) -> str:
    """The ``<head>`` additions: Leaflet (inlined or from the CDN), the PMTiles scripts
    when a basemap is drawn, and our map code.

    The text goes into the page as it is (`geoincidents.render` never compiles it as a
    template), so the page holds these files byte for byte.
    """
    base, version = _leaflet()
    ours_css = (STATIC_DIR / "geoincidents.css").read_text(encoding="utf-8")
    ours_js = "".join(_inline("script", (STATIC_DIR / name).read_text(encoding="utf-8"))
                      for name in OUR_SCRIPTS)
    if online:
        cdn = LEAFLET_CDN.format(version=version)
        leaflet = (f'<link rel="stylesheet" href="{cdn}leaflet.css"/>'
                   f'<script src="{cdn}leaflet.js"></script>')
    else:
        css = inline_css_urls((base / "leaflet.css").read_text(encoding="utf-8"), base)
        leaflet = _inline("style", css) + _inline("script",
                                                   (base / "leaflet.js").read_text("utf-8"))
    extra = basemap_scripts() if basemap else ""
    return leaflet + extra + _inline("style", ours_css) + ours_js
