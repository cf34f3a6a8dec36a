"""Load incidents from any mix of inputs, and run the main job end to end.

This is the one place that knows which reader serves which input, so the CLI and
notebook users get the same behaviour.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geoincidents import cells, io, model, report, settings, spatial
from geoincidents.gazetteer import Gazetteer
from geoincidents.model import ReadResult, Reject

log = logging.getLogger(__name__)

#: Readers by file suffix; other issues register theirs here (articles, field formats).
READERS: dict[str, object] = {}


def load_incidents(inputs: Sequence[str | os.PathLike[str]], *, gazetteer: Gazetteer,
                   country: str | Iterable[str] | None = None,
                   fmt: str | None = None, published=None,
                   encoding: str | None = None) -> ReadResult:
    """Read every input and concatenate the incidents, rejects and warnings.

    ``"-"`` (or an open binary file) is read from stdin, its format sniffed from the
    content (CSV, ACLED, UCDP GED, GDELT, GeoJSON or a GeoJSON sequence); a folder is
    read with the ``"/"`` reader (articles). ``fmt`` (one of
    `geoincidents.formats.READ_FORMATS`) overrides suffix and content; ``published`` (a
    date) goes to the readers that accept it (articles), ``encoding`` to the table
    reader (text inputs that are not UTF-8); piped bytes that are not a
    table are read as an article. A file named twice is read once; an id a table gives
    twice is a reject (the first row keeps it); ids that two inputs share (each file is
    its own namespace) get the file name as prefix.
    """
    frames, rejects, warnings = [], [], []
    inputs, repeated = io.distinct_inputs(inputs)
    rejects += repeated
    for path in inputs:
        if hasattr(path, "read") or str(path) == "-":
            if str(path) == "-":
                path = _stdin_buffer()
            suffix = "" if fmt is not None or _is_table(path) else ".txt"
        elif Path(path).is_dir():
            suffix = "/"
        else:
            suffix = Path(path).suffix.lower()
        reader = READERS.get(suffix, io.read_incidents)
        kwargs: dict = {}
        if fmt is not None:
            reader = io.read_incidents
            kwargs["fmt"] = fmt
        if published is not None and getattr(reader, "accepts_published", False):
            kwargs["published"] = published
        if encoding is not None and reader is io.read_incidents:
            kwargs["encoding"] = encoding
        result = reader(path, gazetteer=gazetteer, country=country, **kwargs)
        frames.append(result.incidents)
        rejects += result.rejects
        warnings += result.warnings
    if not frames:
        return ReadResult(model.empty_incidents(), [], [])
    incidents = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    incidents = gpd.GeoDataFrame(incidents, geometry="geometry", crs=settings.crs)
    dup = incidents["incident_id"].duplicated(keep=False)
    if dup.any():
        stems = incidents["source_file"].map(lambda s: Path(str(s)).stem)
        incidents.loc[dup, "incident_id"] = stems[dup] + ":" + incidents.loc[dup, "incident_id"]
    return ReadResult(incidents, rejects, warnings)


#: The files `run_job` writes into its folder.
JOB_FILES = ("incidents.html", "zones.csv", "zones.md", "distances.csv", "distances.md",
             "unplaced.csv")


@dataclass
class JobResult:
    """What `run_job` produced: the frames and the files written."""

    incidents: gpd.GeoDataFrame
    joined: pd.DataFrame
    zone_report: pd.DataFrame
    distance_report: pd.DataFrame
    rejects: list[Reject]
    warnings: list[Reject]
    files: list[Path] = field(default_factory=list)


def run_job(inputs: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str], *,
            gazetteer: Gazetteer, zones: gpd.GeoDataFrame, overwrite: bool = False,
            country: str | Iterable[str] | None = None, title: str = "Incidents",
            published=None) -> JobResult:
    """The main job: read, join with zones, write a map and the reports into ``out_dir``.

    Writes ``incidents.html``, ``zones.csv``/``zones.md``, ``distances.csv``/``distances.md``
    and ``unplaced.csv`` (the rejects and warnings, possibly empty).
    """
    from geoincidents import render  # folium only when a map is made
    from geoincidents.formats import writers
    from geoincidents.outputs import Staged, check_outputs

    out = Path(out_dir)
    names = {name: out / name for name in JOB_FILES}
    from geoincidents.extract import ARTICLE_SUFFIXES

    check_outputs(names, overwrite=overwrite, inputs=inputs, make_folders=names,
                  folder_suffixes=ARTICLE_SUFFIXES)
    loaded = load_incidents(inputs, gazetteer=gazetteer, country=country, published=published)
    joined = spatial.join_zones(loaded.incidents, zones)
    zrep = report.zone_report(loaded.incidents, zones, joined)
    drep = report.incident_distances(loaded.incidents, joined, zones)
    fmap = render.incident_map(loaded.incidents, zones, joined, title=title)
    # all six are made first and put in place together at the end: a failure leaves the
    # folder as it was
    with contextlib.ExitStack() as stack:
        tmp = {name: stack.enter_context(Staged(path, overwrite=overwrite, make_folder=True))
               for name, path in names.items()}
        render.save_map(fmap, tmp["incidents.html"], overwrite=True)
        for name, frame in (("zones", zrep), ("distances", drep)):
            for fmt, suffix in (("csv", ".csv"), ("markdown", ".md")):
                tmp[f"{name}{suffix}"].write_text(cells.format_frame(frame, fmt),
                                                  encoding="utf-8", newline="")
        writers.write_rejects(loaded.rejects + loaded.warnings, tmp["unplaced.csv"],
                              overwrite=True)
    files = list(names.values())
    return JobResult(loaded.incidents, joined, zrep, drep, loaded.rejects, loaded.warnings,
                     files)


def _stdin_buffer():
    import io as _io
    import sys

    buffer = _io.BytesIO(sys.stdin.buffer.read())
    buffer.name = "<stdin>"
    return buffer


def _is_table(stream) -> bool:
    """Whether piped bytes are an incident table (GeoJSON, GDELT, ACLED, UCDP, a CSV
    whose header has coordinate or place columns, or any of them packed, or a workbook)
    rather than an article."""
    from geoincidents import formats
    from geoincidents.errors import DataError

    at = stream.tell()
    head = stream.read(1 << 16)
    stream.seek(at)
    if head.startswith((b"\x1f\x8b", b"PK\x03\x04")):  # gzip, zip or a workbook
        return True
    kind = formats.sniff(head) if head.strip() else "csv"
    if kind != "csv":
        return True
    try:
        header, _ = formats.csvtext.read_header(head, "<stdin>")
        frame = pd.DataFrame(columns=header)
        io.locate_columns(frame, "<stdin>")
    except DataError:
        return False
    return True


def _register_article_readers() -> None:
    from geoincidents.extract import ARTICLE_SUFFIXES, read_article_input

    for suffix in (*ARTICLE_SUFFIXES, "/"):
        READERS.setdefault(suffix, read_article_input)


_register_article_readers()
