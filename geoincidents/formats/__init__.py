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
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from geoincidents.errors import DataError
from geoincidents.formats import acled, containers, csvtext, gdelt, geojson, ucdp, vector
from geoincidents.model import Reject

#: Formats a table can be read as (``--format``).
READ_FORMATS = ("csv", "acled", "ucdp", "gdelt", "geojson", "geojsonseq")

#: The dataset formats, tried in this order when sniffing a CSV header.
DATASETS = {"acled": acled, "ucdp": ucdp}

RS = b"\x1e"
RS_TEXT = "\x1e"


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
    if head.startswith((b"{", b"[")):  # JSON: GeoJSON is the only JSON read
        return geojson.sniff(raw)
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    if gdelt.sniff(first):
        return "gdelt"
    return dataset_of(_header(first)) or "csv"


def dataset_of(header: list[str]) -> str | None:
    """The dataset (a key of `DATASETS`) whose columns a header has, names compared
    without case and surrounding spaces (older ACLED exports write ``EVENT_ID_CNTY``)."""
    names = normal_names(header)
    return next((name for name, module in DATASETS.items() if module.matches(names)), None)


def normal_names(header: list[str]) -> list[str]:
    """Column names as the dataset readers know them: stripped, lower case."""
    return [str(h).strip().lower() for h in header]


def delimiter_of(line: str) -> str:
    """The field separator of a CSV header line: ``,``, ``;``, tab or ``|``, whichever
    splits it into the most fields (a comma when none splits it)."""
    best, most = ",", 1
    for sep in (",", ";", "\t", "|"):
        try:
            n = len(next(csv.reader(io.StringIO(line), delimiter=sep)))
        except (csv.Error, StopIteration):
            continue
        if n > most:
            best, most = sep, n
    return best


def _header(line: str) -> list[str]:
    try:
        return [h.strip() for h in next(csv.reader(io.StringIO(line),
                                                   delimiter=delimiter_of(line)))]
    except (csv.Error, StopIteration):
        return []


class RawChunk(NamedTuple):
    """Raw rows of one input, ready for `geoincidents.placing.place_rows`: a frame (with
    ``_row``), the rows that could not be read, the coordinate columns of the format, and
    the bytes (or rows, for Parquet) consumed, for progress."""

    frame: pd.DataFrame
    rejects: list[Reject]
    lon_column: str | None = None
    lat_column: str | None = None
    size: int = 0


#: Files of a folder read as tables when a folder is streamed (``report zones FOLDER``):
#: CSV and TSV, packed (GDELT's ``.export.CSV.zip``), workbooks; Parquet in `vector`.
TABLE_SUFFIXES = (".csv", ".tsv", *containers.GZIP_SUFFIXES, *containers.ZIP_SUFFIXES,
                  *containers.EXCEL_SUFFIXES)

#: Suffixes read as GeoJSON text sequences without sniffing.
SEQUENCE_SUFFIXES = (".geojsons", ".geojsonseq", ".geojsonl", ".geojsonld", ".jsonl",
                     ".ndjson")


def format_of(data: bytes | str | os.PathLike[str], *, fmt: str | None = None) -> str:
    """The format an input is read as: ``fmt``, else GDAL or Parquet by suffix, else a
    GeoJSON sequence by suffix, else sniffed from the content (`sniff`)."""
    if fmt is not None:
        if fmt not in READ_FORMATS:
            raise DataError(f"`format` was {fmt!r} but is expected to be in "
                            f"{list(READ_FORMATS)}")
        return fmt
    if not isinstance(data, bytes):
        suffix = Path(data).suffix.lower()
        if suffix in vector.GDAL_SUFFIXES:
            return "gdal"
        if suffix in vector.PARQUET_SUFFIXES:
            return "parquet"
        if suffix in SEQUENCE_SUFFIXES:
            return "geojsonseq"
        with open(data, "rb") as fh:
            head = fh.read(65536)
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
            return geojson.sniff(Path(data).read_bytes())
        return sniff(head)
    return sniff(data)


