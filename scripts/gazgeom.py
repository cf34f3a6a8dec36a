"""Geometry helpers of the world-gazetteer build: interior points, equal-area radii,
spherical means and Voronoi-cell extents of division points (all in metres)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import MultiPoint, Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

GEOD = Geod(ellps="WGS84")


def equal_area_radius_m(area_m2: float) -> float:
    """Radius of the circle with this area."""
    return math.sqrt(max(area_m2, 0.0) / math.pi)


def geodesic_area_m2(geom: BaseGeometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0])


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2])


def interior_point(geom: BaseGeometry) -> tuple[float, float]:
    """Pole of inaccessibility of the largest part (lon, lat): a point well inside."""
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda g: g.area)
    p = polylabel(largest, tolerance=0.01)
    return (p.x, p.y)


def area_centroid(geom: BaseGeometry) -> tuple[float, float]:
    """Area centroid (lon, lat) of the largest part, or of all parts where none holds
    half the area (an archipelago: the Philippines, not Luzon), computed in a Lambert
    equal-area projection centred there: the "centre" of a country's main landmass."""
    parts = list(getattr(geom, "geoms", [geom]))
    areas = [geodesic_area_m2(p) for p in parts]
    largest = parts[areas.index(max(areas))]
    if max(areas) < 0.5 * sum(areas):
        largest = geom
    rp = largest.representative_point()
    fwd = _laea(rp.x, rp.y)
    projected = shapely.transform(largest, lambda xy: np.column_stack(
        fwd.transform(xy[:, 0], xy[:, 1])))
    c = projected.centroid
    lon, lat = fwd.transform(c.x, c.y, direction="INVERSE")
    return (float(lon), float(lat))


def midpoint(lon1: float, lat1: float, lon2: float, lat2: float) -> tuple[float, float]:
    """Geodesic midpoint (lon, lat) of two points."""
    az, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    lon, lat, _ = GEOD.fwd(lon1, lat1, az, dist / 2)
    return (float(lon), float(lat))


def compromise_point(geom: BaseGeometry, lon: float, lat: float, *, max_m: float
                     ) -> tuple[float, float] | None:
    """Midpoint (lon, lat) of a published point and ``geom``'s `area_centroid`, or None
    when they are more than ``max_m`` apart."""
    clon, clat = area_centroid(geom)
    if distance_m(lon, lat, clon, clat) > max_m:
        return None
    return midpoint(lon, lat, clon, clat)


def spherical_mean(lonlats: Sequence[tuple[float, float]],
                   weights: Sequence[float]) -> tuple[float, float]:
    """Weighted mean direction of points on the sphere (safe across the antimeridian)."""
    lon = np.radians([p[0] for p in lonlats])
    lat = np.radians([p[1] for p in lonlats])
    w = np.asarray(weights, dtype=float)
    x = (w * np.cos(lat) * np.cos(lon)).sum()
    y = (w * np.cos(lat) * np.sin(lon)).sum()
    z = (w * np.sin(lat)).sum()
    return (math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y))))


def outline(feature: dict) -> BaseGeometry:
    return shapely.make_valid(shape(feature["geometry"]))


def _laea(lon: float, lat: float) -> Transformer:
    crs = CRS.from_proj4(f"+proj=laea +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m")
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def cell_radii_m(points: Sequence[tuple[float, float]], country: BaseGeometry | None,
                 *, share_area_m2: float, nn_factor: float = 1.2) -> list[float]:
    """Extent of each of a group of division points of one country.

    The radius of the equal-area circle of each point's Voronoi cell clipped to the
    country outline, capped at ``nn_factor`` times the distance to the nearest other
    point of the group (so a group covering only part of the country, e.g. London
    boroughs, does not inherit the empty rest). Without an outline or a cell, the
    equal share of the country's area ``share_area_m2`` stands in.
    """
    n = len(points)
    share = equal_area_radius_m(share_area_m2)
    if n == 0:
        return []
    mean = spherical_mean(points, [1.0] * n)
    fwd = _laea(*mean)
    xy = np.array([fwd.transform(lon, lat) for lon, lat in points])
    nearest = [math.inf] * n
    if n > 1:
        d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
        np.fill_diagonal(d, np.inf)
        nearest = list(d.min(axis=1))
    radii = [share] * n
    if country is not None and n > 1:
        region = shapely.make_valid(shapely.transform(
            country, lambda c: np.column_stack(fwd.transform(c[:, 0], c[:, 1]))))
        # duplicate points share a cell: Voronoi needs distinct sites
        sites = MultiPoint([tuple(p) for p in xy])
        cells = shapely.voronoi_polygons(sites, extend_to=region.envelope.buffer(1e6))
        for cell in getattr(cells, "geoms", []):
            clipped = cell.intersection(region)
            if clipped.is_empty:
                continue
            for i in np.flatnonzero(shapely.contains(cell, shapely.points(xy))):
                radii[i] = equal_area_radius_m(clipped.area)
    return [max(1000.0, min(r, nn_factor * nn)) for r, nn in zip(radii, nearest)]


def point_in(geom: BaseGeometry, lon: float, lat: float) -> bool:
    return bool(geom.covers(Point(lon, lat)))


def point_in_hull(geom: BaseGeometry, lon: float, lat: float) -> bool:
    """Whether the point lies within the convex hull of ``geom`` (a point at sea
    between the islands of an archipelago does). An outline that crosses the
    antimeridian (Fiji) has no meaningful hull in degrees: then the outline itself."""
    minx, _, maxx, _ = geom.bounds
    if maxx - minx > 180:
        return point_in(geom, lon, lat)
    return bool(geom.convex_hull.covers(Point(lon, lat)))
