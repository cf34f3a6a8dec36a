"""``geoincidents zones list|import``: the zones every command joins incidents with."""

from __future__ import annotations

import click

from geoincidents.cli import options as opt


@click.group()
def zones():
    """List the zones in use; import a zones file for every command to use.

    \b
    Example:
      geoincidents zones list
      geoincidents zones import my_zones.gpkg
    """


@zones.command(name="list")
@opt.zones_opt
@opt.no_bundled_zones_opt
@opt.format_opt
@opt.output_opt
@opt.overwrite_opt
@opt.library_errors
def list_(zones_files, no_bundled_zones, fmt, output, overwrite):
    """Each zone: id, name, kind, country, geodesic area (km2), accuracy and source.

    Lists the bundled zones, the user's imported zones and any --zones files.
    """
    opt.check_outputs(output=output, overwrite=overwrite, inputs=(zones_files,))
    import numpy as np
    from geoincidents import settings
    from geoincidents.cells import format_frame

    frame = opt.load_zones(zones_files, no_bundled_zones)
    geod = settings.geod()
    table = frame[["zone_id", "name", "kind", "country", "accuracy_m", "source"]].copy()
    table.insert(4, "area_km2", np.round([abs(geod.geometry_area_perimeter(g)[0]) / 1e6
                                          for g in frame.geometry], 2))
    opt.emit(format_frame(table, fmt), output, overwrite)


@zones.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--layer", default=None, help="Layer of a GeoPackage.")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="GeoJSON to write (default: <name>.geojson in the user zones folder, "
                   "which every command reads).")
@opt.overwrite_opt
@opt.library_errors
def import_(file, layer, out, overwrite):
    """Check a zones file (GeoJSON, GeoPackage, ...) and keep it as a user zones file.

    Written into the user zones folder (GEOINCIDENTS_USER_DIR/zones, by default
    ~/.local/share/geoincidents/zones), its zones join the bundled ones in every
    command; a zone with a bundled zone_id replaces it. Prints the path and the count.
    """
    from pathlib import Path

    from geoincidents import settings
    from geoincidents.outputs import Staged, check_outputs

    target = Path(out) if out else settings.user_zones_dir() / f"{Path(file).stem}.geojson"
    check_outputs({"--out": target}, overwrite=overwrite, inputs=[file],
                  make_folders=["--out"] if not out else [])
    from geoincidents.zones import read_zones

    frame = read_zones(file, layer=layer)
    with Staged(target, overwrite=overwrite, make_folder=not out) as tmp:
        frame.to_file(tmp, driver="GeoJSON")
    click.echo(f"{target}\t{len(frame)} zones")
