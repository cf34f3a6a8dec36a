"""Incidents written as an ACLED export (``--to acled``).

The 2023 columns, in ACLED's order, then the columns of an older export an incident
came with (``data_id``, ``iso3`` ...). An incident read from ACLED gets its own cells
back: the columns it travelled with (`geoincidents.formats._common.carry`: ``admin1``,
``sub_event_type``, ``actor1`` ... ``assoc_actor_2``, ``inter1``, ``timestamp`` ...) are
written as they were read whenever they still agree with the incident (its event type,
actors, country and year), so an ACLED file converted to ACLED comes back equal in every
column it had. Other incidents get ACLED's columns made from ours.

What ACLED has no column for (launch site, target, munitions counts, injuries,
provenance, a stance other than "involved", an uncertainty radius other than its code's
default) goes to one more column, ``geoincidents``, as a JSON object, which the ACLED
reader reads back; ``notes`` stay the notes.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from geoincidents import event_types, model
from geoincidents.formats import _common as c
from geoincidents.formats.acled import (COLUMNS_2023, COLUMNS_PRE_2023, EXTRA_COLUMN, NAME,
                                        _event_type)

#: ACLED ``disorder_type`` by ``event_type`` (ACLED's 2023 codebook).
DISORDER = {"Battles": "Political violence", "Violence against civilians": "Political violence",
            "Explosions/Remote violence": "Political violence", "Riots":
            "Political violence; Demonstrations", "Protests": "Demonstrations",
            "Strategic developments": "Strategic developments"}


def from_incidents(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents as an ACLED-shaped table: strings and numbers (see the module doc)."""
    n = len(incidents)
    frame = pd.DataFrame(incidents.drop(columns="geometry", errors="ignore")).reset_index(
        drop=True)
    geoms = incidents.geometry
    old = [col for col in COLUMNS_PRE_2023 if col not in COLUMNS_2023
           and c.carried_name(col, NAME) in frame]
    out = pd.DataFrame({name: pd.Series([None] * n, dtype="object")
                        for name in (*COLUMNS_2023, *old)})

    def given(col: str) -> pd.Series:
        """The incident's own cells of an ACLED column (None where it has none)."""
        name = c.carried_name(col, NAME)
        if name not in frame:
            return pd.Series([None] * n, dtype="object")
        values = frame[name].astype(object)
        return values.where(values.notna() & (values.astype(str).str.strip() != ""), None)

    for col in out.columns:  # every column it travelled with, as it was
        out[col] = given(col).to_numpy()
    ours = [t if isinstance(t, str) else None for t in frame["event_type"]]
    # the type: its own pair while that still reads as its type, else the registry's
    pairs = [(e, s) if isinstance(e, str) and t is not None and _event_type(e, s) == t
             else (event_types.to_acled(t) if t is not None else (None, None))
             for e, s, t in zip(out["event_type"], out["sub_event_type"], ours)]
    kept_pair = [p[0] == e for p, e in zip(pairs, out["event_type"])]
    out["event_type"] = [p[0] for p in pairs]
    out["sub_event_type"] = [p[1] for p in pairs]
    out["disorder_type"] = [d if k and d is not None else DISORDER.get(p[0])
                            for d, k, p in zip(out["disorder_type"], kept_pair, pairs)]
    _actors(frame, out)
    _country(frame, out)
    out["event_id_cnty"] = frame["incident_id"].to_numpy(dtype=object)
    days = c.iso_days(frame["date"])
    out["event_date"] = days
    years = frame["date"].dt.year.astype("Int64")
    out["year"] = [y if _same_number(y, want) else want
                   for y, want in zip(out["year"], years.astype(object).where(
                       years.notna(), None))]
    out["time_precision"] = frame["time_precision"].to_numpy()
    out["location"] = frame["place"].fillna(frame["place_name"]).to_numpy()
    out["latitude"] = np.round(geoms.y.to_numpy(), 6)
    out["longitude"] = np.round(geoms.x.to_numpy(), 6)
    out["geo_precision"] = frame["geo_precision"].to_numpy()
    out["source"] = frame["source"].to_numpy()
    out["notes"] = frame["notes"].to_numpy()
    out["fatalities"] = frame["killed"].to_numpy()
    extras = _extras(frame, out)
    if any(extras):
        out[EXTRA_COLUMN] = [json.dumps(e, ensure_ascii=False, sort_keys=True) if e else None
                             for e in extras]
    return out


