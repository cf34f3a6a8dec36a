"""The held-out labelled sets (geodata/samples/heldout*/): well formed, apart, scored.

Each set's articles and labels were committed before the extractor first ran on them, and
each was first measured blind (README, "Held-out evaluation"). heldout/ to heldout4/ have
since guided general fixes, so they are no longer blind; heldout5/ is: it was written to
measure the fixes heldout3/ and heldout4/ guided; its scores have been read (and once a
few output rows), its failures never looked into. heldout6/ (at least 15 articles, written for
issue 18 by a helper who never read or ran the extractor) is blind too: it has no floors here
until its first blind scores are recorded, so nothing in this file runs the extractor on it.
heldout7/ (18 articles) was written at the same time, for the same brief, by a second helper
under the same conditions: a second blind set for issue 18. heldout8/ (20 articles) was
written later under the same conditions by a third helper, while others changed the
extractor; its first scores are those of main before that round (README). heldout9/ (20
articles) was written the same way by a fourth helper; first scored on main at 4272077.
heldout10/ (20 articles) was written the same way by a fifth helper, with `battle` for ground
assaults and clashes; like heldout6/ it has no floors here until its first blind scores are
recorded, so nothing in this file runs the extractor on it. heldout11/ (15 articles) was
written the same way by a sixth helper, with gunmen's attacks on unarmed civilians as `other`;
it has no floors here either until its first blind scores are recorded.
On 2026-12-06 (fourth session) heldout5/ and heldout7/, each scored blind in five rounds, were
retired to tuning sets: their failures now guide general fixes like heldout/ to heldout4/'s.
The blind sets are heldout6/ (the issue's measure), heldout8/, heldout9/, heldout10/ and
heldout11/.
The floors sit about 0.1 under the latest scores, so a change that makes extraction worse
fails here. Raise a floor when the extractor gets better; never tune on a blind set's
failures (write a new set first), and never edit articles or labels to make a test pass.

Structure, for every set: each article file is labelled and each label names a file; the
labels use the schema; the set sits beside the tuning samples, not inside them, and no
other labels file names its files; no article repeats 8 words in a row from the sample
articles or from an earlier set (new text, not a rewording).
"""

from __future__ import annotations

import re

import pytest

from geoincidents import settings
from geoincidents.evaluate import FIELDS, evaluate, load_labels

SAMPLES = settings.data_dir / "samples"
#: in the order they were written
SETS = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7",
        "heldout8", "heldout9", "heldout10", "heldout11")
#: the first five sets hold ten articles each; later sets hold at least this many, with at
#: least three .html and three .md articles
MIN_ARTICLES = 15
FIRST_SETS = SETS[:5]


def _files(name: str) -> list[str]:
    return [art["file"] for art in load_labels(SAMPLES / name / "labels.json")["articles"]]


@pytest.mark.parametrize("name", SETS)
def test_every_article_is_labelled_and_every_label_names_an_article(name):
    folder = SAMPLES / name
    files = _files(name)
    assert len(set(files)) == len(files), "an article is labelled twice"
    if name in FIRST_SETS:
        assert len(files) == 10
    else:
        assert len(files) >= MIN_ARTICLES
    for f in files:
        assert not f.startswith("seeds:"), f
        assert (folder / f).is_file(), f"{name}/{f}: labelled article missing"
    on_disk = {f"articles/{p.name}" for p in (folder / "articles").iterdir() if p.is_file()}
    assert on_disk == set(files)  # an unlabelled article would never be scored
    suffixes = [f.rsplit(".", 1)[1] for f in files]
    assert "html" in suffixes and "md" in suffixes, suffixes
    if name not in FIRST_SETS:
        assert suffixes.count("html") >= 3 and suffixes.count("md") >= 3, suffixes


#: the ways an article of a later set carries its publication date: a "Published:" line,
#: front matter "published:", an HTML published_time or date meta tag, or a dated dateline
_PUBLISHED = re.compile(
    r"^Published: \d{4}-\d\d-\d\d\s*$"
    r"|^published: \d{4}-\d\d-\d\d\s*$"
    r"|article:published_time\" content=\"\d{4}-\d\d-\d\d"
    r"|<meta name=\"(?:date|pubdate|publish-date)\" content=\"\d{4}-\d\d-\d\d"
    r"|<time datetime=\"\d{4}-\d\d-\d\d"
    r"|^[A-Z][A-Z .'/-]+,(?: [A-Z][a-z]+,)? [A-Z][a-z]+\.? \d{1,2}, \d{4}"
    r"(?: \([^()]{1,40}\))? [-\u2013\u2014] ", re.M)


@pytest.mark.parametrize("name", [s for s in SETS if s not in FIRST_SETS])
def test_every_article_carries_its_publication_date(name):
    for f in _files(name):
        text = (SAMPLES / name / f).read_text(encoding="utf-8")
        assert _PUBLISHED.search(text), f"{name}/{f}: no publication date"


@pytest.mark.parametrize("name", SETS)
def test_labels_use_the_schema(name, check_label_schema):
    check_label_schema(SAMPLES / name / "labels.json")


@pytest.mark.parametrize("name", SETS[1:])
def test_set_holds_a_no_incident_article_and_several_multi_incident_ones(name):
    articles = load_labels(SAMPLES / name / "labels.json")["articles"]
    counts = [len(art["incidents"]) for art in articles]
    assert 0 in counts and sum(n >= 2 for n in counts) >= 3
    assert any(g["background"] for art in articles for g in art["incidents"])


