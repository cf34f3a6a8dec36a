"""ACLED exports (CSV): the pre-2023 and the 2023 column sets, read and written.

Precision codes are ACLED's own: ``geo_precision`` 1 the named town itself, 2 near a
town or part of a region, 3 only a larger region; ``time_precision`` 1 the day, 2 a week
or so, 3 the month. They carry over unchanged, and ``uncertainty_m`` is the radius of
the geo precision code (`geoincidents.settings.precision_radius_m`: 2, 25, 100 km).

What the incident schema holds and ACLED has no column for (launch site, target,
munitions counts, injuries, provenance, an uncertainty radius that is not the default of
its code, a stance that is not "involved") is folded into ``notes`` as a trailing
``[geoincidents: {...json...}]`` and unfolded on import, so an ACLED-shaped export reads
back unchanged.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from geoincidents import event_types, model, settings
from geoincidents.formats import _common as c
from geoincidents.model import Reject

NAME = "acled"
COORDINATES = ("longitude", "latitude")

#: Columns of ACLED exports before the 2023 data model change.
COLUMNS_PRE_2023 = (
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year",
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "interaction", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "timestamp", "iso3")

#: Columns of ACLED exports since 2023 (``disorder_type``, ``civilian_targeting``, ``tags``).
COLUMNS_2023 = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp")

#: The columns a file must have to be read as ACLED.
REQUIRED = ("event_id_cnty", "event_date", "latitude", "longitude", "geo_precision")

#: ``event_date`` as the 2023 exports write it, then as the older exports and the
#: spreadsheets they went through did (``9-May-20``: the ``year`` column gives the century).
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y",
                "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f",
                "%Y-%m-%dT%H:%M:%SZ")

#: Columns read into schema columns as they are (the others travel beside the schema:
#: `geoincidents.formats._common.carry`).
CONSUMED = ("event_id_cnty", "event_date", "time_precision", "location", "latitude",
            "longitude", "geo_precision", "fatalities", "source", "notes", "geoincidents")

#: The column our own ACLED exports keep what ACLED has no column for in (JSON).
EXTRA_COLUMN = "geoincidents"


_EXTRAS = re.compile(r"\s*\[geoincidents: (\{.*\})\]\s*$", re.S)


def matches(header: list[str]) -> bool:
    """True when a CSV header is an ACLED export's."""
    return set(REQUIRED) <= set(header) and "event_type" in header


def version(header: list[str]) -> str:
    """``"2023"`` or ``"pre-2023"``: which ACLED column set a header follows."""
    return "2023" if "disorder_type" in header or "tags" in header else "pre-2023"


def to_frame(raw: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[Reject]]:
    """An ACLED table (strings, ``_row``) as model columns; unusable rows as rejects.

    Coordinates stay in ``latitude``/``longitude`` for `geoincidents.io.build_incidents`
    to check; dates, precision codes and ids are checked here.
    """
    header = [col for col in raw.columns if col != "_row"]
    raw, keep, rejects = c.begin(raw, source, required=REQUIRED,
                                 fmt=f"ACLED ({version(header)} columns)",
                                 id_column="event_id_cnty", coordinates=COORDINATES,
                                 dataset="ACLED")
    geo = c.check_codes(raw, "geo_precision", model.GEO_PRECISION, source, rejects, keep,
                        what="ACLED geo_precision")
    tp = (c.check_codes(raw, "time_precision", model.TIME_PRECISION, source, rejects, keep,
                        what="ACLED time_precision", required=False)
          if "time_precision" in raw else pd.Series(pd.NA, index=raw.index, dtype="Int64"))
    def col(name: str) -> pd.Series:
        return c.column(raw, name)

    notes, extras = _unfold(col("notes"))
    for i, extra in _extra_column(col(EXTRA_COLUMN)).items():
        extras.setdefault(i, {}).update(extra)
    # ACLED dates every event; only our own export of an undated incident has none
    ours = np.isin(np.arange(len(raw)), list(extras))
    dates = c.check_dates(raw, "event_date", DATE_FORMATS, source, rejects, keep,
                          expected="YYYY-MM-DD (2023 exports) or e.g. '20 December 2020'",
                          optional=ours)
    dates = c.check_year(raw, dates, "event_date", source, rejects, keep)
    out = pd.DataFrame({
        "incident_id": raw["event_id_cnty"].str.strip(),
        "event_type": c.per_distinct(_event_type, col("event_type"), col("sub_event_type")),
        "date": c.iso_days(dates),
        "time_precision": tp,
        "place": col("location"),
        "country": c.per_distinct(_country, col("iso"), col("country")),
        "geo_precision": geo,
        "uncertainty_m": c.lookup(geo, settings.precision_radius_m, float),
        "actors": c.join_actors(col("actor1"), col("assoc_actor_1"), col("actor2"),
                                col("assoc_actor_2")),
        "killed": col("fatalities"),
        "source": col("source"),
        "notes": notes,
        "latitude": raw["latitude"],
        "longitude": raw["longitude"],
        "_row": raw["_row"],
    })
    for i, extra in extras.items():
        for key, value in extra.items():
            if key in model.COLUMNS and key != "geometry":
                # as read, whatever it is: the placing step checks it as any other cell
                if key not in out:
                    out[key] = pd.Series(None, index=out.index, dtype="object")
                elif out[key].dtype != object:
                    out[key] = out[key].astype(object)
                out.at[i, key] = value if not isinstance(value, (dict, list)) else \
                    json.dumps(value)
    return c.finish(raw, out, keep, CONSUMED, NAME, id_column="event_id_cnty"), rejects


def _country(iso: object, name: object) -> str | None:
    """Alpha-2 of ACLED's ``iso`` (ISO numeric; 0 for Kosovo and the like), else of its
    ``country`` name."""
    text = str(iso).strip() if isinstance(iso, str) else ""
    code = c.country_code(text, by="numeric") if text.strip("0.") else None
    return code or c.country_code(name, by="name")


def _extra_column(values: pd.Series) -> dict[int, dict]:
    """What our own exports wrote in the `EXTRA_COLUMN` (a JSON object per row)."""
    out = {}
    for i, text in enumerate(values):
        if isinstance(text, str) and text.strip():
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):
                out[i] = value
    return out


def _event_type(event_type: object, sub_event_type: object) -> str:
    """Our type for an ACLED pair, from the registry ("Air/drone strike" reads as
    airstrike: ACLED does not tell drones apart)."""
    return event_types.from_acled(
        event_type.strip() if isinstance(event_type, str) else "",
        sub_event_type.strip() if isinstance(sub_event_type, str) else "")


def _unfold(notes: pd.Series) -> tuple[pd.Series, dict[int, dict]]:
    """Split our folded ``[geoincidents: {...}]`` off the notes."""
    texts, extras = [], {}
    for i, note in enumerate(notes):
        if isinstance(note, str) and (m := _EXTRAS.search(note)):
            try:
                extras[i] = json.loads(m.group(1))
                note = note[:m.start()]
            except json.JSONDecodeError:
                pass  # someone else's text that happens to look like ours: keep it as is
        texts.append(note)
    return pd.Series(texts, index=notes.index, dtype="object"), extras
