"""The frame `spatial.join_zones` returns, assembled from `ZoneIndex.pairs` the way a user
would with the field's tools: a second, like-for-like baseline for the DataFrame API.

`ZoneIndex.pairs` returns four raw arrays of (point, zone) pairs in no useful order;
`join_zones` must also order each point's zones (smallest "in" zone first, nearest
"possibly in" zone first, which needs distances) and build a DataFrame of three n-row
string columns. This baseline does that same output work idiomatically: every "possibly
in" pair's exact distance from ``pairs(..., distances=True)`` (the simple way to order
by distance), an Arrow table of the pairs sorted with ``Table.sort_by``, each point's
labels gathered with ``group_by(...).aggregate("list")`` (single-threaded, so the order
holds) and ``;``-joined with ``pc.binary_join``, then spread over the n rows with
pandas' ``reindex``. `tests/test_spatial_perf_equivalence.py` checks that it returns the
same frame as `join_zones`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: pandas' string dtype as `join_zones` returns it (missing as NaN)
_STR = pd.StringDtype(na_value=np.nan)


def assemble_join(index, lon, lat, radius, frame_index) -> pd.DataFrame:
    """``join_zones(frame, index, nearest=False)`` from ``index.pairs`` with Arrow and
    pandas (``lon``, ``lat``, ``radius``: the frame's coordinates and radii)."""
    pairs = index.pairs(lon, lat, radius, distances=True)
    labels = pa.array(index.ids.tolist(), pa.large_string())
    table = pa.table({"point": pairs.point, "rank": index.rank[pairs.zone],
                      "dist": pairs.distance_m, "id": labels.take(pairs.zone),
                      "inside": pairs.inside})
    ins = table.filter(table["inside"]).sort_by([("point", "ascending"),
                                                 ("rank", "ascending")])
    possible = table.filter(pc.invert(table["inside"])).sort_by(
        [("point", "ascending"), ("dist", "ascending"), ("id", "ascending")])
    n = len(lon)
    in_lists = _lists(ins)
    columns = {"zone_id": _spread(in_lists, pc.list_element(in_lists["id_list"], 0), n),
               "zones_in": _spread(in_lists, _joined(in_lists), n),
               "zones_possible": _spread(_lists(possible),
                                         _joined(_lists(possible)), n)}
    return pd.DataFrame(columns, index=frame_index)


def _lists(table: pa.Table) -> pa.Table:
    # use_threads=False keeps each group's rows in the table's order
    return table.group_by("point", use_threads=False).aggregate([("id", "list")])


def _joined(lists: pa.Table) -> pa.ChunkedArray:
    return pc.binary_join(lists["id_list"], pa.scalar(";", pa.large_string()))


def _spread(lists: pa.Table, values, n: int):
    """Per-point values onto the n rows (missing elsewhere), as pandas strings; all
    missing gives objects (None), as `join_zones` does."""
    if not len(values):
        return np.full(n, None, dtype=object)
    series = pd.Series(pd.array(values, dtype=_STR), index=lists["point"].to_numpy())
    return series.reindex(pd.RangeIndex(n)).array
