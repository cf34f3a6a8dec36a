"""Folium maps of incidents and zones: the one module that imports folium.

User text reaches the page only escaped (popups, tooltips, the legend), and data reaches
JavaScript only through JSON serialisation.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element

from geoincidents import spatial
from geoincidents.io import check_writable

ZONE_STYLE = {
    "zone": "#2e7d32", "embassy": "#1565c0", "base": "#6a1b9a", "airport": "#ef6c00",
    "landmark": "#00838f",
}
EVENT_STYLE = {
    "rocket_attack": "#d32f2f", "drone_strike": "#7b1fa2", "airstrike": "#512da8",
    "ied": "#5d4037", "thwarted": "#0288d1", "raid": "#455a64", "protest": "#f9a825",
    "other": "#616161",
}
POPUP_FIELDS = (("date", "Date"), ("event_type", "Type"), ("place", "Place (as written)"),
                ("place_name", "Resolved place"), ("zone", "In zone"),
                ("zones_possible", "Possibly in"), ("uncertainty_m", "Uncertainty (m)"),
                ("launch_place", "Launched from"), ("target", "Target"), ("weapon", "Weapon"),
                ("n_fired", "Fired"), ("n_landed", "Landed"), ("n_misfired", "Misfired/defused"),
                ("n_seized", "Seized"), ("killed", "Killed"), ("injured", "Injured"),
                ("casualty_notes", "Casualties"), ("damage", "Damage"), ("actors", "Actors"),
                ("source_file", "Source"), ("quote", "Source text"), ("notes", "Notes"))


def incident_map(incidents: gpd.GeoDataFrame, zones: gpd.GeoDataFrame,
                 joined: pd.DataFrame | None = None, *, title: str = "Incidents",
                 tiles: str | None = "OpenStreetMap") -> folium.Map:
    """A folium map with switchable layers: zones, uncertainty, incidents, launch lines.

    Parameters
    ----------
    incidents : GeoDataFrame
        Incidents in the schema of `geoincidents.model`.
    zones : GeoDataFrame
        Zones from `geoincidents.zones`.
    joined : DataFrame, optional
        `spatial.join_zones` for these incidents (computed if missing), shown in popups.
    title : str
        Shown above the legend.
    tiles : str or None
        A folium/xyzservices tile name, or None for no base layer.
    """
    if joined is None:
        joined = spatial.join_zones(incidents, zones, nearest=False)
    fmap = folium.Map(tiles=tiles, control_scale=True)
    zone_names = dict(zip(zones["zone_id"], zones["name"]))
    _zones_layer(zones).add_to(fmap)
    _buffers_layer(incidents).add_to(fmap)
    _launch_layer(incidents).add_to(fmap)
    _incidents_layer(incidents, joined, zone_names).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.get_root().html.add_child(Element(_legend_html(title, incidents, zones)))
    bounds = _bounds(incidents, zones)
    if bounds is not None:
        fmap.fit_bounds(bounds)
    return fmap


def save_map(fmap: folium.Map, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the map as one HTML file (refusing to replace a file unless ``overwrite``)."""
    path = check_writable(path, overwrite=overwrite)
    fmap.save(str(path))
    return path


