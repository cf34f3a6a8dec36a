"""An actor's phrase: from the token a stance rule points at to the name the text gives.

`phrases(tok)` turns a resolved token (see `actor_names.resolve`) into `Phrase` records:
a spokesperson, statement or channel replaced by who it speaks for ("a Taliban
spokesman": Taliban), a generic head by its apposition or given name ("a group calling
itself X", "fighters of X"), "its forces" by their owner, coordination into several
actors ("Iran and its proxies"), a state or its forces marked as such, a reference back
("the group", "its fighters" with no owner) marked for `actors.find_in_sentences`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from geoincidents.extract.actor_names import (_MAX_PHRASE, _NAME_ENTS, _NOT_NAME_ENTS, _QUOTES,
                                               _extent, _has_name, _has_proper_name,
                                               broken_apposition, resolve, self_described,
                                               speaker_of, subject, words)
from geoincidents.extract.actor_kinds import (backed_only, bare_platform, former, in_dateline,
                                               initials, named_after_comma, named_place,
                                               one_of_a_kind, quoted)
from geoincidents.extract.actor_states import capital_state, state_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["Phrase", "doc_text", "phrases"]


def _spokesperson_org(head: Token) -> Token | None:
    """"a spokesman for X", "X's spokesman", "a Taliban spokesman", "an adviser to X", "a
    statement posted on a channel used by X", "a channel linked to X": X."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "from", "to", "in"):
            for pobj in prep.children:
                # ("a commander in the PMF"; not "an official in Kabul": a place)
                if pobj.dep_ == "pobj" and not (prep.lower_ == "in" and (
                        pobj.ent_type_ in ("GPE", "LOC", "FAC") or not _has_name(_extent(pobj)))):
                    # ("a spokesman for one of the groups, the X, said": the X, which the
                    # parse hangs on the spokesman)
                    named = [c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"]
                    if pobj.pos_ == "NUM" and named:
                        return named[0]
                    return pobj
    for tok in head.subtree:  # nearest first: the subtree is in text order after head
        # ("a statement attributed to X", "a channel linked to X": X)
        by = ("by", "for", "to") if tok.head.head.lemma_ in words("attribute") | words(
            "belonging") else ("by", "for")
        # (a name: not "an RSF adviser, reached by telephone")
        if tok.i > head.i and tok.dep_ == "pobj" and tok.head.lower_ in by and \
                tok.head.dep_ in ("agent", "prep") and tok.head.head.dep_ in ("acl", "relcl") \
                and _has_name(_extent(tok)):
            return tok
    for deps in (("poss",), ("compound", "nmod")):  # (the owner first: "its Amaq outlet")
        kids = [c for c in head.lefts if c.dep_ in deps]
        if kids:  # "the Houthi military spokesman": the name, not "military" (either dep)
            return next((c for c in reversed(kids) if _has_name([c])), kids[-1])
    kids = [c for c in head.lefts if c.dep_ == "amod" and (
        c.ent_type_ in _NAME_ENTS or c.lower_ in words("stateless_demonym"))]
    return kids[-1] if kids else None


def _given_name(head: Token) -> Token | None:
    """"X, the group": the appositive name; "a group calling itself X": X."""
    # (the name it is called first: "the branch of the Islamic State known as X": X)
    for child in head.rights:
        if child.dep_ in ("acl", "relcl") and child.lemma_ in words("naming"):
            for obj in child.children:
                if obj.tag_ in ("WP", "WDT"):
                    continue  # ("the insurgents, whom residents call X": X, not "whom")
                if obj.dep_ in ("oprd", "attr", "xcomp", "ccomp") or (
                        obj.dep_ == "dobj" and obj.lower_ not in ("itself", "themselves")):
                    return obj
                if obj.dep_ == "prep" and obj.lower_ == "as":
                    for pobj in obj.children:
                        if pobj.dep_ == "pobj":
                            return pobj
    for child in head.rights:
        if child.dep_ == "appos" and _has_name(list(child.subtree)) and not (
                head.dep_ == "pobj" and head.head.head.lemma_ in words("spokesperson")):
            # ("a spokesman for the group, Abu Obeida": the spokesman's name)
            return child
        if child.dep_ in ("acl", "amod") and child.lemma_ in words("belonging"):
            # "gunmen linked to X", "fighters loyal to X"
            for pobj in (g for prep in child.children if prep.dep_ == "prep"
                         for g in prep.children if g.dep_ == "pobj"):
                if _has_proper_name(_extent(pobj)):
                    return pobj
        if child.dep_ == "prep" and child.lower_ in ("of", "from") and not (
                child.lower_ == "from" and _has_proper_name(list(head.lefts))):
            # "terrorists of the so-called X", "fighters from X": X (not "X fighters from
            # the Y forest": where they came from)
            for pobj in child.children:
                if pobj.dep_ == "pobj" and _has_proper_name(_extent(pobj)):
                    return pobj
        if child.dep_ == "acl" and child.lemma_ in words("leading"):
            # "a faction led by the commander X": X's group, named by him
            for pobj in (g for agent in child.children if agent.dep_ == "agent"
                         for g in agent.children if g.dep_ == "pobj"):
                if _has_proper_name(_extent(pobj)):
                    return pobj
    # "the group behind the attack is X"; "named X as the group behind the attack"
    verb = head.head
    if head.dep_ == "nsubj" and verb.lemma_ == "be" and not _has_name(_extent(head)):
        return next((c for c in verb.children if c.dep_ == "attr" and c != head), None)
    if head.dep_ == "pobj" and verb.lower_ == "as" and verb.head.lemma_ in words("naming"):
        return next((c for c in verb.head.children if c.dep_ == "dobj"), None)
    return broken_apposition(head)



def _alias_of(head: Token) -> Token | None:
    """Who a word stands for when the text says so: "the mercenaries, their term for X",
    "the Khawarij, the government's name for X" (an apposition, or a second object the
    parse hung beside it) -> X's head token, else None."""
    after = [c for c in head.rights if c.dep_ == "appos"] + [
        s for s in head.head.rights if s.i > head.i and s.dep_ == head.dep_ and s != head and
        all(t.is_punct or t.i in {x.i for x in s.subtree}
            for t in head.doc[head.i + 1:s.i] if t.i not in {x.i for x in head.subtree})]
    for alias in after:
        if alias.lemma_.lower() not in words("alias"):
            continue
        for prep in alias.children:
            if prep.dep_ == "prep" and prep.lower_ == "for":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and _has_name(_extent(pobj)):
                        return pobj
    return None


def _owner(head: Token) -> Token | None:
    """Who "its"/"their" on ``head`` refers to: the subject of the nearest clause above
    ``head`` whose subject is not ``head``'s own phrase."""
    up = head
    for _ in range(6):
        if up.dep_ == "ROOT" or up.head == up:
            return None
        up = up.head
        if up.pos_ in ("VERB", "AUX"):
            subj = resolve(subject(up))
            if subj is not None and head not in list(subj.subtree):
                return subj
    return None


def _is_state(head: Token, toks: list[Token]) -> bool:
    """A state or its forces: "Russia", "the Myanmar military", "US Central Command"."""
    state = words("state")
    if all(t.ent_type_ == "GPE" for t in toks):
        # (not a name with a digit the tagger took for a place: "M23")
        return not any(c.isdigit() for t in toks for c in t.text)
    low = [t.lower_ for t in toks]
    if any(f"{a} {b}" in state for a, b in pairwise(low)):
        return True
    forces = state | words("nonstate_head")
    if {head.lemma_.lower(), head.lower_, head.lower_.rstrip("s")} & forces and any(
            c.dep_ == "poss" and c.ent_type_ == "GPE" for c in head.lefts):
        # "Iran's Revolutionary Guards", "Syria's Republican Guard": a state's; not
        # "Yemen's Houthi movement", a people's movement in that state
        return not any(t.lower_ in words("stateless_demonym") for t in toks)
    if head.lemma_.lower() not in state and head.lower_ not in state:
        return False
    if head.pos_ != "PROPN":
        return True
    # "the Baloch Liberation Army", "the Arakan Army": an armed group, not a state's forces
    before = [t for t in toks if t.i < head.i]
    if any(t.lower_ in words("nonstate_name") for t in before):
        return False
    return head.lower_ not in words("nonstate_head") or any(
        t.ent_type_ in ("GPE", "NORP") for t in before)


@dataclass(frozen=True)
class Phrase:
    tokens: tuple
    text: str
    named: bool
    state: bool
    reference: bool = False  # "the group": names someone named before
    bare: bool = False  # "fighter jets": an aircraft, nobody's unless told fuller before


def _forms(tok: Token) -> set[str]:
    """The word and its singular, lower case: a capitalised plural the tagger took for a
    proper noun keeps itself as its lemma ("Gunmen" after a dateline's dash)."""
    low = tok.lower_
    return {low, low[:-3] + "man" if low.endswith("men") else low,
            low[:-1] if low.endswith("s") and not low.endswith("ss") else low}


def _starts(tok: Token) -> bool:
    """Whether ``tok`` opens its sentence or the body after a dateline's dash ("MAIDUGURI,
    Nigeria - Gunmen ..."): a capital there is no name."""
    return tok.is_sent_start or (tok.i > 0 and tok.nbor(-1).text in ("-", "–", "—") and
                                 tok.nbor(-1).whitespace_ != "")


def _phrase(head: Token, depth: int = 0, refs: bool = False) -> Phrase | None:
    """The actor phrase headed by ``head``, or None when it names no one; with ``refs``, a
    reference back ("the group") is returned as such instead of None."""
    if depth > 3:
        return None
    lemma = head.lemma_.lower()
    if head.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None  # a parse that made a determiner or a verb the actor
    named_for = _alias_of(head)
    if named_for is not None:  # "the Khawarij", the government's term for X: X
        return _phrase(named_for, depth + 1, refs)
    not_actor = words("not_actor")
    if lemma in not_actor or head.lower_ in not_actor or head.lower_[:-1] in not_actor or \
            head.ent_type_ in _NOT_NAME_ENTS or named_place(head):
        return None
    spokes = [c for c in head.rights if c.dep_ == "appos" and
              c.lemma_.lower() in words("spokesperson")]
    spokes += [c for c in head.lefts if c.dep_ == "compound" and
               c.lemma_.lower() in words("spokesperson")]
    if spokes and head.ent_type_ == "PERSON":  # "Yahya Saree, the Houthi spokesman"
        # ("Houthi military spokesman Yahya Saree": the title before the name)
        return _phrase(spokes[0], depth + 1, refs)
    # "a man who said he spoke for X"; "a spokesman for X told ... his group had no part"
    spoken_for = self_described(head) or (speaker_of(head) if lemma in words("generic") else None)
    if spoken_for is not None:
        return _phrase(spoken_for, depth + 1, refs)
    if lemma in words("spokesperson") or head.lower_ in words("spokesperson"):
        org = resolve(_spokesperson_org(head))
        if org is not None and org.pos_ == "ADJ" and \
                org.lower_ in words("stateless_demonym"):
            return Phrase((org,), org.text, True, False)  # "Houthi military spokesman"
        p = _phrase(org, depth + 1, refs) if org is not None else None
        return p if p is not None and (p.named or p.state or p.reference) else None
    if lemma in words("generic") or _forms(head) & words("generic"):
        name = _given_name(head)
        # an apposition names an unnamed head ("the group, X"); "calling itself X" always
        if name is not None and name.head.dep_ == "prep" and name.head.head == head:
            return _member_of(head, name)
        if name is not None and name.head.dep_ == "agent" and name.head.head.head == head:
            return _led_by(head, name)
        # ("the Islamic State's regional branch, Islamic State Sahel Province": the name
        # the branch goes by, not its owner's)
        if name is not None and (name.dep_ != "appos" or not _has_proper_name(_extent(head)) or
                                 lemma in words("subunit") and
                                 any(c.dep_ == "poss" for c in head.lefts)):
            return _phrase(name, depth + 1, refs)
    if lemma in words("state"):  # "Russia's defence ministry": Russia acts
        for child in head.lefts:
            if child.dep_ == "poss" and child.ent_type_ == "GPE":
                return _phrase(child, depth + 1)
    if lemma in words("force_part"):  # "the air component of the Armed Forces of X": X's
        owner = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"), None)
        p = _phrase(owner, depth + 1, refs) if owner is not None else None
        return p if p is not None and (p.state or p.named) else None
    if in_dateline(head):
        # ("SANAA, Yemen - American warplanes struck": the parse may hang the real
        # subject after the dash on the dateline as an apposition)
        after = [c for c in head.rights if c.dep_ == "appos"]
        return _phrase(after[-1], depth + 1, refs) if after else None
    toks = _extent(head)
    # ("the much larger Pakistani Taliban": a comparison is no part of the name)
    while toks and toks[0] != head and (toks[0].tag_ in ("JJR", "JJS", "RBR", "RBS") or (
            toks[0].dep_ == "advmod" and toks[0].head.tag_ in ("JJR", "JJS"))):
        toks = toks[1:]
    if not toks or len(toks) > _MAX_PHRASE:
        return None
    named = _has_name(toks) and not (lemma in words("generic") and backed_only(head, toks))
    own = any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.lefts)
    # "the movement's Lake Chad faction": the movement told before acts through it
    owner = next((c for c in head.lefts if c.dep_ == "poss" and
                  c.lemma_.lower() in words("reference_head")), None)
    if lemma in words("subunit") and owner is not None:
        return _phrase(owner, depth + 1, refs)
    if named and own and lemma in words("subunit") and all(
            t.ent_type_ in ("GPE", "NORP", "LOC") for t in toks if t.pos_ == "PROPN"):
        named = False  # "its Mozambique branch", "its Yemeni affiliate": the owner's
    if not named and own and lemma in words("counterpart"):
        # "pinned the attack on its rival, the RSF": the rival named, never its owner
        name = _given_name(head) or named_after_comma(head)
        return _phrase(name, depth + 1, refs) if name is not None else None
    if not named and own:
        # "X reported a strike by its forces": X; "its jets" with no owner: nobody
        owner = _owner(head)
        if owner is None and refs and lemma in words("generic"):
            # "In January, its fighters attacked ...": the group of the sentences before
            return Phrase(tuple(toks), doc_text(toks), False, False, reference=True)
        return _phrase(owner, depth + 1, refs) if owner is not None else None
    if not named and (lemma in words("generic") or head.pos_ == "PRON"):
        determiners = [c for c in head.lefts if c.dep_ in ("det", "poss", "predet")]
        if any(d.lower_ in words("quantifier_det") for d in determiners):
            return None  # "both sides", "each side": many or any, no one actor
        if any(d.lower_ in words("reference_det") for d in determiners) or \
                head.pos_ == "PRON" or lemma in ("who", "whoever", "one", "anyone", "someone"):
            if refs and lemma in words("reference_head") and toks[-1] == head and any(
                    d.lower_ in ("the", "this", "that") for d in determiners):
                return Phrase(tuple(toks), doc_text(toks), False, False, reference=True)
            return None  # "the group", "its fighters": a reference back, not a name
    if lemma in words("generic") or _forms(head) & words("generic"):
        # "Gunmen", "Troops", "Islamist militants", "security forces": no name but the
        # head and a creed (a capitalised first word may be tagged a proper noun)
        # (a name the text gives in quotes, "outlaw groups", or by a capital, "Daesh
        # remnants", is one)
        plain = words("generic") | words("creed")
        rest = [t for t in toks if t.lemma_.lower() not in plain and not _forms(t) & plain]
        if not (_has_name(rest) or quoted(toks) or one_of_a_kind(toks) or any(
                t.is_title and not _starts(t) for t in rest)):
            return None
    state = _is_state(head, toks)
    if not (named or state or lemma in words("generic")):
        return None  # "blamed the fire on a gas leak": not someone
    doc = head.doc
    text = doc.text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]
    text = " ".join(text.translate({ord(q): None for q in _QUOTES if q != "'"})
                    .replace(" '", " ").replace("' ", " ").split()).strip(" '")
    if not text:
        return None
    # (the NER often tags a capital that acts as ORG or NORP: only a person's name is not one)
    capital = capital_state(text) if all(t.pos_ == "PROPN" and t.ent_type_ != "PERSON"
                                         for t in toks) else None
    if capital is not None:  # "Tehran denied any role": Iran (the convention of actor_states)
        return Phrase(tuple(toks), capital, True, True)
    # "Ukraine's General Staff", "Rwanda Defence Force": a state's body by its name
    state = state or (named and state_of(text) is not None)
    short = initials(head)
    if short is not None and short.text not in text:
        text = f"{text} ({short.text})"  # the scorer's and the reader's alternative name
    return Phrase(tuple(toks), text, named, state, bare=bare_platform(head, toks))


