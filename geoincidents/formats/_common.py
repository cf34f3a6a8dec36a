"""Helpers the dataset readers share: country codes, dates, codes, duplicate ids."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import shapely

from geoincidents.model import Reject


def country_record(iso2: object) -> dict | None:
    """GeoNames country record (name, isonumeric, fips, ...) of an alpha-2 code, or None."""
    from geoincidents.formats import countries

    return countries.record(iso2)


def country_code(value: object, *, by: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country given ``by`` name, numeric, gw, fips or iso3
    code (`geoincidents.formats.countries`: names through country_converter).

    >>> country_code("Iraq", by="name"), country_code("368", by="numeric")
    ('IQ', 'IQ')
    """
    from geoincidents.formats import countries

    return countries.alpha2(value, by=by)


def blank(series: pd.Series) -> np.ndarray:
    """True where a column of strings is missing or only whitespace."""
    return (series.astype("string").fillna("").str.strip() == "").to_numpy()


def parse_dates(series: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Parse strings trying each format in turn; NaT where none fits (or blank). Any day
    of the years 1-9999 is a date (see `geoincidents.readcells.dates`)."""
    from geoincidents import readcells

    return pd.Series(readcells.dates(series, formats)[0], index=series.index)


def iso_days(dates: pd.Series) -> np.ndarray:
    """Dates as ``YYYY-MM-DD`` text (None where missing), years 1-9999 alike."""
    from geoincidents import readcells

    return readcells.iso_days(dates)


def check_codes(frame: pd.DataFrame, column: str, allowed: Mapping[int, object], source: str,
                rejects: list[Reject], keep: np.ndarray, *, what: str,
                required: bool = True) -> pd.Series:
    """Integer codes of ``column``; rows with a code outside ``allowed`` are rejected.

    Returns the codes as ``Int64`` (missing where blank or rejected); ``keep`` is cleared
    for rejected rows.
    """
    raw = frame[column]
    codes = pd.to_numeric(raw, errors="coerce")
    is_blank = blank(raw)
    bad = ~codes.isin(list(allowed)).to_numpy() & (~is_blank | required)
    for i in np.flatnonzero(bad & keep):
        value = "" if is_blank[i] else str(raw.iat[i])
        problem = "empty" if is_blank[i] else f"{value!r} is out of range"
        reject(rejects, source, frame, i, column, value,
               f"{problem}; expected one of {sorted(allowed)} ({what} codes)")
    keep &= ~bad
    return codes.where(~pd.Series(bad, index=codes.index)).round().astype("Int64")


def reject(rejects: list[Reject], source: str, frame: pd.DataFrame, i: int,
           field: str | None, value: object, reason: str) -> None:
    """Append a Reject for positional row ``i`` of a raw frame (its ``_row`` number)."""
    rejects.append(Reject(source, int(frame["_row"].iat[i]), field,
                          None if value is None else str(value), reason))


def check_required(frame: pd.DataFrame, columns: tuple[str, ...], source: str,
                   rejects: list[Reject], keep: np.ndarray, *, why: str) -> None:
    """Reject rows where any of ``columns`` is blank."""
    for col in columns:
        for i in np.flatnonzero(blank(frame[col]) & keep):
            reject(rejects, source, frame, i, col, "", f"empty; expected {why}")
            keep[i] = False


def check_dates(frame: pd.DataFrame, column: str, formats: tuple[str, ...], source: str,
                rejects: list[Reject], keep: np.ndarray, *, expected: str,
                optional: np.ndarray | None = None) -> pd.Series:
    """Parsed dates of ``column``; rows whose date is blank (unless ``optional`` there)
    or in another format are rejected."""
    parsed = parse_dates(frame[column], formats)
    bad = parsed.isna().to_numpy()
    if optional is not None:
        bad = bad & ~(optional & blank(frame[column]))
    for i in np.flatnonzero(bad & keep):
        value = str(frame[column].iat[i]).strip()
        problem = "empty" if not value else f"{value!r} is not a date in the expected format"
        reject(rejects, source, frame, i, column, value, f"{problem}; expected {expected}")
    keep &= ~bad
    return parsed


def check_columns(header: list[str], required: tuple[str, ...], source: str,
                  fmt: str) -> None:
    """Raise DataError when a file read as ``fmt`` lacks required columns."""
    from geoincidents.errors import DataError

    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(f"{source}, row 0 (header): missing column(s) {missing} for the "
                        f"{fmt} format; expected at least {list(required)}; found {header}")


def join_actors(*columns: pd.Series, stance: str = "involved") -> pd.Series:
    """Actor columns (each possibly ``"a; b"``) as ``"a (involved); b (involved)"``."""
    def one(*values: object) -> str | None:
        names = [n.strip() for v in values if isinstance(v, str)
                 for n in v.split(";") if n.strip()]
        return "; ".join(f"{n} ({stance})" for n in dict.fromkeys(names)) or None

    return pd.Series(per_distinct(one, *columns), index=columns[0].index, dtype="object")


def per_distinct(func: Callable, *columns: pd.Series) -> list:
    """``func(*cells)`` of each row, computed once per distinct combination of cells
    (datasets repeat their actors, countries and types on row after row)."""
    arrays = [np.asarray(col.to_numpy(dtype=object, na_value=None)) for col in columns]
    done: dict = {}
    out = []
    for key in zip(*arrays):
        if key not in done:
            done[key] = func(*key)
        out.append(done[key])
    return out


def lookup(series: pd.Series, table: Mapping[int, object], field: Callable[[object], object]
           ) -> pd.Series:
    """Map codes through ``table`` and pick ``field`` of each entry (NA stays NA)."""
    return series.map(lambda c: field(table[int(c)]) if pd.notna(c) else np.nan)


def point_xy(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Longitudes and latitudes of geometries; non-points at a point inside them.

    Returns ``lon, lat, others`` where ``others`` are the positions of the non-point
    geometries; missing or empty geometries give NaN.
    """
    geoms = np.asarray(geoms, dtype=object)
    lon = np.full(len(geoms), np.nan)
    lat = np.full(len(geoms), np.nan)
    has = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    points = has & (shapely.get_type_id(geoms) == 0)
    lon[points], lat[points] = shapely.get_x(geoms[points]), shapely.get_y(geoms[points])
    others = np.flatnonzero(has & ~points)
    if len(others):
        reps = shapely.point_on_surface(geoms[others])
        lon[others], lat[others] = shapely.get_x(reps), shapely.get_y(reps)
    return lon, lat, others


def begin(raw: pd.DataFrame, source: str, *, required: tuple[str, ...], fmt: str,
          id_column: str, coordinates: tuple[str, str], dataset: str
          ) -> tuple[pd.DataFrame, np.ndarray, list[Reject]]:
    """The checks every dataset reader starts with: columns, an id and both coordinates.

    Returns the frame with a fresh index, the rows kept so far and the rejects.
    """
    header = [col for col in raw.columns if col != "_row"]
    if required:
        check_columns(header, required, source, fmt)
    raw = raw.reset_index(drop=True)
    keep = np.ones(len(raw), dtype=bool)
    rejects: list[Reject] = []
    check_required(raw, (id_column,), source, rejects, keep, why=f"a {dataset} event id")
    check_required(raw, coordinates[::-1], source, rejects, keep,
                   why=f"a coordinate in degrees (every {dataset} row has them)")
    return raw, keep, rejects


def column(raw: pd.DataFrame, name: str) -> pd.Series:
    """A column of the raw frame, or a column of missing values when it is not there."""
    return raw[name] if name in raw else pd.Series(None, index=raw.index, dtype="object")


def carry(raw: pd.DataFrame, out: pd.DataFrame, consumed: tuple[str, ...], dataset: str
          ) -> pd.DataFrame:
    """``out`` with the dataset's own columns that no schema column holds as they were
    (``admin1``, ``sub_event_type``, ``inter1``, ``timestamp`` ...), as read.

    A column whose name is a schema column's (ACLED's ``country`` is a name, ours a code)
    travels as ``<dataset>_<name>``. The names are listed in ``out.attrs["carried"]``:
    `geoincidents.placing.place_rows` keeps them beside the schema columns, so that they
    reach every output, and the dataset's writer can give them back.
    """
    from geoincidents import model

    names = {}
    for col in raw.columns:
        if col == "_row" or col in consumed:
            continue
        names[col] = f"{dataset}_{col}" if col in model.COLUMNS or col in out.columns \
            else col
    # text as read (one dtype whatever the chunk holds, so that chunks concatenate alike;
    # a missing cell stays missing)
    extra = pd.DataFrame({new: raw[old].astype("string").set_axis(out.index)
                          for old, new in names.items()}, index=out.index)
    out = pd.concat([out, extra], axis=1)
    out.attrs["carried"] = list(names.values())
    return out


def finish(raw: pd.DataFrame, out: pd.DataFrame, keep, consumed: tuple[str, ...],
           dataset: str, *, id_column: str) -> pd.DataFrame:
    """A dataset reader's last step: ``out`` with the dataset's own columns (`carry`), only
    the ``keep`` rows, renumbered, and ``attrs`` naming the carried columns and the id
    column (the dataset's name for it, used in messages about repeated ids)."""
    out = carry(raw, out, consumed, dataset)
    carried = out.attrs["carried"]
    out = out[keep].reset_index(drop=True)
    out.attrs.update(id_column=id_column, carried=carried)
    return out


def carried_name(column: str, dataset: str) -> str:
    """The name a dataset's own column travels under (see `carry`)."""
    from geoincidents import model

    return f"{dataset}_{column}" if column in model.COLUMNS else column


def check_year(raw: pd.DataFrame, dates: pd.Series, date_column: str, source: str,
               rejects: list[Reject], keep: np.ndarray) -> pd.Series:
    """Dates checked against the ``year`` column where there is one: a two-digit year
    (``9-May-97``) takes its century from it; a date in another year is a reject."""
    if "year" not in raw:
        return dates
    year = pd.to_numeric(raw["year"], errors="coerce").to_numpy(dtype="float64")
    parsed = pd.Series(dates).reset_index(drop=True)
    got = parsed.dt.year.to_numpy(dtype="float64", na_value=np.nan)
    out = parsed.to_numpy().copy()
    text = raw[date_column].astype(str).to_numpy()
    with np.errstate(invalid="ignore"):
        differs = ~np.isnan(year) & ~np.isnan(got) & (year != got)
    for i in np.flatnonzero(differs):
        y = int(year[i])
        if 1 <= y <= 9999 and y % 100 == int(got[i]) % 100 and str(y) not in text[i]:
            day = pd.Timestamp(out[i])
            try:
                out[i] = np.datetime64(day.to_pydatetime().date().replace(year=y), "s")
                continue
            except ValueError:  # 29 February in a year that has none
                pass
        if keep[i]:
            reject(rejects, source, raw, i, "year", raw["year"].iat[i],
                   f"{date_column} {text[i].strip()!r} is in {int(got[i])}; expected the "
                   f"year of {date_column}")
        keep[i] = False
    return pd.Series(out, index=dates.index)
