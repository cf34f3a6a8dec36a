"""Counts and casualties of the kinds the heldout5/7/8 tuning sets got wrong (issue 18,
facts4 round), on 21 short articles in new words (tests/data/facts4_unseen/, written
before the rules changed): "nobody hurt" said in other words, tolls revised upward and
wounded victims who died later, munitions counted by a bare number or quantifier that
stands for those named before, victims told in phrasings the rules lacked, and seized
munitions. Each labelled incident must be found with every count and casualty right."""

from __future__ import annotations

import pytest

from tests.extracting import articles, labelled_rows, scored_sets

#: facts4_unseen2 was written after the changes (its first run: counts 5/5, casualties 4/9)
SETS = ("facts4_unseen", "facts4_unseen2")


@pytest.fixture(scope="module")
def scored(gazetteer):
    return scored_sets(gazetteer, SETS)


#: articles still wrong: an incident cut wrong (segmentation, no count or casualty rule's
#: doing), or a kind left
NOT_EXTRACTED = {
    # (not segmentation: a toll told in two sentences is the larger of the two, not the sum)
    "articles/p05_bunia_attack.txt": "'hacking nine residents to death' is not read, and 'A "
                                     "nurse ... was also killed' in the next sentence is "
                                     "not added to it",
}


@pytest.mark.parametrize("labels, name", articles(SETS, NOT_EXTRACTED))
def test_counts_and_casualties(scored, labels, name):
    for r in labelled_rows(scored[labels], name):
        wrong = r["wrong"] or ""
        assert "missed" not in wrong, r
        assert "counts" not in wrong and "casualties" not in wrong, r
