"""Table cells read as values of the incident schema: numbers, counts, codes, calendar dates.

Every function takes a column of raw cells (text from CSV, typed from Parquet or JSON) and
returns the values with a mask of the cells that were given but are not what the column
holds, and the phrase that says what was expected. The caller (`geoincidents.placing`)
turns those into rejects or warnings naming file, row and field. Nothing here raises on a
value, however large, small or strange.

Dates are calendar days: any day of the years 1 to 9999 is a value (pandas'
``datetime64[s]``, `DATE_DTYPE`); text without a full date (``now``, ``May 5``, ``12``)
is not one.

Examples
--------
>>> import pandas as pd
>>> values, bad = counts(pd.Series(["3", "inf", "", "2.5"]))
>>> values.tolist()[:1], bad.tolist()
([3.0], [False, True, False, True])
>>> days, bad = dates(pd.Series(["9999-12-31", "now", "0001-01-01"]))
>>> [str(d)[:10] for d in days], bad.tolist()
(['9999-12-31', 'NaT', '0001-01-01'], [False, True, False])
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import numpy as np
import pandas as pd

#: The dtype of ``date`` in every incidents frame: seconds hold any day of years 1-9999.
DATE_DTYPE = "datetime64[s]"

#: The largest count of people or munitions read as a count.
MAX_COUNT = 1_000_000_000

#: The largest uncertainty radius: half the circumference of the earth, in metres.
MAX_RADIUS_M = 20_037_509.0

COUNT_EXPECTED = f"a whole number from 0 to {MAX_COUNT:,}"
RADIUS_EXPECTED = f"a radius in metres from 0 to {MAX_RADIUS_M:,.0f}"
DATE_EXPECTED = "a calendar date (YYYY-MM-DD, a year from 1 to 9999)"

# a date, optionally with a time of day and a zone: the day is the date as written
_ISO_RE2 = (r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?"
            r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$")
_DIGIT = re.compile(r"\d")
#: Longer text is not a date (and is not handed to a date parser).
_MAX_DATE_CHARS = 64


#: A number as text (what every path reads as a number; Arrow parses the matches).
_NUMBER = r"^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$"


def _arrow(column: pd.Series):
    """Cells as an Arrow string array, stripped, null where missing."""
    import pyarrow.compute as pc

    return pc.utf8_trim_whitespace(_unstripped(column))


def _unstripped(column: pd.Series):
    """Cells as an Arrow string array as they are, null where missing."""
    import pyarrow as pa

    if isinstance(column.dtype, pd.StringDtype) or column.dtype == "str":
        values = pa.array(column.array, from_pandas=True)
    else:
        values = pa.array(column.astype("str").where(column.notna(), None).to_numpy(
            dtype=object), type=pa.string(), from_pandas=True)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.type != pa.string():
        values = values.cast(pa.string())
    return values


#: Bytes of a decimal written plainly (digits, point, minus sign): Arrow's parser and
#: `_NUMBER` agree on every text of these bytes alone (checked on all of up to 6 bytes).
_PLAIN_BYTES = np.zeros(256, dtype=bool)
_PLAIN_BYTES[[ord(c) for c in "0123456789.-"]] = True


def _plain_decimals(values) -> np.ndarray:
    """Which cells of an Arrow string array are not blank and hold only `_PLAIN_BYTES`
    (read from its buffers)."""
    n = len(values)
    _, offsets, data = values.buffers()
    off = np.frombuffer(offsets, np.int32)[values.offset:values.offset + n + 1].astype(np.int64)
    if data is None or not n:
        return np.zeros(n, dtype=bool)
    raw = np.frombuffer(data, np.uint8)[off[0]:off[-1]]
    plain = off[1:] > off[:-1]
    # the cells of the other bytes (few, usually): the last cell starting at or before each
    other = np.flatnonzero(~_PLAIN_BYTES[raw]) + off[0]
    if len(other):
        plain[np.searchsorted(off, other, side="right") - 1] = False
    if values.null_count:
        plain &= np.asarray(values.is_valid(), dtype=bool)
    return plain


def text(column: pd.Series) -> pd.Series:
    """Cells as stripped strings (missing as "")."""
    return pd.Series(_arrow(column).fill_null("").to_pandas(), index=column.index,
                     dtype="str")


def given(column: pd.Series) -> np.ndarray:
    """Which cells hold a value: not missing and, for text, not blank."""
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column) \
            or pd.api.types.is_bool_dtype(column):
        return column.notna().to_numpy(dtype=bool)
    import pyarrow.compute as pc

    return np.array(pc.not_equal(_arrow(column), "").fill_null(False), dtype=bool)


def numbers(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Cells as float64 (NaN where blank or not a number) and the mask of given cells
    that are not a finite number."""
    if pd.api.types.is_bool_dtype(column):
        column = column.astype("float64")
    if pd.api.types.is_numeric_dtype(column):
        values = column.to_numpy(dtype="float64", na_value=np.nan).copy()
        bad = column.notna().to_numpy(dtype=bool) & ~np.isfinite(values)
    else:
        import pyarrow as pa
        import pyarrow.compute as pc

        raw = _unstripped(column)
        n = len(raw)
        values = np.full(n, np.nan)
        # (the usual cells) plain decimals, parsed by Arrow at once; the others matched
        plain = _plain_decimals(raw)
        try:
            if plain.all():
                values = np.array(pc.cast(raw, pa.float64()), dtype="float64")
            elif plain.any():
                values[plain] = np.asarray(pc.cast(raw.filter(pa.array(plain)), pa.float64()),
                                           dtype="float64")
        except pa.ArrowInvalid:  # (not expected: `_PLAIN_BYTES`) every cell matched
            plain[:] = False
        rest = np.flatnonzero(~plain)
        if len(rest):
            cells_ = pc.utf8_trim_whitespace(raw if len(rest) == n else raw.take(pa.array(rest)))
            number = np.asarray(pc.match_substring_regex(cells_, _NUMBER, ignore_case=True)
                                .fill_null(False), dtype=bool)
            found = np.full(len(rest), np.nan)
            if number.any():
                found[number] = np.asarray(pc.cast(cells_.filter(pa.array(number)),
                                                   pa.float64()), dtype="float64")
            values[rest] = found
        # given (not blank) and not a finite number
        odd = np.flatnonzero(~np.isfinite(values))
        bad = np.zeros(n, dtype=bool)
        if len(odd):
            bad[odd] = np.asarray(pc.not_equal(pc.utf8_trim_whitespace(raw.take(pa.array(odd))),
                                               "").fill_null(False), dtype=bool)
    values[~np.isfinite(values)] = np.nan
    return values, bad


