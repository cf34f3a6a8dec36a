"""Load and validate zone polygons (the Green Zone, bases, airports, embassies).

Examples
--------
>>> zones = load_zones()
>>> "green-zone" in set(zones["zone_id"])
True
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.validation import explain_validity

from geoincidents import settings
from geoincidents.errors import ZoneError

ZONE_KINDS = ("zone", "embassy", "base", "airport", "landmark")
ZONE_FIELDS = ("zone_id", "name", "kind", "country", "place_id", "source", "accuracy_m", "note")


def read_zones(path: str | os.PathLike[str], *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a zones file (GeoJSON, GeoPackage, anything GDAL reads) and validate it.

    Raises
    ------
    ZoneError
        Naming the file, the feature and the field, when the file cannot be read, a
        required field is missing, an id repeats, or a geometry is not a valid polygon.
    """
    path = Path(path)
    if not path.exists():
        raise ZoneError(f"{path}: zones file not found")
    try:
        frame = gpd.read_file(path, layer=layer)
    except Exception as exc:  # GDAL's errors are many; all mean "not a zones file"
        raise ZoneError(f"{path}: cannot be read as a vector file ({exc})") from exc
    return validate_zones(frame, source=str(path))


def validate_zones(frame: gpd.GeoDataFrame, *, source: str = "<zones>") -> gpd.GeoDataFrame:
    """Check and complete a zones frame; returns it in EPSG:4326 with `ZONE_FIELDS`."""
    if frame.crs is None:
        frame = frame.set_crs(settings.crs)
    elif not frame.crs.equals(settings.crs):
        frame = frame.to_crs(settings.crs)
    frame = frame.reset_index(drop=True)
    for name in ("zone_id", "name"):
        if name not in frame:
            raise ZoneError(f"{source}: missing field {name!r}; every zone needs "
                            f"{list(ZONE_FIELDS[:2])} (and may have {list(ZONE_FIELDS[2:])})")
    for i, (zid, geom) in enumerate(zip(frame["zone_id"], frame.geometry), start=1):
        where = f"{source}, feature {i} ({zid!r})"
        if pd.isna(zid) or not str(zid).strip():
            raise ZoneError(f"{source}, feature {i}, field 'zone_id': empty; expected an id")
        if geom is None or geom.is_empty:
            raise ZoneError(f"{where}, field 'geometry': empty; expected a polygon")
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise ZoneError(f"{where}, field 'geometry': a {geom.geom_type}; expected a "
                            "Polygon or MultiPolygon")
        if not geom.is_valid:
            raise ZoneError(f"{where}, field 'geometry': invalid polygon "
                            f"({explain_validity(geom)}); expected a valid polygon without "
                            "self-intersections (shapely.make_valid can repair it)")
    dup = frame["zone_id"][frame["zone_id"].duplicated()]
    if len(dup):
        raise ZoneError(f"{source}, field 'zone_id': {dup.iloc[0]!r} appears more than once; "
                        "expected unique ids")
    for name in ZONE_FIELDS:
        if name not in frame:
            frame[name] = pd.NA
    frame["zone_id"] = frame["zone_id"].astype(str)
    frame["accuracy_m"] = pd.to_numeric(frame["accuracy_m"], errors="coerce")
    frame["kind"] = frame["kind"].fillna("zone")
    frame["source"] = frame["source"].fillna(source)
    extra = [c for c in frame.columns if c not in ZONE_FIELDS and c != "geometry"]
    return frame[list(ZONE_FIELDS) + extra + ["geometry"]]


def load_zones(extra: Sequence[str | os.PathLike[str]] = (), *, bundled: bool = True,
               user: bool = True) -> gpd.GeoDataFrame:
    """The bundled zones, the user's imported zones, then each zones file in ``extra``
    (a later zone with an existing ``zone_id`` replaces the earlier one).

    ``user`` reads every ``*.geojson`` in `geoincidents.settings.user_zones_dir` (what
    ``geoincidents zones import`` writes), in name order.
    """
    frames = []
    if bundled:
        frames.append(read_zones(settings.zones_path()))
    if user and settings.user_zones_dir().is_dir():
        frames += [read_zones(p) for p in sorted(settings.user_zones_dir().glob("*.geojson"))]
    frames += [read_zones(p) for p in extra]
    if not frames:
        raise ZoneError("no zones: pass a zones file or keep the bundled zones")
    frame = pd.concat(frames, ignore_index=True)
    frame = frame.drop_duplicates("zone_id", keep="last").reset_index(drop=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=settings.crs)
