"""``geoincidents demo``: the main job on the bundled sample data."""

from __future__ import annotations

import click

from geoincidents import settings
from geoincidents.cli import options as opt


@click.command()
@click.option("-d", "--out-dir", type=click.Path(file_okay=False), default=str(settings.maps_dir),
              show_default=True, help="Folder for the map and the reports.")
@opt.inputs_arg
@opt.gazetteer_opt
@opt.zones_opt
@opt.no_bundled_zones_opt
@opt.published_opt
@opt.overwrite_opt
@opt.library_errors
def demo(out_dir, inputs, gazetteers, zones_files, no_bundled_zones, published, overwrite):
    """Run the whole pipeline and write a map and reports into OUT_DIR.

    With no INPUT, runs on the bundled sample articles (geodata/samples/articles/).
    Writes incidents.html, zones.csv, zones.md, distances.csv, distances.md and
    unplaced.csv.

    \b
    Example:
      geoincidents demo --overwrite
      geoincidents demo -d maps/mine my_incidents.csv
    """
    from pathlib import Path

    from geoincidents.pipeline import JOB_FILES, run_job

    names = {name: Path(out_dir) / name for name in JOB_FILES}
    opt.check_outputs(files=names, overwrite=overwrite, make_folders=names,
                      inputs=(inputs, gazetteers, zones_files))
    result = run_job(opt.default_inputs(inputs), out_dir,
                     gazetteer=opt.load_gazetteer(gazetteers),
                     zones=opt.load_zones(zones_files, no_bundled_zones), overwrite=overwrite,
                     published=published)
    for path in result.files:
        click.echo(str(path))
    status = opt.report_problems(result.rejects, result.warnings, len(result.incidents),
                                 None, overwrite)
    raise SystemExit(status)
