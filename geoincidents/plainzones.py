"""The zone report's fast path for plain point tables: Arrow columns in, per-zone totals out.

`fold_plain` reads a plain CSV (pyarrow's reader, every column as text) or
a GeoParquet file of WKB points (record batches; each point's x and y read from the WKB
bytes in the Arrow buffers) and splits each chunk's rows in two:

- plain rows, which `geoincidents.placing.place_rows` would place as they are, without a
  reject, a warning or a look-up in the gazetteer (coordinates in range, no place name,
  counts, dates, radii and codes as their columns hold them, an id not seen before): their
  values are read with the same cell rules (`geoincidents.readcells`) straight from the
  Arrow arrays and counted by the one counting rule (`geoincidents.zonecount`);
- every other row, which goes through `place_rows` itself, as the general reader would
  hand it over (the ids already checked are answered by `ids.KnownRepeats`).

The chunks are those of the general reader (`geoincidents.formats.iter_raw`), so the
report, the rejects and the warnings (in the same order) are those of `scale.fold_file`
on the general path; a file that is anything else (another format, a column type or a
column the fast path does not read, a byte it cannot decode) is left to the general path,
which also takes over, from the start, a file the fast path gives up on half-way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from geoincidents import model, placing, readcells, settings, zonecount
from geoincidents.ids import IdRegistry, KnownRepeats, hash_given
from geoincidents.model import Reject

#: Columns whose given cells make a row go through `place_rows` (they are checked against
#: the gazetteer or a country outline, or only warned about): launch sites, countries and
#: place names.
_ELSEWHERE = ("country", "place", "location", "launch_lon", "launch_lat", "launch_place",
              "launch_uncertainty_m")


class _GiveUp(Exception):
    """Something the fast path does not read: the general path reads the file."""


class _Piece(NamedTuple):
    """One chunk of the general reader's: the usable columns (Series over Arrow arrays),
    the coordinates (parsed, or None for CSV text), the row numbers, the reader's own
    rejects, a maker of the raw frame of some of its rows, and its size for progress."""

    columns: dict[str, pd.Series]
    xy: tuple[np.ndarray, np.ndarray] | None
    rows: np.ndarray
    rejects: list[Reject]
    raw: Callable[[np.ndarray], pd.DataFrame]
    size: int


def fold_plain(totals: zonecount.ZoneTotals, path, problems, *, gazetteer, country,
               chunksize: int, background: bool, ids: IdRegistry,
               progress: Callable[[int], None] | None = None) -> int | None:
    """Fold a plain CSV or GeoParquet file into ``totals`` as `scale.fold_file` does; the
    number of rows placed, or None (and nothing done) when the file is not one the fast
    path reads."""
    if not isinstance(path, (str, os.PathLike)) or not Path(path).is_file():
        return None
    source = str(path)
    suffix = Path(path).suffix.lower()
    from geoincidents.formats import vector

    pieces = _parquet(path, source, chunksize) if suffix in vector.PARQUET_SUFFIXES else \
        _csv(path, source, chunksize)
    if pieces is None:
        return None
    usable, pieces = pieces
    # names to geocode (the general path's look-ups): the gazetteer is loaded meanwhile
    names = {"target", "launch_place", "country", *placing.PLACE_NAMES} & \
        {c.lower() for c in usable}
    before = ids.snapshot()
    local = zonecount.ZoneTotals(totals.index)
    found: list[tuple[list[Reject], list[Reject]]] = []
    sizes: list[int] = []
    get_gazetteer = _gazetteer_ahead(gazetteer) if names else _gazetteer_later(gazetteer)
    placed = 0
    try:
        for piece in pieces:
            placed += _fold_piece(local, piece, source, found, ids=ids, country=country,
                                  get_gazetteer=get_gazetteer, background=background)
            sizes.append(piece.size)
    except _GiveUp:
        ids.restore(before)
        return None
    for (rejects, warnings), size in zip(found, sizes):
        problems.add(rejects, warnings)
        if progress is not None:
            progress(size)
    totals.merge(local)
    return placed


def _gazetteer_later(gazetteer):
    """A getter of the gazetteer (the bundled one unless given), loaded when first asked."""
    loaded: list = [gazetteer] if gazetteer is not None else []

    def get():
        if not loaded:
            from geoincidents.gazetteer import Gazetteer

            loaded.append(Gazetteer.load())
        return loaded[0]
    return get


def _gazetteer_ahead(gazetteer):
    """A getter of the gazetteer (the bundled one unless given), loaded with its world
    index in a thread from now on: a table with place names usually has a row to
    geocode, and the load (~1 s, mostly unpickling) then overlaps the reading."""
    import threading

    from geoincidents import gazetteer as gz

    loaded: list = [gazetteer] if gazetteer is not None else []

    def load() -> None:
        try:
            if not loaded:
                loaded.append(gz.Gazetteer.load())
            gz.world_index()
        except Exception:  # noqa: BLE001  (`get` loads it again and raises in the caller)
            pass

    thread = threading.Thread(target=load, daemon=True)
    thread.start()

    def get():
        thread.join()
        if not loaded:  # the thread failed: say why here
            loaded.append(gz.Gazetteer.load())
        return loaded[0]
    return get


def _fold_piece(totals: zonecount.ZoneTotals, piece: _Piece, source: str, found: list,
                *, ids: IdRegistry, country, get_gazetteer, background: bool) -> int:
    cols, n = piece.columns, len(piece.rows)
    if not n:
        found.append((sorted(piece.rejects, key=lambda r: r.row or 0), []))
        return 0
    names = list(cols) + (["_lon", "_lat"] if piece.xy is not None else [])
    lon_col, lat_col, place_col = placing.locate_columns(pd.DataFrame(columns=names), source)
    odd = np.zeros(n, dtype=bool)
    repeats: dict[int, tuple[str, int]] = {}
    if "incident_id" in cols:
        values = readcells._arrow(cols["incident_id"])
        pos, hashes = hash_given(values)
        for k, first_source, first_row in ids.check_hashes(pos, hashes, piece.rows[pos],
                                                           source):
            repeats[int(piece.rows[k])] = (first_source, first_row)
            odd[k] = True
    if piece.xy is None:
        lon, lon_bad = readcells.numbers(cols[lon_col])
        lat, lat_bad = readcells.numbers(cols[lat_col])
        odd |= lon_bad | lat_bad
    else:
        lon, lat = piece.xy
    with np.errstate(invalid="ignore"):
        odd |= ~((np.abs(lon) <= 180) & (np.abs(lat) <= 90))  # NaN too
    frame: dict[str, object] = {}
    for name in placing.COUNTS:
        if name in cols:
            frame[name], bad = readcells.counts(cols[name])
            odd |= bad
    if "time_precision" in cols:
        odd |= readcells.codes(cols["time_precision"], model.TIME_PRECISION)[1]
    radius = np.full(n, np.nan)
    if "uncertainty_m" in cols:
        radius, bad = readcells.radii(cols["uncertainty_m"])
        odd |= bad
    if "geo_precision" in cols:
        code, bad = readcells.codes(cols["geo_precision"], (1, 2, 3))
        odd |= bad
        from_code = np.select([code == c for c in (1, 2, 3)],
                              [settings.precision_radius_m[c] for c in (1, 2, 3)], np.nan)
        radius = np.where(np.isnan(radius), from_code, radius)
    frame["uncertainty_m"] = np.where(np.isnan(radius), settings.coordinate_radius_m, radius)
    if "date" in cols:
        frame["date"], plain_date = iso_days(cols["date"])
        odd |= ~plain_date
    if "background" in cols:
        frame["background"], bad = readcells.flags(cols["background"])
        odd |= bad
    for name in {*_ELSEWHERE, place_col} - {None}:
        if name in cols:
            odd |= readcells.given(cols[name])
    # targets: geocoded (every row's) unless some row of the chunk gives a target place id
    has_ids = "target_place_id" in cols and bool(readcells.given(cols["target_place_id"]).any())
    if "target" in cols and not has_ids:
        odd |= readcells.given(cols["target"])
    elif "target_place_id" in cols:
        frame["target_place_id"] = cols["target_place_id"]
    if "event_type" in cols:
        frame["event_type"] = cols["event_type"]
    plain = ~odd
    chunk_frame = pd.DataFrame({k: v[plain].reset_index(drop=True) if isinstance(v, pd.Series)
                                else v[plain] for k, v in frame.items()})
    placed = int(plain.sum())
    totals.add(placing.report_chunk(placing.Placed(chunk_frame, lon[plain], lat[plain],
                                                   piece.rows[plain], [], [])),
               background=background)
    if odd.any():
        raw = piece.raw(np.flatnonzero(odd))
        if has_ids and "target" in raw:  # the chunk had target ids: its targets stay text
            raw = raw.drop(columns="target")
        result = placing.place_rows(raw, source, gazetteer=get_gazetteer,
                                    rejects=piece.rejects, country=country,
                                    ids=KnownRepeats(repeats))
        totals.add(placing.report_chunk(result), background=background)
        placed += len(result.frame)
        found.append((result.rejects, result.warnings))
    else:
        found.append((sorted(piece.rejects, key=lambda r: r.row or 0), []))
    return placed


_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def iso_days(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Days (`readcells.DATE_DTYPE`) of the cells written ``YYYY-MM-DD`` (a real day),
    NaT for blank ones, and which cells are either: what `readcells.dates` reads them as.
    Any other cell is left to `readcells.dates` (other spellings, bad dates: warnings).
    Typed dates (Parquet) are read by `readcells.dates` itself."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pd.api.types.is_datetime64_any_dtype(column) or column.dtype == object:
        days, bad = readcells.dates(column)
        return days, ~bad
    cells = readcells._arrow(column)
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    n = len(cells)
    blank = ~np.asarray(pc.not_equal(cells, "").fill_null(False), dtype=bool)
    strict = np.asarray(pc.match_substring_regex(cells, r"^\d{4}-\d{2}-\d{2}$")
                        .fill_null(False), dtype=bool)
    out = np.full(n, np.datetime64("NaT"), dtype=readcells.DATE_DTYPE)
    idx = np.flatnonzero(strict)
    ok = blank.copy()
    if len(idx):
        picked = cells.filter(pa.array(strict)).cast(pa.large_string())
        _, offsets, data = picked.buffers()
        start = np.frombuffer(offsets, np.int64)[picked.offset]
        text = np.frombuffer(data, np.uint8)[start:start + 10 * len(idx)].reshape(-1, 10)

        def number(a: int, b: int) -> np.ndarray:
            out = np.zeros(len(idx), np.int64)
            for k in range(a, b):
                out *= 10
                out += text[:, k]
                out -= 48
            return out

        year, month, day = number(0, 4), number(5, 7), number(8, 10)
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        last = _DAYS_IN_MONTH[np.clip(month, 1, 12) - 1] + ((month == 2) & leap)
        valid = (month >= 1) & (month <= 12) & (day >= 1) & (day <= last)
        months = ((year - 1970) * 12 + month - 1)[valid].astype("datetime64[M]")
        out[idx[valid]] = (months.astype("datetime64[D]") + (day[valid] - 1)).astype(
            readcells.DATE_DTYPE)
        ok[idx[valid]] = True
    return out, ok


# -- CSV ------------------------------------------------------------------------------------

def _csv(path, source: str, chunksize: int
         ) -> tuple[list[str], Iterator[_Piece]] | None:
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


def _csv_pieces(path, source: str, header: list[str], usable: list[str], block: int,
                chunksize: int) -> Iterator[_Piece]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from geoincidents.formats import csvtext

    width = len(header)
    invalid: list[tuple[int, str, int]] = []

    def on_invalid(row) -> str:
        invalid.append((row.number, row.text, row.actual_columns))
        return "skip"

    stream = pa.OSFile(str(path), "r")  # read by Arrow itself, without the GIL
    if stream.read(3) != csvtext.BOM:
        stream.seek(0)
    try:
        reader = pacsv.open_csv(
            stream,
            # one thread, as the general reader: it numbers the rows it cannot use (a
            # second core parses the next block while this one counts: `_ahead`)
            read_options=pacsv.ReadOptions(use_threads=False, block_size=block,
                                           autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.large_string() for i in range(width)},
                strings_can_be_null=False, quoted_strings_can_be_null=False, null_values=[]))
        keep = [header.index(name) for name in usable]
        next_row, position = 0, 0
        pending: list[Reject] = []
        for batch in _ahead(reader.read_next_batch):
            rows, invalid_here = csvtext._number(batch.num_rows, next_row, invalid)
            pending += [csvtext._wrong_width(source, r - 1, text, got, width)
                        for r, text, got in invalid_here]
            if not len(rows):
                continue
            next_row = int(rows[-1]) + 1
            blank = _blank_rows(batch)
            good = ~blank & (rows != 0)
            pending += [Reject(source, int(r), None, None, "empty row; expected values for "
                               f"the {width} columns of the header")
                        for r in rows[blank & (rows != 0)]]
            size = stream.tell() - position
            position += size
            idx = np.flatnonzero(good)
            table = pa.Table.from_batches([batch]).select(keep)
            if len(idx) and len(idx) == idx[-1] - idx[0] + 1:  # the header row, say
                table = table.slice(int(idx[0]), len(idx))
            elif len(idx) < batch.num_rows:
                table = table.take(pa.array(idx))
            table = table.rename_columns(usable)
            yield from _csv_slices(table, rows[idx], sorted(pending, key=lambda r: r.row or 0),
                                   chunksize, size)
            pending = []
        _, tail = csvtext._number(0, next_row, invalid, final=True)
        pending += [csvtext._wrong_width(source, r - 1, text, got, width)
                    for r, text, got in tail]
        if pending:
            yield _Piece({}, None, np.array([], np.int64),
                         sorted(pending, key=lambda r: r.row or 0), _no_rows, 0)
    except pa.ArrowInvalid as exc:  # bytes that are not UTF-8, a record beyond a block
        raise _GiveUp() from exc
    finally:
        stream.close()


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


def _ahead(read: Callable[[], object]) -> Iterator:
    """What ``read`` returns until StopIteration, the next one read in a thread while the
    caller works on the last (pyarrow's readers let go of the GIL): the two cores share
    the parsing and the counting. Errors are raised in the caller, in order."""
    import queue
    import threading

    slots: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

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


def _csv_slices(table, rows: np.ndarray, rejects: list[Reject], chunksize: int,
                size: int) -> Iterator[_Piece]:
    """`csvtext._slices`: pieces of ``chunksize`` rows, each with the rejects up to its
    last row (all that are left with the last)."""
    if not len(rows):
        if rejects:
            yield _Piece({}, None, rows, rejects, _no_rows, size)
        return
    bad_rows = np.array([r.row or 0 for r in rejects], dtype=np.int64)
    starts = list(range(0, len(rows), chunksize))
    taken = 0
    for k, start in enumerate(starts):
        last = k == len(starts) - 1
        part = table.slice(start, chunksize)
        numbers = rows[start:start + chunksize]
        upto = len(rejects) if last else int(np.searchsorted(bad_rows, numbers[-1],
                                                             side="right"))
        yield _Piece(_series(part), None, numbers, rejects[taken:upto],
                     _raw_maker(part, numbers), size if last else 0)
        taken = upto


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


# -- GeoParquet -----------------------------------------------------------------------------

def _parquet(path, source: str, chunksize: int
             ) -> tuple[list[str], Iterator[_Piece]] | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from geoincidents.formats import vector

    try:
        pf = pq.ParquetFile(path)
        meta = pf.schema_arrow.metadata or {}
        geo = json.loads(meta[b"geo"]) if b"geo" in meta else None
    except Exception:  # noqa: BLE001  (the general path says what is wrong)
        return None
    if not isinstance(geo, dict) or not geo.get("primary_column"):
        return None
    geom_col = geo["primary_column"]
    spec = (geo.get("columns") or {}).get(geom_col, {})
    if str(spec.get("encoding", "WKB")).upper() != "WKB":
        return None
    try:
        if vector._transformer(geo, geom_col, source) is not None:
            return None
    except Exception:  # noqa: BLE001
        return None
    schema = pf.schema_arrow
    names = [n for n in schema.names if n != geom_col]
    if any(n in ("_row", "_lon", "_lat") for n in names) or geom_col not in schema.names:
        return None
    usable = placing.usable_columns(names)
    geom_type = schema.field(geom_col).type
    geom_type = getattr(geom_type, "storage_type", geom_type)  # a geoarrow.wkb extension
    if not pa.types.is_binary(geom_type) and not pa.types.is_large_binary(geom_type):
        return None
    for name in usable:
        t = schema.field(name).type
        if not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_integer(t)
                or pa.types.is_floating(t) or pa.types.is_boolean(t) or pa.types.is_date32(t)
                or (pa.types.is_timestamp(t) and t.tz is None)) or \
                (name == "incident_id" and not (pa.types.is_string(t)
                                                or pa.types.is_large_string(t))):
            return None
    return usable, _parquet_pieces(pf, usable, geom_col, chunksize)


def _parquet_pieces(pf, usable: list[str], geom_col: str, chunksize: int
                    ) -> Iterator[_Piece]:
    import pyarrow as pa

    start = 1
    try:
        batches = iter(pf.iter_batches(batch_size=chunksize, columns=usable + [geom_col]))
        for batch in _ahead(lambda: next(batches)):
            n = batch.num_rows
            geom = batch.column(geom_col)
            lon, lat, plain = wkb_points(geom)
            table = pa.Table.from_batches([batch]).select(usable)
            numbers = np.arange(start, start + n, dtype=np.int64)
            cols = _series(table)
            # a point the WKB reader leaves (null, another type) is placed by the general path
            lon[~plain], lat[~plain] = np.nan, np.nan
            yield _Piece(cols, (lon, lat), numbers, [],
                         _parquet_raw(table, geom, numbers), n)
            start += n
    except (pa.ArrowInvalid, OSError) as exc:
        raise _GiveUp() from exc


def _parquet_raw(table, geom, numbers: np.ndarray) -> Callable[[np.ndarray], pd.DataFrame]:
    """The raw frame of some rows of a Parquet batch, as `vector.iter_parquet` makes it
    (an integer column with a null in the batch is read as float there, here too)."""
    def raw(idx: np.ndarray) -> pd.DataFrame:
        import pyarrow as pa

        from geoincidents.formats import vector

        part = table.take(pa.array(idx))
        for k, name in enumerate(part.column_names):
            if pa.types.is_integer(table.schema.field(name).type) and \
                    table.column(name).null_count:
                part = part.set_column(k, name, part.column(name).cast(pa.float64()))
        frame = part.to_pandas()
        lon, lat, others = vector._points(geom.take(pa.array(idx)).to_numpy(
            zero_copy_only=False), None)
        frame["_lon"], frame["_lat"] = lon, lat
        frame.attrs["non_point_rows"] = [int(numbers[idx[i]]) for i in others]
        frame["_row"] = numbers[idx]
        return frame
    return raw


def wkb_points(column) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, y of the 2D points of an Arrow binary array of WKB, read from its buffers (21
    bytes: byte order 1 = little-endian, type 1 = point, x, y), and which rows are such
    points; NaN and False for the others (null, big-endian, another type)."""
    import pyarrow as pa

    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    column = getattr(column, "storage", column)  # a geoarrow.wkb extension array
    if pa.types.is_binary(column.type):
        column = column.cast(pa.large_binary())
    n = len(column)
    validity, offsets, data = column.buffers()
    off = np.frombuffer(offsets, np.int64)[column.offset:column.offset + n + 1]
    ok = np.diff(off) == 21
    if validity is not None:
        valid = np.unpackbits(np.frombuffer(validity, np.uint8), bitorder="little")
        ok &= valid[column.offset:column.offset + n].astype(bool)
    raw = np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    at = off[:-1][ok]
    if len(at):
        head = raw[at] == 1
        kind = np.ndarray((len(raw) - 3,), dtype="<u4", buffer=raw, strides=(1,))[at + 1]
        xs = np.ndarray((len(raw) - 7,), dtype="<f8", buffer=raw, strides=(1,))
        good = head & (kind == 1)
        rows = np.flatnonzero(ok)
        lon[rows[good]], lat[rows[good]] = xs[at[good] + 5], xs[at[good] + 13]
        ok[rows[~good]] = False
    return lon, lat, ok
