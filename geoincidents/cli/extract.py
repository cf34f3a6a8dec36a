"""``geoincidents extract``: incidents from news articles (GeoJSON, CSV or a table)."""

from __future__ import annotations

import click

from geoincidents.cli import options as opt


@click.command()
@click.argument("articles", nargs=-1, metavar="[ARTICLE]...",
                type=click.Path(dir_okay=True, allow_dash=True))
@opt.published_opt
@click.option("-f", "--format", "fmt", default="geojson", show_default=True,
              type=click.Choice(["geojson", "csv", "table"]), help="Output format.")
@opt.output_opt
@opt.gazetteer_opt
@opt.country_opt
@opt.rejects_opt
@opt.overwrite_opt
@opt.workers_opt
@opt.library_errors
def extract(articles, published, fmt, output, gazetteers, country, rejects_path, overwrite,
            workers):
    """Extract incidents from articles (.txt, .md, .html, a folder, or '-' for stdin).

    One incident per event, with its date, place and uncertainty, launch site, target,
    munitions, casualties, actors and the sentences it came from; past events recalled
    as context are flagged background. Writes GeoJSON to stdout unless told otherwise.

    \b
    Example:
      geoincidents extract article.txt --published 2020-12-21
      geoincidents extract articles/ -f csv -o incidents.csv
      geoincidents extract articles/ -j 1      # one process (default: one per CPU)
      cat article.txt | geoincidents extract -f table
    """
    opt.check_outputs(output=output, rejects_path=rejects_path, overwrite=overwrite,
                      inputs=(articles, gazetteers))
    from geoincidents import cells, io
    from geoincidents.extract import read_articles

    gazetteer = opt.load_gazetteer(gazetteers)
    frames, rejects, warnings = [], [], []
    from geoincidents.extract import ARTICLE_SUFFIXES

    with opt.progress(articles, "extract", suffixes=ARTICLE_SUFFIXES):
        for path in articles or ("-",):
            result = read_articles(None if path == "-" else path, gazetteer=gazetteer,
                                   country=country or None, published=published,
                                   workers=opt.workers_count(workers))
            frames.append(result.incidents)
            rejects += result.rejects
            warnings += result.warnings
    import pandas as pd

    from geoincidents import model

    incidents = model.conform(pd.concat(frames, ignore_index=True)) if len(frames) > 1 \
        else frames[0]
    if fmt == "geojson":
        out = incidents.copy()
        out["date"] = out["date"].dt.strftime("%Y-%m-%d")
        text = out.to_json(na="drop", drop_id=True, to_wgs84=True) + "\n"
    elif fmt == "csv":
        text = cells.to_csv(io.to_csv_frame(incidents), index=False)
    else:
        cols = ["incident_id", "event_type", "date", "date_text", "place_name",
                "uncertainty_m", "launch_place", "target", "n_fired", "n_landed", "killed",
                "injured", "actors", "background"]
        frame = io.to_csv_frame(incidents)[cols]
        text = cells.format_frame(frame, "table")
    opt.emit(text, output, overwrite)
    raise SystemExit(opt.report_problems(rejects, warnings, len(incidents), rejects_path,
                                         overwrite))