def _same_number(cell: object, want: object) -> bool:
    if cell is None or want is None:
        return False
    try:
        return float(cell) == float(want)
    except (TypeError, ValueError):
        return False


def _actors(frame: pd.DataFrame, out: pd.DataFrame) -> None:
    """ACLED's four actor columns: those the incident came with while they still read as
    its ``actors``; else its actors in order (the first two as actor1 and actor2, the
    others as assoc_actor_1)."""
    cols = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
    reread = c.join_actors(*(out[col] for col in cols))
    for i, actors in enumerate(frame["actors"]):
        actors = actors if isinstance(actors, str) else None
        if reread.iat[i] == actors:
            continue
        a1, a2, rest = _split_actors(actors)
        for col, value in zip(cols, (a1, rest, a2, None)):
            out.at[i, col] = value


def _split_actors(actors: object) -> tuple[str | None, str | None, str | None]:
    if not isinstance(actors, str):
        return None, None, None
    stance = re.compile(rf"\s*\((?:{'|'.join(model.STANCES)})\)\s*$")
    names = [stance.sub("", a).strip() for a in actors.split(";") if a.strip()]
    return (names[0] if names else None, names[1] if len(names) > 1 else None,
            "; ".join(names[2:]) or None)


def _country(frame: pd.DataFrame, out: pd.DataFrame) -> None:
    """``iso`` and ``country``: the incident's own while they name its country, else
    GeoNames' number and name of its alpha-2 code."""
    for i, code in enumerate(frame["country"]):
        code = code if isinstance(code, str) else None
        iso, name = out.at[i, "iso"], out.at[i, "country"]
        if code is None:
            continue
        record = c.country_record(code)
        if c.country_code(name, by="name") != code:
            out.at[i, "country"] = record["name"] if record else None
        if iso is None or (c.country_code(iso, by="numeric") not in (code, None)):
            out.at[i, "iso"] = int(record["isonumeric"]) if record else None


#: Schema columns an ACLED row holds (the others go to the `EXTRA_COLUMN`).
_HELD = {"incident_id", "date", "time_precision", "place", "geo_precision", "killed",
         "source", "notes", "event_type", "actors", "country", "uncertainty_m"}


def _extras(frame: pd.DataFrame, out: pd.DataFrame) -> list[dict]:
    records = []
    reread_actors = c.join_actors(out["actor1"], out["assoc_actor_1"], out["actor2"],
                                  out["assoc_actor_2"])
    for i in range(len(frame)):
        row = frame.iloc[i]
        extra = {}
        for name in model.COLUMNS:
            if name in _HELD or name == "geometry":
                continue
            value = row[name]
            if not pd.isna(value):
                extra[name] = _jsonable(value)
        ours = None if pd.isna(row["event_type"]) else row["event_type"]
        if _event_type(out.at[i, "event_type"] or "", out.at[i, "sub_event_type"] or "") \
                != ours:
            extra["event_type"] = ours
        if reread_actors.iat[i] != (None if pd.isna(row["actors"]) else row["actors"]):
            extra["actors"] = None if pd.isna(row["actors"]) else row["actors"]
        if isinstance(row["country"], str) and out.at[i, "iso"] is None:
            extra["country"] = row["country"]
        default = (model.radius_for_precision(row["geo_precision"])
                   if not pd.isna(row["geo_precision"]) else None)
        if not pd.isna(row["uncertainty_m"]) and row["uncertainty_m"] != default:
            extra["uncertainty_m"] = float(row["uncertainty_m"])
        records.append(extra)
    return records


def _jsonable(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()[:10]
    if isinstance(value, np.datetime64):
        return str(value)[:10]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value
