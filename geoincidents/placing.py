"""The one routine that places the rows of a raw table: batch, chunked and dask alike.

`place_rows` takes a raw chunk (`geoincidents.formats.RawChunk`: cells as read, a ``_row``
number per row) and checks, places and shapes every row: coordinates win over place names;
a row that cannot be placed, or has a value its column cannot hold, is a `Reject` naming
file, row, field and what was expected; a problem that leaves the row usable (an unknown
launch site, an unreadable date, coordinates that look swapped) is a warning of the same
shape. Each row gets one reject at most, from the first check it fails, in this order:
a repeated ``incident_id``, coordinates, counts, ``time_precision``, the place name.

`to_incidents` shapes the result into the incident schema; `report_chunk` into the
columns the zone report counts (`geoincidents.scale.zone_partials`).

Which columns hold the coordinates and the place name is `geoincidents.placecolumns`
(re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoincidents import model, readcells, settings
from geoincidents.geocode import geocode_names
from geoincidents.ids import IdRegistry
from geoincidents.model import Reject
from geoincidents.placecolumns import (LAT_NAMES, LON_NAMES, PLACE_NAMES, locate_columns,
                                       usable_columns)

COUNTS = (*model.COUNT_COLUMNS, "killed", "injured")


class Placed(NamedTuple):
    """Rows placed from one raw chunk: schema columns (``frame``, one row per placed row),
    their positions, and the problems of the chunk's rows."""

    frame: pd.DataFrame
    lon: np.ndarray
    lat: np.ndarray
    rows: np.ndarray
    rejects: list[Reject]
    warnings: list[Reject]


class _Rows:
    """The rows of a chunk being placed: which are still in, and their problems."""

    def __init__(self, frame: pd.DataFrame, source: str, rejects: list[Reject]) -> None:
        self.frame, self.source = frame, source
        self.numbers = frame["_row"].to_numpy(dtype=np.int64)
        self.ok = np.ones(len(frame), dtype=bool)
        self.rejects = list(rejects)
        self.warnings: list[Reject] = []

    def reject(self, mask: np.ndarray, field: str | None, reason: Callable[[int], str],
               value: Callable[[int], object] | None = None) -> None:
        for i in np.flatnonzero(mask & self.ok):
            shown = value(i) if value is not None else self.frame[field].iat[i]
            self.rejects.append(Reject(self.source, int(self.numbers[i]), field,
                                       None if shown is None else str(shown), reason(i)))
        self.ok &= ~mask

    def warn(self, mask: np.ndarray, field: str | None, reason: Callable[[int], str]) -> None:
        """Warn about rows (those finally rejected lose their warnings in `placed`)."""
        for i in np.flatnonzero(mask):
            value = self.frame[field].iat[i] if field in self.frame else None
            self.warnings.append(Reject(self.source, int(self.numbers[i]), field,
                                        None if value is None else str(value), reason(i)))


