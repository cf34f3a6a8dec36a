"""Actors and their stance, read from the dependency parse of one sentence.

``find(sent)`` takes a spaCy sentence ``Span`` and returns a list of
:class:`ActorMention` ``(text, stance, start_char, end_char, rule)``, in text order:

- ``text``: the actor's noun phrase without determiners or quotes ("little-known
  militia", "Islamic State's local branch", "militias backed by Iran"); for a
  spokesperson the organisation spoken for ("a Taliban spokesman" -> "Taliban");
- ``stance``: one of ``claimed``, ``denied``, ``blamed``, ``involved`` (the vocabulary of
  the labels and of the ``actors`` column, written ``"text (stance)"``);
- ``start_char``, ``end_char``: the phrase's offsets in the Doc's text;
- ``rule``: the id of the rule in ``rules/stance.jsonl`` that found it.

Who did what comes from the parse: the subject of "claimed" / "took responsibility" /
"denied" / "had no part in", the object of "blamed" / "accused" / "held ... responsible",
the object of "on" after "blamed" ("Washington blamed the attack on militias":
militias, blamed; Washington is the blamer, not an actor), the subject of "was behind" /
"believed to be responsible", the agent of "an air strike by", the subject of a harm
verb ("Iran fired missiles": involved).  The patterns are spaCy DependencyMatcher
records in ``rules/stance.jsonl`` with their verbs as named lemma sets;
``actor_names`` resolves what a pattern points at, ``actor_phrase`` makes it a name:

- relative pronouns to the noun they modify ("X, which claimed the attack": X);
- "it"/"they" in a clause reported by a speaker to the speaker ("X said it had fired");
- a missing subject to the governing clause's ("issued a statement denying any role");
- a spokesperson, statement or channel to the organisation it speaks for;
- a generic head ("the group", "its fighters") to its apposition or given name
  ("a group calling itself X"), or to nothing: a reference back is not a name;
- coordination to several actors ("Iran and its proxies": Iran, Iran's proxies).

``find_in_doc(doc)`` is ``find`` over every sentence plus references back resolved: "the
group claimed the attack" names the last non-state actor named in the five sentences
before (same ``ActorMention``; its text is that actor's, its offsets the reference's).
The ``actors`` column is ``"; ".join(f"{a.text} ({a.stance})" for a in mentions)``.

A stance told of a kind of event names no one incident's actor and is dropped ("Washington
blames such attacks on militias", "X routinely denies targeting civilians", "years of US
drone strikes": `actor_told.of_a_kind`). Negation cancels a stance ("no group claimed",
"did not claim", "has rarely claimed") unless the rule is itself a negation ("had nothing
to do with": denied).  An actor whose rule marks a ``modal`` node is dropped when that
event is not real (see ``modality``),
or gets the rule's ``negated_stance`` ("X said it had not fired the rockets": denied).
A state's forces stated to have acted get the rule's ``state_stance`` ("the coalition
said its jets had struck": involved; "the group said it had fired": claimed).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geoincidents.extract import modality
from geoincidents.extract.actor_names import (
    STANCES,
    plain_person,
    reporting_verb,
    resolve,
    rules,
    state_of_demonym,
    subject,
    words,
)
from geoincidents.extract.actor_kinds import former
from geoincidents.extract.actor_negation import negated
from geoincidents.extract.actor_phrase import Phrase, phrases
from geoincidents.extract.actor_states import is_state_actor, state_of
from geoincidents.extract.actor_told import as_others_call_it, event_denied, first_event, of_a_kind
from geoincidents.extract.depmatch import Match

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["STANCES", "ActorMention", "find", "find_in_doc", "rules"]

# when one phrase gets several stances in a sentence, "involved" yields to any other
_WEAK = "involved"


@dataclass(frozen=True)
class ActorMention:
    """One actor named in a sentence, with its stance and where it is."""

    text: str
    stance: str
    start_char: int
    end_char: int
    rule: str


# -- the rules -------------------------------------------------------------------------------

def _from_match(m: Match, refs: bool = False) -> list[tuple[ActorMention, Phrase]]:
    rule = m.rule
    anchor = m.tokens[rule["_names"][0]]
    spec = rule["actor"]
    raw = subject(m.tokens[spec[1:]]) if spec.startswith("@") else m.tokens[spec]
    if spec.startswith("@") and raw is not None and \
            m.tokens[spec[1:]].lemma_ in words("say") and plain_person(raw):
        return []  # "Omar Latif, a retired colonel, said they had launched ...": not him
    if not rule.get("negated") and negated(anchor, raw):
        return []
    stance = rule["stance"]
    if of_a_kind(anchor, stance) or event_denied(anchor):
        return []  # a general statement, a denied event: no one incident's actor
    if "modal" in rule:
        why = modality.blocked(m.tokens[rule["modal"]], stance=True)
        if why == "negated" and "negated_stance" in rule:
            stance = rule["negated_stance"]  # "X said it had not fired": X denied
        elif why is not None:
            return []
    if rule.get("demonym"):  # "Russian drones": Russia
        ent = next((e for e in raw.doc.ents if e.start <= raw.i < e.end), None)
        # (the NER may run the demonym into a weapon's model: "Russian Shahed" as one ORG)
        name = state_of_demonym(ent.text) if ent is not None else None
        name = name or state_of_demonym(raw.text)
        if name is None:
            return []
        # (the weapon's phrase's offsets: the state replaces "Russian warplanes")
        toks = phrases(anchor)[0].tokens if phrases(anchor) else (raw, anchor)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        # "American and British warplanes": both states
        names = [name] + [n for c in raw.children if c.dep_ == "conj"
                          for n in [state_of_demonym(c.text)] if n is not None]
        if as_others_call_it(anchor):  # "in what Kabul called Pakistani air strikes"
            stance = "blamed"
        return [(ActorMention(n, stance, start, end, rule["id"]),
                 Phrase(tuple(toks), n, True, True)) for n in names]
    tok = resolve(raw)
    if tok is not None and "self_stance" in rule and _of_itself(raw, tok):
        stance = rule["self_stance"]  # "X said it was behind the attack": X claimed
    if tok is None or (tok is not raw and not rule.get("negated") and negated(None, tok)):
        return []  # "No group has said it was behind the blast"
    out = []
    for p in phrases(tok, refs):
        if rule.get("named") and not (p.named or p.state or p.reference) or \
                rule.get("state_only") and not p.state:
            continue
        said = rule.get("state_stance", stance) if p.state and stance == rule["stance"] \
            else stance
        if p.state and said == "claimed":  # a state owning an attack carried it out
            said = "involved"
        start, end = p.tokens[0].idx, p.tokens[-1].idx + len(p.tokens[-1].text)
        # "French and Belgian jets": both states (one actor each, as a state is named)
        states = _states_of(p)
        out.extend((ActorMention(n, said, start, end, rule["id"]),
                    Phrase(p.tokens, n, True, True)) for n in states)
        if not states:
            out.append((ActorMention(p.text, said, start, end, rule["id"]), p))
    return out


def _states_of(p: Phrase) -> list[str]:
    """The states of a state's phrase naming two or more by their demonyms or names ("French
    and Belgian jets", "US and British aircraft"), else none."""
    last = p.tokens[-1]
    if not (p.state or last.lemma_.lower() in words("state_body") or
            last.lower_ in words("state_body")) or not any(t.dep_ == "cc" for t in p.tokens):
        return []
    names: list[str] = []
    for t in p.tokens:
        if t.dep_ in ("amod", "compound", "conj", "nmod", "npadvmod") and t.pos_ != "NOUN":
            name = state_of_demonym(t.text) or state_of(t.text)
            if name is not None and name not in names:
                names.append(name)
    return names if len(names) >= 2 else []


