"""Geodesic helpers of the geoparser, on the package's WGS84 `pyproj.Geod` (`settings.geod`)."""
from __future__ import annotations

from geoincidents import settings


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on WGS84 (km).

    >>> round(distance_km(33.3076, 44.3903, 33.2989, 44.3961), 1)
    1.1
    """
    return settings.geod().inv(lon1, lat1, lon2, lat2)[2] / 1000.0
