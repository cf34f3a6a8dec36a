"""Geodesic helpers of the geoparser: one WGS84 `pyproj.Geod`, built on first use."""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def geod():
    """The `pyproj.Geod` of ``settings.ellps`` (pyproj imported only when needed)."""
    from pyproj import Geod

    from geoincidents import settings

    return Geod(ellps=settings.ellps)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on WGS84 (km).

    >>> round(distance_km(33.3076, 44.3903, 33.2989, 44.3961), 1)
    1.1
    """
    return geod().inv(lon1, lat1, lon2, lat2)[2] / 1000.0