def _of_itself(raw: Token, tok: Token) -> bool:
    """Whether the speaker speaks of itself: "X said it was behind" ("it" resolved to X),
    "X said its fighters were responsible", "a statement by X said the group was behind"
    ("the group" resolved to the statement's X: `actor_names.resolve`)."""
    if tok is not raw:
        if raw.lower_ in words("own_pronoun"):
            return True
        # ("the group" said by its own statement or channel; not "X, the group believed
        # to be behind it", an apposition others write)
        speaker = reporting_verb(raw) if raw.dep_ == "nsubj" else None
        who = subject(speaker) if speaker is not None else None
        return raw.lemma_.lower() in words("reference_head") and who == tok and \
            who.lemma_.lower() in words("spokesperson")
    return any(c.dep_ == "poss" and c.lower_ in words("own_possessive")
               for c in raw.children) and reporting_verb(raw) is not None


def owned(a: ActorMention) -> bool:
    """Whether ``a`` is a speaker's own deed, told by its rule (``admits``: "the army said its
    drones had struck X"): a stance on one event even in a sentence telling none of its
    own."""
    return bool(rules()._by_key.get(a.rule, {}).get("admits"))


def _anchor(m: Match) -> Token:
    return m.tokens[m.rule["_names"][0]]


def find(sent: Span) -> list[ActorMention]:
    """The actors ``sent`` names, with their stance, in text order (see module notes); a
    bare aircraft ("fighter jets") names no one in a sentence alone."""
    return [a for a, p in _find(sent) if not p.bare]


