"""Typed defaults: CRS, data folders, uncertainty radii. Change them at run time if needed.

Examples
--------
>>> from geoincidents import settings
>>> settings.crs
'EPSG:4326'
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

#: Every geometry we hand out is in WGS84 longitude/latitude.
crs: str = "EPSG:4326"

#: The ellipsoid every distance and buffer is measured on (pyproj.Geod name).
ellps: str = "WGS84"


def geod():
    """The `pyproj.Geod` of `ellps`, the one every geodesic computation of the package uses
    (made once per ellipsoid name; pyproj is imported on first use)."""
    return _geod(ellps)


@functools.lru_cache(maxsize=4)
def _geod(name: str):
    from pyproj import Geod

    return Geod(ellps=name)

#: Vertices per geodesic buffer ring (more is rounder and slower).
buffer_segments: int = 64

#: Uncertainty radius in metres for each ACLED-style geo precision code, used when a
#: source gives a precision code but no radius. 1: the named place itself (a town's
#: extent); 2: near a town or part of a region; 3: only a larger region is named.
precision_radius_m: dict[int, float] = {1: 2_000.0, 2: 25_000.0, 3: 100_000.0}

#: Radius for a point given by coordinates with no precision at all.
coordinate_radius_m: float = 100.0

#: A table file at least this big is streamed by ``report zones`` even without
#: ``--chunksize`` (read whole, a table of a million rows needs gigabytes of memory).
stream_threshold_bytes: int = 64 << 20

#: Folder of outputs when none is named.
maps_dir: Path = Path("maps")


def _default_data_dir() -> Path:
    env = os.environ.get("GEOINCIDENTS_DATA_DIR")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parent.parent / "geodata"
    if checkout.is_dir():
        return checkout
    # a wheel install ships geodata/ as data_files under the prefix
    return Path(sys.prefix) / "share" / "geoincidents" / "geodata"


#: The bundled gazetteer, zones and sample data (``GEOINCIDENTS_DATA_DIR`` overrides).
data_dir: Path = _default_data_dir()


def places_path() -> Path:
    """Path of the curated gazetteer CSV."""
    return data_dir / "places.csv"


def zones_path() -> Path:
    """Path of the bundled zone polygons."""
    return data_dir / "zones.geojson"


def sample_incidents_path() -> Path:
    """Path of the bundled sample incident table."""
    return data_dir / "samples" / "incidents.csv"


def user_dir() -> Path:
    """The user's own data: imported gazetteers and zones (``GEOINCIDENTS_USER_DIR``,
    else ``$XDG_DATA_HOME/geoincidents``, else ``~/.local/share/geoincidents``)."""
    env = os.environ.get("GEOINCIDENTS_USER_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "geoincidents"


def cache_dir() -> Path:
    """Files derived from the bundled data to load it faster (``GEOINCIDENTS_CACHE_DIR``,
    else ``$XDG_CACHE_HOME/geoincidents``, else ``~/.cache/geoincidents``); deleting
    them only costs rebuilding them."""
    env = os.environ.get("GEOINCIDENTS_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geoincidents"


def user_gazetteer_dir() -> Path:
    """Gazetteer CSVs that `geoincidents.gazetteer.Gazetteer.load` reads beside the bundled one."""
    return user_dir() / "gazetteer"


def user_zones_dir() -> Path:
    """Zones files that `geoincidents.zones.load_zones` reads beside the bundled ones."""
    return user_dir() / "zones"


def sample_articles_path() -> Path:
    """Folder of the bundled sample articles (the main job's default input)."""
    return data_dir / "samples" / "articles"
