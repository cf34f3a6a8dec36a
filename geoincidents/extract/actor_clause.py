"""Which incident of a sentence telling several an actor belongs to, by the clause it is
told in (used by ``actor_attach``).

A sentence may tell two incidents, each in its own clause: "Rebels ambushed a convoy near
X, while shells killed two people in Y" (an adverbial clause with its own subject), "X
shelled A, and Y bombed B" (a second clause with its own subject). An actor told as the doer
of one clause (its subject, or the agent of its verb) is that clause's incident's, not the
other's: `own_doer_clause`. The place words of each incident in a sentence
(`sites_in`) and whether a state's name is told as a doer (`as_doer`) serve the clause of
another time of ``actor_attach`` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from geoincidents.extract import parsed
from geoincidents.extract.actor_names import state_of_demonym, words
from geoincidents.extract.actor_states import state_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from geoincidents.extract.facts import SentenceFacts
    from geoincidents.extract.incident import Incident

__all__ = ["as_doer", "own_doer_clause", "sites_in"]


def sites_in(f: SentenceFacts, span: Span,
             incidents: Sequence[Incident]) -> list[tuple[Incident, list[int]]]:
    """Each incident with place words in ``f``, with those words' token indices in
    ``span`` (the sentence's parse)."""
    sites: list[tuple[Incident, list[int]]] = []
    for inc in incidents:
        at = [tok.i for m in inc.mentions
              if m.sentence == f.index and m.place is not None and not m.is_country
              for tok in [parsed.token_at(span, m.start - f.start, m.end - f.start)]
              if tok is not None]
        if at:
            sites.append((inc, at))
    return sites


def as_doer(t: Token) -> bool:
    """Whether a state's name or demonym is told as a doer: a subject, or the owner of a
    weapon or force ("Israeli jets", "Russia's army"), not of a victim ("a U.S. contractor
    was killed")."""
    kinds = words("state_weapon") | words("state_body") | words("weapon")
    return t.dep_ == "nsubj" or t.dep_ in ("amod", "compound", "poss", "nmod") and \
        (t.head.lemma_.lower() in kinds or t.head.lower_ in kinds)


def own_doer_clause(f: SentenceFacts, span: Span,
                    incidents: Sequence[Incident]) -> list[tuple[Incident, tuple[str, str]]]:
    """An actor told as the doer of one clause of ``f`` (module notes) leaves the incidents
    placed wholly outside that clause, when one incident is placed wholly inside it, unless
    another of their sentences names it (a state told as a doer outside it too stays).
    Returns the (incident, actor) pairs taken off."""
    sites = sites_in(f, span, incidents)
    gone: list[tuple[Incident, tuple[str, str]]] = []
    if len(sites) < 2:
        return gone
    for (name, stance), (start, end) in f.actor_at.items():
        tok = parsed.token_at(span, start, end)
        clause = _doer_clause(tok) if tok is not None else None
        if clause is None:
            continue
        inside = [inc for inc, at in sites if all(i in clause for i in at)]
        outside = [inc for inc, at in sites if not any(i in clause for i in at)]
        if not inside or not outside:
            continue
        state = state_of(name)
        if state is not None and any(
                t.i not in clause and as_doer(t) and
                (state_of_demonym(t.text) or state_of(t.text)) == state for t in span):
            continue
        for inc in outside:
            if not any(g.index != f.index and (name, stance) in g.actors for g in inc.sentences):
                inc.actors[:] = [a for a in inc.actors if a != (name, stance)]
                gone.append((inc, (name, stance)))
    return gone


def _doer_clause(tok: Token) -> set[int] | None:
    """The token indices of the clause ``tok`` is the doer of (the subject of its verb, or
    what "by" names on it, or the owner of the subject: "Hezbollah's fighters"), without
    the clauses on it that have a subject of their own ("while shells hit Y", "and jets
    bombed Z"); None when ``tok`` is no clause's doer."""
    t = tok
    while t.dep_ in ("compound", "amod", "poss", "nmod", "pobj", "prep", "appos") and \
            t.head is not t and t.dep_ != "nsubj":
        if t.dep_ == "pobj" and t.head.lower_ not in ("of", "by"):
            return None
        t = t.head
    if t.dep_ not in ("nsubj", "agent") or t.head.pos_ not in ("VERB", "AUX"):
        return None
    verb = t.head
    if verb.lemma_ in words("say") or verb.lemma_ in words("reporting"):
        return None  # (a speaker: the whole of what it says)
    out = {u.i for u in verb.subtree}
    for c in verb.children:
        # (a subject in it: "while shells killed ... and a drone strike hit ...", which the
        # parse may hang lower)
        if c.dep_ in ("advcl", "conj") and c.pos_ in ("VERB", "AUX") and any(
                g.dep_ in ("nsubj", "nsubjpass") and g.tag_ not in ("WDT", "WP")
                for g in c.subtree):
            out -= {u.i for u in c.subtree}
    return out
