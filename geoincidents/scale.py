"""Zone reports on tables too big for memory: chunked readers and per-zone running totals.

A big CSV is read in blocks of whole rows, a (Geo)Parquet file by record batches; each
chunk is checked (bad rows become `Reject`s with file, row, field and reason), placed
(coordinates, else geocoded once per distinct place name), joined with the zones as
pair arrays (`spatial.ZoneIndex.pairs`) and folded into a `ZoneTotals`. Memory is that
of one chunk, whatever the size of the input, and the totals do not depend on where the
chunks are cut: `report.zone_report` on the whole table gives the same rows.

Examples
--------
>>> from geoincidents import settings
>>> from geoincidents.zones import load_zones
>>> result = stream_zone_report([settings.sample_incidents_path()], load_zones())
>>> int(result.report.set_index("zone_id").loc["us-embassy-baghdad", "incidents_in"])
2
"""

from __future__ import annotations

import csv
import io as _io
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoincidents import cells, io, model, report, settings, spatial, zonecount
from geoincidents.errors import DataError
from geoincidents.gazetteer import Gazetteer
from geoincidents.geocode import geocode_names
from geoincidents.model import Reject

log = logging.getLogger(__name__)

#: Rows per chunk when none is asked for.
DEFAULT_CHUNKSIZE = 1_000_000

#: Columns a zone report reads (when present); all others are never loaded.
REPORT_COLUMNS = ("uncertainty_m", "geo_precision", "date", "n_fired", "n_landed", "killed",
                  "injured", "target", "target_place_id", "background", "event_type")

PARQUET_SUFFIXES = (".parquet", ".geoparquet", ".pq")


# -- per-zone running totals: the counting rule, shared with report.zone_report ----------

# re-exported: the engines fold chunks through these
ZoneTotals = zonecount.ZoneTotals
zone_partials = zonecount.zone_partials
empty_partials = zonecount.empty_partials
PARTIAL_COMBINE = zonecount.PARTIAL_COMBINE


# -- from raw chunks to placed arrays ------------------------------------------------------

def prepare_chunk(frame: pd.DataFrame, source: str, *, gazetteer: Gazetteer | None,
                  country: str | Iterable[str] | None = None
                  ) -> tuple[pd.DataFrame, list[Reject], list[Reject]]:
    """Check and place one chunk of a table, for the zone report.

    Parameters
    ----------
    frame : DataFrame
        Raw columns (strings from CSV, typed from Parquet) and ``_row``, the 1-based data
        row in ``source``. Coordinates come as ``_lon``/``_lat`` (from a geometry) or as
        columns named as `io.LON_NAMES`/`io.LAT_NAMES`; else a place column is geocoded.
    source : str
        File name used in rejects.

    Returns
    -------
    (placed, rejects, warnings)
        ``placed`` has the columns `ZoneTotals.add` reads, one row per placed input row
        (plus ``source_row``); rejects name every row left out and why.
    """
    rejects: list[Reject] = []
    warnings: list[Reject] = []
    lon_col, lat_col, place_col = io.locate_columns(frame, source)
    n = len(frame)
    rows = frame["_row"].to_numpy()
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    ok = np.ones(n, dtype=bool)
    if lon_col is not None and lat_col is not None:
        ok, lon, lat = _coordinates(frame, lon_col, lat_col, source, rejects)
    radius = io.row_radii(frame, source, warnings)[0]
    target = _column(frame, "target_place_id")
    need = ok & np.isnan(lon)
    if need.any() and place_col is not None:
        gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        idx = np.flatnonzero(need)
        names = frame[place_col].to_numpy(dtype=object)[idx]
        geo = geocode_names(names, gazetteer, country=country)
        err = geo["error"].to_numpy(dtype=object)
        for k, i in enumerate(idx):
            name = names[k]
            if name is None or pd.isna(name) or not str(name).strip():
                rejects.append(Reject(source, int(rows[i]), place_col, "",
                                      "no coordinates and no place name; expected lon/lat or "
                                      "a place to geocode"))
                ok[i] = False
            elif isinstance(err[k], str):
                rejects.append(Reject(source, int(rows[i]), place_col, str(name),
                                      f"{err[k]}; expected a place the gazetteer knows, or "
                                      "lon/lat columns"))
                ok[i] = False
        good = pd.isna(err) & geo["lon"].notna().to_numpy()
        sel = idx[good]
        lon[sel], lat[sel] = geo["lon"].to_numpy()[good], geo["lat"].to_numpy()[good]
        radius[sel] = np.where(np.isnan(radius[sel]), geo["radius_m"].to_numpy()[good],
                               radius[sel])
    elif need.any():
        for i in np.flatnonzero(need):
            rejects.append(Reject(source, int(rows[i]), lon_col, "",
                                  "no coordinates; expected a longitude and a latitude"))
        ok &= ~need
    if target is None and "target" in frame:
        gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        geo = geocode_names(frame["target"].to_numpy(dtype=object), gazetteer, country=country)
        target = geo["place_id"].to_numpy(dtype=object)
    placed = pd.DataFrame({
        "lon": lon, "lat": lat,
        "uncertainty_m": np.where(np.isnan(radius), settings.coordinate_radius_m, radius),
        "date": io.parse_dates(frame, source, warnings),
        **{c: _number(frame, c) for c in ("n_fired", "n_landed", "killed", "injured")},
        "target_place_id": pd.Series(target if target is not None else [None] * n,
                                     dtype="object").to_numpy(),
        "background": _flag(frame, "background"),
        "not_reaching": pd.Series(_column(frame, "event_type") if "event_type" in frame
                                  else [None] * n, dtype="object")
                        .isin(report.NOT_REACHING).to_numpy(),
        "source_row": rows,
    })
    rejects.sort(key=lambda r: r.row or 0)
    return placed[ok].reset_index(drop=True), rejects, warnings


