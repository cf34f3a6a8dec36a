"""Which columns of a raw table give a row's position: lon/lat, or a place name.

Shared by the general read path (`geoincidents.placing`, which re-exports these names) and
the fast plain-table readers, which pick their columns before reading a row.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geoincidents import model
from geoincidents.errors import DataError

#: Accepted spellings of the coordinate and place columns (matched case-insensitively).
LON_NAMES = ("lon", "longitude", "lng", "long", "x")
LAT_NAMES = ("lat", "latitude", "y")
PLACE_NAMES = ("place", "location", "place_name", "site")


def usable_columns(names: Iterable[str], *, lon_column: str | None = None,
                   lat_column: str | None = None, place_column: str | None = None
                   ) -> list[str]:
    """The columns of a plain table that `geoincidents.placing.place_rows` reads (the
    others are ignored)."""
    named = {c for c in (lon_column, lat_column, place_column) if c is not None}
    lowered = {n.lower() for n in (*LON_NAMES, *LAT_NAMES, *PLACE_NAMES)}
    return [n for n in names if n in model.COLUMNS or n in named or n.strip().lower() in lowered
            or n.strip().lower() in model.COLUMNS]


def _find(columns: list[str], wanted: str | None, names: tuple[str, ...]) -> str | None:
    if wanted is not None:
        return wanted if wanted in columns else None
    lowered = {c.lower(): c for c in columns}
    return next((lowered[n] for n in names if n in lowered), None)


def locate_columns(frame: pd.DataFrame, source: str, *, lon_column: str | None = None,
                   lat_column: str | None = None, place_column: str | None = None
                   ) -> tuple[str | None, str | None, str | None]:
    """The longitude, latitude and place columns of a raw table (``_lon``/``_lat`` first).

    Raises `DataError` when a named column is absent, or when the table has neither a
    coordinate pair nor a place column.
    """
    columns = [c for c in frame.columns if not c.startswith("_")]
    lon_col = "_lon" if "_lon" in frame else _find(columns, lon_column, LON_NAMES)
    lat_col = "_lat" if "_lat" in frame else _find(columns, lat_column, LAT_NAMES)
    place_col = _find(columns, place_column, PLACE_NAMES)
    for given, found, what in ((lon_column, lon_col, "longitude"),
                               (lat_column, lat_col, "latitude"),
                               (place_column, place_col, "place")):
        if given is not None and found is None:
            raise DataError(f"{source}: no column {given!r} (asked for as the {what} "
                            f"column); the columns are {columns}")
    if (lon_col is None or lat_col is None) and place_col is None:
        raise DataError(f"{source}: missing column(s): expected 'lon' and 'lat' (or "
                        f"longitude/latitude) columns, or a 'place' column to geocode; "
                        f"found {columns}")
    return lon_col, lat_col, place_col
