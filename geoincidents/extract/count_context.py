"""Counts told across sentences: "Two more missiles fell short" adds to the sentence
before, "All of them were shot down" counts all it told, "Three of the rounds landed"
makes the figure told before the whole fired, and a headline's counts fill the roles the
body leaves out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geoincidents.extract import counts

if TYPE_CHECKING:  # pragma: no cover
    from geoincidents.extract.facts import SentenceFacts


def add_more(facts: list[SentenceFacts]) -> None:
    """"Nine missiles struck the base. Two more fell short": the counts of a sentence of
    munitions beyond those told before are added to those of the sentence before it that
    counts (in the same paragraph), so that the incident's larger count is the sum; and
    "All of them were shot down" counts all those that sentence told."""
    for k, f in enumerate(facts):
        part = not (f.counts_more or f.counts_all) and len(f.counts) == 1 and \
            counts.part_of_told(f.text)
        rank = counts.rank_opening(f.text) if len(f.counts) == 1 and \
            list(f.counts.values()) == [1] and not (f.counts_more or f.counts_all) else None
        if not (f.counts_more or f.counts_all or part or rank):
            continue
        before = next((b for b in reversed(facts[:k]) if b.counts and not b.headline), None)
        if before is None or before.para != f.para:
            continue
        if rank:
            # "... the first missile struck it. The second fell into the water": one more
            # than those told for its role, when fewer than its rank were (not "Two
            # rockets hit the base. The second struck a hangar": one of the two)
            (role, _), = f.counts.items()
            told = before.counts.get(role, 0)
            if told < rank:
                f.counts[role] = told + 1
            continue
        if part:
            _part_of_before(f, before)
            continue
        if f.counts_all:
            # "Four drones were launched ... All of them were brought down": four
            told = before.counts.get("n_fired") or max(before.counts.values())
            for role in f.counts_all:
                f.counts[role] = max(f.counts.get(role, 0), told)
        else:
            for role, n in f.counts.items():
                f.counts[role] = n + before.counts.get(role, 0)


def _part_of_before(f: SentenceFacts, before: SentenceFacts) -> None:
    """"Four mortar rounds hit the town. Three of the rounds landed in the town; the fourth
    was not found": the figure told before for the part's role was the whole fired (four
    fired, three landed), when it is larger and no number fired was told."""
    (role, n), = f.counts.items()
    whole = before.counts.get(role)
    if role != "n_fired" and whole is not None and whole > n and "n_fired" not in before.counts:
        before.counts["n_fired"] = whole
        before.counts[role] = n


def headline_counts(facts: list[SentenceFacts], found) -> None:
    """"Six drones launched at Erbil airport, four downed": a headline's counts go to the
    article's first incident of its event type, for the roles the body does not count (a
    title repeats the body in fewer words: the body's figure stands; and a total the body
    gives by landed and intercepted ones outranks the title's fired)."""
    for f in facts:
        if not (f.headline and f.etype and counts.MAY_COUNT.search(f.text)):
            continue
        inc = next((i for i in found if i.etype == f.etype), None)
        if inc is None:
            continue
        for role, n in counts.munition_counts(f.text).items():
            if role == "n_fired" and ("n_landed" in inc.counts or "n_intercepted" in inc.counts):
                continue
            inc.counts.setdefault(role, n)
