"""A map payload packed for the page: small values as JSON, big columns as one binary blob.

`pack` walks the payload: numpy arrays become typed-array slices of one little-endian blob
(read in the page as ``Int32Array`` and friends, no per-row parsing), `JsonSection` values
become UTF-8 JSON slices of the same blob, and everything else stays plain JSON. The blob
is gzipped above a size (read back with the browser's ``DecompressionStream``) and base64'd,
so no user text can end the ``<script>`` element that holds it; the plain JSON is escaped
the same way (`page_json`). `unpack` reads a packed payload back (tests, tools).
"""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import dataclass
from typing import Any

import numpy as np

#: The integer that stands for "no value" in integer columns (days, counts).
NONE_INT = -(2 ** 31)
#: Typed arrays the page knows, by numpy dtype name.
DTYPES = ("int8", "uint8", "int16", "uint16", "int32", "uint32", "float32", "float64")


@dataclass(frozen=True)
class JsonSection:
    """A (large) JSON value that travels in the blob instead of the plain JSON."""

    value: Any


def page_json(data: object) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (still the same
    JSON), so no user text can close the element or open a comment.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def pack(payload: dict, *, compress: bool) -> str:
    """The payload as the text of a ``<script type="application/json">`` element."""
    blob = bytearray()

    def walk(value):
        if isinstance(value, np.ndarray):
            arr = np.ascontiguousarray(value)
            if arr.dtype.name not in DTYPES:
                raise TypeError(f"column of dtype {arr.dtype} cannot go into the page")
            blob.extend(b"\0" * (-len(blob) % 8))  # typed arrays need aligned offsets
            offset = len(blob)
            blob.extend(arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes())
            return {"$blob": arr.dtype.name, "offset": offset, "length": int(arr.size)}
        if isinstance(value, JsonSection):
            raw = json.dumps(value.value, ensure_ascii=False, separators=(",", ":"),
                             allow_nan=False).encode("utf-8")
            offset = len(blob)
            blob.extend(raw)
            return {"$blob": "json", "offset": offset, "length": len(raw)}
        if isinstance(value, dict):
            return {str(k): walk(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        if isinstance(value, np.generic):
            return value.item()
        return value

    meta = walk(payload)
    raw = bytes(blob)
    packed = gzip.compress(raw, compresslevel=1, mtime=0) if compress else raw
    # base64 holds no character that could end the element: only the rest is escaped
    return (f'{{"meta":{page_json(meta)},"gzip":{"true" if compress else "false"},'
            f'"blob":"{base64.b64encode(packed).decode("ascii")}"}}')


def unpack(text: str, *, as_lists: bool = True) -> dict:
    """Read `pack`'s output back; columns as lists (``as_lists``) or numpy arrays."""
    outer = json.loads(text)
    raw = base64.b64decode(outer["blob"])
    if outer["gzip"]:
        raw = gzip.decompress(raw)

    def walk(value):
        if isinstance(value, dict):
            kind = value.get("$blob") if isinstance(value.get("offset"), int) else None
            if kind == "json":
                return json.loads(raw[value["offset"]:value["offset"] + value["length"]])
            if kind is not None:
                arr = np.frombuffer(raw, dtype=np.dtype(kind).newbyteorder("<"),
                                    count=value["length"], offset=value["offset"])
                return arr.tolist() if as_lists else arr
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(outer["meta"])
