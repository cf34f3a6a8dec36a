"""spaCy's NER, decoded without stepping through every token.

The pipeline's entity recogniser (spaCy's ``EntityRecognizer``: a transition-based model,
``spacy.TransitionBasedParser.v2`` with three state features, maxout hidden units and an
output layer) reads a text one token at a time. At each token it sums the precomputed
hidden units of three context tokens (the token, the first token of the entity open, if
any, and the token before it while one is open), takes the maxout, scores the 74 moves
(B-, I-, L-, U- of each of 18 labels, "U-" and O), and takes the best move the BILUO rules
allow there. spaCy does this in a C loop whose helper calls, in the wheels for this
Python, each take and drop the GIL (Cython's profiling hooks): two thirds of the NER's
time, a fifth of an article's extraction.

While no entity is open the two entity features are spaCy's padding, so the step's scores
are a function of the token alone: `GreedyNER` scores every token of a Doc in one matrix
product and goes step by step only inside entities (about one token in ten), where the
choice is between I- and L- of the open label. Everything else is spaCy's: the model's own
token-to-vector and precomputed layers, run on the same sub-batches as spaCy's ``pipe``
forms, the output layer's product through the same BLIS library (thinc's ``NumpyOps``
with BLIS: spaCy's parser multiplies with it), the sums in spaCy's order, and the same
tie-breaking (the first best move). The entities are spaCy's (``tests/test_nlp.py``
compares them on every tuning article and both geoparsing corpora).

`install` puts it in a pipeline in place of spaCy's ``ner``, under the same name, only for
a model of that shape; a Doc with entities already set (spaCy's NER then keeps them) goes
to spaCy's own component.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: how many context tokens a state is read by (spaCy's NER: the token, the open entity's
#: first token, the token before); another number is another model: not stood in for
_FEATURES = 3


class GreedyNER:
    """The pipeline component that does what ``ner`` (spaCy's EntityRecognizer, greedy,
    three state features) does, scoring tokens outside entities all at once."""

    def __init__(self, ner) -> None:
        from thinc.api import NumpyOps

        self.ner = ner
        self.name = ner.name
        self.model = ner.model  # (spaCy's, as the pipe's own: its ops, its layers)
        tok2vec, lower, upper = ner.model.layers
        self._tok2vec, self._lower, self._upper = tok2vec, lower, upper
        self._blis = NumpyOps(use_blis=True)  # (the product spaCy's parser loop makes)
        names = [ner.moves.get_class_name(k) for k in range(ner.moves.n_moves)]
        self.labels = [n[2:] for n in names if n.startswith("B-")]
        self._begin, self._in, self._last, self._unit = (
            [names.index(f"{move}-{label}") for label in self.labels] for move in "BILU")
        self._out = names.index("O")
        self._unit_label = {move: k for k, move in enumerate(self._unit)}

    @classmethod
    def stands_for(cls, ner) -> bool:
        """Whether ``ner`` is a model this component decodes as spaCy would: greedy, three
        state features, an output layer, every move seen in training, and the moves
        B-, I-, L-, U- of its labels, "U-" and O."""
        model = getattr(ner, "model", None)
        try:
            _, lower, upper = model.layers
            names = [ner.moves.get_class_name(k) for k in range(ner.moves.n_moves)]
        except (AttributeError, TypeError, ValueError):
            return False
        labels = [n[2:] for n in names if n.startswith("B-")]
        expected = {f"{m}-{label}" for m in "BILU" for label in labels} | {"U-", "O"}
        return (ner.cfg.get("beam_width") == 1 and model.attrs.get("has_upper") is True
                and not model.attrs.get("unseen_classes")
                and lower.get_dim("nF") == _FEATURES and sorted(names) == sorted(expected)
                and len(names) == len(expected) and upper.get_param("W").shape[0] == len(names))

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs, *, batch_size: int = 256):
        """The Docs, in order, with their entities: in batches of ``batch_size``, each run
        shortest first in sub-batches of a quarter of it, as spaCy's NER runs them (the
        token vectors are made per sub-batch, as there)."""
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            batch = list(batch)
            for sub in minibatch(sorted(batch, key=len), size=max(batch_size // 4, 2)):
                self._annotate(list(sub))
            yield from batch

    def _annotate(self, docs: list) -> None:
        if any(doc.has_annotation("ENT_IOB") for doc in docs) or not any(map(len, docs)):
            # (entities set before: spaCy's BILUO rules keep them; nothing to read)
            self.ner.set_annotations(docs, self.ner.predict(docs))
            return
        from spacy.tokens import Span

        # (1 + tokens) x 3 features x units x pieces; row 0: the padding, read for a
        # feature with no token
        hidden = self._lower.predict(self._tok2vec.predict(docs))
        start = 1
        for doc in docs:
            n = len(doc)
            found = self._entities(doc, hidden[start:start + n], hidden[0]) if n else []
            start += n
            doc.set_ents([Span(doc, a, b, label=self.labels[k]) for a, b, k in found],
                         default="outside")

    def _scores(self, units):
        """The moves' scores of hidden units ``units`` (states x units x pieces), summed
        as spaCy sums them: maxout, the output layer, its bias."""
        scores = self._blis.gemm(units.max(axis=2), self._upper.get_param("W"), trans2=True)
        scores += self._upper.get_param("b")
        return scores

    def _entities(self, doc: Doc, rows, padding) -> list[tuple[int, int, int]]:
        """(start, end, label number) of each entity of ``doc``, whose tokens' precomputed
        hidden units are ``rows`` (tokens x 3 features x units x pieces)."""
        import numpy as np
        from spacy.attrs import IS_SPACE, SENT_START

        n = len(doc)
        bias = self._lower.get_param("b")
        # no entity open: the features are the token and twice the padding (spaCy adds
        # them to zero in this order, then the bias)
        closed = self._scores(((rows[:, 0] + padding[1]) + padding[2]) + bias)
        arr = doc.to_array([SENT_START, IS_SPACE])
        space = arr[:, 1].astype(bool)
        before_start = np.zeros(n, dtype=bool)  # the next token starts a sentence
        before_start[:-1] = arr[1:, 0] == 1
        # the moves allowed with no entity open: O; U- of a label on a word; B- too when
        # the entity can go on (a word with a next token in its sentence)
        allowed = np.zeros(closed.shape, dtype=bool)
        allowed[:, self._out] = True
        allowed[:, self._unit] = ~space[:, None]
        can_begin = ~space & ~before_start
        can_begin[-1] = False
        allowed[:, self._begin] = can_begin[:, None]
        move = np.where(allowed, closed, -np.inf).argmax(axis=1)  # (the first best)
        found: list[tuple[int, int, int]] = []
        at = 0  # the next token to read
        for i in np.flatnonzero(move != self._out).tolist():
            if i < at:
                continue  # (inside an entity read below)
            label = self._unit_label.get(int(move[i]))
            if label is not None:
                found.append((i, i + 1, label))
                at = i + 1
                continue
            label = self._begin.index(int(move[i]))
            at = self._entity_end(rows, bias, i, label, before_start)
            found.append((i, at, label))
        return found

    def _entity_end(self, rows, bias, first: int, label: int, before_start) -> int:
        """Where the entity of ``label`` begun at token ``first`` ends: step by step, I-
        while its score is not below L-'s (I- comes first among the moves) and the entity
        may go on, else L-."""
        n = len(rows)
        i = first + 1
        go_on, stop = self._in[label], self._last[label]
        while True:
            # the features: the token, the entity's first token, the token before
            units = ((rows[i, 0] + rows[first, 1]) + rows[i - 1, 2]) + bias
            scores = self._scores(units[None])[0]
            if i < n - 1 and not before_start[i] and scores[go_on] >= scores[stop]:
                i += 1
                continue
            return i + 1


def install(nlp: Language) -> None:
    """Put `GreedyNER` in ``nlp`` in place of spaCy's ``ner``, when the model is one it
    stands for (else the pipeline is left as it is)."""
    from spacy.pipeline import EntityRecognizer

    from geoincidents import memo_pipes

    if "ner" not in nlp.pipe_names:
        return
    ner = nlp.get_pipe("ner")
    if type(ner) is EntityRecognizer and GreedyNER.stands_for(ner):
        memo_pipes.replace(nlp, "ner", GreedyNER(ner))
