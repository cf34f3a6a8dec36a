"""Output files: checked before any work is done, then written whole or not at all.

A writer never writes to the target itself. `Staged` gives it a temporary file in a
hidden folder beside the target (``.geoincidents-*.part``), and only a complete file
is renamed over the target; an exception, a full disk, Ctrl-C or SIGTERM (see
`sigterm_as_interrupt`) leaves the old file as it was and no temporary file behind.
A FIFO or a character device (``/dev/stdout``, ``/dev/null``, a named pipe) is never
replaced or unlinked, with or without ``--overwrite``: the output is made in a private
temporary folder and then copied through it whole, so nothing half-made reaches it.
``"-"`` is standard output, written the same way.

`check_outputs` refuses, before any input is read, an output that exists (without
``--overwrite``), whose folder is missing or not writable, that is a folder, a block
device or a socket, that two options name, or that is one of the inputs. The checks live
in `geoincidents.targets` and are re-exported here, so callers import one module.

This module imports nothing heavy: the CLI checks outputs before it loads pandas.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "report.csv"
>>> with Staged(target) as tmp:
...     _ = tmp.write_text("zone,incidents\\n")
>>> target.read_text()
'zone,incidents\\n'
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

from geoincidents.errors import OutputError, OutputExists
from geoincidents.targets import STDOUT, Target, check_outputs, check_writable, target

_TMP_PREFIX = ".geoincidents-"
_TMP_SUFFIX = ".part"


class Staged:
    """A temporary file that becomes ``path`` on `commit` and vanishes on `discard`.

    As a context manager it gives the temporary path, commits when the block ends and
    discards on any exception (Ctrl-C included), wrapping an ``OSError`` (a full disk)
    in an `OutputError` that names the output. The temporary file has the target's
    name, so writers that go by the suffix (GDAL, Playwright) see the right one, in a
    folder of its own that also takes any side files a writer makes. Through a FIFO or
    a device, whose name says nothing of the format, it is ``output`` + ``suffix``.
    """

    def __init__(self, path: str | os.PathLike[str], *, overwrite: bool = False,
                 make_folder: bool = False, suffix: str = "") -> None:
        self.target = target(path, overwrite=overwrite, make_folder=make_folder)
        self.overwrite = overwrite
        tgt = self.target
        if tgt.kind == "file":
            assert tgt.real is not None
            if make_folder:
                tgt.real.parent.mkdir(parents=True, exist_ok=True)
            self._dir = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX,
                                              dir=tgt.real.parent))
            self.path = self._dir / tgt.real.name
        else:
            self._dir = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX))
            self.path = self._dir / f"output{suffix}"
        # a Staged dropped without commit or discard still leaves nothing behind
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(self._dir), True)

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
            return
        self.discard()
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise self.failed(exc) from exc

    def commit(self) -> Path | None:
        """Put the finished file in place; the path written (None for stdout)."""
        try:
            if not self.path.is_file():
                raise OutputError(f"{self.target}: the writer made no file")
            if self.target.kind == "file":
                self._rename()
            else:
                self._copy_through()
        except OutputError:
            raise
        except OSError as exc:
            raise self.failed(exc) from exc
        finally:
            self.discard()
        return self.target.path

    def discard(self) -> None:
        """Remove the temporary file and its folder (nothing else is touched)."""
        self._cleanup()

    def _rename(self) -> None:
        real = self.target.real
        assert real is not None
        with contextlib.suppress(OSError):  # keep the permissions of the file replaced
            os.chmod(self.path, stat.S_IMODE(os.stat(real).st_mode))
        _fsync(self.path)
        for side in sorted(self._dir.iterdir()):  # a Shapefile's .dbf, .shx, .prj ...
            if side != self.path:
                os.replace(side, real.parent / side.name)
        if self.overwrite:
            os.replace(self.path, real)
        else:
            _link_new(self.path, real, self.target)
        _fsync(real.parent)

    def _copy_through(self) -> None:
        with open(self.path, "rb") as src:
            if self.target.kind == "stdout":
                sys.stdout.flush()
                out = getattr(sys.stdout, "buffer", None)
                if out is None:
                    sys.stdout.write(src.read().decode("utf-8"))
                else:
                    shutil.copyfileobj(src, out)
                    out.flush()
                return
            with open(self.target.path, "wb") as out:  # type: ignore[arg-type]
                shutil.copyfileobj(src, out)

    def failed(self, exc: OSError) -> OutputError:
        """The error to raise when writing failed with ``exc``."""
        kept = "the old file is left as it was" if self.target.exists and \
            self.target.kind == "file" else "nothing was written"
        return OutputError(f"{self.target}: could not be written "
                           f"({exc.strerror or exc}); {kept}")


def _link_new(tmp: Path, real: Path, tgt: Target) -> None:
    """Move ``tmp`` to ``real`` without replacing a file that appeared meanwhile."""
    try:
        os.link(tmp, real)
    except FileExistsError:
        raise OutputExists(tgt) from None
    except OSError as exc:  # a file system without hard links
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                             errno.EMLINK):
            raise
        if os.path.lexists(real):
            raise OutputExists(tgt) from None
        os.replace(tmp, real)
    else:
        os.unlink(tmp)


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk so a crash cannot leave it empty."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text(path: str | os.PathLike[str], text: str, *, overwrite: bool = False,
               make_folder: bool = False) -> Path | None:
    """Write ``text`` (UTF-8, line ends as given) whole or not at all; the path written."""
    staged = Staged(path, overwrite=overwrite, make_folder=make_folder)
    with staged as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return staged.target.path


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised in the main thread so that cleanup code runs (a
    `KeyboardInterrupt`, so that ``except Exception`` does not swallow it)."""


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While active, SIGTERM and SIGHUP raise `Terminated` instead of killing the process
    outright, so that staged outputs are discarded and the old files kept.

    A signal that is ignored (``nohup``) stays ignored; outside the main thread (where
    handlers cannot be set) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise Terminated(f"stopped by {signal.Signals(signum).name}")

    previous = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None and signal.getsignal(sig) is not signal.SIG_IGN:
            previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


__all__ = ["STDOUT", "Staged", "Target", "Terminated", "check_outputs", "check_writable",
           "sigterm_as_interrupt", "target", "write_text"]
