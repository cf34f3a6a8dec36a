"""The streaming side of ``geoincidents report zones`` (``--engine``, ``--chunksize``)."""

from __future__ import annotations

import logging
import sys

from geoincidents.cli import options as opt

log = logging.getLogger("geoincidents")


def progress_bar(total: int, unit: str):
    """A tqdm bar on stderr, or None when stderr is not a terminal or with ``-q``."""
    if not sys.stderr.isatty() or log.getEffectiveLevel() > logging.WARNING:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, unit_scale=True, file=sys.stderr, leave=False,
                desc="zone report")


def stream_zones(inputs, zone_frame, *, gazetteers, country, background, engine, scheduler,
                 chunksize, fmt, output, rejects_path, overwrite) -> int:
    """Run the chunked zone report, print it, log the problems; the exit status."""
    from geoincidents import cells, engine as engines, scale

    paths = scale.expand_inputs(inputs)
    if engine == "dask":
        from geoincidents.engine.dask_engine import pieces

        total, unit = len(pieces(paths, chunksize=chunksize or scale.DEFAULT_CHUNKSIZE)), \
            "partition"
    else:
        total, unit = scale.input_size(paths)
    bar = progress_bar(total, unit)
    gazetteer = opt.load_gazetteer(gazetteers) if gazetteers else None
    with scale.ProblemSink(rejects_path, overwrite=overwrite) as problems:
        try:
            result = engines.zone_report(paths, zone_frame, engine=engine, scheduler=scheduler,
                                         chunksize=chunksize or scale.DEFAULT_CHUNKSIZE,
                                         gazetteer=gazetteer, country=country,
                                         background=background, problems=problems,
                                         progress=bar.update if bar is not None else None)
        finally:
            if bar is not None:
                bar.close()
        opt.emit(cells.format_frame(result.report, fmt), output, overwrite)
    rejected = result.first_rejected or [False] * len(result.first_problems)
    for problem, is_reject in zip(result.first_problems, rejected):
        if is_reject:
            log.error("not placed: %s", problem)
        else:
            log.warning("%s", problem)
    shown = len(result.first_problems)
    if result.rejects + result.warnings > shown:
        log.warning("... and %d more problem row(s)", result.rejects + result.warnings - shown)
    if rejects_path:
        log.info("wrote %d problem row(s) to %s", result.rejects + result.warnings, rejects_path)
    if result.rejects:
        log.error("%d row(s) could not be placed, %d placed%s", result.rejects, result.placed,
                  "" if rejects_path else " (--rejects FILE writes them out)")
        return opt.EXIT_PARTIAL
    return 0
