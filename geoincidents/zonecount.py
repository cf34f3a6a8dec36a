"""The zone report's counting rule, written once: per-zone partial totals and their sums.

`zone_partials` counts one table of placed incidents (a whole table in memory, a chunk
of a streamed file, a dask partition) into per-zone partial totals; `ZoneTotals` sums
partials in any order and turns them into the report. `report.zone_report` and every
streaming engine count through here, so a change to what is counted is made here only.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geoincidents import readcells, spatial

#: Event types that by definition did not reach their target: never "in" it.
NOT_REACHING = ("thwarted",)

ZONE_REPORT_COLUMNS = ("zone_id", "zone", "kind", "incidents_in", "possibly_in", "aimed_at",
                       "munitions_fired", "munitions_landed", "killed", "injured",
                       "first_date", "last_date")

_SUM_FIELDS = ("munitions_fired", "munitions_landed", "killed", "injured")
#: How the dates are counted (as int64 in the partials).
DATE_DTYPE = readcells.DATE_DTYPE  # calendar dates of any year 1-9999
_NAT = np.iinfo(np.int64).min

#: How per-zone partial totals (`zone_partials`) of chunks, partitions and engines combine.
PARTIAL_COMBINE = {**{k: "sum" for k in ("incidents_in", "possibly_in", "aimed_at",
                                         *_SUM_FIELDS)},
                   "first": "min", "last": "max"}
_COMBINE_UFUNC = {"sum": np.add, "min": np.minimum, "max": np.maximum}


class ZoneTotals:
    """Per-zone counts, sums and date range, built chunk by chunk and mergeable.

    Parameters
    ----------
    zones : GeoDataFrame or spatial.ZoneIndex
        The zones reported on (their order is the order of every array here).
    """

    def __init__(self, zones: gpd.GeoDataFrame | spatial.ZoneIndex) -> None:
        self.index = zones if isinstance(zones, spatial.ZoneIndex) else spatial.ZoneIndex(zones)
        self.totals = empty_partials(len(self.index))
        self.rows = 0
        self._places = ZonePlaces(self.index)

    def add(self, chunk: pd.DataFrame | dict[str, np.ndarray], *,
            background: bool = True) -> None:
        """Fold in placed incidents (see `zone_partials` for the columns read)."""
        if not background:
            keep = ~np.asarray(chunk["background"], dtype=bool)
            chunk = chunk[keep] if isinstance(chunk, pd.DataFrame) else \
                {k: np.asarray(v)[keep] for k, v in chunk.items()}
        n = len(chunk["lon"])
        self.rows += n
        if n:
            self.combine(zone_partials(self.index, chunk, places=self._places))

    def combine(self, partials: dict[str, np.ndarray] | pd.DataFrame) -> ZoneTotals:
        """Combine per-zone partial totals (`zone_partials`, same zones) into these by
        `PARTIAL_COMBINE`; returns self."""
        for name, how in PARTIAL_COMBINE.items():
            _COMBINE_UFUNC[how](self.totals[name], np.asarray(partials[name], np.int64),
                                out=self.totals[name])
        return self

    def merge(self, other: ZoneTotals) -> ZoneTotals:
        """Add another partition's totals (same zones) into these; returns self."""
        self.rows += other.rows
        return self.combine(other.totals)

    def frame(self) -> pd.DataFrame:
        """The zone report: columns `ZONE_REPORT_COLUMNS`, one row per zone, the zones
        with most incidents in them first."""
        zones = self.index.zones

        def _dates(values: np.ndarray) -> pd.Series:
            out = values.copy()
            out[(values == _NAT) | (values == np.iinfo(np.int64).max)] = _NAT
            return pd.Series(out.view(DATE_DTYPE))

        out = pd.DataFrame({
            "zone_id": self.index.ids, "zone": zones["name"].to_numpy(),
            "kind": zones["kind"].to_numpy() if "kind" in zones else None,
            **{k: self.totals[k] for k in ("incidents_in", "possibly_in", "aimed_at",
                                           *_SUM_FIELDS)},
            "first_date": _dates(self.totals["first"]),
            "last_date": _dates(self.totals["last"]),
        }, columns=list(ZONE_REPORT_COLUMNS))
        return out.sort_values(["incidents_in", "possibly_in", "aimed_at", "zone"],
                               ascending=[False, False, False, True], ignore_index=True)


class ZonePlaces:
    """The zones an incident can be aimed at, by the gazetteer place id of its target.

    Several zones may share a place (two outlines of one base, say): an attack aimed at
    that place is aimed at each of them.
    """

    def __init__(self, index: spatial.ZoneIndex) -> None:
        zones = index.zones
        ids = zones["place_id"].tolist() if "place_id" in zones else [None] * len(index)
        places = [str(p) if pd.notna(p) and str(p) else None for p in ids]
        self.codes = {p: k for k, p in enumerate(dict.fromkeys(p for p in places if p))}
        #: each zone's place code, -1 for none
        self.zone_place = np.array([self.codes[p] if p else -1 for p in places], np.int64)
        has = np.flatnonzero(self.zone_place >= 0)
        #: the zones of each place, in zone order: zones[starts[c]:starts[c + 1]]
        self.zones = has[np.argsort(self.zone_place[has], kind="stable")]
        self.starts = np.searchsorted(self.zone_place[self.zones], np.arange(len(self.codes) + 1))
        self._keys = None

    def code(self, place_ids: pd.Series) -> np.ndarray:
        """The place code of each target (-1 for none or a place no zone has)."""
        keys = pd.Index(list(self.codes), dtype=object)
        return keys.get_indexer(pd.Series(place_ids).astype(object)).astype(np.int64)

    def code_arrow(self, place_ids) -> np.ndarray:
        """`code` of an Arrow string array of stripped place ids (null or "" for none)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._keys is None:
            self._keys = pa.array(list(self.codes), pa.string())
        return np.asarray(pc.index_in(place_ids, value_set=self._keys).fill_null(-1),
                          dtype=np.int64)

    def aimed(self, code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every (incident, zone) with the zone among the places the incident targets."""
        ai = np.flatnonzero(code >= 0)
        counts = self.starts[code[ai] + 1] - self.starts[code[ai]]
        first = np.repeat(self.starts[code[ai]], counts)
        k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return np.repeat(ai, counts), self.zones[first + k]


