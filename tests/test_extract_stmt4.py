"""Sentences that tell no incident (branch stmt4, issue 18: precision).

``tests/data/stmt4_unseen`` (six articles), ``stmt4_unseen2`` (five) and ``stmt4_unseen4``
(three) were written and labelled before the rules they check; each tells one or two real
incidents beside sentences that are none: a habit told as going on now ("cells continue to
attack soldiers", "go on firing missiles at ships", "still ambush traders"), a report of an
event called untrue in its own sentence ("reports of a rocket launch near the base on
Tuesday were completely false", "no truth in claims that soldiers had fired on
protesters", "denied reports of a drone attack"), weapons as goods counted by a quantity
word ("ship many of the mines across the border"), a witness quoted on the attack already
told ("We felt the blast in our house and then heard gunfire").  The parse-level rules are
checked one sentence at a time in tests/test_modality.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.extracting import rows as _rows

pytest.importorskip("spacy")

DATA = Path(__file__).parent / "data"
ARTICLES = [(folder, a) for folder in ("stmt4_unseen", "stmt4_unseen2", "stmt4_unseen4")
            for a in json.loads((DATA / folder / "labels.json").read_text(
                encoding="utf-8"))["articles"]]


def _published(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("Published: "):
            return line.split("Published: ", 1)[1][:10]
    raise AssertionError("no publication date")


@pytest.mark.parametrize("folder, article", ARTICLES,
                         ids=[f"{f}/{a['file']}" for f, a in ARTICLES])
def test_each_article_yields_its_labelled_incidents_and_no_other(gazetteer, folder, article):
    text = (DATA / folder / article["file"]).read_text(encoding="utf-8")
    got = _rows(gazetteer, text, _published(text))
    days = [pd.Timestamp(d).strftime("%Y-%m-%d") if not pd.isna(d) else None
            for d in got["date"]]
    assert sorted(zip(got["event_type"], days), key=str) == \
        sorted((i["event_type"], i["date"]) for i in article["incidents"])


def test_a_report_called_untrue_in_its_own_sentence_leaves_the_one_before(gazetteer):
    """The sentence speaks of its own report, not of the event told before it."""
    text = ("Published: 2024-03-04\n\nDrones hit a fuel depot outside Mosul on Sunday, "
            "wounding two guards, police said.\n\nPolice said reports of a second drone "
            "strike at Mosul airport on Sunday were false.\n")
    got = _rows(gazetteer, text, "2024-03-04")
    assert list(got["event_type"]) == ["drone_strike"]
    assert list(got["injured"]) == [2]
