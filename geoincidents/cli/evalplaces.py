"""``geoincidents eval-places``: the geoparser's measures on annotated corpora."""

from __future__ import annotations

import json

import click

from geoincidents.cli import options as opt


@click.command(name="eval-places")
@click.argument("corpora", nargs=-1, required=True, metavar="CORPUS.jsonl...",
                type=click.Path(exists=True, dir_okay=False))
@click.option("--given-spans", is_flag=True,
              help="Resolve the gold spans (in their article's context) instead of "
                   "finding the names first.")
@click.option("--both", is_flag=True, help="Report end to end and given spans.")
@click.option("--split", "which", default="all", show_default=True,
              type=click.Choice(["all", "dev", "test"]),
              help="Articles at even (dev) or odd (test) positions in the file, or all.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Only the first N articles (of the split) of each corpus.")
@click.option("-f", "--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "json", "markdown"]), help="Output format.")
@opt.output_opt
@opt.overwrite_opt
@opt.library_errors
def eval_places(corpora, given_spans, both, which, limit, fmt, output, overwrite):
    """Detection recall and precision, acc@161 km, mean and median error (km) and AUC of
    the geoparser on corpora of JSON lines ({"text", "toponyms": [{"start", "end", "lat",
    "lon"}]}), one row per corpus and mode.

    End to end, a gold toponym missed counts wrong in acc@161; errors and AUC are over
    the toponyms that got a point.

    \b
    Example:
      geoincidents eval-places ../shared/geoparse/LGL.jsonl --given-spans
      geoincidents eval-places ../shared/geoparse/*.jsonl --both --split test -f json
    """
    opt.check_outputs(output=output, overwrite=overwrite, inputs=(corpora,))
    from geoincidents.geoparse.evaluate import evaluate, read_corpus, split

    modes = (False, True) if both else (given_spans,)
    rows = []
    for path in corpora:
        docs = split(read_corpus(path), which)[:limit]
        for mode in modes:
            rows.append(dict(evaluate(docs, given_spans=mode).as_dict(), split=which))
    if fmt == "json":
        out = json.dumps(rows, indent=1) + "\n"
    else:
        import pandas as pd

        from geoincidents.cells import format_frame

        out = format_frame(pd.DataFrame(rows), fmt, digits=3)
    opt.emit(out, output, overwrite)
