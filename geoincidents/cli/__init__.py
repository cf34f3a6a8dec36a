"""The ``geoincidents`` command line: one click group, one module per command."""

from __future__ import annotations

import os

# One BLAS thread per process, set before numpy is first imported (OpenBLAS reads it when
# it loads): the NLP models' matrix products run on numpy's OpenBLAS (`nlp.pipeline`),
# whose threads spin on these small products and cost more CPU than they save; a folder
# is read in parallel by worker processes instead (``extract -j``). The pipeline limits
# BLAS to one thread around each call anyway (for programs using the API); OpenBLAS
# started on one thread still costs ~10 % less CPU than one limited afterwards. A value
# the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import click

from geoincidents import __version__
from geoincidents.cli import (convert, demo, eval as eval_cmd, evalplaces, extract, gazetteer,
                               map as map_cmd, places, report, zones)
from geoincidents.cli.options import fewer_collections, setup_logging, verbosity_options


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output on stderr (repeatable).")
@click.option("-q", "--quiet", count=True,
              help="Less log output on stderr: counts, not rows (repeatable).")
@click.version_option(__version__, prog_name="geoincidents")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: int) -> None:
    """Geocode attack reports and incident tables, join them with protected zones, map them.

    Data goes to stdout, logs to stderr. Exit status: 0 everything placed, 3 some input
    rows could not be placed (listed on stderr, written with --rejects), 1 an error,
    2 a usage error.

    \b
    Example:
      geoincidents demo --overwrite
    """
    from geoincidents.outputs import sigterm_as_interrupt

    setup_logging(verbose, quiet)
    ctx.with_resource(fewer_collections())
    # SIGTERM becomes an interruption like Ctrl-C: outputs being made are dropped, old
    # files stay as they were, exit status 1
    ctx.with_resource(sigterm_as_interrupt())


main.add_command(demo.demo)
main.add_command(map_cmd.map_)
main.add_command(report.report)
main.add_command(convert.convert)
main.add_command(gazetteer.gazetteer)
main.add_command(zones.zones)
main.add_command(extract.extract)
main.add_command(places.places)
main.add_command(eval_cmd.eval_)
main.add_command(evalplaces.eval_places)

# -v and -q after the subcommand too (geoincidents convert -q ...)
for _command in main.commands.values():
    verbosity_options(_command)
