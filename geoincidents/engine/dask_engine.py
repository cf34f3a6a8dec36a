"""The zone report on a dask.distributed cluster, each partition through the local fast path.

The inputs are cut into pieces (`pieces`: a CSV file, or a group of Parquet row groups of
about ``chunksize`` rows). The ids repeated across pieces are found first, in input order
(`piece_ids`, `find_repeats`: the local engine's `ids.IdRegistry` over the hashed ids).
Then each piece is folded on a worker by `fold_piece`: `scale.fold_file`, the local
engine's own code, so a plain CSV or GeoParquet table of points takes the same fast zone
kernel as ``report zones`` (`geoincidents.plainzones`: Arrow columns in, per-zone totals
out, no geometry per row) and any other table the general reader; each piece returns its
per-zone partial totals (`scale.zone_partials`' columns), the rows placed and its rejects
and warnings chunk by chunk, which the client combines in input order. The report and the
rejects equal the local engine's.

`read_incidents` gives the same pieces as a dask-geopandas GeoDataFrame of placed
incidents (and problem rows), for analyses other than the zone report.
`dask_geopandas.read_parquet` is not used: its partitions carry neither the file nor the
row they start at (dask may merge row groups and files into one partition), and rejects
and warnings must name both.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoincidents import ids as ids_mod, io, placing, scale, settings, spatial
from geoincidents.errors import DataError
from geoincidents.formats import vector
from geoincidents.gazetteer import Gazetteer
from geoincidents.model import Reject

#: A partition's status and provenance columns (the incident columns and ``geometry``
#: follow): incident rows have ``status`` "placed", problem rows "reject" or "warning"
#: (with field, value, reason, and no geometry).
PROBLEM_COLUMNS = ("status", "source", "row", "field", "value", "reason")


@functools.lru_cache(maxsize=1)
def _placed_columns() -> tuple[str, ...]:
    """The incident columns `scale.zone_partials` may read (all but the coordinates)."""
    return tuple(c for c in _empty_placed().columns if c not in ("lon", "lat", "source_row"))


def _empty_placed() -> pd.DataFrame:
    """`placing.report_chunk` of no rows: the incident columns a partition carries,
    whatever they are (so a column added there reaches `scale.zone_partials` through this
    engine too)."""
    empty = placing.Placed(pd.DataFrame({"uncertainty_m": np.array([], float)}),
                           np.array([], float), np.array([], float),
                           np.array([], np.int64), [], [])
    return placing.report_chunk(empty)


class Piece(NamedTuple):
    """What one partition reads: a file, its Parquet row groups (None: all), first row."""

    path: str
    row_groups: list[int] | None
    start: int


def pieces(paths: Sequence[Path], *, chunksize: int) -> list[Piece]:
    """Partitions of the inputs: every CSV whole, every Parquet file in row-group parts of
    about ``chunksize`` rows (a row group is never split)."""
    out = []
    for path in map(Path, paths):
        if not path.exists():
            raise DataError(f"{path}: file not found")
        if path.suffix.lower() not in scale.PARQUET_SUFFIXES:
            out.append(Piece(str(path), None, 1))
            continue
        try:
            parts = vector.parquet_parts(path, rows_per_part=chunksize)
        except Exception as exc:  # pyarrow's errors all mean "not Parquet"
            raise DataError(f"{path}: cannot be read as Parquet ({exc})") from exc
        out += [Piece(str(path), groups, start) for groups, start in parts]
    return out


def piece_ids(piece: Piece, *, chunksize: int) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers and id hashes (`ids.hash_ids`) of the rows of a piece that reach
    placing, in order: what the client needs to find the ids repeated across pieces."""
    from geoincidents import formats

    rows, hashes = [], []
    parquet = Path(piece.path).suffix.lower() in scale.PARQUET_SUFFIXES
    if parquet:
        fast = _plain_parquet_ids(piece, chunksize)
        if fast is not None:
            return fast
    for chunk in formats.iter_raw(Path(piece.path), piece.path, chunksize=chunksize,
                                  row_groups=piece.row_groups, start=piece.start,
                                  columns={"incident_id"} if parquet else None):
        if not parquet:  # the file-level checks of placing, raised here in input order
            placing.locate_columns(chunk.frame, piece.path, lon_column=chunk.lon_column,
                                   lat_column=chunk.lat_column)
        if "incident_id" not in chunk.frame:
            continue
        pos, h = ids_mod.hash_ids(chunk.frame["incident_id"])
        rows.append(chunk.frame["_row"].to_numpy(np.int64)[pos])
        hashes.append(h)
    if not rows:
        return np.array([], np.int64), np.array([], np.uint64)
    return np.concatenate(rows), np.concatenate(hashes)


