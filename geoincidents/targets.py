"""Output targets: every output of a run checked before any input is read.

`check_outputs` refuses an output that exists (without ``--overwrite``), whose folder is
missing or not writable, that is a folder, a block device or a socket, that two options
name, or that is one of the inputs; `target` says how one output will be written (a
regular file made beside it and renamed over it, a stream written through, or stdout).
`geoincidents.outputs` writes them; this module only looks.

This module imports nothing heavy: the CLI checks outputs before it loads pandas.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from geoincidents.errors import OutputConflict, OutputError, OutputExists

#: The name that means standard output.
STDOUT = "-"

#: Paths that name an already open file descriptor: written through, never replaced.
_FD_PATH = re.compile(r"/(?:dev/(?:stdout|stderr|fd/\d+)|proc/(?:self|\d+)/fd/\d+)")

@dataclass(frozen=True)
class Target:
    """Where one output goes.

    ``kind`` is ``"file"`` (made beside ``real``, the symlink-resolved path, and renamed
    over it), ``"stream"`` (a FIFO, a character device or an open descriptor's path,
    written through) or ``"stdout"``.
    """

    path: Path | None
    kind: str
    real: Path | None
    exists: bool
    label: str

    def __str__(self) -> str:
        return self.label


def target(path: str | os.PathLike[str], *, overwrite: bool = False,
           make_folder: bool = False, option: str | None = None) -> Target:
    """Check that ``path`` can be written, and say how it will be.

    Parameters
    ----------
    path : path or ``"-"``
        The output; ``"-"`` is standard output.
    overwrite : bool
        An existing regular file may be replaced.
    make_folder : bool
        A missing folder (and its parents) will be created; else it is refused.
    option : str, optional
        The option that named it (``"-o"``, ``"--rejects"``), for messages.

    Raises
    ------
    OutputExists
        A regular file is there and ``overwrite`` is False.
    OutputError
        The folder is missing or not writable; the path is a folder, a block device or
        a socket; the file is read-only.
    """
    label = f"{option} {path}" if option else str(path)
    if str(path) == STDOUT:
        return Target(None, "stdout", None, False, "stdout" if not option else f"{option} -")
    named = Path(path)
    try:
        st = os.stat(named)
    except FileNotFoundError:
        st = None
    except OSError as exc:  # a path through a file (ENOTDIR), a loop, no permission
        raise OutputError(f"{label}: cannot be written ({exc.strerror})") from exc
    if st is not None:
        kind = _special_kind(st.st_mode)
        if kind in ("fifo", "character device") or _FD_PATH.fullmatch(os.path.abspath(named)):
            return Target(named, "stream", named, True, label)
        if kind == "folder":
            raise OutputError(f"{label} is a folder; name a file to write")
        if kind is not None:
            raise OutputError(f"{label} is a {kind}; geoincidents writes only regular files, "
                              "FIFOs and character devices")
        if not overwrite:
            raise OutputExists(label)
        if not _access(named, os.W_OK):
            raise OutputError(f"{label} is not writable (read-only, or another user's); "
                              "make it writable or choose another name")
    real = Path(os.path.realpath(named))
    _check_folder(real.parent, named.parent, label, make_folder)
    return Target(named, "file", real, st is not None, label)


def _special_kind(mode: int) -> str | None:
    for test, kind in ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "fifo"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISSOCK, "socket")):
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "special file"


def _check_folder(folder: Path, shown: Path, label: str, make_folder: bool) -> None:
    existing = folder
    if not folder.is_dir():
        if not make_folder:
            what = "is not a folder" if folder.exists() else "does not exist"
            raise OutputError(f"{label}: the folder {shown} {what}; create it first "
                              f"(mkdir -p {shown})")
        while not existing.exists():  # the nearest existing ancestor must take the new one
            existing = existing.parent
        if not existing.is_dir():
            raise OutputError(f"{label}: cannot make the folder {shown}: {existing} is "
                              "not a folder")
    if not _access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{label}: cannot write in the folder {existing} (permission "
                          "denied); choose another place")


def _access(path: Path, mode: int) -> bool:
    """``os.access`` for the effective user (the one whose writes succeed or fail)."""
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def check_writable(path: str | os.PathLike[str], *, overwrite: bool,
                   make_folder: bool = False) -> Path:
    """`target`'s checks for one path; the path as given (``Path("-")`` for stdout)."""
    return target(path, overwrite=overwrite, make_folder=make_folder).path or Path(STDOUT)


