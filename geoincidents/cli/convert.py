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
              help="File to write; its suffix gives the output format. Default: stdout.")
@click.option("--from", "fmt", type=click.Choice(READ_CHOICES), default=None,
              help="Format of the INPUT(s), instead of what the suffix or the content says.")
@click.option("--format", "old_fmt", type=click.Choice(READ_CHOICES), default=None,
              hidden=True, help="Old name of --from.")
@click.option("--to", "to", type=click.Choice(WRITE_CHOICES), default=None,
              help="Format of the OUTPUT, instead of the suffix's (stdout: geojsonseq by "
                   "default).")
@click.option("--encoding", default=None, metavar="NAME",
              help="Encoding of text INPUTs that are not UTF-8, e.g. cp1252 (Excel on "
                   "Windows) or latin-1.")
@click.option("--rs/--no-rs", default=False, show_default=True,
              help="Start each GeoJSON text of a sequence with RS (0x1E), RFC 8142 and "
                   "fio's --rs.")
@opt.gazetteer_opt
@opt.country_opt
@opt.rejects_opt
@opt.overwrite_opt
@opt.library_errors
def convert(inputs, output, fmt, old_fmt, to, encoding, rs, gazetteers, country, rejects_path,
            overwrite):
    """Read incidents in any known format and write them in another.

    Reads CSV (plain, ACLED pre-2023 and 2023, UCDP GED; comma, semicolon or tab
    separated; .gz and .zip too), Excel workbooks (.xlsx), the ACLED API's JSON, GDELT
    1.0/2.0 event files, GeoJSON, GeoJSON sequences, GeoPackage, FlatGeobuf and
    GeoParquet; writes GeoJSON, GeoJSON sequences, CSV, GeoPackage (.gpkg), GeoParquet
    (.parquet), FlatGeobuf (.fgb) and ACLED-shaped CSV (--to acled). A dataset's own
    columns (ACLED's admin1, sub_event_type ...) travel along. With no INPUT (or '-')
    reads stdin; with no -o writes to stdout. Rows that cannot be used are listed on
    stderr (exit 3) and written with --rejects; when nothing is left, no file is written.

    \b
    Example:
      geoincidents convert acled_export.csv -o maps/acled.gpkg
      geoincidents convert 20130401.export.CSV.zip -o maps/gdelt.parquet
      geoincidents convert events.txt --from gdelt --to csv -o maps/gdelt.csv
      geoincidents convert incidents.csv --to geojsonseq --rs | geoincidents report zones
      geoincidents convert maps/acled.gpkg --to acled -o maps/back.csv
    """
    if old_fmt is not None:
        if fmt is not None and fmt != old_fmt:
            raise click.UsageError("--format (the old name of --from) and --from disagree; "
                                   "give --from only")
        opt.log.warning("--format is now called --from (the input's format); --to names "
                        "the output's")
        fmt = fmt or old_fmt
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
    gazetteer = opt.load_gazetteer(gazetteers)
    with opt.progress(inputs, "convert"):
        loaded = load_incidents(list(inputs) or ["-"], gazetteer=gazetteer,
                                country=country or None, fmt=fmt, encoding=encoding)
    if len(loaded.incidents) == 0 and output not in (None, "-"):
        opt.log.warning("no incident to write: %s not written", output)
    else:
        path = writers.write(loaded.incidents, output, to=to, rs=rs, overwrite=overwrite,
                             stream=sys.stdout)
        if path is not None:
            opt.log.info("wrote %d incident(s) to %s", len(loaded.incidents), path)
    raise SystemExit(opt.report_problems(loaded.rejects, loaded.warnings,
                                         len(loaded.incidents), rejects_path, overwrite))
