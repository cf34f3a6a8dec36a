"""Read incident tables (CSV, GeoJSON, GeoPackage) into the incident schema, and write outputs.

A row is placed from its coordinates when it has them, else by geocoding its place name.
A row that cannot be placed becomes a `Reject` that names the file, the row and the
field; a problem that does not stop a row from being placed (an unknown launch site, an
unreadable date) becomes a warning of the same shape. Nothing is dropped silently.

Examples
--------
>>> from geoincidents import settings
>>> result = read_incidents(settings.sample_incidents_path())
>>> len(result.rejects)
0
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoincidents import model, settings
from geoincidents.errors import DataError
from geoincidents.gazetteer import Gazetteer
from geoincidents.geocode import geocode_names
from geoincidents.model import ReadResult, Reject

#: Accepted spellings of the coordinate and place columns (matched case-insensitively).
LON_NAMES = ("lon", "longitude", "lng", "long", "x")
LAT_NAMES = ("lat", "latitude", "y")
PLACE_NAMES = ("place", "location", "place_name", "site")

VECTOR_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG",
                   ".fgb": "FlatGeobuf", ".shp": "ESRI Shapefile"}
PARQUET_SUFFIXES = (".parquet", ".geoparquet")
#: GeoJSON text sequences (RFC 8142 with RS, or one Feature per line).
SEQUENCE_SUFFIXES = (".geojsons", ".geojsonseq", ".geojsonl", ".geojsonld", ".jsonl",
                     ".ndjson")


def read_incidents(path: str | os.PathLike[str] | BinaryIO | None, *,
                   gazetteer: Gazetteer | None = None,
                   country: str | Iterable[str] | None = None, layer: str | None = None,
                   lon_column: str | None = None, lat_column: str | None = None,
                   place_column: str | None = None, fmt: str | None = None) -> ReadResult:
    """Read an incident table into the incident schema.

    Parameters
    ----------
    path : path, binary file object or None
        A CSV (plain, ACLED, UCDP GED), GDELT event file, GeoJSON (or a GeoJSON text
        sequence), GeoPackage, FlatGeobuf or GeoParquet file; ``None`` or ``"-"`` reads
        stdin and an open binary file is read as it is: their format is sniffed from
        the content (see `geoincidents.formats.sniff`).
    gazetteer : Gazetteer, optional
        Used for rows without coordinates and for launch and target names; the bundled
        gazetteer by default.
    country : str or iterable of str, optional
        ISO alpha-2 codes the table is about, to choose among namesakes.
    layer : str, optional
        Layer of a GeoPackage.
    lon_column, lat_column, place_column : str, optional
        Column names when they are not among `LON_NAMES`, `LAT_NAMES`, `PLACE_NAMES`.

    Returns
    -------
    ReadResult
        ``incidents`` (GeoDataFrame in the schema of `geoincidents.model`), ``rejects``
        (rows not placed) and ``warnings`` (rows placed with a problem).

    Raises
    ------
    DataError
        When the file as a whole cannot be used: not found, unreadable, or without
        coordinate or place columns.
    """
    from geoincidents import formats

    stream = path is None or (isinstance(path, str) and path == "-") or hasattr(path, "read")
    source = str(getattr(path, "name", "<stdin>")) if stream else str(path)
    if not stream and not Path(path).exists():
        raise DataError(f"{source}: file not found")
    suffix = "" if stream else Path(path).suffix.lower()
    lon_col, lat_col = lon_column, lat_column
    if fmt is None and (suffix in VECTOR_SUFFIXES or suffix in PARQUET_SUFFIXES):
        frame, rejects = _read_vector(Path(path), layer=layer)
    else:
        if stream:
            raw = (sys.stdin.buffer if path in (None, "-") else path).read()
        else:
            raw = Path(path).read_bytes()
        table = formats.read_raw(raw, source, fmt=fmt or _format_for_suffix(suffix))
        frame, rejects = table.frame, table.rejects
        lon_col, lat_col = lon_column or table.lon_column, lat_column or table.lat_column
    gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
    return build_incidents(frame, source, gazetteer=gazetteer, country=country,
                           rejects=rejects, lon_column=lon_col, lat_column=lat_col,
                           place_column=place_column)


def _format_for_suffix(suffix: str) -> str | None:
    """GeoJSON sequences by their suffix; other text files are sniffed."""
    return "geojsonseq" if suffix in SEQUENCE_SUFFIXES else None


# -- CSV ------------------------------------------------------------------------------

_SURROGATE = re.compile("[\udc80-\udcff]+")


def read_csv_text(raw: bytes, source: str) -> tuple[pd.DataFrame, list[Reject]]:
    """Parse CSV bytes into a frame of strings, one `Reject` per unusable row.

    The returned frame has a ``_row`` column: the 1-based data row number (the header
    is row 0), which is what every message calls "row".
    """
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    if not text.strip():
        raise DataError(f"{source}: empty file; expected a CSV header and rows")
    if "\x00" in text[:4096]:
        raise DataError(f"{source}: binary data (NUL bytes); expected CSV text")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise DataError(f"{source}, row 0 (header): {exc}; expected CSV") from exc
    if any(_SURROGATE.search(h) for h in header):
        raise DataError(f"{source}, row 0 (header): bytes that are not UTF-8; expected a "
                        "UTF-8 header")
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise DataError(f"{source}, row 0 (header): column(s) {dup} appear twice; expected "
                        "unique column names")
    rows: list[list[str]] = []
    numbers: list[int] = []
    rejects: list[Reject] = []
    width = len(header)
    row_no = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row_no += 1
            rejects.append(Reject(source, row_no, None, None, f"unreadable CSV ({exc})"))
            continue
        row_no += 1
        if not any(cell.strip() for cell in row):
            rejects.append(Reject(source, row_no, None, None,
                                  "empty row; expected values for the columns "
                                  f"{header}"))
            continue
        if len(row) != width:
            rejects.append(Reject(source, row_no, None, ",".join(row)[:80],
                                  f"has {len(row)} fields; expected {width} as in the header"))
            continue
        bad = next((i for i, cell in enumerate(row) if _SURROGATE.search(cell)), None)
        if bad is not None:
            value = row[bad]
            shown = value.encode("utf-8", "surrogateescape")
            rejects.append(Reject(source, row_no, header[bad], repr(shown)[2:-1],
                                  f"bytes that are not UTF-8 ({_bad_bytes(value)}); "
                                  "expected UTF-8 text (re-save the file as UTF-8)"))
            continue
        rows.append(row)
        numbers.append(row_no)
    frame = pd.DataFrame(rows, columns=header, dtype="object")
    frame["_row"] = numbers
    return frame, rejects


def _bad_bytes(value: str) -> str:
    return " ".join(f"0x{ord(ch) - 0xDC00:02X}" for m in _SURROGATE.finditer(value)
                    for ch in m.group())


# -- vector files -----------------------------------------------------------------------

def _read_vector(path: Path, *, layer: str | None) -> tuple[pd.DataFrame, list[Reject]]:
    from geoincidents.formats._common import point_xy

    suffix = path.suffix.lower()
    try:
        if suffix in PARQUET_SUFFIXES:
            gdf = gpd.read_parquet(path)
        else:
            # arrow keeps booleans and dates with missing values as they were written
            gdf = gpd.read_file(path, layer=layer, use_arrow=True)
    except Exception as exc:  # GDAL's and Arrow's many errors all mean the same thing here
        kind = "GeoParquet" if suffix in PARQUET_SUFFIXES else VECTOR_SUFFIXES[suffix]
        raise DataError(f"{path}: cannot be read as {kind} ({exc})") from exc
    if gdf.crs is not None and not gdf.crs.equals(settings.crs):
        gdf = gdf.to_crs(settings.crs)
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    lon, lat, others = point_xy(gdf.geometry.to_numpy())
    frame = frame.astype("object")
    frame["_lon"], frame["_lat"] = lon, lat
    frame["_row"] = np.arange(1, len(gdf) + 1)
    frame.attrs["non_point_rows"] = [int(i) + 1 for i in others]
    return frame, []


# -- from a raw frame to incidents ---------------------------------------------------------

def _find(columns: Sequence[str], wanted: str | None, names: Sequence[str]) -> str | None:
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


def build_incidents(frame: pd.DataFrame, source: str, *, gazetteer: Gazetteer,
                    country: str | Iterable[str] | None = None,
                    rejects: list[Reject] | None = None, lon_column: str | None = None,
                    lat_column: str | None = None, place_column: str | None = None
                    ) -> ReadResult:
    """Place each row of a raw table (strings, a ``_row`` column) and shape the schema.

    Coordinates win over place names; rows with neither, or with bad ones, are rejected.
    """
    rejects = list(rejects or [])
    warnings: list[Reject] = []
    columns = [c for c in frame.columns if not c.startswith("_")]
    lon_col, lat_col, place_col = locate_columns(frame, source, lon_column=lon_column,
                                                 lat_column=lat_column,
                                                 place_column=place_column)
    n = len(frame)
    rows = frame["_row"].to_numpy()
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    ok = np.ones(n, dtype=bool)
    if lon_col is not None and lat_col is not None:
        ok, lon, lat = _check_coordinates(frame, lon_col, lat_col, source, rejects)
    out = pd.DataFrame(index=frame.index)
    for col in columns:
        if col in model.COLUMNS:
            out[col] = frame[col]
    out["source_file"] = source
    out["source_row"] = rows
    if "source_file" in frame:
        # our own exports carry the provenance of the original input: keep it
        given = ~frame["source_file"].astype("string").fillna("").str.strip().eq("").to_numpy()
        out.loc[given, "source_file"] = frame["source_file"][given].astype(str)
        out["source_row"] = out["source_row"].astype("object")
        out.loc[given, "source_row"] = (frame["source_row"][given] if "source_row" in frame
                                        else None)
    radius = _radius(frame, out, source, warnings)
    has_xy = ok & ~np.isnan(lon)
    if place_col is not None:
        out["place"] = frame[place_col]
        need = ok & ~has_xy
        if need.any():
            names = frame[place_col].to_numpy()[need]
            geo = geocode_names(names, gazetteer, country=country)
            idx = np.flatnonzero(need)
            for k, (i, name) in enumerate(zip(idx, names)):
                err = geo["error"].iat[k]
                if name is None or pd.isna(name) or not str(name).strip():
                    rejects.append(Reject(source, int(rows[i]), place_col, "",
                                          "no coordinates and no place name; expected "
                                          "lon/lat or a place to geocode"))
                    ok[i] = False
                elif isinstance(err, str):
                    rejects.append(Reject(source, int(rows[i]), place_col, str(name),
                                          f"{err}; expected a place the gazetteer knows, "
                                          "or lon/lat columns"))
                    ok[i] = False
            good = geo["error"].isna().to_numpy() & geo["lon"].notna().to_numpy()
            sel = idx[good]
            lon[sel], lat[sel] = geo["lon"].to_numpy()[good], geo["lat"].to_numpy()[good]
            # a precision or radius given in the row wins over the gazetteer's
            radius[sel] = np.where(np.isnan(radius[sel]), geo["radius_m"].to_numpy()[good],
                                   radius[sel])
            for col, src in (("place_id", "place_id"), ("place_name", "place_name"),
                             ("country", "country")):
                values = out[col].astype("object") if col in out else \
                    pd.Series([None] * n, index=out.index, dtype="object")
                values.iloc[sel] = [v if pd.isna(cur) else cur for v, cur in
                                    zip(geo[src].to_numpy()[good], values.iloc[sel])]
                out[col] = values
            precision = geo["precision"].to_numpy(dtype="float64", na_value=np.nan)[good]
            if "geo_precision" not in out:
                out["geo_precision"] = pd.array([pd.NA] * n, dtype="Int8")
            gp = np.array(pd.to_numeric(out["geo_precision"], errors="coerce").to_numpy(
                dtype="float64", na_value=np.nan))
            gp[sel] = np.where(np.isnan(gp[sel]), precision, gp[sel])
            out["geo_precision"] = gp
    elif (~has_xy & ok).any():
        for i in np.flatnonzero(~has_xy & ok):
            rejects.append(Reject(source, int(rows[i]), lon_col, "",
                                  "no coordinates; expected a longitude and a latitude"))
            ok[i] = False
    radius = np.where(np.isnan(radius), settings.coordinate_radius_m, radius)
    out["uncertainty_m"] = radius
    if "geo_precision" in out:
        gp = pd.to_numeric(out["geo_precision"], errors="coerce").to_numpy(dtype="float64",
                                                                          na_value=np.nan)
        out["geo_precision"] = np.where(np.isnan(gp), [model.precision_for_radius(r)
                                                       for r in radius], gp)
    else:
        out["geo_precision"] = [model.precision_for_radius(r) for r in radius]
    _resolve_roles(frame, out, source, gazetteer, country, warnings)
    _check_dates(frame, out, source, warnings)
    if "incident_id" not in out or out["incident_id"].isna().all():
        stem = Path(source).stem if source != "<stdin>" else "stdin"
        out["incident_id"] = [f"{stem}-{r}" for r in rows]
    if "non_point_rows" in frame.attrs:
        for r in frame.attrs["non_point_rows"]:
            warnings.append(Reject(source, r, "geometry", None, "not a point; placed at a "
                                   "point inside the geometry"))
    keep = ok & ~np.isnan(lon) & ~np.isnan(lat)
    placed = out[keep]
    geometry = shapely.points(lon[keep], lat[keep])
    incidents = model.conform(placed.reset_index(drop=True), geometry=geometry)
    rejects.sort(key=lambda r: (r.row or 0))
    return ReadResult(incidents, rejects, warnings)


def _check_coordinates(frame: pd.DataFrame, lon_col: str, lat_col: str, source: str,
                       rejects: list[Reject]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(frame)
    ok = np.ones(n, dtype=bool)
    rows = frame["_row"].to_numpy()
    values = {}
    for col, label, limit in ((lat_col, "latitude", 90.0), (lon_col, "longitude", 180.0)):
        raw = frame[col]
        text = raw.astype("string").str.strip() if raw.dtype == object else raw
        num = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        blank = raw.isna().to_numpy() | (text.astype("string").fillna("") == "").to_numpy()
        not_number = np.isnan(num) & ~blank
        out_of_range = ~np.isnan(num) & (np.abs(num) > limit)
        for i in np.flatnonzero(not_number | out_of_range):
            if ok[i]:
                what = "not a number" if not_number[i] else "out of range"
                rejects.append(Reject(source, int(rows[i]), col, str(raw.iat[i]),
                                      f"{raw.iat[i]!s} is {what}; expected a {label} in "
                                      f"degrees between -{limit:g} and {limit:g}"))
            ok[i] = False
        values[col] = np.where(not_number | out_of_range, np.nan, num)  # a writable copy
    lon, lat = values[lon_col], values[lat_col]
    half = ok & (np.isnan(lon) != np.isnan(lat))
    for i in np.flatnonzero(half):
        missing = lon_col if np.isnan(lon[i]) else lat_col
        rejects.append(Reject(source, int(rows[i]), missing, "",
                              f"empty while the other coordinate is given; expected both "
                              f"{lon_col} and {lat_col}"))
        ok[i] = False
    return ok, lon, lat


def _given(column: pd.Series) -> np.ndarray:
    """Which cells hold a value: not missing and, for text, not blank."""
    given = column.notna().to_numpy().copy()
    if column.dtype == object or pd.api.types.is_string_dtype(column):
        given &= (column.astype("string").fillna("").str.strip() != "").to_numpy()
    return given


def row_radii(frame: pd.DataFrame, source: str,
              warnings: list[Reject]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's uncertainty radius in metres and its ACLED geo precision code.

    The radius is the row's ``uncertainty_m``, else the radius of its ``geo_precision``
    code, else NaN (the caller decides); a value that is not a radius or a code 1-3 is
    ignored with a warning naming the row. Codes are NaN where not given or invalid.
    """
    n = len(frame)
    rows = frame["_row"].to_numpy()
    radius = np.full(n, np.nan)
    code = np.full(n, np.nan)
    if "uncertainty_m" in frame:
        radius = pd.to_numeric(frame["uncertainty_m"], errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan).copy()
        bad = _given(frame["uncertainty_m"]) & (np.isnan(radius) | (radius < 0))
        for i in np.flatnonzero(bad):
            warnings.append(Reject(source, int(rows[i]), "uncertainty_m",
                                   str(frame["uncertainty_m"].iat[i]),
                                   "expected a radius in metres >= 0; used the default"))
        radius[bad] = np.nan
    if "geo_precision" in frame:
        code = pd.to_numeric(frame["geo_precision"], errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan).copy()
        bad = _given(frame["geo_precision"]) & ~np.isin(code, [1, 2, 3])
        for i in np.flatnonzero(bad):
            warnings.append(Reject(source, int(rows[i]), "geo_precision",
                                   str(frame["geo_precision"].iat[i]),
                                   "expected an ACLED geo precision code 1, 2 or 3; ignored"))
        code[bad] = np.nan
        from_code = np.select([code == c for c in (1, 2, 3)],
                              [settings.precision_radius_m[c] for c in (1, 2, 3)], np.nan)
        radius = np.where(np.isnan(radius), from_code, radius)
    return radius, code


