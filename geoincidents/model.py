"""The incident schema: columns, dtypes, vocabularies, precision codes, and rejects.

Every reader (tables, articles, the field's formats) produces a GeoDataFrame that
`conform` has shaped to `COLUMNS`; every consumer (spatial, report, render) may rely on
those columns being present with those dtypes. Points are EPSG:4326 (lon, lat).

Mapping onto ACLED
------------------
=====================  =================================  ===========================
our column             ACLED column                       note
=====================  =================================  ===========================
incident_id            event_id_cnty
event_type             event_type / sub_event_type        see `EVENT_TYPES`
date                   event_date
time_precision         time_precision                     same codes 1-3
place                  location                           as written in the source
place_name             location                           the gazetteer's name
country                iso / country                      ISO 3166-1 alpha-2 here
geometry               longitude, latitude
geo_precision          geo_precision                      same codes 1-3
uncertainty_m          (none)                             derived from geo_precision
actors                 actor1, actor2, assoc_actor_*      "name (stance); ..."
killed                 fatalities
injured                (none)                             ACLED does not count injuries
source                 source
quote, notes           notes
=====================  =================================  ===========================
Launch site, target, munitions counts and provenance offsets have no ACLED column; an
ACLED-shaped export folds them into ``notes``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from geoincidents import event_types, settings

if TYPE_CHECKING:  # (imported where a frame is built: `places` needs no geopandas)
    import geopandas as gpd

#: Event types and their ACLED (event_type, sub_event_type), from the one registry.
EVENT_TYPES: dict[str, tuple[str, str]] = {t.name: t.acled for t in event_types.registry().values()}

#: ACLED-style geo precision: 1 the named place itself, 2 near it / part of a region,
#: 3 only a larger region is named.
GEO_PRECISION: dict[int, str] = {
    1: "the named place itself",
    2: "near a named place, or part of a region",
    3: "only a larger region is named",
}

#: ACLED-style time precision: 1 the day, 2 a week or so, 3 only the month (or vaguer).
TIME_PRECISION: dict[int, str] = {1: "exact day", 2: "within about a week", 3: "month or vaguer"}

#: Actor stances we record.
STANCES = ("blamed", "claimed", "denied", "involved")

# name -> (dtype, description). Order is the column order of every incidents frame.
COLUMNS: dict[str, tuple[str, str]] = {
    "incident_id": ("string", "unique id within the dataset"),
    "event_type": ("string", f"one of {sorted(EVENT_TYPES)}"),
    "date": ("datetime64[s]", "day of the event, years 1-9999 (NaT when unknown)"),
    "time_precision": ("Int8", "ACLED-style 1 day, 2 week, 3 month"),
    "date_text": ("string", "the words the date came from"),
    "place": ("string", "place of the event as written in the source"),
    "place_id": ("string", "gazetteer id of the resolved place"),
    "place_name": ("string", "gazetteer name of the resolved place"),
    "country": ("string", "ISO 3166-1 alpha-2 code"),
    "geo_precision": ("Int8", "ACLED-style 1 place, 2 near/part of region, 3 region"),
    "uncertainty_m": ("float64", "radius in metres within which the event happened"),
    "launch_place": ("string", "launch site as written"),
    "launch_place_id": ("string", "gazetteer id of the launch site"),
    "launch_lon": ("float64", "launch site longitude"),
    "launch_lat": ("float64", "launch site latitude"),
    "launch_uncertainty_m": ("float64", "launch site radius in metres"),
    "target": ("string", "intended target as written"),
    "target_place_id": ("string", "gazetteer id of the target (links to a zone's place_id)"),
    "weapon": ("string", "weapon named, e.g. Katyusha rocket"),
    "n_loaded": ("Int64", "munitions loaded or present"),
    "n_fired": ("Int64", "munitions fired or launched"),
    "n_landed": ("Int64", "munitions that landed or hit"),
    "n_misfired": ("Int64", "munitions that misfired or were defused"),
    "n_seized": ("Int64", "munitions seized before use"),
    "n_intercepted": ("Int64", "munitions intercepted"),
    "killed": ("Int64", "people killed"),
    "injured": ("Int64", "people injured"),
    "casualty_notes": ("string", "who was hurt, in words"),
    "damage": ("string", "damage, in words"),
    "actors": ("string", "'name (stance); name (stance)' with stance in STANCES"),
    "background": ("boolean", "a past event recalled as context, not the news itself"),
    "source": ("string", "publisher or dataset"),
    "source_file": ("string", "file the incident was read from"),
    "source_row": ("Int64", "1-based data row in a table (header excluded)"),
    "char_start": ("Int64", "offset of the quote in an article"),
    "char_end": ("Int64", "end offset of the quote in an article"),
    "quote": ("string", "the sentence(s) the incident came from"),
    "notes": ("string", "free text"),
}

COUNT_COLUMNS = ("n_loaded", "n_fired", "n_landed", "n_misfired", "n_seized", "n_intercepted")


@dataclass(frozen=True)
class Reject:
    """One input row that could not be placed, and why.

    Parameters
    ----------
    source : str
        The file (or ``"<stdin>"``) the row came from.
    row : int or None
        1-based data row (header excluded); None when the problem is the whole file.
    field : str or None
        The column or field at fault.
    value : str or None
        The offending value, as read.
    reason : str
        What was wrong and what was expected.
    """

    source: str
    row: int | None
    field: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return ", ".join(where) + f": {self.reason}"


REJECT_COLUMNS = ["source", "row", "field", "value", "reason"]


def rejects_frame(rejects: list[Reject]) -> pd.DataFrame:
    """Rejects as a DataFrame with columns `REJECT_COLUMNS` (for writing to CSV)."""
    frame = pd.DataFrame([{k: _printable(v) for k, v in asdict(r).items()} for r in rejects],
                         columns=REJECT_COLUMNS)
    return frame.astype({"row": "Int64"})


def _printable(value):
    """Text as it can be written: bytes that were not UTF-8 (kept by the readers as
    surrogate escapes) are shown as ``\\xff`` rather than failing the whole write."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return value


