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


def test_the_sentences_of_an_article_take_the_entities_inside_each():
    """`with_entities_many` reads the article's entities once: each sentence (and a piece
    that cuts an entity in two) gets those wholly inside it, as one by one."""
    from geoincidents.extract.text import split_sentences

    folder = Path(__file__).resolve().parents[1] / "geodata" / "samples" / "articles"
    article = (folder / sorted(p.name for p in folder.iterdir())[0]).read_text(
        encoding="utf-8", errors="replace")
    ner = nlp.entities(article)
    pieces = [(s.start, s.text) for s in split_sentences(article)]
    cut = ner.ents[2]  # a piece that starts inside an entity: it has not that one
    pieces.append((cut.start_char + 1, article[cut.start_char + 1:cut.end_char + 40]))
    docs = nlp.parse_many([text for _, text in pieces], entities=False)
    got = list(nlp.with_entities_many(docs, ner, [at for at, _ in pieces]))
    assert len(got) == len(pieces) and sum(len(d.ents) for d in got) >= 10
    for doc, (at, text) in zip(got, pieces):
        assert [(e.start_char + at, e.end_char + at, e.label_) for e in doc.ents] == \
            [(e.start_char, e.end_char, e.label_) for e in ner.ents
             if e.start_char >= at and e.end_char <= at + len(text)]


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


_GATE_PATTERNS = {
    # a word node (LEMMA IN) and a dependency node
    "claim": [[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["claim", "admit"]}}},
               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "who",
                "RIGHT_ATTRS": {"DEP": "nsubj"}}]],
    # one word (LOWER), nodes with no word
    "fired": [[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": "fired"}},
               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {}}]],
    # no word at all: never skipped
    "any_subject": [[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
                     {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "who",
                      "RIGHT_ATTRS": {"DEP": {"IN": ["nsubj", "nsubjpass"]}}}]],
    # two words in one rule: both must be there
    "deny_role": [[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "deny"}},
                   {"LEFT_ID": "verb", "REL_OP": ">>", "RIGHT_ID": "what",
                    "RIGHT_ATTRS": {"ORTH": {"IN": ["role", "part"]}}}]],
}

_GATE_TEXTS = [
    "The militia claimed the attack and fired six rockets at the base.",
    "Nobody admitted anything. The group denied any role in it.",  # two trees
    "Officials said two drones struck a depot near the border on Monday.",
    "Heavy rain fell.",
    "",
]


def test_gated_dependency_matcher_gives_spacys_matches_in_spacys_order():
    gated = nlp.dependency_matcher(_GATE_PATTERNS)
    docs = list(nlp.parse_many(_GATE_TEXTS))
    docs += [s.as_doc() for d in docs for s in d.sents]  # one tree each
    spans = [s for d in docs for s in d.sents] + [d[1:] for d in docs if len(d) > 2]
    found = 0
    for item in docs + spans:
        assert gated(item) == gated.matcher(item), item.text
        found += len(gated(item))
    assert found > 0
    assert {nlp.pipeline().vocab.strings[k] for d in docs for k, _ in gated(d)} == \
        set(_GATE_PATTERNS)


def test_gated_dependency_matcher_skips_keys_whose_words_are_absent():
    gated = nlp.dependency_matcher(_GATE_PATTERNS)
    assert dict(gated.gates)["any_subject"] == ()
    assert len(gated.gates["deny_role"]) == 2
    (doc,) = nlp.parse_many(["Heavy rain fell on the town."])
    ran = []
    real = gated._of_keys
    gated._of_keys = lambda keys: ran.append(keys) or real(keys)
    assert gated(doc) == gated.matcher(doc)
    assert ran == [("any_subject",)]  # no claim/fired/deny words: only the wordless key ran


def test_the_pipeline_is_a_plain_spacy_load_with_its_own_tokenizer_and_matrix_ops():
    """`pipeline` skips building spaCy's default English tokenizer that loading replaces,
    and its models multiply matrices with numpy's BLAS instead of blis: the tokenizer and
    the tags, parses, lemmas and entities are those of a plain `spacy.load` (blis)."""
    import spacy

    ours = nlp.pipeline()
    plain = spacy.load(nlp.model_dir(), exclude=list(nlp.EXCLUDED))
    plain.add_pipe("geoincidents_no_break_inside", before="parser")
    assert not ours.get_pipe("ner").model.ops.use_blis
    assert not ours.get_pipe("tok2vec").model.ops.use_blis
    assert plain.get_pipe("tok2vec").model.ops.use_blis  # (the comparison is with blis)
    assert ours.tokenizer.to_bytes(exclude=["vocab"]) == \
        plain.tokenizer.to_bytes(exclude=["vocab"])  # (the strings seen so far differ)
    samples = Path(__file__).resolve().parents[1] / "geodata" / "samples"
    texts = [f.read_text(encoding="utf-8", errors="replace")
             for folder in (samples / "articles", samples / "heldout" / "articles")
             for f in sorted(folder.iterdir())]
    texts.append("Don't they've U.S.-led e-mail http://x.org/a?b=1 :-) 5km Mr. O'Neil's")

    def annotations(doc):
        return [(t.text, t.whitespace_, t.lemma_, t.tag_, t.pos_, str(t.morph), t.dep_,
                 t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in doc]

    for a, b in zip(ours.pipe(texts), plain.pipe(texts)):
        assert annotations(a) == annotations(b)


def test_the_command_line_runs_blas_on_one_thread_unless_told_otherwise():
    import os
    import subprocess
    import sys

    code = "import geoincidents.cli, os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    root = Path(__file__).resolve().parents[1]
    for given, expected in ((None, "1"), ("3", "3")):
        got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=root, check=True,
                             env=env if given is None else {**env, "OPENBLAS_NUM_THREADS": given})
        assert got.stdout.strip() == expected