def _plain_parquet_ids(piece: Piece, chunksize: int) -> tuple[np.ndarray, np.ndarray] | None:
    """`piece_ids` of a GeoParquet piece that the fast path reads, from its id column
    alone as Arrow strings (every row of such a file reaches placing); None for another
    file, left to the general reader."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from geoincidents.plainparquet import plain_parquet

    plain = plain_parquet(piece.path, piece.path, chunksize)
    if plain is None:
        return None
    if "incident_id" not in plain[0]:
        return np.array([], np.int64), np.array([], np.uint64)
    pf = pq.ParquetFile(piece.path)
    groups = piece.row_groups if piece.row_groups is not None else \
        list(range(pf.metadata.num_row_groups))
    column = pf.read_row_groups(groups, columns=["incident_id"]).column(0).combine_chunks()
    pos, hashes = ids_mod.hash_given(pc.utf8_trim_whitespace(column.cast("string")))
    return piece.start + pos, hashes


def read_piece(piece: Piece, *, chunksize: int, gazetteer: Gazetteer | None = None,
               country: str | Iterable[str] | None = None,
               repeats: dict[int, tuple[str, int]] | None = None) -> gpd.GeoDataFrame:
    """One partition: the piece's rows checked and placed by the local engine's code
    (`io.iter_placed`); ``repeats`` are its rows whose id an earlier row has.

    Returns
    -------
    GeoDataFrame
        Placed incidents (EPSG:4326 points, ``status`` "placed", ``row`` the 1-based
        data row of ``source``), then the piece's rejects and warnings as rows with
        ``status``, ``source``, ``row``, ``field``, ``value``, ``reason`` and no geometry.
    """
    placed, problems = [], []
    for got in io.iter_placed(Path(piece.path), gazetteer=gazetteer, country=country,
                              chunksize=chunksize, row_groups=piece.row_groups,
                              start=piece.start, ids=ids_mod.KnownRepeats(repeats or {})):
        placed.append(placing.report_chunk(got))
        problems += [("reject", r) for r in got.rejects]
        problems += [("warning", w) for w in got.warnings]
    return _partition(placed, problems, piece.path)


def _partition(placed: list[pd.DataFrame], problems: list[tuple[str, Reject]],
               source: str) -> gpd.GeoDataFrame:
    """Placed rows then problem rows, in one frame; text columns are categoricals (cheap
    for millions of placed rows that share one source and no problem)."""
    frame = pd.concat(placed, ignore_index=True) if placed else _empty_placed()
    n, k = len(frame), len(problems)
    geometry = np.full(n + k, None, dtype=object)
    geometry[:n] = shapely.points(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    row = np.concatenate([frame["source_row"].to_numpy(np.int64),
                          np.array([-1 if r.row is None else r.row for _, r in problems],
                                   np.int64)])
    columns = {
        "status": _categories(n, "placed", [s for s, _ in problems], STATUS),
        "source": _categories(n, source, [r.source for _, r in problems]),
        "row": pd.arrays.IntegerArray(row, row < 0),
        **{c: _categories(n, None, [getattr(r, c) for _, r in problems])
           for c in PROBLEM_COLUMNS[3:]},
    }
    for c in frame.columns.drop(["lon", "lat", "source_row"]):
        values = frame[c].to_numpy()
        if values.dtype == object:  # ids and names: few distinct values
            columns[c] = pd.Categorical(np.concatenate([values, np.full(k, None, object)]))
        else:  # numbers, dates and flags: missing / False on problem rows
            fill = np.zeros(k, bool) if values.dtype == bool else np.full(
                k, np.datetime64("NaT") if values.dtype.kind == "M" else np.nan, values.dtype)
            columns[c] = np.concatenate([values, fill])
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries(geometry, crs=settings.crs),
                            index=pd.RangeIndex(n + k))


#: Values of a partition's ``status`` column.
STATUS = ("placed", "reject", "warning")


def _categories(n: int, head: str | None, tail: list[str | None],
                categories: Sequence[str] | None = None) -> pd.Categorical:
    """``n`` rows of ``head`` (None: missing) then ``tail``, as a categorical."""
    cats = list(categories) if categories is not None else \
        list(dict.fromkeys(v for v in (head, *tail) if v is not None))
    code = {c: i for i, c in enumerate(cats)}
    codes = np.full(n + len(tail), -1 if head is None else code[head], dtype=np.int32)
    if tail:
        codes[n:] = [-1 if v is None else code[v] for v in tail]
    return pd.Categorical.from_codes(codes, categories=pd.Index(cats, dtype=object))


def read_incidents(pieces_: Sequence[Piece], *, chunksize: int,
                   gazetteer: Gazetteer | None = None,
                   country: str | Iterable[str] | None = None,
                   repeats: Sequence[dict] | None = None):
    """The inputs as a dask-geopandas GeoDataFrame, one partition per piece (`read_piece`);
    ``repeats`` (one dict per piece, from `find_repeats`) are the rows whose id an earlier
    row has.

    Nothing is read until the collection is computed.
    """
    import dask.dataframe as dd
    import dask_geopandas  # makes GeoDataFrame partitions a dask-geopandas frame

    from dask.dataframe.utils import clear_known_categories

    meta = _partition([], [], "")
    meta = clear_known_categories(meta, cols=[
        c for c in meta.columns if c != "status" and isinstance(meta[c].dtype,
                                                                 pd.CategoricalDtype)])
    repeats = list(repeats) if repeats is not None else [{} for _ in pieces_]
    frame = dd.from_map(_read_piece_with, list(zip(pieces_, repeats)), meta=meta,
                        label="geoincidents-read", enforce_metadata=False,
                        chunksize=chunksize, gazetteer=gazetteer, country=country)
    # from_map on a GeoDataFrame meta is already one; make sure it is, whatever the version
    return frame if isinstance(frame, dask_geopandas.GeoDataFrame) else \
        dask_geopandas.from_dask_dataframe(frame, geometry="geometry")


def _read_piece_with(item, **kwargs) -> gpd.GeoDataFrame:
    piece, repeats = item
    return read_piece(piece, repeats=repeats, **kwargs)


def find_repeats(pieces_: Sequence[Piece], hashed: Sequence[tuple[np.ndarray, np.ndarray]]
                 ) -> list[dict[int, tuple[str, int]]]:
    """For each piece, its rows whose id an earlier row of the same file has (in it or in
    an earlier piece), with where that row is: the local engine's `ids.IdRegistry`, run
    over the pieces' hashed ids in input order."""
    registries: dict[str, ids_mod.IdRegistry] = {}  # each file its own namespace
    out = []
    for piece, (rows, hashes) in zip(pieces_, hashed):
        registry = registries.setdefault(piece.path, ids_mod.IdRegistry())
        found = registry.check_hashes(np.arange(len(rows)), hashes, rows, piece.path)
        out.append({int(rows[k]): (src, row) for k, src, row in found})
    return out