def place_rows(frame: pd.DataFrame, source: str, *, gazetteer: Callable | object,
               rejects: list[Reject] | None = None, country=None,
               lon_column: str | None = None, lat_column: str | None = None,
               place_column: str | None = None, ids: IdRegistry | None = None) -> Placed:
    """Check and place each row of a raw table (cells as read, a ``_row`` column).

    ``gazetteer`` is a `Gazetteer` or a callable returning one (loaded only when a row is
    geocoded); ``ids`` collects the ids of a whole run (a new one per call by default).
    """
    rows = _Rows(frame.reset_index(drop=True), source, rejects or [])
    frame = rows.frame
    lon_col, lat_col, place_col = locate_columns(frame, source, lon_column=lon_column,
                                                 lat_column=lat_column,
                                                 place_column=place_column)
    get_gazetteer = gazetteer if callable(gazetteer) else (lambda: gazetteer)
    _check_ids(rows, ids if ids is not None else IdRegistry())
    n = len(frame)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    if lon_col is not None and lat_col is not None:
        lon, lat = _coordinates(rows, lon_col, lat_col)
    # a dataset's own columns travel beside the schema's as they were read
    carried = set(frame.attrs.get("carried", ()))
    out = pd.DataFrame({c: frame[c] for c in frame.columns if c in model.COLUMNS or
                        c in carried}, index=frame.index)
    out = out.drop(columns=[c for c in ("source_file", "source_row") if c in out])
    for name in COUNTS:
        if name in frame:
            values, bad = readcells.counts(frame[name])
            rows.reject(bad, name, lambda i, name=name: f"{frame[name].iat[i]!s} is not a "
                        f"count; expected {readcells.COUNT_EXPECTED}")
            out[name] = values
    if "time_precision" in frame:
        values, bad = readcells.codes(frame["time_precision"], model.TIME_PRECISION)
        rows.reject(bad, "time_precision", lambda i: f"{frame['time_precision'].iat[i]!s} "
                    f"is not a time precision; expected one of {sorted(model.TIME_PRECISION)}"
                    f" ({model.TIME_PRECISION})")
        out["time_precision"] = values
    _provenance(frame, out, source)
    radius, code = _radii(rows)
    if "geo_precision" in frame:
        out["geo_precision"] = code
    has_xy = ~np.isnan(lon)
    if place_col is not None:
        out["place"] = frame[place_col]
        _geocode(rows, out, place_col, lon, lat, radius, get_gazetteer, country,
                 need=rows.ok & ~has_xy)
    else:
        rows.reject(~has_xy, lon_col, lambda i: "no coordinates; expected a longitude and "
                    "a latitude", value=lambda i: "")
    radius = np.where(np.isnan(radius), settings.coordinate_radius_m, radius)
    out["uncertainty_m"] = radius
    gp = out["geo_precision"].to_numpy(dtype="float64", na_value=np.nan) \
        if "geo_precision" in out else np.full(n, np.nan)
    out["geo_precision"] = np.where(np.isnan(gp), model.precisions_for_radii(radius), gp)
    if "date" in frame:
        days, bad = readcells.dates(frame["date"])
        rows.warn(bad, "date", lambda i: f"not a date; expected {readcells.DATE_EXPECTED}; "
                  "the incident is kept undated")
        out["date"] = days
    if "background" in frame:
        flags, bad = readcells.flags(frame["background"])
        rows.warn(bad, "background", lambda i: "expected true or false; taken as not "
                  "background")
        out["background"] = flags
    _launch_and_target(rows, out, get_gazetteer, country)
    # a row without an id gets one from its file and row (whatever the other rows have)
    stem = Path(source).stem if source != "<stdin>" else "stdin"
    made = np.array([f"{stem}-{r}" for r in rows.numbers], dtype=object)
    if "incident_id" in out:
        given_id = readcells.given(out["incident_id"])
        out["incident_id"] = np.where(given_id, readcells.text(out["incident_id"]).to_numpy(
            dtype=object), made)
    else:
        out["incident_id"] = made
    for r in frame.attrs.get("non_point_rows", []):
        rows.warnings.append(Reject(source, int(r), "geometry", None, "not a point; placed "
                                    "at a point inside the geometry"))
    if lon_col is not None:
        from geoincidents import swapped

        rows.warnings += swapped.check(frame, out, lon, lat, has_xy & rows.ok, source,
                                       get_gazetteer, country)
    keep = rows.ok & ~np.isnan(lon) & ~np.isnan(lat)
    placed_rows = set(rows.numbers[keep].tolist())
    warnings = sorted((w for w in rows.warnings if w.row is None or w.row in placed_rows),
                      key=lambda r: r.row or 0)
    return Placed(out[keep].reset_index(drop=True), lon[keep], lat[keep], rows.numbers[keep],
                  sorted(rows.rejects, key=lambda r: r.row or 0), warnings)


def _check_ids(rows: _Rows, ids: IdRegistry) -> None:
    if "incident_id" not in rows.frame:
        return
    dups = ids.check(rows.frame["incident_id"], rows.numbers, rows.source)
    firsts = {k: (src, row) for k, src, row in dups}
    mask = np.zeros(len(rows.frame), dtype=bool)
    mask[list(firsts)] = True

    field = rows.frame.attrs.get("id_column", "incident_id")

    def reason(i: int) -> str:
        src, row = firsts[i]
        where = f"row {row}" if src == rows.source else f"{src}, row {row}"
        return (f"id {str(rows.frame['incident_id'].iat[i]).strip()!r} already used in "
                f"{where}; expected unique ids (the first row with it is kept)")

    rows.reject(mask, field, reason, value=lambda i: rows.frame["incident_id"].iat[i])


