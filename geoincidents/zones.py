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
import numpy as np
import pandas as pd
import shapely
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
    if path.suffix.lower() in (".geojson", ".json"):
        _check_features(path)
    try:
        frame = gpd.read_file(path, layer=layer)
    except Exception as exc:  # GDAL's errors are many; all mean "not a zones file"
        raise ZoneError(f"{path}: cannot be read as a vector file ({exc})") from exc
    return validate_zones(frame, source=str(path))


def _check_features(path: Path) -> None:
    """Every feature of a GeoJSON zones file is a Feature object (GDAL would drop the
    others without a word)."""
    import json

    from geoincidents.formats.geojson import _features

    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig", errors="replace"))
        features = _features(doc, str(path))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, DataError
        raise ZoneError(f"{path}: cannot be read as GeoJSON ({exc})") from None
    for i, feature in enumerate(features, start=1):
        kind = feature.get("type") if isinstance(feature, dict) else type(feature).__name__
        if kind != "Feature":
            raise ZoneError(f"{path}, feature {i}, field 'type': {kind!r}; expected a GeoJSON "
                            'Feature object (type "Feature")')
        if not isinstance(feature.get("properties"), (dict, type(None))):
            raise ZoneError(f"{path}, feature {i}, field 'properties': expected a JSON "
                            "object")


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
    geoms = list(frame.geometry)
    for i, (zid, geom) in enumerate(zip(frame["zone_id"], frame.geometry), start=1):
        where = f"{source}, feature {i} ({zid!r})"
        if pd.isna(zid) or not str(zid).strip():
            raise ZoneError(f"{source}, feature {i}, field 'zone_id': empty; expected an id")
        if geom is None or geom.is_empty:
            raise ZoneError(f"{where}, field 'geometry': empty; expected a polygon")
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise ZoneError(f"{where}, field 'geometry': a {geom.geom_type}; expected a "
                            "Polygon or MultiPolygon")
        geom = geoms[i - 1] = _antimeridian(geom, where)
        if not geom.is_valid:
            raise ZoneError(f"{where}, field 'geometry': invalid polygon "
                            f"({explain_validity(geom)}); expected a valid polygon without "
                            "self-intersections (shapely.make_valid can repair it)")
    frame[frame.geometry.name] = gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs)
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


def _antimeridian(geom, where: str):
    """A polygon whose ring jumps more than 180 degrees of longitude between two vertices
    crosses the antimeridian without being split: it is split there (RFC 7946, 3.1.9), not
    read as the rest of the world. Longitudes outside [-180, 180] are refused."""
    xy = shapely.get_coordinates(geom)
    if len(xy) and (np.abs(xy[:, 0]) > 180).any():
        bad = xy[np.argmax(np.abs(xy[:, 0])), 0]
        raise ZoneError(f"{where}, field 'geometry': longitude {bad:g} is outside [-180, "
                        "180]; expected WGS84 longitudes (a zone across the antimeridian as "
                        "a MultiPolygon split at 180, RFC 7946)")
    crossing = False
    for part in shapely.get_parts(geom):
        for ring in shapely.get_rings(part):
            x = shapely.get_coordinates(ring)[:, 0]
            crossing |= bool(len(x) > 1 and (np.abs(np.diff(x)) > 180).any())
    if not crossing:
        return geom
    parts = []
    for part in shapely.get_parts(geom):
        # unwrap: west longitudes of a crossing ring move east by 360
        shifted = shapely.transform(part, lambda c: np.column_stack(
            [np.where(c[:, 0] < 0, c[:, 0] + 360.0, c[:, 0]), c[:, 1]]))
        if not shifted.is_valid:
            raise ZoneError(f"{where}, field 'geometry': crosses the antimeridian and is "
                            f"not a valid polygon there ({explain_validity(shifted)}); "
                            "expected a MultiPolygon split at 180 (RFC 7946)")
        east = shapely.intersection(shifted, shapely.box(-180, -90, 180, 90))
        west = shapely.transform(shapely.intersection(shifted, shapely.box(180, -90, 540, 90)),
                                 lambda c: np.column_stack([c[:, 0] - 360.0, c[:, 1]]))
        parts += [p for g in (east, west) for p in shapely.get_parts(g)
                  if p.geom_type == "Polygon" and not p.is_empty]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


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