def iter_raw(data: bytes | str | os.PathLike[str], source: str, *, fmt: str | None = None,
             chunksize: int, layer: str | None = None, row_groups: list[int] | None = None,
             start: int = 1, columns: list[str] | None = None,
             encoding: str | None = None) -> Iterator[RawChunk]:
    """Raw chunks of at most ``chunksize`` rows of an input (bytes or a file), in order.

    The one reader of every path: a whole table is the concatenation of its chunks,
    whatever ``chunksize`` is. ``columns`` (plain tables only) limits the columns kept;
    ``row_groups`` and ``start`` read part of a Parquet file. ``.gz`` and ``.zip`` inputs
    are unpacked, workbooks (``.xlsx``) and the ACLED API's JSON read as tables (see
    `geoincidents.formats.containers`); ``encoding`` (e.g. ``cp1252``) is that of a text
    input that is not UTF-8.
    """
    if chunksize < 1:
        raise ValueError(f"`chunksize` was {chunksize!r} but is expected to be a positive "
                         "number of rows")
    if not isinstance(data, bytes):
        if not Path(data).exists():
            raise DataError(f"{source}: file not found")
        if Path(data).is_dir():
            raise DataError(f"{source}: a folder; expected a file")
        if Path(data).stat().st_size == 0 or (Path(data).stat().st_size < 65536 and
                                               not Path(data).read_bytes().strip()):
            raise DataError(f"{source}: empty file; expected CSV (plain, ACLED, UCDP GED), "
                            "a GDELT event file, GeoJSON or a GeoJSON text sequence")
    elif not data.strip():
        raise DataError(f"{source}: empty file; expected CSV (plain, ACLED, UCDP GED), a "
                        "GDELT event file, GeoJSON or a GeoJSON text sequence")
    suffix = containers.suffix_of(data, source)
    packed = 0
    if suffix in containers.GZIP_SUFFIXES + containers.ZIP_SUFFIXES:
        packed = _size(data)
        data, inner = containers.unpack(data, source)
        suffix = Path(inner).suffix.lower()
        if suffix in (*vector.GDAL_SUFFIXES, *vector.PARQUET_SUFFIXES):
            raise DataError(f"{source}: holds {inner}, which GDAL or Parquet reads from a "
                            "file; unpack it and name the file")
    chunks = _read(data, source, suffix, fmt=fmt, chunksize=chunksize, layer=layer,
                   row_groups=row_groups, start=start, columns=columns, encoding=encoding)
    if not packed:
        yield from chunks
        return
    ratio = packed / max(len(data), 1)  # progress in the bytes of the file itself
    for chunk in chunks:
        yield chunk._replace(size=round(chunk.size * ratio))


def _read(data, source: str, suffix: str, *, fmt, chunksize: int, layer, row_groups,
          start: int, columns, encoding) -> Iterator[RawChunk]:
    """`iter_raw` of an input that is not compressed (``suffix``: what it was called)."""
    if suffix in containers.EXCEL_SUFFIXES:
        frame = containers.read_excel(data, source, sheet=layer)
        yield from _table(frame, source, fmt, chunksize, columns, _size(data))
        return
    if encoding is not None and encoding.replace("-", "").lower() not in ("utf8", "utf8sig"):
        data = _recode(data, source, encoding)
    fmt = format_of(data, fmt=fmt)
    if fmt in ("geojson", "acled") and _starts_json(data):
        raw = data if isinstance(data, bytes) else Path(data).read_bytes()
        if containers.api_records(raw) is not None:
            frame = containers.read_api_json(raw, source)
            yield from _table(frame, source, None if fmt == "geojson" else fmt, chunksize,
                              columns, len(raw))
            return
    if fmt == "parquet":
        for frame in vector.iter_parquet(data, source, chunksize=chunksize,
                                         row_groups=row_groups, start=start, columns=columns):
            yield RawChunk(frame, [], size=len(frame))
    elif fmt == "gdal":
        yield from _slices(RawChunk(vector.read_gdal(data, source, layer=layer), []),
                           chunksize, _size(data))
    elif fmt == "geojson":
        raw = data if isinstance(data, bytes) else Path(data).read_bytes()
        yield from _slices(RawChunk(*geojson.read_bytes(raw, source)), chunksize, len(raw))
    elif fmt == "geojsonseq":
        yield from _sequence(data, source, chunksize)
    elif fmt == "gdelt":
        yield from _gdelt(data, source, chunksize)
    else:
        head = data[:65536] if isinstance(data, bytes) else _head(data, 65536)
        first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
        delimiter = delimiter_of(first.decode("utf-8", errors="replace"))
        names = None
        for chunk in csvtext.iter_csv(data, source, chunksize=chunksize, delimiter=delimiter,
                                      columns=columns if fmt == "csv" else None):
            frame = chunk.frame
            if names is None:
                names = _names(list(frame.columns), source, fmt)
            yield from _dispatch(frame.rename(columns=names), chunk.rejects, source, fmt,
                                 chunk.size)