def _coordinates(rows: _Rows, lon_col: str, lat_col: str) -> tuple[np.ndarray, np.ndarray]:
    frame = rows.frame
    values = {}
    for col, label, limit in ((lat_col, "latitude", 90.0), (lon_col, "longitude", 180.0)):
        num, not_number = readcells.numbers(frame[col])
        with np.errstate(invalid="ignore"):
            out_of_range = ~np.isnan(num) & (np.abs(num) > limit)
        values[col] = (num, not_number, out_of_range, label, limit)
    lon, lat = values[lon_col][0].copy(), values[lat_col][0].copy()
    swapped = np.abs(lat) > 90
    with np.errstate(invalid="ignore"):
        swapped &= np.abs(lon) <= 90
    for col in (lat_col, lon_col):
        num, not_number, out_of_range, label, limit = values[col]

        def reason(i: int, col=col, label=label, limit=limit, nn=not_number) -> str:
            what = "not a number" if nn[i] else "out of range"
            hint = (f"; {lon_col} and {lat_col} look swapped" if col == lat_col and
                    swapped[i] else "")
            return (f"{frame[col].iat[i]!s} is {what}; expected a {label} in degrees between "
                    f"-{limit:g} and {limit:g}{hint}")

        rows.reject(not_number | out_of_range, col if not col.startswith("_") else "geometry",
                    reason, value=lambda i, col=col: frame[col].iat[i])
    half = np.isnan(lon) != np.isnan(lat)
    for col, missing in ((lon_col, half & np.isnan(lon)), (lat_col, half & np.isnan(lat))):
        rows.reject(missing, col if not col.startswith("_") else "geometry",
                    lambda i: f"empty while the other coordinate is given; expected both "
                    f"{lon_col} and {lat_col}", value=lambda i: "")
    bad = ~rows.ok
    lon[bad], lat[bad] = np.nan, np.nan
    return lon, lat


def _provenance(frame: pd.DataFrame, out: pd.DataFrame, source: str) -> None:
    """``source_file``/``source_row``: this file and row, unless the row is one of our own
    exports, which carry the original input's."""
    out["source_file"] = source
    out["source_row"] = frame["_row"].to_numpy(dtype="float64")
    if "source_file" in frame:
        given = readcells.given(frame["source_file"])
        out.loc[given, "source_file"] = readcells.text(frame["source_file"])[given]
        original = readcells.numbers(frame["source_row"])[0] if "source_row" in frame \
            else np.full(len(frame), np.nan)
        out["source_row"] = np.where(given, original, out["source_row"])


def _radii(rows: _Rows) -> tuple[np.ndarray, np.ndarray]:
    """Each row's uncertainty radius (its ``uncertainty_m``, else that of its
    ``geo_precision`` code, else NaN) and its code (NaN where not given or invalid); a
    value that is not a radius or a code 1-3 is ignored with a warning."""
    frame = rows.frame
    n = len(frame)
    radius, code = np.full(n, np.nan), np.full(n, np.nan)
    if "uncertainty_m" in frame:
        radius, bad = readcells.radii(frame["uncertainty_m"])
        rows.warn(bad, "uncertainty_m", lambda i: f"expected {readcells.RADIUS_EXPECTED}; used "
                  "the default")
    if "geo_precision" in frame:
        code, bad = readcells.codes(frame["geo_precision"], (1, 2, 3))
        rows.warn(bad, "geo_precision", lambda i: "expected an ACLED geo precision code 1, "
                  "2 or 3; ignored")
        from_code = np.select([code == c for c in (1, 2, 3)],
                              [settings.precision_radius_m[c] for c in (1, 2, 3)], np.nan)
        radius = np.where(np.isnan(radius), from_code, radius)
    return radius, code


def _geocode(rows: _Rows, out: pd.DataFrame, place_col: str, lon: np.ndarray,
             lat: np.ndarray, radius: np.ndarray, get_gazetteer, country,
             need: np.ndarray) -> None:
    """Rows without coordinates placed by their place name (or rejected)."""
    frame = rows.frame
    named = readcells.given(frame[place_col])
    rows.reject(need & ~named, place_col, lambda i: "no coordinates and no place name; "
                "expected lon/lat or a place to geocode", value=lambda i: "")
    need = need & named & rows.ok
    if not need.any():
        return
    idx = np.flatnonzero(need)
    geo = geocode_names(frame[place_col].to_numpy(dtype=object)[idx], get_gazetteer(),
                        country=country)
    err = geo["error"].to_numpy(dtype=object)
    failed = np.zeros(len(frame), dtype=bool)
    failed[idx] = [isinstance(e, str) for e in err]
    errors = dict(zip(idx.tolist(), err))
    rows.reject(failed, place_col, lambda i: f"{errors[i]}; expected a place the gazetteer "
                "knows, or lon/lat columns")
    good = np.array([not isinstance(e, str) for e in err], dtype=bool) & \
        geo["lon"].notna().to_numpy(dtype=bool)
    sel = idx[good]
    lon[sel], lat[sel] = geo["lon"].to_numpy()[good], geo["lat"].to_numpy()[good]
    # a precision or radius given in the row wins over the gazetteer's
    radius[sel] = np.where(np.isnan(radius[sel]), geo["radius_m"].to_numpy()[good],
                           radius[sel])
    for col in ("place_id", "place_name", "country"):
        values = out[col].astype("object") if col in out else \
            pd.Series([None] * len(out), index=out.index, dtype="object")
        current = values.iloc[sel].to_numpy(dtype=object)
        found = geo[col].to_numpy(dtype=object)[good]
        values.iloc[sel] = [v if pd.isna(c) or c == "" else c for v, c in zip(found, current)]
        out[col] = values
    gp = out["geo_precision"].to_numpy(dtype="float64", na_value=np.nan).copy() \
        if "geo_precision" in out else np.full(len(out), np.nan)
    precision = geo["precision"].to_numpy(dtype="float64", na_value=np.nan)[good]
    gp[sel] = np.where(np.isnan(gp[sel]), precision, gp[sel])
    out["geo_precision"] = gp


