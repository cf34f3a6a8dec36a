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
from typing import NamedTuple

import numpy as np
import pandas as pd

from geoincidents import placing, zonecount
from geoincidents.ids import IdRegistry, KnownRepeats
from geoincidents.model import Reject
from geoincidents.plaincells import Prepared, iso_days, prepare  # noqa: F401
from geoincidents.plainparquet import plain_parquet, wkb_points  # noqa: F401
from geoincidents.plainread import GiveUp, Part, PieceEnd, _ahead, plain_csv


def fold_plain(totals: zonecount.ZoneTotals, path, problems, *, gazetteer, country,
               chunksize: int, background: bool, ids: IdRegistry | KnownRepeats,
               progress: Callable[[int], None] | None = None,
               row_groups: list[int] | None = None, start: int = 1) -> int | None:
    """Fold a plain CSV or GeoParquet file (of its ``row_groups`` only, if given, whose
    first row is row ``start``: a piece of the dask engine's) into ``totals`` as
    `scale.fold_file` does; the number of rows placed, or None (and nothing done) when
    the file is not one the fast path reads. ``ids`` checks the ids: an `IdRegistry` of
    the file, or the `KnownRepeats` found beforehand."""
    if not isinstance(path, (str, os.PathLike)) or not Path(path).is_file():
        return None
    source = str(path)
    suffix = Path(path).suffix.lower()
    from geoincidents.formats import vector

    if suffix in vector.PARQUET_SUFFIXES:
        pieces = plain_parquet(path, source, chunksize, row_groups=row_groups, start=start)
    elif row_groups is None and start == 1:
        pieces = plain_csv(path, source, chunksize)
    else:  # part of a CSV file: not a piece any engine makes
        return None
    if pieces is None:
        return None
    usable, pieces = pieces
    # names to geocode (the general path's look-ups): the gazetteer is loaded meanwhile
    names = {"target", "launch_place", "country", *placing.PLACE_NAMES} & \
        {c.lower() for c in usable}
    before = ids.snapshot()
    local = zonecount.ZoneTotals(totals.index)
    located = placing.locate_columns(pd.DataFrame(columns=usable + ["_lon", "_lat"])
                                     if suffix in vector.PARQUET_SUFFIXES
                                     else pd.DataFrame(columns=usable), source)
    # the cells of the next parts are read in a thread while this one counts
    if suffix not in vector.PARQUET_SUFFIXES:
        # CSV: parsing (Arrow, without the GIL) in a thread of its own, so the cells of
        # one part are read while the next is parsed and the one before is counted
        pieces = _ahead(pieces, depth=2)
    prepared = _ahead((prepare(item, located, local._places) if isinstance(item, Part)
                       else item for item in pieces), depth=2)
    fold = _Fold(local, source, ids=ids, country=country, background=background,
                 get_gazetteer=_gazetteer_ahead(gazetteer) if names
                 else _gazetteer_later(gazetteer), hold="target" in usable)
    try:
        for item in prepared:
            if isinstance(item, PieceEnd):
                fold.end(item)
            else:
                fold.part(item)
    except GiveUp:
        ids.restore(before)
        return None
    finally:
        prepared.close()
    for (rejects, warnings), size in zip(fold.found, fold.sizes):
        problems.add(rejects, warnings)
        if progress is not None:
            progress(size)
    totals.merge(local)
    return fold.placed


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


class _Fold:
    """The counting of prepared parts (`plaincells.prepare`), in order, chunk by chunk:
    ids checked against the ids before them, plain rows counted, odd rows kept until the
    chunk ends and then placed by `placing.place_rows`."""

    def __init__(self, totals: zonecount.ZoneTotals, source: str, *, ids: IdRegistry,
                 country, background: bool, get_gazetteer, hold: bool) -> None:
        self.totals, self.source, self.ids = totals, source, ids
        self.country, self.background, self.get_gazetteer = country, background, get_gazetteer
        #: a table with target names: whether they are geocoded depends on the whole
        #: chunk (`plaincells.Prepared.has_ids`), so its parts wait for the chunk's end
        self.hold = hold
        self.found: list[tuple[list[Reject], list[Reject]]] = []
        self.sizes: list[int] = []
        self.placed = 0
        #: per chunk not ended yet (the parts of a block's chunks come before their ends):
        #: its odd rows (positions in it), its repeated ids, its parts held
        self._chunks: dict[int, _Chunk] = {}

    def part(self, prep: Prepared) -> None:
        part, odd = prep.part, prep.odd
        chunk = self._chunks.setdefault(part.piece, _Chunk([], {}, []))
        for k, first_source, first_row in self.ids.check_hashes(
                prep.id_pos, prep.id_hashes, part.rows[prep.id_pos], self.source):
            chunk.repeats[int(part.rows[k])] = (first_source, first_row)
            odd[k] = True
        if self.hold:
            chunk.held.append((prep, odd))
        else:
            self._count(chunk, prep, odd)

    def _count(self, chunk: _Chunk, prep: Prepared, odd: np.ndarray) -> None:
        plain = ~odd
        if plain.all():
            self.totals.add(prep.counted, background=self.background)
        else:
            self.totals.add({k: v[plain] for k, v in prep.counted.items()},
                            background=self.background)
        self.placed += int(plain.sum())
        if not plain.all():
            chunk.odd.append(prep.part.offset + np.flatnonzero(odd))

    def end(self, end: PieceEnd) -> None:
        chunk = self._chunks.pop(end.piece, None) or _Chunk([], {}, [])
        has_ids = any(prep.has_ids for prep, _ in chunk.held)
        for prep, odd in chunk.held:
            if prep.target_given is not None and not has_ids:
                odd = odd | prep.target_given
            self._count(chunk, prep, odd)
        self.sizes.append(end.size)
        if not chunk.odd:
            self.found.append((sorted(end.rejects, key=lambda r: r.row or 0), []))
        else:
            raw = end.raw(np.concatenate(chunk.odd))
            if has_ids and "target" in raw:  # the chunk had target ids: its targets stay text
                raw = raw.drop(columns="target")
            result = placing.place_rows(raw, self.source, gazetteer=self.get_gazetteer,
                                        rejects=end.rejects, country=self.country,
                                        ids=KnownRepeats(chunk.repeats))
            self.totals.add(placing.report_chunk(result), background=self.background)
            self.placed += len(result.frame)
            self.found.append((result.rejects, result.warnings))


class _Chunk(NamedTuple):
    odd: list[np.ndarray]
    repeats: dict[int, tuple[str, int]]
    held: list[tuple[Prepared, np.ndarray]]