def _find(sent: Span, refs: bool = False) -> list[tuple[ActorMention, Phrase]]:
    found: dict[tuple[int, int, str, str], tuple[ActorMention, Phrase]] = {}
    matches = rules().matches(sent)
    # an exception (stance null) cancels the rules it names at the same anchor word
    cancelled = {(c, _anchor(m).i) for m in matches if m.rule["stance"] is None
                 for c in m.rule.get("cancels", ())}
    # a state named by its demonym first: it stands for the weapon's own phrase
    matches = sorted(matches, key=lambda m: not m.rule.get("demonym"))
    owned: set[tuple[int, int]] = set()  # phrases owning the deed ("said its jets struck")
    of_no_event: set[tuple[int, int, str, str]] = set()  # denials naming no event
    for m in matches:
        if m.rule["stance"] is None or (m.rule["id"], _anchor(m).i) in cancelled:
            continue
        for a, p in _from_match(m, refs):
            # (one phrase may name two: "American and British warplanes")
            key = (a.start_char, a.end_char, a.stance, a.text)
            found.setdefault(key, (a, p))
            if m.rule.get("admits") and a.stance != "denied":
                owned.add(key[:2])
            elif a.stance == "denied" and first_event(_anchor(m)) is None:
                of_no_event.add(key)
    # a speaker owning the deed denies only its manner ("said its air force had struck the
    # depots, and denied hitting civilians"; "said the allegation was baseless and that its
    # troops had fired only at infiltrators"), not a part in it
    for key in of_no_event:
        if key[:2] in owned:
            found.pop(key, None)
    spans_with_stance = {(s, e) for (s, e, st, _) in found if st != _WEAK}
    # a weapon's phrase that names its states is those states
    demonym = {r["id"] for r in rules().rules if r.get("demonym")}
    by_state = {(a.start_char, a.end_char) for a, _ in found.values() if a.rule in demonym}
    # (unless another rule gives the phrase a stance: "attributed the strikes to Russian
    # warplanes" blames the warplanes as named)
    stated = {(s, e) for (s, e, st, _), (a, _) in found.items()
              if st != _WEAK and a.rule not in demonym}
    out = [ap for (s, e, st, _), ap in found.items()
           if (st != _WEAK or (s, e) not in spans_with_stance) and
           ((s, e) not in by_state or (ap[0].rule in demonym) == ((s, e) not in stated))]
    out.sort(key=lambda ap: (ap[0].start_char, ap[0].end_char, STANCES.index(ap[0].stance)))
    # one state told twice in a sentence is one actor ("Pakistani jets struck what
    # Islamabad called hideouts"; the convention of actor_states): the first telling
    states: set[tuple[str, str]] = set()
    kept = []
    for a, p in out:
        state = state_of(a.text) if p.state else None
        if state is None or (state, a.stance) not in states:
            kept.append((a, p))
            if state is not None:
                states.add((state, a.stance))
    return kept


#: how many sentences back a reference ("the group") looks for the group it names
REFERENCE_WINDOW = 5


def _told_fuller(p: Phrase, told: list[Phrase]) -> str | None:
    """The text of the last phrase told before that is ``p`` with a nationality or
    country before it ("Pakistani Taliban" for "Taliban", "Myanmar military aircraft" for
    "military aircraft"; not "Kata'ib Hezbollah" for "Hezbollah")."""
    mine = [t.lower_ for t in p.tokens]
    for q in reversed(told):
        theirs = [t.lower_ for t in q.tokens]
        extra = q.tokens[:len(theirs) - len(mine)]
        if extra and theirs[len(extra):] == mine and all(
                t.ent_type_ in ("GPE", "NORP") or state_of_demonym(t.text) for t in extra):
            return q.text
    return None


def find_in_doc(doc: Doc) -> list[ActorMention]:
    """`find` over every sentence of ``doc``, and references back resolved: "the group
    claimed the attack" after a sentence naming Islamic State (as an actor, not a state's
    forces) gives "Islamic State (claimed)", its offsets those of "group".  A
    reference with no named actor in the last `REFERENCE_WINDOW` sentences is dropped."""
    found = find_in_sentences(enumerate(doc.sents))
    return [a for k in sorted(found) for a in found[k]]


