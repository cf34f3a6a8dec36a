"""Named victims: how many people a casualty verb names, read by spaCy Matcher patterns.

"A US drone strike killed Iranian general Qassem Soleimani and the militia commander Abu
Mahdi al-Muhandis" names two. The patterns are `rules/victims.jsonl` records over the
NER's entities (a parse is not needed): a ``first`` rule finds a casualty verb and the
person named after it; ``more`` rules each further name of the list, from where the one
before ends; an ``aside`` rule the words set between commas beside a name ("al-Muhandis,
the commander of the militia, and General ..."), skipped only when a further name follows.
Names before a passive verb are read the other way: a ``last`` rule finds the name before
"was killed", ``earlier`` rules each name before it ("Ahmad Karimi and Said Rahman were
killed": two).
`casualties` reads them when no number of killed was told.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents.errors import DataError
from geoincidents.extract.depmatch import RULES_DIR, RuleFile
from geoincidents.extract.lexicon import records

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span

PARTS = ("first", "more", "aside", "last", "earlier")


@lru_cache(maxsize=1)
def rules() -> RuleFile:
    """The named-victim rules (read once per process)."""
    rf = RuleFile(RULES_DIR / "victims.jsonl", required=("part",))
    for rule in rf.rules:
        if rule["part"] not in PARTS:
            raise DataError(f"{rf.where(rule)}, field 'part': was {rule['part']!r} but is "
                            f"expected to be one of {list(PARTS)}")
    return rf


@lru_cache(maxsize=1)
def may_name() -> re.Pattern:
    """Whether a text may name victims: a word of the rules' ``kill`` or
    ``killed_passive`` sets, or a ``hurt`` record of kind killed of
    `rules/casualties.jsonl` ("shot dead"), so that a sentence with none is never run
    through the NER for this."""
    rf = rules()
    words = sorted(rf.words("kill") | rf.words("killed_passive"), key=len, reverse=True)
    said = "|".join(r["hurt"] for r in records("casualties")
                    if "hurt" in r and r.get("kind") == "killed")
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + rf"|{said})\b", re.I)


@lru_cache(maxsize=1)
def _matcher():
    from geoincidents import nlp

    rf = rules()
    try:
        return nlp.matcher({r["id"]: [r["pattern"]] for r in rf.rules})
    except ValueError as exc:  # spaCy's pattern validation
        raise DataError(f"{rf.path}: a pattern is invalid: {exc}") from exc


def _ends(found: list[tuple[str, int, int]], part: str, start: int) -> list[int]:
    """Where the matches of ``part`` that start at ``start`` end, longest first."""
    return sorted((e for p, s, e in found if p == part and s == start), reverse=True)


def named(span: Span) -> tuple[int, str] | None:
    """(how many people, the words naming them) of the first casualty verb of ``span``
    (a sentence with the NER's entities) that names a person, or None."""
    parts = {r["id"]: r["part"] for r in rules().rules}
    strings = span.doc.vocab.strings
    found = [(parts[strings[key]], s, e) for key, s, e in _matcher()(span)]
    firsts = sorted(s for p, s, _ in found if p == "first")
    if not firsts:
        return _named_before(span, found)
    start = firsts[0]
    end = _ends(found, "first", start)[0]
    n = 1
    while True:
        nxt = _ends(found, "more", end)
        if not nxt:  # words beside the name, then a further name
            nxt = next((m for e in _ends(found, "aside", end)
                        for m in _ends(found, "more", e)[:1]), None)
            nxt = [nxt] if nxt is not None else []
        if not nxt:
            break
        n, end = n + 1, nxt[0]
    first = start + 1
    while first < end and span[first].lower_ in ("dead", "down"):
        first += 1  # (the verb's second word: "shot dead", "gunned down")
    return n, span[first:end].text


def _named_before(span: Span, found: list[tuple[str, int, int]]) -> tuple[int, str] | None:
    """(how many people, their words) of the first list of names before a passive
    casualty verb ("Ahmad Karimi and Said Rahman were killed"), or None."""
    lasts = sorted((e, s) for p, s, e in found if p == "last")
    if not lasts:
        return None
    end = lasts[0][0]
    start = min(s for e, s in lasts if e == end)  # the whole name ("Hamid Noori")
    first_name = start
    n = 1
    while True:
        before = [s for p, s, e in found if p == "earlier" and e == start]
        if not before:
            break
        n, start = n + 1, min(before)
    # the words of the names, up to the verb phrase
    return n, span[start:_name_end(span, first_name)].text


def _name_end(span: Span, start: int) -> int:
    """Where the name starting at ``start`` ends (the end of its entity)."""
    end = start
    while end < len(span) and span[end].ent_type_ == "PERSON":
        end += 1
    return end
