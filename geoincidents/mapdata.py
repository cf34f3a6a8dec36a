"""The data a map page draws: incidents as compact columns, zones, labels, rings, styles.

`build_payload` returns plain lists, dicts, strings and numbers; `geoincidents.render`
serialises them into the page as JSON, and ``static/geoincidents.js`` reads them back and
puts every string into the DOM as text. Nothing here builds HTML or script.
"""

from __future__ import annotations

import json
import logging

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoincidents import basemap, event_types, model, pagedata, rivers, spatial

log = logging.getLogger(__name__)

#: Colour per zone kind (other kinds are drawn as "zone").
ZONE_STYLE = {
    "zone": "#2e7d32", "embassy": "#1565c0", "base": "#6a1b9a", "airport": "#ef6c00",
    "landmark": "#00838f",
}
#: Colour and symbol per event type (symbols are drawn by geoincidents.js).
EVENT_STYLE = {t.name: {"color": t.color, "shape": t.shape}
               for t in event_types.registry().values()}
ARROW_COLOR = "#b71c1c"
RANGE_COLORS = ("#e65100", "#6d4c41", "#1b5e20", "#283593", "#880e4f")

LAYER_NAMES = {
    "countries": "Countries", "labels": "Place labels", "zones": "Zones",
    "reported": "Incidents (reported)", "background": "Incidents (background)",
    "buffers": "Uncertainty", "arrows": "Launch → impact", "rings": "Weapon ranges",
    "noTiles": "No tiles", "context": "Places and outlines", "basemap": "Basemap (PMTiles)",
}
#: Uncertainty radii above this are drawn as faint outlines, and the first view is fitted
#: to the incidents placed more precisely than this (when there are any).
WIDE_M = 10_000.0
#: What the ``level`` column's codes mean (shown in popups and the legend).
LEVELS = {"0": "precise (within 10 km)", "1": "approximate (wider than 10 km)",
          "2": "country level: only the country is known"}

#: Popup rows after date and type: (key, label). Keys are text or number columns of the
#: incident payload, or the computed ``zone``, ``zones_possible``, ``launch_km``.
POPUP_FIELDS = (("place", "Place (as written)"), ("place_name", "Resolved place"),
                ("zone", "In zone"), ("zones_possible", "Possibly in"),
                ("uncertainty_m", "Uncertainty"), ("launch_place", "Launched from"),
                ("launch_km", "Launch → impact"), ("target", "Target"), ("weapon", "Weapon"),
                ("n_loaded", "Loaded"), ("n_fired", "Fired"), ("n_landed", "Landed"),
                ("n_misfired", "Misfired/defused"), ("n_seized", "Seized"),
                ("n_intercepted", "Intercepted"), ("killed", "Killed"), ("injured", "Injured"),
                ("casualty_notes", "Casualties"), ("damage", "Damage"), ("actors", "Actors"),
                ("source", "Source"), ("source_file", "Source file"),
                ("quote", "Source text"), ("notes", "Notes"))
_TEXT_COLUMNS = ("incident_id", "place", "place_name", "launch_place", "target", "weapon",
                 "casualty_notes", "damage", "actors", "source", "source_file", "quote",
                 "notes")
_NUMBER_COLUMNS = model.COUNT_COLUMNS + ("killed", "injured")

#: Fixed-point scale of coordinates in the page (1e5: about 1 m).
COORD_SCALE = 100_000
#: Most launch sites that get range rings, and most place labels, per map.
MAX_RING_SITES = 500
MAX_PLACE_LABELS = 300


def build_payload(incidents: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, joined: pd.DataFrame,
                  *, title: str, tiles: dict | None, ranges: dict[str, float], outlines: bool,
                  max_detail: int, view: tuple[float, float, float] | None = None,
                  basemap_name: str | None = None) -> dict:
    """Everything the page draws, as plain JSON-able values and numpy columns (see the
    module docstring); no per-incident Python work, so 10^6 rows take about a second."""
    geoms = incidents.geometry.to_numpy()
    lon = shapely.get_x(geoms).astype("float64")
    lat = shapely.get_y(geoms).astype("float64")
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.all():
        log.warning("%d incident(s) without coordinates are not drawn", int((~ok).sum()))
        incidents, joined = incidents[ok], joined[ok]
        lon, lat = lon[ok], lat[ok]
    zone_names = dict(zip(zones["zone_id"].astype(str), zones["name"].astype(str)))
    types = sorted(set(model.EVENT_TYPES) | set(incidents["event_type"].dropna()))
    type_code = pd.Categorical(incidents["event_type"].fillna("other"), categories=types).codes
    level = _level(incidents)
    bounds = _bounds(lon, lat, zones, level)
    context_box = _bounds(lon, lat, zones, None)
    return {
        "n": len(incidents),
        "scale": COORD_SCALE,
        "none": pagedata.NONE_INT,
        "title": title,
        "incidents": _incident_columns(incidents, joined, zone_names, lon, lat, type_code,
                                       level),
        "launch": _launch_columns(incidents, lon, lat),
        "types": types,
        # our types read as words; a type we do not know is shown exactly as given
        "typeLabels": {t: t.replace("_", " ") if t in model.EVENT_TYPES else t for t in types},
        "typesPresent": sorted(set(np.asarray(types)[np.unique(type_code)])) if len(incidents)
        else [],
        "zones": _zones_geojson(zones, joined),
        "zoneKinds": sorted(set(zones["kind"].dropna().astype(str))),
        "countries": _countries_geojson(context_box) if outlines else None,
        "context": basemap.context_places(context_box) if outlines else None,
        "water": basemap.water_geojson(context_box) if outlines else None,
        "rivers": rivers.river_lines(context_box, bounds) if outlines else None,
        "places": _place_labels(incidents, lon, lat),
        "rings": _range_rings(incidents, ranges),
        "ranges": ranges,
        "styles": {"events": EVENT_STYLE, "zones": ZONE_STYLE, "arrow": ARROW_COLOR,
                   "ranges": dict(zip(ranges, RANGE_COLORS))},
        "popupFields": POPUP_FIELDS,
        "timePrecision": {str(k): v for k, v in model.TIME_PRECISION.items()},
        "levels": LEVELS,
        "wideM": WIDE_M,
        "layerNames": LAYER_NAMES,
        "bounds": bounds,
        "view": list(view) if view else None,
        "tiles": tiles,
        "basemap": basemap_name,
        "maxDetail": max_detail,
    }


