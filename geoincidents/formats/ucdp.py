"""UCDP Georeferenced Event Dataset (GED) CSV: read.

Positions: GED's ``where_prec`` says how precisely ``latitude``/``longitude`` place the
event; `WHERE_PREC` maps each code onto an ACLED-style ``geo_precision`` and an
uncertainty radius in metres. Dates: ``date_start`` is the incident's date and
``date_prec`` maps onto ``time_precision`` (`DATE_PREC`); when ``date_end`` differs, the
span is kept in ``date_text``. Deaths: ``best`` is ``killed``; ``low`` and ``high`` go
to ``notes``. ``side_a``/``side_b`` are the actors, ``source_article`` the source and
``where_coordinates`` the place as written.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geoincidents.formats import _common as c
from geoincidents.model import Reject

NAME = "ucdp"
COORDINATES = ("longitude", "latitude")

#: where_prec -> (geo_precision, uncertainty_m, meaning).
WHERE_PREC: dict[int, tuple[int, float, str]] = {
    1: (1, 2_000.0, "exact location of the event"),
    2: (2, 25_000.0, "within about 25 km of a known point"),
    3: (2, 50_000.0, "second-order administrative division (district)"),
    4: (3, 150_000.0, "first-order administrative division (province)"),
    5: (3, 300_000.0, "larger than a province, smaller than the country"),
    6: (3, 500_000.0, "only the country is known"),
    7: (3, 500_000.0, "international waters or airspace"),
}

#: date_prec -> (time_precision, meaning).
DATE_PREC: dict[int, tuple[int, str]] = {
    1: (1, "exact day"),
    2: (2, "within 2-6 days"),
    3: (2, "within the week"),
    4: (3, "within 8-30 days, or the month"),
    5: (3, "more than a month, or the year"),
}

REQUIRED = ("id", "where_prec", "date_prec", "date_start", "latitude", "longitude", "best")

DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%SZ",
                "%d %B %Y", "%d-%b-%y", "%d-%b-%Y")

#: Columns read into schema columns as they are (the others travel beside the schema).
CONSUMED = ("id", "date_start", "latitude", "longitude", "best", "source_article")


def matches(header: list[str]) -> bool:
    """True when a CSV header is a UCDP GED file's."""
    return {"where_prec", "date_prec", "latitude", "longitude"} <= set(header)


def to_frame(raw: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[Reject]]:
    """A GED table (strings, ``_row``) as model columns; unusable rows as rejects."""
    raw, keep, rejects = c.begin(raw, source, required=REQUIRED, fmt="UCDP GED",
                                 id_column="id", coordinates=COORDINATES, dataset="GED")
    where = c.check_codes(raw, "where_prec", WHERE_PREC, source, rejects, keep,
                          what="UCDP where_prec")
    when = c.check_codes(raw, "date_prec", DATE_PREC, source, rejects, keep,
                         what="UCDP date_prec")
    start = c.check_dates(raw, "date_start", DATE_FORMATS, source, rejects, keep,
                          expected="YYYY-MM-DD")
    start = c.check_year(raw, start, "date_start", source, rejects, keep)
    def col(name: str) -> pd.Series:
        return c.column(raw, name)

    end = c.parse_dates(col("date_end"), DATE_FORMATS)
    for i in np.flatnonzero(keep & end.isna().to_numpy() & ~c.blank(col("date_end"))):
        c.reject(rejects, source, raw, i, "date_end", raw["date_end"].iat[i],
                 f"{raw['date_end'].iat[i]!r} is not a date in the expected format; "
                 "expected YYYY-MM-DD")
        keep[i] = False
    for i in np.flatnonzero(keep & (end < start).to_numpy()):
        c.reject(rejects, source, raw, i, "date_end", raw["date_end"].iat[i],
                 f"ends before date_start {raw['date_start'].iat[i]!r}; expected "
                 "date_end >= date_start")
        keep[i] = False
    span = [f"{s} to {e}" if s is not None and e is not None and e != s else None
            for s, e in zip(c.iso_days(start), c.iso_days(end))]
    deaths = [_deaths(lo, hi) for lo, hi in zip(col("low"), col("high"))]
    out = pd.DataFrame({
        "incident_id": raw["id"].str.strip(),
        "event_type": "other",
        "date": c.iso_days(start),
        "time_precision": c.lookup(when, DATE_PREC, lambda e: e[0]),
        "date_text": span,
        "place": col("where_coordinates").where(~c.blank(col("where_coordinates")),
                                                col("where_description")),
        "country": c.per_distinct(lambda g, n: c.country_code(n, by="name") or
                                  c.country_code(g, by="gw"), col("country_id"), col("country")),
        "geo_precision": c.lookup(where, WHERE_PREC, lambda e: e[0]),
        "uncertainty_m": c.lookup(where, WHERE_PREC, lambda e: e[1]),
        "actors": c.join_actors(col("side_a"), col("side_b")),
        "killed": col("best"),
        "source": col("source_article"),
        "notes": [" ".join(x for x in (d, _text(w)) if x) or None
                  for d, w in zip(deaths, col("where_description"))],
        "latitude": raw["latitude"],
        "longitude": raw["longitude"],
        "_row": raw["_row"],
    })
    return c.finish(raw, out, keep, CONSUMED, NAME, id_column="id"), rejects


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _deaths(low: object, high: object) -> str | None:
    low, high = _text(low), _text(high)
    if not low and not high:
        return None
    return f"UCDP deaths low {low or '?'}, high {high or '?'}."
