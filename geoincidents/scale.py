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

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geoincidents import cells, io, model, placing, spatial, zonecount
from geoincidents.errors import DataError
from geoincidents.formats import vector
from geoincidents.gazetteer import Gazetteer
from geoincidents.ids import IdRegistry, KnownRepeats
from geoincidents.model import Reject

log = logging.getLogger(__name__)

#: Rows per chunk when none is asked for.
DEFAULT_CHUNKSIZE = 1_000_000

PARQUET_SUFFIXES = vector.PARQUET_SUFFIXES


# -- per-zone running totals: the counting rule, shared with report.zone_report ----------

# re-exported: the engines fold chunks through these
ZoneTotals = zonecount.ZoneTotals
zone_partials = zonecount.zone_partials
empty_partials = zonecount.empty_partials
PARTIAL_COMBINE = zonecount.PARTIAL_COMBINE


# -- the streaming report -------------------------------------------------------------------

@dataclass
class StreamResult:
    """What `stream_zone_report` produced."""

    report: pd.DataFrame
    placed: int
    rejects: int
    warnings: int
    first_problems: list[Reject] = field(default_factory=list)
    #: Which of ``first_problems`` are rejects (the others are warnings).
    first_rejected: list[bool] = field(default_factory=list)


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
        self.first_rejected: list[bool] = []
        self._keep = keep
        self._append(",".join(model.REJECT_COLUMNS) + "\n")

    def add(self, rejects: list[Reject], warnings: list[Reject] = ()) -> None:
        self.rejects += len(rejects)
        self.warnings += len(warnings)
        both = list(rejects) + list(warnings)
        room = len(both) if self._keep is None else max(self._keep - len(self.first), 0)
        self.first += both[:room]
        self.first_rejected += [k < len(rejects) for k in range(len(both))][:room]
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
    if chunksize < 1:
        raise ValueError(f"`chunksize` was {chunksize!r} but is expected to be a positive "
                         "number of rows")
    totals = ZoneTotals(zones)
    problems = problems if problems is not None else ProblemSink(None)
    placed_rows = 0
    paths, repeated = io.distinct_inputs(expand_inputs(inputs))
    problems.add(repeated)
    for path in paths:  # each file is its own namespace of ids, as in batch
        placed_rows += fold_file(totals, path, problems, gazetteer=gazetteer, country=country,
                                 chunksize=chunksize, background=background,
                                 ids=IdRegistry(), progress=progress)
    return StreamResult(totals.frame(), placed_rows, problems.rejects, problems.warnings,
                        problems.first, problems.first_rejected)


def fold_file(totals: ZoneTotals, path: str | os.PathLike[str], problems: ProblemSink, *,
              gazetteer: Gazetteer | None, country: str | Iterable[str] | None,
              chunksize: int, background: bool, ids: IdRegistry | KnownRepeats | None = None,
              progress: Callable[[int], None] | None = None,
              row_groups: list[int] | None = None, start: int = 1) -> int:
    """Read one file into ``totals`` chunk by chunk (`geoincidents.io.iter_placed`, the
    read path of every command); the number of rows placed. A plain CSV or GeoParquet
    file of points is read by the fast path (`geoincidents.plainzones`), which gives the
    same totals, rejects and warnings. ``row_groups`` and ``start`` read part of a
    Parquet file (a dask partition), ``ids`` then being its `KnownRepeats`."""
    from geoincidents import plainzones

    ids = ids if ids is not None else IdRegistry()
    placed_rows = plainzones.fold_plain(totals, path, problems, gazetteer=gazetteer,
                                        country=country, chunksize=chunksize,
                                        background=background, ids=ids, progress=progress,
                                        row_groups=row_groups, start=start)
    if placed_rows is not None:
        return placed_rows
    placed_rows = 0
    for placed in io.iter_placed(path, gazetteer=gazetteer, country=country,
                                 chunksize=chunksize, ids=ids, progress=progress,
                                 row_groups=row_groups, start=start):
        problems.add(placed.rejects, placed.warnings)
        totals.add(placing.report_chunk(placed), background=background)
        placed_rows += len(placed.frame)
    return placed_rows


def expand_inputs(inputs: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Files named, with each folder replaced by its CSV and Parquet files (sorted)."""
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            from geoincidents.formats import TABLE_SUFFIXES

            found = sorted(p for p in path.rglob("*") if p.is_file()
                           and p.suffix.lower() in (*PARQUET_SUFFIXES, *TABLE_SUFFIXES))
            if not found:
                others = [s for s in (*TABLE_SUFFIXES, *PARQUET_SUFFIXES)
                          if s not in (".csv", ".parquet")]
                raise DataError(f"{path}: folder without .csv or .parquet files, nor "
                                f"{', '.join(others)}")
            out += found
        else:
            out.append(path)
    return out


def input_size(paths: Sequence[Path]) -> tuple[int, str]:
    """Total work for a progress bar: bytes of CSV plus rows of Parquet, and the unit."""
    total = 0
    for p in paths:
        if p.suffix.lower() in PARQUET_SUFFIXES:
            total += vector.parquet_rows(p)
        else:
            total += p.stat().st_size
    unit = "rows" if all(p.suffix.lower() in PARQUET_SUFFIXES for p in paths) else "B"
    return total, unit
