"""``geoincidents map``: one self-contained HTML map of incidents and zones."""

from __future__ import annotations

from pathlib import Path

import click

from geoincidents import settings
from geoincidents.cli import options as opt


@click.command(name="map")
@opt.inputs_arg
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              default=str(settings.maps_dir / "incidents.html"), show_default=True,
              help="HTML file to write ('-' for stdout).")
@click.option("--title", default="Incidents", show_default=True, help="Legend title.")
@click.option("--online", is_flag=True,
              help="Link Leaflet from its CDN (lighter file, needs the network); by default "
                   "the page is self-contained and works offline.")
@click.option("--offline", is_flag=True,
              help="No tile layer at all (air-gapped briefings): only the bundled context. "
                   "By default web tiles show when the viewer is online.")
@click.option("--tiles", "tiles", metavar="NAME", default=None,
              help="xyzservices tile provider shown when the viewer is online "
                   "[default: OpenStreetMap.Mapnik].")
@click.option("--basemap", "basemap", type=click.Path(exists=True, dir_okay=False),
              metavar="FILE.pmtiles", default=None,
              help="A PMTiles vector extract (e.g. a Protomaps build of a region) drawn in "
                   "the page, offline.")
@click.option("--view", "view_text", metavar="LON,LAT,ZOOM", default=None,
              help="Open on this view (e.g. 44.39,33.31,12) instead of fitting the incidents.")
@click.option("--ranges", "ranges_text", metavar="LABEL=DIST,...", default=None,
              help="Range rings around launch sites, e.g. '107mm=8km,122mm=20km' "
                   "(the default); '' for none.")
@click.option("--png", "png", type=click.Path(dir_okay=False), default=None,
              help="Also save a picture of the map (headless Chromium).")
@opt.gazetteer_opt
@opt.zones_opt
@opt.no_bundled_zones_opt
@opt.country_opt
@opt.published_opt
@opt.rejects_opt
@opt.overwrite_opt
@opt.library_errors
def map_(inputs, output, title, online, offline, tiles, basemap, view_text, ranges_text, png,
         gazetteers, zones_files, no_bundled_zones, country, published, rejects_path,
         overwrite):
    """Map incidents with zones, uncertainty buffers and launch -> impact lines.

    INPUT is a CSV, GeoJSON or GeoPackage of incidents ('-' for CSV on stdin); with no
    INPUT the bundled sample is mapped. Prints the path written; with '-o -' the page
    itself goes to stdout (and a --png path to the log).

    \b
    Example:
      geoincidents map -o maps/sample.html --overwrite
      geoincidents map incidents.csv --zones my_zones.geojson -o maps/mine.html
      geoincidents map --png maps/sample.png --overwrite
      geoincidents map --offline -o maps/airgapped.html
      geoincidents map --basemap baghdad.pmtiles --view 44.39,33.31,12 -o maps/city.html
      geoincidents map --online --tiles OpenStreetMap.HOT -o maps/online.html
      geoincidents map incidents.csv -o - > incidents.html
    """
    default_output = click.get_current_context().get_parameter_source("output") \
        is click.core.ParameterSource.DEFAULT
    opt.check_outputs(output=output, png=png, rejects_path=rejects_path, overwrite=overwrite,
                      inputs=(inputs, gazetteers, zones_files),
                      make_folders=("output",) if default_output else ())
    from geoincidents import render, spatial
    from geoincidents.pipeline import load_incidents

    to_stdout = output == "-"
    ranges = None if ranges_text is None else render.parse_ranges(ranges_text)
    view = None if view_text is None else render.parse_view(view_text)
    zones = opt.load_zones(zones_files, no_bundled_zones)
    gazetteer = opt.load_gazetteer(gazetteers)
    with opt.progress(inputs, "map"):
        loaded = load_incidents(opt.default_inputs(inputs), gazetteer=gazetteer,
                                country=country or None, published=published)
    joined = spatial.join_zones(loaded.incidents, zones, nearest=False)
    fmap = render.incident_map(loaded.incidents, zones, joined, title=title, online=online,
                               offline=offline, tiles=tiles, basemap=basemap, view=view,
                               ranges=ranges)
    if to_stdout:
        html = render.page_html(fmap)
        if png:
            _png_from_html(render, html, png, overwrite=overwrite, online=online)
        click.echo(html.encode("utf-8"), nl=False)  # UTF-8 whatever the locale, as declared
    else:
        if default_output:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
        path = render.save_map(fmap, Path(output), overwrite=overwrite)
        click.echo(str(path))
        if png:
            click.echo(str(render.screenshot(path, png, overwrite=overwrite, online=online)))
    raise SystemExit(opt.report_problems(loaded.rejects, loaded.warnings, len(loaded.incidents),
                                         rejects_path, overwrite))


def _png_from_html(render, html: str, png: str, *, overwrite: bool, online: bool) -> None:
    """A picture of a page that is not on disk (``-o -``): shot from a temporary copy."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="geoincidents-") as tmp:
        page = Path(tmp) / "map.html"
        page.write_text(html, encoding="utf-8")
        shot = render.screenshot(page, png, overwrite=overwrite, online=online)
    opt.log.info("wrote %s", shot)