def _coordinates(frame: pd.DataFrame, lon_col: str, lat_col: str, source: str,
                 rejects: list[Reject]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`io._check_coordinates`, vectorised for the good rows: only rows that are not two
    numbers in range go through it, so rejects read exactly as `io.read_incidents`'s."""
    lon = pd.to_numeric(frame[lon_col], errors="coerce").to_numpy(dtype="float64",
                                                                  na_value=np.nan).copy()
    lat = pd.to_numeric(frame[lat_col], errors="coerce").to_numpy(dtype="float64",
                                                                  na_value=np.nan).copy()
    odd = np.isnan(lon) | np.isnan(lat) | (np.abs(lon) > 180) | (np.abs(lat) > 90)
    ok = np.ones(len(frame), dtype=bool)
    if odd.any():
        idx = np.flatnonzero(odd)
        ok[idx], lon[idx], lat[idx] = io._check_coordinates(frame.iloc[idx], lon_col, lat_col,
                                                             source, rejects)
    return ok, lon, lat


def _wkb_points(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """lon, lat of little-endian 2D WKB points read straight from the bytes; a mask of the
    rows that are something else (null, other types), for shapely."""
    n = len(values)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    lengths = np.fromiter((len(v) if v is not None else 0 for v in values), np.int64, n)
    simple = lengths == 21
    if simple.any():
        raw = np.frombuffer(b"".join(values[simple]), dtype=np.uint8).reshape(-1, 21)
        head = raw[:, :5].copy().view(np.dtype([("order", "u1"), ("type", "<u4")]))[:, 0]
        good = (head["order"] == 1) & (head["type"] == 1)
        xy = raw[:, 5:].copy().view("<f8")
        rows = np.flatnonzero(simple)
        lon[rows[good]], lat[rows[good]] = xy[good, 0], xy[good, 1]
        simple[rows[~good]] = False
    return lon, lat, ~simple


def _column(frame: pd.DataFrame, name: str) -> np.ndarray | None:
    if name not in frame:
        return None
    values = frame[name].astype("string").str.strip()
    return values.where(values.str.len() > 0, None).astype(object).to_numpy()


def _number(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame:
        return np.full(len(frame), np.nan)
    # counts are integers in the schema (model.COLUMNS): round as `model.conform` does
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan).round()


def _flag(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame:
        return np.zeros(len(frame), dtype=bool)
    return model._cast(frame[name], "boolean").fillna(False).to_numpy(dtype=bool)


# -- chunked readers ---------------------------------------------------------------------

@dataclass
class Chunk:
    """Raw rows of one input: a frame with ``_row`` and the rows that failed to parse."""

    frame: pd.DataFrame
    rejects: list[Reject]
    size: int  # bytes or rows consumed, for progress


def iter_chunks(path: str | os.PathLike[str], *, chunksize: int = DEFAULT_CHUNKSIZE,
                row_groups: list[int] | None = None, start: int = 1) -> Iterator[Chunk]:
    """Chunks of about ``chunksize`` rows of a CSV or (Geo)Parquet file (of Parquet, only
    ``row_groups`` if given, whose first row is row ``start``)."""
    if chunksize < 1:
        raise ValueError(f"`chunksize` was {chunksize!r} but is expected to be a positive "
                         "number of rows")
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return _parquet_chunks(path, chunksize, row_groups, start)
    if path.suffix.lower() in io.VECTOR_SUFFIXES:
        raise DataError(f"{path}: a {io.VECTOR_SUFFIXES[path.suffix.lower()]} file cannot be "
                        "streamed; expected CSV or (Geo)Parquet for chunked reading")
    return _csv_chunks(path, chunksize)


def _wanted(names: Sequence[str]) -> list[str]:
    lowered = {n.lower() for n in (*io.LON_NAMES, *io.LAT_NAMES, *io.PLACE_NAMES)}
    return [n for n in names if n.lower() in lowered or n in REPORT_COLUMNS]


def parquet_parts(path: str | os.PathLike[str], *, rows_per_part: int
                  ) -> list[tuple[list[int], int]]:
    """Row groups of a Parquet file in parts of about ``rows_per_part`` rows, each with
    its first 1-based row (for reading parts in parallel with right row numbers)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    parts, groups, size, start = [], [], 0, 1
    for g in range(meta.num_row_groups):
        groups.append(g)
        size += meta.row_group(g).num_rows
        if size >= rows_per_part:
            parts.append((groups, start))
            groups, start, size = [], start + size, 0
    if groups:
        parts.append((groups, start))
    return parts


def _parquet_chunks(path: Path, chunksize: int, row_groups: list[int] | None = None,
                    start: int = 1) -> Iterator[Chunk]:
    import json

    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow's errors all mean "not Parquet"
        raise DataError(f"{path}: cannot be read as Parquet ({exc})") from exc
    meta = pf.schema_arrow.metadata or {}
    geo = json.loads(meta[b"geo"]) if b"geo" in meta else None
    geom_col = geo["primary_column"] if geo else None
    transformer = None
    if geo:
        crs = geo["columns"][geom_col].get("crs")
        if crs is not None:
            from pyproj import CRS, Transformer

            crs = CRS.from_user_input(crs)
            if not crs.equals(CRS(settings.crs)) and not crs.equals(CRS("OGC:CRS84")):
                transformer = Transformer.from_crs(crs, settings.crs, always_xy=True)
    names = [n for n in pf.schema_arrow.names if n != geom_col]
    columns = _wanted(names) + ([geom_col] if geom_col else [])
    for batch in pf.iter_batches(batch_size=chunksize, columns=columns, row_groups=row_groups):
        frame = batch.to_pandas()
        if geom_col:
            lon, lat, rest = _wkb_points(frame.pop(geom_col).to_numpy())
            geoms = np.full(len(frame), None, dtype=object)
            geoms[rest] = shapely.from_wkb(batch.column(geom_col).to_numpy(
                zero_copy_only=False)[rest])
            has = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
            pts = has & (shapely.get_type_id(geoms) == 0)
            lon[pts], lat[pts] = shapely.get_x(geoms[pts]), shapely.get_y(geoms[pts])
            other = has & ~pts  # a line or polygon incident: a point inside it
            rep = shapely.point_on_surface(geoms[other])
            lon[other], lat[other] = shapely.get_x(rep), shapely.get_y(rep)
            if transformer is not None:
                lon, lat = transformer.transform(lon, lat)
            frame["_lon"], frame["_lat"] = lon, lat
        frame["_row"] = np.arange(start, start + len(frame))
        start += len(frame)
        yield Chunk(frame, [], len(frame))


def _csv_chunks(path: Path, chunksize: int) -> Iterator[Chunk]:
    """Blocks of whole CSV records parsed by pyarrow (a block with a malformed row goes
    through `io.read_csv_text`, which names each bad row)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    source = str(path)
    with open(path, "rb") as fh:
        head = fh.readline()
        if not head.strip():
            raise DataError(f"{source}: empty file; expected a CSV header and rows")
        header_text = head.decode("utf-8-sig", errors="surrogateescape")
        header = [h.strip() for h in next(csv.reader([header_text]))]
        # the foundation's header checks (duplicates, encoding) on the header alone
        io.read_csv_text(head, source)
        wanted = _wanted(header)
        sample = fh.read(1 << 20)
        per_row = max(len(sample) / max(sample.count(b"\n"), 1), 1.0)
        block_bytes = int(max(chunksize * per_row, 1 << 16))
        pending = sample
        row = 1
        while True:
            block = pending + fh.read(max(block_bytes - len(pending), 0))
            more = fh.read(1)
            if more:  # cut after the last newline that is outside quotes
                cut = _record_end(block)
                while cut < 0:
                    extra = fh.read(block_bytes)
                    if not extra:
                        cut = len(block)
                        break
                    block += extra
                    cut = _record_end(block)
                block, pending = block[:cut], block[cut:] + more
            else:
                pending = b""
            if block.strip():
                chunk, n_rows = _parse_block(block, header, wanted, source, row, pa, pacsv)
                yield chunk
                row += n_rows
            if not pending and not more:
                return


def _record_end(block: bytes) -> int:
    """Index just after the last newline that ends a record (even number of quotes
    before it), or -1."""
    cut = block.rfind(b"\n")
    while cut >= 0:
        if block.count(b'"', 0, cut) % 2 == 0:
            return cut + 1
        cut = block.rfind(b"\n", 0, cut)
    return -1


def _parse_block(block: bytes, header: list[str], wanted: list[str], source: str, row: int,
                 pa, pacsv) -> tuple[Chunk, int]:
    bad: list[object] = []
    try:
        table = pacsv.read_csv(
            _io.BytesIO(block),
            read_options=pacsv.ReadOptions(column_names=header, encoding="utf8"),
            parse_options=pacsv.ParseOptions(ignore_empty_lines=False,
                                              invalid_row_handler=lambda r: bad.append(r)
                                              or "skip"),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted, column_types={c: pa.string() for c in wanted},
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        table, bad = None, [None]
    if bad:
        # the exact, row-naming reader for a block that has malformed rows
        frame, rejects = io.read_csv_text(",".join(_quote(h) for h in header).encode()
                                          + b"\n" + block, source)
        frame["_row"] += row - 1
        rejects = [Reject(r.source, None if r.row is None else r.row + row - 1, r.field,
                          r.value, r.reason) for r in rejects]
        return Chunk(frame[wanted + ["_row"]], rejects, len(block)), len(frame) + len(rejects)
    frame = pd.DataFrame({
        name: _numeric_or_text(table.column(name), pa) if name.lower() in _NUMERIC
        else table.column(name).to_numpy(zero_copy_only=False).astype(object)
        for name in table.column_names})
    frame["_row"] = np.arange(row, row + len(frame))
    return Chunk(frame, [], len(block)), len(frame)


#: Columns read as numbers when every value of a chunk is one (else as text, checked later).
_NUMERIC = {"uncertainty_m", "geo_precision", "n_fired", "n_landed", "killed", "injured",
            *io.LON_NAMES, *io.LAT_NAMES}


def _numeric_or_text(column, pa) -> np.ndarray:
    import pyarrow.compute as pc

    stripped = pc.utf8_trim_whitespace(column)
    blank_as_null = pc.if_else(pc.equal(stripped, ""), pa.scalar(None, pa.string()), stripped)
    try:
        return pc.cast(blank_as_null, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return column.to_numpy(zero_copy_only=False).astype(object)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"' if any(c in name for c in ',"\n') else name


# -- the streaming report -------------------------------------------------------------------

@dataclass
class StreamResult:
    """What `stream_zone_report` produced."""

    report: pd.DataFrame
    placed: int
    rejects: int
    warnings: int
    first_problems: list[Reject] = field(default_factory=list)


class ProblemSink:
    """Rejects and warnings: counted, the first few kept for the log, all written to CSV
    as they come (so a few million of them do not fill memory).

    The CSV is staged (see `geoincidents.outputs.Staged`): it appears at ``path`` on
    `commit`, and `discard` (or a failed run) leaves whatever was there before.
    """

    def __init__(self, path: str | os.PathLike[str] | None, *, overwrite: bool = False,
                 keep: int | None = 20) -> None:
        from geoincidents.outputs import Staged

        self._staged = None if path is None else Staged(path, overwrite=overwrite)
        self.path = None if path is None else Path(path)
        self.rejects = self.warnings = 0
        self.first: list[Reject] = []
        self._keep = keep
        self._append(",".join(model.REJECT_COLUMNS) + "\n")

    def add(self, rejects: list[Reject], warnings: list[Reject] = ()) -> None:
        self.rejects += len(rejects)
        self.warnings += len(warnings)
        both = list(rejects) + list(warnings)
        self.first += both if self._keep is None else \
            both[:max(self._keep - len(self.first), 0)]
        if both:
            self._append(cells.to_csv(model.rejects_frame(both), index=False, header=False))

    def _append(self, text: str) -> None:
        if self._staged is None:
            return
        try:
            with open(self._staged.path, "a", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as exc:  # a full disk: drop the file, keep what was there
            failed = self._staged.failed(exc)
            self.discard()
            raise failed from exc

    def commit(self) -> None:
        """Put the CSV in place (once every chunk is in)."""
        if self._staged is not None:
            self._staged.commit()
            self._staged = None

    def discard(self) -> None:
        """Drop the CSV written so far; an earlier file at ``path`` stays as it was."""
        if self._staged is not None:
            self._staged.discard()
            self._staged = None

    def __enter__(self) -> ProblemSink:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def stream_zone_report(inputs: Sequence[str | os.PathLike[str]],
                       zones: gpd.GeoDataFrame | spatial.ZoneIndex, *,
                       gazetteer: Gazetteer | None = None,
                       country: str | Iterable[str] | None = None,
                       chunksize: int = DEFAULT_CHUNKSIZE, background: bool = True,
                       problems: ProblemSink | None = None,
                       progress: Callable[[int], None] | None = None) -> StreamResult:
    """The zone report of CSV / (Geo)Parquet files, read chunk by chunk.

    Parameters
    ----------
    inputs : sequence of paths
        CSV or (Geo)Parquet files, or folders of them.
    zones : GeoDataFrame or spatial.ZoneIndex
    chunksize : int
        Rows per chunk; memory grows with it, results do not depend on it.
    background : bool, default True
        Count background (context) incidents too.
    problems : ProblemSink, optional
        Where rejects and warnings go (counted only by default).
    progress : callable, optional
        Called with the bytes (CSV) or rows (Parquet) consumed after each chunk.

    Returns
    -------
    StreamResult
        ``report`` equals `report.zone_report` of the same rows.
    """
    totals = ZoneTotals(zones)
    problems = problems if problems is not None else ProblemSink(None)
    placed_rows = 0
    for path in expand_inputs(inputs):
        placed_rows += fold_file(totals, path, problems, gazetteer=gazetteer, country=country,
                                 chunksize=chunksize, background=background, progress=progress)
    return StreamResult(totals.frame(), placed_rows, problems.rejects, problems.warnings,
                        problems.first)


def fold_file(totals: ZoneTotals, path: str | os.PathLike[str], problems: ProblemSink, *,
              gazetteer: Gazetteer | None, country: str | Iterable[str] | None,
              chunksize: int, background: bool, row_groups: list[int] | None = None,
              start: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Read one file (or some of its Parquet row groups) into ``totals``; the number of
    rows placed."""
    placed_rows = 0
    for chunk in iter_chunks(path, chunksize=chunksize, row_groups=row_groups, start=start):
        placed, rejects, warnings = prepare_chunk(chunk.frame, str(path), gazetteer=gazetteer,
                                                  country=country)
        problems.add(sorted(chunk.rejects + rejects, key=lambda r: r.row or 0), warnings)
        totals.add(placed, background=background)
        placed_rows += len(placed)
        if progress is not None:
            progress(chunk.size)
    return placed_rows


def expand_inputs(inputs: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Files named, with each folder replaced by its CSV and Parquet files (sorted)."""
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file()
                           and p.suffix.lower() in (*PARQUET_SUFFIXES, ".csv"))
            if not found:
                raise DataError(f"{path}: folder without .csv or .parquet files")
            out += found
        else:
            out.append(path)
    return out


def input_size(paths: Sequence[Path]) -> tuple[int, str]:
    """Total work for a progress bar: bytes of CSV plus rows of Parquet, and the unit."""
    import pyarrow.parquet as pq

    total = 0
    for p in paths:
        if p.suffix.lower() in PARQUET_SUFFIXES:
            total += pq.ParquetFile(p).metadata.num_rows
        else:
            total += p.stat().st_size
    unit = "rows" if all(p.suffix.lower() in PARQUET_SUFFIXES for p in paths) else "B"
    return total, unit