def counts(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Counts (float64, NaN where blank or bad) and the mask of given cells that are not
    a whole number from 0 to `MAX_COUNT`."""
    values, bad = numbers(column)
    with np.errstate(invalid="ignore"):
        bad |= ~np.isnan(values) & ((values < 0) | (values > MAX_COUNT)
                                    | (values != np.round(values)))
    values[bad] = np.nan
    return values, bad


def codes(column: pd.Series, allowed) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (float64, NaN where blank or bad) and the mask of given cells that
    are not one of ``allowed``."""
    values, bad = numbers(column)
    bad |= ~np.isnan(values) & ~np.isin(values, list(allowed))
    values[bad] = np.nan
    return values, bad


def radii(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Radii in metres (NaN where blank or bad) and the mask of given cells outside
    0-`MAX_RADIUS_M`."""
    values, bad = numbers(column)
    with np.errstate(invalid="ignore"):
        bad |= ~np.isnan(values) & ((values < 0) | (values > MAX_RADIUS_M))
    values[bad] = np.nan
    return values, bad


def flags(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Booleans (as a pandas "boolean" array) and the mask of given cells that are not
    true/false, yes/no or 1/0."""
    if pd.api.types.is_bool_dtype(column):
        values = column.astype("boolean")
        return values.to_numpy(dtype=object, na_value=None), np.zeros(len(column), bool)
    lowered = text(column).str.lower()
    mapped = lowered.map({"true": True, "1": True, "yes": True, "1.0": True,
                          "false": False, "0": False, "no": False, "0.0": False})
    bad = given(column) & mapped.isna().to_numpy(dtype=bool)
    return mapped.astype(object).where(mapped.notna(), None).to_numpy(), bad


# -- dates ---------------------------------------------------------------------------------

def dates(column: pd.Series, formats: tuple[str, ...] | None = None
          ) -> tuple[np.ndarray, np.ndarray]:
    """Calendar days (`DATE_DTYPE`, NaT where blank or bad) and the mask of given cells
    that are not a full date of the years 1-9999.

    With ``formats`` (strptime formats), only those spellings are dates (the datasets'
    rule); without, ISO dates (a time of day is allowed and ignored: the day is the date as
    written) and other full spellings a date parser reads ("20 December 2020") are.
    """
    n = len(column)
    if pd.api.types.is_datetime64_any_dtype(column):
        values = column.to_numpy()
        if getattr(column.dt, "tz", None) is not None:
            values = column.dt.tz_localize(None).to_numpy()
        return values.astype("datetime64[D]").astype(DATE_DTYPE), np.zeros(n, bool)
    if column.dtype == object and len(column):
        # date objects (from Parquet or Arrow), each taken as the day it is
        is_date = np.array([isinstance(v, dt.date) and v is not pd.NaT for v in column],
                           dtype=bool)
        if is_date.any():
            out = np.full(n, np.datetime64("NaT"), dtype=DATE_DTYPE)
            out[is_date] = [np.datetime64(v.date() if isinstance(v, dt.datetime) else v, "D")
                            for v in column[is_date]]
            rest, bad = dates(column.where(~is_date, None), formats)
            out[~is_date] = rest[~is_date]
            return out, bad & ~is_date
    cells = text(column)
    out = np.full(n, np.datetime64("NaT"), dtype=DATE_DTYPE)
    todo = np.array(cells != "", dtype=bool)
    if formats is not None:
        for fmt in formats:
            if not todo.any():
                break
            parsed = pd.to_datetime(cells[todo], format=fmt, errors="coerce")
            ok = parsed.notna().to_numpy(dtype=bool)
            idx = np.flatnonzero(todo)[ok]
            out[idx] = parsed[ok].to_numpy().astype("datetime64[D]").astype(DATE_DTYPE)
            todo[idx] = False
        return out, todo
    import pyarrow.compute as pc

    arrow = _arrow(column)
    iso = np.array(pc.match_substring_regex(arrow, _ISO_RE2).fill_null(False), dtype=bool)
    idx = np.flatnonzero(todo & iso)
    if len(idx):
        day = pd.Series(pc.utf8_slice_codeunits(arrow, 0, 10).to_pandas()).iloc[idx]
        parsed = pd.to_datetime(day, format="%Y-%m-%d", errors="coerce")
        ok = parsed.notna().to_numpy(dtype=bool)
        out[idx[ok]] = parsed[ok].to_numpy().astype("datetime64[D]").astype(DATE_DTYPE)
        todo[idx[ok]] = False  # the others (2020-02-30) are not days: the fallback agrees
    rest = np.flatnonzero(todo)
    if len(rest):
        found = [_spelled_date(v) for v in cells.iloc[rest]]
        ok = np.array([d is not None for d in found], dtype=bool)
        if ok.any():
            out[rest[ok]] = np.array([np.datetime64(d, "D") for d, k in zip(found, ok) if k]
                                     ).astype(DATE_DTYPE)
        todo[rest[ok]] = False
    return out, todo


@functools.lru_cache(maxsize=65536)
def _spelled_date(value: str) -> dt.date | None:
    """A full date in another spelling ("20 December 2020", "12/20/2020"), or None.

    Parsed twice with different defaults: text that lacks a year, month or day ("May",
    "12", "now") takes the missing part from the default and the two disagree, so it is
    not a date. The length cap keeps the parser's time bounded.
    """
    if len(value) > _MAX_DATE_CHARS or not _DIGIT.search(value):
        return None
    from dateutil import parser

    try:
        a = parser.parse(value, default=dt.datetime(2001, 2, 3))
        b = parser.parse(value, default=dt.datetime(2004, 5, 6))
    except (ValueError, OverflowError, TypeError, parser.ParserError):
        return None
    return a.date() if a.date() == b.date() else None


def iso_days(values) -> np.ndarray:
    """Days as ``YYYY-MM-DD`` strings (None where missing), for every year 1-9999."""
    days = np.asarray(pd.Series(values).to_numpy()).astype("datetime64[D]")
    out = np.datetime_as_string(days, unit="D").astype(object)
    out[np.isnat(days)] = None
    return out
