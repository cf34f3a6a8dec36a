"""The DEV cross-validation tools of the geoparser's ranker (scripts/cv_geoparse_*.py),
on made-up candidates: no corpus is read."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

cv = pytest.importorskip("cv_geoparse_ranker")
sweep = pytest.importorskip("cv_geoparse_sweep")


def test_smooth_fit_turns_a_close_call():
    # the right candidate has feature a, the wrong one b; b starts heavier
    groups = [([{"a": 1.0}, {"b": 1.0}], [True, False], 0) for _ in range(5)]
    cv.FIXED_W.clear()
    theta = cv.smooth_fit(groups, ["a", "b"], np.array([0.4, 0.5]), l2=0.1, n_corpora=1)
    assert theta[0] > theta[1]


def test_smooth_fit_keeps_the_start_without_reason_to_move():
    # already right by a wide margin: the penalty keeps the weights where they are
    groups = [([{"a": 1.0}, {"b": 1.0}], [True, False], 0)]
    cv.FIXED_W.clear()
    theta = cv.smooth_fit(groups, ["a", "b"], np.array([3.0, 0.0]), l2=1.0, n_corpora=1)
    assert theta == pytest.approx([3.0, 0.0], abs=1e-3)


def test_restacked_ranks_by_the_weights_and_needs_a_positive_score():
    rows = [[([{"a": 1.0}, {"b": 1.0}], np.zeros(2), np.array([False, True]))],
            [([], np.zeros(0), np.zeros(0, bool))]]  # a toponym with no candidate
    assert cv.restacked({"a": 1.0, "b": 0.5}, rows) == 0.0
    assert cv.restacked({"a": 0.5, "b": 1.0}, rows) == 0.5
    assert cv.restacked({"a": -2.0, "b": -1.0}, rows) == 0.0  # no place scores > 0


def test_sweep_acc_is_the_mean_of_corpora_over_chosen_articles():
    right = [np.array([1, 2]), np.array([3])]
    sizes = [np.array([2, 2]), np.array([4])]
    every = [np.ones(2, bool), np.ones(1, bool)]
    assert sweep.acc(right, sizes, every) == pytest.approx((3 / 4 + 3 / 4) / 2)
    first = [np.array([True, False]), np.ones(1, bool)]
    assert sweep.acc(right, sizes, first) == pytest.approx((1 / 2 + 3 / 4) / 2)
