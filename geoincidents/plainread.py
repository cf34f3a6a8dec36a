"""Plain CSV and GeoParquet point tables read as the general reader chunks them, for the
zone report's fast path (`geoincidents.plainzones`): each chunk as parts of at most
`PART_ROWS` rows (`Part`: the usable columns as pandas Series over the Arrow arrays, the
row numbers), then its end (`PieceEnd`: the reader's own rejects, as
`geoincidents.formats.csvtext` words them, and a maker of the raw frame of any of its rows
as the general reader would hand it to `placing.place_rows`).

CSV: pyarrow's reader on one thread (it numbers the rows it cannot use only so), every
column as text, fed reads of at most `READ_BYTES` cut at the general reader's block
boundaries (`_CappedReads`), so that its blocks, hence its chunks, are rebuilt exactly
while the first rows are counted after one small read. GeoParquet: record batches, each
point's x and y read from the WKB bytes in the Arrow buffers (`wkb_points`).
`plain_csv` and `plain_parquet` return None for a file they do not read; `GiveUp` is
raised half-way (bytes that are not UTF-8, a record longer than a read).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import numpy as np
import pandas as pd

from geoincidents import placing
from geoincidents.model import Reject


class GiveUp(Exception):
    """Something the fast path does not read: the general path reads the file."""


class Part(NamedTuple):
    """Some consecutive rows of one chunk (``piece``) of the general reader's: the usable
    columns (Series over Arrow arrays), the coordinates (parsed, or None for CSV text),
    the row numbers, and the position of its first row in its chunk."""

    piece: int
    columns: dict[str, pd.Series]
    xy: tuple[np.ndarray, np.ndarray] | None
    rows: np.ndarray
    offset: int


class PieceEnd(NamedTuple):
    """The end of a chunk, after all its parts: its number, its rows, the reader's own
    rejects, a maker of the raw frame of some of its rows (positions in the chunk), and
    its size for progress."""

    piece: int
    rows: int
    rejects: list[Reject]
    raw: Callable[[np.ndarray], pd.DataFrame]
    size: int


#: Rows of a part at most (a chunk is counted in parts while the next is read).
PART_ROWS = 1 << 18
#: Bytes of CSV handed to the reader at once (Arrow's blocks of the general reader are
#: cut at the same row ends: see `_CappedReads`).
READ_BYTES = 1 << 24


# -- CSV ------------------------------------------------------------------------------------

def plain_csv(path, source: str, chunksize: int
         ) -> tuple[list[str], Iterator[Part | PieceEnd]] | None:
    from geoincidents import formats
    from geoincidents.errors import DataError
    from geoincidents.formats import csvtext

    try:
        if formats.format_of(path) != "csv" or os.path.getsize(path) == 0:
            return None
        total = os.path.getsize(path)
        want = csvtext.MIN_BLOCK_BYTES
        while True:
            with open(path, "rb") as fh:
                head = fh.read(want)
            header, complete = csvtext.read_header(head, source)
            if complete or len(head) >= total:
                break
            want *= 8
    except (DataError, OSError):
        return None  # the general path says what is wrong
    usable = placing.usable_columns(header)
    try:
        located = placing.locate_columns(pd.DataFrame(columns=usable), source)
    except DataError:
        return None  # the general path says what is missing, where it always did
    if not _readable(usable, located):
        return None
    per_row = max(len(head) / max(head.count(b"\n"), 1), 1.0)
    block = int(min(max(chunksize * per_row, csvtext.MIN_BLOCK_BYTES), csvtext.MAX_BLOCK_BYTES))
    return usable, _csv_pieces(path, source, header, usable, block, chunksize)


def _readable(usable: list[str], located) -> bool:
    """Whether the fast path reads a table of these usable columns: coordinates given as
    a longitude and a latitude column."""
    lon_col, lat_col, _ = located
    return lon_col is not None and lat_col is not None


class _CappedReads(io.RawIOBase):
    """A file read in pieces of at most `READ_BYTES` that never cross a multiple of
    ``block`` bytes (counted after a BOM), each read's end noted (a record longer than a
    read makes Arrow fail: the general path reads that file).

    Arrow takes each read as a block and cuts it after its last complete row, so its
    blocks with ``block_size=block`` (the general reader's) end at the row ends that these
    smaller ones end at every multiple of ``block``: the general reader's chunks are
    rebuilt exactly, while parsing starts sooner and in smaller buffers."""

    def __init__(self, path, start: int, block: int) -> None:
        self._fh = open(path, "rb")  # noqa: SIM115  (closed by `close`)
        self._fh.seek(start)
        self.block, self.position, self.ends = block, 0, []
        # a block in reads of equal size (none so short that it holds no row end)
        self._read = -(-block // -(-block // READ_BYTES))

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        limit = self._read if size is None or size < 0 else min(size, self._read)
        limit = min(limit, (self.position // self.block + 1) * self.block - self.position)
        data = self._fh.read(limit)
        if data:
            self.position += len(data)
            self.ends.append(self.position)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._fh.close()
        super().close()


def _csv_pieces(path, source: str, header: list[str], usable: list[str], block: int,
                chunksize: int) -> Iterator[Part | PieceEnd]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from geoincidents.formats import csvtext

    width = len(header)
    invalid: list[tuple[int, str, int]] = []

    def on_invalid(row) -> str:
        invalid.append((row.number, row.text, row.actual_columns))
        return "skip"

    with open(path, "rb") as fh:
        start = 3 if fh.read(3) == csvtext.BOM else 0
    total = os.path.getsize(path) - start
    capped = _CappedReads(path, start, block)
    stream = pa.PythonFile(capped, mode="r")
    try:
        reader = pacsv.open_csv(
            stream,
            # one thread, as the general reader: it numbers the rows it cannot use (a
            # second core counts the rows of the last block meanwhile: `_ahead`)
            read_options=pacsv.ReadOptions(use_threads=False, block_size=block,
                                           autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.large_string() for i in range(width)},
                strings_can_be_null=False, quoted_strings_can_be_null=False, null_values=[]))
        keep = [header.index(name) for name in usable]
        next_row, position, piece, batches = 0, 0, 0, 0
        pending: list[Reject] = []
        had_rows = False  # some batch of this block had rows (blank or not)
        block_rows = 0  # good rows so far in this block of the general reader
        tables: list[list] = []  # per chunk of this block: its parts' tables and rows
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            if batches >= len(capped.ends):
                raise GiveUp()  # a batch that is not one read: blocks are not as expected
            end = capped.ends[batches]
            batches += 1
            rows, invalid_here = csvtext._number(batch.num_rows, next_row, invalid)
            pending += [csvtext._wrong_width(source, r - 1, text, got, width)
                        for r, text, got in invalid_here]
            if len(rows):
                had_rows = True
                next_row = int(rows[-1]) + 1
                blank = _blank_rows(batch)
                good = ~blank & (rows != 0)
                pending += [Reject(source, int(r), None, None, "empty row; expected values "
                                   f"for the {width} columns of the header")
                            for r in rows[blank & (rows != 0)]]
                idx = np.flatnonzero(good)
                table = pa.Table.from_batches([batch]).select(keep)
                if len(idx) and len(idx) == idx[-1] - idx[0] + 1:  # the header row, say
                    table = table.slice(int(idx[0]), len(idx))
                elif len(idx) < batch.num_rows:
                    table = table.take(pa.array(idx))
                table = table.rename_columns(usable)
                yield from _csv_parts(table, rows[idx], piece, block_rows, chunksize, tables)
                block_rows += len(idx)
            if end % block and end < total:
                continue  # the general reader's block goes on
            if not had_rows:
                continue  # a block without rows: its rejects go with the next (as there)
            size = end - position
            position = end
            yield from _csv_ends(tables, sorted(pending, key=lambda r: r.row or 0), piece,
                                 block_rows, chunksize, size)
            piece += max(len(tables), 1)
            pending, block_rows, tables, had_rows = [], 0, [], False
        if batches != len(capped.ends) or tables:
            raise GiveUp()
        _, tail = csvtext._number(0, next_row, invalid, final=True)
        pending += [csvtext._wrong_width(source, r - 1, text, got, width)
                    for r, text, got in tail]
        if pending:
            yield PieceEnd(piece, 0, sorted(pending, key=lambda r: r.row or 0), _no_rows, 0)
    except pa.ArrowInvalid as exc:  # bytes that are not UTF-8, a record beyond a block
        raise GiveUp() from exc
    finally:
        stream.close()


def _csv_parts(table, rows: np.ndarray, piece: int, before: int, chunksize: int,
               tables: list[list]) -> Iterator[Part]:
    """The good rows of a batch as parts, cut where the general reader's chunks of this
    block are cut (every ``chunksize`` rows from its start); ``before`` rows of the
    block came in earlier batches; each part's table is kept in ``tables``."""
    start = 0
    while start < len(rows):
        k, at = divmod(before + start, chunksize)
        take = min(chunksize - at, PART_ROWS, len(rows) - start)
        part = table.slice(start, take)
        numbers = rows[start:start + take]
        if k == len(tables):
            tables.append([])
        tables[k].append((part, numbers))
        yield Part(piece + k, _series(part), None, numbers, at)
        start += take


def _csv_ends(tables: list[list], rejects: list[Reject], piece: int, rows: int,
              chunksize: int, size: int) -> Iterator[PieceEnd]:
    """`csvtext._slices`: the ends of the chunks of a block, each with the rejects up to
    its last row (all that are left with the last)."""
    import pyarrow as pa

    if not rows:
        if rejects:
            yield PieceEnd(piece, 0, rejects, _no_rows, size)
        return
    bad_rows = np.array([r.row or 0 for r in rejects], dtype=np.int64)
    taken = 0
    for k, parts in enumerate(tables):
        last = k == len(tables) - 1
        numbers = np.concatenate([n for _, n in parts])
        upto = len(rejects) if last else int(np.searchsorted(bad_rows, numbers[-1],
                                                             side="right"))
        table = pa.concat_tables([t for t, _ in parts]) if len(parts) > 1 else parts[0][0]
        yield PieceEnd(piece + k, len(numbers), rejects[taken:upto],
                       _raw_maker(table, numbers), size if last else 0)
        taken = upto


def _blank_rows(batch) -> np.ndarray:
    """Rows without a value in any column (whitespace only): the rows blank in the first
    column, then in each next one among those left."""
    import pyarrow as pa
    import pyarrow.compute as pc

    left = np.arange(batch.num_rows)
    for column in batch.columns:
        if not len(left):
            break
        cells = column if len(left) == batch.num_rows else column.take(pa.array(left))
        left = left[np.asarray(pc.equal(pc.utf8_trim_whitespace(cells), ""))]
    blank = np.zeros(batch.num_rows, dtype=bool)
    blank[left] = True
    return blank


def _ahead(items: Iterable, depth: int = 1) -> Iterator:
    """The items of ``items``, the next ``depth`` made in a thread while the caller works
    on the last (pyarrow's readers and kernels let go of the GIL): the two cores share the
    parsing and the counting. Errors are raised in the caller, in order."""
    import queue
    import threading

    slots: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    read = iter(items).__next__

    def work() -> None:
        while not stop.is_set():
            try:
                item = (read(), None)
            except StopIteration:
                slots.put((None, StopIteration()))
                return
            except BaseException as exc:  # noqa: BLE001  (handed to the caller)
                slots.put((None, exc))
                return
            slots.put(item)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        while True:
            item, exc = slots.get()
            if isinstance(exc, StopIteration):
                return
            if exc is not None:
                raise exc
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # let a blocked put finish, then the thread ends
            try:
                slots.get(timeout=0.05)
            except queue.Empty:
                pass
        thread.join()


def _no_rows(idx: np.ndarray) -> pd.DataFrame:
    raise AssertionError("a piece without rows has no odd rows")


def _series(table) -> dict[str, pd.Series]:
    """The columns of an Arrow table as pandas Series over the same buffers."""
    return {name: _to_series(table.column(name)) for name in table.column_names}


def _to_series(column) -> pd.Series:
    return column.to_pandas()


def _raw_maker(table, numbers: np.ndarray) -> Callable[[np.ndarray], pd.DataFrame]:
    """The raw frame of some rows of a CSV piece, as `csvtext` makes it."""
    def raw(idx: np.ndarray) -> pd.DataFrame:
        import pyarrow as pa

        frame = table.take(pa.array(idx)).to_pandas()
        frame["_row"] = numbers[idx]
        return frame
    return raw
