"""The NLP model is the pinned one, byte for byte, and loads offline."""
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
