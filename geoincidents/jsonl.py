"""Read JSON-lines data files: one JSON object a line, errors naming file, line and field.

Every JSONL file the program reads (rules, the event-type registry, annotated corpora)
goes through :func:`records`, so they share one policy: blank lines and lines whose
first non-blank characters are ``//`` (comments) are skipped; any other line must be a
JSON object. What a record must contain is the caller's to check; :func:`where` gives
its messages the same form (``path, line 3, field 'pattern': expected ...``).
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geoincidents.errors import DataError

COMMENT = "//"


def where(path: str | os.PathLike[str], lineno: int, field: str | None = None) -> str:
    """``"path, line N"`` or ``"path, line N, field 'name'"``, to start an error message."""
    out = f"{path}, line {lineno}"
    return out if field is None else f"{out}, field {field!r}"


def records(path: str | os.PathLike[str], *,
            error: type[Exception] = DataError) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` for each record of a JSON-lines file, in file order.

    Raises ``error`` (a `DataError` unless the caller names its own class) when the file
    is missing or a line is not a JSON object.
    """
    path = Path(path)
    if not path.is_file():
        raise error(f"{path}: file not found")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            text = line.strip()
            if not text or text.startswith(COMMENT):
                continue
            try:
                rec = json.loads(text)
            except json.JSONDecodeError as exc:
                raise error(f"{where(path, lineno)}: not JSON ({exc.msg})") from None
            if not isinstance(rec, dict):
                raise error(f"{where(path, lineno)}: expected a JSON object, "
                            f"got {type(rec).__name__}")
            yield lineno, rec
