"""A spaCy ``DependencyMatcher`` that runs on a text only the keys that can match in it.

Made by `nlp.dependency_matcher` for the rule engines (``extract.depmatch``); spaCy is
imported only when a matcher is built or called, as in `nlp`.
"""
from __future__ import annotations

from functools import lru_cache

__all__ = ["GatedMatcher"]


class GatedMatcher:
    """A ``DependencyMatcher`` (``matcher``, holding ``patterns``) that runs on a text only
    the keys that can match in it: the same matches, in the same order.

    spaCy's matcher first runs a token ``Matcher`` of every node of every pattern over
    every token (hundreds of thousands of token matches over a few hundred sentences),
    whatever the sentence.  A node whose ``LEMMA``, ``LOWER``, ``ORTH``/``TEXT`` or
    ``NORM`` is one word or ``IN`` a list matches only where such a word is: a key with a
    node whose words are all absent cannot match.  A key runs only when every
    such node has a word in the text (the gate is derived from the patterns here, never
    written by hand).  The keys that pass run in one matcher holding just them (made once
    per set of keys and remembered: a text's set recurs across sentences, and one call
    of spaCy's matcher costs less than one per key); with one dependency tree in the text
    spaCy gives the matches key by key in the order the keys were added, as ``matcher``
    does; a text of several trees goes to ``matcher`` whole (spaCy orders matches by
    tree, trees by the first token any key matched)."""

    #: sets of keys whose matchers are remembered (a matcher of eight keys holds ~55 KB:
    #: at most ~28 MB a rules file; the news articles of the bench ask ~200 sets per 40
    #: articles, the common ones again and again)
    SUBSETS = 512

    _ATTRS = {"LEMMA": "LEMMA", "LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH",
              "NORM": "NORM"}

    def __init__(self, matcher, patterns: dict[str, list[list[dict]]]) -> None:
        from spacy.strings import get_string_id

        self.matcher = matcher
        self.patterns = patterns
        # a DependencyMatcher of each set of keys asked for, the least recently used
        # forgotten past SUBSETS
        self._of_keys = lru_cache(maxsize=self.SUBSETS)(self._matcher_of)
        columns: dict[str, int] = {}
        # key -> ((column, word ids), ...): each a node's words, one of which must be there
        self.gates: dict[str, tuple[tuple[int, frozenset[int]], ...]] = {}
        for key, pats in patterns.items():
            needs = []
            if len(pats) == 1:  # (a key of several patterns matches if any does: no gate)
                for node in pats[0]:
                    for name, value in (node.get("RIGHT_ATTRS") or {}).items():
                        if name not in self._ATTRS:
                            continue
                        if isinstance(value, dict) and set(value) == {"IN"}:
                            value = value["IN"]
                        elif not isinstance(value, str):
                            continue
                        words = [value] if isinstance(value, str) else value
                        col = columns.setdefault(self._ATTRS[name], len(columns))
                        needs.append((col, frozenset(get_string_id(w) for w in words)))
            self.gates[key] = tuple(needs)
        self._columns = list(columns)
        self._index_gates()

    def _index_gates(self) -> None:
        """The gates as an index, so that a text's keys are found in a few steps: for
        each column the needs each word id meets (a need: a node's words, one of which
        must be there), the key each need is of, and how many needs each key has."""
        import numpy as np

        needs = [(k, col, words) for k, key_needs in enumerate(self.gates.values())
                 for col, words in key_needs]
        self._keys = list(self.gates)
        self._key_of = np.array([k for k, _, _ in needs], dtype=np.intp)
        self._needs_per_key = np.bincount(self._key_of, minlength=len(self._keys))
        self._met_by: list[dict[int, list[int]]] = [{} for _ in self._columns]
        for n, (_, col, words) in enumerate(needs):
            for word in words:
                self._met_by[col].setdefault(word, []).append(n)

    def _gated_keys(self, arr) -> tuple[str, ...]:
        """The keys every need of which a word of the text meets (``arr``: the text's
        columns, as `doc.to_array` gives them)."""
        import numpy as np

        met: set[int] = set()
        for col, index in enumerate(self._met_by):
            for word in set(arr[:, col].tolist()):
                found = index.get(word)
                if found is not None:
                    met.update(found)
        # (a key passes when as many of its needs are met as it has)
        met_per_key = np.bincount(self._key_of[sorted(met)], minlength=len(self._keys))
        return tuple(self._keys[k] for k in np.flatnonzero(met_per_key == self._needs_per_key))

    def _matcher_of(self, keys: tuple[str, ...]):
        """A DependencyMatcher holding the patterns of ``keys``, added in that order."""
        from spacy.matcher import DependencyMatcher

        found = DependencyMatcher(self.matcher.vocab)
        for key in keys:
            found.add(key, self.patterns[key])
        return found

    def __call__(self, doclike) -> list:
        from spacy.attrs import HEAD
        from spacy.tokens import Span

        doc = doclike.as_doc(copy_user_data=True) if isinstance(doclike, Span) else doclike
        if len(doc) == 0:
            return self.matcher(doc)
        # (the text's words of each column, and each token's head as an offset: 0 for a
        # root, so one 0 is one tree)
        arr = doc.to_array([*self._columns, HEAD])
        keys = self._gated_keys(arr)
        if not keys:
            return []
        if int((arr[:, -1] == 0).sum()) != 1:  # not one tree
            return self.matcher(doc)
        return self._of_keys(keys)(doc)
