"""Zone and distance reports as DataFrames, and their rendering as table, CSV, JSON, Markdown.

Examples
--------
>>> from geoincidents.gazetteer import Gazetteer
>>> row = place_distances(["Camp Taji", "Green Zone"], Gazetteer.load()).iloc[0]
>>> round(row["distance_km"], 1)
26.8
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geoincidents import spatial, zonecount
from geoincidents.gazetteer import Gazetteer, Place

#: Event types that by definition did not reach their target (see `zonecount`).
NOT_REACHING = zonecount.NOT_REACHING
ZONE_REPORT_COLUMNS = zonecount.ZONE_REPORT_COLUMNS


def zone_report(incidents: gpd.GeoDataFrame, zones: gpd.GeoDataFrame | spatial.ZoneIndex,
                joined: pd.DataFrame | None = None, *, background: bool = True) -> pd.DataFrame:
    """Per zone: what happened in it, what may have, and what was aimed at it.

    Counted by `zonecount.zone_partials`, the rule the streamed report uses too.

    Parameters
    ----------
    incidents : GeoDataFrame
        Incidents in the schema of `geoincidents.model`.
    zones : GeoDataFrame or spatial.ZoneIndex
        Zones from `geoincidents.zones`.
    joined : DataFrame, optional
        The result of `spatial.join_zones` for these incidents (row for row), whose
        pairs are then counted instead of joining again.
    background : bool, default True
        Count background (context) incidents too.

    Returns
    -------
    DataFrame
        One row per zone, columns `ZONE_REPORT_COLUMNS`:

        - ``incidents_in``: incidents whose point lies in the zone (an incident in the
          embassy counts for the embassy and for the Green Zone around it);
        - ``possibly_in``: incidents outside it whose uncertainty radius reaches it;
        - ``aimed_at``: incidents whose target is the zone's place but that are not in
          it (a miss), and thwarted attacks on it (a rocket seized before launch never
          counts as in or possibly in its target, wherever it was seized: it did not
          reach it; see `NOT_REACHING`); zones that share a place are each aimed at;
        - munitions, killed and injured are summed over ``incidents_in``;
        - first and last date over all three groups.
    """
    index = zones if isinstance(zones, spatial.ZoneIndex) else spatial.ZoneIndex(zones)
    if joined is not None and len(joined) != len(incidents):
        raise ValueError(f"`joined` has {len(joined)} rows but `incidents` has "
                         f"{len(incidents)}; expected the join of these incidents")
    if not background and "background" in incidents:
        keep = ~incidents["background"].fillna(False).to_numpy(dtype=bool)
        incidents = incidents[keep]
        joined = joined[keep] if joined is not None else None
    pairs = _joined_pairs(index, joined) if joined is not None else None
    totals = zonecount.ZoneTotals(index)
    totals.combine(zonecount.zone_partials(index, _counted_columns(incidents), pairs=pairs))
    return totals.frame()


def _counted_columns(incidents: gpd.GeoDataFrame) -> pd.DataFrame:
    """The columns `zonecount.zone_partials` reads, from an incidents frame."""
    lon, lat, radius = spatial.coordinates(incidents)
    n = len(incidents)

    def column(name, default):
        return incidents[name].to_numpy() if name in incidents else np.full(n, default)

    return pd.DataFrame({
        "lon": lon, "lat": lat, "uncertainty_m": radius,
        "date": pd.to_datetime(column("date", None)),
        **{c: (incidents[c].to_numpy(dtype="float64", na_value=np.nan) if c in incidents
               else np.full(n, np.nan)) for c in ("n_fired", "n_landed", "killed", "injured")},
        "target_place_id": column("target_place_id", None).astype(object),
        "not_reaching": pd.Series(column("event_type", None), dtype=object)
        .isin(NOT_REACHING).to_numpy(),
    })


def _joined_pairs(index: spatial.ZoneIndex, joined: pd.DataFrame) -> spatial.ZonePairs:
    """The (row, zone) pairs that `spatial.join_zones` wrote as ``;``-joined ids (split
    by Arrow's kernels; ids of other zones are not counted)."""
    ids = pa.array(index.ids.tolist(), pa.string())
    parts = []
    for column, inside in (("zones_in", True), ("zones_possible", False)):
        values = pa.array(joined[column].astype(object).where(joined[column].notna(), None)
                          .to_numpy(), pa.string())
        lists = pc.split_pattern(values, ";")
        zone = pc.index_in(pc.list_flatten(lists), value_set=ids)
        known = pc.is_valid(zone).to_numpy(zero_copy_only=False)
        point = pc.list_parent_indices(lists).to_numpy()[known]
        zone = zone.to_numpy(zero_copy_only=False)[known].astype(np.int64)
        parts.append((point.astype(np.int64), zone, np.full(len(point), inside)))
    point, zone, inside = (np.concatenate(a) for a in zip(*parts))
    return spatial.ZonePairs(point, zone, inside, np.where(inside, 0.0, np.nan))


def incident_distances(incidents: gpd.GeoDataFrame, joined: pd.DataFrame,
                       zones: gpd.GeoDataFrame) -> pd.DataFrame:
    """Per incident: launch site to impact, and impact to the nearest zone, in km.

    ``launch_to_impact_km`` has ``launch_to_impact_pm_km``: the sum of both uncertainty
    radii, the most the true distance can differ from it.
    """
    pts = incidents.geometry
    lon, lat = pts.x.to_numpy(), pts.y.to_numpy()
    llon = incidents["launch_lon"].to_numpy(dtype="float64", na_value=np.nan)
    llat = incidents["launch_lat"].to_numpy(dtype="float64", na_value=np.nan)
    d = spatial.distance_m(llon, llat, lon, lat)
    pm = (incidents["launch_uncertainty_m"].to_numpy(dtype="float64", na_value=np.nan)
          + incidents["uncertainty_m"].to_numpy(dtype="float64", na_value=np.nan))
    names = dict(zip(zones["zone_id"], zones["name"]))
    return pd.DataFrame({
        "incident_id": incidents["incident_id"].to_numpy(),
        "date": incidents["date"].to_numpy(),
        "place": incidents["place_name"].fillna(incidents["place"]).to_numpy(),
        "launch_place": incidents["launch_place"].to_numpy(),
        "launch_to_impact_km": d / 1000,
        "launch_to_impact_pm_km": np.where(np.isnan(d), np.nan, pm / 1000),
        "zone": [names.get(z) for z in joined["zone_id"]],
        "nearest_zone": [names.get(z) for z in joined["nearest_zone_id"]],
        "nearest_zone_km": joined["nearest_zone_m"].to_numpy(dtype="float64") / 1000,
    })


def place_distances(names: Sequence[str], gazetteer: Gazetteer, *,
                    matrix: bool = False) -> pd.DataFrame:
    """Geodesic distances between named places.

    With two names (or ``matrix=False``) one row per consecutive pair: from, to,
    distance_km, pm_km (the sum of both places' uncertainty radii) and the bearing.
    With ``matrix=True`` a square table of km, indexed and headed by the names.
    Raises `PlaceNotFound` for a name the gazetteer does not know.
    """
    places = [gazetteer.resolve(n) for n in names]
    if matrix:
        lon = np.array([p.lon for p in places])
        lat = np.array([p.lat for p in places])
        d = spatial.distance_m(lon[:, None], lat[:, None], lon[None, :], lat[None, :]) / 1000
        labels = [p.name for p in places]
        return pd.DataFrame(d, index=pd.Index(labels, name="km"), columns=labels)
    rows = [_pair(a, b) for a, b in zip(places[:-1], places[1:])]
    return pd.DataFrame(rows)


def _pair(a: Place, b: Place) -> dict:
    d = float(spatial.distance_m(a.lon, a.lat, b.lon, b.lat))
    return {"from": a.name, "to": b.name, "distance_km": d / 1000,
            "pm_km": (a.radius_m + b.radius_m) / 1000,
            "bearing_deg": float(spatial.azimuth_deg(a.lon, a.lat, b.lon, b.lat)) % 360}