def check_outputs(outputs: Mapping[str, str | os.PathLike[str] | None], *, overwrite: bool,
                  inputs: Iterable[object] = (), folder_suffixes: Iterable[str] = (),
                  make_folders: Iterable[str] = ()) -> dict[str, Target]:
    """Check every output of one run before anything is read or written.

    Parameters
    ----------
    outputs : mapping
        Option name (``"-o"``, ``"--rejects"``, ``"--png"``, or a file's role) to
        path; None entries are skipped.
    overwrite : bool
        Existing regular files may be replaced.
    inputs : iterable
        Files and folders the run reads (anything else, ``"-"`` and open files, is
        skipped). An output that is one of them is refused even with ``overwrite``.
    folder_suffixes : iterable of str
        Suffixes of the files read from an input folder: an output with one of them
        inside an input folder would be read as input (now or next time) and is refused.
    make_folders : iterable of str
        Options whose missing folder will be created.

    Raises
    ------
    OutputConflict
        Two options name the same file (or both stdout), or an output is an input.
    OutputExists, OutputError
        As `target`.
    """
    folders = set(make_folders)
    suffixes = {s.lower() for s in folder_suffixes}
    # conflicts first: "pass --overwrite" would be bad advice for an output that is an input
    checked = {opt: target(path, overwrite=True, make_folder=opt in folders, option=opt)
               for opt, path in outputs.items() if path is not None}
    seen: dict[object, str] = {}
    for opt, tgt in checked.items():
        key = _identity(tgt)
        if key is None:
            continue
        if key in seen:
            where = "stdout" if tgt.kind == "stdout" else str(tgt.path)
            raise OutputConflict(f"{seen[key]} and {opt} both name {where}; give each output "
                                 "its own file")
        seen[key] = opt
    for item in inputs:
        if hasattr(item, "read") or not isinstance(item, (str, os.PathLike)) \
                or str(item) == STDOUT or not os.path.exists(item):
            continue
        source = Path(os.path.realpath(item))
        for tgt in checked.values():
            key = _identity(tgt)
            if key in ("stdout", None):
                continue
            if key == _identity_of(source) or tgt.real == source:
                raise OutputConflict(f"{tgt} is also an input; write the output elsewhere "
                                     "(--overwrite never replaces an input)")
            if source.is_dir() and tgt.kind == "file" and source in tgt.real.parents \
                    and tgt.real.suffix.lower() in suffixes:
                raise OutputConflict(f"{tgt} is inside the input folder {item}, where it is "
                                     "read as input; write it elsewhere")
    for tgt in checked.values():
        if tgt.kind == "file" and tgt.exists and not overwrite:
            raise OutputExists(tgt)
    return checked


def _identity(tgt: Target) -> object:
    if tgt.kind == "stdout":
        return "stdout"
    if tgt.path is not None and os.path.realpath(tgt.path) == os.devnull:
        return None  # /dev/null may be named by every option at once
    if tgt.exists:
        return _identity_of(tgt.path)
    return str(tgt.real)


def _identity_of(path: Path | None) -> object:
    try:
        st = os.stat(path)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return str(path)
    if stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
        return (st.st_dev, st.st_ino)
    return str(os.path.realpath(path))  # type: ignore[arg-type]


__all__ = ["STDOUT", "Target", "check_outputs", "check_writable", "target"]
