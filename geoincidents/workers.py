"""Work split among forked worker processes, results handed back in order.

A folder of articles is read by several processes at once: each is forked from the
parent after the NLP pipeline, the gazetteers and the rule engines are loaded, so a
worker starts at once and shares those tables (copy-on-write) instead of loading its
own. Only the chunks' numbers go to the workers and their results come back (pickled);
the function itself is inherited by the fork, never pickled.

>>> list(map_ordered(lambda chunk: sum(chunk), [[1, 2], [3]], workers=1))
[3, 3]
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# the work of the pool being run, set in the parent just before it forks its workers
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _child_start() -> None:
    # the parent answers Ctrl-C and SIGTERM (and stops the pool); a worker just ends
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from geoincidents import progress

    progress.stop_reporting()  # the parent's bar is the parent's to draw


def _run(i: int) -> Any:
    assert _WORK is not None
    func, chunks = _WORK
    return func(chunks[i])


def map_ordered(func: Callable[[T], R], chunks: Sequence[T], *, workers: int
                ) -> Iterator[R]:
    """``func(chunk)`` of each chunk, in order, computed by ``workers`` forked processes
    (in this process when ``workers`` is 1, there is one chunk, or the platform cannot
    fork). An exception in a worker is raised here."""
    global _WORK
    if workers <= 1 or len(chunks) <= 1 or \
            "fork" not in multiprocessing.get_all_start_methods():
        yield from map(func, chunks)
        return
    if _WORK is not None:
        raise RuntimeError("map_ordered is already running in this process")
    _WORK = (func, chunks)
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(min(workers, len(chunks)), initializer=_child_start) as pool:
            yield from pool.imap(_run, range(len(chunks)))
    finally:
        _WORK = None
