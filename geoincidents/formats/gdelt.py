"""GDELT event files (1.0 and 2.0 events, tab-separated, no header): read.

The event is placed at ``ActionGeo_Lat``/``ActionGeo_Long``; ``ActionGeo_Type`` says
what that point stands for and `GEO_TYPES` maps it onto an ACLED-style ``geo_precision``
and an uncertainty radius in metres. GDELT geocodes a place named in a news article to
that place's centroid, so even a city (types 3 and 4) is only known to its extent.
``SQLDATE`` is the day (``time_precision`` 1); ``ActionGeo_FullName`` the place;
``ActionGeo_CountryCode`` is a FIPS 10-4 code, turned into ISO alpha-2; CAMEO event
codes map onto our event types (`event_type_for`); ``SOURCEURL`` is the source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geoincidents.errors import DataError
from geoincidents.formats import _common as c
from geoincidents.model import Reject

NAME = "gdelt"

#: The columns that place the event (lon, lat).
COORDINATES = ("ActionGeo_Long", "ActionGeo_Lat")

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_EVENT = ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")


def _geo(prefix: str, adm2: bool) -> list[str]:
    fields = ["Type", "FullName", "CountryCode", "ADM1Code"] + (["ADM2Code"] if adm2 else []) \
        + ["Lat", "Long", "FeatureID"]
    return [f"{prefix}Geo_{f}" for f in fields]


def _columns(version: int, *, source_url: bool = True) -> tuple[str, ...]:
    head = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    actors = [f"Actor{n}{f}" for n in (1, 2) for f in _ACTOR]
    geo = [g for p in ("Actor1", "Actor2", "Action") for g in _geo(p, version == 2)]
    tail = ["DATEADDED"] + (["SOURCEURL"] if source_url else [])
    return tuple(head + actors + list(_EVENT) + geo + tail)


#: Column names by field count: 1.0 back file (57), 1.0 daily (58), 2.0 (61).
COLUMNS: dict[int, tuple[str, ...]] = {57: _columns(1, source_url=False), 58: _columns(1),
                                      61: _columns(2)}

#: Columns read into schema columns as they are (the others travel beside the schema).
CONSUMED = ("GLOBALEVENTID", "SQLDATE", "ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL")

#: ActionGeo_Type -> (geo_precision, uncertainty_m, meaning).
GEO_TYPES: dict[int, tuple[int, float, str]] = {
    1: (3, 500_000.0, "country"),
    2: (3, 300_000.0, "US state"),
    3: (1, 5_000.0, "US city or landmark"),
    4: (1, 5_000.0, "world city or landmark"),
    5: (3, 150_000.0, "world state / province (ADM1)"),
}

#: CAMEO event codes (by prefix, longest first) -> our event types.
CAMEO: dict[str, str] = {"1951": "airstrike", "1952": "drone_strike", "195": "airstrike",
                         "194": "rocket_attack", "183": "ied", "14": "protest"}


def sniff(first_line: str) -> bool:
    """True when a line looks like a GDELT event row (tabs, known width, numeric id/date)."""
    fields = first_line.rstrip("\r\n").split("\t")
    return (len(fields) in COLUMNS and fields[0].strip().isdigit()
            and len(fields[1].strip()) == 8 and fields[1].strip().isdigit())


def event_type_for(code: object) -> str:
    """Our event type for a CAMEO event code (``"other"`` when none fits)."""
    text = str(code).strip() if isinstance(code, str) else ""
    return next((t for prefix, t in CAMEO.items() if text.startswith(prefix)), "other")


def lines(text: str) -> list[str]:
    """The rows of GDELT text: split at LF (and CRLF) only. A field may hold any other
    character (U+2028, U+0085, form feed, a lone CR ...): those do not end a row."""
    out = text.split("\n")
    if out and out[-1] == "":
        out.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in out]


def width_of(text: str, source: str) -> int:
    """The field count of the first row that is not blank (57, 58 or 61)."""
    first = next((ln for ln in lines(text[:1 << 20]) if ln.strip()), "")
    width = len(first.split("\t"))
    if width not in COLUMNS:
        raise DataError(f"{source}, row 1: {width} tab-separated fields; expected a GDELT "
                        f"event file with {sorted(COLUMNS)} fields (1.0 back file, 1.0 "
                        "daily, 2.0)")
    return width


def read_text(raw: bytes | str, source: str, *, first_row: int = 1,
              width: int | None = None) -> tuple[pd.DataFrame, list[Reject]]:
    """Parse GDELT event rows into a frame of strings named as `COLUMNS` (plus ``_row``);
    rows are numbered from ``first_row``, and have ``width`` fields (that of the first
    row when None)."""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    width = width or width_of(text, source)
    # GDELT 1.0 added SOURCEURL in April 2013: a 1.0 file may mix 57- and 58-field rows,
    # each read by its own width (a 57-field row has no source URL)
    widths = (57, 58) if width in (57, 58) else (width,)
    names = COLUMNS[max(widths)]
    rows, numbers, rejects = [], [], []
    for row_no, line in enumerate(lines(text), start=first_row):
        fields = line.split("\t")
        if not any(f.strip() for f in fields):
            rejects.append(Reject(source, row_no, None, None, "empty row; expected a GDELT "
                                  "event"))
            continue
        if len(fields) not in widths:
            expected = " or ".join(map(str, widths))
            rejects.append(Reject(source, row_no, None, line[:80],
                                  f"has {len(fields)} fields; expected {expected} (GDELT "
                                  f"{'1.0' if width in (57, 58) else '2.0'} as in row 1)"))
            continue
        rows.append(fields + [""] * (len(names) - len(fields)))
        numbers.append(row_no)
    frame = pd.DataFrame(rows, columns=list(names), dtype="object")
    frame["_row"] = np.asarray(numbers, dtype=np.int64)
    return frame, rejects


def to_frame(raw: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[Reject]]:
    """GDELT rows (strings, ``_row``) as model columns; unusable rows as rejects."""
    raw, keep, rejects = c.begin(raw, source, required=(), fmt="GDELT",
                                 id_column="GLOBALEVENTID", coordinates=(), dataset="GDELT")
    geo = c.check_codes(raw, "ActionGeo_Type", GEO_TYPES, source, rejects, keep,
                        what="GDELT ActionGeo_Type; 0 or empty means the event has no place")
    c.check_required(raw, ("ActionGeo_Lat", "ActionGeo_Long"), source, rejects, keep,
                     why="a coordinate in degrees")
    dates = c.check_dates(raw, "SQLDATE", ("%Y%m%d",), source, rejects, keep,
                          expected="YYYYMMDD")

    def col(name: str) -> pd.Series:
        return c.column(raw, name)

    out = pd.DataFrame({
        "incident_id": raw["GLOBALEVENTID"].str.strip(),
        "event_type": c.per_distinct(event_type_for, raw["EventCode"]),
        "date": c.iso_days(dates),
        "time_precision": 1,
        "place": raw["ActionGeo_FullName"],
        "country": c.per_distinct(lambda f: c.country_code(f, by="fips"),
                                  raw["ActionGeo_CountryCode"]),
        "geo_precision": c.lookup(geo, GEO_TYPES, lambda e: e[0]),
        "uncertainty_m": c.lookup(geo, GEO_TYPES, lambda e: e[1]),
        "actors": c.join_actors(raw["Actor1Name"], raw["Actor2Name"]),
        "source": col("SOURCEURL"),
        "notes": [f"GDELT CAMEO event {code}" if isinstance(code, str) and code.strip()
                  else None for code in raw["EventCode"]],
        "ActionGeo_Lat": raw["ActionGeo_Lat"],
        "ActionGeo_Long": raw["ActionGeo_Long"],
        "_row": raw["_row"],
    })
    return c.finish(raw, out, keep, CONSUMED, NAME, id_column="GLOBALEVENTID"), rejects
