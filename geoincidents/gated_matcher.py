"""A spaCy ``DependencyMatcher`` that runs on a text only the keys that can match in it.

Made by `nlp.dependency_matcher` for the rule engines (``extract.depmatch``); spaCy is
imported only when a matcher is built or called, as in `nlp`.
"""
from __future__ import annotations

__all__ = ["GatedMatcher"]


class GatedMatcher:
    """A ``DependencyMatcher`` (``matcher``, holding ``patterns``) that runs on a text only
    the keys that can match in it: the same matches, in the same order.

    spaCy's matcher first runs a token ``Matcher`` of every node of every pattern over
    every token (hundreds of thousands of token matches over a few hundred sentences),
    whatever the sentence.  A node whose ``LEMMA``, ``LOWER``, ``ORTH``/``TEXT`` or
    ``NORM`` is one word or ``IN`` a list matches only where such a word is: a key with a
    node whose words are all absent cannot match.  Each key's own matcher runs when every
    such node has a word in the text (the gate is derived from the patterns here, never
    written by hand).  With one dependency tree in the text a key's matches come in the
    same order alone as among all keys; a text of several trees goes to ``matcher``
    whole (spaCy orders matches by tree, trees by the first token any key matched)."""

    _ATTRS = {"LEMMA": "LEMMA", "LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH",
              "NORM": "NORM"}

    def __init__(self, matcher, patterns: dict[str, list[list[dict]]]) -> None:
        from spacy.strings import get_string_id

        self.matcher = matcher
        self.patterns = patterns
        self._single: dict[str, object] = {}
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

    def _one(self, key: str):
        found = self._single.get(key)
        if found is None:
            from spacy.matcher import DependencyMatcher

            found = self._single[key] = DependencyMatcher(self.matcher.vocab)
            found.add(key, self.patterns[key])
        return found

    def __call__(self, doclike) -> list:
        from spacy.attrs import HEAD
        from spacy.tokens import Span

        doc = doclike.as_doc(copy_user_data=True) if isinstance(doclike, Span) else doclike
        if len(doc) == 0:
            return self.matcher(doc)
        present = [set()] * len(self._columns)
        if self._columns:
            arr = doc.to_array(self._columns)
            present = [set(arr[:, k].tolist()) for k in range(len(self._columns))]
        keys = [key for key, needs in self.gates.items()
                if all(present[col] & words for col, words in needs)]
        if not keys:
            return []
        if int((doc.to_array([HEAD]) == 0).sum()) != 1:  # not one tree
            return self.matcher(doc)
        return [m for key in keys for m in self._one(key)(doc)]
