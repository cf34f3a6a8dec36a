"""Forms of a name that the gazetteer lacks but whose core it has ("Kilifi County",
"County Mayo", "Port of Los Angeles"): the forms are data (``data/name_forms.json``),
each with the kinds of place it may mean."""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from importlib import resources

from geoincidents.geoparse.context import hamlet
from geoincidents.geoparse.world import Entry

#: (pattern whose group 1 is the core name, kinds it may mean, the form as written)
Forms = tuple[tuple[re.Pattern, frozenset[str], str], ...]


def by_form(name: str, lookup: Callable[[str], Sequence[Entry]],
            forms: Forms | None = None) -> tuple[tuple[Entry, ...], str]:
    """The places of the first form ``name`` fits whose core ``lookup`` finds, of the
    form's kinds (never a `hamlet`), and that form as written in the data ("Port of {}");
    ((), "") if none."""
    for form, kinds, written in name_forms() if forms is None else forms:
        core = form.fullmatch(name.strip())
        if core:
            found = tuple(e for e in lookup(core.group(1))
                          if e.kind in kinds and not hamlet(e))
            if found:
                return found, written
    return (), ""


@functools.lru_cache(maxsize=1)
def name_forms() -> Forms:
    """The forms of ``data/name_forms.json`` as patterns whose group 1 is the core name,
    each with the kinds of place the form may mean."""
    text = resources.files("geoincidents.geoparse").joinpath(
        "data/name_forms.json").read_text(encoding="utf-8")
    return compile_forms(json.loads(text)["forms"], "data/name_forms.json")


def compile_forms(rows: Sequence[dict], where: str) -> Forms:
    """`name_forms` of rows ``{"form": "Port of {}", "kinds": ["city"]}`` read from
    ``where`` (named in the error a bad row raises)."""
    out = []
    for i, row in enumerate(rows):
        form = row.get("form") if isinstance(row, dict) else None
        kinds = row.get("kinds") if isinstance(row, dict) else None
        if not isinstance(form, str) or form.count("{}") != 1 or \
                not isinstance(kinds, list) or not kinds:
            raise ValueError(f"{where} forms[{i}]: expected 'form', a string with one "
                             f"'{{}}', and 'kinds', a non-empty list; got {row!r}")
        head, tail = (re.escape(p) for p in form.split("{}"))
        out.append((re.compile(f"{head}(\\S.*?\\S|\\S){tail}", re.IGNORECASE),
                    frozenset(kinds), form))
    return tuple(out)