def _launch_and_target(rows: _Rows, out: pd.DataFrame, get_gazetteer, country) -> None:
    """Launch sites (given as coordinates, else geocoded) and targets (geocoded)."""
    frame = rows.frame
    given = {c: readcells.numbers(frame[c]) for c in ("launch_lon", "launch_lat") if c in frame}
    if len(given) == 2 and any(readcells.given(frame[c]).any() for c in given):
        (llon, bad_lon), (llat, bad_lat) = given["launch_lon"], given["launch_lat"]
        with np.errstate(invalid="ignore"):
            bad = bad_lon | bad_lat | (np.abs(llon) > 180) | (np.abs(llat) > 90) | \
                (np.isnan(llon) != np.isnan(llat))
        rows.warn(bad, "launch_lon", lambda i: "expected a launch site longitude and latitude "
                  "in degrees; the incident is placed without its launch site")
        llon[bad], llat[bad] = np.nan, np.nan
        out["launch_lon"], out["launch_lat"] = llon, llat
        if "launch_uncertainty_m" in frame:
            out["launch_uncertainty_m"] = readcells.radii(frame["launch_uncertainty_m"])[0]
    elif "launch_place" in frame:
        geo = geocode_names(frame["launch_place"].to_numpy(dtype=object), get_gazetteer(),
                            country=country)
        out["launch_place_id"] = geo["place_id"].to_numpy()
        out["launch_lon"] = geo["lon"].to_numpy()
        out["launch_lat"] = geo["lat"].to_numpy()
        out["launch_uncertainty_m"] = geo["radius_m"].to_numpy()
        err = geo["error"].to_numpy(dtype=object)
        rows.warn(pd.notna(err), "launch_place", lambda i: f"{err[i]}; the incident is "
                  "placed without its launch site")
    if "target" in frame and not ("target_place_id" in frame and
                                  readcells.given(frame["target_place_id"]).any()):
        geo = geocode_names(frame["target"].to_numpy(dtype=object), get_gazetteer(),
                            country=country)
        out["target_place_id"] = geo["place_id"].to_numpy()
        err = geo["error"].to_numpy(dtype=object)
        rows.warn(pd.notna(err), "target", lambda i: f"{err[i]}; kept as text only")


def to_incidents(placed: Placed) -> gpd.GeoDataFrame:
    """Placed rows in the incident schema (`geoincidents.model.conform`)."""
    return model.conform(placed.frame, geometry=shapely.points(placed.lon, placed.lat))


def report_chunk(placed: Placed) -> pd.DataFrame:
    """Placed rows as the columns `geoincidents.scale.zone_partials` counts: lon, lat,
    uncertainty_m, date, the counts (float, NaN when missing), target_place_id,
    background, not_reaching and source_row."""
    from geoincidents.report import NOT_REACHING

    frame, n = placed.frame, len(placed.frame)

    def number(name: str) -> np.ndarray:
        return frame[name].to_numpy(dtype="float64", na_value=np.nan) if name in frame \
            else np.full(n, np.nan)

    def text(name: str) -> np.ndarray:
        if name not in frame:
            return np.full(n, None, dtype=object)
        values = readcells.text(frame[name])
        return values.where(values != "", None).astype(object).to_numpy()

    return pd.DataFrame({
        "lon": placed.lon, "lat": placed.lat,
        "uncertainty_m": frame["uncertainty_m"].to_numpy(dtype="float64"),
        "date": frame["date"].to_numpy(dtype=readcells.DATE_DTYPE) if "date" in frame
        else np.full(n, np.datetime64("NaT"), dtype=readcells.DATE_DTYPE),
        **{c: number(c) for c in ("n_fired", "n_landed", "killed", "injured")},
        "target_place_id": text("target_place_id"),
        "background": pd.array(frame["background"], dtype="boolean").fillna(False)
        .to_numpy(dtype=bool) if "background" in frame else np.zeros(n, dtype=bool),
        "not_reaching": pd.Series(text("event_type")).isin(NOT_REACHING).to_numpy(),
        "source_row": placed.rows,
    })


__all__ = ["COUNTS", "LAT_NAMES", "LON_NAMES", "PLACE_NAMES", "Placed", "locate_columns",
           "place_rows", "report_chunk", "to_incidents", "usable_columns"]
