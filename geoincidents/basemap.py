"""Offline context for maps without tiles: country outlines and their label points.

The outlines are Natural Earth's 1:110m admin-0 countries (public domain), as shipped in
`geodata/countries.geojson`; ``python3 -m geoincidents.basemap SRC DEST`` rebuilds that
file from any copy of the data (see geodata/README.md for where ours came from).
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geoincidents import settings
from geoincidents.errors import DataError

#: Decimal places kept in the bundled outlines (~100 m, far below the 1:110m generalisation).
OUTLINE_DECIMALS = 3


def outlines_path() -> Path:
    """Path of the bundled country outlines."""
    return settings.data_dir / "countries.geojson"


def country_outlines(bounds: tuple[float, float, float, float] | None = None, *,
                     margin_deg: float = 15.0,
                     path: str | os.PathLike[str] | None = None) -> gpd.GeoDataFrame:
    """Country polygons with ``name``, ``iso_a3`` and a ``label_lon``/``label_lat`` point.

    Parameters
    ----------
    bounds : (min_lon, min_lat, max_lon, max_lat), optional
        Keep only countries within ``margin_deg`` of this box (all countries when None).
    margin_deg : float
        Margin around ``bounds`` in degrees.
    path : path, optional
        Outline file to read instead of the bundled one.
    """
    source = Path(path) if path is not None else outlines_path()
    if not source.is_file():
        raise DataError(f"country outlines file {source} is missing; expected a GeoJSON of "
                        "country polygons (see geodata/README.md)")
    frame = gpd.read_file(source)
    missing = {"name", "iso_a3"} - set(frame.columns)
    if missing:
        raise DataError(f"country outlines file {source} lacks the field(s) {sorted(missing)}")
    if bounds is not None and np.isfinite(bounds).all():
        min_lon, min_lat, max_lon, max_lat = bounds
        box = shapely.box(min_lon - margin_deg, max(min_lat - margin_deg, -90),
                          max_lon + margin_deg, min(max_lat + margin_deg, 90))
        frame = frame[frame.intersects(box)]
    label = frame.geometry.representative_point()
    out = frame[["name", "iso_a3", "geometry"]].copy()
    out["label_lon"] = np.round(label.x.to_numpy(), 2)
    out["label_lat"] = np.round(label.y.to_numpy(), 2)
    return out.reset_index(drop=True)


def build_outlines(source: str | os.PathLike[str], dest: str | os.PathLike[str]) -> Path:
    """Write a light copy of Natural Earth admin-0 countries: name, ISO code, rounded rings."""
    frame = gpd.read_file(source).to_crs(settings.crs)
    frame = frame[["name", "iso_a3", "geometry"]]
    frame["geometry"] = shapely.set_precision(frame.geometry.values, 10 ** -OUTLINE_DECIMALS)
    frame = frame[~frame.geometry.is_empty]
    from geoincidents.outputs import write_text

    dest = Path(dest)
    write_text(dest, frame.to_json(drop_id=True), overwrite=True)
    return dest


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    import sys

    print(build_outlines(sys.argv[1], sys.argv[2]))
