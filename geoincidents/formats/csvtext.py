"""CSV text to tables of strings, in chunks of rows, every row numbered.

One parser for every path (a whole file, a file in chunks, stdin, a dask partition):
pyarrow's CSV reader, run single-threaded so that it numbers the rows it cannot use, with
quoted newlines allowed and empty lines kept. It reads records as Python's `csv` module
does (quotes, doubled quotes, CR, LF and CRLF line ends, a quoted newline in the header),
and the chunks it is read in never change what a row is: reading a file whole or 1 row
at a time gives the same rows, numbers and rejects.

Rows are numbered from 1 (the header is row 0). A row with another number of fields than
the header, a row without any value, and a row with bytes that are not UTF-8 become
`Reject`s naming the row; the header itself is checked whole (`check_header`).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np
import pandas as pd

from geoincidents.errors import DataError
from geoincidents.model import Reject

#: Column names the readers use for themselves (row number, coordinates of a geometry).
RESERVED = ("_row", "_lon", "_lat")

#: Bytes read in one block at the least (a row longer than a block makes it grow).
MIN_BLOCK_BYTES = 1 << 20
MAX_BLOCK_BYTES = 1 << 27

_SURROGATE = re.compile("[\udc80-\udcff]+")
BOM = b"\xef\xbb\xbf"


class Chunk(NamedTuple):
    """Rows of one input: a frame of strings with ``_row``, the rows that could not be
    read, and the bytes (or rows) consumed since the last chunk, for progress."""

    frame: pd.DataFrame
    rejects: list[Reject]
    size: int


def check_header(header: list[str], source: str) -> list[str]:
    """Strip the names; raise `DataError` for names that are not UTF-8, repeat, or are
    among the `RESERVED` names."""
    header = [h.strip() for h in header]
    if any(_SURROGATE.search(h) for h in header):
        raise DataError(f"{source}, row 0 (header): bytes that are not UTF-8; expected a "
                        "UTF-8 header")
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise DataError(f"{source}, row 0 (header): column(s) {dup} appear twice; expected "
                        "unique column names")
    reserved = [h for h in header if h in RESERVED]
    if reserved:
        raise DataError(f"{source}, row 0 (header): column(s) {reserved} have names "
                        f"geoincidents keeps for itself ({list(RESERVED)}); rename them")
    return header


def read_header(head: bytes, source: str, *, delimiter: str = ","
                ) -> tuple[list[str], bool]:
    """The header of CSV bytes (the first record, as Python's `csv` reads it) and whether
    it ends within ``head``."""
    text = head.decode("utf-8-sig", errors="surrogateescape")
    if not text.strip():
        raise DataError(f"{source}: empty file; expected a CSV header and rows")
    if "\x00" in text[:4096]:
        raise DataError(f"{source}: binary data (NUL bytes); expected CSV text")
    lines = io.StringIO(text, newline="")
    try:
        header = next(csv.reader(lines, delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        raise DataError(f"{source}, row 0 (header): {exc}; expected CSV") from exc
    complete = lines.tell() < len(text) or text.endswith(("\n", "\r"))
    return check_header(header, source), complete


def _head(data, size: int) -> bytes:
    if isinstance(data, bytes):
        return data[:size]
    with open(data, "rb") as fh:
        return fh.read(size)


def read_csv_text(raw: bytes, source: str) -> tuple[pd.DataFrame, list[Reject]]:
    """CSV bytes as one frame of strings (with ``_row``) and the rejects."""
    chunks = list(iter_csv(raw, source, chunksize=1 << 62))
    frame = pd.concat([c.frame for c in chunks], ignore_index=True) if len(chunks) > 1 \
        else chunks[0].frame
    return frame, [r for c in chunks for r in c.rejects]


def iter_csv(data: bytes | str | os.PathLike[str], source: str, *, chunksize: int,
             delimiter: str = ",", columns: list[str] | None = None) -> Iterator[Chunk]:
    """Chunks of at most ``chunksize`` rows of CSV bytes or a CSV file.

    ``columns`` keeps only those columns in the frames (a row is "empty" when no column
    of the file has a value, whatever is kept).
    """
    total = len(data) if isinstance(data, bytes) else os.path.getsize(data)
    want = MIN_BLOCK_BYTES
    while True:
        head = _head(data, want)
        header, complete = read_header(head, source, delimiter=delimiter)
        if complete or len(head) >= total:
            break
        want *= 8  # a header longer than the first block: read on until it ends
    per_row = max(len(head) / max(head.count(b"\n"), 1), 1.0)
    block = int(min(max(chunksize * per_row, MIN_BLOCK_BYTES), MAX_BLOCK_BYTES))
    if not _utf8(data):
        # pyarrow cannot hand a bad row whose bytes are not UTF-8 to its handler (it fails
        # decoding it): such a file is read by Python's csv module, record for record alike
        yield from _python_chunks(data, source, header, chunksize, delimiter, columns, 0)
        return
    done = 0  # rows already handed out (a retry with bigger blocks skips them)
    given = False
    while True:
        try:
            for chunk in _chunks(data, source, header, block, chunksize, delimiter, columns,
                                 skip=done):
                done = int(chunk.frame["_row"].max()) if len(chunk.frame) else done
                done = max([done] + [r.row for r in chunk.rejects if r.row is not None])
                given = True
                yield chunk
            if not given:  # a header alone: no rows, but its columns are checked all the same
                empty = pd.DataFrame({h: pd.Series([], dtype="str") for h in header
                                      if columns is None or h in columns})
                empty["_row"] = np.array([], dtype=np.int64)
                yield Chunk(empty, [], 0)
            return
        except _BlockTooSmall:
            if block >= MAX_BLOCK_BYTES * 8:
                raise DataError(f"{source}, row {done + 1}: a record longer than "
                                f"{block:,} bytes; expected CSV rows") from None
            block *= 8
        except _ArrowGaveUp:
            # pyarrow cannot hand over a bad row whose bytes are not UTF-8: the rest of
            # the file is read by Python's csv module, which reads records the same way
            yield from _python_chunks(data, source, header, chunksize, delimiter, columns,
                                      skip=done)
            return


class _BlockTooSmall(Exception):
    pass


class _ArrowGaveUp(Exception):
    pass


def _python_chunks(data, source: str, header: list[str], chunksize: int, delimiter: str,
                   columns, skip: int) -> Iterator[Chunk]:
    """`_chunks` by Python's csv module: the same records, numbers and rejects."""
    import pyarrow as pa

    csv.field_size_limit(2 ** 31 - 1)
    if isinstance(data, bytes):
        raw = data
    else:
        with open(data, "rb") as fh:
            raw = fh.read()
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader, None)
    width = len(header)
    keep = [i for i, h in enumerate(header) if columns is None or h in columns]
    good, numbers, pending = [], [], []
    row = 0

    def flush(last: bool) -> Iterator[Chunk]:
        cells = [[(r[i].encode("utf-8", "surrogateescape")) for r in good]
                 for i in range(width)]
        batch = pa.RecordBatch.from_arrays([pa.array(c, pa.binary()) for c in cells],
                                           names=[f"f{i}" for i in range(width)])
        frame, rejects = _frame(batch, np.asarray(numbers, np.int64), header, keep, source)
        merged = sorted(pending + rejects, key=lambda r: r.row or 0)
        yield from _slices(frame, merged, chunksize, 0, skip)

    for record in reader:
        row += 1
        if row <= skip:
            continue
        if len(record) != width and any(f.strip() for f in record):
            pending.append(_wrong_width(source, row, delimiter.join(record), len(record),
                                        width))
        else:
            good.append(record + [""] * (width - len(record)))
            numbers.append(row)
        if len(good) >= chunksize:
            yield from flush(False)
            good, numbers, pending = [], [], []
    if good or pending:
        yield from flush(True)


