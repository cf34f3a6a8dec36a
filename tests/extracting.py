"""What the extraction tests share: the incidents an article text yields, by date; and for
the tests of a labelled folder of articles (tests/data/<set>/labels.json), one parameter per
article and the labelled incidents the evaluation scored in it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geoincidents.extract import extract_text

DATA = Path(__file__).parent / "data"


def rows(gazetteer, text: str, published) -> pd.DataFrame:
    """The incidents ``extract_text`` finds in ``text``, sorted by date, indexed from 0."""
    inc = extract_text(text, gazetteer=gazetteer, published=published).incidents
    return inc.sort_values("date").reset_index(drop=True)


def articles(sets, still_wrong: dict[str, str]) -> list:
    """``(set, file)`` of every article labelled in ``sets``; an article in ``still_wrong``
    is a strict xfail with its reason."""
    return [pytest.param(s, f, marks=pytest.mark.xfail(reason=still_wrong[f], strict=True))
            if f in still_wrong else (s, f)
            for s in sets for f in (a["file"] for a in json.loads(
                (DATA / s / "labels.json").read_text())["articles"])]


def scored_sets(gazetteer, sets) -> dict:
    """Each set's `evaluate.evaluate` scores, by set name."""
    from geoincidents import evaluate

    return {s: evaluate.evaluate(DATA / s / "labels.json", gazetteer=gazetteer) for s in sets}


def labelled_rows(scores, name: str) -> list[dict]:
    """The scored rows of article ``name`` that have a label (none is a failure)."""
    rows = [r for r in scores.rows if r["file"] == name and r["gold"]]
    assert rows, f"{name}: no labelled incident scored"
    return rows



def check_labelled(scores, name: str, fields, *, spurious: bool = True) -> None:
    """Article ``name`` yields each labelled incident with none of ``fields`` wrong (the
    scorer's names: "missed", "event_type", "date", "counts", ...); with ``spurious``
    False, also no incident that is not labelled."""
    for r in labelled_rows(scores, name):
        wrong = r["wrong"] or ""
        for what in fields:
            assert what not in wrong, r
    if not spurious:
        assert not [r for r in scores.rows if r["file"] == name and r["wrong"] == "spurious"]
