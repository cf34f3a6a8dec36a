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

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd
import pandas as pd

from geoincidents import model, placing
from geoincidents.gazetteer import Gazetteer
from geoincidents.ids import IdRegistry
from geoincidents.model import ReadResult, Reject
from geoincidents.placing import LAT_NAMES, LON_NAMES, PLACE_NAMES, locate_columns  # noqa: F401

VECTOR_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG",
                   ".fgb": "FlatGeobuf", ".shp": "ESRI Shapefile"}

#: Rows placed at a time when a whole table is read (memory grows with it, results do not).
BATCH_ROWS = 1_000_000


def read_incidents(path: str | os.PathLike[str] | BinaryIO | None, *,
                   gazetteer: Gazetteer | None = None,
                   country: str | Iterable[str] | None = None, layer: str | None = None,
                   lon_column: str | None = None, lat_column: str | None = None,
                   place_column: str | None = None, fmt: str | None = None,
                   ids: IdRegistry | None = None, encoding: str | None = None) -> ReadResult:
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
        gazetteer by default (loaded only when a row needs it).
    country : str or iterable of str, optional
        ISO alpha-2 codes the table is about, to choose among namesakes.
    layer : str, optional
        Layer of a GeoPackage.
    lon_column, lat_column, place_column : str, optional
        Column names when they are not among `LON_NAMES`, `LAT_NAMES`, `PLACE_NAMES`.
    fmt : str, optional
        One of `geoincidents.formats.READ_FORMATS`, instead of sniffing.
    ids : IdRegistry, optional
        The incident ids read so far in this run (repeats are rejected).
    encoding : str, optional
        The encoding of a text input that is not UTF-8 (``cp1252``, ``latin-1`` ...).

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
    frames, rejects, warnings = [], [], []
    for placed in iter_placed(path, gazetteer=gazetteer, country=country, layer=layer,
                              lon_column=lon_column, lat_column=lat_column,
                              place_column=place_column, fmt=fmt, ids=ids,
                              chunksize=BATCH_ROWS, encoding=encoding):
        frames.append(placing.to_incidents(placed))
        rejects += placed.rejects
        warnings += placed.warnings
    if not frames:
        return ReadResult(model.empty_incidents(), rejects, warnings)
    incidents = frames[0] if len(frames) == 1 else gpd.GeoDataFrame(
        pd.concat(frames, ignore_index=True), geometry="geometry", crs=frames[0].crs)
    return ReadResult(incidents, rejects, warnings)


def distinct_inputs(paths: Iterable) -> tuple[list, list[Reject]]:
    """The inputs with a file named again (under any name) left out, and a reject for
    each one left out: a table read twice would count every incident twice."""
    out, rejects, seen = [], [], {}
    for path in paths:
        if hasattr(path, "read") or str(path) == "-" or not Path(path).exists():
            out.append(path)
            continue
        st = Path(path).stat()
        key = (st.st_dev, st.st_ino)
        if key in seen:
            rejects.append(Reject(str(path), None, None, None,
                                  f"the same file as the input {seen[key]} named before; "
                                  "read once (its rows would count twice)"))
            continue
        seen[key] = str(path)
        out.append(path)
    return out, rejects


def input_source(path) -> tuple[bytes | Path, str]:
    """What an input is read from (its bytes, for stdin and open files) and its name."""
    if path is None or (isinstance(path, str) and path == "-") or hasattr(path, "read"):
        stream = sys.stdin.buffer if path in (None, "-") else path
        return stream.read(), str(getattr(path, "name", "<stdin>"))
    return Path(path), str(path)


def iter_placed(path, *, gazetteer: Gazetteer | None = None, country=None,
                layer: str | None = None, lon_column: str | None = None,
                lat_column: str | None = None, place_column: str | None = None,
                fmt: str | None = None, ids: IdRegistry | None = None,
                chunksize: int = BATCH_ROWS, row_groups: list[int] | None = None,
                start: int = 1, progress=None, encoding: str | None = None
                ) -> Iterator[placing.Placed]:
    """Each chunk of an input read (`geoincidents.formats.iter_raw`) and placed
    (`geoincidents.placing.place_rows`): the one read path of every command and engine.

    ``progress`` is called with the bytes (rows, for Parquet) each chunk consumed.
    """
    from geoincidents import formats

    data, source = input_source(path)
    ids = ids if ids is not None else IdRegistry()
    loaded: list[Gazetteer] = [gazetteer] if gazetteer is not None else []

    def get_gazetteer() -> Gazetteer:
        if not loaded:
            loaded.append(Gazetteer.load())
        return loaded[0]

    for chunk in formats.iter_raw(data, source, fmt=fmt, chunksize=chunksize, layer=layer,
                                  row_groups=row_groups, start=start, encoding=encoding,
                                  columns=_Usable(lon_column, lat_column, place_column)):
        yield placing.place_rows(chunk.frame, source, gazetteer=get_gazetteer,
                                 rejects=chunk.rejects, country=country,
                                 lon_column=lon_column or chunk.lon_column,
                                 lat_column=lat_column or chunk.lat_column,
                                 place_column=place_column, ids=ids)
        if progress is not None:
            progress(chunk.size)
        else:
            from geoincidents import progress as bar

            bar.advance(chunk.size)


class _Usable:
    """The columns of a plain table that placing reads (``name in usable``)."""

    def __init__(self, *named: str | None) -> None:
        self.named = named

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(placing.usable_columns(
            [name], lon_column=self.named[0], lat_column=self.named[1],
            place_column=self.named[2]))


def build_incidents(frame: pd.DataFrame, source: str, *, gazetteer: Gazetteer,
                    country: str | Iterable[str] | None = None,
                    rejects: list[Reject] | None = None, lon_column: str | None = None,
                    lat_column: str | None = None, place_column: str | None = None
                    ) -> ReadResult:
    """Place each row of a raw table (strings, a ``_row`` column) and shape the schema."""
    placed = placing.place_rows(frame, source, gazetteer=gazetteer, rejects=rejects,
                                country=country, lon_column=lon_column,
                                lat_column=lat_column, place_column=place_column)
    return ReadResult(placing.to_incidents(placed), placed.rejects, placed.warnings)


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
    from geoincidents import readcells

    frame["date"] = readcells.iso_days(frame["date"])
    return frame
