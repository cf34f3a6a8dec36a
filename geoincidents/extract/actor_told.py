"""What a stance is told of: one event, or a kind of event ("Washington blames such attacks
on militias", "X routinely denies targeting civilians", "years of US drone strikes"), an
event denied to have happened ("denied reports that one of its planes had been shot
down"), a weapon's phrase as someone calls it ("in what Kabul called Pakistani air
strikes"). `actors` asks these of a stance rule's anchor word; the word sets are those of
``rules/stance.jsonl``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geoincidents.extract.actor_names import words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def as_others_call_it(weapon: Token) -> bool:
    """Whether a weapon's phrase is what someone calls it ("in what Kabul described as
    Pakistani air strikes", "what Baku called Armenian shelling"): the state it names is
    blamed, its deed not told as fact."""
    tok = weapon
    for _ in range(4):
        if tok.dep_ in ("compound", "amod", "nmod", "pobj", "oprd", "prep") and tok.head != tok:
            tok = tok.head
            if tok.lemma_ in words("call"):
                return any(c.dep_ == "dobj" and c.lower_ == "what" for c in tok.children)
        else:
            return False
    return False


# clauses of their own inside a stance's clause: what they tell is not the stance's event
_OWN_CLAUSE = ("relcl", "ccomp", "advcl", "acl", "conj", "xcomp", "pcomp")


def of_a_kind(anchor: Token, stance: str) -> bool:
    """Whether a stance is told of a kind of event, not of one: a stance verb told as a
    habit ("X routinely denies targeting civilians", "has long said its jets never hit
    villages": word set ``habitual``; not a harm verb's: "was bombed repeatedly by X"
    still tells who bombed), or the first event noun of its clause a kind ("accused X of
    similar attacks", "blamed such raids on X", "attacks of this kind", "years of US
    drone strikes": word sets ``kind_of_event``, ``kind_noun``, ``span_of_time``), a
    standing charge (`standing_charge`), or a denial in the present simple of no one
    event."""
    verbs = [anchor] + ([anchor.head] if anchor.dep_ in ("ccomp", "xcomp") else [])
    if stance != "involved" and any(
            v.pos_ in ("VERB", "AUX") and v.lemma_ not in words("harm") and
            any(c.dep_ == "advmod" and c.lower_ in words("habitual") for c in v.children)
            for v in verbs):
        return True
    if stance == "blamed" and standing_charge(anchor):
        return True
    # (a harm in the present simple done to anything: "it is X who shell everything")
    if anchor.tag_ in ("VBZ", "VBP") and anchor.lemma_ in words("harm") and any(
            c.dep_ == "dobj" and c.lower_ in words("universal_object") for c in anchor.children):
        return True
    while anchor.dep_ == "compound" and anchor.head is not anchor:  # "US drone strikes"
        anchor = anchor.head
    event = first_event(anchor)
    if event is not None and a_kind(event):
        return True
    # a denial in the present simple of no one event: "the government rejects the
    # accusations", "both sides deny targeting civilians" (not "Iran denies any role in
    # Sunday's attack", "X denies firing the rocket"; blame in the present is of one:
    # "investigators believe X planted it")
    # (the verb of denying itself, the sentence's own: "said it has no connection to what
    # happened last night" reports in the present a denial of one)
    return stance == "denied" and anchor.tag_ in ("VBZ", "VBP") and \
        anchor.lemma_ in words("deny") and anchor.dep_ in ("ROOT", "conj") and \
        not any(c.dep_ in ("aux", "auxpass") for c in anchor.children) and \
        (event is None or event.tag_ == "NNS") and \
        not any(t.lemma_.lower() in words("weapon") and t.tag_ == "NN" for t in anchor.subtree)


def standing_charge(verb: Token) -> bool:
    """Whether an accusation is a standing charge, told in the present simple (or perfect)
    of a way of acting rather than of one attack: "Pakistan, which accuses the Taliban of
    sheltering militants", "a term the army uses to accuse India of backing them" (a deed
    of word set ``abet``), "rights groups accuse both sides of killing civilians" (a deed
    done to people in general: a bare plural). Not "X accused Y of firing the rockets",
    nor "X accuses Y of Sunday's attack" (an event noun, one event)."""
    if verb.lemma_ not in words("accuse"):
        return False
    # ("uses to accuse": the tense is the governing word's, a verb or, misparsed, a noun)
    tensed = verb.head if verb.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) else verb
    aux = [c.lower_ for c in tensed.children if c.dep_ in ("aux", "auxpass") and c.lower_ != "to"]
    # (or the present perfect: "Islamabad has accused Kabul of sheltering fighters")
    perfect = tensed.tag_ == "VBN" and aux in (["has"], ["have"])
    if not (perfect or (tensed.tag_ in ("VBZ", "VBP") or tensed is not verb and
                        tensed.pos_ == "NOUN") and not aux):
        return False
    accused = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    holders = [verb] + accused + [c for a in accused for c in a.conjuncts]
    deeds = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
             for g in c.children if g.dep_ == "pcomp" and g.pos_ == "VERB"]
    return any(d.lemma_ in words("abet") or any(
        o.dep_ == "dobj" and o.tag_ == "NNS" and not any(
            m.dep_ in ("det", "poss", "nummod", "compound") for m in o.children)
        for o in d.children) for d in deeds)


def first_event(anchor: Token) -> Token | None:
    """The event noun of ``anchor``'s clause nearest to it (not in a clause of its own)."""
    todo, seen = [anchor], set()
    while todo:  # the clause's tokens, nearest first
        tok = todo.pop(0)
        if tok.i in seen:
            continue
        seen.add(tok.i)
        if tok.pos_ in ("NOUN", "VERB") and words("harm_noun") & {tok.lemma_.lower(), tok.lower_}:
            return tok
        todo.extend(c for c in tok.children
                    if c.i not in seen and not (c.dep_ in _OWN_CLAUSE and c.pos_ in ("VERB", "AUX")))
    return None


