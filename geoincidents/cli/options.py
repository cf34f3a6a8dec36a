"""Options shared by several commands, defined once; and the helpers behind them."""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import os
import sys
from typing import TYPE_CHECKING

import click

from geoincidents import settings
from geoincidents.errors import GeoIncidentsError, OutputConflict

if TYPE_CHECKING:  # the schema imports pandas and geopandas: not for --help
    from geoincidents.model import Reject

log = logging.getLogger("geoincidents")

#: Exit status when some input rows could not be placed but the rest was processed.
EXIT_PARTIAL = 3

inputs_arg = click.argument("inputs", nargs=-1, metavar="[INPUT]...",
                            type=click.Path(dir_okay=True, allow_dash=True))
gazetteer_opt = click.option("--gazetteer", "gazetteers", multiple=True,
                             type=click.Path(exists=True, dir_okay=False),
                             help="Extra gazetteer file (CSV or GeoJSON, same columns as "
                                  "geodata/places.csv); repeatable.")
zones_opt = click.option("--zones", "zones_files", multiple=True,
                         type=click.Path(exists=True, dir_okay=False),
                         help="Extra zones file (GeoJSON or GeoPackage); repeatable.")
no_bundled_zones_opt = click.option("--no-bundled-zones", is_flag=True,
                                    help="Use only the zones given with --zones.")
country_opt = click.option("--country", multiple=True, metavar="ISO2",
                           help="Country the data is about, to choose among namesakes.")
format_opt = click.option("-f", "--format", "fmt", default="table", show_default=True,
                          type=click.Choice(["table", "csv", "json", "markdown"]),
                          help="Output format.")
output_opt = click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
                          default=None, help="Write here instead of stdout.")
overwrite_opt = click.option("--overwrite", is_flag=True,
                             help="Replace output files that exist.")
rejects_opt = click.option("--rejects", "rejects_path",
                           type=click.Path(dir_okay=False, allow_dash=True), default=None,
                           help="Write the rows that could not be placed (and warnings) "
                                "to this CSV ('-' for stdout).")
published_opt = click.option("--published", metavar="DATE", default=None,
                             help="Publication date of the articles (YYYY-MM-DD), to resolve "
                                  "'on Sunday', 'yesterday'; else read from each file's header.")
workers_opt = click.option("-j", "--workers", type=click.IntRange(min=0), default=0,
                           help="Processes reading a folder's articles at once "
                                "(default 0: one per CPU this process may use).")


def workers_count(workers: int) -> int:
    """The ``--workers`` to use: 0 means one per usable CPU."""
    if workers:
        return workers
    from geoincidents.workers import usable_cpus

    return usable_cpus()