def partition_partials(part: gpd.GeoDataFrame, index: spatial.ZoneIndex, *,
                       background: bool = True) -> pd.DataFrame:
    """Per-zone partial totals of one partition (its placed incidents), one row per zone."""
    incidents = part[(part["status"] == "placed").to_numpy(dtype=bool)]
    if not background:
        incidents = incidents[~incidents["background"].to_numpy(dtype=bool)]
    xy = _xy(incidents)
    # back to `placing.report_chunk`'s columns and dtypes, as the local engine folds them
    chunk = pd.DataFrame({"lon": xy[:, 0], "lat": xy[:, 1], **{
        c: incidents[c].to_numpy(dtype=object, na_value=None)
        if isinstance(incidents[c].dtype, pd.CategoricalDtype) else incidents[c].to_numpy()
        for c in _placed_columns() if c in incidents}})
    partials = scale.zone_partials(index, chunk)
    return pd.DataFrame({"zone": np.arange(len(index), dtype=np.int64), **partials})


class PieceResult(NamedTuple):
    """What a worker sends back for one piece: per-zone partial totals (`zone_partials`'
    columns, int64 arrays), the rows placed, and the rejects and warnings chunk by chunk
    (as the local engine hands them to its `scale.ProblemSink`)."""

    partials: dict[str, np.ndarray]
    placed: int
    problems: list[tuple[list[Reject], list[Reject]]]


