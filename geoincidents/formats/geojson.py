"""GeoJSON FeatureCollections and GeoJSON text sequences (RFC 8142), read from bytes.

A sequence is one Feature per text, each text started by the record separator RS
(0x1E) as RFC 8142 and ``fio --rs`` write it, or one Feature per line as
``fio cat`` writes it without ``--rs``. A text that is not a JSON Feature is a reject
(RFC 8142 asks readers to skip such texts and go on).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely

from geoincidents.errors import DataError
from geoincidents.formats._common import point_xy
from geoincidents.model import Reject

RS = "\x1e"


def sniff(raw: bytes) -> str:
    """``"geojson"`` for one JSON document, ``"geojsonseq"`` for several texts."""
    try:
        json.loads(raw.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as exc:
        return "geojsonseq" if exc.msg == "Extra data" else "geojson"
    return "geojson"


def read_bytes(raw: bytes, source: str) -> tuple[pd.DataFrame, list[Reject]]:
    """Features as a frame of their properties plus ``_lon``, ``_lat`` and ``_row``.

    ``_row`` is the 1-based feature number. Non-point geometries are placed at a point
    inside them (listed in ``frame.attrs["non_point_rows"]``); a null geometry leaves
    ``_lon``/``_lat`` empty so that the row is geocoded by its place, or rejected.
    """
    text = raw.decode("utf-8-sig", errors="replace")
    rejects: list[Reject] = []
    features: list[tuple[int, dict]] = []
    stripped = text.lstrip()
    if stripped.startswith(RS):
        texts = text.split(RS)[1:]
    else:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            texts = text.splitlines()
        else:
            texts = None
            features = list(enumerate(_features(doc, source), start=1))
    if texts is not None:
        number = 0
        for chunk in texts:
            if not chunk.strip():
                continue
            number += 1
            try:
                item = json.loads(chunk)
            except json.JSONDecodeError as exc:
                rejects.append(Reject(source, number, None, chunk.strip()[:80],
                                      f"not JSON ({exc.msg} at char {exc.pos}); expected "
                                      "one GeoJSON Feature per text"))
                continue
            if not isinstance(item, dict) or item.get("type") != "Feature":
                kind = item.get("type") if isinstance(item, dict) else type(item).__name__
                rejects.append(Reject(source, number, "type", str(kind),
                                      "expected a GeoJSON Feature in each text of a sequence"))
                continue
            features.append((number, item))
    return _frame(features, source), rejects


def _features(doc: object, source: str) -> list[dict]:
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        return list(doc.get("features") or [])
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        return [doc]
    kind = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
    raise DataError(f"{source}: a GeoJSON {kind}; expected a FeatureCollection, a Feature "
                    "or a sequence of Features")


def _frame(features: list[tuple[int, dict]], source: str) -> pd.DataFrame:
    records = []
    geoms = []
    for _, feature in features:
        props = feature.get("properties") or {}
        records.append({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list))
                        else v for k, v in props.items()})
        geom = feature.get("geometry")
        try:
            geoms.append(shapely.from_geojson(json.dumps(geom)) if geom else None)
        except shapely.errors.GEOSException:
            geoms.append(None)
    frame = pd.DataFrame.from_records(records).astype("object") if records else pd.DataFrame()
    frame.index = range(len(features))
    lon, lat, others = point_xy(np.array(geoms, dtype=object))
    frame["_lon"], frame["_lat"] = lon, lat
    frame["_row"] = [n for n, _ in features]
    frame.attrs["non_point_rows"] = [features[i][0] for i in others]
    return frame
