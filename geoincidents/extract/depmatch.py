"""Dependency rules as data: JSONL files of word sets and DependencyMatcher patterns.

A rules file holds two kinds of record, one per line (blank lines and lines starting
with ``//`` are skipped):

``{"set": "claim", "lemmas": ["claim", "assume"]}``
    a named set of lemmas (or words).  A pattern refers to it as ``"$claim"`` wherever
    spaCy expects a list (``{"LEMMA": {"IN": "$claim"}}``); code reads it with
    :meth:`RuleFile.words`.  Each set is written once.
``{"id": "claim_subject", "pattern": [...], ...}``
    a spaCy ``DependencyMatcher`` pattern (``RIGHT_ID`` / ``LEFT_ID`` / ``REL_OP`` /
    ``RIGHT_ATTRS``) plus whatever fields the engine that reads the file needs
    (``required`` names them; a missing one is an error naming file, line and field).

The matcher is built once per file and process; a match is returned as a
:class:`Match`: the rule record and the token bound to each ``RIGHT_ID``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geoincidents import jsonl
from geoincidents.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

RULES_DIR = Path(__file__).parent / "rules"


@dataclass(frozen=True)
class Match:
    """One rule matched: its record and the tokens its pattern names."""

    rule: dict[str, Any]
    tokens: dict[str, Token]


def _expand(value: Any, sets: dict[str, list[str]], where: str) -> Any:
    """Replace every ``"$name"`` string in a pattern by the named set's list."""
    if isinstance(value, str) and value.startswith("$"):
        if value[1:] not in sets:
            raise DataError(f"{where}: unknown word set {value!r}; defined: {sorted(sets)}")
        return list(sets[value[1:]])
    if isinstance(value, list):  # a set named inside a list is spliced in: ["$harm", "send"]
        out: list = []
        for v in value:
            e = _expand(v, sets, where)
            out.extend(e) if isinstance(v, str) and v.startswith("$") else out.append(e)
        return out
    if isinstance(value, dict):
        # (an operator is never a set: "$++" is spaCy's "right sibling")
        return {k: v if k == "REL_OP" else _expand(v, sets, where) for k, v in value.items()}
    return value


class RuleFile:
    """The sets and rules of one JSONL rules file."""

    def __init__(self, path: Path, required: tuple[str, ...] = ()) -> None:
        self.path = Path(path)
        self.sets: dict[str, list[str]] = {}
        self.rules: list[dict[str, Any]] = []
        self._words: dict[str, frozenset[str]] = {}
        raw: list[tuple[int, dict]] = []
        for lineno, rec in jsonl.records(self.path):
            where = jsonl.where(self.path, lineno)
            if "set" in rec:
                if not isinstance(rec.get("lemmas"), list) or not rec["lemmas"]:
                    raise DataError(f"{where}, field 'lemmas': expected a non-empty list")
                if rec["set"] in self.sets:
                    raise DataError(f"{where}: word set {rec['set']!r} defined twice")
                # a set may splice in one defined above it: ["$harm_noun", "rocket"]
                self.sets[rec["set"]] = [str(w) for w in _expand(rec["lemmas"], self.sets,
                                                                 where)]
            elif "id" in rec:
                raw.append((lineno, rec))
            else:
                raise DataError(f"{where}: a record needs 'set' (a word set) or 'id' (a rule)")
        ids: set[str] = set()
        for lineno, rec in raw:
            where = f"{jsonl.where(self.path, lineno)} (rule {rec['id']!r})"
            for name in ("pattern", *required):
                if name not in rec:
                    raise DataError(f"{where}, field {name!r}: missing")
            if rec["id"] in ids:
                raise DataError(f"{where}: rule id defined twice")
            ids.add(rec["id"])
            pattern = _expand(rec["pattern"], self.sets, where)
            if not isinstance(pattern, list) or not pattern:
                raise DataError(f"{where}, field 'pattern': expected a non-empty list")
            names = [node.get("RIGHT_ID") for node in pattern]
            self.rules.append({**rec, "pattern": pattern, "_names": names, "_line": lineno})

    def where(self, rule: dict[str, Any]) -> str:
        """``"path, line N (rule 'id')"``, to start an error message about one rule."""
        return f"{jsonl.where(self.path, rule['_line'])} (rule {rule['id']!r})"

    def words(self, name: str) -> frozenset[str]:
        """A named word set (lower case)."""
        found = self._words.get(name)
        if found is None:
            if name not in self.sets:
                raise DataError(f"{self.path}: word set {name!r} is missing")
            found = self._words[name] = frozenset(w.lower() for w in self.sets[name])
        return found

    @cached_property
    def _matcher(self):
        from geoincidents import nlp

        try:
            return nlp.dependency_matcher({r["id"]: [r["pattern"]] for r in self.rules})
        except ValueError as exc:  # spaCy's pattern validation
            raise DataError(f"{self.path}: a pattern is invalid: {exc}") from exc

    @cached_property
    def _by_key(self) -> dict[str, dict]:
        return {r["id"]: r for r in self.rules}

    def _doc_matches(self, doc: Doc) -> dict[int, list[Match]]:
        """Every match in ``doc``, by the start of its sentence.  The matcher runs once per
        Doc (its set-up cost is per call) and the result is kept in ``doc.user_data``."""
        key = ("geoincidents.depmatch", str(self.path))
        found = doc.user_data.get(key)
        if found is None:
            found = {}
            strings = doc.vocab.strings
            for match_id, token_ids in self._matcher(doc):
                rule = self._by_key[strings[match_id]]
                tokens = {name: doc[i] for name, i in zip(rule["_names"], token_ids)}
                found.setdefault(doc[token_ids[0]].sent.start, []).append(Match(rule, tokens))
            for ms in found.values():
                ms.sort(key=lambda m: m.rule["_line"])
            doc.user_data[key] = found
        return found

    def matches(self, span: Span) -> list[Match]:
        """Every rule match in ``span`` (a sentence), in rule-file order."""
        if not span.doc.has_annotation("SENT_START") or span != span.sent:
            return self._span_matches(span)
        return list(self._doc_matches(span.doc).get(span.start, ()))

    def _span_matches(self, span: Span) -> list[Match]:
        out = []
        for key, token_ids in self._matcher(span):
            rule = self._by_key[span.doc.vocab.strings[key]]
            tokens = {name: span[i] for name, i in zip(rule["_names"], token_ids)}
            out.append(Match(rule, tokens))
        out.sort(key=lambda m: m.rule["_line"])
        return out
