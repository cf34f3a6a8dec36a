"""Vector files read through GDAL (GeoPackage, FlatGeobuf, Shapefile) and (Geo)Parquet read
by record batches, as raw frames: the attribute columns, ``_lon``/``_lat`` of each geometry
(a point inside a line or polygon, listed in ``attrs["non_point_rows"]``) and ``_row``.

Parquet is read in batches of rows whatever the path (a whole file, chunks, a dask
partition of row groups), so every path sees the same values.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoincidents import settings
from geoincidents.errors import DataError
from geoincidents.formats._common import point_xy
from geoincidents.formats.csvtext import RESERVED

#: GDAL drivers by suffix (GeoJSON is read by `geoincidents.formats.geojson`).
GDAL_SUFFIXES = {".gpkg": "GPKG", ".fgb": "FlatGeobuf", ".shp": "ESRI Shapefile"}
PARQUET_SUFFIXES = (".parquet", ".geoparquet", ".pq")


def read_gdal(path: str | os.PathLike[str], source: str, *, layer: str | None = None
              ) -> pd.DataFrame:
    """A GDAL vector file as one raw frame."""
    path = Path(path)
    try:
        if layer is None:  # the first layer with geometries (not e.g. QGIS's layer_styles)
            import pyogrio

            spatial = [name for name, kind in pyogrio.list_layers(path) if kind is not None]
            layer = spatial[0] if spatial else None
        # arrow keeps booleans and dates with missing values as they were written
        gdf = gpd.read_file(path, layer=layer, use_arrow=True)
    except Exception as exc:  # GDAL's and Arrow's many errors all mean the same thing here
        raise DataError(f"{source}: cannot be read as "
                        f"{GDAL_SUFFIXES.get(path.suffix.lower(), 'a vector file')} "
                        f"({exc})") from exc
    if gdf.crs is not None and not gdf.crs.equals(settings.crs):
        gdf = gdf.to_crs(settings.crs)
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).astype("object")
    _check_names(frame.columns, source)
    lon, lat, others = point_xy(gdf.geometry.to_numpy())
    frame["_lon"], frame["_lat"] = lon, lat
    frame["_row"] = np.arange(1, len(gdf) + 1)
    frame.attrs["non_point_rows"] = [int(i) + 1 for i in others]
    return frame


def _check_names(columns, source: str) -> None:
    reserved = [c for c in columns if c in RESERVED]
    if reserved:
        raise DataError(f"{source}: column(s) {reserved} have names geoincidents keeps for "
                        f"itself ({list(RESERVED)}); rename them")


def parquet_parts(path: str | os.PathLike[str], *, rows_per_part: int
                  ) -> list[tuple[list[int], int]]:
    """Row groups of a Parquet file in parts of about ``rows_per_part`` rows, each with
    its first 1-based row (for reading parts in parallel with right row numbers)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    parts, groups, size, start = [], [], 0, 1
    for g in range(meta.num_row_groups):
        groups.append(g)
        size += meta.row_group(g).num_rows
        if size >= rows_per_part:
            parts.append((groups, start))
            groups, start, size = [], start + size, 0
    if groups:
        parts.append((groups, start))
    return parts


def parquet_rows(path: str | os.PathLike[str]) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def iter_parquet(path: str | os.PathLike[str], source: str, *, chunksize: int,
                 row_groups: list[int] | None = None, start: int = 1,
                 columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
    """Raw frames of at most ``chunksize`` rows of a (Geo)Parquet file (of ``row_groups``
    only, if given, whose first row is row ``start``); ``columns`` limits the attribute
    columns read."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        meta = pf.schema_arrow.metadata or {}
        geo = json.loads(meta[b"geo"]) if b"geo" in meta else None
    except Exception as exc:  # pyarrow's errors all mean "not Parquet"
        raise DataError(f"{source}: cannot be read as Parquet ({exc})") from exc
    geom_col = geo.get("primary_column") if isinstance(geo, dict) else None
    transformer = _transformer(geo, geom_col, source) if geom_col else None
    names = [n for n in pf.schema_arrow.names if n != geom_col]
    _check_names(names, source)
    wanted = [n for n in names if columns is None or n in columns]
    try:
        batches = pf.iter_batches(batch_size=chunksize, row_groups=row_groups,
                                  columns=wanted + ([geom_col] if geom_col else []))
        for batch in batches:
            frame = batch.to_pandas()
            frame.attrs["non_point_rows"] = []
            if geom_col:
                lon, lat, others = _points(frame.pop(geom_col).to_numpy(), transformer)
                frame["_lon"], frame["_lat"] = lon, lat
                frame.attrs["non_point_rows"] = [start + int(i) for i in others]
            frame["_row"] = np.arange(start, start + len(frame))
            start += len(frame)
            yield frame
    except DataError:
        raise
    except Exception as exc:  # a corrupt page or geometry: the whole file is unusable
        raise DataError(f"{source}: cannot be read as Parquet ({exc})") from exc


def _transformer(geo: dict, geom_col: str, source: str):
    crs = (geo.get("columns") or {}).get(geom_col, {}).get("crs")
    if crs is None:
        return None
    from pyproj import CRS, Transformer

    crs = CRS.from_user_input(crs)
    if crs.equals(CRS(settings.crs)) or crs.equals(CRS("OGC:CRS84")):
        return None
    return Transformer.from_crs(crs, settings.crs, always_xy=True)


def _points(values: np.ndarray, transformer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """lon, lat of WKB geometries (a point inside non-points) and the positions of the
    non-points."""
    lon, lat, rest = _wkb_points(values)
    if rest.any():
        geoms = np.full(len(values), None, dtype=object)
        geoms[rest] = shapely.from_wkb(values[rest], on_invalid="ignore")
        x, y, others = point_xy(geoms)
        lon[rest], lat[rest] = x[rest], y[rest]
    else:
        others = np.array([], dtype=np.int64)
    if transformer is not None:
        lon, lat = transformer.transform(lon, lat)
    return np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64"), others


def _wkb_points(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """lon, lat of little-endian 2D WKB points read straight from the bytes; a mask of the
    rows that are something else (null, other types), for shapely."""
    n = len(values)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    lengths = np.fromiter((len(v) if isinstance(v, bytes) else 0 for v in values), np.int64, n)
    simple = lengths == 21
    if simple.any():
        raw = np.frombuffer(b"".join(values[simple]), dtype=np.uint8).reshape(-1, 21)
        head = raw[:, :5].copy().view(np.dtype([("order", "u1"), ("type", "<u4")]))[:, 0]
        good = (head["order"] == 1) & (head["type"] == 1)
        xy = raw[:, 5:].copy().view("<f8")
        rows = np.flatnonzero(simple)
        lon[rows[good]], lat[rows[good]] = xy[good, 0], xy[good, 1]
        simple[rows[~good]] = False
    return lon, lat, ~simple
