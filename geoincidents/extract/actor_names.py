"""Actor names from the dependency parse: what a stance rule's node stands for.

Used by ``actors``; reads the word sets of ``rules/stance.jsonl`` (where the stance rules
are) through :func:`rules`.  A rule points at a token; this module turns it into a name:

- :func:`subject`: a verb's subject, inherited from the governing clause when it has
  none ("issued a statement denying any role"), the modified noun for a participle;
- :func:`resolve`: relative pronouns to their noun ("X, which claimed"), "it"/"they" in
  a reported clause to the speaker ("X said it had fired"), "the shoulders of X" to X,
  "X, the group believed to be ..." to X;
- ``actor_phrase.phrases`` (next step) turns that token into the name(s) it heads.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents.errors import DataError
from geoincidents.extract.depmatch import RULES_DIR, RuleFile

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

STANCES = ("claimed", "denied", "blamed", "involved")
_NAME_ENTS = {"ORG", "GPE", "NORP", "PERSON", "FAC", "LOC"}
_QUOTES = "\"'“”‘’«»`"
_MAX_PHRASE = 12  # tokens: a longer "name" is a clause the parser attached to a noun


@lru_cache(maxsize=1)
def rules() -> RuleFile:
    """The stance rules (read once per process), checked."""
    rf = RuleFile(RULES_DIR / "stance.jsonl", required=("stance", "actor"))
    for r in rf.rules:
        where = rf.where(r)
        for key in ("stance", "state_stance", "negated_stance"):
            if key in r and r[key] not in STANCES and not (key == "stance" and r[key] is None):
                raise DataError(f"{where}: {key} {r[key]!r} is not one of {STANCES}")
        if r["stance"] is None and not r.get("cancels"):
            raise DataError(f"{where}: a rule with stance null must name rules it cancels")
        unknown = set(r.get("cancels", ())) - {x["id"] for x in rf.rules}
        if unknown:
            raise DataError(f"{where}: cancels unknown rules {sorted(unknown)}")
        node = r["actor"].removeprefix("@")
        if node not in r["_names"]:
            raise DataError(f"{where}: actor {r['actor']!r} names no node of the pattern "
                            f"{r['_names']}")
        if "modal" in r and r["modal"] not in r["_names"]:
            raise DataError(f"{where}: modal {r['modal']!r} names no node of the pattern")
    return rf


def words(name: str) -> frozenset[str]:
    return rules().words(name)


# -- from a rule's node to the token that names the actor ------------------------------------

def subject(verb: Token, depth: int = 0) -> Token | None:
    """The subject of ``verb``, inherited from the governing clause when it has none."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:  # "the Lebanese group Hezbollah denied": parsed as two subjects
        return next((c for c in subjects if c.pos_ == "PROPN"), subjects[0])
    if depth > 4:
        return None
    if verb.dep_ == "conj":
        return subject(verb.head, depth + 1)
    # "A militia calling itself X claimed ...", parsed with "calling" as the main verb or
    # as a clausal subject: the name it calls itself is the subject
    for gerund in [verb.head] * (verb.dep_ == "ccomp") + [
            c for c in verb.children if c.dep_ == "csubj"]:
        name = _self_named(gerund)
        if name is not None:
            return name
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "acl" and verb.head.lemma_.lower() not in words("utterance"):
        return verb.head  # "the group believed to be ...": the group
    if verb.dep_ in ("advcl", "xcomp", "acl", "pcomp"):
        head = verb.head
        # "issued a statement on Friday denying ...": up through the noun to its verb
        for _ in range(3):
            if head.pos_ in ("VERB", "AUX") or head.dep_ == "ROOT":
                break
            head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return subject(head, depth + 1)
    return None


def _self_named(gerund: Token) -> Token | None:
    """X in "calling itself X" (a naming gerund with a reflexive object), else None."""
    if gerund.lemma_ not in words("naming") or gerund.tag_ != "VBG" or not any(
            c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in gerund.children):
        return None
    return next((c for c in gerund.children if c.dep_ in ("oprd", "xcomp", "ccomp", "attr")
                 and c.pos_ in ("PROPN", "NOUN")), None)


def reporting_verb(tok: Token) -> Token | None:
    """The verb of saying/claiming/denying whose reported clause ``tok`` is subject of."""
    clause = tok.head
    while clause.dep_ == "conj":
        clause = clause.head
    # ("said in a statement that it had ...", parsed as a relative clause of the statement)
    if clause.dep_ not in ("ccomp", "xcomp", "acl") and not (
            clause.dep_ == "relcl" and any(c.dep_ == "mark" for c in clause.children)):
        return None
    up = clause.head
    # "said in a statement that it ...": the clause hangs on the statement
    for _ in range(3):
        if up.lemma_ in words("reporting"):
            return up
        if up.lemma_.lower() not in words("utterance") and up.dep_ != "prep":
            return None
        up = up.head
    return None


