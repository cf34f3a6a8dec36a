"""gated_matcher.GatedMatcher: the keys that can match in a text run in one matcher
holding just them (remembered per set of keys), with the same matches in the same order
as spaCy's DependencyMatcher holding every key.

Sentences are written for these tests."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")
from geoincidents import nlp  # noqa: E402
from geoincidents.extract.depmatch import RULES_DIR, RuleFile  # noqa: E402

SENTENCES = [
    "The militia claimed responsibility for the rocket attack on the base.",
    "No rockets were launched from the village, the army said.",
    "Officials blamed the group for the bombing, which it denied.",
    "Washington accused Iran of arming the fighters who attacked the convoy.",
    "The rebels plan to strike the airport next week, a spokesman warned.",
    "A little-known group said in a statement that its men had planted the device.",
    "Two soldiers were killed.",
    "Nobody claimed the attack. The army blamed militants for it.",  # two trees
]


@pytest.fixture(scope="module", params=["modality.jsonl", "stance.jsonl"])
def gated(request):
    return RuleFile(RULES_DIR / request.param)._matcher


@pytest.mark.parametrize("text", SENTENCES)
def test_same_matches_as_all_keys(gated, text):
    doc = nlp.parse(text)
    assert gated(doc) == gated.matcher(doc)
    assert gated(doc) == gated.matcher(doc)  # from the remembered matcher too


def test_one_matcher_per_set_of_keys(gated):
    docs = [nlp.parse(t) for t in SENTENCES[:7]]
    for doc in docs + docs:
        gated(doc)
    info = gated._of_keys.cache_info()
    assert info.currsize <= len(docs) and info.hits >= info.misses


@pytest.mark.parametrize("text", SENTENCES)
def test_gated_keys_are_those_whose_needs_are_met(gated, text):
    """The vectorised gate gives the keys each of whose nodes' words is in the text."""
    doc = nlp.parse(text)
    arr = doc.to_array(gated._columns) if gated._columns else None
    present = [set(arr[:, k].tolist()) for k in range(len(gated._columns))]
    expected = tuple(key for key, needs in gated.gates.items()
                     if all(present[col] & words for col, words in needs))
    assert gated._gated_keys(arr) == expected
    assert expected  # (the sentences are chosen so that some key passes)
