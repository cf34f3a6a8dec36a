"""The zone report's fast path for plain point tables: Arrow columns in, per-zone totals out.

`fold_plain` reads a plain CSV (pyarrow's reader, every column as text) or a GeoParquet
file of WKB points (record batches; each point's x and y read from the WKB bytes in the
Arrow buffers), both by `geoincidents.plainread`, and splits each chunk's rows in two:

- plain rows, which `geoincidents.placing.place_rows` would place as they are, without a
  reject, a warning or a look-up in the gazetteer (coordinates in range, no place name,
  counts, dates, radii and codes as their columns hold them, an id not seen before): their
  values are read with the same cell rules (`geoincidents.readcells`) straight from the
  Arrow arrays and counted by the one counting rule (`geoincidents.zonecount`);
- every other row, which goes through `place_rows` itself, as the general reader would
  hand it over (the ids already checked are answered by `ids.KnownRepeats`).

The chunks are those of the general reader (`geoincidents.formats.iter_raw`), so the
report, the rejects and the warnings (in the same order) are those of `scale.fold_file`
on the general path; a file that is anything else (another format, a column type or a
column the fast path does not read, a byte it cannot decode) is left to the general path,
which also takes over, from the start, a file the fast path gives up on half-way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from geoincidents import model, placing, readcells, settings, zonecount
from geoincidents.ids import IdRegistry, KnownRepeats, hash_given
from geoincidents.model import Reject
from geoincidents.plainread import GiveUp, Piece, plain_csv, plain_parquet, wkb_points  # noqa: F401

#: Columns whose given cells make a row go through `place_rows` (they are checked against
#: the gazetteer or a country outline, or only warned about): launch sites, countries and
#: place names.
_ELSEWHERE = ("country", "place", "location", "launch_lon", "launch_lat", "launch_place",
              "launch_uncertainty_m")


def fold_plain(totals: zonecount.ZoneTotals, path, problems, *, gazetteer, country,
               chunksize: int, background: bool, ids: IdRegistry,
               progress: Callable[[int], None] | None = None) -> int | None:
    """Fold a plain CSV or GeoParquet file into ``totals`` as `scale.fold_file` does; the
    number of rows placed, or None (and nothing done) when the file is not one the fast
    path reads."""
    if not isinstance(path, (str, os.PathLike)) or not Path(path).is_file():
        return None
    source = str(path)
    suffix = Path(path).suffix.lower()
    from geoincidents.formats import vector

    pieces = plain_parquet(path, source, chunksize) if suffix in vector.PARQUET_SUFFIXES else \
        plain_csv(path, source, chunksize)
    if pieces is None:
        return None
    usable, pieces = pieces
    # names to geocode (the general path's look-ups): the gazetteer is loaded meanwhile
    names = {"target", "launch_place", "country", *placing.PLACE_NAMES} & \
        {c.lower() for c in usable}
    before = ids.snapshot()
    local = zonecount.ZoneTotals(totals.index)
    found: list[tuple[list[Reject], list[Reject]]] = []
    sizes: list[int] = []
    get_gazetteer = _gazetteer_ahead(gazetteer) if names else _gazetteer_later(gazetteer)
    placed = 0
    try:
        for piece in pieces:
            placed += _fold_piece(local, piece, source, found, ids=ids, country=country,
                                  get_gazetteer=get_gazetteer, background=background)
            sizes.append(piece.size)
    except GiveUp:
        ids.restore(before)
        return None
    for (rejects, warnings), size in zip(found, sizes):
        problems.add(rejects, warnings)
        if progress is not None:
            progress(size)
    totals.merge(local)
    return placed


def _gazetteer_later(gazetteer):
    """A getter of the gazetteer (the bundled one unless given), loaded when first asked."""
    loaded: list = [gazetteer] if gazetteer is not None else []

    def get():
        if not loaded:
            from geoincidents.gazetteer import Gazetteer

            loaded.append(Gazetteer.load())
        return loaded[0]
    return get


def _gazetteer_ahead(gazetteer):
    """A getter of the gazetteer (the bundled one unless given), loaded with its world
    index in a thread from now on: a table with place names usually has a row to
    geocode, and the load (~1 s, mostly unpickling) then overlaps the reading."""
    import threading

    from geoincidents import gazetteer as gz

    loaded: list = [gazetteer] if gazetteer is not None else []

    def load() -> None:
        try:
            if not loaded:
                loaded.append(gz.Gazetteer.load())
            gz.world_index()
        except Exception:  # noqa: BLE001, S110  (`get` loads it again and raises there)
            pass

    thread = threading.Thread(target=load, daemon=True)
    thread.start()

    def get():
        thread.join()
        if not loaded:  # the thread failed: say why here
            loaded.append(gz.Gazetteer.load())
        return loaded[0]
    return get


def _fold_piece(totals: zonecount.ZoneTotals, piece: Piece, source: str, found: list,
                *, ids: IdRegistry, country, get_gazetteer, background: bool) -> int:
    cols, n = piece.columns, len(piece.rows)
    if not n:
        found.append((sorted(piece.rejects, key=lambda r: r.row or 0), []))
        return 0
    names = list(cols) + (["_lon", "_lat"] if piece.xy is not None else [])
    lon_col, lat_col, place_col = placing.locate_columns(pd.DataFrame(columns=names), source)
    odd = np.zeros(n, dtype=bool)
    repeats: dict[int, tuple[str, int]] = {}
    if "incident_id" in cols:
        values = readcells._arrow(cols["incident_id"])
        pos, hashes = hash_given(values)
        for k, first_source, first_row in ids.check_hashes(pos, hashes, piece.rows[pos],
                                                           source):
            repeats[int(piece.rows[k])] = (first_source, first_row)
            odd[k] = True
    if piece.xy is None:
        lon, lon_bad = readcells.numbers(cols[lon_col])
        lat, lat_bad = readcells.numbers(cols[lat_col])
        odd |= lon_bad | lat_bad
    else:
        lon, lat = piece.xy
    with np.errstate(invalid="ignore"):
        odd |= ~((np.abs(lon) <= 180) & (np.abs(lat) <= 90))  # NaN too
    frame: dict[str, object] = {}
    for name in placing.COUNTS:
        if name in cols:
            frame[name], bad = readcells.counts(cols[name])
            odd |= bad
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
    frame["uncertainty_m"] = np.where(np.isnan(radius), settings.coordinate_radius_m, radius)
    if "date" in cols:
        frame["date"], plain_date = iso_days(cols["date"])
        odd |= ~plain_date
    if "background" in cols:
        frame["background"], bad = readcells.flags(cols["background"])
        odd |= bad
    for name in {*_ELSEWHERE, place_col} - {None}:
        if name in cols:
            odd |= readcells.given(cols[name])
    # targets: geocoded (every row's) unless some row of the chunk gives a target place id
    has_ids = "target_place_id" in cols and bool(readcells.given(cols["target_place_id"]).any())
    if "target" in cols and not has_ids:
        odd |= readcells.given(cols["target"])
    elif "target_place_id" in cols:
        frame["target_place_id"] = cols["target_place_id"]
    if "event_type" in cols:
        frame["event_type"] = cols["event_type"]
    plain = ~odd
    chunk_frame = pd.DataFrame({k: v[plain].reset_index(drop=True) if isinstance(v, pd.Series)
                                else v[plain] for k, v in frame.items()})
    placed = int(plain.sum())
    totals.add(placing.report_chunk(placing.Placed(chunk_frame, lon[plain], lat[plain],
                                                   piece.rows[plain], [], [])),
               background=background)
    if odd.any():
        raw = piece.raw(np.flatnonzero(odd))
        if has_ids and "target" in raw:  # the chunk had target ids: its targets stay text
            raw = raw.drop(columns="target")
        result = placing.place_rows(raw, source, gazetteer=get_gazetteer,
                                    rejects=piece.rejects, country=country,
                                    ids=KnownRepeats(repeats))
        totals.add(placing.report_chunk(result), background=background)
        placed += len(result.frame)
        found.append((result.rejects, result.warnings))
    else:
        found.append((sorted(piece.rejects, key=lambda r: r.row or 0), []))
    return placed


_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def iso_days(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Days (`readcells.DATE_DTYPE`) of the cells written ``YYYY-MM-DD`` (a real day),
    NaT for blank ones, and which cells are either: what `readcells.dates` reads them as.
    Any other cell is left to `readcells.dates` (other spellings, bad dates: warnings).
    Typed dates (Parquet) are read by `readcells.dates` itself."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pd.api.types.is_datetime64_any_dtype(column) or column.dtype == object:
        days, bad = readcells.dates(column)
        return days, ~bad
    cells = readcells._arrow(column)
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    n = len(cells)
    blank = ~np.asarray(pc.not_equal(cells, "").fill_null(False), dtype=bool)
    strict = np.asarray(pc.match_substring_regex(cells, r"^\d{4}-\d{2}-\d{2}$")
                        .fill_null(False), dtype=bool)
    out = np.full(n, np.datetime64("NaT"), dtype=readcells.DATE_DTYPE)
    idx = np.flatnonzero(strict)
    ok = blank.copy()
    if len(idx):
        picked = cells.filter(pa.array(strict)).cast(pa.large_string())
        _, offsets, data = picked.buffers()
        start = np.frombuffer(offsets, np.int64)[picked.offset]
        text = np.frombuffer(data, np.uint8)[start:start + 10 * len(idx)].reshape(-1, 10)

        def number(a: int, b: int) -> np.ndarray:
            out = np.zeros(len(idx), np.int64)
            for k in range(a, b):
                out *= 10
                out += text[:, k]
                out -= 48
            return out

        year, month, day = number(0, 4), number(5, 7), number(8, 10)
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        last = _DAYS_IN_MONTH[np.clip(month, 1, 12) - 1] + ((month == 2) & leap)
        valid = (month >= 1) & (month <= 12) & (day >= 1) & (day <= last)
        months = ((year - 1970) * 12 + month - 1)[valid].astype("datetime64[M]")
        out[idx[valid]] = (months.astype("datetime64[D]") + (day[valid] - 1)).astype(
            readcells.DATE_DTYPE)
        ok[idx[valid]] = True
    return out, ok
