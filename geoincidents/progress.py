"""Progress of a long command, reported by the code that does the work.

The command line opens a bar for a command (`track`); the readers report the bytes they
have consumed (`advance`) without knowing whether anyone is watching. With no bar open
(a library call, no terminal, ``-q``), `advance` does nothing.

>>> advance(10)  # nobody is watching: nothing happens
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

_current: contextvars.ContextVar[Callable[[int], object] | None] = contextvars.ContextVar(
    "geoincidents_progress", default=None)


def advance(n: int) -> None:
    """Report ``n`` more units (bytes) done to the open bar, if any."""
    update = _current.get()
    if update is not None and n:
        update(n)


def stop_reporting() -> None:
    """Report to no bar from now on in this context (a worker process forked while a
    bar was open: the bar is the parent's to draw)."""
    _current.set(None)


def input_bytes(inputs: Iterable, suffixes: tuple[str, ...] | None = None) -> int:
    """The bytes of the input files (a folder: those of its files with ``suffixes``)."""
    total = 0
    for item in inputs:
        if not isinstance(item, (str, os.PathLike)) or str(item) == "-":
            continue
        path = Path(item)
        if path.is_dir():
            total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and
                         (suffixes is None or f.suffix.lower() in suffixes))
        elif path.is_file():
            total += path.stat().st_size
    return total


@contextlib.contextmanager
def track(update: Callable[[int], object] | None) -> Iterator[None]:
    """Send `advance` to ``update`` while the block runs."""
    token = _current.set(update)
    try:
        yield
    finally:
        _current.reset(token)
