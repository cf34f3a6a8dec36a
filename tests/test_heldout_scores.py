"""scripts/heldout_scores.py: its table and its floor raising (only up, 0.1 under, rounded down)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import heldout_scores  # noqa: E402

GOT = {"n_gold": 10, "precision": 0.934, "recall": 0.80, "event_type": 1.0, "date": None,
       "place": 0.5, "role": 0.9, "counts": 0.95, "casualties": 0.7, "actors": 0.61,
       "actP": None, "missing": []}


def test_the_table_has_a_row_per_set_with_a_dash_for_no_value():
    text = heldout_scores.table({"heldoutX": GOT})
    row = text.splitlines()[2]
    assert row.startswith("| heldoutX | 10 | 0.93 | 0.80 | 1.00 | - | 0.50 |")


def test_floors_are_raised_to_a_tenth_under_the_score_and_never_lowered(tmp_path):
    test_file = tmp_path / "test_heldout.py"
    test_file.write_text('FLOORS = {\n    "heldoutX": (10, {"precision": 0.5, "recall": 0.75,\n'
                         '                      "place": 0.45, "actors": 0.51}),\n'
                         '    "heldoutY": (3, {"precision": 0.5}),\n}\n', encoding="utf-8")
    changed = heldout_scores.raise_floors({"heldoutX": GOT}, test_file)
    text = test_file.read_text(encoding="utf-8")
    assert '"precision": 0.83' in text       # 0.934 - 0.1 = 0.834, rounded down
    assert '"recall": 0.75' in text           # 0.80 - 0.1 = 0.70 < 0.75: kept
    assert '"place": 0.45' in text            # 0.40 < 0.45: kept
    assert '"actors": 0.51' in text           # 0.61 - 0.1 = 0.51 exactly: no change
    assert '"heldoutY": (3, {"precision": 0.5})' in text
    assert changed == ["heldoutX precision 0.5 -> 0.83"]
