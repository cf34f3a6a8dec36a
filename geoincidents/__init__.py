"""geoincidents: geocode attack reports and incident tables, join them with zones, map them.

The small public API; everything returns GeoDataFrames, DataFrames or folium.Map objects
so that a notebook user can stop at any step.
"""

__version__ = "0.1.0"

from geoincidents.errors import (
    DataError,
    GeoIncidentsError,
    GazetteerError,
    PlaceNotFound,
    ZoneError,
)

__all__ = [
    "__version__",
    "DataError",
    "GeoIncidentsError",
    "GazetteerError",
    "PlaceNotFound",
    "ZoneError",
]