_PROBE = r"""
import json
from spacy.language import Language
from threadpoolctl import threadpool_info, threadpool_limits
from geoincidents import nlp

seen = []

@Language.component("blas_probe")
def probe(doc):
    seen.append(max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"))
    return doc

pipe = nlp.pipeline()
pipe.add_pipe("blas_probe", first=True)
threadpool_limits(2, user_api="blas")  # the program's own choice
nlp.parse("Rockets hit the base on Monday.")
nlp.parse("word " * (nlp.CHUNK_CHARS // 4))  # in pieces
list(nlp.parse_many(["One rocket hit Kabul.", "Two drones hit Erbil."]))
list(nlp.entities_many([("Shells fell on Kharkiv.", 1), ("", 2)]))
after = max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
print(json.dumps({"seen": seen, "after": after}))
"""


def test_the_models_run_blas_on_one_thread_and_leave_the_programs_setting_alone():
    """A program calling the API without OPENBLAS_NUM_THREADS set: every pipeline call
    runs on one BLAS thread (three times less CPU here, README), and the program's own
    thread count is back afterwards."""
    import json
    import os
    import subprocess
    import sys

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: OpenBLAS runs on one thread anyway")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    got = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], check=True, env=env)
    result = json.loads(got.stdout.strip().splitlines()[-1])
    assert len(result["seen"]) >= 6 and set(result["seen"]) == {1}
    assert result["after"] == 2


def test_the_ner_alone_gives_the_tokens_sentence_starts_and_entities_of_the_whole():
    """`places` loads the NER alone (`entities_only`, `entity_pipeline`): the same
    tokens, sentence starts and entities as `entities` with the whole pipeline."""
    whole = nlp.pipeline()
    alone = nlp._load(nlp.EXCLUDED + nlp._NOT_FOR_ENTITIES)  # (what `_ner_pipeline` loads)
    assert alone.pipe_names == ["geoincidents_no_break_inside", "ner"]
    assert alone.tokenizer.to_bytes(exclude=["vocab"]) == \
        whole.tokenizer.to_bytes(exclude=["vocab"])
    samples = Path(__file__).resolve().parents[1] / "geodata" / "samples"
    texts = [f.read_text(encoding="utf-8", errors="replace")
             for folder in (samples / "articles", samples / "heldout" / "articles",
                            samples / "heldout13" / "articles")
             for f in sorted(folder.iterdir())]
    texts += ["", "Kata'ib\nHezbollah denied it.\n\nRockets hit Camp Taji.",
              ("Rockets hit the base near Kabul. " * 4000).strip()]  # (in pieces)

    def annotations(doc):
        return [(t.idx, t.text, t.whitespace_, t.ent_iob_, t.ent_type_, t.is_sent_start)
                for t in doc]

    found = 0
    for text in texts:
        a = nlp._run(text, [], alone)
        b = nlp._run(text, nlp._entities_only(whole), whole)
        assert annotations(a) == annotations(b), text[:60]
        found += len(a.ents)
    assert found > 100


def test_places_loads_the_ner_alone_and_extract_the_whole_pipeline(tmp_path):
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    # (a name the curated gazetteer does not know: the NER runs)
    article.write_text("Two rockets struck Camp Taji on Tuesday, wounding a soldier. "
                       "Another rocket fell in Springfield.\n", encoding="utf-8")
    code = ("import runpy, sys; sys.argv = ['geoincidents', '-q', sys.argv[2], sys.argv[1]]\n"
            "try:\n    runpy.run_module('geoincidents', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "from geoincidents import nlp\n"
            "print(nlp._ner_pipeline.cache_info().currsize, nlp.pipeline.cache_info().currsize,"
            " file=sys.stderr)")
    loaded = {}
    for command, expected in (("places", "Camp Taji"), ("extract", "rocket_attack")):
        proc = subprocess.run([sys.executable, "-c", code, str(article), command],
                              capture_output=True, text=True, timeout=300,
                              cwd=Path(__file__).resolve().parents[1])
        assert expected in proc.stdout, proc.stderr
        loaded[command] = proc.stderr.strip().splitlines()[-1]
    assert loaded["places"] == "1 0"  # the NER alone, not the whole pipeline
    assert loaded["extract"] == "0 1"


def test_entities_only_runs_the_ner_alone_within_and_the_whole_pipeline_after():
    text = "Two rockets struck Camp Taji north of Baghdad on Tuesday."
    whole = nlp.entities(text)
    with nlp.entities_only():
        # (the whole pipeline is loaded in this process: it serves)
        assert nlp.entity_pipeline() is nlp.pipeline()
        inside = nlp.entities(text)
    assert nlp.entity_pipeline() is nlp.pipeline()
    assert [(e.start_char, e.end_char, e.label_) for e in inside.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in whole.ents]
