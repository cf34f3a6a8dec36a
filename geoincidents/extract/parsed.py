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
                "responsibility", "suspect", "point", "no_part")


@lru_cache(maxsize=1)
def _cues() -> re.Pattern:
    from geoincidents.extract import actors

    words = set().union(*(actors.rules().words(n) for n in _STANCE_SETS))
    # a lemma's inflections share its first letters ("deny", "denied"; "blame", "blamed")
    stems = sorted({w[:-1] if len(w) > 4 and w[-1] in "ey" else w for w in words},
                   key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")", re.I)


def wanted(text: str, etype: str | None) -> bool:
    """Whether a sentence is parsed: it names an event (its modality, and who did it),
    has a stance word, or counts munitions told before ("the other five came down")."""
    from geoincidents.extract.count_parse import MAY_REFER

    return etype is not None or _cues().search(text) is not None or \
        MAY_REFER.search(text) is not None


def parse(texts: list[str], article: Doc | None = None,
          offsets: list[int] | None = None) -> list[Span]:
    """Each text (a sentence of the article, starting at character ``offsets[k]``)
    parsed, as one span (the sentence as the article's splitter cut it); its entities
    are those of the NER's pass over the whole ``article`` (`nlp.entities`), so the NER
    runs once per article.  Without an article, each text is one (its own entities)."""
    if article is None:
        return [doc[:] for doc in nlp.parse_many(texts, batch_size=64)]
    # (batches of 64 sentences: a third less time than spaCy's default of 16, measured)
    docs = nlp.parse_many(texts, batch_size=64, entities=False)
    return [nlp.with_entities(doc, article, at)[:] for doc, at in zip(docs, offsets)]


def token_at(span: Span, start: int, end: int) -> Token | None:
    """The head token of the words at characters ``start:end`` of the span's text."""
    words = span.char_span(start, end, alignment_mode="expand")
    return words.root if words is not None and len(words) else None