def _radius(frame: pd.DataFrame, out: pd.DataFrame, source: str,
            warnings: list[Reject]) -> np.ndarray:
    radius, code = row_radii(frame, source, warnings)
    if "geo_precision" in frame:
        out["geo_precision"] = code
    return radius


def _resolve_roles(frame: pd.DataFrame, out: pd.DataFrame, source: str, gazetteer: Gazetteer,
                   country, warnings: list[Reject]) -> None:
    """Geocode launch sites (unless given as coordinates) and targets."""
    rows = frame["_row"].to_numpy()
    if "launch_place" in frame and not ("launch_lon" in frame and
                                         frame["launch_lon"].astype("string").fillna("")
                                         .str.strip().ne("").any()):
        geo = geocode_names(frame["launch_place"].to_numpy(), gazetteer, country=country)
        out["launch_place_id"] = geo["place_id"].to_numpy()
        out["launch_lon"] = geo["lon"].to_numpy()
        out["launch_lat"] = geo["lat"].to_numpy()
        out["launch_uncertainty_m"] = geo["radius_m"].to_numpy()
        for i in np.flatnonzero(geo["error"].notna().to_numpy()):
            warnings.append(Reject(source, int(rows[i]), "launch_place",
                                   str(frame["launch_place"].iat[i]),
                                   f"{geo['error'].iat[i]}; the incident is placed without "
                                   "its launch site"))
    if "target" in frame and "target_place_id" not in frame:
        geo = geocode_names(frame["target"].to_numpy(), gazetteer, country=country)
        out["target_place_id"] = geo["place_id"].to_numpy()
        for i in np.flatnonzero(geo["error"].notna().to_numpy()):
            warnings.append(Reject(source, int(rows[i]), "target", str(frame["target"].iat[i]),
                                   f"{geo['error'].iat[i]}; kept as text only"))


