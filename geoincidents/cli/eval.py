"""``geoincidents eval``: score article extraction against a labelled set."""

from __future__ import annotations

import json

import click

from geoincidents.cli import options as opt


@click.command(name="eval")
@click.argument("labels", type=click.Path(dir_okay=False))
@click.option("--seeds", type=click.Path(file_okay=False), default=None,
              help="Folder for labels written as 'seeds:NAME' (default: $GEOINCIDENTS_SEEDS "
                   "or ../shared/seeds).")
@click.option("-f", "--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "json", "markdown"]), help="Output format.")
@click.option("--details", is_flag=True, help="Also list every pair, miss and spurious incident.")
@opt.gazetteer_opt
@opt.output_opt
@opt.overwrite_opt
@opt.library_errors
def eval_(labels, seeds, fmt, details, gazetteers, output, overwrite):
    """Precision and recall of incidents, and accuracy per field (event type, date, place
    within tolerance, role, counts, casualties, actors, launch site).

    \b
    Example:
      geoincidents eval geodata/samples/labels.json
      geoincidents eval geodata/samples/labels.json --details -f markdown
    """
    opt.check_outputs(output=output, overwrite=overwrite, inputs=(labels, gazetteers))
    import pandas as pd

    from geoincidents.cells import format_frame
    from geoincidents.evaluate import evaluate

    scores = evaluate(labels, gazetteer=opt.load_gazetteer(gazetteers), seeds=seeds)
    # at error level, shown under -q: the figures below leave these articles out
    for name in scores.missing:
        opt.log.error("%s: labelled article not found; not scored (--seeds for 'seeds:' "
                      "files)", name)
    summary = scores.summary()
    if fmt == "json":
        out = json.dumps({"summary": summary.to_dict("records"),
                          "details": scores.rows if details else None,
                          "missing": scores.missing}, indent=1, default=str) + "\n"
    else:
        out = format_frame(summary, fmt)
        if details:
            out += "\n" + format_frame(pd.DataFrame(scores.rows), fmt)
    opt.emit(out, output, overwrite)
