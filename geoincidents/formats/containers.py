"""Inputs wrapped in something else: gzip and zip files, Excel workbooks, the ACLED API's
JSON, and HDX files with an HXL hashtag row.

Compressed files are opened and what they hold is read as any other input (its format
sniffed, or given). A workbook and the API's JSON become the same table of strings (with
``_row``) a CSV is read into, so that the dataset readers see one shape whatever the file
was: cells typed as dates in a workbook become ``YYYY-MM-DD`` (openpyxl reads the date
format of a cell, so an Excel serial number shown as a date is a date), whole numbers
lose their ``.0``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from geoincidents.errors import DataError

#: Suffixes of compressed inputs.
GZIP_SUFFIXES = (".gz",)
ZIP_SUFFIXES = (".zip",)
#: Suffixes of Excel workbooks (read with openpyxl).
EXCEL_SUFFIXES = (".xlsx", ".xlsm")

#: Most bytes a compressed input may unpack to (a "zip bomb" is refused, not read).
MAX_UNPACKED_BYTES = 8 << 30


def suffix_of(data, source: str) -> str:
    """The lower-case suffix of a file path (of ``source`` for bytes); for bytes without
    one (stdin), that of what their first bytes say they are (gzip, zip, a workbook)."""
    name = str(data) if not isinstance(data, bytes) else source
    suffix = Path(name).suffix.lower()
    if not isinstance(data, bytes) or suffix in (*GZIP_SUFFIXES, *ZIP_SUFFIXES,
                                                 *EXCEL_SUFFIXES):
        return suffix
    if data.startswith(b"\x1f\x8b"):
        return ".gz"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return suffix
        return ".xlsx" if "xl/workbook.xml" in names else ".zip"
    return suffix


def unpack(data, source: str) -> tuple[bytes, str]:
    """The bytes inside a ``.gz`` or ``.zip`` input and the name of what they were
    (``archive.zip:member.CSV``), for messages and the inner suffix.

    A zip must hold one data file (folders and ``__MACOSX`` entries aside); with several,
    the error names them.
    """
    suffix = suffix_of(data, source)
    raw = data if isinstance(data, bytes) else None
    try:
        if suffix in GZIP_SUFFIXES:
            stream = gzip.GzipFile(fileobj=io.BytesIO(raw)) if raw is not None else \
                gzip.open(data, "rb")  # noqa: SIM115 (closed by the with below)
            with stream:
                out = stream.read(MAX_UNPACKED_BYTES + 1)
            inner = source[:-len(suffix)] if source.lower().endswith(suffix) else source
            return _checked(out, source), inner
        with zipfile.ZipFile(io.BytesIO(raw) if raw is not None else data) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()
                       and not m.filename.startswith("__MACOSX/")
                       and not Path(m.filename).name.startswith(".")]
            if len(members) != 1:
                names = [m.filename for m in members]
                raise DataError(f"{source}: a zip holding {len(members)} files {names[:10]}; "
                                "expected one data file (unzip it and name the file)")
            member = members[0]
            if member.file_size > MAX_UNPACKED_BYTES:
                raise DataError(f"{source}: {member.filename} unpacks to "
                                f"{member.file_size:,} bytes; expected at most "
                                f"{MAX_UNPACKED_BYTES:,}")
            with archive.open(member) as fh:
                return _checked(fh.read(MAX_UNPACKED_BYTES + 1), source), \
                    f"{source}:{member.filename}"
    except (OSError, EOFError, zipfile.BadZipFile, zlib_error()) as exc:
        kind = "gzip" if suffix in GZIP_SUFFIXES else "zip"
        raise DataError(f"{source}: cannot be read as {kind} ({exc}); expected a {kind} "
                        "file") from None


def zlib_error():
    import zlib

    return zlib.error


def _checked(out: bytes, source: str) -> bytes:
    if len(out) > MAX_UNPACKED_BYTES:
        raise DataError(f"{source}: unpacks to more than {MAX_UNPACKED_BYTES:,} bytes; "
                        "unpack it yourself and read the file")
    return out


# -- Excel -------------------------------------------------------------------------------

def read_excel(data, source: str, *, sheet: str | None = None) -> pd.DataFrame:
    """The first (or named) sheet of a workbook as a table of strings with ``_row``
    (the header is the first row that is not empty; rows are numbered from it)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data,
                                      read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  (openpyxl raises many kinds for "not xlsx")
        raise DataError(f"{source}: cannot be read as an Excel workbook ({exc}); expected "
                        ".xlsx") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise DataError(f"{source}: no sheet {sheet!r}; the sheets are {book.sheetnames}")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and not any(v.strip() for v in rows[0]):
        rows.pop(0)
    if not rows:
        raise DataError(f"{source}: an empty sheet; expected a header row and rows")
    header = [h.strip() for h in rows[0]]
    while header and not header[-1] and not any(len(r) >= len(header) and
                                                r[len(header) - 1].strip() for r in rows[1:]):
        header.pop()
    body = [(r + [""] * len(header))[:len(header)] for r in rows[1:]]
    return table_of_strings(header, body, source, np.arange(1, len(body) + 1))


def _cell(value: object) -> str:
    """A workbook cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else \
            value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def table_of_strings(header: list[str], body: list[list[str]], source: str,
                     rows: np.ndarray) -> pd.DataFrame:
    """Rows of cells as the frame the CSV reader makes (checked header, ``_row``)."""
    from geoincidents.formats import csvtext

    header = csvtext.check_header(header, source)
    frame = pd.DataFrame(body, columns=header, dtype=object) if body else \
        pd.DataFrame({h: pd.Series([], dtype=object) for h in header})
    frame["_row"] = np.asarray(rows, dtype=np.int64)
    return frame


# -- the ACLED API's JSON ----------------------------------------------------------------

def api_records(raw: bytes) -> list | None:
    """The ``data`` records of an API answer (``{"status": ..., "data": [...]}``), or
    None when the JSON is not one."""
    try:
        doc = json.loads(raw.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError):
        return None
    if isinstance(doc, dict) and isinstance(doc.get("data"), list) and \
            doc.get("type") not in ("FeatureCollection", "Feature"):
        return doc["data"]
    return None


def read_api_json(raw: bytes, source: str) -> pd.DataFrame:
    """An API answer's records as a table of strings (``_row``: the record's number).

    Every record must be an object; the header is the union of their keys in order of
    first appearance. A record that is not an object is refused with its number.
    """
    records = api_records(raw)
    if records is None:
        raise DataError(f"{source}: not an API answer; expected JSON with a 'data' list")
    header: dict[str, None] = {}
    for n, rec in enumerate(records, start=1):
        if not isinstance(rec, dict):
            raise DataError(f"{source}, record {n}: a {type(rec).__name__}; expected an "
                            "object of column: value")
        header.update(dict.fromkeys(str(k) for k in rec))
    names = list(header)
    body = [[_json_cell(rec.get(k)) for k in names] for rec in records]
    return table_of_strings(names, body, source, np.arange(1, len(body) + 1))


def _json_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# -- HXL ---------------------------------------------------------------------------------

def is_hxl_row(cells: list[str]) -> bool:
    """True for an HXL hashtag row (HDX files have one under the header): every cell
    that is not blank is a ``#tag``, and at least one is."""
    given = [c.strip() for c in cells if isinstance(c, str) and c.strip()]
    return bool(given) and all(c.startswith("#") and len(c) > 1 and " " not in c.split("+")[0]
                               for c in given)


def size_of(data) -> int:
    return len(data) if isinstance(data, bytes) else os.path.getsize(data)
