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
import numpy as np
import pandas as pd

from geoincidents import cells, io, model, placing, readcells, report, spatial
from geoincidents.errors import DataError
from geoincidents.formats import vector
from geoincidents.gazetteer import Gazetteer
from geoincidents.ids import IdRegistry
from geoincidents.model import Reject

log = logging.getLogger(__name__)

#: Rows per chunk when none is asked for.
DEFAULT_CHUNKSIZE = 1_000_000

PARQUET_SUFFIXES = vector.PARQUET_SUFFIXES
_SUM_FIELDS = ("munitions_fired", "munitions_landed", "killed", "injured")
_NAT = np.iinfo(np.int64).min


# -- per-zone running totals ------------------------------------------------------------

class ZoneTotals:
    """Per-zone counts, sums and date range, built chunk by chunk and mergeable.

    Parameters
    ----------
    zones : GeoDataFrame or spatial.ZoneIndex
        The zones reported on (their order is the order of every array here).
    """

    def __init__(self, zones: gpd.GeoDataFrame | spatial.ZoneIndex) -> None:
        self.index = zones if isinstance(zones, spatial.ZoneIndex) else spatial.ZoneIndex(zones)
        self.totals = empty_partials(len(self.index))
        self.rows = 0
        self._place_zone = _place_zones(self.index)

    def add(self, chunk: pd.DataFrame, *, background: bool = True) -> None:
        """Fold in placed incidents (see `zone_partials` for the columns read)."""
        if not background:
            chunk = chunk[~chunk["background"].to_numpy(dtype=bool)]
        self.rows += len(chunk)
        if len(chunk):
            self.combine(zone_partials(self.index, chunk, place_zone=self._place_zone))

    def combine(self, partials: dict[str, np.ndarray] | pd.DataFrame) -> ZoneTotals:
        """Combine per-zone partial totals (`zone_partials`, same zones) into these by
        `PARTIAL_COMBINE`; returns self."""
        for name, how in PARTIAL_COMBINE.items():
            _COMBINE_UFUNC[how](self.totals[name], np.asarray(partials[name], np.int64),
                                out=self.totals[name])
        return self

    def merge(self, other: ZoneTotals) -> ZoneTotals:
        """Add another partition's totals (same zones) into these; returns self."""
        self.rows += other.rows
        return self.combine(other.totals)

    def frame(self) -> pd.DataFrame:
        """The zone report: same columns, values and order as `report.zone_report`."""
        zones = self.index.zones

        def _dates(values: np.ndarray) -> pd.Series:
            out = values.copy()
            out[(values == _NAT) | (values == np.iinfo(np.int64).max)] = _NAT
            return pd.Series(out.view(readcells.DATE_DTYPE))

        out = pd.DataFrame({
            "zone_id": self.index.ids, "zone": zones["name"].to_numpy(),
            "kind": zones["kind"].to_numpy() if "kind" in zones else None,
            **{k: self.totals[k] for k in ("incidents_in", "possibly_in", "aimed_at",
                                           *_SUM_FIELDS)},
            "first_date": _dates(self.totals["first"]),
            "last_date": _dates(self.totals["last"]),
        }, columns=list(report.ZONE_REPORT_COLUMNS))
        return out.sort_values(["incidents_in", "possibly_in", "aimed_at", "zone"],
                               ascending=[False, False, False, True], ignore_index=True)


#: How per-zone partial totals (`zone_partials`) of chunks, partitions and engines combine.
PARTIAL_COMBINE = {**{k: "sum" for k in ("incidents_in", "possibly_in", "aimed_at",
                                         *_SUM_FIELDS)},
                   "first": "min", "last": "max"}
_COMBINE_UFUNC = {"sum": np.add, "min": np.minimum, "max": np.maximum}


