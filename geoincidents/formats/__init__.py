"""The field's formats: ACLED, UCDP GED and GDELT in; GeoJSON (and RFC 8142 sequences),
CSV, GeoPackage, GeoParquet, FlatGeobuf and ACLED-shaped CSV out.

Readers here turn raw bytes into a table of strings named as the incident schema, with
rejects for unusable rows; `geoincidents.io.read_incidents` then places the rows and
shapes them with `geoincidents.model.conform`. Writers are in `writers`.

Examples
--------
>>> sniff(b"event_id_cnty,event_date,event_type,latitude,longitude,geo_precision\\n")
'acled'
"""

from __future__ import annotations

import csv
import io
from typing import NamedTuple

import pandas as pd

from geoincidents.errors import DataError
from geoincidents.formats import acled, gdelt, geojson, ucdp
from geoincidents.model import Reject

#: Formats a table can be read as (``--format``).
READ_FORMATS = ("csv", "acled", "ucdp", "gdelt", "geojson", "geojsonseq")

#: The dataset formats, tried in this order when sniffing a CSV header.
DATASETS = {"acled": acled, "ucdp": ucdp}

RS = b"\x1e"


class RawTable(NamedTuple):
    """A table of strings ready for `geoincidents.io.build_incidents`."""

    frame: pd.DataFrame
    rejects: list[Reject]
    lon_column: str | None = None
    lat_column: str | None = None


def sniff(raw: bytes) -> str:
    """The format of raw table bytes: one of `READ_FORMATS`.

    GeoJSON by its first character (``{`` or the RS of RFC 8142); GDELT by its shape (a
    first line of 57, 58 or 61 tab-separated fields starting with an id and a YYYYMMDD
    date); ACLED and UCDP GED by their CSV header; anything else is a plain CSV.
    """
    head = raw[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(RS):
        return "geojsonseq"
    if head.startswith(b"{"):
        return geojson.sniff(raw)
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    if gdelt.sniff(first):
        return "gdelt"
    header = _header(first)
    for name, module in DATASETS.items():
        if module.matches(header):
            return name
    return "csv"


def _header(line: str) -> list[str]:
    try:
        return [h.strip() for h in next(csv.reader(io.StringIO(line)))]
    except (csv.Error, StopIteration):
        return []


def read_raw(raw: bytes, source: str, *, fmt: str | None = None) -> RawTable:
    """Parse raw bytes as ``fmt`` (sniffed when None) into a `RawTable`.

    Raises
    ------
    DataError
        When ``fmt`` is not known, or the content does not fit it (named columns
        missing, wrong field count), or the file is empty.
    """
    if fmt is not None and fmt not in READ_FORMATS:
        raise DataError(f"`format` was {fmt!r} but is expected to be in {list(READ_FORMATS)}")
    if not raw.strip():
        raise DataError(f"{source}: empty file; expected CSV (plain, ACLED, UCDP GED), a "
                        "GDELT event file, GeoJSON or a GeoJSON text sequence")
    fmt = fmt or sniff(raw)
    if fmt in ("geojson", "geojsonseq"):
        frame, rejects = geojson.read_bytes(raw, source)
        return RawTable(frame, rejects)
    if fmt == "gdelt":
        frame, rejects = gdelt.read_text(raw, source)
        table, more = gdelt.to_frame(frame, source)
        return RawTable(table, rejects + more, *gdelt.COORDINATES)
    from geoincidents.io import read_csv_text

    frame, rejects = read_csv_text(raw, source)
    if fmt == "csv":
        return RawTable(frame, rejects)
    module = DATASETS[fmt]
    table, more = module.to_frame(frame, source)
    return RawTable(table, rejects + more, *module.COORDINATES)