@pytest.mark.parametrize("name", SETS)
def test_set_is_kept_apart(name):
    """The demo and the sample tests read samples/articles; a set sits beside it, and no
    other labels file names its files."""
    folder = SAMPLES / name
    samples = settings.sample_articles_path()
    assert folder.parent.resolve() == samples.parent.resolve()
    assert not folder.resolve().is_relative_to(samples.resolve())
    names = {p.name for p in (folder / "articles").iterdir()}
    others = [SAMPLES / "labels.json"] + [SAMPLES / s / "labels.json" for s in SETS if s != name]
    for other in others:
        text = other.read_text(encoding="utf-8")
        assert not any(n in text for n in names), other


def _prose_runs(text: str, run: int = 8) -> set[str]:
    # visible prose only: drop an HTML head, scripts and styles, then every tag
    text = re.sub(r"(?is)<(head|script|style)\b.*?</\1>", " ", text)
    words = re.findall(r"[a-z0-9']+", re.sub(r"<[^>]+>", " ", text).lower())
    return {" ".join(words[i:i + run]) for i in range(len(words) - run + 1)}


def _runs_of(folder) -> set[str]:
    return set().union(*(_prose_runs(p.read_text(encoding="utf-8"))
                         for p in folder.iterdir() if p.is_file()))


@pytest.mark.parametrize("name", SETS[1:])
def test_articles_do_not_reuse_earlier_prose(name):
    """New text, not earlier articles reworded: no 8 words in a row in common with the
    sample articles or with a set written before."""
    earlier = [SAMPLES / "articles"] + [SAMPLES / s / "articles" for s in SETS[:SETS.index(name)]]
    seen = set().union(*map(_runs_of, earlier))
    for path in sorted((SAMPLES / name / "articles").iterdir()):
        text = path.read_text(encoding="utf-8")
        assert 250 <= len(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", text))) <= 900, path.name
        runs = _prose_runs(text)
        shared = runs & seen
        # stock wire phrases ("on condition of anonymity because he was not authorised",
        # "a statement from the security media cell") recur across writers: heldout8/01
        # shares four such phrases, 19 of its 618 runs, with four earlier articles; an
        # article reworded from another shares whole sentences, far more than 5 %
        assert len(shared) <= 0.05 * len(runs), \
            f"{path.name} repeats earlier prose: {sorted(shared)[:3]}"


#: per set: the score floors (latest measurement minus about 0.1), and how many incidents
#: its labels hold
FLOORS = {
    "heldout": (21, {"precision": 0.73, "recall": 0.61, "event_type": 0.90, "date": 0.90,
                     "place": 0.77, "role": 0.90, "counts": 0.79, "casualties": 0.68,
                     "actors": 0.57}),
    "heldout2": (14, {"precision": 0.82, "recall": 0.76, "event_type": 0.90, "date": 0.90,
                      "place": 0.82, "role": 0.90, "counts": 0.57, "casualties": 0.68,
                      "actors": 0.68}),
    "heldout3": (13, {"precision": 0.90, "recall": 0.75, "event_type": 0.81, "date": 0.90,
                      "place": 0.81, "role": 0.90, "counts": 0.73, "casualties": 0.73,
                      "actors": 0.23}),
    "heldout4": (14, {"precision": 0.59, "recall": 0.69, "event_type": 0.81, "date": 0.90,
                      "place": 0.72, "role": 0.90, "counts": 0.52, "casualties": 0.63,
                      "actors": 0.23}),
    # blind: scores read, failures never looked into
    "heldout5": (21, {"precision": 0.55, "recall": 0.71, "event_type": 0.72, "date": 0.67,
                      "place": 0.55, "role": 0.84, "counts": 0.61, "casualties": 0.51,
                      "actors": 0.03}),
    # blind (2026-12-06 scores: 0.69 / 0.79, type 0.80, date 0.44, place 0.88, role 0.86,
    # counts 0.50, casualties 0.65, actors 0.38; after the third round 0.76 / 0.89, 0.82,
    # 0.90, 0.85, 0.94, 0.68, 0.77, 0.40); failures never looked into beyond the header
    # date (a "Published:" line after a headline was not read)
    "heldout8": (75, {"precision": 0.66, "recall": 0.79, "event_type": 0.72, "date": 0.79,
                      "place": 0.75, "role": 0.84, "counts": 0.57, "casualties": 0.66,
                      "actors": 0.30}),
    # blind (first scores, 2026-12-06, main 4272077: 0.83 / 0.79, type 0.96, date 0.90,
    # place 0.82, role 0.93, counts 0.65, casualties 0.77, actors 0.50; after the third
    # round 0.84 / 0.82, 0.93, 0.95, 0.85, 0.95, 0.87, 0.81, 0.61); failures never looked into
    "heldout9": (72, {"precision": 0.74, "recall": 0.71, "event_type": 0.83, "date": 0.84,
                      "place": 0.74, "role": 0.84, "counts": 0.76, "casualties": 0.70,
                      "actors": 0.51}),
}


@pytest.fixture(scope="module")
def scores(gazetteer):
    return {name: evaluate(SAMPLES / name / "labels.json", gazetteer=gazetteer)
            for name in FLOORS}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_stay_above_the_floors(name, scores):
    n_gold, floors = FLOORS[name]
    got = scores[name]
    assert not got.missing and got.n_gold == n_gold
    assert got.precision >= floors["precision"], got.summary()
    assert got.recall >= floors["recall"], got.summary()
    acc = got.accuracy()
    assert set(floors) - {"precision", "recall"} <= set(FIELDS)
    for field, floor in floors.items():
        if field not in ("precision", "recall"):
            assert acc[field] is not None and acc[field] >= floor, \
                f"{name}: {field} accuracy {acc[field]} fell below {floor}:\n{got.summary()}"


def test_local_news_without_an_attack_gives_no_incident(scores):
    rows = [r for r in scores["heldout"].rows if r["file"] == "articles/07_portland_bridge.txt"]
    assert rows == []
