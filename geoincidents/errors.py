"""Errors raised by geoincidents, rooted in one base class."""

from __future__ import annotations


class GeoIncidentsError(Exception):
    """Base class of every error geoincidents raises on purpose."""


class DataError(GeoIncidentsError, ValueError):
    """An input file or table cannot be used as a whole.

    Row-level problems do not raise: they become rejects (see `geoincidents.model.Reject`).
    """


class GazetteerError(GeoIncidentsError):
    """A gazetteer file is malformed."""


class PlaceNotFound(GeoIncidentsError, LookupError):
    """A place name resolves to nothing in the gazetteer."""

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        msg = f"no place called {name!r} in the gazetteer"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)


class ZoneError(GeoIncidentsError):
    """A zones file is malformed (missing fields, invalid or non-polygon geometry)."""


class OutputError(GeoIncidentsError, OSError):
    """An output cannot be written: its folder is missing or not writable, it is a
    folder or a device we do not write to, or the write failed (the old file, if any,
    is left as it was)."""


class OutputExists(OutputError, FileExistsError):
    """An output file exists and overwriting was not asked for."""

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(f"{path} exists; pass --overwrite to replace it")


class OutputConflict(OutputError):
    """The outputs named contradict each other or the inputs: the same file named twice,
    or an output that is one of the inputs (refused even with --overwrite)."""