def _level(incidents) -> np.ndarray:
    """0 a position within `WIDE_M`, 1 a wider area, 2 only the country is known."""
    unc = incidents["uncertainty_m"].to_numpy(dtype="float64", na_value=0.0)
    level = np.where(unc > WIDE_M, 1, 0).astype("uint8")
    place = incidents["place_id"].astype("string").str.lower()
    country = incidents["country"].astype("string").str.lower()
    names = basemap.country_names()
    is_country = ((place == country) & place.notna()).to_numpy(dtype=bool, na_value=False)
    is_country |= incidents["place_name"].astype("string").str.lower().isin(names).to_numpy(
        dtype=bool, na_value=False)
    level[is_country] = 2
    return level


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 (int32; `pagedata.NONE_INT` when unknown) of a date column.

    Takes datetime64 of any unit (with or without a time zone), python dates or datetimes,
    or ISO strings: calendar dates of years 1 to 9999 all fit.
    """
    values = dates
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        arr = values.to_numpy()
    else:
        objects = values.astype(object)
        arr = np.asarray(objects.where(values.notna(), None).to_numpy(), dtype="datetime64[D]")
    day = arr.astype("datetime64[D]")
    out = day.astype("int64")
    out[np.isnat(day)] = pagedata.NONE_INT
    return out.astype("int32")


def _incident_columns(incidents, joined, zone_names, lon, lat, type_code, level) -> dict:
    casualties = (incidents["killed"].fillna(0).to_numpy(dtype="int64")
                  + incidents["injured"].fillna(0).to_numpy(dtype="int64"))
    text = {name: _text_column(incidents[name]) for name in _TEXT_COLUMNS}
    if "zone_id" in joined:
        text["zone"] = _text_column(joined["zone_id"].map(zone_names))
    if "zones_possible" in joined:
        text["zones_possible"] = _text_column(joined["zones_possible"], lambda ids: ", ".join(
            zone_names.get(z, z) for z in ids.split(";")))
    unc = incidents["uncertainty_m"].to_numpy(dtype="float64", na_value=np.nan)
    return {
        "lon": np.round(lon * COORD_SCALE).astype("int32"),
        "lat": np.round(lat * COORD_SCALE).astype("int32"),
        "day": day_numbers(incidents["date"]),
        "tprec": incidents["time_precision"].fillna(0).to_numpy(dtype="int64").astype("uint8"),
        "type": type_code.astype("uint8" if len(type_code) == 0 or type_code.max() < 255
                                 else "uint16"),
        "bg": incidents["background"].fillna(False).to_numpy(dtype=bool).astype("uint8"),
        "cas": np.minimum(casualties, 65_535).astype("uint16"),  # sizes symbols only
        "unc": np.nan_to_num(np.round(unc), nan=0).clip(0, 2 ** 31 - 1).astype("int32"),
        "level": level,
        "text": {k: v for k, v in text.items() if v is not None},
        "numbers": {name: _int_column(incidents[name]) for name in _NUMBER_COLUMNS
                    if incidents[name].notna().any()},
    }


def _int_column(series: pd.Series) -> dict:
    """``{"values": ints, "none": the value that stands for missing}`` in the narrowest
    integer type that holds them (most counts fit in int16)."""
    values = series.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    ok = np.isfinite(values)
    ints = np.round(values[ok]).clip(-(2 ** 31) + 1, 2 ** 31 - 1)
    dtype = "int16" if not len(ints) or (ints.min() > -(2 ** 15) and ints.max() < 2 ** 15) \
        else "int32"
    none = int(np.iinfo(dtype).min)
    out = np.full(len(values), none, dtype=dtype)
    out[ok] = ints
    return {"values": out, "none": none}


def _text_column(series: pd.Series, transform=None) -> dict | None:
    """A string column dictionary-encoded: distinct values (JSON, in the blob) and int32
    codes (-1 missing); None when all missing. ``transform`` maps each distinct value."""
    values = series.astype("string")
    values = values.where(values.str.len() > 0)
    if not values.notna().any():
        return None
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = uniques.to_numpy(dtype=object).tolist()
    if transform is not None:
        distinct = [transform(v) for v in distinct]
    size = len(distinct)
    dtype = "int8" if size < 2 ** 7 else "int16" if size < 2 ** 15 else "int32"
    return {"values": pagedata.JsonSection(distinct), "codes": codes.astype(dtype)}


def _launch_columns(incidents, lon, lat) -> dict | None:
    llon = incidents["launch_lon"].to_numpy(dtype="float64", na_value=np.nan)
    llat = incidents["launch_lat"].to_numpy(dtype="float64", na_value=np.nan)
    has = np.flatnonzero(np.isfinite(llon) & np.isfinite(llat))
    if not len(has):
        return None
    dist = spatial.distance_m(llon[has], llat[has], lon[has], lat[has])
    return {"i": has.astype("int32"),
            "lon": np.round(llon[has] * COORD_SCALE).astype("int32"),
            "lat": np.round(llat[has] * COORD_SCALE).astype("int32"),
            "dist_m": np.round(dist).clip(0, 2 ** 31 - 1).astype("int32")}


def _range_rings(incidents, ranges: dict[str, float]) -> list[dict]:
    if not ranges:
        return []
    sites = pd.DataFrame({"lon": incidents["launch_lon"].astype("float64").round(5),
                          "lat": incidents["launch_lat"].astype("float64").round(5),
                          "site": incidents["launch_place"].astype("string")}).dropna(
        subset=["lon", "lat"])
    if sites.empty:
        return []
    grouped = sites.groupby(["lon", "lat"], sort=False)
    sites = grouped.agg(site=("site", "first"), n=("site", "size")).reset_index()
    if len(sites) > MAX_RING_SITES:
        log.warning("range rings drawn around the %d most used of %d launch sites",
                    MAX_RING_SITES, len(sites))
        sites = sites.nlargest(MAX_RING_SITES, "n")
    rings = []
    for label, radius_m in ranges.items():
        polys = spatial.geodesic_buffer(sites["lon"].to_numpy(), sites["lat"].to_numpy(),
                                        radius_m, segments=96)
        for poly, site in zip(polys, sites["site"]):
            coords = np.round(shapely.get_coordinates(poly.exterior), 5)
            rings.append({"label": label, "radius_m": radius_m,
                          "site": None if pd.isna(site) else str(site),
                          "ring": coords.tolist()})
    return rings


def _place_labels(incidents, lon, lat) -> list:
    """``[lon, lat, name, n]`` of the places incidents resolved to, most used first."""
    names = incidents["place_name"].astype("string")
    frame = pd.DataFrame({"name": names, "lon": lon, "lat": lat}).dropna(subset=["name"])
    if frame.empty:
        return []
    top = frame.groupby("name").agg(lon=("lon", "median"), lat=("lat", "median"),
                                    n=("lon", "size"))
    top = top.sort_values(["n", "lat"], ascending=False, kind="stable").head(MAX_PLACE_LABELS)
    return [[round(float(r.lon), 5), round(float(r.lat), 5), str(name), int(r.n)]
            for name, r in top.iterrows()]


def _zones_geojson(zones: gpd.GeoDataFrame, joined: pd.DataFrame) -> dict:
    frame = zones[["zone_id", "name", "kind", "accuracy_m", "geometry"]].copy()
    frame["accuracy_m"] = frame["accuracy_m"].astype("float64")
    label = frame.geometry.representative_point()
    frame["label"] = [[round(x, 5), round(y, 5)] for x, y in zip(label.x, label.y)]
    hits = joined["zone_id"].value_counts() if "zone_id" in joined else pd.Series(dtype=int)
    frame["incidents"] = frame["zone_id"].astype(str).map(hits).fillna(0).astype(int)
    return json.loads(frame.to_json(drop_id=True, na="null"))


def _countries_geojson(bounds) -> dict:
    outlines = basemap.country_outlines(tuple(bounds) if bounds else None)
    return json.loads(outlines.to_json(drop_id=True))


def _bounds(lon, lat, zones, level) -> list[float] | None:
    """The box to open on: the precisely placed incidents (level 0) when there are any
    (``level`` given), else all incidents, else the zones."""
    if level is not None and len(lon) and (level == 0).any() and not (level == 0).all():
        lon, lat = lon[level == 0], lat[level == 0]
    if len(lon):
        box = [lon.min(), lat.min(), lon.max(), lat.max()]
    elif len(zones):
        box = list(zones.total_bounds)
    else:
        return None
    return [round(float(v), 5) for v in box] if np.isfinite(box).all() else None
