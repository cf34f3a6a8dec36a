"""GeoJSON FeatureCollections and GeoJSON text sequences (RFC 8142), read from bytes.

A sequence is one Feature per text, each text started by the record separator RS
(0x1E) as RFC 8142 and ``fio --rs`` write it, or one Feature per line (LF or CRLF only:
a JSON string may hold U+2028 and other line separators) as ``fio cat`` writes it
without ``--rs``. Every feature is checked here, whichever suffix the file has: a
feature that is not a JSON object, whose ``type`` is not ``"Feature"``, whose
``properties`` are not an object, or whose geometry cannot be read is a reject naming
its number; RFC 8142 asks readers to skip such texts and go on. A collection with a
(pre-RFC 7946) ``crs`` member in another CRS is reprojected to WGS84.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pandas as pd
import shapely

from geoincidents.errors import DataError
from geoincidents.formats._common import point_xy
from geoincidents.model import Reject

RS = "\x1e"

#: Names the readers keep for themselves (a property so named is refused).
RESERVED = ("_row", "_lon", "_lat")

_EXPECTED = "expected a GeoJSON Feature object"


def sniff(raw: bytes) -> str:
    """``"geojson"`` for one JSON document, ``"geojsonseq"`` for several texts."""
    try:
        json.loads(raw.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as exc:
        return "geojsonseq" if exc.msg == "Extra data" else "geojson"
    except (RecursionError, ValueError):
        return "geojson"
    return "geojson"


def read_bytes(raw: bytes, source: str) -> tuple[pd.DataFrame, list[Reject]]:
    """Features as a frame of their properties plus ``_lon``, ``_lat`` and ``_row``.

    ``_row`` is the 1-based feature number. Non-point geometries are placed at a point
    inside them (listed in ``frame.attrs["non_point_rows"]``); a null geometry leaves
    ``_lon``/``_lat`` empty so that the row is geocoded by its place, or rejected.
    """
    text = raw.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith(RS):
        return sequence_frame(split_texts(text), source)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            return sequence_frame(split_texts(text), source)
        raise DataError(f"{source}: not JSON ({exc.msg} at char {exc.pos}); expected "
                        "GeoJSON") from None
    except (RecursionError, ValueError) as exc:
        raise DataError(f"{source}: JSON nested deeper than can be read ({exc}); expected "
                        "GeoJSON") from None
    items = list(enumerate(_features(doc, source), start=1))
    rejects: list[Reject] = []
    features = [(n, f) for n, f in items if _check(n, f, source, rejects)]
    frame, more = _frame(features, source)
    transform = _crs_transform(doc, source)
    if transform is not None and len(frame):
        frame["_lon"], frame["_lat"] = transform(frame["_lon"].to_numpy(),
                                                 frame["_lat"].to_numpy())
    return frame, sorted(rejects + more, key=lambda r: r.row or 0)


def split_texts(text: str) -> Iterator[str]:
    """The texts of a sequence: split at RS when it has one, else at LF (CRLF) only."""
    if text.lstrip().startswith(RS):
        yield from text.split(RS)[1:]
    else:
        for line in text.split("\n"):
            yield line[:-1] if line.endswith("\r") else line


def sequence_frame(texts, source: str, *, first: int = 1
                   ) -> tuple[pd.DataFrame, list[Reject]]:
    """Features of a sequence's texts (blank texts skipped, the others numbered from
    ``first``), with rejects for texts that are not Features."""
    rejects: list[Reject] = []
    features: list[tuple[int, dict]] = []
    number = first - 1
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
        except (RecursionError, ValueError) as exc:
            rejects.append(Reject(source, number, None, chunk.strip()[:80],
                                  f"JSON nested deeper than can be read ({exc}); expected "
                                  "one GeoJSON Feature per text"))
            continue
        if _check(number, item, source, rejects):
            features.append((number, item))
    frame, more = _frame(features, source)
    return frame, sorted(rejects + more, key=lambda r: r.row or 0)


def _check(number: int, item: object, source: str, rejects: list[Reject]) -> bool:
    """True for a Feature object with object (or null) properties; else a reject."""
    if not isinstance(item, dict):
        rejects.append(Reject(source, number, None, _short(item),
                              f"a JSON {type(item).__name__}; {_EXPECTED}"))
        return False
    if item.get("type") != "Feature":
        rejects.append(Reject(source, number, "type", _short(item.get("type")),
                              f"type is {item.get('type')!r}; {_EXPECTED} "
                              '(type "Feature")'))
        return False
    props = item.get("properties")
    if props is not None and not isinstance(props, dict):
        rejects.append(Reject(source, number, "properties", _short(props),
                              f"a JSON {type(props).__name__}; expected a JSON object "
                              "of properties, or null"))
        return False
    reserved = sorted(set(props or {}) & set(RESERVED))
    if reserved:
        rejects.append(Reject(source, number, reserved[0], None,
                              f"properties {reserved} have names geoincidents keeps for "
                              "itself; rename them"))
        return False
    return True


def _short(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)[:80]
    except (TypeError, ValueError, RecursionError):
        return type(value).__name__


def _features(doc: object, source: str) -> list:
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features")
        if features is None:
            return []
        if not isinstance(features, list):
            raise DataError(f"{source}: 'features' is a JSON {type(features).__name__}; "
                            "expected a list of Features")
        return features
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        return [doc]
    kind = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
    raise DataError(f"{source}: a GeoJSON {kind}; expected a FeatureCollection, a Feature "
                    "or a sequence of Features")


def _crs_transform(doc: object, source: str):
    """A lon/lat transformer for a collection's legacy ``crs`` member, or None."""
    crs = doc.get("crs") if isinstance(doc, dict) else None
    if crs is None:
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and \
        isinstance(crs.get("properties"), dict) else None
    if not isinstance(name, str):
        raise DataError(f"{source}: 'crs' is {_short(crs)}; expected a named CRS "
                        '({"type": "name", "properties": {"name": "EPSG:4326"}}) or none')
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    try:
        given = CRS.from_user_input(name)
    except CRSError as exc:
        raise DataError(f"{source}: 'crs' names {name!r}, which is not a CRS ({exc})") \
            from None
    if given.equals(CRS("OGC:CRS84")) or given.equals(CRS("EPSG:4326")):
        return None
    transformer = Transformer.from_crs(given, "EPSG:4326", always_xy=True)
    return lambda x, y: transformer.transform(x, y)


