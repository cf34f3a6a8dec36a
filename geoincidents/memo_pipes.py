"""spaCy's attribute ruler and lemmatizer, each answered from memory per kind of token.

Both are pure functions of a few attributes of each token, and a news article repeats
its kinds of token many times over (and the next article mostly the same ones):

- the attribute ruler (``pos_``, ``morph``, some ``lemma_`` from the tagger's tags) runs
  its Matcher's 179 patterns at every token, ~20 us a token, as much as the parser. All
  but a few of its patterns are one token long, and whether one matches a token depends
  only on the token's values of the attributes the patterns read (its tag, its lower-case
  form, its dependency label, whether it is a space). `MemoAttributeRuler` asks spaCy's
  own Matcher (holding just those patterns) once per new combination of these values, on
  a Doc of one token for each, and remembers the rules that matched; the longer patterns
  run in a Matcher of their own at every token. The matches are the ruler's own, in its
  order, and its own `set_annotations` sets them.
- the lemmatizer (in "rule" mode) gives a token's lemma from its text, part of speech and
  morphology alone, but computes most of them anew each time (its cache keeps only the
  lemmas made by rule, not the base forms). `MemoLemmatizer` asks it once per
  (text, part of speech, morphology) and sets the remembered lemmas through the Doc's
  arrays.

The pipeline is the same one, with the same annotations (``tests/test_memo_pipes.py``
compares them with spaCy's components on many sentences, match by match).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: the memories are emptied when they hold this many kinds of token (a long-running
#: process reading without end; ~1,000 news articles make some 40,000)
MEMO_LIMIT = 500_000

#: the pattern keys a one-token pattern may have and still be told by its token's values
#: alone: any attribute, but not a quantifier or a custom extension
_NOT_LOCAL = ("OP", "_")


_FIRST = "geoincidents: a longer pattern's first token"


def _attr_id(key) -> int | None:
    from spacy.attrs import IDS

    if isinstance(key, int):
        return key
    return IDS.get(str(key).upper())


def _one_token(pattern: list[dict]) -> bool:
    return len(pattern) == 1 and not any(k in _NOT_LOCAL or _attr_id(k) is None
                                         for k in pattern[0])


class MemoAttributeRuler:
    """The pipeline component that does what ``ruler`` (spaCy's AttributeRuler) does,
    its one-token patterns matched once per kind of token (see the module's notes)."""

    def __init__(self, ruler):
        from spacy.attrs import ORTH
        from spacy.matcher import Matcher

        self.ruler = ruler
        vocab = ruler.vocab
        self.single = Matcher(vocab)
        self.rest = Matcher(vocab)
        #: the first tokens of the longer patterns: the rest run on a Doc only when a
        #: token of it matches one (always, when one of them is not told by its token)
        self.firsts = Matcher(vocab)
        self.always_rest = False
        read: set[int] = set()
        for i in range(len(ruler.attrs)):
            key = str(i)
            patterns = ruler.matcher.get(key)[1]
            ones = [p for p in patterns if _one_token(p)]
            others = [p for p in patterns if not _one_token(p)]
            if ones:
                self.single.add(key, ones)
            if others:
                self.rest.add(key, others)
                firsts = [p[:1] for p in others if p and _one_token(p[:1])]
                self.always_rest |= len(firsts) < len(others)
                if firsts:
                    self.firsts.add(_FIRST, firsts)
            read |= {_attr_id(k) for p in ones + [p[:1] for p in others] if _one_token(p[:1])
                     for k in p[0]}
        #: the values that tell the one-token patterns' matches: the attributes they read
        #: (the token's text gives its lexical ones, `_learn`)
        self.attrs = [ORTH, *sorted(read - {ORTH})]
        self.key_cols = list(range(1, len(self.attrs))) or [0]
        #: (the one-token matches, whether a longer pattern may start there) of each key
        self.memo: dict[tuple, tuple[tuple[tuple[int, int], ...], bool]] = {}
        self.rule_of = {vocab.strings[str(i)]: i for i in range(len(ruler.attrs))}

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """``ruler.match(doc)``: (rule, match id, start, end) of every match, sorted."""
        if not len(doc):
            return self.ruler.match(doc)
        arr = doc.to_array(self.attrs).reshape(len(doc), -1)
        keys = list(map(tuple, arr[:, self.key_cols].tolist()))
        memo = self.memo
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        new = {key: i for i, key in enumerate(keys) if key not in memo}
        if new:
            self._learn(doc, arr, new)
        known = [memo[key] for key in keys]
        out = [(rule, m_id, i, i + 1) for i, (got, _) in enumerate(known)
               for rule, m_id in got]
        if len(self.rest) and (self.always_rest or any(first for _, first in known)):
            rule_of = self.rule_of
            out += [(rule_of[m_id], m_id, s, e) for m_id, s, e in _matches(self.rest, doc)]
        out.sort()
        return out

    def _learn(self, doc: Doc, arr, new: dict[tuple, int]) -> None:
        """The one-token patterns' matches of each key of ``new`` (the values of token
        ``new[key]`` of ``doc``; ``arr``, the Doc's array of `attrs`): spaCy's Matcher over
        a Doc of those tokens, whose own texts give the lexical attributes and whose
        arrays the rest (every attribute a Matcher pattern may read is set so but IDX,
        which patterns may not read: ``tests/test_memo_pipes.py``)."""
        from spacy.tokens import Doc as DocClass

        keys = list(new)
        rows = arr[list(new.values())]
        strings = doc.vocab.strings
        probe = DocClass(doc.vocab, words=[strings[int(o)] for o in rows[:, 0]],
                         spaces=[False] * len(keys))
        if len(self.attrs) > 1:
            probe.from_array(self.attrs[1:], rows[:, 1:])
        found: list[list[tuple[int, int]]] = [[] for _ in keys]
        for m_id, start, _ in _matches(self.single, probe):
            found[start].append((self.rule_of[m_id], m_id))
        firsts = {start for _, start, _ in _matches(self.firsts, probe)}
        for k, (key, got) in enumerate(zip(keys, found)):
            self.memo[key] = (tuple(got), k in firsts)


def _matches(matcher, doc: Doc) -> list[tuple[int, int, int]]:
    """(match id, start, end) of ``matcher``'s matches in ``doc``, as the attribute ruler
    asks them (none from a matcher without patterns)."""
    return matcher(doc, allow_missing=True, as_spans=False) if len(matcher) else []


class MemoLemmatizer:
    """The pipeline component that does what ``lemmatizer`` (spaCy's Lemmatizer, "rule"
    or "lookup" mode) does: each token without a lemma gets ``lemmatizer.lemmatize``'s
    first answer, asked once per (text, part of speech, morphology)."""

    #: the modes whose lemma is a function of the token's text, part of speech and
    #: morphology alone (spaCy's "rule" and "lookup")
    MODES = ("rule", "lookup")

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        import numpy as np
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return self.lemmatizer(doc)
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.flatnonzero(arr[:, 3] == 0)
        if not len(todo):
            return doc
        memo = self.memo
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        lemmas = arr[:, 3]
        strings = doc.vocab.strings
        lemmatize = self.lemmatizer.lemmatize
        for i, key in zip(todo.tolist(), map(tuple, arr[todo, :3].tolist())):
            lemma = memo.get(key)
            if lemma is None:
                lemma = memo[key] = strings.add(lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas)
        return doc


def install(nlp: Language) -> None:
    """Put `MemoAttributeRuler` and `MemoLemmatizer` in ``nlp`` in place of spaCy's
    components of the same names (those that are there and that they can stand for)."""
    from spacy.pipeline import AttributeRuler, Lemmatizer

    for name, kind, memo in (("attribute_ruler", AttributeRuler, MemoAttributeRuler),
                             ("lemmatizer", Lemmatizer, MemoLemmatizer)):
        if name not in nlp.pipe_names:
            continue
        component = nlp.get_pipe(name)
        if type(component).__call__ is not kind.__call__ or (
                kind is Lemmatizer and (component.mode not in MemoLemmatizer.MODES or
                                        component.overwrite)):
            continue  # (a component of its own kind: left as it is)
        replace(nlp, name, memo(component))


def replace(nlp: Language, name: str, component) -> None:
    """``nlp``'s component ``name`` replaced by the object ``component``, under the same
    name and at the same place (spaCy's `add_pipe` takes factory names only)."""
    from spacy.language import Language

    factory = "geoincidents_memo_component"
    if factory not in Language.factories:
        Language.factory(factory, default_config={"key": ""}, func=_made)
    _MADE[id(component)] = component
    nlp.add_pipe(factory, name=f"{name}__memo", after=name,
                 config={"key": str(id(component))})
    nlp.remove_pipe(name)
    nlp.rename_pipe(f"{name}__memo", name)


#: components waiting for `_made` to hand them to spaCy (by id)
_MADE: dict[int, object] = {}


def _made(nlp, name: str, key: str):
    return _MADE.pop(int(key))
