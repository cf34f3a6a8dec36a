"""The sentences the dependency parse is read for, parsed in one stream.

Parsing is the costly step (about a fifth of a second for a 5 KB article parsed whole),
so only the sentences the parse-based readers need are parsed: those with an event
trigger (whose modality `modality.blocked` reads, and whose actors `actors.find` reads)
and those with a word of a stance rule ("claimed", "denied", "blamed", "responsibility"
...). The cue words are derived from the stance rules' word sets, never listed here.
(Parsing only the event sentences with a modality word as well was measured: 20 % faster,
and actors fell from 0.95 to 0.90 on the tuning labels: the parse finds who fired.)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from geoincidents import nlp

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

#: the stance rules' word sets whose words mark a sentence worth parsing for actors
_STANCE_SETS = ("claim", "take", "deny", "blame", "accuse", "attribute", "accountable",
                "responsibility", "suspect", "point", "no_part", "disown", "membership", "cue",
                "denial", "admit", "falsehood", "belonging", "boast")
#: pairs of word sets that, both present, mark a sentence worth parsing: a speaker telling
#: its own deed ("X said in a statement that its men had planted the device", the
#: ``said_*`` rules) has no stance word and often no event trigger; one sending weapons
#: ("Russia sent attack drones towards the capital", the ``sent_*`` rules) neither; nor ground
#: taken ("X said its units had entered the town")
_STANCE_PAIRS = (("say", "harm"), ("send_weapon", "weapon"), ("say", "take_ground"))


@lru_cache(maxsize=1)
def _cues() -> re.Pattern:
    from geoincidents.extract import actors

    return _words_pattern(set().union(*(actors.rules().words(n) for n in _STANCE_SETS)))


@lru_cache(maxsize=1)
def _pair_cues() -> list[tuple[re.Pattern, re.Pattern]]:
    from geoincidents.extract import actors

    return [(_words_pattern(actors.rules().words(a)), _words_pattern(actors.rules().words(b)))
            for a, b in _STANCE_PAIRS]


@lru_cache(maxsize=1)
def _refute_cues() -> re.Pattern:
    """Words by which a sentence may call untrue what the one before it told ("the report
    was mistaken", "rejected that"): the lemmas of the ``refutes`` rules' nodes
    ``false`` and ``deny`` (rules/modality.jsonl)."""
    from geoincidents.extract import modality

    words = {w for r in modality.rules().rules if r.get("refutes") for node in r["pattern"]
             if node["RIGHT_ID"] in ("false", "deny")
             for w in node["RIGHT_ATTRS"].get("LEMMA", {}).get("IN", ())}
    return _words_pattern(words)


def may_refute(text: str) -> bool:
    """Whether a sentence that follows an event's sentence is parsed to see whether it
    calls that event untrue (`modality.refutes`): it has a word of the refutes rules."""
    return _refute_cues().search(text) is not None


def _words_pattern(words: set[str] | frozenset[str]) -> re.Pattern:
    # a lemma's inflections share its first letters ("blame", "blamed"; "deny", "denied"),
    # but for the irregular ones the model's lemmatizer lists ("say": "said")
    irregular = _irregular_forms()
    stems = sorted({re.escape(_stem(w)) + ("(?:y|i)" if _y_to_i(w) else "") for w in words} |
                   {re.escape(f) for w in words for f in irregular.get(w, ())},
                   key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(stems) + r")", re.I)


@lru_cache(maxsize=1)
def _irregular_forms() -> dict[str, tuple[str, ...]]:
    """``{lemma: irregular forms}`` from the English model's lemmatizer exceptions
    ("say": "said"; "strike": "struck"), read from its lookups file (no pipeline load)."""
    from spacy.lookups import Lookups

    table = Lookups().from_disk(nlp.model_dir() / "lemmatizer" / "lookups").get_table(
        "lemma_exc")
    out: dict[str, list[str]] = {}
    for pos in ("verb", "noun"):
        for form, lemmas in table.get(pos, {}).items():
            for lemma in lemmas:
                out.setdefault(lemma, []).append(form)
    return {k: tuple(v) for k, v in out.items()}


def _y_to_i(word: str) -> bool:
    return len(word) > 2 and word[-1] == "y" and word[-2] not in "aeiou"


def _stem(word: str) -> str:
    return word[:-1] if _y_to_i(word) or (len(word) > 4 and word[-1] == "e") else word


def wanted(text: str, etype: str | None) -> bool:
    """Whether a sentence is parsed: it names an event (its modality, and who did it),
    has a stance word, or counts munitions told before ("the other five came down")."""
    from geoincidents.extract.count_parse import MAY_REFER

    return etype is not None or _cues().search(text) is not None or \
        MAY_REFER.search(text) is not None or \
        any(a.search(text) and b.search(text) for a, b in _pair_cues())


def parse(texts: list[str], article: Doc | None = None,
          offsets: list[int] | None = None) -> list[Span]:
    """Each text (a sentence of the article, starting at character ``offsets[k]``)
    parsed, as one span (the sentence as the article's splitter cut it); its entities
    are those of the NER's pass over the whole ``article`` (`nlp.entities`), so the NER
    runs once per article.  Without an article, each text is one (its own entities)."""
    # a dateline ("MOGADISHU, Aug 13 (Reuters) - ") is blanked, offsets kept: parsed, it
    # takes the subject's place ("Al-Shabaab fighters stormed ..." loses its subject)
    texts = [_blank_dateline(t) for t in texts]
    if article is None:
        return [doc[:] for doc in nlp.parse_many(texts, batch_size=64)]
    # (batches of 64 sentences: a third less time than spaCy's default of 16, measured)
    docs = nlp.parse_many(texts, batch_size=64, entities=False)
    return [doc[:] for doc in nlp.with_entities_many(docs, article, offsets)]


def _blank_dateline(text: str) -> str:
    from geoincidents.extract.text import dateline_end

    end = dateline_end(text)
    return " " * end + text[end:] if end else text


def token_at(span: Span, start: int, end: int) -> Token | None:
    """The head token of the words at characters ``start:end`` of the span's text."""
    words = span.char_span(start, end, alignment_mode="expand")
    return words.root if words is not None and len(words) else None


def tree_distance(a: Token, b: Token) -> int:
    """How many dependency arcs lie between two tokens of one sentence (a large number
    when they are in different sentences)."""
    up = {t.i: k for k, t in enumerate([a, *a.ancestors])}
    for k, t in enumerate([b, *b.ancestors]):
        if t.i in up:
            return up[t.i] + k
    return 1 << 20


#: how a verb goes on the clause of the verb above it: "stormed the town, looting shops
#: and fighting troops" (one event, one time)
_SAME_CLAUSE = frozenset({"conj", "advcl", "xcomp"})


def clause_of(token: Token, climb: bool = True) -> Token:
    """The verb of the clause ``token`` is told in: itself when a verb, else its nearest
    verb above it (the sentence's root when there is none); with ``climb``, a verb that
    goes on the one above it ("looting shops and fighting troops") is told in that one's
    clause."""
    verb = next((t for t in (token, *token.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return token.sent.root
    while climb and verb.dep_ in _SAME_CLAUSE and verb.head is not verb and \
            verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    return verb


def in_clause(clause: Token, token: Token) -> bool:
    """Whether ``token`` is told in ``clause`` (a verb; `clause_of`): below it, with no
    verb of its own subject between them ("have launched dozens of drones ..., and the
    leader promised on Thursday": Thursday is the promise's)."""
    for t in (token, *token.ancestors):
        if t == clause:
            return True
        if t is not token and t.pos_ in ("VERB", "AUX") and \
                any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return False
    return False


def up_to(span: Span | None, end: int) -> Span | None:
    """The tokens of ``span`` that start before character ``end`` of its text (None for
    None): the part of a parsed sentence a reader keeps."""
    if span is None:
        return None
    base = span[0].idx if len(span) else 0
    k = next((t.i - span.start for t in span if t.idx - base >= end), len(span))
    return span[:k]


def between(span: Span | None, start: int, end: int) -> Span | None:
    """The tokens of ``span`` from character ``start`` to ``end`` of its text (None for
    None): a part of a parsed sentence read as a sentence (`fact_parts`)."""
    if span is None:
        return None
    base = span[0].idx if len(span) else 0
    ks = [t.i - span.start for t in span if start <= t.idx - base < end]
    return span[ks[0]:ks[-1] + 1] if ks else span[:0]
