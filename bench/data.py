"""Reproducible benchmark data: incidents around Iraq and Afghanistan, and 50 zones.

Everything is drawn from one seeded generator, so the same ``--seed`` gives the same
files on any machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geoincidents import spatial
from geoincidents.zones import load_zones

#: lon/lat box the incidents are spread over (Iraq to Afghanistan)
REGION = (38.0, 29.0, 72.0, 38.0)
#: uncertainty radii and how often they occur (bare coordinates, town, near, region)
RADII_M = np.array([100.0, 2_000.0, 25_000.0, 100_000.0])
RADII_P = np.array([0.3, 0.4, 0.2, 0.1])
OUT = Path(__file__).resolve().parent / "out"


def zones(m: int = 50, *, seed: int = 0) -> gpd.GeoDataFrame:
    """The bundled zones plus generated polygons (1-6 km across, 8-24 vertices) up to ``m``."""
    rng = np.random.default_rng(seed)
    base = load_zones()
    extra = []
    for k in range(max(m - len(base), 0)):
        lon0, lat0 = rng.uniform(REGION[0], REGION[2]), rng.uniform(REGION[1], REGION[3])
        nv = int(rng.integers(8, 25))
        az = np.sort(rng.uniform(0, 360, nv))[::-1]
        r = rng.uniform(500, 3_000) * rng.uniform(0.6, 1.0, nv)
        lon, lat, _ = spatial.GEOD.fwd(np.full(nv, lon0), np.full(nv, lat0), az, r)
        extra.append({"zone_id": f"gen-{k:02d}", "name": f"Generated zone {k}", "kind": "zone",
                      "geometry": shapely.Polygon(np.column_stack([lon, lat]))})
    gen = gpd.GeoDataFrame(extra, geometry="geometry", crs=base.crs) if extra else None
    frame = pd.concat([base, gen], ignore_index=True) if gen is not None else base
    return gpd.GeoDataFrame(frame.head(m), geometry="geometry", crs=base.crs)


def incidents(n: int, zone_frame: gpd.GeoDataFrame, *, seed: int = 0) -> dict[str, np.ndarray]:
    """``n`` incidents: 40 % around 25 towns, 20 % near zones, 40 % anywhere in `REGION`."""
    rng = np.random.default_rng(seed + 1)
    kind = rng.choice(3, n, p=[0.4, 0.2, 0.4])
    lon = rng.uniform(REGION[0], REGION[2], n)
    lat = rng.uniform(REGION[1], REGION[3], n)
    towns = np.column_stack([rng.uniform(REGION[0], REGION[2], 25),
                             rng.uniform(REGION[1], REGION[3], 25)])
    t = np.flatnonzero(kind == 0)
    pick = rng.integers(0, 25, len(t))
    lon[t] = towns[pick, 0] + rng.normal(0, 0.1, len(t))
    lat[t] = towns[pick, 1] + rng.normal(0, 0.1, len(t))
    z = np.flatnonzero(kind == 1)
    rep = shapely.point_on_surface(zone_frame.geometry.to_numpy())
    pick = rng.integers(0, len(rep), len(z))
    lon[z] = shapely.get_x(rep)[pick] + rng.normal(0, 0.03, len(z))
    lat[z] = shapely.get_y(rep)[pick] + rng.normal(0, 0.03, len(z))
    radius = rng.choice(RADII_M, n, p=RADII_P)
    return {"lon": lon, "lat": lat, "uncertainty_m": radius}


def cached(n: int, m: int, seed: int) -> tuple[Path, Path]:
    """Write (once) the incidents as .npz and the zones as GeoJSON; return both paths."""
    OUT.mkdir(parents=True, exist_ok=True)
    zpath = OUT / f"zones_{m}_{seed}.geojson"
    ipath = OUT / f"incidents_{n}_{m}_{seed}.npz"
    if not zpath.exists():
        zones(m, seed=seed).to_file(zpath, driver="GeoJSON")
    if not ipath.exists():
        np.savez(ipath, **incidents(n, gpd.read_file(zpath), seed=seed))
    return ipath, zpath
