"""Modality: does an event word report an event that took place?

``blocked(trigger)`` takes a spaCy ``Token`` (an event word such as "fired", "strike",
"raids", found by the trigger rules) and returns why its sentence does not report that
event as having happened, or ``None`` when it does:

- ``"negated"``: "no rockets were launched", "did not strike", "the militia denied
  shelling the town", "there was no attack";
- ``"planned"``: "plans to strike", "will attack", "threatened to", "a planned raid";
- ``"feared"``: "residents feared raids", "warned of strikes", "fears of attacks";
- ``"hypothetical"``: "could target", "if the base is attacked", "possible strikes";
- ``"not_event"``: the event is only talked about: "there was no comment on
  Saturday's attack", "declined to comment on the raid"; or the words name weapons as
  goods ("sanctions for supplying attack drones"), or fire in a drill ("fired at mock
  targets in an exercise").

A rule marked ``"refutes": true`` (node ``report``, not ``trigger``) finds a sentence
that calls untrue what the sentence before it told ("the report was false"): `refutes`.

The rules are spaCy DependencyMatcher patterns in ``rules/modality.jsonl`` (one record
a rule, the event word is the pattern node ``trigger``); the first rule in file order
that matches the trigger gives the answer, unless a matching rule ``cancels`` it ("may
have been fired" is a report with a hedge, not a hypothesis).  Matches are computed once
per sentence and kept in the Doc's ``user_data``.

An event noun that is an argument of a verb ("denied reports that *rockets* had been
fired", "hit by *gunfire*", "none of the *drones* had been launched") shares the verb's
verdict when the rule that blocks the verb is marked ``"spreads": true`` in the rules
file: a denial speaks of the whole clause it denies, while a negated verb of the munition
itself ("two rockets did not explode") tells a misfire, not that nothing happened.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents.extract.depmatch import RULES_DIR, RuleFile

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

LABELS = ("negated", "planned", "feared", "hypothetical", "not_event")
_CACHE_KEY = "geoincidents.modality"


@lru_cache(maxsize=1)
def rules() -> RuleFile:
    """The modality rules (read once per process)."""
    from geoincidents.errors import DataError

    rf = RuleFile(RULES_DIR / "modality.jsonl", required=("label",))
    ids = {r["id"] for r in rf.rules}
    for r in rf.rules:
        where = rf.where(r)
        if r["label"] is not None and r["label"] not in LABELS:
            raise DataError(f"{where}: label {r['label']!r} is not one of {LABELS}")
        node = "report" if r.get("refutes") else "trigger"
        if node not in r["_names"]:
            raise DataError(f"{where}: the pattern has no node {node!r}")
        if not all(isinstance(r.get(k, False), bool)
                   for k in ("spreads", "refutes", "keeps_stance")):
            raise DataError(f"{where}, fields 'spreads', 'refutes', 'keeps_stance': "
                            "expected true or false")
        unknown = set(r.get("cancels", ())) - ids
        if unknown:
            raise DataError(f"{where}: cancels unknown rules {sorted(unknown)}")
    return rf


def _sentence_matches(sent: Span) -> dict[int, list[dict]]:
    """Rules matched in ``sent``, by the doc index of their trigger token."""
    store = sent.doc.user_data.setdefault(_CACHE_KEY, {})
    found = store.get((sent.start, sent.end))
    if found is None:
        found = {}
        for m in rules().matches(sent):
            if not m.rule.get("refutes"):
                found.setdefault(m.tokens["trigger"].i, []).append(m.rule)
        store[(sent.start, sent.end)] = found
    return found


def _blocking_rule(trigger: Token) -> dict | None:
    """The rule that blocks ``trigger``, or None."""
    matched = _sentence_matches(trigger.sent).get(trigger.i, [])
    cancelled = {c for r in matched for c in r.get("cancels", ())}
    return next((r for r in matched if r["label"] is not None and r["id"] not in cancelled),
                None)


def why_blocked(trigger: Token) -> tuple[str, str] | None:
    """(label, rule id) of the rule that blocks ``trigger`` (or, for an event noun, the
    ``spreads`` rule that blocks the verb whose clause tells it), or None.

    An event noun that only describes another noun ("*Shahed* attack drones", "attack
    *drones*" in "ballistic missiles and attack drones") shares the verdict of the noun
    phrase it is part of: its head, and the first of the nouns it is listed with."""
    for token in _phrase(trigger):
        rule = _blocking_rule(token) or _spread(token)
        if rule is not None:
            return rule["label"], rule["id"]
    return None


#: how a word is tied to the head of its noun phrase ("Shahed drones", "attack drones")
_MODIFIER = frozenset({"compound", "amod", "nmod"})


def _phrase(token: Token) -> list[Token]:
    """``token``, then the heads of the noun phrase it describes: "Shahed" -> drones;
    "drones" in "missiles and attack drones" -> missiles (a list may be parsed as an
    apposition: "tanks, artillery and gunships")."""
    out = [token]
    # (a modifier may be mis-tagged: "Shahed" is read as a verb's participle)
    while token.head is not token and token.head.pos_ in ("NOUN", "PROPN") and (
            token.dep_ in _MODIFIER or (token.dep_ in ("conj", "appos") and token.pos_ in ("NOUN", "PROPN"))):
        token = token.head
        out.append(token)
    return out


#: how an event noun is tied to the verb whose clause tells it: its subject or object, the
#: agent of a passive ("hit by gunfire"), a conjunct of one of those ("rockets and drones")
_ARGUMENT = frozenset({"nsubj", "nsubjpass", "dobj"})


def _clause_verb(token: Token) -> Token | None:
    """The verb ``token`` (an event noun) is an argument of, or None: "rockets had been
    fired" -> fired; "hit by gunfire" -> hit; "none of the drones had been launched" ->
    launched (the noun is what a quantity word that is the argument counts)."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.dep_ == "prep":
        token = token.head.head  # "none of the drones", "one of its helicopters"
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return token.head.head
    if token.dep_ in _ARGUMENT and token.head.pos_ in ("VERB", "AUX"):
        return token.head
    return None


def _spread(token: Token) -> dict | None:
    """The ``spreads`` rule that blocks the verb whose clause tells ``token``, or None."""
    if token.pos_ not in ("NOUN", "PROPN", "NUM", "PRON"):
        return None
    verb = _clause_verb(token)
    rule = _blocking_rule(verb) if verb is not None else None
    return rule if rule is not None and rule.get("spreads") else None


def refutes(sent: Span) -> str | None:
    """The id of the ``refutes`` rule by which ``sent`` calls untrue what the sentence
    before it told ("Officials said the clip was old and the report was false"), or
    None."""
    return next((m.rule["id"] for m in rules().matches(sent) if m.rule.get("refutes")),
                None)


def blocked(trigger: Token, stance: bool = False) -> str | None:
    """Why ``trigger`` does not report a real event (see the module notes), or None.
    ``stance``: asked for a stance on the event; a rule marked ``"keeps_stance": true``
    (a habit: "has been bombed repeatedly by Boko Haram") blocks the event, not the blame
    of who carries such attacks out."""
    found = why_blocked(trigger)
    if found and stance and any(r["id"] == found[1] and r.get("keeps_stance")
                                for r in rules().rules):
        return None
    return found[0] if found else None
