"""Write incidents as GeoJSON, GeoJSON text sequences, CSV, GeoPackage, GeoParquet,
FlatGeobuf or ACLED-shaped CSV.

Every output opens in QGIS as it is: EPSG:4326 is declared (GeoJSON is WGS84 by RFC
7946), ``date`` is a Date field where the format has one (GeoPackage, FlatGeobuf,
GeoParquet; an ISO ``YYYY-MM-DD`` string in GeoJSON, which GDAL reads back as a Date),
counts are integers, ``background`` a boolean, and what is missing is null.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TextIO

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoincidents import cells, settings
from geoincidents.errors import DataError

#: Formats incidents can be written as (``--to``).
WRITE_FORMATS = ("geojson", "geojsonseq", "csv", "gpkg", "parquet", "fgb", "acled")

#: Those that can go to stdout.
TEXT_FORMATS = ("geojson", "geojsonseq", "csv", "acled")

#: Output format by file suffix.
SUFFIX_FORMATS = {".geojson": "geojson", ".json": "geojson", ".geojsons": "geojsonseq",
                  ".geojsonseq": "geojsonseq", ".geojsonl": "geojsonseq",
                  ".geojsonld": "geojsonseq", ".jsonl": "geojsonseq",
                  ".ndjson": "geojsonseq", ".csv": "csv", ".gpkg": "gpkg",
                  ".parquet": "parquet", ".geoparquet": "parquet", ".fgb": "fgb"}

_OGR_DRIVERS = {"gpkg": "GPKG", "fgb": "FlatGeobuf"}

#: The suffix a binary format's file is made with (GDAL checks it).
_SUFFIXES = {"gpkg": ".gpkg", "fgb": ".fgb", "parquet": ".parquet"}

RS = "\x1e"


def format_for(path: str | os.PathLike[str] | None, to: str | None = None) -> str:
    """The output format: ``to`` when given, else by the suffix of ``path``.

    With neither (stdout), a GeoJSON text sequence, the format that pipes best.
    """
    if to is not None:
        if to not in WRITE_FORMATS:
            raise DataError(f"`to` was {to!r} but is expected to be in {list(WRITE_FORMATS)}")
        return to
    if path is None or str(path) == "-":
        return "geojsonseq"
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIX_FORMATS:
        raise DataError(f"{path}: no output format for the suffix {suffix!r}; expected one "
                        f"of {sorted(SUFFIX_FORMATS)} or a format given with --to "
                        f"{list(WRITE_FORMATS)}")
    return SUFFIX_FORMATS[suffix]


def write(incidents: gpd.GeoDataFrame, path: str | os.PathLike[str] | None = None, *,
          to: str | None = None, rs: bool = False, overwrite: bool = False,
          stream: TextIO | None = None) -> Path | None:
    """Write incidents to ``path`` (or, when it is None or ``"-"``, to ``stream``).

    Parameters
    ----------
    incidents : GeoDataFrame
        In the incident schema (`geoincidents.model.COLUMNS`).
    path : path, optional
        The file; its suffix gives the format unless ``to`` does.
    to : str, optional
        One of `WRITE_FORMATS`.
    rs : bool
        Start each text of a GeoJSON sequence with RS (0x1E), as RFC 8142 and
        ``fio --rs`` do; without it, one Feature per line.
    overwrite : bool
        Replace ``path`` when it exists.
    stream : text file, optional
        Where text formats go when there is no ``path`` (stdout by default).

    Returns
    -------
    Path or None
        The file written, or None when written to the stream.
    """
    from geoincidents.outputs import Staged

    fmt = format_for(path, to)
    if path is None or str(path) == "-":
        if fmt not in TEXT_FORMATS:
            raise DataError(f"{fmt} cannot go to stdout (it is not a text format); name an "
                            f"output file, or pick one of {list(TEXT_FORMATS)}")
        import sys

        (stream or sys.stdout).write(to_text(incidents, fmt, rs=rs))
        return None
    staged = Staged(path, overwrite=overwrite, suffix=_SUFFIXES.get(fmt, ""))
    with staged as tmp:
        if fmt in TEXT_FORMATS:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                fh.write(to_text(incidents, fmt, rs=rs))
        elif fmt == "parquet":
            _dates_as_days(incidents).to_parquet(tmp, index=False)
        else:
            _write_ogr(incidents, tmp, driver=_OGR_DRIVERS[fmt])
    return staged.target.path


def to_text(incidents: gpd.GeoDataFrame, fmt: str, *, rs: bool = False) -> str:
    """Incidents as GeoJSON, a GeoJSON sequence, CSV or ACLED-shaped CSV text."""
    from geoincidents.io import to_csv_frame

    if fmt == "csv":
        return cells.to_csv(to_csv_frame(incidents), index=False)
    if fmt == "acled":
        from geoincidents.formats import acled_out

        return cells.to_csv(acled_out.from_incidents(incidents), index=False)
    features = list(_features(incidents))
    if fmt == "geojsonseq":
        return "".join(f"{RS if rs else ''}{f}\n" for f in features)
    if fmt == "geojson":
        return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(features) + "\n]}\n"
    raise DataError(f"`fmt` was {fmt!r} but is expected to be in {list(TEXT_FORMATS)}")


def _features(incidents: gpd.GeoDataFrame):
    """Each incident as one GeoJSON Feature text (RFC 7946: lon, lat in WGS84)."""
    frame = pd.DataFrame(incidents.drop(columns=incidents.geometry.name))
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    geoms = incidents.geometry.to_numpy()
    texts = shapely.to_geojson(geoms)
    for props, geom in zip(records, texts):
        yield ('{"type": "Feature", "properties": '
               + json.dumps(props, ensure_ascii=False, default=_json_default)
               + ', "geometry": ' + (geom if geom is not None else "null") + "}")


def _json_default(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _dates_as_days(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``date`` as calendar days (a Date field, not a DateTime at midnight)."""
    out = incidents.copy()
    days = out["date"].dt.date
    out["date"] = days.astype(object).where(out["date"].notna(), None)
    return out


