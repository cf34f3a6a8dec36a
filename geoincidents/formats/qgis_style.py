"""A QGIS layer style for the incidents of a GeoPackage: one symbol per event type.

QGIS reads a GeoPackage's ``layer_styles`` table (the table it writes itself with "Save
style ... in database") and applies the style marked ``useAsDefault`` when the layer is
opened. The style here is a categorized renderer on ``event_type`` whose categories,
labels, colours and marker shapes come from the event-type registry
(`geoincidents.event_types`), as the map's do.
"""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

from geoincidents import event_types

#: Our marker shapes as QGIS simple-marker names (and a rotation in degrees).
QGIS_SHAPES = {"circle": ("circle", 0), "square": ("square", 0), "triangle": ("triangle", 0),
               "triangle-down": ("triangle", 180), "diamond": ("diamond", 0),
               "star": ("star", 0), "cross": ("cross_fill", 0), "hexagon": ("hexagon", 0)}

STYLE_NAME = "geoincidents event types"


def _rgba(color: str) -> str:
    color = color.lstrip("#")
    return ",".join(str(int(color[i:i + 2], 16)) for i in (0, 2, 4)) + ",255"


def _option(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, "Option", name=name, type="QString", value=value)


def qml(field: str = "event_type") -> str:
    """The style as QML (QGIS's XML): a categorized renderer on ``field``."""
    root = ET.Element("qgis", version="3.28.0", styleCategories="Symbology")
    renderer = ET.SubElement(root, "renderer-v2", type="categorizedSymbol", attr=field,
                             symbollevels="0", enableorderby="0", forceraster="0")
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    for k, t in enumerate(event_types.registry().values()):
        ET.SubElement(categories, "category", value=t.name, label=t.label, symbol=str(k),
                      render="true")
        symbol = ET.SubElement(symbols, "symbol", type="marker", name=str(k), alpha="1",
                               clip_to_extent="1", force_rhr="0")
        layer = ET.SubElement(symbol, "layer", {"class": "SimpleMarker", "enabled": "1",
                                                "locked": "0", "pass": "0"})
        options = ET.SubElement(layer, "Option", type="Map")
        shape, angle = QGIS_SHAPES.get(t.shape, ("circle", 0))
        for name, value in (("angle", str(angle)), ("color", _rgba(t.color)),
                            ("name", shape), ("outline_color", "35,35,35,255"),
                            ("outline_width", "0.2"), ("size", "3"), ("size_unit", "MM")):
            _option(options, name, value)
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + \
        ET.tostring(root, encoding="unicode")


def add_to_geopackage(path: str | Path, layer: str, *, geometry_column: str,
                      timestamp: str) -> None:
    """Write the style into ``path``'s ``layer_styles`` table as the default of ``layer``
    (the table registered in ``gpkg_contents`` as attributes, as QGIS does)."""
    with sqlite3.connect(path) as db:
        db.execute("""CREATE TABLE IF NOT EXISTS layer_styles (
            id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256),
            f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256),
            styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN,
            description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME)""")
        db.execute("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name,"
                   " f_geometry_column, styleName, styleQML, styleSLD, useAsDefault,"
                   " description, owner, ui, update_time) VALUES"
                   " ('', '', ?, ?, ?, ?, '', 1, ?, '', NULL, ?)",
                   (layer, geometry_column, STYLE_NAME, qml(),
                    "incidents by event type (geoincidents)", timestamp))
        db.execute("INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier,"
                   " description, last_change) VALUES ('layer_styles', 'attributes',"
                   " 'layer_styles', '', ?)", (timestamp,))
    db.close()
