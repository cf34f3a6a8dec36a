"""Engines that run the zone report: ``local`` (chunked, one process) and ``dask``.

Both read and count with the same code (`scale.fold_file`: the fast path of
`geoincidents.plainzones` for plain CSV and GeoParquet points, the general reader
otherwise, and one counting rule, `scale.zone_partials`), so they give the same report and
rejects; ``dask`` folds pieces of the inputs (a file, or a group of Parquet row groups)
on the workers of a dask.distributed cluster and adds their totals up in input order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence

import geopandas as gpd

from geoincidents import scale
from geoincidents.gazetteer import Gazetteer

ENGINES = ("local", "dask")


def zone_report(inputs: Sequence[str | os.PathLike[str]], zones: gpd.GeoDataFrame, *,
                engine: str = "local", scheduler: str | None = None,
                chunksize: int = scale.DEFAULT_CHUNKSIZE, gazetteer: Gazetteer | None = None,
                country: str | Iterable[str] | None = None, background: bool = True,
                problems: scale.ProblemSink | None = None,
                progress: Callable[[int], None] | None = None,
                cluster_options: dict | None = None) -> scale.StreamResult:
    """The zone report of big inputs with the chosen engine.

    Parameters
    ----------
    engine : {"local", "dask"}
    scheduler : str, optional
        Address of a running dask.distributed scheduler (``tcp://host:8786``); with
        ``engine="dask"`` and no address, a local cluster is started for the run.
    cluster_options : dict, optional
        Keyword arguments of `distributed.LocalCluster` (when no scheduler is given).

    See `scale.stream_zone_report` for the other parameters and the result.
    """
    if engine not in ENGINES:
        raise ValueError(f"`engine` was {engine!r} but is expected to be in {ENGINES}")
    if scheduler is not None and engine != "dask":
        raise ValueError(f"`scheduler` was {scheduler!r} but is only used with engine='dask'")
    if engine == "local":
        return scale.stream_zone_report(inputs, zones, gazetteer=gazetteer, country=country,
                                        chunksize=chunksize, background=background,
                                        problems=problems, progress=progress)
    from geoincidents.engine import dask_engine

    return dask_engine.zone_report(inputs, zones, scheduler=scheduler, chunksize=chunksize,
                                   gazetteer=gazetteer, country=country,
                                   background=background, problems=problems,
                                   progress=progress, cluster_options=cluster_options)
