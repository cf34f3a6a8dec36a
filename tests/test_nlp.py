"""The NLP model is the pinned one, byte for byte, and loads offline."""
from pathlib import Path

import pytest

from geoincidents import nlp


def test_model_files_match_pinned_sha256():
    assert nlp.verify() == {}


def test_model_version_is_pinned_in_setup_cfg():
    from pathlib import Path

    cfg = (Path(__file__).parent.parent / "setup.cfg").read_text()
    assert f"{nlp.MODEL_DISTRIBUTION}=={nlp.MODEL_VERSION}" in cfg


def test_pipeline_gives_entities_and_parses():
    doc = nlp.parse("Five rockets hit Bagram Airfield in Afghanistan on Tuesday.")
    labels = {(ent.text, ent.label_) for ent in doc.ents}
    assert ("Afghanistan", "GPE") in labels
    assert any(tok.dep_ == "nsubj" for tok in doc)
    assert len(list(doc.sents)) == 1


def test_long_text_is_parsed_in_pieces_with_offsets_kept():
    text = ("Rockets hit the base near Kabul. " * 4000).strip()
    doc = nlp.parse(text)
    assert doc.text == text
    kabul = [ent for ent in doc.ents if ent.text == "Kabul"]
    assert len(kabul) > 3000
    assert all(text[e.start_char:e.end_char] == "Kabul" for e in kabul)


def test_no_sentence_break_inside_a_name():
    """The parser alone ends a sentence after "Kata'ib"; a break needs end punctuation
    or a line break, and a blank line always ends one."""
    from geoincidents import nlp

    doc = nlp.parse("US jets bombed Kata'ib Hezbollah depots on Sunday. Kata'ib Hezbollah "
                    "denied any role.\n\nHeadline without a stop\n\nA paragraph "
                    "wrapped\nat the margin.")
    assert [s.text.strip() for s in doc.sents] == [
        "US jets bombed Kata'ib Hezbollah depots on Sunday.",
        "Kata'ib Hezbollah denied any role.", "Headline without a stop",
        "A paragraph wrapped\nat the margin."]


def _boundaries_token_by_token(doc):
    """The sentence-boundary rule of `nlp._no_break_inside`, one token at a time."""
    from geoincidents.nlp import SENTENCE_END

    toks = list(doc)
    for i in range(1, len(toks)):
        if toks[i].is_space:
            continue
        prev = toks[i - 1].text
        gap = prev if toks[i - 1].is_space else toks[i - 1].whitespace_
        if gap.count("\n") >= 2:
            toks[i].is_sent_start = True
        elif "\n" not in gap and prev[-1] not in SENTENCE_END:
            toks[i].is_sent_start = False
    return doc


@pytest.mark.parametrize("text", [
    "", "a", "\n\n", "Hello.\n\n\nWorld", "x\n\ny \n z", "  lead", "a.\n\n",
    "Kata'ib\nHezbollah denied\n\n\n\nit", "He said: \"Go.\" Then (they) left!\n \nOK",
    "Two rockets fell.  Three more\t fell\n\n \n\nin Baghdad; none hurt", "…and so\r\n\r\nit",
])
def test_sentence_boundaries_from_arrays_are_those_of_the_token_rule(text):
    from geoincidents import nlp

    make = nlp.pipeline().make_doc
    expected = [t.is_sent_start for t in _boundaries_token_by_token(make(text))]
    assert [t.is_sent_start for t in nlp._no_break_inside(make(text))] == expected


def test_sentence_boundaries_of_the_sample_articles_are_those_of_the_token_rule():
    from geoincidents import nlp

    make = nlp.pipeline().make_doc
    folder = Path(__file__).resolve().parents[1] / "geodata" / "samples" / "articles"
    for f in sorted(folder.iterdir()):
        text = f.read_text(encoding="utf-8", errors="replace")
        expected = [t.is_sent_start for t in _boundaries_token_by_token(make(text))]
        assert [t.is_sent_start for t in nlp._no_break_inside(make(text))] == expected, f


def test_entities_of_many_articles_stream_in_order_with_long_ones_in_pieces():
    short = "Rockets hit Kabul on Monday. Officials in Baghdad said so."
    long = ("Rockets hit the base near Kabul. " * 4000).strip()  # > CHUNK_CHARS
    items = [(short, "a"), ("", "b"), (long, "c"), (short, "d")]
    got = list(nlp.entities_many(items, batch_size=2))
    assert [c for _, c in got] == ["a", "b", "c", "d"]
    assert [d.text for d, _ in got] == [t for t, _ in items]
    for (doc, _), (text, _) in zip(got, items):
        alone = nlp.entities(text)
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == \
            [(e.start_char, e.end_char, e.label_) for e in alone.ents]


def test_a_sentence_parsed_without_the_ner_takes_the_articles_entities():
    article = "Officials said so.\nFive rockets hit Bagram Airfield in Afghanistan."
    ner = nlp.entities(article)
    at = article.index("Five")
    (doc,) = nlp.parse_many([article[at:]], entities=False)
    assert not doc.has_annotation("ENT_IOB")
    nlp.with_entities(doc, ner, at)
    assert {(e.text, e.label_) for e in doc.ents} == \
        {(e.text, e.label_) for e in ner.ents if e.start_char >= at}
    assert any(t.dep_ == "nsubj" for t in doc)


def test_an_article_goes_through_the_ner_once(monkeypatch):
    """The place finder and the parsed sentences share one NER pass per article."""
    from geoincidents.extract import extract_records
    from geoincidents.gazetteer import Gazetteer

    calls, parses = [], []
    real, real_parse = nlp.entities, nlp.parse_many

    def parse_many(texts, batch_size=16, *, entities=True):
        parses.append(entities)
        return real_parse(texts, batch_size, entities=entities)

    monkeypatch.setattr(nlp, "entities", lambda text: calls.append(text) or real(text))
    monkeypatch.setattr(nlp, "parse_many", parse_many)
    text = ("Published: 2021-03-04\n\nTwo rockets hit Springfield on Tuesday, police said. "
            "A militia claimed responsibility for the attack on Kirkuk.")
    rows, *_ = extract_records(text, gazetteer=Gazetteer.load())
    assert rows and len(calls) == 1  # the whole article, once
    assert parses and not any(parses)  # the sentences are parsed without the NER
