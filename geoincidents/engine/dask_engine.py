"""The zone report on a dask.distributed cluster: one task per file or Parquet row-group part.

Each task runs the local chunked code (`scale.fold_file`) on its part and returns the
per-zone totals and the part's rejects; the client merges them. Row numbers in rejects
are rows of the file, whatever the partitioning.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import geopandas as gpd

from geoincidents import scale
from geoincidents.gazetteer import Gazetteer


def _part_totals(path: str, zones: gpd.GeoDataFrame, row_groups: list[int] | None, start: int,
                 chunksize: int, gazetteer: Gazetteer | None, country, background: bool):
    totals = scale.ZoneTotals(zones)
    sink = _Collect()
    placed = scale.fold_file(totals, path, sink, gazetteer=gazetteer, country=country,
                             chunksize=chunksize, background=background,
                             row_groups=row_groups, start=start)
    return totals.state(), sink.rejects, sink.warnings, placed


class _Collect:
    """A part's rejects and warnings, sent back whole (a part's are few)."""

    def __init__(self) -> None:
        self.rejects: list = []
        self.warnings: list = []

    def add(self, rejects, warnings=()) -> None:
        self.rejects += rejects
        self.warnings += warnings


def parts(paths: Sequence[Path], *, chunksize: int) -> list[tuple[str, list[int] | None, int]]:
    """Work units: every CSV whole, every Parquet file in row-group parts of ~chunksize rows."""
    out = []
    for path in paths:
        if path.suffix.lower() in scale.PARQUET_SUFFIXES:
            out += [(str(path), groups, start)
                    for groups, start in scale.parquet_parts(path, rows_per_part=chunksize)]
        else:
            out.append((str(path), None, 1))
    return out


def zone_report(inputs: Sequence[str | os.PathLike[str]], zones: gpd.GeoDataFrame, *,
                scheduler: str | None = None, chunksize: int = scale.DEFAULT_CHUNKSIZE,
                gazetteer: Gazetteer | None = None, country: str | Iterable[str] | None = None,
                background: bool = True, problems: scale.ProblemSink | None = None,
                progress: Callable[[int], None] | None = None,
                cluster_options: dict | None = None) -> scale.StreamResult:
    """See `geoincidents.engine.zone_report` (engine ``"dask"``)."""
    from distributed import Client, LocalCluster, as_completed

    problems = problems if problems is not None else scale.ProblemSink(None)
    units = parts(scale.expand_inputs(inputs), chunksize=chunksize)
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(**({"processes": True, "dashboard_address": None}
                                  | (cluster_options or {})))
    client = Client(scheduler if scheduler is not None else cluster)
    try:
        zones_f = client.scatter(zones, broadcast=True)
        futures = [client.submit(_part_totals, path, zones_f, groups, start, chunksize,
                                 gazetteer, country, background, pure=False)
                   for path, groups, start in units]
        results = {}
        for fut in as_completed(futures):
            results[fut.key] = fut.result()
            if progress is not None:
                progress(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    totals = scale.ZoneTotals(zones)
    placed = 0
    # merge in input order so the rejects file lists rows as the local engine does
    for fut in futures:
        state, rejects, warnings, n_placed = results[fut.key]
        totals.load_state(state)
        placed += n_placed
        problems.add(rejects, warnings)
    return scale.StreamResult(totals.frame(), placed, problems.rejects, problems.warnings,
                              problems.first)