def _table(frame: pd.DataFrame, source: str, fmt: str | None, chunksize: int, columns,
           size: int) -> Iterator[RawChunk]:
    """A whole table of strings (a workbook, an API answer) read as a CSV would be: its
    dataset told by its header unless ``fmt`` says, in chunks."""
    header = [c for c in frame.columns if c != "_row"]
    fmt = fmt or dataset_of(header) or "csv"
    frame = frame.rename(columns=_names(list(frame.columns), source, fmt))
    if fmt == "csv" and columns is not None:
        frame = frame[[c for c in frame.columns if c == "_row" or c in columns]]
    pieces = range(0, max(len(frame), 1), chunksize)
    for k, at in enumerate(pieces):
        yield from _dispatch(frame.iloc[at:at + chunksize].reset_index(drop=True), [], source,
                             fmt, size if k == 0 else 0)


def _names(columns: list[str], source: str, fmt: str) -> dict[str, str]:
    """New names of a table's columns: a dataset's in lower case (the names it is known
    by), a plain table's schema columns in lower case too (``Date``, ``KILLED``)."""
    from geoincidents import model

    if fmt in DATASETS:
        new = {c: c.strip().lower() for c in columns if c != "_row"}
    else:
        present = set(columns)
        new = {c: c.strip().lower() for c in columns if c != "_row" and c not in model.COLUMNS
               and c.strip().lower() in model.COLUMNS and c.strip().lower() not in present}
    named = [new.get(c, c) for c in columns]
    twice = sorted({n for n in named if named.count(n) > 1})
    if twice:
        raise DataError(f"{source}, row 0 (header): column(s) {twice} appear twice when "
                        "upper and lower case are not told apart; expected unique names")
    return new


def _dispatch(frame: pd.DataFrame, rejects: list[Reject], source: str, fmt: str,
              size: int) -> Iterator[RawChunk]:
    """One chunk of a table of strings: its HXL hashtag row (row 1) left out, then read
    by the dataset's reader (a plain table as it is)."""
    if len(frame) and int(frame["_row"].iat[0]) == 1 and containers.is_hxl_row(
            [v for k, v in frame.iloc[0].items() if k != "_row"]):
        frame = frame.iloc[1:].reset_index(drop=True)  # HDX's hashtags: not an incident
    module = DATASETS.get(fmt)
    if module is None:
        yield RawChunk(frame, rejects, size=size)
        return
    table, more = module.to_frame(frame, source)
    yield RawChunk(table, sorted(rejects + more, key=lambda r: r.row or 0),
                   *module.COORDINATES, size=size)


def _starts_json(data) -> bool:
    head = data[:4096] if isinstance(data, bytes) else _head(data, 4096)
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _recode(data, source: str, encoding: str) -> bytes:
    """Text in ``encoding`` as UTF-8 bytes."""
    raw = data if isinstance(data, bytes) else Path(data).read_bytes()
    try:
        return raw.decode(encoding).encode("utf-8")
    except LookupError:
        raise DataError(f"--encoding was {encoding!r}, which Python does not know; expected "
                        "e.g. utf-8, cp1252, latin-1") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{source}: byte {exc.start} (0x{raw[exc.start]:02X}) is not "
                        f"{encoding}; expected text in {encoding}") from None