def _utf8(data) -> bool:
    """Whether bytes (or a file) are UTF-8 throughout, read in blocks."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    stream = io.BytesIO(data) if isinstance(data, bytes) else open(data, "rb")  # noqa: SIM115
    with stream:
        try:
            while block := stream.read(1 << 24):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _open(data, skip_bom: bool):
    stream = io.BytesIO(data) if isinstance(data, bytes) else open(data, "rb")  # noqa: SIM115
    if skip_bom and stream.read(3) != BOM:
        stream.seek(0)
    return stream


def _chunks(data, source: str, header: list[str], block: int, chunksize: int,
            delimiter: str, columns: list[str] | None, skip: int) -> Iterator[Chunk]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    width = len(header)
    invalid: list[tuple[int, str, int]] = []

    def on_invalid(row) -> str:
        invalid.append((row.number, row.text, row.actual_columns))
        return "skip"
    # (a bad row whose bytes are not UTF-8 never reaches this: pyarrow fails to decode it
    # for the handler, and `_ArrowGaveUp` hands the file to Python's csv module)

    stream = _open(data, skip_bom=True)
    try:
        reader = pacsv.open_csv(
            stream,
            read_options=pacsv.ReadOptions(use_threads=False, block_size=block,
                                           autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                             ignore_empty_lines=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.binary() for i in range(width)},
                strings_can_be_null=False, quoted_strings_can_be_null=False,
                null_values=[]))
    except pa.ArrowInvalid as exc:
        stream.close()
        if "straddl" in str(exc):
            raise _BlockTooSmall() from exc
        raise _ArrowGaveUp() from exc
    keep = [i for i, h in enumerate(header) if columns is None or h in columns]
    next_row = 0  # the header is record 0
    position = 0
    pending: list[Reject] = []
    try:
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except pa.ArrowInvalid as exc:
                if "straddl" in str(exc):
                    raise _BlockTooSmall() from exc
                raise _ArrowGaveUp() from exc
            rows, invalid_here = _number(batch.num_rows, next_row, invalid)
            pending += [_wrong_width(source, n - 1, text, got, width)
                        for n, text, got in invalid_here]
            if not len(rows):
                continue
            next_row = int(rows[-1]) + 1
            frame, rejects = _frame(batch, rows, header, keep, source)
            if len(rows) and rows[0] == 0:  # the header record
                frame = frame.iloc[1:].reset_index(drop=True)
            size = stream.tell() - position if not stream.closed else 0
            position += size
            merged = sorted(pending + rejects, key=lambda r: r.row or 0)
            pending = []
            yield from _slices(frame, merged, chunksize, size, skip)
        # rows left over at the end (invalid rows after the last good one)
        _, tail = _number(0, next_row, invalid, final=True)
        pending += [_wrong_width(source, n - 1, text, got, width) for n, text, got in tail]
        if pending:
            empty = pd.DataFrame({h: pd.Series([], dtype="str") for h in
                                  (header[i] for i in keep)})
            empty["_row"] = np.array([], dtype=np.int64)
            yield from _slices(empty, sorted(pending, key=lambda r: r.row or 0), chunksize,
                               0, skip)
    finally:
        stream.close()


def _number(n: int, next_row: int, invalid: list, *, final: bool = False):
    """Record numbers (0 = header) of ``n`` good rows from ``next_row`` on, skipping the
    rows pyarrow reported invalid (its numbers count the header as 1); and the invalid
    rows consumed (those before the last good row, or all with ``final``)."""
    bad = np.array(sorted(number - 1 for number, _, _ in invalid), dtype=np.int64)
    candidates = np.arange(next_row, next_row + n + len(bad), dtype=np.int64)
    rows = candidates[~np.isin(candidates, bad)][:n]
    last = rows[-1] if len(rows) else next_row - 1
    used = [item for item in invalid if final or item[0] - 1 <= last]
    invalid[:] = [item for item in invalid if not (final or item[0] - 1 <= last)]
    return rows, used


def _wrong_width(source: str, row: int, text: str | None, got: int, width: int) -> Reject:
    shown = (text or "")[:80]
    if not (text or "").strip(" \t\r\n,;"):
        return Reject(source, row, None, None, "empty row; expected values for the "
                      f"{width} columns of the header")
    return Reject(source, row, None, shown, f"has {got} fields; expected {width} as in "
                  "the header")


def _frame(batch, rows: np.ndarray, header: list[str], keep: list[int], source: str
           ) -> tuple[pd.DataFrame, list[Reject]]:
    """A batch of binary columns as text, rows without any value and rows with bytes
    that are not UTF-8 turned into rejects."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = batch.num_rows
    ok = np.ones(n, dtype=bool)
    rejects: list[Reject] = []
    texts = []
    for i, name in enumerate(header):
        column = batch.column(i)
        try:
            texts.append(column.cast(pa.string()))
        except pa.ArrowInvalid:
            values = column.to_pylist()
            fixed = []
            for k, v in enumerate(values):
                try:
                    fixed.append(v.decode("utf-8"))
                except UnicodeDecodeError:
                    fixed.append("")
                    if ok[k] and rows[k] != 0:
                        value = v.decode("utf-8", errors="surrogateescape")
                        rejects.append(Reject(
                            source, int(rows[k]), name, repr(v)[2:-1],
                            f"bytes that are not UTF-8 ({_bad_bytes(value)}); expected "
                            "UTF-8 text (re-save the file as UTF-8)"))
                    ok[k] = False
            texts.append(pa.array(fixed, pa.string()))
    blank = np.ones(n, dtype=bool)
    for column in texts:
        blank &= np.asarray(pc.equal(pc.utf8_trim_whitespace(column), ""))
    for k in np.flatnonzero(blank & ok & (rows != 0)):
        rejects.append(Reject(source, int(rows[k]), None, None, "empty row; expected values "
                              f"for the {len(header)} columns of the header"))
    ok &= ~blank | (rows == 0)
    frame = pa.table([texts[i] for i in keep], names=[header[i] for i in keep]).to_pandas()
    frame["_row"] = rows
    return frame[ok].reset_index(drop=True), rejects


