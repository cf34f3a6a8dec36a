"""Find the toponyms of a text: spaCy's statistical NER, the curated gazetteer's names,
and known place names inside other entities or capitalised words.

Three strengths of mention:

- ``strong``: an entity the NER labels as a place (GPE, LOC, FAC by default) or a
  curated landmark's name (Green Zone, Camp Taji, Bagram Airfield) matched with
  spaCy's `PhraseMatcher`;
- ``demonym``: a nationality or group (NER ``NORP``: "Russian", "Iraqis"), kept by the
  resolver only when the word is a known demonym;
- ``weak``: a run of capitalised words inside another entity ("the Ohio Department of
  Development", "Gainesville" labelled a person) or outside any entity ("COLUMBUS",
  a dateline) whose longest known sub-name is a place; the resolver keeps it only when
  the evidence for a place is strong enough.

The labels and the names that are never places are data (``data/detect.json``).
"""
from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

STRENGTHS = ("strong", "demonym", "weak")


@dataclass(frozen=True)
class Mention:
    """A toponym candidate: character offsets, the words, and why it was taken."""

    start: int
    end: int
    text: str
    strength: str  # see STRENGTHS
    source: str    # "ner:GPE", "curated", "inner:ORG", "capitalised", "given"


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    """The detection rules (``data/detect.json``), with derived sets."""
    raw = json.loads(resources.files("geoincidents.geoparse").joinpath(
        "data/detect.json").read_text(encoding="utf-8"))
    from geoincidents.gazetteer import normalize

    raw["not_places_keys"] = frozenset(normalize(n) for n in raw["not_places"])
    raw["not_before_set"] = frozenset(w.lower() for w in raw["not_before"])
    raw["leading_set"] = frozenset(w.lower() for w in raw["leading_words"])
    raw["titles_set"] = frozenset(w.lower() for w in raw["person_titles"])
    return raw


def ner_doc(text: str) -> Doc:
    """``text`` through the pinned pipeline's NER only (what detection needs: the
    tagger, parser and lemmatizer triple the cost and change no entity)."""
    from geoincidents import nlp

    return nlp.entities(text)


def detect(doc: Doc | str, *, curated: Iterable[str] = (),
           is_name: Callable[[str], bool] | None = None,
           is_part_name: Callable[[str], bool] | None = None) -> list[Mention]:
    """Toponym mentions of a text or parsed ``Doc``, in text order, not overlapping.

    Parameters
    ----------
    doc : spacy Doc or str
        A parsed document (its entities are used as they are) or a text (parsed with
        the NER only).
    curated : iterable of str
        Names of curated places (landmarks, bases) to match whatever the NER says.
    is_name : callable, optional
        Whether a string is a known place name; without it, no weak mentions.
    is_part_name : callable, optional
        The same test for names found inside other entities and capitalised runs
        (default ``is_name``): a stricter one keeps out words that are also the name
        of some hamlet ("House", "Interior", "Street").
    """
    part_name = is_part_name or is_name
    if isinstance(doc, str):
        doc = ner_doc(doc)
    cfg = rules()
    taken: list[Mention] = []
    covered = [False] * len(doc)
    tk_memo: list[_Tokens] = []

    def tokens() -> _Tokens:
        if not tk_memo:
            tk_memo.append(_Tokens(doc))
        return tk_memo[0]

    def take(span: Span, strength: str, source: str) -> None:
        if any(covered[span.start:span.end]):
            return
        for i in range(span.start, span.end):
            covered[i] = True
        taken.append(Mention(span.start_char, span.end_char, span.text, strength, source))

    for span in _curated_matches(doc, tuple(sorted(set(curated)))):
        take(span, "strong", "curated")
    inner: list[Span] = []
    for ent in doc.ents:
        label = ent.label_
        if label in cfg["place_labels"] or label in cfg["demonym_labels"]:
            span = _trim(ent, cfg)
            if span is None or _never(span, cfg):
                continue
            if label in cfg["place_labels"]:
                if is_name is None or is_name(span.text) or len(span) == 1:
                    take(span, "strong", f"ner:{label}")
                else:
                    # "Northeast Georgia", "Metro Nashville", "Vancouver International
                    # Airport": the known name inside, else the whole entity
                    parts = _known_subnames(doc, tokens(), span.start, span.end,
                                            part_name, cfg)
                    for part in parts or [span]:
                        take(part, "strong", f"ner:{label}" + (":part" if parts else ""))
                continue
            if is_name is not None and is_name(span.text):
                take(span, "demonym", f"ner:{label}")
                continue
        if label in cfg["inner_labels"]:
            inner.append(ent)
    if is_name is not None:
        people = _person_words(doc)
        tk = tokens()
        for ent in inner:
            for span in _known_subnames(doc, tk, ent.start, ent.end, part_name, cfg):
                if ent.label_ == "PERSON" and (len(span) != len(ent) or span.text in people
                                               or _titled(doc, ent.start, cfg)):
                    # "Brown" of "Jerry Brown", "Senator Johnson"; a lone "Gainesville"
                    # may be a place
                    continue
                take(span, "weak", f"inner:{ent.label_}")
        in_ent = [False] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                in_ent[i] = True
        lo = 0
        while lo < len(doc):
            if in_ent[lo] or covered[lo]:
                lo += 1
                continue
            hi = lo
            while hi < len(doc) and not in_ent[hi] and not covered[hi]:
                hi += 1
            for span in _known_subnames(doc, tk, lo, hi, part_name, cfg):
                take(span, "weak", "capitalised")
            lo = hi
    taken.sort(key=lambda m: m.start)
    return taken


