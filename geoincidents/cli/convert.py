"""``geoincidents convert``: from one incident format to another, through the schema."""

from __future__ import annotations

import sys

import click

from geoincidents.cli import options as opt

READ_CHOICES = ("csv", "acled", "ucdp", "gdelt", "geojson", "geojsonseq")
WRITE_CHOICES = ("geojson", "geojsonseq", "csv", "gpkg", "parquet", "fgb", "acled")


@click.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...",
                type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="File to write; its suffix gives the format. Default: stdout.")
@click.option("--format", "fmt", type=click.Choice(READ_CHOICES), default=None,
              help="Format of the input(s) instead of what the suffix or the content says.")
@click.option("--to", "to", type=click.Choice(WRITE_CHOICES), default=None,
              help="Output format instead of the suffix's (stdout: geojsonseq by default).")
@click.option("--rs/--no-rs", default=False, show_default=True,
              help="Start each GeoJSON text of a sequence with RS (0x1E), RFC 8142 and "
                   "fio's --rs.")
@opt.gazetteer_opt
@opt.country_opt
@opt.rejects_opt
@opt.overwrite_opt
@opt.library_errors
def convert(inputs, output, fmt, to, rs, gazetteers, country, rejects_path, overwrite):
    """Read incidents in any known format and write them in another.

    Reads CSV (plain, ACLED pre-2023 and 2023, UCDP GED), GDELT 1.0/2.0 event files,
    GeoJSON, GeoJSON sequences, GeoPackage, FlatGeobuf and GeoParquet; writes GeoJSON,
    GeoJSON sequences, CSV, GeoPackage (.gpkg), GeoParquet (.parquet), FlatGeobuf
    (.fgb) and ACLED-shaped CSV (--to acled). With no INPUT (or '-') reads stdin; with no
    -o writes to stdout. Rows that cannot be used are listed on stderr (exit 3) and
    written with --rejects.

    \b
    Example:
      geoincidents convert acled_export.csv -o maps/acled.gpkg
      geoincidents convert events.CSV --format gdelt -o maps/gdelt.parquet
      geoincidents convert incidents.csv --to geojsonseq --rs | geoincidents report zones
      geoincidents convert maps/acled.gpkg --to acled -o maps/back.csv
    """
    if not inputs and opt.stdin_bytes().isatty():
        raise click.UsageError("no INPUT named and nothing piped in; name a file or pipe "
                               "data in")
    from geoincidents.formats import writers
    from geoincidents.pipeline import load_incidents

    target = writers.format_for(output, to)
    if output in (None, "-") and target not in writers.TEXT_FORMATS:
        raise click.UsageError(f"--to {target} cannot go to stdout; name a file with -o")
    opt.check_outputs(output=output, rejects_path=rejects_path, overwrite=overwrite,
                      inputs=(inputs, gazetteers))
    loaded = _load(inputs, fmt, gazetteers, country, load_incidents)
    path = writers.write(loaded.incidents, output, to=to, rs=rs, overwrite=overwrite,
                         stream=sys.stdout)
    if path is not None:
        opt.log.info("wrote %d incident(s) to %s", len(loaded.incidents), path)
    raise SystemExit(opt.report_problems(loaded.rejects, loaded.warnings,
                                         len(loaded.incidents), rejects_path, overwrite))


def _load(inputs, fmt, gazetteers, country, load_incidents):
    return load_incidents(list(inputs) or ["-"], gazetteer=opt.load_gazetteer(gazetteers),
                          country=country or None, fmt=fmt)
