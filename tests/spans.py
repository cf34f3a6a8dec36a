"""Character spans of names in a test text, for the resolver's given-spans API."""

from __future__ import annotations


def first_spans(text: str, names) -> list[tuple[int, int]]:
    """The span of each name's first occurrence."""
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def spans_in_order(text: str, names) -> list[tuple[int, int]]:
    """The spans of the names, each searched after the one before (a name may repeat)."""
    out, at = [], 0
    for n in names:
        at = text.index(n, at)
        out.append((at, at + len(n)))
        at += len(n)
    return out


def all_spans(text: str, name: str) -> list[tuple[int, int]]:
    """The spans of every occurrence of one name."""
    out, at = [], text.find(name)
    while at >= 0:
        out.append((at, at + len(name)))
        at = text.find(name, at + 1)
    return out
