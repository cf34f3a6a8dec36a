"""The third held-out labelled set (geodata/samples/heldout3/): blind, never used for tuning.

Its articles and labels were written and committed by someone who never ran the extractor
on them, while heldout/ and heldout2/ were being used to find and fix weaknesses. Until it
is first measured it carries no score floors; these tests only keep it well formed and
apart from every folder the extractor was tuned on. Never tune the extractor on this set's
failures and never edit its articles or labels.
"""

from __future__ import annotations

import re

import pytest

from geoincidents import settings
from geoincidents.evaluate import load_labels

SAMPLES = settings.data_dir / "samples"
HELDOUT3 = SAMPLES / "heldout3"
LABELS = HELDOUT3 / "labels.json"
#: folders whose articles were read while tuning the extractor
TUNED = (SAMPLES / "articles", SAMPLES / "heldout" / "articles", SAMPLES / "heldout2" / "articles")
#: labels files of the tuned folders
TUNED_LABELS = (SAMPLES / "labels.json", SAMPLES / "heldout" / "labels.json",
                SAMPLES / "heldout2" / "labels.json")


def _articles() -> list[dict]:
    return load_labels(LABELS)["articles"]


def test_labels_parse_and_name_existing_articles():
    files = [art["file"] for art in _articles()]
    assert len(files) == 10 and len(set(files)) == 10
    for name in files:
        assert not name.startswith("seeds:"), name
        assert (HELDOUT3 / name).is_file(), f"{name}: labelled article missing"
    # every article in the folder is labelled (an unlabelled one would never be scored)
    on_disk = {f"articles/{p.name}" for p in (HELDOUT3 / "articles").iterdir() if p.is_file()}
    assert on_disk == set(files)
    suffixes = sorted(p.rsplit(".", 1)[1] for p in files)
    assert suffixes.count("html") >= 1 and suffixes.count("md") >= 1, suffixes


def test_labels_use_the_schema(check_label_schema):
    check_label_schema(LABELS)


def test_set_holds_a_no_incident_article_and_several_multi_incident_ones():
    counts = [len(art["incidents"]) for art in _articles()]
    assert 0 in counts
    assert sum(n >= 2 for n in counts) >= 3
    assert any(g["background"] for art in _articles() for g in art["incidents"])
    # news of the day outnumbers the recalled past
    news = sum(not g["background"] for art in _articles() for g in art["incidents"])
    assert news > sum(counts) - news


def test_heldout3_is_kept_apart_from_the_tuning_samples():
    """The demo and the sample tests read samples/articles; heldout3 sits beside it, and no
    other labels file names its files."""
    samples = settings.sample_articles_path()
    assert HELDOUT3.parent.resolve() == samples.parent.resolve()
    assert not HELDOUT3.resolve().is_relative_to(samples.resolve())
    names = {p.name for p in (HELDOUT3 / "articles").iterdir()}
    for folder in TUNED:
        assert not names & {p.name for p in folder.iterdir()}, folder
    for other in TUNED_LABELS:
        text = other.read_text(encoding="utf-8")
        assert "heldout3" not in text and not any(n in text for n in names), other


def _prose_runs(text: str, run: int = 8) -> set[str]:
    # visible prose only: drop an HTML head, scripts and styles, then every tag
    text = re.sub(r"(?is)<(head|script|style)\b.*?</\1>", " ", text)
    words = re.findall(r"[a-z0-9']+", re.sub(r"<[^>]+>", " ", text).lower())
    return {" ".join(words[i:i + run]) for i in range(len(words) - run + 1)}


@pytest.fixture(scope="module")
def tuned_runs() -> set[str]:
    return set().union(*(_prose_runs(p.read_text(encoding="utf-8"))
                         for folder in TUNED for p in folder.iterdir() if p.is_file()))


@pytest.mark.parametrize("path", sorted((HELDOUT3 / "articles").iterdir()), ids=lambda p: p.name)
def test_articles_do_not_reuse_tuned_prose(path, tuned_runs):
    """New text, not the tuned articles reworded: no 8 words in a row in common with them."""
    text = path.read_text(encoding="utf-8")
    assert 250 <= len(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", text))) <= 900, path.name
    shared = _prose_runs(text) & tuned_runs
    assert not shared, f"{path.name} repeats tuned prose: {sorted(shared)[:3]}"