def _frame(features: list[tuple[int, dict]], source: str
           ) -> tuple[pd.DataFrame, list[Reject]]:
    records, geoms, numbers = [], [], []
    rejects: list[Reject] = []
    for number, feature in features:
        try:
            record = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list))
                      else v for k, v in (feature.get("properties") or {}).items()}
        except (RecursionError, ValueError) as exc:
            rejects.append(Reject(source, number, "properties", None,
                                  f"nested deeper than can be read ({exc}); expected "
                                  "a JSON object of properties"))
            continue
        geom = feature.get("geometry")
        if geom is not None:
            try:
                geom = shapely.from_geojson(json.dumps(geom))
            except (shapely.errors.GEOSException, ValueError, TypeError,
                    RecursionError) as exc:
                rejects.append(Reject(source, number, "geometry", _short(geom),
                                      f"not a GeoJSON geometry ({exc}); expected e.g. "
                                      '{"type": "Point", "coordinates": [lon, lat]} or null'))
                continue
        records.append(record)
        geoms.append(geom)
        numbers.append(number)
    frame = pd.DataFrame.from_records(records).astype("object") if records else pd.DataFrame()
    frame.index = range(len(records))
    lon, lat, others = point_xy(np.array(geoms, dtype=object))
    frame["_lon"], frame["_lat"] = lon, lat
    frame["_row"] = np.asarray(numbers, dtype=np.int64)
    frame.attrs["non_point_rows"] = [numbers[i] for i in others]
    return frame, rejects
