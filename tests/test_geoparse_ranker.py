"""The resolver's score as a linear ranker (`geoincidents.geoparse.ranker`)."""
from __future__ import annotations

import pytest

from geoincidents.geoparse import ranker


def _groups():
    # the right candidate is the populous one near the document's other places; a
    # populous far one and a near village are wrong
    return [
        ([{"pop": 3.0, "near": 1.0}, {"pop": 3.5, "near": 0.0}, {"pop": 0.5, "near": 1.0}],
         [True, False, False]),
        ([{"pop": 2.0, "near": 0.9}, {"pop": 4.0, "near": 0.1}], [True, False]),
        ([{"pop": 1.0, "near": 0.0}, {"pop": 2.5, "near": 0.0}], [False, True]),
        ([{"pop": 1.0, "near": 0.8}, {"pop": 1.2, "near": 0.0}, {"pop": 0.2, "near": 0.0}],
         [True, False, False]),
    ]


def test_fit_learns_which_evidence_ranks_right_first():
    theta = ranker.fit(_groups(), ["near", "pop"], [0.0, 0.0], l2=0.01)
    w = dict(zip(["near", "pop"], theta))
    assert w["near"] > 0 and w["pop"] > 0
    for feats, ok in _groups():
        scores = [ranker.score(w, f) for f in feats]
        assert ok[scores.index(max(scores))], (scores, ok)


def test_fit_stays_at_the_start_under_a_strong_penalty():
    theta = ranker.fit(_groups(), ["near", "pop"], [0.3, 0.2], l2=1e6)
    assert theta == pytest.approx([0.3, 0.2], abs=1e-3)


@pytest.mark.parametrize("groups, match", [
    ([], "was empty"),
    ([([{"pop": 1.0}], [True])], "both right and wrong"),
    ([([{"pop": 1.0}, {"pop": 2.0}], [True])], "as many flags"),
])
def test_fit_rejects_groups_it_cannot_learn_from(groups, match):
    with pytest.raises(ValueError, match=match):
        ranker.fit(groups, ["pop"], [0.0])


def test_nested_weight_names():
    w = {"kind": {"city": 0.0}, "capital": 0.6}
    ranker.set_weight(w, "kind.country", 1.5)
    assert ranker.weight(w, "kind.country") == 1.5 and ranker.weight(w, "capital") == 0.6
    assert ranker.score(w, {"kind.country": 1.0, "capital": 1.0}) == pytest.approx(2.1)


def test_resolver_scores_are_the_weights_dot_their_features():
    pytest.importorskip("geoincidents.worldgaz")
    from geoincidents.geoparse.resolve import Geoparser

    gp = Geoparser()
    text = "Flooding hit Alexandria, Virginia, and Springfield near Chicago, Illinois."
    for t in gp.parse(text):
        assert t.candidates, t.text
        for c in t.candidates:
            assert ranker.score(gp.weights, c.features) == pytest.approx(c.score, abs=1e-3)