def event_denied(verb: Token) -> bool:
    """Whether a denial says an event did not happen (to the denier or at all), not that
    anyone had a part in one: "denied reports that one of its planes had been shot down"
    (a passive with no doer, or a thing: "hit by gunfire"), "rejected reports that a bomb
    had gone off" (the event or weapon its own subject; word sets ``hearsay``,
    ``not_actor``); not "denied reports that its fighters
    had shelled the camp", "rejected any suggestion that the movement had sent the
    drones" (someone the doer), nor "... that it was behind the blast" (word sets ``cue``,
    ``accountable``)."""
    if verb.lemma_ not in words("deny"):
        return False
    for obj in verb.children:
        if obj.dep_ != "dobj" or obj.lemma_.lower() not in words("hearsay"):
            continue
        clause = next((c for c in obj.children if c.dep_ in ("acl", "ccomp", "relcl") and
                       c.pos_ in ("VERB", "AUX") and any(m.dep_ == "mark" for m in c.children)),
                      None)
        if clause is None or any(t.lemma_.lower() in words("cue") | words("accountable") or
                                 t.lower_ in words("cue") for t in clause.subtree):
            return False
        # (a thing is no doer: "a bomb", "an explosion", "hit by gunfire"; word set not_actor)
        things = words("not_actor") - words("own_pronoun") - {"this", "that"}
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        agents = [g for c in clause.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj"]
        return bool(subjects) and all(g.lemma_.lower() in things for g in agents) and all(
            t.dep_ == "nsubjpass" or t.lemma_.lower() in things for t in subjects)
    return False


def a_kind(event: Token) -> bool:
    """Whether an event noun names a kind of event ("such raids", "similar attacks",
    "attacks of this kind", "years of shelling"), not one."""
    if any(c.dep_ in ("amod", "det", "predet", "nummod") and c.lower_ in words("kind_of_event")
           for c in event.children) and event.tag_ == "NNS":
        return True
    if any(c.dep_ == "prep" and c.lower_ == "of" and any(
            g.dep_ == "pobj" and g.lemma_.lower() in words("kind_noun") for g in c.children)
           for c in event.children):
        return True
    # ("attacks by X have risen every year": a count over time; "blames X for much of the
    # violence", "most of the attacks": a share of many)
    if event.tag_ == "NNS" and event.dep_ == "nsubj" and event.head.lemma_ in words("trend"):
        return True
    if event.dep_ == "pobj" and event.head.lower_ == "of" and \
            event.head.head.lower_ in words("share_of"):
        return True
    head = event.head
    while head.dep_ in ("pobj", "compound") and head is not head.head and head.pos_ != "VERB":
        head = head.head
    return event.dep_ == "pobj" and head.lower_ == "of" and \
        head.head.lemma_.lower() in words("span_of_time") and head.head.tag_ == "NNS"