def zone_partials(index: spatial.ZoneIndex, chunk: pd.DataFrame | dict[str, np.ndarray], *,
                  places: ZonePlaces | None = None,
                  pairs: spatial.ZonePairs | None = None) -> dict[str, np.ndarray]:
    """The zone report's counting rule on one table: per-zone partial totals.

    Parameters
    ----------
    index : spatial.ZoneIndex
    chunk : DataFrame or dict of arrays
        Placed incidents: ``lon``, ``lat``, ``uncertainty_m``, ``date``, ``n_fired``,
        ``n_landed``, ``killed``, ``injured`` (float, NaN when missing),
        ``target_place_id`` (or ``target_code``, its `ZonePlaces.code` for ``places``)
        and optionally ``not_reaching`` (a thwarted attack: aimed at its target zones,
        never in them, wherever it was stopped).
    places : ZonePlaces, optional
        The zones by place (computed if not given).
    pairs : spatial.ZonePairs, optional
        The chunk's (row, zone) pairs if already known (`ZoneIndex.pairs` otherwise).

    Returns
    -------
    dict of arrays
        One array per key of `PARTIAL_COMBINE`, one value per zone in ``index`` order:

        - ``incidents_in``: incidents whose point lies in the zone (an incident in the
          embassy counts for the embassy and for the Green Zone around it);
        - ``possibly_in``: incidents outside it whose uncertainty radius reaches it;
        - ``aimed_at``: incidents whose target is the zone's place but that are not in
          it (a miss), and thwarted attacks on it;
        - munitions (fired, else landed), killed and injured summed over the incidents in;
        - ``first``/``last``: dates over all three groups, as int64 `DATE_DTYPE`
          (``int64.max``/``int64.min`` for none).
    """
    m = len(index)
    out = empty_partials(m)
    if not len(chunk["lon"]):
        return out
    places = places if places is not None else ZonePlaces(index)
    if pairs is None:
        pairs = index.pairs(*(np.asarray(chunk[k], dtype="float64")
                              for k in ("lon", "lat", "uncertainty_m")))
    target = np.asarray(chunk["target_code"]) if "target_code" in chunk else \
        places.code(chunk["target_place_id"])
    # a thwarted attack never counts as in (or possibly in) the zones it was aimed at
    stopped = np.zeros(len(pairs.point), dtype=bool)
    if "not_reaching" in chunk:
        t = target[pairs.point]
        stopped = (np.asarray(chunk["not_reaching"], dtype=bool)[pairs.point] & (t >= 0)
                   & (places.zone_place[pairs.zone] == t))
    ins, pos = pairs.inside & ~stopped, ~pairs.inside & ~stopped
    pi, zi = pairs.point[ins], pairs.zone[ins]
    out["incidents_in"] += np.bincount(zi, minlength=m)
    out["possibly_in"] += np.bincount(pairs.zone[pos], minlength=m)
    fired = _floats(chunk, "n_fired")
    landed = _floats(chunk, "n_landed")
    for name, values in (("munitions_fired", np.where(np.isnan(fired), landed, fired)),
                         ("munitions_landed", landed), ("killed", _floats(chunk, "killed")),
                         ("injured", _floats(chunk, "injured"))):
        out[name] += np.bincount(zi, weights=np.nan_to_num(values[pi]),
                                 minlength=m).round().astype(np.int64)
    # aimed at: the target is the zone's place, and the point is not (counted) in that zone
    ai, aj = places.aimed(target)
    if len(ai):
        keep = ~np.isin(ai * m + aj, pi * m + zi)
        ai, aj = ai[keep], aj[keep]
        out["aimed_at"] += np.bincount(aj, minlength=m)
    dates = np.asarray(chunk["date"], dtype=DATE_DTYPE).view(np.int64)
    for p, z in ((pairs.point[~stopped], pairs.zone[~stopped]), (ai, aj)):
        ok = dates[p] != _NAT
        np.minimum.at(out["first"], z[ok], dates[p][ok])
        np.maximum.at(out["last"], z[ok], dates[p][ok])
    return out


def _floats(chunk: pd.DataFrame | dict[str, np.ndarray], name: str) -> np.ndarray:
    values = chunk[name]
    return values.to_numpy(dtype="float64", na_value=np.nan) if isinstance(values, pd.Series) \
        else np.asarray(values, dtype="float64")


def empty_partials(m: int) -> dict[str, np.ndarray]:
    """Partial totals of no incident for ``m`` zones (the identity of `PARTIAL_COMBINE`)."""
    out = {k: np.zeros(m, np.int64) for k in PARTIAL_COMBINE}
    out["first"][:] = np.iinfo(np.int64).max
    out["last"][:] = _NAT
    return out
