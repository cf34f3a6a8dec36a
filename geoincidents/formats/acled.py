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

#: ``event_date`` as the 2023 exports write it, then as the older exports did.
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y")


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
    # ACLED dates every event; only our own export of an undated incident has none
    ours = np.isin(np.arange(len(raw)), list(extras))
    dates = c.check_dates(raw, "event_date", DATE_FORMATS, source, rejects, keep,
                          expected="YYYY-MM-DD (2023 exports) or e.g. '20 December 2020'",
                          optional=ours)
    out = pd.DataFrame({
        "incident_id": raw["event_id_cnty"].str.strip(),
        "event_type": [_event_type(e, s) for e, s in zip(col("event_type"),
                                                          col("sub_event_type"))],
        "date": c.iso_days(dates),
        "time_precision": tp,
        "place": col("location"),
        "country": [c.country_code(i, by="numeric") or c.country_code(n, by="name")
                    for i, n in zip(col("iso"), col("country"))],
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
    out = out[keep].reset_index(drop=True)
    out.attrs["id_column"] = "event_id_cnty"  # named in messages about repeated ids
    return out, rejects


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


# -- export ---------------------------------------------------------------------------------

def from_incidents(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents as an ACLED-shaped table (2023 columns), strings and numbers.

    Fields ACLED cannot hold are folded into ``notes`` (see the module docstring).
    """
    n = len(incidents)
    frame = pd.DataFrame(incidents.drop(columns="geometry", errors="ignore"))
    geoms = incidents.geometry
    out = pd.DataFrame({name: pd.Series([None] * n, dtype="object") for name in COLUMNS_2023})
    types = [model.EVENT_TYPES.get(t, model.EVENT_TYPES["other"]) if isinstance(t, str)
             else ("", "") for t in frame["event_type"]]
    actors = [_split_actors(a) for a in frame["actors"]]
    countries = [c.country_record(cc) if isinstance(cc, str) else None
                 for cc in frame["country"]]
    out["event_id_cnty"] = frame["incident_id"].to_numpy()
    out["event_date"] = frame["date"].dt.strftime("%Y-%m-%d").to_numpy()
    out["year"] = frame["date"].dt.year.astype("Int64").to_numpy()
    out["time_precision"] = frame["time_precision"].to_numpy()
    out["event_type"] = [t[0] for t in types]
    out["sub_event_type"] = [t[1] for t in types]
    out["disorder_type"] = ["Demonstrations" if t[0] == "Protests" else
                            "Strategic developments" if t[0] == "Strategic developments" else
                            "Political violence" if t[0] else None for t in types]
    out["actor1"] = [a[0] for a in actors]
    out["actor2"] = [a[1] for a in actors]
    out["assoc_actor_1"] = [a[2] for a in actors]
    out["iso"] = pd.array([cty["isonumeric"] if cty else None for cty in countries],
                          dtype="Int64")
    out["country"] = [cty["name"] if cty else None for cty in countries]
    out["location"] = frame["place"].fillna(frame["place_name"]).to_numpy()
    out["latitude"] = np.round(geoms.y.to_numpy(), 6)
    out["longitude"] = np.round(geoms.x.to_numpy(), 6)
    out["geo_precision"] = frame["geo_precision"].to_numpy()
    out["source"] = frame["source"].to_numpy()
    out["fatalities"] = frame["killed"].to_numpy()
    out["notes"] = [_fold(note, extra) for note, extra in
                    zip(frame["notes"], _extras(frame, out, types, actors))]
    return out


def _split_actors(actors: object) -> tuple[str | None, str | None, str | None]:
    if not isinstance(actors, str):
        return None, None, None
    names = [re.sub(r"\s*\((?:%s)\)\s*$" % "|".join(model.STANCES), "", a).strip()
             for a in actors.split(";") if a.strip()]
    return (names[0] if names else None, names[1] if len(names) > 1 else None,
            "; ".join(names[2:]) or None)


#: Schema columns an ACLED row carries (everything else is folded into notes).
_CARRIED = {"incident_id", "date", "time_precision", "place", "geo_precision", "killed",
            "source", "notes", "event_type", "actors", "country", "uncertainty_m"}


def _extras(frame: pd.DataFrame, out: pd.DataFrame, types, actors) -> list[dict]:
    records = []
    reread_actors = c.join_actors(out["actor1"], out["assoc_actor_1"], out["actor2"],
                                  out["assoc_actor_2"])
    for i in range(len(frame)):
        row = frame.iloc[i]
        extra = {}
        for name in model.COLUMNS:
            if name in _CARRIED:
                continue
            value = row[name]
            if not pd.isna(value):
                extra[name] = _jsonable(value)
        ours = None if pd.isna(row["event_type"]) else row["event_type"]
        if _event_type(*types[i]) != ours:
            extra["event_type"] = ours
        if reread_actors.iat[i] != (None if pd.isna(row["actors"]) else row["actors"]):
            extra["actors"] = None if pd.isna(row["actors"]) else row["actors"]
        if isinstance(row["country"], str) and out["iso"].iat[i] is None:
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
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


def _fold(note: object, extra: dict) -> str | None:
    text = note if isinstance(note, str) else ""
    if not extra:
        return text or None
    folded = json.dumps(extra, ensure_ascii=False, sort_keys=True)
    return f"{text} [geoincidents: {folded}]" if text else f"[geoincidents: {folded}]"