def _write_ogr(incidents: gpd.GeoDataFrame, path: Path, *, driver: str) -> None:
    import pyarrow as pa
    import pyogrio

    table = pa.table(incidents.to_arrow(geometry_encoding="WKB"))
    i = table.schema.get_field_index("date")
    table = table.set_column(i, "date", table.column("date").cast(pa.date32()))
    types = set(shapely.get_type_id(incidents.geometry.to_numpy())) - {-1}
    with _gdal_config(OGR_CURRENT_DATE=file_timestamp()):
        pyogrio.write_arrow(table, path, driver=driver, layer="incidents",
                            geometry_name=incidents.geometry.name,
                            geometry_type="Point" if types <= {0} else "Unknown",
                            crs=settings.crs)
    if driver == "GPKG":  # opens in QGIS styled by event type
        from geoincidents.formats import qgis_style

        qgis_style.add_to_geopackage(path, "incidents", geometry_column=incidents.geometry.name,
                                     timestamp=file_timestamp())


def file_timestamp() -> str:
    """The time stamped into files whose format records one (GeoPackage's
    ``gpkg_contents.last_change``): ``SOURCE_DATE_EPOCH`` when set (the reproducible-
    builds convention), else the Unix epoch, so that the same input gives the same bytes.
    """
    import datetime as dt

    try:
        seconds = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        seconds = 0
    stamp = dt.datetime.fromtimestamp(max(seconds, 0), tz=dt.timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.000Z")


@contextlib.contextmanager
def _gdal_config(**options: str):
    """GDAL configuration options for the duration of one write, then restored."""
    import pyogrio

    before = {k: pyogrio.get_gdal_config_option(k) for k in options}
    pyogrio.set_gdal_config_options(options)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(before)


def write_incidents(incidents: gpd.GeoDataFrame, path: str | os.PathLike[str], *,
                    overwrite: bool = False, to: str | None = None) -> Path:
    """Write incidents in the format of the suffix (or ``to``); CSV for other suffixes,
    a Shapefile for ``.shp`` (GDAL as it is, its side files beside it)."""
    from geoincidents.io import VECTOR_SUFFIXES
    from geoincidents.outputs import Staged

    suffix = Path(path).suffix.lower()
    if to is None and suffix not in SUFFIX_FORMATS:
        if suffix in VECTOR_SUFFIXES:
            staged = Staged(path, overwrite=overwrite)
            with staged as tmp:
                incidents.to_file(tmp, driver=VECTOR_SUFFIXES[suffix])
            assert staged.target.path is not None
            return staged.target.path
        to = "csv"
    written = write(incidents, path, to=to, overwrite=overwrite)
    assert written is not None
    return written


def write_rejects(rejects: list, path: str | os.PathLike[str], *,
                  overwrite: bool = False) -> Path | None:
    """Write rejects (or warnings) as CSV with columns source, row, field, value, reason
    (values that look like spreadsheet formulas neutralised); ``"-"`` is stdout."""
    from geoincidents import model
    from geoincidents.outputs import write_text

    return write_text(path, cells.to_csv(model.rejects_frame(rejects), index=False),
                      overwrite=overwrite)