def speaker_of(tok: Token) -> Token | None:
    """Who "his group", "her movement" is the group of: the subject of the verb reporting
    the clause it is subject of ("a spokesman for X told reporters that his group had no
    part": the spokesman; word set ``speaker_possessive``; a person named with no
    spokesperson's title is not told to speak for any), else None."""
    if not any(c.dep_ == "poss" and c.lower_ in words("speaker_possessive") for c in tok.children):
        return None
    verb = reporting_verb(tok)
    who = subject(verb) if verb is not None else None
    if who is None or who is tok or who.ent_type_ == "PERSON" and not any(
            c.dep_ in ("appos", "compound") and c.lemma_.lower() in words("spokesperson")
            for c in who.children) and self_described(who) is None:
        return None  # (a person's own name is no group's: "Abu Omar said his men ...")
    return who


def self_described(head: Token) -> Token | None:
    """Who a speaker says he speaks for: "a man who identified himself as a spokesman for
    X" (the spokesman), "a caller who said he spoke for X" (X), "Y, the man who leads X"
    (X: word set ``lead``); else None."""
    titles = [head] + [c for c in head.children if c.dep_ == "appos"]
    for rel in (c for t in titles for c in t.children if c.dep_ == "relcl"):
        if rel.lemma_ in words("lead") and not any(c.dep_ == "neg" for c in rel.children):
            led = next((c for c in rel.children if c.dep_ == "dobj"), None)
            if led is not None and led.pos_ in ("NOUN", "PROPN"):
                # ("leads the gang coalition known as X": X)
                return next((g for c in led.children if c.dep_ == "acl" and
                             c.lemma_ in words("naming") for a in c.children
                             if a.lower_ == "as" for g in a.children if g.dep_ == "pobj"), led)
        for t in rel.subtree:
            if t.dep_ == "pobj" and t.head.lower_ == "as" and \
                    t.lemma_.lower() in words("spokesperson"):
                return t
            if t.dep_ == "pobj" and t.head.lower_ == "for" and \
                    t.head.head.lemma_ in words("speak_for"):
                return t
    return None


def plain_person(tok: Token) -> bool:
    """Whether ``tok`` is a person the text describes as speaking for no one: a person's
    name with an apposition that is no spokesperson's or group's title ("Omar Latif, a
    retired colonel", "X, a Yemen analyst"; not "Yahya Saree, a spokesman for the
    Houthis", nor a group's name the NER took for a person's, which has no such
    apposition): "it" or "they" in their words is not them."""
    if tok.ent_type_ != "PERSON" or self_described(tok) is not None:
        return False  # (not one who leads a group: "Y, the man who leads X")
    titles = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    # (a title one held: "X, a former intelligence officer", word set ``former``)
    if any(c.dep_ == "amod" and c.lower_ in words("former") for t in titles for c in t.children):
        return True
    return bool(titles) and not any(
        t.lemma_.lower() in words("spokesperson") or t.lemma_.lower() in words("generic") or
        any(c.ent_type_ in ("ORG", "NORP") and c.dep_ != "amod" and
            not (c.head.dep_ == "amod" and c.head.pos_ == "VERB")  # "a Lahore-based analyst"
            for c in t.subtree)
        for t in titles)


def broken_apposition(head: Token) -> Token | None:
    """"..., a cell of Islamic State Khorasan Province, the group believed to be
    responsible": an apposition the parse did not attach (it made "the group" the subject
    of a "believed / suspected / thought" clause of its own); the proper name just before
    the comma, else None ("Fighters attacked a base in Mopti, the group said": a clause)."""
    first = min(t.i for t in head.subtree)
    doc = head.doc
    if first < 2 or doc[first].lower_ != "the" or doc[first - 1].text != "," or \
            head.dep_ not in ("nsubj", "nsubjpass") or not (
                head.head.lemma_ in words("suspicion") or any(
                    c.dep_ == "acl" and c.lemma_ in words("suspicion") for c in head.children)):
        return None
    name = doc[first - 2]
    # (not a place or a time: "In Mogadishu, the group is believed to ...")
    if name.pos_ != "PROPN" or name.sent != head.sent or name in head.subtree or \
            head in name.subtree or name.ent_type_ in ("LOC", "FAC", "DATE", "TIME"):
        return None
    # (a clause of its own before the comma, not a fronted phrase: "According to X, the
    # group's branch claimed ..."; and "the group" with no name of its own)
    if not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc[name.sent.start:first]) or \
            _has_name(_extent(head)):
        return None
    return name