def _member_of(head: Token, name: Token) -> Phrase | None:
    """"fighters of the so-called Islamic State in the Sahel": the name, with what the
    parse hung on the generic head after it ("in the Sahel")."""
    first = min(t.i for t in _extent(name))
    toks = [t for t in _extent(head) if t.i >= first] or _extent(name)
    while toks and (toks[0].dep_ in ("det", "predet") or toks[0].is_punct or
                    toks[0].lower_ in ("so", "called", "so-called")):
        toks.pop(0)
    if not toks:
        return None
    return Phrase(tuple(toks), doc_text(toks), True, _is_state(name, toks))


def _led_by(head: Token, leader: Token) -> Phrase | None:
    """"a faction led by the commander Hafiz Gul Bahadur": "Hafiz Gul Bahadur faction" (the
    group, named by its leader's proper name; offsets from the head to the name)."""
    name = [t for t in _extent(leader) if t.pos_ == "PROPN" or t.tag_ == "HYPH"]
    if not name:
        return None
    return Phrase((head, *name), f"{doc_text(name)} {head.text}", True, False)


def _heads(tok: Token) -> list[Token]:
    """``tok`` and the nouns coordinated with it ("Iran and its proxies")."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
            out.extend(_heads(child))
    return out


def phrases(tok: Token, refs: bool = False) -> list[Phrase]:
    heads = _heads(tok)
    out = []
    first = _phrase(heads[0], refs=refs)
    for i, head in enumerate(heads):
        p = first if i == 0 else _phrase(head, refs=refs)
        if p is None and i > 0 and first is not None and first.named and any(
                c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.lefts) and \
                head.lemma_.lower() not in words("spokesperson"):
            # "Iran and its proxies": the proxies are Iran's
            rest = [t for t in _extent(head) if not (t.dep_ == "poss" and t.head == head)]
            if rest:
                text = doc_text(rest)
                p = Phrase(tuple(rest), f"{first.text}'s {text}", True, first.state)
        if p is not None:
            out.append(p)
            parent = _parent_group(head) if p.named else None
            if parent is not None:
                out.append(parent)
    return out


def _parent_group(head: Token) -> Phrase | None:
    """"X, the suicide squad of Y" / "X, an affiliate of Y": Y acts through X (not "X, a
    faction of the former Y": a faction that broke away; nor "X, a faction of Y": a
    faction acts for itself, word set ``own_part``)."""
    for appos in head.children:
        if appos.dep_ == "appos" and appos.lemma_.lower() in words("subunit") - \
                words("own_part"):
            for prep in appos.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj" and not former(pobj):
                            p = _phrase(pobj)
                            return p if p is not None and p.named and not p.state else None
    return None


def doc_text(toks: list[Token]) -> str:
    doc = toks[0].doc
    return doc.text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]