def read_raw(raw: bytes, source: str, *, fmt: str | None = None) -> RawTable:
    """Parse raw bytes as ``fmt`` (sniffed when None) into one `RawTable`.

    Raises
    ------
    DataError
        When ``fmt`` is not known, or the content does not fit it (named columns
        missing, wrong field count), or the file is empty.
    """
    chunks = list(iter_raw(raw, source, fmt=fmt, chunksize=1 << 62))
    frame = pd.concat([c.frame for c in chunks], ignore_index=True) if len(chunks) > 1 \
        else chunks[0].frame
    return RawTable(frame, [r for c in chunks for r in c.rejects], chunks[0].lon_column,
                    chunks[0].lat_column)


def _size(data) -> int:
    return len(data) if isinstance(data, bytes) else Path(data).stat().st_size


def _slices(chunk: RawChunk, chunksize: int, size: int) -> Iterator[RawChunk]:
    """A whole table in pieces of ``chunksize`` rows (its rejects with the first)."""
    frame = chunk.frame
    non_point = frame.attrs.get("non_point_rows", [])
    for k, at in enumerate(range(0, max(len(frame), 1), chunksize)):
        piece = frame.iloc[at:at + chunksize].reset_index(drop=True)
        rows = set(piece["_row"].tolist()) if "_row" in piece else set()
        piece.attrs["non_point_rows"] = [r for r in non_point if r in rows]
        yield RawChunk(piece, chunk.rejects if k == 0 else [], chunk.lon_column,
                       chunk.lat_column, size if k == 0 else 0)


def _blocks(data, separator: bytes, block_bytes: int) -> Iterator[bytes]:
    """Bytes in blocks that end just after ``separator`` (the last one as it ends); with
    RS, each block starts at an RS."""
    keep_sep_after = separator != RS
    stream = io.BytesIO(data) if isinstance(data, bytes) else open(data, "rb")  # noqa: SIM115
    with stream:
        pending = b""
        while True:
            more = stream.read(block_bytes)
            block = pending + more
            if not more:
                if block:
                    yield block
                return
            cut = block.rfind(separator)
            if cut <= 0:
                pending = block
                continue
            cut = cut + 1 if keep_sep_after else cut
            yield block[:cut]
            pending = block[cut:]


def _gdelt(data, source: str, chunksize: int) -> Iterator[RawChunk]:
    head = data[:1 << 20] if isinstance(data, bytes) else _head(data)
    width = gdelt.width_of(head.decode("utf-8", errors="replace"), source)
    row = 1
    for block in _blocks(data, b"\n", max(chunksize * 400, 1 << 16)):
        text = block.decode("utf-8", errors="replace")
        frame, rejects = gdelt.read_text(text, source, first_row=row, width=width)
        row += len(gdelt.lines(text))
        table, more = gdelt.to_frame(frame, source)
        yield from _slices(RawChunk(table, sorted(rejects + more, key=lambda r: r.row or 0),
                                    *gdelt.COORDINATES), chunksize, len(block))


def _sequence(data, source: str, chunksize: int) -> Iterator[RawChunk]:
    head = (data[:65536] if isinstance(data, bytes) else _head(data, 65536))
    rs = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(RS)
    first = 1
    for block in _blocks(data, RS if rs else b"\n", max(chunksize * 400, 1 << 16)):
        text = block.decode("utf-8-sig" if first == 1 else "utf-8", errors="replace")
        texts = [t for t in geojson.split_texts(text) if t.strip()] if not rs else \
            [t for t in text.split(RS_TEXT)[1:] if t.strip()]
        frame, rejects = geojson.sequence_frame(texts, source, first=first)
        first += len(texts)
        yield from _slices(RawChunk(frame, rejects), chunksize, len(block))


def _head(path, size: int = 1 << 20) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(size)