def parse_dates(frame: pd.DataFrame, source: str, warnings: list[Reject]) -> np.ndarray:
    """The ``date`` column as datetime64[ns] (NaT when missing or unreadable, with a
    warning naming the row); ISO dates fast, other spellings as pandas reads them."""
    if "date" not in frame:
        return np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ns]")
    if pd.api.types.is_datetime64_any_dtype(frame["date"]):
        return frame["date"].to_numpy(dtype="datetime64[ns]")
    text = frame["date"].astype("string").fillna("").str.strip()
    blank = (text == "").to_numpy()
    parsed = pd.to_datetime(text.where(~blank, None), errors="coerce", format="ISO8601")
    retry = ~blank & parsed.isna().to_numpy()
    if retry.any():
        parsed = parsed.copy()
        parsed[retry] = pd.to_datetime(text[retry], errors="coerce", format="mixed")
        for i in np.flatnonzero(retry & parsed.isna().to_numpy()):
            warnings.append(Reject(source, int(frame["_row"].iat[i]), "date", str(text.iat[i]),
                                   "not a date; expected YYYY-MM-DD; the incident is kept "
                                   "undated"))
    return parsed.to_numpy(dtype="datetime64[ns]")


def _check_dates(frame: pd.DataFrame, out: pd.DataFrame, source: str,
                 warnings: list[Reject]) -> None:
    if "date" in frame:
        out["date"] = parse_dates(frame, source, warnings)


# -- writing: files are written by geoincidents.formats.writers through geoincidents.outputs;
# these names stay here for callers of the io module -------------------------------------

def write_rejects(rejects: list[Reject], path: str | os.PathLike[str], *,
                  overwrite: bool = False) -> Path | None:
    """See `geoincidents.formats.writers.write_rejects`."""
    from geoincidents.formats import writers

    return writers.write_rejects(rejects, path, overwrite=overwrite)


def write_incidents(incidents: gpd.GeoDataFrame, path: str | os.PathLike[str], *,
                    overwrite: bool = False, to: str | None = None) -> Path:
    """See `geoincidents.formats.writers.write_incidents`."""
    from geoincidents.formats import writers

    return writers.write_incidents(incidents, path, overwrite=overwrite, to=to)


def to_csv_frame(incidents: gpd.GeoDataFrame) -> pd.DataFrame:
    """Incidents as a plain table with lon/lat columns instead of geometry."""
    frame = pd.DataFrame(incidents.drop(columns="geometry"))
    frame.insert(frame.columns.get_loc("uncertainty_m"), "lon", incidents.geometry.x.round(6))
    frame.insert(frame.columns.get_loc("uncertainty_m"), "lat", incidents.geometry.y.round(6))
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    return frame
