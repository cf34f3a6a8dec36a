"""The cells of a part of a plain table read for the zone report's fast path: the values
counted (`zonecount.zone_partials`' columns) and which rows are not plain.

`prepare` reads a `plainread.Part` with the cell rules of `geoincidents.readcells` and
marks as odd every row that `placing.place_rows` would not place as it is (a cell it
would reject or warn about, a place name or launch site it would look up or check):
those go through `place_rows` itself. What depends on other parts (a repeated id, the
chunk's choice between target ids and target names) is left to the caller. Run in a
worker thread while the caller counts the part before (the Arrow kernels used here let
go of the GIL).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from geoincidents import model, placing, readcells, settings, zonecount
from geoincidents.ids import hash_given
from geoincidents.plainread import Part

#: Columns whose given cells make a row go through `place_rows` (they are checked against
#: the gazetteer or a country outline, or only warned about): launch sites, countries and
#: place names.
ELSEWHERE = ("country", "place", "location", "launch_lon", "launch_lat", "launch_place",
             "launch_uncertainty_m")


class Prepared(NamedTuple):
    """A part read: its id hashes (positions of the given ids), the rows that are odd
    whatever the other parts hold, the rows with a target name given (odd when no row
    of the chunk gives a target place id), whether some row gives a target place id,
    and the counted columns of every row (`zonecount.zone_partials`)."""

    part: Part
    id_pos: np.ndarray
    id_hashes: np.ndarray
    odd: np.ndarray
    target_given: np.ndarray | None
    has_ids: bool
    counted: dict[str, np.ndarray]


def prepare(part: Part, located: tuple, places: zonecount.ZonePlaces) -> Prepared:
    """Read ``part`` (``located``: its longitude, latitude and place columns, as
    `placing.locate_columns` finds them; ``places``: the zones' places, for the target
    codes)."""
    cols, n = part.columns, len(part.rows)
    lon_col, lat_col, place_col = located
    odd = np.zeros(n, dtype=bool)
    pos, hashes = np.array([], np.int64), np.array([], np.uint64)
    if "incident_id" in cols:
        pos, hashes = hash_given(readcells._arrow(cols["incident_id"]))
    if part.xy is None:
        lon, lon_bad = readcells.numbers(cols[lon_col])
        lat, lat_bad = readcells.numbers(cols[lat_col])
        odd |= lon_bad | lat_bad
    else:
        lon, lat = part.xy
    with np.errstate(invalid="ignore"):
        odd |= ~((np.abs(lon) <= 180) & (np.abs(lat) <= 90))  # NaN too
    counted: dict[str, np.ndarray] = {"lon": lon, "lat": lat}
    for name in placing.COUNTS:
        if name in cols:
            counted[name], bad = readcells.counts(cols[name])
            odd |= bad
    for name in ("n_fired", "n_landed", "killed", "injured"):
        counted.setdefault(name, np.full(n, np.nan))
    if "time_precision" in cols:
        odd |= readcells.codes(cols["time_precision"], model.TIME_PRECISION)[1]
    radius = np.full(n, np.nan)
    if "uncertainty_m" in cols:
        radius, bad = readcells.radii(cols["uncertainty_m"])
        odd |= bad
    if "geo_precision" in cols:
        code, bad = readcells.codes(cols["geo_precision"], (1, 2, 3))
        odd |= bad
        from_code = np.select([code == c for c in (1, 2, 3)],
                              [settings.precision_radius_m[c] for c in (1, 2, 3)], np.nan)
        radius = np.where(np.isnan(radius), from_code, radius)
    counted["uncertainty_m"] = np.where(np.isnan(radius), settings.coordinate_radius_m, radius)
    if "date" in cols:
        counted["date"], plain_date = iso_days(cols["date"])
        odd |= ~plain_date
    else:
        counted["date"] = np.full(n, np.datetime64("NaT"), dtype=readcells.DATE_DTYPE)
    counted["background"] = np.zeros(n, dtype=bool)
    if "background" in cols:
        flags, bad = readcells.flags(cols["background"])
        odd |= bad
        counted["background"] = pd.array(flags, dtype="boolean").fillna(False) \
            .to_numpy(dtype=bool)
    for name in {*ELSEWHERE, place_col} - {None}:
        if name in cols:
            odd |= readcells.given(cols[name])
    has_ids = "target_place_id" in cols and bool(readcells.given(cols["target_place_id"]).any())
    target_given = readcells.given(cols["target"]) if "target" in cols else None
    counted["target_code"] = places.code_arrow(readcells._arrow(cols["target_place_id"])) \
        if "target_place_id" in cols else np.full(n, -1, np.int64)
    counted["not_reaching"] = _among(cols["event_type"], zonecount.NOT_REACHING) \
        if "event_type" in cols else np.zeros(n, dtype=bool)
    return Prepared(part, pos, hashes, odd, target_given, has_ids, counted)


def _among(column: pd.Series, values) -> np.ndarray:
    """Which cells, stripped, are one of ``values``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return np.asarray(pc.is_in(readcells._arrow(column), value_set=pa.array(list(values),
                                                                          pa.string()))
                      .fill_null(False), dtype=bool)


