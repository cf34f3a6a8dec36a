"""``geoincidents places``: every place mention in articles, with how it was resolved."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from geoincidents.cli import options as opt


@click.command()
@click.argument("articles", nargs=-1, metavar="[ARTICLE]...",
                type=click.Path(dir_okay=True, allow_dash=True))
@click.option("-f", "--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "json"]), help="Output format.")
@opt.output_opt
@opt.gazetteer_opt
@opt.country_opt
@click.option("--all", "show_all", is_flag=True,
              help="Also list names used as context, not as locations (a country named in "
                   "passing, \"ties to Tehran\").")
@opt.overwrite_opt
@opt.library_errors
def places(articles, fmt, output, gazetteers, country, show_all, overwrite):
    """List the place mentions of articles: offsets, role, resolved place, coordinates,
    precision, uncertainty, the candidates that were considered with their scores, and
    why the winner won (-f csv or json).

    Works on any English news text; names the curated gazetteer does not know are looked
    up among the world's cities where the words around them mark them as places.

    \b
    Example:
      geoincidents places article.txt
      geoincidents places article.txt -f json | jq '.[].place_name'
    """
    opt.check_outputs(output=output, overwrite=overwrite, inputs=(articles, gazetteers))
    import pandas as pd

    from geoincidents import cells, nlp
    from geoincidents.extract import article_files, find_places, prepare, text as text_mod
    from geoincidents.extract.place_resolve import mention_record

    # the NER alone is loaded: no tagger, parser or lemmatizer
    click.get_current_context().with_resource(nlp.entities_only())

    gazetteer = opt.load_gazetteer(gazetteers)
    records = []
    status = 0
    sources = []
    for path in articles or ("-",):
        sources += [("<stdin>", None)] if path == "-" else \
            [(str(f), f) for f in article_files(path)]
    for source, file in sources:
        try:
            raw = sys.stdin.buffer.read() if file is None else Path(file).read_bytes()
            text, _ = text_mod.decode(raw, source)
        except Exception as exc:  # noqa: BLE001 (a bad file is reported, the rest listed)
            opt.log.error("%s", exc)
            status = opt.EXIT_PARTIAL
            continue
        doc = prepare(text, source=source)
        for m in find_places(doc, gazetteer=gazetteer, country=country):
            if m.role == "context" and not show_all:
                continue
            record = mention_record(m, doc.sentences, source)
            # why the winner won: the terms of its score
            record["why"] = "; ".join(m.candidates[0].why) if m.candidates else ""
            records.append(record)
    frame = pd.DataFrame.from_records(records, columns=[
        "source_file", "char_start", "char_end", "text", "role", "near", "matched_by",
        "place_id", "place_name", "kind", "country", "lon", "lat", "geo_precision",
        "uncertainty_m", "candidates", "why", "sentence"])
    if fmt == "json":
        out = json.dumps(frame.to_dict("records"), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "csv":
        out = cells.to_csv(frame, index=False)
    else:
        out = cells.format_frame(frame.drop(columns=["sentence", "candidates", "why"]),
                                 "table")
    opt.emit(out, output, overwrite)
    raise SystemExit(status)