class ReadResult(NamedTuple):
    """What every reader returns.

    ``incidents`` are the placed rows; ``rejects`` the rows that could not be placed,
    each with its reason; ``warnings`` problems in rows that were placed all the same
    (an unknown launch site, a date that does not parse).
    """

    incidents: gpd.GeoDataFrame
    rejects: list[Reject]
    warnings: list[Reject] = []


def empty_incidents() -> gpd.GeoDataFrame:
    """An incidents frame with no rows and every column of `COLUMNS`."""
    return conform(pd.DataFrame())


def conform(frame: pd.DataFrame, *, geometry: Any = None) -> gpd.GeoDataFrame:
    """Shape a table into the incident schema.

    Adds missing columns as missing values, casts each column to its dtype, orders the
    columns as in `COLUMNS` (extra columns are kept after them) and sets EPSG:4326.

    Parameters
    ----------
    frame : DataFrame or GeoDataFrame
        Columns named as in `COLUMNS`; a GeoDataFrame keeps its geometry.
    geometry : array of shapely Points, optional
        Geometry to use instead of the frame's own.

    Returns
    -------
    GeoDataFrame
    """
    import geopandas as gpd

    src_crs = None
    if isinstance(frame, gpd.GeoDataFrame) and frame._geometry_column_name in frame.columns:
        src_crs = frame.crs
    out = pd.DataFrame(frame).copy()
    if geometry is None:
        geometry = out["geometry"] if "geometry" in out else gpd.GeoSeries([None] * len(out))
    out = out.drop(columns="geometry", errors="ignore")
    for name, (dtype, _) in COLUMNS.items():
        if name not in out:
            out[name] = pd.Series(_MISSING.get(dtype, pd.NA), index=out.index, dtype=dtype)
        else:
            out[name] = _cast(out[name], dtype)
    extra = [c for c in out.columns if c not in COLUMNS]
    out = out[list(COLUMNS) + extra]
    geometry = np.asarray(geometry, dtype=object) if not isinstance(geometry, gpd.GeoSeries) \
        else geometry.values
    gdf = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geometry, index=out.index), crs=settings.crs)
    if src_crs is not None and not src_crs.equals(gdf.crs):
        # an input in another CRS is reprojected, never relabelled
        gdf = gdf.set_crs(src_crs, allow_override=True).to_crs(settings.crs)
    return gdf


_MISSING = {"datetime64[s]": pd.NaT, "float64": np.nan}

#: The range each integer dtype holds (a value outside it is missing, never wrapped).
_INT_RANGE = {"Int8": (-128, 127), "Int64": (-(2 ** 53), 2 ** 53)}


def _cast(series: pd.Series, dtype: str) -> pd.Series:
    """One column cast to its schema dtype; a value the dtype cannot hold becomes missing
    (the readers have already named such values as rejects or warnings)."""
    from geoincidents import readcells

    if dtype == "datetime64[s]":
        return pd.Series(readcells.dates(series)[0], index=series.index)
    if dtype in ("Int8", "Int64"):
        values = readcells.numbers(series)[0]
        lo, hi = _INT_RANGE[dtype]
        values[(values < lo) | (values > hi)] = np.nan
        return pd.Series(pd.array(np.round(values), dtype="Float64"),
                         index=series.index).astype(dtype)
    if dtype == "float64":
        return pd.Series(readcells.numbers(series)[0], index=series.index)
    if dtype == "boolean":
        if pd.api.types.is_bool_dtype(series):
            return series.astype("boolean")
        from geoincidents import readcells

        return pd.Series(pd.array(readcells.flags(series)[0], dtype="boolean"), index=series.index)
    out = series.astype("string")
    return out.where(out.str.len() > 0, pd.NA)


def radius_for_precision(code: int | None) -> float:
    """Default uncertainty radius in metres for an ACLED-style geo precision code."""
    if code is None or pd.isna(code):
        return settings.coordinate_radius_m
    return settings.precision_radius_m.get(int(code), settings.precision_radius_m[3])


def precisions_for_radii(radii_m: np.ndarray) -> np.ndarray:
    """`precision_for_radius` of each radius (float64, NaN stays NaN)."""
    radii_m = np.asarray(radii_m, dtype="float64")
    return np.select([radii_m <= settings.precision_radius_m[1],
                      radii_m <= settings.precision_radius_m[2], ~np.isnan(radii_m)],
                     [1.0, 2.0, 3.0], np.nan)


def precision_for_radius(radius_m: float) -> int:
    """ACLED-style geo precision code that best describes an uncertainty radius."""
    if radius_m <= settings.precision_radius_m[1]:
        return 1
    if radius_m <= settings.precision_radius_m[2]:
        return 2
    return 3