_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)
#: Where the digits and the dashes of ``YYYY-MM-DD`` are.
_DIGITS = np.array([0, 1, 2, 3, 5, 6, 8, 9])


def _days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    return era * 146_097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719_468


def iso_days(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Days (`readcells.DATE_DTYPE`) of the cells written ``YYYY-MM-DD`` (a real day),
    NaT for blank ones, and which cells are either: what `readcells.dates` reads them as.
    Any other cell is left to `readcells.dates` (other spellings, bad dates: warnings).
    Typed dates (Parquet) are read by `readcells.dates` itself. The digits are read from
    the bytes in the Arrow buffers."""
    import pyarrow as pa

    if pd.api.types.is_datetime64_any_dtype(column) or column.dtype == object:
        days, bad = readcells.dates(column)
        return days, ~bad
    cells = readcells._arrow(column)
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    if cells.type != pa.large_string():
        cells = cells.cast(pa.large_string())
    n = len(cells)
    validity, offsets, data = cells.buffers()
    off = np.frombuffer(offsets, np.int64)[cells.offset:cells.offset + n + 1]
    length = np.diff(off)
    valid = np.ones(n, dtype=bool) if validity is None or not cells.null_count else \
        np.unpackbits(np.frombuffer(validity, np.uint8), count=cells.offset + n,
                      bitorder="little")[cells.offset:].astype(bool)
    ok = ~valid | (length == 0)  # blank
    out = np.full(n, np.datetime64("NaT"), dtype=readcells.DATE_DTYPE)
    idx = np.flatnonzero(valid & (length == 10))
    if len(idx) and data is not None:
        raw = np.frombuffer(data, np.uint8)
        # bytes 0-7 and 8-9 of each cell, read as words from wherever it starts
        head = np.ndarray((len(raw) - 7,), dtype="<u8", buffer=raw, strides=(1,))[off[idx]]
        tail = np.ndarray((len(raw) - 1,), dtype="<u2", buffer=raw, strides=(1,))[off[idx] + 8]
        text = np.concatenate([head.view(np.uint8).reshape(-1, 8),
                               tail.view(np.uint8).reshape(-1, 2)], axis=1)
        digits = text[:, _DIGITS] - np.uint8(48)  # wraps around below '0'
        strict = (digits <= 9).all(axis=1) & (text[:, 4] == 45) & (text[:, 7] == 45)
        idx, digits = idx[strict], digits[strict].astype(np.int64)
        year = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
        month = digits[:, 4] * 10 + digits[:, 5]
        day = digits[:, 6] * 10 + digits[:, 7]
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        last = _DAYS_IN_MONTH[np.clip(month, 1, 12) - 1] + ((month == 2) & leap)
        real = (month >= 1) & (month <= 12) & (day >= 1) & (day <= last)
        idx, year, month, day = idx[real], year[real], month[real], day[real]
        out[idx] = (_days_from_civil(year, month, day) * 86_400).view(readcells.DATE_DTYPE)
        ok[idx] = True
    return out, ok
