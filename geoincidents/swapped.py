"""Coordinates that look swapped: a point outside the country its row names.

A row that gives coordinates and names a country (its ``country`` column, as an ISO code
or the dataset's name, or else the country of the place it names, when the gazetteer
knows the place) is checked against that country's outline (Natural Earth 1:110m,
`geodata/countries.geojson`). A point farther than `tolerance_m` from it gets a warning
naming the row, which says whether the point with longitude and latitude exchanged would
be in the country. Countries the outlines lack (the smallest) are not checked.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import shapely

from geoincidents import readcells, settings
from geoincidents.model import Reject

#: How far outside the (generalised) outline a point may be before it is questioned.
tolerance_m: float = 25_000.0


@functools.lru_cache(maxsize=1)
def _outlines() -> dict[str, shapely.Geometry]:
    """Country outline by ISO alpha-2 code."""
    from geoincidents import basemap
    from geoincidents.formats._common import country_code

    try:
        frame = basemap.country_outlines()
    except Exception:  # noqa: BLE001  (no outlines: nothing to check against)
        return {}
    out = {}
    for iso3, geom in zip(frame["iso_a3"], frame.geometry):
        iso2 = country_code(iso3, by="iso3")
        if iso2 and geom is not None:
            shapely.prepare(geom)
            out[iso2] = geom
    return out


def _codes(values: pd.Series) -> np.ndarray:
    """ISO alpha-2 codes of a country column (codes or names), None where unknown."""
    from geoincidents.formats._common import country_code

    text = readcells.text(values)
    distinct = {}
    for v in pd.unique(text):
        if not v:
            distinct[v] = None
        elif len(v) == 2 and v.isalpha():
            distinct[v] = v.upper()
        elif len(v) == 3 and v.isalpha():
            distinct[v] = country_code(v, by="iso3")
        else:
            distinct[v] = country_code(v, by="name")
    return np.array([distinct[v] for v in text], dtype=object)


def check(frame: pd.DataFrame, out: pd.DataFrame, lon: np.ndarray, lat: np.ndarray,
          given: np.ndarray, source: str, get_gazetteer, country) -> list[Reject]:
    """Warnings for rows whose given coordinates (``given``) are outside the country the
    row names; ``out`` is the placed frame (its ``country`` column as read)."""
    n = len(frame)
    expected = np.full(n, None, dtype=object)
    field = np.full(n, None, dtype=object)
    if "country" in frame:
        expected = _codes(frame["country"])
        field[pd.notna(expected)] = "country"
    place_col = next((c for c in ("place", "location") if c in frame), None)
    todo = given & pd.isna(expected)
    if place_col is not None and todo.any():
        from geoincidents.geocode import geocode_names

        idx = np.flatnonzero(todo & readcells.given(frame[place_col]))
        if len(idx):
            geo = geocode_names(frame[place_col].to_numpy(dtype=object)[idx], get_gazetteer(),
                                country=country)
            found = geo["country"].to_numpy(dtype=object)
            expected[idx] = [c if isinstance(c, str) else None for c in found]
            field[idx] = place_col
    outlines = _outlines()
    check_rows = np.flatnonzero(given & np.array([c in outlines for c in expected], bool))
    if not len(check_rows):
        return []
    geod = settings.geod()
    warnings = []
    for code in pd.unique(expected[check_rows]):
        rows = check_rows[expected[check_rows] == code]
        shape = outlines[code]
        points = shapely.points(lon[rows], lat[rows])
        outside = rows[~shapely.contains(shape, points)]
        if not len(outside):
            continue
        near = shapely.shortest_line(shapely.points(lon[outside], lat[outside]), shape)
        xy = shapely.get_coordinates(near).reshape(-1, 2, 2)
        dist = geod.inv(xy[:, 0, 0], xy[:, 0, 1], xy[:, 1, 0], xy[:, 1, 1])[2]
        far = outside[dist > tolerance_m]
        flipped = shapely.contains(shape, shapely.points(lat[far], lon[far])) if len(far) \
            else np.array([], bool)
        for i, flip in zip(far, flipped):
            named = f"the {field[i]} column names {code}"
            hint = ("; lon and lat look swapped (exchanged, the point is in that country)"
                    if flip else "; check the coordinates")
            warnings.append(Reject(source, int(frame["_row"].iat[i]), field[i],
                                   str(frame[field[i]].iat[i]),
                                   f"the point ({lon[i]:g}, {lat[i]:g}) is outside {code} "
                                   f"while {named}{hint}"))
    return warnings