def library_errors(func):
    """Turn library errors into clean click errors (exit 1, no traceback)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except OutputConflict as exc:  # the command line contradicts itself
            raise click.UsageError(str(exc)) from exc
        except GeoIncidentsError as exc:
            raise click.ClickException(str(exc)) from exc
        except (OSError, ValueError) as exc:  # files we cannot read or write, bad values
            if log.isEnabledFor(logging.DEBUG):
                raise
            raise click.ClickException(str(exc)) from exc

    return wrapper


def load_gazetteer(gazetteers):
    from geoincidents.gazetteer import Gazetteer

    return Gazetteer.load(gazetteers)


def load_zones(zones_files, no_bundled_zones):
    from geoincidents.zones import load_zones as _load

    return _load(zones_files, bundled=not no_bundled_zones, user=not no_bundled_zones)


def stdin_bytes():
    """Standard input as bytes (what click's runner puts there in tests, too); click 8.5
    deprecates ``click.get_binary_stream``."""
    return getattr(sys.stdin, "buffer", sys.stdin)


def default_inputs(inputs) -> list:
    """The inputs named; with none, stdin when something is piped in, else the sample.

    As with ``fio``, data piped in is read when no INPUT is named: stdin that is not a
    terminal and not empty. An empty stdin (``< /dev/null``, a test runner) or a terminal
    falls back to the bundled sample articles.
    """
    if inputs:
        return list(inputs)
    stdin = stdin_bytes()
    if not stdin.isatty():
        data = stdin.read()
        if data.strip():
            log.info("no input named: reading stdin")
            buffer = io.BytesIO(data)
            buffer.name = "<stdin>"
            return [buffer]
    sample = settings.sample_articles_path()
    log.info("no input named and nothing piped in: using the bundled sample %s", sample)
    return [str(sample)]


def report_problems(rejects: list[Reject], warnings: list[Reject], total_placed: int,
                    rejects_path: str | None, overwrite: bool) -> int:
    """Log rejects and warnings to stderr, write them if asked; return the exit status.

    With ``-q`` only the count of rows not placed is said, not each row."""
    if log.isEnabledFor(logging.WARNING):
        for w in warnings:
            log.warning("%s", w)
        for r in rejects:
            log.error("not placed: %s", r)
    if rejects_path:
        from geoincidents.formats.writers import write_rejects

        write_rejects(rejects + warnings, rejects_path, overwrite=overwrite)
        log.info("wrote %d problem row(s) to %s", len(rejects) + len(warnings), rejects_path)
    if rejects:
        log.error("%d row(s) could not be placed, %d placed%s", len(rejects), total_placed,
                  "" if rejects_path else " (--rejects FILE writes them out)")
        return EXIT_PARTIAL
    return 0


def check_outputs(*, overwrite: bool, inputs=(), make_folders=(), folders="articles",
                  files=None, **outputs) -> None:
    """Refuse bad outputs before any input is read (see `geoincidents.outputs`).

    Outputs are given by option, ``output`` standing for ``-o`` and ``rejects_path`` for
    ``--rejects``; ``files`` maps more outputs by name. ``inputs`` are groups of files
    the command reads (INPUTs, --zones, --gazetteer ...); ``folders`` says what is read
    from an input folder ("articles", or "tables" when streaming). ``-o`` defaults to
    stdout, so ``--rejects -`` clashes with it.
    """
    from geoincidents.outputs import check_outputs as check

    names = {"output": "-o", "rejects_path": "--rejects"}
    named = {names.get(k, "--" + k.replace("_", "-")): v for k, v in outputs.items()}
    if "-o" in named and named["-o"] is None:
        named["-o"] = "-"
    named.update(files or {})
    flat = [i for group in inputs if group is not None
            for i in ([group] if isinstance(group, str) else group)]
    suffixes: tuple[str, ...] = ()
    if any(isinstance(i, str) and os.path.isdir(i) for i in flat):
        if folders == "tables":
            from geoincidents.formats import TABLE_SUFFIXES
            from geoincidents.scale import PARQUET_SUFFIXES

            suffixes = (*TABLE_SUFFIXES, *PARQUET_SUFFIXES)
        else:
            from geoincidents.extract import ARTICLE_SUFFIXES as suffixes
    check(named, overwrite=overwrite, inputs=flat, folder_suffixes=suffixes,
          make_folders=[names.get(k, k if files and k in files else "--" + k.replace("_", "-"))
                        for k in make_folders])


def emit(text: str, output: str | None, overwrite: bool) -> None:
    """Write text to a file whole or not at all (refusing to overwrite unless asked), or
    to stdout."""
    if output in (None, "-"):
        click.echo(text, nl=False)
        return
    from geoincidents.outputs import write_text

    path = write_text(output, text, overwrite=overwrite)
    log.info("wrote %s", path)


class _ClickHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        level = record.levelname.lower()
        click.echo(f"geoincidents: {level}: {record.getMessage()}", err=True)


def setup_logging(verbose: int, quiet: int) -> None:
    level = logging.WARNING - 10 * verbose + 10 * quiet
    root = logging.getLogger("geoincidents")
    root.handlers[:] = [_ClickHandler()]
    root.setLevel(max(logging.DEBUG, min(level, logging.CRITICAL)))
    root.propagate = False


#: the garbage collector's thresholds while a command runs (Python's default: 700, 10, 10)
GC_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def fewer_collections():
    """Fewer garbage collections while a command runs, none at the process's exit.

    Loading spaCy, pandas and the pipeline makes millions of objects, and with Python's
    thresholds the collector walks all of them again and again: 0.3-0.4 CPU-s of a
    one-article ``extract`` (measured with ``gc.callbacks``), and as much again at exit,
    when the interpreter collects before tearing down. Young objects are still collected
    (a parsed sentence and its matches form cycles), every 50,000 allocations instead of
    700. At exit everything is frozen first (``gc.freeze``: a process ending need not
    look for cycles). The thresholds are restored when the command ends (a test runner
    calls commands in its own process)."""
    import atexit
    import gc

    old = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    atexit.unregister(gc.freeze)  # once, however many commands this process runs
    atexit.register(gc.freeze)
    try:
        yield
    finally:
        gc.set_threshold(*old)


@contextlib.contextmanager
def progress(inputs, desc: str, *, suffixes: tuple[str, ...] | None = None):
    """A progress bar on stderr over the bytes of ``inputs`` while the block runs (the
    readers advance it, `geoincidents.progress`); none when stderr is not a terminal,
    with ``-q``, or when there is nothing to measure (stdin)."""
    from geoincidents import progress as tracker

    total = tracker.input_bytes(inputs or (), suffixes)
    if not sys.stderr.isatty() or log.getEffectiveLevel() > logging.WARNING or not total:
        yield
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, leave=False,
              desc=desc) as bar, tracker.track(bar.update):
        yield


def _verbosity(ctx: click.Context, param: click.Parameter, value: int) -> None:
    """``-v``/``-q`` given after the subcommand: added to those given before it."""
    if not value:
        return
    root = ctx.find_root()
    counts = root.meta.setdefault("geoincidents.verbosity", {
        "verbose": root.params.get("verbose", 0), "quiet": root.params.get("quiet", 0)})
    counts[param.name] += value
    setup_logging(counts["verbose"], counts["quiet"])


def verbosity_options(command: click.Command) -> None:
    """Give a command (and each command of a group) its own ``-v``/``-q``, so that they
    work after the subcommand too (``geoincidents convert -q ...``)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            verbosity_options(sub)
        return
    names = {n for p in command.params for n in getattr(p, "opts", ())}
    if "-v" in names or "-q" in names:
        return
    command.params += [
        click.Option(["-v", "--verbose"], count=True, expose_value=False, callback=_verbosity,
                     help="More log output on stderr (repeatable)."),
        click.Option(["-q", "--quiet"], count=True, expose_value=False, callback=_verbosity,
                     help="Less log output on stderr: counts, not rows (repeatable).")]