def find_in_sentences(sents: Iterable[tuple[int, Span]]) -> dict[int, list[ActorMention]]:
    """`find_in_doc` over sentences parsed one by one: ``(number, sentence)`` pairs in
    text order (the numbers of the article's sentences: a gap is a sentence not parsed)
    -> the mentions of each sentence. Offsets are within each sentence's own text."""
    out: dict[int, list[ActorMention]] = {}
    named: list[tuple[int, ActorMention]] = []  # (sentence number, mention)
    told: list[Phrase] = []  # every actor phrase so far, for names told again shorter
    by_name: dict[str, str] = {}  # "army" -> "Sudanese Armed Forces (SAF)", in apposition
    for k, sent in sents:
        by_name.update(_named_in_apposition(sent))
        seen = set()
        here = out.setdefault(k, [])
        # (a group named with no stance is one "the group" may name: "AQAP remains active
        # in the south. In August, the group claimed ...")
        subjects = _groups_told(sent)
        for a, p in _find(sent, refs=True):
            if p.reference:
                # (a mention of an earlier sentence comes before; offsets restart there)
                # (a peacekeeping or monitoring mission is no group "the militants"
                # refers back to: word set ``mission``)
                before = sorted([(n, b.start_char, b.text) for n, b in named
                                 if n >= k - REFERENCE_WINDOW and
                                 (n < k or b.start_char < a.start_char)] +
                                [(k, b.start_char, b.text) for b in subjects
                                 if b.start_char < a.start_char])
                before = [b for b in before
                          if b[2].split()[-1].lower() not in words("mission") and
                          not (b[0] == k and _subject_of_its_verb(p, b[1]))]
                if not before:
                    continue
                a = ActorMention(before[-1][2], a.stance, a.start_char, a.end_char, a.rule)
            else:
                full = _told_fuller(p, told)
                if full is not None:  # "the Taliban" after "the Pakistani Taliban"
                    a = ActorMention(full, a.stance, a.start_char, a.end_char, a.rule)
                elif p.bare:  # "fighter jets" with no owner told before: no one named
                    continue
                told.append(p)
                if p.named and not p.state:
                    named.append((k, a))
            if a.text.lower() in by_name:  # "the army" after "The army, the Sudanese Armed Forces"
                a = ActorMention(by_name[a.text.lower()], a.stance, a.start_char, a.end_char,
                                 a.rule)
            if (a.text.lower(), a.stance) not in seen:
                seen.add((a.text.lower(), a.stance))
                here.append(a)
        named.extend((k, b) for b in subjects)
    return out


def _named_in_apposition(sent: Span) -> dict[str, str]:
    """A state's forces named by a bare word and, in apposition, by their name ("The army,
    the Sudanese Armed Forces (SAF), blamed ..."): the word -> the name, for the word told
    alone later ("the army's spokesman said its air force had struck ...")."""
    out = {}
    for t in sent:
        head = t.head
        if t.dep_ != "appos" or head.lemma_.lower() not in words("state") or any(
                c.dep_ != "det" and c.i < head.i for c in head.children):
            continue
        p = next(iter(phrases(t)), None)
        if p is not None and p.named and p.text.lower() != head.lower_:
            out[head.lower_] = p.text
    return out


def _subject_of_its_verb(ref: Phrase, start: int) -> bool:
    """Whether the words at ``start`` are the subject of the verb whose object is the
    reference ``ref``: "The SDF accused the group of ..." names another group than the
    SDF."""
    verb = next((t for t in ref.tokens[-1].ancestors if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and any(
        c.dep_ in ("nsubj", "nsubjpass") and c not in ref.tokens and
        c.left_edge.idx <= start <= c.idx for c in verb.children)


def _groups_told(sent: Span) -> list[ActorMention]:
    """The named groups ``sent`` tells as a clause's subject, stance or not ("AQAP remains
    active in the south", "The Ansar Dine movement has been quiet"), or as what a generic
    noun is part of ("a faction of the BIFF"), as mentions with no stance: what a later
    "the group" may name. Not a state or its body, a place, an event ("the Gaza war": word
    set ``event_name``), nor a person (one who speaks, or with a title: the NER tags many a
    group's Arabic name a person's)."""
    out = []
    for tok in sent:
        # (or a group a generic noun is part of: "pointed to a faction of the BIFF")
        part_of = tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
            tok.head.head.lemma_.lower() in words("subunit") and not former(tok)
        # (not those harmed: "two members of the VDP were killed")
        if not (tok.dep_ in ("nsubj", "nsubjpass") or part_of) or tok.dep_ == "nsubjpass" and \
                tok.head.lemma_ in words("harm") or \
                tok.pos_ not in ("PROPN", "NOUN") or tok.ent_type_ == "PERSON" and (
                    tok.head.lemma_ in words("say") or plain_person(tok)):
            continue
        for p in phrases(tok):
            # (a capital opening the sentence, no entity: "Suspicion fell on X")
            if len(p.tokens) == 1 and tok.is_sent_start and not tok.ent_type_:
                continue
            if p.named and not p.state and not p.bare and tok in p.tokens and \
                    not is_state_actor(p.text) and \
                    p.tokens[-1].lemma_.lower() not in words("event_name") and not any(
                    t.ent_type_ in ("GPE", "LOC", "FAC", "EVENT") for t in p.tokens):
                out.append(ActorMention(p.text, _WEAK, p.tokens[0].idx,
                                        p.tokens[-1].idx + len(p.tokens[-1].text), "told"))
    return out