def _trim(span: Span, cfg: dict) -> Span | None:
    """Drop a leading "the" and a trailing possessive "'s"."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in cfg["leading_set"]:
        start += 1
    while end > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    return doc[start:end] if end > start else None


def never_a_place(text: str) -> bool:
    """A name the detection rules say is never a place ("Taliban", "Hezbollah", "Pentagon"),
    whatever a gazetteer holds under that name (a Turkish village is also called Taliban)."""
    from geoincidents.gazetteer import normalize

    return normalize(text) in rules()["not_places_keys"]


def _never(span: Span, cfg: dict) -> bool:
    nxt = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    return _never_text(span.text, nxt, cfg)


def _never_text(text: str, next_lower: str, cfg: dict) -> bool:
    """A name that is never a place, or one followed by "virus", "fever"..."""
    from geoincidents.gazetteer import normalize

    return normalize(text) in cfg["not_places_keys"] or next_lower in cfg["not_before_set"]


def _person_words(doc: Doc) -> frozenset[str]:
    """Words of the names of people with two words or more ("Jerry Brown": "Brown")."""
    return frozenset(t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1
                     for t in e)


def _titled(doc: Doc, start: int, cfg: dict) -> bool:
    """Whether a title ("Senator", "Mr.", "Gov.") comes just before token ``start``."""
    i = start - 1
    if i >= 0 and doc[i].text == ".":
        i -= 1
    return i >= 0 and doc[i].lower_.rstrip(".") in cfg["titles_set"]


class _Tokens:
    """What the name search reads of each token, read once per document (spaCy makes
    a Token object on every access)."""

    def __init__(self, doc: Doc) -> None:
        toks = list(doc)
        self.doc_text = doc.text  # doc.text joins the tokens anew on each access
        self.text = [t.text for t in toks]
        self.lower = [t.lower_ for t in toks]
        self.start = [t.idx for t in toks]
        self.end = [t.idx + len(t.text) for t in toks]
        self.stop = [t.is_stop for t in toks]
        self.caps = [_capitalised(w) for w in self.text]
        self.lower_words = frozenset(w for w in self.text if w.islower())


def _capitalised(text: str) -> bool:
    if not text[:1].isupper():
        return False
    return text.isalpha() or all(ch.isalpha() or ch in ".-'’" for ch in text)


def _known_subnames(doc: Doc, tk: _Tokens, lo: int, hi: int,
                    is_name: Callable[[str], bool], cfg: dict) -> list[Span]:
    """Longest known place names in the capitalised runs of tokens lo..hi."""
    out = []
    limit = cfg["max_name_tokens"]
    text = tk.doc_text
    i = lo
    while i < hi:
        if not tk.caps[i]:
            i += 1
            continue
        j = i
        while j < hi and tk.caps[j]:
            j += 1
        k = i
        while k < j:
            for n in range(min(limit, j - k), 0, -1):
                if n == 1 and _common_word(tk, k):
                    continue
                words = text[tk.start[k]:tk.end[k + n - 1]]
                nxt = tk.lower[k + n] if k + n < len(tk.lower) else ""
                if not _never_text(words, nxt, cfg) and is_name(words):
                    out.append(doc[k:k + n])
                    k += n
                    break
            else:
                k += 1
        i = j
    return out


def _common_word(tk: _Tokens, i: int) -> bool:
    """A capitalised word that is an ordinary word here: a stop word, or written in
    lower case elsewhere in the text ("Rock" when the text also has "rock")."""
    low = tk.lower[i]
    return tk.stop[i] or low in tk.lower_words or len(low) < 3


def _curated_matches(doc: Doc, names: tuple[str, ...]) -> list[Span]:
    if not names:
        return []
    from geoincidents import nlp

    matcher = _phrase_matcher(names, nlp.entity_pipeline())  # (the one that made ``doc``)
    spans = [doc[s:e] for _, s, e in matcher(doc)]
    # written as a name: capitalised (the matcher folds case)
    spans = [s for s in spans if any(ch.isupper() for ch in s.text)]
    from spacy.util import filter_spans

    return list(filter_spans(spans))


@functools.lru_cache(maxsize=4)
def _phrase_matcher(names: tuple[str, ...], pipe):
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(pipe.vocab, attr="LOWER")
    matcher.add("CURATED", [pipe.make_doc(n) for n in names])
    return matcher
