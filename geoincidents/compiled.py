"""Which code runs: the modules compiled by mypyc, or their Python source.

``pip install`` compiles the modules that read articles (`RULES`: sentences and keywords,
numbers, dates, place mentions, events, an article's incidents as rows, and the
gazetteer they look names up in) with
mypyc when it can (see ``setup.py``), which makes extraction about 1.4x faster, and
records the SHA-256 of each source it compiled in ``_compiled.json``. The compiled
modules are used only while every source still has its recorded hash: after an edit, a
``git checkout`` or a ``git pull`` the Python source is used instead (with a warning
that says how to rebuild), so compiled code never runs code that differs from the files
on disk. ``GEOINCIDENTS_PURE=1`` in the environment always uses the source; without a
compiler the package is pure Python.

`install` runs when `geoincidents` is imported, before any of these modules is.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

#: The modules setup.py compiles, as paths in the package without ".py".
RULES = ("extract/text", "extract/numbers", "extract/dates", "extract/mentions",
         "extract/events", "extract/records", "gazetteer")

#: Written by setup.py in the package: {module path: SHA-256 of its source}.
STAMP = "_compiled.json"

HERE = Path(__file__).resolve().parent
PACKAGE = __name__.rpartition(".")[0]
#: full module name -> path in the package
_BY_NAME = {f"{PACKAGE}.{path.replace('/', '.')}": path for path in RULES}

_state: str | None = None


def source_hashes(folder: Path = HERE) -> dict[str, str]:
    """SHA-256 of each compiled module's source under ``folder``."""
    return {name: hashlib.sha256((folder / f"{name}.py").read_bytes()).hexdigest()
            for name in RULES}


def _built(folder: Path, name: str) -> bool:
    return any((folder / f"{name}{suffix}").exists()
               for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def decide(folder: Path = HERE, environ=os.environ) -> tuple[str, str]:
    """(state, why) for the rule modules in ``folder``: state is ``"compiled"`` (use the
    compiled modules), ``"source"`` (none are built, or ``GEOINCIDENTS_PURE`` is set) or
    ``"stale"`` (built, but from other sources than those on disk: use the source)."""
    built = [name for name in RULES if _built(folder, name)]
    if not built:
        return "source", "the modules are not compiled"
    if environ.get("GEOINCIDENTS_PURE", "") not in ("", "0"):
        return "source", "GEOINCIDENTS_PURE is set"
    if len(built) < len(RULES):
        missing = ", ".join(f"{n}.py" for n in RULES if n not in built)
        return "stale", f"only some modules are compiled ({missing} not)"
    try:
        recorded = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return "stale", f"{folder / STAMP} is missing or unreadable ({exc})"
    changed = [f"{name}.py" for name, digest in source_hashes(folder).items()
               if recorded.get(name) != digest]
    if changed:
        return "stale", f"{', '.join(changed)} changed since the build"
    return "compiled", "compiled by mypyc from the sources on disk"


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Imports the compiled modules from their ``.py`` files instead."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def find_spec(self, fullname, path=None, target=None):
        name = _BY_NAME.get(fullname)
        if name is None:
            return None
        return importlib.util.spec_from_file_location(fullname, self.folder / f"{name}.py")


def install() -> str:
    """Decide once which code runs (see the module docstring) and, when it is the source
    although compiled modules are there, import them from the source. Returns the state
    (`decide`)."""
    global _state
    if _state is not None:
        return _state
    state, why = decide()
    if state != "compiled" and any(_built(HERE, name) for name in RULES):
        if not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
            sys.meta_path.insert(0, _SourceFinder(HERE))
        if state == "stale":
            warnings.warn(f"geoincidents: using the Python source of the compiled modules, "
                          f"slower than the build: {why}. Rebuild with "
                          f"`python3 -m pip install -e .` from the checkout.",
                          RuntimeWarning, stacklevel=2)
    _state = state
    return state


def status() -> str:
    """What reads articles in this process: ``"compiled (mypyc)"`` or ``"Python source"``
    with the reason."""
    state, why = decide()
    events = sys.modules.get(f"{PACKAGE}.extract.events")
    if events is not None:  # what was really imported
        compiled = not str(getattr(events, "__file__", "")).endswith(".py")
        return "compiled (mypyc)" if compiled else f"Python source ({why})"
    return "compiled (mypyc)" if state == "compiled" else f"Python source ({why})"
