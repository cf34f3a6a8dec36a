"""Resolve place names to positions with an uncertainty, once per distinct name.

Examples
--------
>>> from geoincidents.gazetteer import Gazetteer
>>> out = geocode_names(["Camp Taji", "Nowhere-on-earth"], Gazetteer.load())
>>> list(out["place_name"])
['Camp Taji', <NA>]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from geoincidents.errors import PlaceNotFound
from geoincidents.gazetteer import Gazetteer, Place

GEOCODE_COLUMNS = ("place_id", "place_name", "country", "lon", "lat", "radius_m", "precision",
                   "kind", "error")


def geocode_names(names: Sequence[object], gazetteer: Gazetteer, *,
                  country: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Geocode a column of names; each distinct name is looked up once.

    Parameters
    ----------
    names : sequence of str
        Names as written; missing or blank names give a missing result without error.
    gazetteer : Gazetteer
    country : str or iterable of str, optional
        ISO alpha-2 codes that the data is known to be about (favours namesakes there).

    Returns
    -------
    DataFrame
        One row per name, columns `GEOCODE_COLUMNS`; ``error`` says why a non-blank name
        did not resolve.
    """
    series = pd.Series(list(names), dtype="object")
    blank = series.isna() | (series.astype(str).str.strip() == "")
    distinct = pd.unique(series[~blank].astype(str).str.strip())
    resolved: dict[str, dict] = {}
    for name in distinct:
        try:
            resolved[name] = place_record(gazetteer.resolve(name, country=country))
        except PlaceNotFound as exc:
            resolved[name] = {"error": str(exc)}
    records = [{} if is_blank else resolved[str(name).strip()]
               for name, is_blank in zip(series, blank)]
    frame = pd.DataFrame.from_records(records, columns=list(GEOCODE_COLUMNS),
                                      index=range(len(series)))
    return frame.astype({"lon": "float64", "lat": "float64", "radius_m": "float64",
                         "precision": "Int8"})


def place_record(place: Place) -> dict:
    """The geocoding columns for one resolved place."""
    return {"place_id": place.place_id, "place_name": place.name, "country": place.country,
            "lon": place.lon, "lat": place.lat, "radius_m": place.radius_m,
            "precision": place.precision, "kind": place.kind, "error": None}