def _slices(frame: pd.DataFrame, rejects: list[Reject], chunksize: int, size: int,
            skip: int) -> Iterator[Chunk]:
    """Pieces of at most ``chunksize`` rows, each with the rejects up to its last row;
    rows up to ``skip`` (handed out before a retry) are left out."""
    if skip:
        frame = frame[frame["_row"].to_numpy() > skip].reset_index(drop=True)
        rejects = [r for r in rejects if (r.row or 0) > skip]
    if not len(frame):
        if rejects:
            yield Chunk(frame, rejects, size)
        return
    rows = frame["_row"].to_numpy()
    bad_rows = np.array([r.row or 0 for r in rejects], dtype=np.int64)
    starts = list(range(0, len(frame), chunksize))
    taken = 0
    for k, start in enumerate(starts):
        piece = frame.iloc[start:start + chunksize].reset_index(drop=True)
        last = k == len(starts) - 1
        upto = len(rejects) if last else int(np.searchsorted(
            bad_rows, rows[min(start + chunksize, len(frame)) - 1], side="right"))
        yield Chunk(piece, rejects[taken:upto], size if last else 0)
        taken = upto


def _bad_bytes(value: str) -> str:
    return " ".join(f"0x{ord(ch) - 0xDC00:02X}" for m in _SURROGATE.finditer(value)
                    for ch in m.group())