class _Problems:
    """A `scale.ProblemSink` stand-in on a worker: keeps each chunk's problems, in order."""

    def __init__(self) -> None:
        self.found: list[tuple[list[Reject], list[Reject]]] = []

    def add(self, rejects: list[Reject], warnings: list[Reject] = ()) -> None:
        if rejects or warnings:
            self.found.append((list(rejects), list(warnings)))


def fold_piece(item: tuple[Piece, dict[int, tuple[str, int]]], index: spatial.ZoneIndex, *,
               chunksize: int, gazetteer: Gazetteer | None = None,
               country: str | Iterable[str] | None = None,
               background: bool = True) -> PieceResult:
    """One piece folded into per-zone partial totals by the local engine's code
    (`scale.fold_file`: the fast path for plain CSV and GeoParquet points, the general
    reader otherwise); the piece's rows whose id an earlier row has are the ``repeats``
    of ``item`` (from `find_repeats`)."""
    piece, repeats = item
    totals = scale.ZoneTotals(index)
    problems = _Problems()
    placed = scale.fold_file(totals, piece.path, problems, gazetteer=gazetteer,
                             country=country, chunksize=chunksize, background=background,
                             ids=ids_mod.KnownRepeats(repeats), row_groups=piece.row_groups,
                             start=piece.start)
    return PieceResult(totals.totals, placed, problems.found)


def _xy(frame: gpd.GeoDataFrame) -> np.ndarray:
    """lon, lat of a frame of points, as an (n, 2) array."""
    return shapely.get_coordinates(frame.geometry.to_numpy()).reshape(-1, 2)


def zone_report(inputs: Sequence[str | os.PathLike[str]], zones: gpd.GeoDataFrame, *,
                scheduler: str | None = None, chunksize: int = scale.DEFAULT_CHUNKSIZE,
                gazetteer: Gazetteer | None = None, country: str | Iterable[str] | None = None,
                background: bool = True, problems: scale.ProblemSink | None = None,
                progress: Callable[[int], None] | None = None,
                cluster_options: dict | None = None) -> scale.StreamResult:
    """See `geoincidents.engine.zone_report` (engine ``"dask"``); ``progress`` is called
    with 1 as each partition is done."""
    from distributed import Client, LocalCluster, as_completed, wait

    if chunksize < 1:
        raise ValueError(f"`chunksize` was {chunksize!r} but is expected to be a positive "
                         "number of rows")
    problems = problems if problems is not None else scale.ProblemSink(None)
    index = spatial.ZoneIndex(zones)
    paths, repeated = io.distinct_inputs(scale.expand_inputs(inputs))
    problems.add(repeated)
    parts = pieces(paths, chunksize=chunksize)
    if not parts:  # only Parquet files without row groups: nothing to read
        return scale.StreamResult(scale.ZoneTotals(index).frame(), 0, problems.rejects,
                                  problems.warnings, problems.first, problems.first_rejected)
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(**({"processes": True, "dashboard_address": None}
                                  | (cluster_options or {})))
    client = Client(scheduler if scheduler is not None else cluster)
    totals = scale.ZoneTotals(index)
    placed = 0
    try:
        # ids repeated across pieces: found first, in input order, as the local engine does
        futures = client.map(piece_ids, parts, chunksize=chunksize, pure=False)
        wait(futures)
        hashed = [f.result() for f in futures]  # the first bad input in input order raises
        shared = client.scatter(index, broadcast=True)
        folded = client.map(fold_piece, list(zip(parts, find_repeats(parts, hashed))),
                            index=shared, chunksize=chunksize, gazetteer=gazetteer,
                            country=country, background=background, pure=False)
        if progress is not None:
            for _ in as_completed(folded):
                progress(1)
        # in input order: the problems reach the sink as the local engine's do, and the
        # client holds one piece's result at a time
        for future in folded:
            got = future.result()
            totals.combine(got.partials)
            placed += got.placed
            for rejects, warnings in got.problems:
                problems.add(rejects, warnings)
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return scale.StreamResult(totals.frame(), placed, problems.rejects,
                              problems.warnings, problems.first, problems.first_rejected)