def _zones_layer(zones: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Zones")
    data = zones[["zone_id", "name", "kind", "source", "accuracy_m", "geometry"]].copy()
    data["accuracy_m"] = data["accuracy_m"].astype("float64")
    folium.GeoJson(
        data.to_json(),
        style_function=lambda f: {"color": ZONE_STYLE.get(f["properties"]["kind"], "#2e7d32"),
                                  "weight": 2, "fillOpacity": 0.15},
        tooltip=folium.GeoJsonTooltip(["name", "kind", "accuracy_m"],
                                      aliases=["Zone", "Kind", "Edge accuracy (m)"]),
    ).add_to(group)
    return group


def _buffers_layer(incidents: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Uncertainty")
    if len(incidents):
        polys = spatial.buffers(incidents)
        frame = gpd.GeoDataFrame({"incident_id": incidents["incident_id"].astype(str),
                                  "radius_m": incidents["uncertainty_m"].round()},
                                 geometry=polys, crs=incidents.crs).dropna(subset=["geometry"])
        folium.GeoJson(frame.to_json(), style_function=lambda f: {
            "color": "#555", "weight": 1, "dashArray": "4", "fillOpacity": 0.05},
            tooltip=folium.GeoJsonTooltip(["incident_id", "radius_m"],
                                          aliases=["Incident", "Radius (m)"]),
        ).add_to(group)
    return group


def _launch_layer(incidents: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Launch → impact")
    has = incidents["launch_lon"].notna() & incidents["launch_lat"].notna()
    for row, point in zip(incidents[has].itertuples(), incidents[has].geometry):
        d_km = float(spatial.distance_m(row.launch_lon, row.launch_lat, point.x, point.y)) / 1000
        label = html.escape(f"{_text(row.launch_place, 'launch site')} → "
                            f"{_text(row.place_name, 'impact')}: {d_km:.1f} km")
        folium.PolyLine([(row.launch_lat, row.launch_lon), (point.y, point.x)], color="#b71c1c",
                        weight=2, dash_array="6 4", tooltip=label).add_to(group)
        folium.CircleMarker((row.launch_lat, row.launch_lon), radius=4, color="#b71c1c",
                            fill=True, fill_opacity=1,
                            tooltip=html.escape(f"launch site: {_text(row.launch_place, '?')}"),
                            ).add_to(group)
    return group


def _incidents_layer(incidents: gpd.GeoDataFrame, joined: pd.DataFrame,
                     zone_names: dict) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Incidents")
    zone = joined["zone_id"].map(zone_names)
    for (idx, row), point in zip(incidents.iterrows(), incidents.geometry):
        values = dict(row)
        values["zone"] = zone.get(idx)
        values["zones_possible"] = joined.at[idx, "zones_possible"]
        casualties = int(np.nansum([_num(row["killed"]), _num(row["injured"])]))
        color = EVENT_STYLE.get(row["event_type"], EVENT_STYLE["other"])
        folium.CircleMarker(
            (point.y, point.x), radius=6 + min(casualties, 10), color=color, fill=True,
            fill_opacity=0.5 if row["background"] is True else 0.9,
            popup=folium.Popup(popup_html(values), max_width=360),
            tooltip=html.escape(f"{row['incident_id']}: {row['event_type']}"),
        ).add_to(group)
    return group


def _text(value, default: str) -> str:
    return default if value is None or pd.isna(value) or value == "" else str(value)


def _num(value) -> float:
    return float(value) if pd.notna(value) else np.nan


def popup_html(values: dict) -> str:
    """An HTML table of an incident's fields; every value is escaped."""
    cells = []
    for key, label in POPUP_FIELDS:
        value = values.get(key)
        if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
            continue
        if isinstance(value, pd.Timestamp):
            value = value.strftime("%Y-%m-%d")
        elif isinstance(value, float):
            value = f"{value:,.0f}"
        cells.append(f"<tr><th>{html.escape(label)}</th><td>{html.escape(str(value))}</td></tr>")
    title = html.escape(str(values.get("incident_id", "")))
    return f"<b>{title}</b><table>{''.join(cells)}</table>"


def _legend_html(title: str, incidents: gpd.GeoDataFrame, zones: gpd.GeoDataFrame) -> str:
    kinds = sorted(set(zones["kind"].dropna()))
    events = sorted(set(incidents["event_type"].dropna()))
    rows = [f"<div><b>{html.escape(title)}</b></div>", "<div><i>Zones</i></div>"]
    rows += [f'<div><span style="display:inline-block;width:12px;height:12px;border:2px solid '
             f'{ZONE_STYLE.get(k, "#2e7d32")}"></span> {html.escape(k)}</div>' for k in kinds]
    rows.append("<div><i>Incidents</i> (size grows with casualties; faded: background)</div>")
    rows += [f'<div><span style="display:inline-block;width:12px;height:12px;border-radius:6px;'
             f'background:{EVENT_STYLE.get(e, "#616161")}"></span> '
             f'{html.escape(e.replace("_", " "))}</div>' for e in events]
    rows.append('<div><span style="display:inline-block;width:18px;border-top:2px dashed '
                '#b71c1c"></span> launch → impact</div>')
    rows.append('<div><span style="display:inline-block;width:12px;height:12px;border:1px dashed '
                '#555;border-radius:6px"></span> uncertainty radius</div>')
    return ('<div class="gi-legend" style="position:fixed;bottom:24px;left:12px;z-index:1000;'
            'background:white;padding:8px;border:1px solid #999;font:12px sans-serif">'
            + "".join(rows) + "</div>")


def _bounds(incidents: gpd.GeoDataFrame, zones: gpd.GeoDataFrame):
    # frame the incidents; the zones only when there are none
    geoms = incidents.geometry if len(incidents) else zones.geometry
    if not len(geoms):
        return None
    minx, miny, maxx, maxy = geoms.total_bounds
    if not np.isfinite([minx, miny, maxx, maxy]).all():
        return None
    return [[miny, minx], [maxy, maxx]]