def resolve(tok: Token | None, depth: int = 0) -> Token | None:
    """The token that names the actor ``tok`` stands for, or None."""
    if tok is None or depth > 4:
        return None
    low = tok.lower_
    if tok.tag_ in ("WDT", "WP") or low in ("which", "who", "that"):
        verb = tok.head
        return resolve(verb.head, depth + 1) if verb.dep_ == "relcl" and verb.head != tok \
            else None
    if tok.pos_ == "PRON" or tok.tag_ == "PRP":
        if low in words("own_pronoun"):
            speaker = reporting_verb(tok)
            who = subject(speaker) if speaker is not None else None
            if who is not None and low != "we" and plain_person(who):
                return None  # "they fire when ignored," said X, a researcher: not X
            return resolve(who, depth + 1) if who is not None else None
        return None
    if tok.lemma_.lower() in words("generic") and broken_apposition(tok) is not None:
        return resolve(broken_apposition(tok), depth + 1)  # "X, the group thought to be ..."
    if tok.lemma_.lower() in words("reference_head") and tok.pos_ == "NOUN" and any(
            c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        # "a Hezbollah official said the group was not behind it": the official's group
        speaker = reporting_verb(tok)
        who = subject(speaker) if speaker is not None else None
        if who is not None and who.lemma_.lower() in words("spokesperson"):
            return who
    if tok.dep_ == "appos" and tok.lemma_.lower() in words("generic") and \
            not _has_name(_extent(tok)):
        return resolve(tok.head, depth + 1)  # "X, the group believed to be ...": X
    if tok.lemma_.lower() in words("harm_noun") and tok.pos_ == "NOUN":
        # "the hallmarks of an al-Shabaab operation", "blamed on a Houthi attack": the name
        for child in tok.children:
            if child.dep_ in ("compound", "poss", "amod", "nmod") and \
                    child.ent_type_ not in ("GPE", "LOC", "FAC", "DATE", "TIME") and \
                    _has_name([child]):
                return resolve(child, depth + 1)
        return tok
    if tok.lemma_.lower() in words("through") and tok.pos_ != "PROPN":  # "on the shoulders of X"
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return resolve(pobj, depth + 1)
        return None
    return tok


# -- from a token to its phrase --------------------------------------------------------------

_NOT_NAME_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}


def _has_name(tokens: list[Token]) -> bool:
    """A named entity, a proper noun or an acronym ("ELN" is often tagged a noun)."""
    return any(t.ent_type_ in _NAME_ENTS or (t.pos_ == "PROPN" and t.ent_type_ not in
                                              _NOT_NAME_ENTS) or
               (len(t.text) >= 2 and t.text.isupper() and t.text.isalpha()) for t in tokens)


def _has_proper_name(tokens: list[Token]) -> bool:
    """A name beyond a nationality or place ("the Lebanese group" has none)."""
    return any(t.ent_type_ in ("ORG", "PERSON") or (t.pos_ == "PROPN" and t.ent_type_ not in
               _NOT_NAME_ENTS | {"GPE", "NORP"}) for t in tokens)


def _np_tokens(tok: Token) -> list[Token]:
    """``tok``'s subtree without clauses or appositions hanging on its nouns, nor a
    predicate adjective parsed into it ("held militias backed by Iran responsible":
    "responsible" is said of the militias, not part of their name)."""
    skip: set[int] = set()
    for t in tok.subtree:
        if t != tok and t.i not in skip and (
                t.dep_ in ("relcl", "acl", "appos") or
                t.dep_ == "amod" and t.i > t.head.i and t.lemma_ in words("accountable")):
            skip.update(x.i for x in t.subtree)
    return [t for t in tok.subtree if t.i not in skip]


