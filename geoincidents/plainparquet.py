"""GeoParquet point tables read as the general reader chunks them (record batches), for
the zone report's fast path: each batch as parts (`plainread.Part`) and its end
(`plainread.PieceEnd`), each point's x and y read from the WKB bytes in the Arrow buffers
(`wkb_points`). `plain_parquet` returns None for a file it does not read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from geoincidents import placing, plainread
from geoincidents.plainread import GiveUp, Part, PieceEnd, _ahead, _series


def plain_parquet(path, source: str, chunksize: int, *, row_groups: list[int] | None = None,
                  start: int = 1) -> tuple[list[str], Iterator[Part | PieceEnd]] | None:
    """The usable columns and the parts of a GeoParquet file of WKB points (of its
    ``row_groups`` only, if given, whose first row is row ``start``), or None."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from geoincidents.formats import vector

    try:
        # no pre-buffering: with it, the reader keeps ~20 MB more per batch read (348 MB
        # after 10^7 rows in batches of 10^6, vs 139 MB flat without)
        pf = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 22)
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
    return usable, _parquet_pieces(pf, usable, geom_col, chunksize, row_groups, start)


def _parquet_pieces(pf, usable: list[str], geom_col: str, chunksize: int,
                    row_groups: list[int] | None, start: int) -> Iterator[Part | PieceEnd]:
    import pyarrow as pa

    try:
        # batches as `vector.iter_parquet` reads them (same row groups, same sizes)
        batches = pf.iter_batches(batch_size=chunksize, row_groups=row_groups,
                                  columns=usable + [geom_col])
        for piece, batch in enumerate(_ahead(batches)):
            n = batch.num_rows
            geom = batch.column(geom_col)
            lon, lat, plain = wkb_points(geom)
            table = pa.Table.from_batches([batch]).select(usable)
            numbers = np.arange(start, start + n, dtype=np.int64)
            # a point the WKB reader leaves (null, another type) is placed by the general path
            lon[~plain], lat[~plain] = np.nan, np.nan
            size = plainread.PART_ROWS
            for at in range(0, n, size):
                yield Part(piece, _series(table.slice(at, size)), (lon[at:at + size],
                           lat[at:at + size]), numbers[at:at + size], at)
            yield PieceEnd(piece, n, [], _parquet_raw(table, geom, numbers), n)
            start += n
    except (pa.ArrowInvalid, OSError) as exc:
        raise GiveUp() from exc


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
