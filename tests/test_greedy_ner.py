"""The NER decoded with tokens outside entities scored at once (`greedy_ner`) gives spaCy's
own NER's entities, token for token."""
from pathlib import Path

import pytest

from geoincidents import greedy_ner, nlp

SAMPLES = Path(__file__).resolve().parents[1] / "geodata" / "samples"
#: tuning articles only (never the blind sets)
FOLDERS = ("articles", "heldout/articles", "heldout13/articles", "heldout16/articles")

#: entities at the ends of texts, across blank lines and sentence ends, on spaces, a
#: one-token text and empty ones
CRAFTED = [
    "Barack Obama", "Paris", "a", "", "   ", "\n\n",
    "Rockets hit Erbil on Tuesday.\n\nKata'ib Hezbollah denied it.",
    "The U.S. Department of Defense said 3,000 troops of the 82nd Airborne Division went to "
    "Kuwait City and Camp Arifjan.",
    "New York\n\nTimes Square was hit. Five people died in  \t Baghdad , Iraq ; Mosul",
    "He flew from Tel Aviv to Washington D.C. on 4 July 2024 at 10:30 am for $5 million",
]


def _texts() -> list[str]:
    out = list(CRAFTED)
    for folder in FOLDERS:
        out += [f.read_text(encoding="utf-8", errors="replace")
                for f in sorted((SAMPLES / folder).iterdir())]
    return out


def _entities(docs):
    from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE

    return [doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]).tolist() for doc in docs]


@pytest.fixture(scope="module")
def ready():
    """Docs as the NER receives them in the entities pass (tokenizer, sentence rule)."""
    pipe = nlp.pipeline()
    rule = pipe.get_pipe("geoincidents_no_break_inside")
    return lambda: [rule(pipe.make_doc(t)) for t in _texts()]


def test_the_pipeline_holds_it_under_spacys_name():
    from spacy.pipeline import EntityRecognizer

    ours = nlp.pipeline().get_pipe("ner")
    assert isinstance(ours, greedy_ner.GreedyNER)
    assert type(ours.ner) is EntityRecognizer and greedy_ner.GreedyNER.stands_for(ours.ner)
    assert ours.labels == [n[2:] for n in ours.ner.move_names if n.startswith("B-")]
    assert len(ours.labels) == 18 and ours.model is ours.ner.model


@pytest.mark.parametrize("batch_size", [8, 1, 64])  # (sub-batches of 2, 1, 16)
def test_the_entities_are_spacys_in_a_stream(ready, batch_size):
    ours = nlp.pipeline().get_pipe("ner")
    with nlp._one_blas_thread():
        theirs = _entities(ours.ner.pipe(ready(), batch_size=batch_size))
        got = _entities(ours.pipe(ready(), batch_size=batch_size))
    assert got == theirs
    assert sum(row[0] == 3 for doc in got for row in doc) > 1000  # (entities were found)


def test_the_entities_are_spacys_one_doc_at_a_time_and_after_the_parser():
    """Through the whole pipeline, one text at a time: the parser's sentence starts are
    read by the BILUO rules (no entity across a sentence start)."""
    pipe = nlp.pipeline()
    ours = pipe.get_pipe("ner")
    texts = [p for t in _texts()[:40] for p in t.split("\n\n")][:150] + CRAFTED
    with nlp._one_blas_thread():
        docs = [pipe(t, disable=["ner"]) for t in texts]
        theirs = _entities(ours.ner(d.copy()) for d in docs)
        got = _entities(ours(d.copy()) for d in docs)
    assert got == theirs


def test_entities_set_before_are_left_to_spacy():
    """A Doc with entities set before the NER goes to spaCy's component, which keeps them."""
    pipe = nlp.pipeline()
    ours = pipe.get_pipe("ner")
    text = "Gunmen attacked a checkpoint in Kirkuk on Monday, police in Baghdad said."
    doc, twin = pipe.make_doc(text), pipe.make_doc(text)
    for d in (doc, twin):
        d.set_ents([d.char_span(0, 6, label="NORP")], default="unmodified")
    with nlp._one_blas_thread():
        assert _entities([ours(doc)]) == _entities([ours.ner(twin)])
    assert doc.ents[0].label_ == "NORP"


def test_install_leaves_a_pipeline_without_a_standard_ner_alone():
    import spacy

    blank = spacy.blank("en")
    greedy_ner.install(blank)  # (no ner)
    assert blank.pipe_names == []
    assert not greedy_ner.GreedyNER.stands_for(nlp.pipeline().get_pipe("parser"))
    assert not greedy_ner.GreedyNER.stands_for(object())