def zone_partials(index: spatial.ZoneIndex, chunk: pd.DataFrame, *,
                  place_zone: dict[str, int] | None = None) -> dict[str, np.ndarray]:
    """The zone report's counting rule on one chunk: per-zone partial totals.

    The streaming counterpart of `report.zone_report` (which must agree with it): every
    engine folds chunks through this function and combines the results by
    `PARTIAL_COMBINE`, so a change to what is counted is made here only.

    Parameters
    ----------
    index : spatial.ZoneIndex
    chunk : DataFrame
        Placed incidents (see `prepare_chunk`): ``lon``, ``lat``, ``uncertainty_m``,
        ``date``, ``n_fired``, ``n_landed``, ``killed``, ``injured`` (float, NaN when
        missing), ``target_place_id`` and optionally ``not_reaching`` (a thwarted attack:
        aimed at its target zone, never in it, as in `report.zone_report`).
    place_zone : dict, optional
        Zone position by the zone's ``place_id`` (computed if not given).

    Returns
    -------
    dict of arrays
        One array per key of `PARTIAL_COMBINE`, one value per zone in ``index`` order;
        ``first``/``last`` are `readcells.DATE_DTYPE` dates as int64 (``int64.max``/``int64.min``
        for none).
    """
    m = len(index)
    if place_zone is None:
        place_zone = _place_zones(index)
    out = empty_partials(m)
    if not len(chunk):
        return out
    pairs = index.pairs(chunk["lon"].to_numpy(), chunk["lat"].to_numpy(),
                        chunk["uncertainty_m"].to_numpy())
    target = chunk["target_place_id"].map(place_zone).to_numpy(dtype="float64",
                                                               na_value=np.nan)
    # a thwarted attack never counts as in (or possibly in) the zone it was aimed at
    stopped = np.zeros(len(pairs.point), dtype=bool)
    if "not_reaching" in chunk:
        stopped = (chunk["not_reaching"].to_numpy(dtype=bool)[pairs.point]
                   & (target[pairs.point] == pairs.zone))
    ins, pos = pairs.inside & ~stopped, ~pairs.inside & ~stopped
    pi, zi = pairs.point[ins], pairs.zone[ins]
    out["incidents_in"] += np.bincount(zi, minlength=m)
    out["possibly_in"] += np.bincount(pairs.zone[pos], minlength=m)
    fired = chunk["n_fired"].to_numpy()
    landed = chunk["n_landed"].to_numpy()
    for name, values in (("munitions_fired", np.where(np.isnan(fired), landed, fired)),
                         ("munitions_landed", landed), ("killed", chunk["killed"].to_numpy()),
                         ("injured", chunk["injured"].to_numpy())):
        out[name] += np.bincount(zi, weights=np.nan_to_num(values[pi]),
                                 minlength=m).round().astype(np.int64)
    # aimed at: the target is the zone's place, and the point is not (counted) in that zone
    ai = np.flatnonzero(~np.isnan(target))
    aj = target[ai].astype(np.int64)
    if len(ai):
        in_key = set((pi * m + zi).tolist()) if len(pi) else set()
        keep = np.array([k not in in_key for k in (ai * m + aj).tolist()], dtype=bool)
        ai, aj = ai[keep], aj[keep]
        out["aimed_at"] += np.bincount(aj, minlength=m)
    dates = chunk["date"].to_numpy(dtype=readcells.DATE_DTYPE).view(np.int64)
    for p, z in ((pairs.point[~stopped], pairs.zone[~stopped]), (ai, aj)):
        ok = dates[p] != _NAT
        np.minimum.at(out["first"], z[ok], dates[p][ok])
        np.maximum.at(out["last"], z[ok], dates[p][ok])
    return out


def empty_partials(m: int) -> dict[str, np.ndarray]:
    """Partial totals of no incident for ``m`` zones (the identity of `PARTIAL_COMBINE`)."""
    out = {k: np.zeros(m, np.int64) for k in PARTIAL_COMBINE}
    out["first"][:] = np.iinfo(np.int64).max
    out["last"][:] = _NAT
    return out


def _place_zones(index: spatial.ZoneIndex) -> dict[str, int]:
    """Zone position by the zone's place id (the zones an incident can be aimed at)."""
    if "place_id" not in index.zones:
        return {}
    return {str(p): j for j, p in enumerate(index.zones["place_id"]) if pd.notna(p)}


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
              chunksize: int, background: bool, ids: IdRegistry | None = None,
              progress: Callable[[int], None] | None = None) -> int:
    """Read one file into ``totals`` chunk by chunk (`geoincidents.io.iter_placed`, the
    read path of every command); the number of rows placed."""
    placed_rows = 0
    for placed in io.iter_placed(path, gazetteer=gazetteer, country=country,
                                 chunksize=chunksize, ids=ids, progress=progress):
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
    total = 0
    for p in paths:
        if p.suffix.lower() in PARQUET_SUFFIXES:
            total += vector.parquet_rows(p)
        else:
            total += p.stat().st_size
    unit = "rows" if all(p.suffix.lower() in PARQUET_SUFFIXES for p in paths) else "B"
    return total, unit
