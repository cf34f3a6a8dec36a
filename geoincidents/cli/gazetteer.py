"""``geoincidents gazetteer import|lookup``: local gazetteers, and why a name resolves."""

from __future__ import annotations

import click

from geoincidents.cli import options as opt


@click.group()
def gazetteer():
    """Import places (GeoNames dumps, your CSV/GeoJSON) and look names up.

    \b
    Example:
      geoincidents gazetteer import IQ.txt --alternate-names alternateNamesV2.txt
      geoincidents gazetteer lookup Taji --country IQ
    """


@gazetteer.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--alternate-names", type=click.Path(exists=True, dir_okay=False),
              help="GeoNames alternateNames file: its names become aliases.")
@click.option("--feature-class", "feature_classes", multiple=True, metavar="CLASS",
              help="GeoNames feature classes to keep (repeatable; default A, P, S).")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Gazetteer CSV to write (default: <name>.csv in the user gazetteer "
                   "folder, which every command reads).")
@opt.overwrite_opt
@opt.library_errors
def import_(files, alternate_names, feature_classes, out, overwrite):
    """Import GeoNames country files (IQ.txt ...) or CSV/GeoJSON files of places.

    The result is a CSV with the columns of geodata/places.csv. Written into the user
    gazetteer folder (GEOINCIDENTS_USER_DIR/gazetteer, by default
    ~/.local/share/geoincidents/gazetteer), geocoding uses it beside the bundled one.
    Prints the path written and the number of places.
    """
    from geoincidents.gazetteer_import import DEFAULT_FEATURE_CLASSES, import_places

    result = import_places(list(files), alternate_names=alternate_names, out=out,
                           overwrite=overwrite,
                           feature_classes=feature_classes or DEFAULT_FEATURE_CLASSES)
    click.echo(f"{result.path}\t{result.places} places")


@gazetteer.command()
@click.argument("name")
@opt.country_opt
@click.option("--near", "near", multiple=True, metavar="PLACE|LON,LAT",
              help="A place name (or lon,lat) of the same text: namesakes in its country or "
                   "near it score higher. Repeatable.")
@click.option("--limit", default=10, show_default=True, help="At most this many candidates.")
@opt.gazetteer_opt
@opt.format_opt
@opt.library_errors
def lookup(name, country, near, limit, gazetteers, fmt):
    """Every place NAME may refer to, best first, with its score and the reasons.

    \b
    Example:
      geoincidents gazetteer lookup Bagram
      geoincidents gazetteer lookup Taji --near "Green Zone" -f json
    """
    import pandas as pd

    from geoincidents.errors import PlaceNotFound
    from geoincidents.geoparse.resolve import Geoparser
    from geoincidents.cells import format_frame

    gaz = opt.load_gazetteer(gazetteers)
    points, names = [], []
    for text in near:
        got = _position(text)
        if got is None:
            names.append(text)
        else:
            points.append(got)
    found = Geoparser(gaz).candidates(name, context=names, near=points,
                                      countries=country or (), limit=limit)
    if not found:
        raise PlaceNotFound(name, gaz.suggest(name))
    frame = pd.DataFrame([{
        "rank": i, "score": c.score, "place_id": c.entry.place_id, "name": c.entry.name,
        "kind": c.entry.kind, "country": c.entry.country, "lon": c.entry.lon,
        "lat": c.entry.lat, "radius_m": c.entry.radius_m, "why": "; ".join(c.reasons)}
        for i, c in enumerate(found, start=1)])
    click.echo(format_frame(frame, fmt, digits=4), nl=False)
    if fmt == "table":
        best = found[0]
        margin = f", {best.score - found[1].score:.2f} ahead of {found[1].entry.name} " \
                 f"({found[1].entry.kind}, {found[1].entry.country})" \
            if len(found) > 1 else ", the only candidate"
        click.echo(f"\n{best.entry.name} ({best.entry.place_id}) wins with score "
                   f"{best.score:.2f}{margin}: {'; '.join(best.reasons)}")


def _position(text: str) -> tuple[float, float] | None:
    """``lon,lat`` as a position; None for a place name (used as context)."""
    parts = text.split(",")
    if len(parts) == 2:
        try:
            lon, lat = float(parts[0]), float(parts[1])
        except ValueError:
            pass
        else:
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise click.BadParameter(f"{text!r}: expected lon,lat in degrees "
                                         "(lon -180..180, lat -90..90)", param_hint="--near")
            return lon, lat
    return None
