"""The extraction rules, read from ``extract/rules/*.jsonl``: one record per rule.

Each file holds one kind of rule (event triggers, weapons, munition nouns, munition roles,
number words, casualty words, plural event words, launch sites, place cues). A record's
``pattern``-like field is a regular expression fragment, matched case-insensitively; the
engine joins the fragments of one kind into the patterns it runs, so adding a rule is
adding one line to one file (and
``tests/test_extract_rules.py`` checks every record with the example it carries or a
sentence generated from it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from geoincidents import jsonl
from geoincidents.errors import DataError

RULES = Path(__file__).parent / "rules"

#: for each rules file: the fields every record must have (all strings unless noted)
_REQUIRED = {
    "triggers": ("type", "pattern", "example"),
    "weapons": ("weapon", "pattern", "example"),
    "munitions": ("munition",),
    "roles": ("role", "pattern"),
    "numbers": (),
    "casualties": (),
    "event_words": ("plural",),
    "filter_cues": ("cue", "pattern", "example"),
    "launch_sites": ("prep", "example"),
    "place_cues": ("role", "before", "example", "place"),
}
#: fields whose value must be one of a few words
_CHOICES = {"munition_as": ("subject", "object", "either")}
#: for each rules file whose records name the sets they belong to: the sets (a record is in
#: each set whose field is true, and must be in one)
_SETS = {"event_words": ("tally", "count", "told")}


@lru_cache(maxsize=None)
def records(kind: str) -> tuple[dict, ...]:
    """The records of ``rules/<kind>.jsonl`` in file order, checked: a bad line is a
    `DataError` naming the file, the line and the field."""
    if kind not in _REQUIRED:
        raise ValueError(f"`kind` was {kind!r} but is expected to be in {sorted(_REQUIRED)}")
    path = RULES / f"{kind}.jsonl"
    out = []
    for lineno, rec in jsonl.records(path):
        for name in _REQUIRED[kind]:
            if not isinstance(rec.get(name), str) or not rec[name]:
                raise DataError(f"{jsonl.where(path, lineno, name)}: missing or empty; "
                                "expected a non-empty string")
        for name, allowed in _CHOICES.items():
            if name in rec and rec[name] not in allowed:
                raise DataError(f"{jsonl.where(path, lineno, name)}: was {rec[name]!r} but is "
                                f"expected to be one of {list(allowed)}")
        sets = _SETS.get(kind, ())
        for name in sets:
            if name in rec and rec[name] is not True:
                raise DataError(f"{jsonl.where(path, lineno, name)}: was {rec[name]!r} but is "
                                "expected to be true (or left out)")
        if sets and not any(name in rec for name in sets):
            raise DataError(f"{jsonl.where(path, lineno)}: in no set; expected one of the "
                            f"fields {list(sets)} to be true")
        for name, value in rec.items():
            if name in ("pattern", "plural", "munition", "person", "title", "hurt", "qualifier",
                        "aux", "toll", "none", "died_later", "vague", "not_one"):
                try:
                    re.compile(value)
                except re.error as exc:
                    raise DataError(f"{jsonl.where(path, lineno, name)}: {value!r} is not a "
                                    f"regular expression ({exc})") from None
        out.append(rec)
    return tuple(out)


def alternation(kind: str, field: str, **where) -> str:
    """The ``field`` of every record of ``kind`` (those whose other fields equal
    ``where``) as one non-capturing alternation, in file order."""
    parts = [r[field] for r in records(kind) if field in r and
             all(r.get(k) == v for k, v in where.items())]
    if not parts:
        raise DataError(f"{RULES / (kind + '.jsonl')}: no record with {field!r}"
                        + (f" and {where}" if where else ""))
    return "(?:" + "|".join(parts) + ")"


def grouped(kind: str, key: str, field: str = "pattern", *,
            unless: str | None = None) -> dict[str, str]:
    """``{key value: alternation of its records' field}``, keys in file order (records
    with a true ``unless`` field left out)."""
    out: dict[str, list[str]] = {}
    for r in records(kind):
        if key in r and not (unless and r.get(unless)):
            out.setdefault(r[key], []).append(r[field])
    return {k: "(?:" + "|".join(v) + ")" for k, v in out.items()}