def _extent(head: Token) -> list[Token]:
    """The tokens of ``head``'s noun phrase: its left modifiers, an entity it is part of,
    "of"/"in" phrases with names, short affiliations ("backed by Iran") and a bracketed
    acronym."""
    keep = {head}
    for child in head.lefts:
        if child.dep_ not in ("det", "predet", "cc", "preconj", "punct", "case") or \
                child.tag_ == "HYPH":
            keep.update(child.subtree)
        elif child.dep_ == "case":
            keep.add(child)
    named_head = head.pos_ == "PROPN" or head.lemma_.lower() in words("generic")
    for child in head.rights:
        sub = _np_tokens(child)
        # ("X fighters from the Y forest": where they came from is no part of the name)
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "from") and named_head and \
                _has_name(sub) and len(sub) <= 10 and not (
                    child.lower_ == "from" and _has_proper_name(list(head.lefts))) or child.dep_ in ("acl", "amod") and child.lemma_ in words("affiliation") and \
                len(sub) <= 5:
            keep.update(sub)
        elif child.dep_ == "appos" and len(sub) <= 3 and head.nbor(1).text == "(":
            keep.update(sub)
            keep.update(t for t in (head.nbor(1), sub[-1].nbor(1)) if t.text in "()")
        elif child.dep_ in ("compound", "case"):
            keep.update(sub)
    for ent in head.doc.ents:  # "the Islamic Resistance in Iraq": the entity is the name
        if ent.start <= head.i < ent.end and ent.label_ in _NAME_ENTS:
            keep.update(t for t in ent if t.sent == head.sent)
    doc = head.doc
    keep.update(_name_goes_on(head, max(t.i for t in keep)))
    lo, hi = min(t.i for t in keep), max(t.i for t in keep)
    toks = [doc[i] for i in range(lo, hi + 1)]
    # a dateline or headline run into the sentence: "Yemen - American warplanes", "Bannu
    # bombing Gunmen": the phrase starts after the dash or the event word
    cut = [k for k, t in enumerate(toks) if t.i < head.i and (
        (t.text in ("-", "–", "—", ":") and t.whitespace_ and t.i > 0 and
         t.nbor(-1).whitespace_) or (t.lemma_.lower() in words("not_actor") and
                                     t.pos_ != "PROPN"))]
    if cut:
        toks = toks[cut[-1] + 1:]
    while toks and toks[0] != head and (toks[0].dep_ in ("det", "predet") or toks[0].is_punct
                                        or toks[0].is_space
                                        or toks[0].ent_type_ in _NOT_NAME_ENTS and
                                        not _ordinal_of_name(toks[0], head)):
        toks.pop(0)
    while toks and (toks[-1].is_punct and toks[-1].text != ")" or toks[-1].tag_ == "POS"):
        toks.pop()
    return toks


def _name_goes_on(head: Token, last: int) -> list[Token]:
    """The rest of an organisation's name the parse hung elsewhere: "blamed al-Qaeda in the
    Islamic Maghreb (AQIM) for ...", where "in ..." hangs on the verb while the NER tags
    what follows "in" as an organisation's name, or as a place followed by the whole name's
    bracketed acronym ("al-Qaeda in the Arabian Peninsula (AQAP)"; "al-Shabaab in Somalia"
    is a group and a place)."""
    doc = head.doc
    k = last + 1
    if head.ent_type_ != "ORG" or k + 1 >= len(doc) or doc[k].lower_ not in ("in", "of") or \
            doc[k].ent_type_ or doc[k + 1].ent_iob_ != "B" or doc[k].sent != head.sent:
        return []
    ent = next(e for e in doc.ents if e.start == k + 1)
    out = [doc[k]] + [t for t in ent if t.sent == head.sent]
    end = ent.end
    if ent.label_ != "ORG":
        first = next(t for t in doc[head.left_edge.i:k] if t.is_alpha)
        acr = doc[end + 1] if end + 2 < len(doc) and doc[end].text == "(" and \
            doc[end + 2].text == ")" else None
        if acr is None or not (acr.text.isupper() and len(acr.text) >= 3) or \
                acr.text[0].lower() != first.lower_[0] or acr.text[-1] != ent[-1].text[0]:
            return []
        out += [doc[end], acr]
        end += 2
    if end < len(doc) and doc[end].text == ")" and any(t.text == "(" for t in out):
        out.append(doc[end])
    return out


def _ordinal_of_name(tok: Token, head: Token) -> bool:
    """"the 10th Front", "the 33rd Brigade": an ordinal is part of a unit's proper name."""
    return tok.ent_type_ == "ORDINAL" and tok.head == head and head.pos_ == "PROPN"


def state_of_demonym(word: str) -> str | None:
    """The country a state's demonym names ("Russian" -> "Russia"; "Kurdish" -> None):
    the world gazetteer's demonyms (`demonyms.countries`) less the stance file's
    ``stateless_demonym`` words."""
    low = word.lower()
    if low in words("stateless_demonym"):
        return None
    from geoincidents.extract import demonyms
    from geoincidents.gazetteer import country_place

    code = demonyms.countries().get(low)
    place = country_place(code) if code else None
    return place.name if place is not None else None
