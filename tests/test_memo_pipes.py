"""The attribute ruler and lemmatizer answered from memory (`memo_pipes`) give spaCy's own
components' matches and annotations, token for token."""
from pathlib import Path

import pytest

from geoincidents import memo_pipes, nlp

SAMPLES = Path(__file__).resolve().parents[1] / "geodata" / "samples"
#: tuning articles only (never the blind sets)
FOLDERS = ("articles", "heldout/articles", "heldout2/articles", "heldout9/articles")

#: the model's longer and rarer patterns (two-token contractions, "there is", pronouns by
#: their dependency, words cut short), and spaces of every kind
CRAFTED = [
    "I ain't gonna say y'all gotta leave, let's go and c'mon, we're doin' nothin'.",
    "There is a base. There were two rockets, and there's more. Was it there? It was.",
    "I saw you and you saw me; it hit it. They gave it to you and to I.",
    "He had had enough. She did do it, did she not? They'd gone. 'em all, ol' 'nuff.",
    "Ya'll ca n't, wo n't and sha n't \n\n  \t Gets got  gotten. Y' all said it.",
    "The group, which claimed it, said that the one whose men fired would pay.",
    "   ", "\n", "", "a",
]


def _texts() -> list[str]:
    out = list(CRAFTED)
    for folder in FOLDERS:
        for f in sorted((SAMPLES / folder).iterdir()):
            text = f.read_text(encoding="utf-8", errors="replace")
            out += [p for p in text.split("\n\n") if p.strip()]
    return out


def _annotations(doc):
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    return doc.to_array([POS, TAG, MORPH, LEMMA, DEP]).tolist()


@pytest.fixture(scope="module")
def parsed_docs():
    """Docs through the tagger and parser (the attribute ruler's input), and the texts."""
    pipe = nlp.pipeline()
    texts = _texts()
    skip = ["attribute_ruler", "lemmatizer", "ner"]
    return list(nlp._one_thread_each(pipe.pipe(texts, disable=skip)))


def test_the_pipeline_holds_the_memo_components_under_spacys_names():
    pipe = nlp.pipeline()
    assert isinstance(pipe.get_pipe("attribute_ruler"), memo_pipes.MemoAttributeRuler)
    assert isinstance(pipe.get_pipe("lemmatizer"), memo_pipes.MemoLemmatizer)
    assert pipe.pipe_names == ["tok2vec", "tagger", "geoincidents_no_break_inside",
                               "parser", "attribute_ruler", "lemmatizer", "ner"]


def test_the_model_has_one_token_and_longer_patterns():
    """(So that both halves of `MemoAttributeRuler` are tested.)"""
    ruler = nlp.pipeline().get_pipe("attribute_ruler")
    assert len(ruler.single) > 150 and 0 < len(ruler.rest) < 20
    assert not ruler.always_rest


def test_same_matches_and_annotations_as_spacys_components(parsed_docs):
    ruler = nlp.pipeline().get_pipe("attribute_ruler")
    lemmatizer = nlp.pipeline().get_pipe("lemmatizer")
    longer = 0
    for doc in parsed_docs * 2:  # (the second time from memory)
        ours, theirs = doc.copy(), doc.copy()
        matches = ruler.match(ours)
        assert matches == ruler.ruler.match(theirs), doc.text
        longer += sum(e - s > 1 for _, _, s, e in matches)
        ruler(ours)
        ruler.ruler(theirs)
        assert _annotations(ours) == _annotations(theirs), doc.text
        lemmatizer(ours)
        lemmatizer.lemmatizer(theirs)
        assert _annotations(ours) == _annotations(theirs), doc.text
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
    assert longer > 0


def test_same_annotations_when_the_memories_are_emptied_as_they_fill(parsed_docs,
                                                                     monkeypatch):
    pipe = nlp.pipeline()
    ruler = memo_pipes.MemoAttributeRuler(pipe.get_pipe("attribute_ruler").ruler)
    lemmatizer = memo_pipes.MemoLemmatizer(pipe.get_pipe("lemmatizer").lemmatizer)
    monkeypatch.setattr(memo_pipes, "MEMO_LIMIT", 25)
    for doc in parsed_docs:
        ours, theirs = doc.copy(), doc.copy()
        lemmatizer(ruler(ours))
        lemmatizer.lemmatizer(ruler.ruler(theirs))
        assert _annotations(ours) == _annotations(theirs), doc.text
        assert len(ruler.memo) <= 26 + len(doc) and len(lemmatizer.memo) <= 26 + len(doc)


def test_a_component_of_another_kind_is_left_in_place():
    import spacy

    plain = spacy.blank("en")
    plain.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": True})
    plain.add_pipe("sentencizer")
    memo_pipes.install(plain)
    assert not isinstance(plain.get_pipe("lemmatizer"), memo_pipes.MemoLemmatizer)
    assert plain.pipe_names == ["lemmatizer", "sentencizer"]


def test_a_doc_of_the_new_kinds_of_token_has_their_values_of_every_attribute():
    """`MemoAttributeRuler._learn` asks the Matcher on a Doc made of one token of each new
    kind (its text, the rest set by arrays): every attribute a pattern may read comes
    back as it was in the article's Doc (IDX, where it starts, does not, and patterns
    may not read it)."""
    import numpy as np
    import spacy
    from spacy.attrs import IDS
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

    doc = nlp.pipeline()("The Kata'ib Hezbollah said on Monday it was not there.\n\nOK.")
    probe = Doc(doc.vocab, words=[t.text for t in doc], spaces=[False] * len(doc))
    for name, attr in IDS.items():
        try:
            values = doc.to_array([attr])
        except (ValueError, KeyError, TypeError):
            continue
        probe.from_array([attr], values)
        if name == "IDX":
            with pytest.raises(MatchPatternError):
                Matcher(doc.vocab).add("k", [[{"IDX": 0}]])
        else:
            assert np.array_equal(probe.to_array([attr]), values), name


def test_a_ruler_reading_one_attribute_and_one_spacy_has_no_id_for():
    """A one-token pattern on an attribute the names of spaCy's ids lack runs with the
    longer patterns, on every Doc (the memory then holds the tokens' texts alone)."""
    import spacy

    plain = spacy.blank("en")
    plain.add_pipe("sentencizer")
    ruler = plain.add_pipe("attribute_ruler")
    ruler.add([[{"IS_SENT_START": True}]], {"TAG": "START"})
    ruler.add([[{"LOWER": "the"}, {"LOWER": "end"}]], {"LEMMA": "end"}, index=1)
    memo = memo_pipes.MemoAttributeRuler(ruler)
    assert memo.always_rest and not len(memo.single)
    for doc in [plain(t) for t in ("The cat saw the dog. The end.", "Then the other.")] * 2:
        assert memo.match(doc) == ruler.match(doc), doc.text
    assert [t.tag_ for t in memo(doc)][:2] == ["START", ""]
    assert [t.lemma_ for t in memo(plain("The end"))] == ["", "end"]
