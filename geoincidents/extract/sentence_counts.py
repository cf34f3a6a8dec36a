"""The munition counts of one sentence (`facts.read_facts` asks here): the words'
counts (`counts`), then the parse's (`count_parse`), with what each leaves to the other.
"""

from __future__ import annotations

import re

from geoincidents.extract import count_parse, counts

__all__ = ["read"]

#: roles a sentence that names no munition may give its "the other three", "both": verbs
#: said of munitions alone
_ALONE = ("n_intercepted", "n_misfired")


# "Six, it said, were shot down", "Four drones, the army said, were downed": who said it,
# set between the count and its verb (blanked for the words' reading, offsets kept)
_ASIDE = re.compile(r",\s+(?:it|he|she|they|officials|police|(?:the|a)\s+(?:[\w'’-]+\s+){0,3}?"
                    r"[\w'’-]+)\s+(?:said|says|added|reported|stated|claimed)\s*,", re.I)


def read(f, text: str, span=None) -> None:
    """Set ``f.counts``, ``f.counts_more`` and ``f.counts_all`` of the sentence ``text``
    (``f``: its `facts.SentenceFacts`; ``span``: its parse, if any)."""
    etype = f.etype
    text = _ASIDE.sub(lambda m: " " * len(m.group()), text)
    quantified = count_parse.QUANTIFIED.search(text)
    if counts.MAY_COUNT.search(text) or quantified:
        if etype or counts.BARE_MUNITION.search(text):
            f.counts = counts.munition_counts(text)
        elif counts.OTHERS.search(text) or quantified:
            # "the other three were shot down", "both were shot down": the munitions of the
            # sentence before, and only verbs that are said of munitions alone
            # ("One of the five was shot down and the other four came down in the desert":
            # beside such a verb, a landing is the munitions' too)
            said = counts.munition_counts(text)
            f.counts = {role: n for role, n in said.items() if role in _ALONE or (
                role == "n_landed" and said.keys() & set(_ALONE))}
    counted = etype or counts.BARE_MUNITION.search(text) or count_parse.REFERS.search(text)
    if span is not None and (counted or count_parse.SEIZED.search(text)):
        # the parse ties a count to a verb a clause away ("the four drones that got
        # through hit ..."); the larger count of a role is kept
        seized_only = not counted
        for role, n in count_parse.parse_counts(span).items():
            if role == "n_seized" or not seized_only:
                # (a sentence read for its seizure alone gives its seized count alone)
                f.counts[role] = max(f.counts.get(role, 0), n)
    if f.counts.get("n_seized") is not None and f.counts.get("n_seized") == \
            f.counts.get("n_misfired"):
        # "found two more rockets still loaded on a rack": a misfire, not a seizure (as
        # `counts.munition_counts` reads it when the words are close)
        del f.counts["n_seized"]
    f.counts_more = bool(f.counts) and counts.only_more(text)
    f.counts_all = counts.all_of_them(text)
