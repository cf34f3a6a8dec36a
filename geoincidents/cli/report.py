"""``geoincidents report zones|distance``: the zone and distance reports."""

from __future__ import annotations

import click

from geoincidents.cli import options as opt


@click.group()
def report():
    """Zone and distance reports as a table, CSV, JSON or Markdown.

    \b
    Example:
      geoincidents report zones -f markdown
      geoincidents report distance --from "Camp Taji" --to "Green Zone"
    """


@report.command()
@opt.inputs_arg
@opt.gazetteer_opt
@opt.zones_opt
@opt.no_bundled_zones_opt
@opt.country_opt
@opt.published_opt
@click.option("--no-background", is_flag=True, help="Leave out background (context) events.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
              help="Stream big inputs chunk by chunk (local) or on a dask.distributed "
                   "cluster (dask). Default: local streaming for Parquet, --chunksize and "
                   "table files of 64 MB or more, else read everything at once.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="dask.distributed scheduler to use with --engine dask (e.g. "
                   "tcp://10.0.0.5:8786); a local cluster otherwise.")
@click.option("--chunksize", type=click.IntRange(min=1), default=None, metavar="N",
              help="Rows per chunk when streaming (memory grows with it, results do not).")
@opt.format_opt
@opt.output_opt
@opt.rejects_opt
@opt.overwrite_opt
@opt.library_errors
def zones(inputs, gazetteers, zones_files, no_bundled_zones, country, published, no_background,
          engine, scheduler, chunksize, fmt, output, rejects_path, overwrite):
    """Per zone: incidents in it, possibly in it, aimed at it; munitions, casualties, dates.

    "Possibly in" counts incidents outside a zone whose uncertainty radius reaches it;
    "aimed at" counts incidents whose target is the zone but that are not in it.

    \b
    Example:
      geoincidents report zones
      geoincidents report zones incidents.csv -f csv -o maps/zones.csv
    """
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    if not inputs and (engine is not None or chunksize is not None):
        raise click.UsageError("--engine and --chunksize need INPUT files or folders")
    streaming = _streaming(inputs, engine, chunksize)
    opt.check_outputs(output=output, rejects_path=rejects_path, overwrite=overwrite,
                      inputs=(inputs, gazetteers, zones_files),
                      folders="tables" if streaming else "articles")
    zone_frame = opt.load_zones(zones_files, no_bundled_zones)
    if streaming:
        from geoincidents.cli import scale as scale_cli

        raise SystemExit(scale_cli.stream_zones(
            inputs, zone_frame, gazetteers=gazetteers, country=country or None,
            background=not no_background, engine=engine or "local", scheduler=scheduler,
            chunksize=chunksize, fmt=fmt, output=output, rejects_path=rejects_path,
            overwrite=overwrite))
    from geoincidents import cells, report as rep, spatial
    from geoincidents.pipeline import load_incidents

    gazetteer = opt.load_gazetteer(gazetteers)
    with opt.progress(inputs, "zone report"):
        loaded = load_incidents(opt.default_inputs(inputs), gazetteer=gazetteer,
                                country=country or None, published=published)
    joined = spatial.join_zones(loaded.incidents, zone_frame, nearest=False)
    frame = rep.zone_report(loaded.incidents, zone_frame, joined, background=not no_background)
    opt.emit(cells.format_frame(frame, fmt), output, overwrite)
    raise SystemExit(opt.report_problems(loaded.rejects, loaded.warnings, len(loaded.incidents),
                                         rejects_path, overwrite))


def _streaming(inputs, engine, chunksize) -> bool:
    from pathlib import Path

    from geoincidents import settings
    from geoincidents.extract import ARTICLE_SUFFIXES
    from geoincidents.scale import PARQUET_SUFFIXES

    def parquet(path: Path) -> bool:
        if path.is_dir():  # a partitioned dataset; a folder of articles is not streamed
            return any(parquet(child) for child in path.iterdir())
        return path.suffix.lower() in PARQUET_SUFFIXES

    def big_table(path: Path) -> bool:  # read whole, it would take minutes and gigabytes
        return path.is_file() and path.suffix.lower() not in ARTICLE_SUFFIXES and \
            path.stat().st_size >= settings.stream_threshold_bytes

    named = [Path(i) for i in inputs if isinstance(i, str) and i != "-"]
    if engine is None and chunksize is None and any(big_table(p) for p in named):
        opt.log.info("a big table: streamed (as with --chunksize)")
    return engine is not None or chunksize is not None or any(
        parquet(p) or big_table(p) for p in named)


@report.command()
@opt.inputs_arg
@click.option("--from", "from_", metavar="PLACE", help="Distance from this place ...")
@click.option("--to", metavar="PLACE", help="... to this one.")
@click.option("--place", "places", multiple=True, metavar="PLACE",
              help="A place for a distance matrix; repeat for each (two or more).")
@opt.gazetteer_opt
@opt.zones_opt
@opt.no_bundled_zones_opt
@opt.country_opt
@opt.published_opt
@opt.format_opt
@opt.output_opt
@opt.rejects_opt
@opt.overwrite_opt
@opt.library_errors
def distance(inputs, from_, to, places, gazetteers, zones_files, no_bundled_zones, country,
             published, fmt, output, rejects_path, overwrite):
    """Geodesic distances (WGS84) in km.

    With --from and --to: between two places, with the sum of their uncertainty radii as
    the margin (pm_km). With --place repeated: a matrix among those places. Otherwise,
    per incident: launch site to impact, and the nearest zone.

    \b
    Example:
      geoincidents report distance --from "Camp Taji" --to "Green Zone"
      geoincidents report distance --place Baghdad --place Erbil --place Basra
      geoincidents report distance incidents.csv -f csv
    """
    # usage errors first: they need none of the libraries loaded below
    if (from_ is None) != (to is None):
        raise click.UsageError("--from and --to go together")
    if from_ is not None and places:
        raise click.UsageError("use either --from/--to or --place, not both")
    if from_ is not None or places:
        if inputs:
            raise click.UsageError("INPUT is not used with --from/--to or --place")
        if places and len(places) < 2:
            raise click.UsageError("--place needs at least two places")
    opt.check_outputs(output=output, rejects_path=rejects_path, overwrite=overwrite,
                      inputs=(inputs, gazetteers, zones_files))
    from geoincidents import cells, report as rep, spatial
    from geoincidents.pipeline import load_incidents

    gazetteer = opt.load_gazetteer(gazetteers)
    if from_ is not None or places:
        names = [from_, to] if from_ is not None else list(places)
        frame = rep.place_distances(names, gazetteer, matrix=bool(places))
        opt.emit(cells.format_frame(frame, fmt, index=bool(places)), output, overwrite)
        return
    zone_frame = opt.load_zones(zones_files, no_bundled_zones)
    with opt.progress(inputs, "distance report"):
        loaded = load_incidents(opt.default_inputs(inputs), gazetteer=gazetteer,
                                country=country or None, published=published)
    joined = spatial.join_zones(loaded.incidents, zone_frame)
    frame = rep.incident_distances(loaded.incidents, joined, zone_frame)
    opt.emit(cells.format_frame(frame, fmt), output, overwrite)
    raise SystemExit(opt.report_problems(loaded.rejects, loaded.warnings, len(loaded.incidents),
                                         rejects_path, overwrite))
