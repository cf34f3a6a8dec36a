"""One registry of event types, read from ``data/event_types.jsonl``.

Each record names a type and says, once, everything the program needs about it:
its label, the ACLED (event_type, sub_event_type) it is written as, the ACLED pairs
read as it (``"*"`` matches any sub-event type), its map colour and symbol, and which
other types an extracted mention of it may be grouped with (``"*"``: any).  ``model``,
``mapdata``, the format readers and writers and the extractor all derive their tables
from here: adding a type is one line in the data file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geoincidents import jsonl
from geoincidents.errors import DataError

REGISTRY = Path(__file__).parent / "data" / "event_types.jsonl"


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    acled: tuple[str, str]
    acled_in: tuple[tuple[str, str], ...]
    color: str
    shape: str
    groups_with: frozenset[str]


@lru_cache(maxsize=1)
def registry() -> dict[str, EventType]:
    """Event types by name, in file order."""
    out: dict[str, EventType] = {}
    for lineno, rec in jsonl.records(REGISTRY):
        for name in ("name", "label", "color", "shape"):
            if not isinstance(rec.get(name), str) or not rec[name]:
                raise DataError(f"{jsonl.where(REGISTRY, lineno, name)}: expected a "
                                "non-empty string")
        if not (isinstance(rec.get("acled"), list) and len(rec["acled"]) == 2):
            raise DataError(f"{jsonl.where(REGISTRY, lineno, 'acled')}: expected "
                            "[event_type, sub_event_type]")
        if rec["name"] in out:
            raise DataError(f"{jsonl.where(REGISTRY, lineno)}: event type {rec['name']!r} "
                            "defined twice")
        out[rec["name"]] = EventType(
            name=rec["name"], label=rec["label"], acled=tuple(rec["acled"]),
            acled_in=tuple(tuple(p) for p in rec.get("acled_in", ())),
            color=rec["color"], shape=rec["shape"],
            groups_with=frozenset(rec.get("groups_with", ())),
        )
    if "other" not in out:
        raise DataError(f"{REGISTRY}: the fallback type 'other' is missing")
    return out


def names() -> list[str]:
    return list(registry())


def to_acled(name: str) -> tuple[str, str]:
    """The ACLED (event_type, sub_event_type) an event type is written as."""
    types = registry()
    return types.get(name, types["other"]).acled


def from_acled(event_type: str, sub_event_type: str | None) -> str:
    """Our event type for an ACLED pair: exact sub-type first, then ``"*"``, else other."""
    exact, wild = _acled_lookup()
    key = (event_type or "", sub_event_type or "")
    return exact.get(key) or wild.get(key[0]) or "other"


@lru_cache(maxsize=1)
def _acled_lookup() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    exact: dict[tuple[str, str], str] = {}
    wild: dict[str, str] = {}
    for t in registry().values():
        for ev, sub in t.acled_in:
            if sub == "*":
                wild.setdefault(ev, t.name)
            else:
                exact.setdefault((ev, sub), t.name)
    return exact, wild


def groups_with(a: str | None, b: str | None) -> bool:
    """May mentions of types ``a`` and ``b`` describe one incident?"""
    if a is None or b is None or a == b:
        return True
    types = registry()
    ta, tb = types.get(a), types.get(b)
    if ta is None or tb is None:
        return False
    return ("*" in ta.groups_with or b in ta.groups_with
            or "*" in tb.groups_with or a in tb.groups_with)


def style(name: str) -> dict[str, str]:
    t = registry().get(name, registry()["other"])
    return {"color": t.color, "shape": t.shape}
