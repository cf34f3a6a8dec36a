"""The held-out labelled sets (geodata/samples/heldout*/): well formed, apart, scored.

Each set's articles and labels were committed before the extractor first ran on them, and
each was first measured blind (README, "Held-out evaluation"; every round in
docs/heldout.md). heldout/ to heldout4/ have since guided general fixes, so they are no
longer blind. heldout5/ was written to measure the fixes heldout3/ and heldout4/ guided;
heldout6/ (the issue's measure) and heldout7/ (18 articles each) were written for issue 18
by helpers who never read or ran the extractor; heldout8/ and heldout9/ (20 each) were
written the same way by a third and a fourth helper (heldout8/ while others changed the
extractor, so its first scores are main's before that round; heldout9/ first scored on main
at 4272077); heldout10/ (20 articles, `battle` for ground assaults and clashes) by a fifth,
first scored on main at d3eb85b; heldout11/ (15 articles, gunmen's attacks on unarmed
civilians as `other`) by a sixth, first scored on main at 4db8ed3; heldout12/ (15 articles)
the same way by a seventh, first scored on main at 5c2afc8; heldout13/ (15 articles;
Somalia, the Sahel, DR Congo, Colombia) by an eighth, first scored on main at 54ef82e;
heldout14/ (15 articles; Yemen, Nigeria, Mozambique, Lebanon, Niger, Myanmar, the
Philippines, Libya) by a ninth, first scored on main at a57e420; heldout15/ (15 articles;
Iraq, Afghanistan, Somalia, Burkina Faso, Sudan, Pakistan, Russia and Ukraine, Cameroon,
Colombia, Manipur, Kashmir) by a tenth rules-blind helper, first scored on main by the
lead; heldout16/ (15 articles; Syria, Iraq, Yemen and the Red Sea, Lebanon and Israel,
Gaza, Mali, Nigeria, DR Congo, Ethiopia, Haiti, Mexico, Afghanistan) by an eleventh, first
scored on main at 06bcb9c; heldout17/ (15 articles; Iraq and its Kurdistan Region,
north-east Syria, Afghanistan, Khyber Pakhtunkhwa and Balochistan, Somalia, Cabo Delgado,
Sudan, Kenya, Sumy and Kursk, Myanmar, Mindanao, Cauca, Libya) by a twelfth, first scored
on main at 0617a9c; heldout18/ (15 articles; rockets, mortars, missiles and drones on
bases, embassies, airports and oil fields in Iraq, eastern Syria, Afghanistan, Yemen, Mali,
Somalia and Pakistan, the North Caucasus, Arauca, and many attack words that tell no
incident) by a thirteenth, written for precision's hard cases, first scored on main at
2751a2d; heldout19/ (15 articles; bases, airports and the Green Zone in Iraq and Syria,
Afghanistan, Pakistan, Yemen and Eilat, Somalia, Nigeria, Mali, Lebanon and Metula, Kharkiv
and Belgorod, Colombia; actors claimed, denied and blamed in varied syntax, actors of
background events, one base hit on several days) by a fourteenth, first scored on main at
e9bc8bf; heldout20/ (15 articles; Erbil and Harir, Deir ez-Zor, Kunduz and Khost,
Balochistan, Sanaa and Taiz, Beledweyne, Burkina Faso and Niger, Borno and Yobe, Kisangani
and Beni territory, Odesa and Novorossiysk, Lebanon and Shlomi, Michoacan, Sagaing, Baghdad
and Diwaniyah, an Israeli drill with no incident; background events in one clause, attack
words that tell no incident, actors in varied syntax, revised and conflicting tolls) by a
fifteenth; heldout21/ (15 articles; Kirkuk's K-1 and Daquq, Ain al-Asad and Rutba, Basra
airport and Zubair, Baiji and Camp Speicher, Kabul airport and Jalalabad, Islam Qala and
Lashkar Gah, Kosti and Dilling, Cabo Delgado, Lake Chad, Mindanao, Thailand's far south,
Bastar, Zaporizhzhia and Kherson, Mandera and Lamu, a Kabul briefing with no incident) by a
sixteenth. On 2026-12-06 (fourth session) heldout5/ and heldout7/, each scored blind in five
rounds, were retired to tuning sets: their failures now guide general fixes like heldout/
to heldout4/'s; heldout8/ (scored blind in four rounds) followed at the start of the fifth
session, heldout9/ (five rounds) at the start of the sixth, heldout10/ (five rounds) at the
start of the seventh, heldout11/ (four rounds) at the start of the eighth, heldout12/ (four
rounds) at the start of the ninth, heldout13/ (five rounds) at the start of the tenth,
heldout14/ (four rounds) at the start of the eleventh, heldout15/ (four rounds) at the start
of the twelfth, heldout16/ (four rounds) at the start of the thirteenth. The blind sets are
heldout6/, heldout17/, heldout18/, heldout19/, heldout20/, heldout21/ and those written after
them: their scores are read, their failures never looked into. The floors sit about 0.1 under the
latest scores, so a change that makes extraction worse fails here. Raise a floor when the
extractor gets better; never tune on a blind set's failures (write a new set first), and
never edit articles or labels to make a test pass.

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
        "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14",
        "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20",
        "heldout21")
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


#: per set: the score floors (latest measurement, 2026-12-07 tenth session, minus about 0.1,
#: rounded down), and how many incidents its labels hold
FLOORS = {
    "heldout": (21, {"precision": 0.9, "recall": 0.85, "event_type": 0.9, "date": 0.9,
                     "place": 0.75, "role": 0.9, "counts": 0.9, "casualties": 0.9,
                     "actors": 0.9}),
    "heldout2": (14, {"precision": 0.9, "recall": 0.83, "event_type": 0.9, "date": 0.9,
                      "place": 0.82, "role": 0.9, "counts": 0.9, "casualties": 0.85,
                      "actors": 0.9}),
    "heldout3": (13, {"precision": 0.9, "recall": 0.9, "event_type": 0.9, "date": 0.9,
                      "place": 0.9, "role": 0.9, "counts": 0.9, "casualties": 0.9,
                      "actors": 0.9}),
    "heldout4": (14, {"precision": 0.9, "recall": 0.9, "event_type": 0.9, "date": 0.9,
                      "place": 0.83, "role": 0.9, "counts": 0.9, "casualties": 0.9,
                      "actors": 0.83}),
    # tuning since 2026-12-06 (retired from blind after five rounds)
    "heldout5": (21, {"precision": 0.85, "recall": 0.85, "event_type": 0.9, "date": 0.8,
                      "place": 0.8, "role": 0.9, "counts": 0.9, "casualties": 0.9,
                      "actors": 0.79}),
    # blind (the measure); end of the fifth session (2026-12-07): 0.86 / 0.93, type 0.86,
    # date 0.93, place 0.96, role 0.95, counts 0.92, casualties 0.89, actors 0.88
    "heldout6": (59, {"precision": 0.8, "recall": 0.83, "event_type": 0.77, "date": 0.85,
                      "place": 0.9, "role": 0.84, "counts": 0.84, "casualties": 0.82,
                      "actors": 0.77}),
    # tuning since 2026-12-06 (retired from blind after five rounds)
    "heldout7": (63, {"precision": 0.87, "recall": 0.84, "event_type": 0.85, "date": 0.87,
                      "place": 0.83, "role": 0.88, "counts": 0.9, "casualties": 0.89,
                      "actors": 0.8}),
    # tuning since the fifth session of 2026-12-06 (retired from blind after four rounds)
    "heldout8": (75, {"precision": 0.89, "recall": 0.9, "event_type": 0.87, "date": 0.87,
                      "place": 0.82, "role": 0.9, "counts": 0.87, "casualties": 0.88,
                      "actors": 0.79}),
    # tuning since the sixth session (2026-12-07; blind for five rounds, first scores at 4272077:
    # 0.83 / 0.79 ... actors 0.50)
    "heldout9": (72, {"precision": 0.9, "recall": 0.87, "event_type": 0.89, "date": 0.9,
                      "place": 0.87, "role": 0.89, "counts": 0.9, "casualties": 0.9,
                      "actors": 0.78}),
    # tuning since the seventh session (2026-12-07; blind for five rounds, first scores at
    # d3eb85b: 0.75 / 0.74 ... actors 0.41; ground assaults labelled `battle`)
    "heldout10": (74, {"precision": 0.9, "recall": 0.9, "event_type": 0.89, "date": 0.89,
                       "place": 0.81, "role": 0.9, "counts": 0.86, "casualties": 0.86,
                       "actors": 0.78}),
    # tuning since the eighth session (2026-12-07; blind for four rounds, first scores at
    # 4db8ed3: 0.71 / 0.81, type 0.74, date 0.94, place 0.91, role 1.00, counts 0.75,
    # casualties 0.73, actors 0.42; gunmen's attacks on unarmed civilians labelled `other`)
    # (seg11 raised the incident floors: 0.925 / 0.881 on its branch)
    "heldout11": (42, {"precision": 0.85, "recall": 0.78, "event_type": 0.79, "date": 0.87,
                       "place": 0.81, "role": 0.87, "counts": 0.9, "casualties": 0.84,
                       "actors": 0.62}),
    # tuning since the ninth session (2026-12-07; blind for four rounds, first scores at
    # 5c2afc8: 0.71 / 0.89, type 0.90, date 0.93, place 0.90, role 0.98, counts 0.88,
    # casualties 0.79, actors 0.67, launch 1.00)
    # (seg11 raised the precision floor: 0.979 on its branch)
    "heldout12": (47, {"precision": 0.88, "recall": 0.88, "event_type": 0.81, "date": 0.84,
                       "place": 0.88, "role": 0.88, "counts": 0.9, "casualties": 0.85,
                       "actors": 0.8}),
    # tuning since the tenth session (2026-12-07; blind for five rounds, first scores at
    # 54ef82e: 0.71 / 0.94, type 0.89, date 0.93, place 0.87, role 0.96, counts 0.38,
    # casualties 0.69, actors 0.51; last blind 0.77 / 0.94, counts 0.69, casualties 0.87,
    # actors 0.71)
    "heldout13": (49, {"precision": 0.82, "recall": 0.86, "event_type": 0.88, "date": 0.86,
                       "place": 0.79, "role": 0.9, "counts": 0.76, "casualties": 0.9,
                       "actors": 0.77}),
    # tuning since the eleventh session (blind for four rounds, first scores at a57e420:
    # 0.74 / 1.00, type 0.86, date 1.00, place 0.93, role 1.00, counts 0.56, casualties 0.70,
    # actors 0.43)
    "heldout14": (43, {"precision": 0.88, "recall": 0.9, "event_type": 0.76, "date": 0.9,
                       "place": 0.85, "role": 0.9, "counts": 0.62, "casualties": 0.77,
                       "actors": 0.67}),
    # tuning since the twelfth session (2026-12-07; blind for four rounds, first scores at
    # 94ebab2: 0.73 / 0.96, type 0.91, date 0.91, place 0.96, role 0.94,
    # counts 0.79, casualties 0.65, actors 0.52)
    "heldout15": (49, {"precision": 0.88, "recall": 0.86, "event_type": 0.83, "date": 0.88,
                       "place": 0.86, "role": 0.9, "counts": 0.9, "casualties": 0.87,
                       "actors": 0.62}),
    # tuning since the thirteenth session (2026-12-08; blind for four rounds, first scores
    # at 06bcb9c: 0.77 / 0.98, type 0.88, date 0.98, place 0.94, role 1.00, counts 0.72,
    # casualties 0.71, actors 0.48)
    "heldout16": (50, {"precision": 0.9, "recall": 0.9, "event_type": 0.82, "date": 0.9,
                       "place": 0.83, "role": 0.9, "counts": 0.9, "casualties": 0.88,
                       "actors": 0.7}),
    # blind (first scores, main 0617a9c: 0.78 / 0.96, type 0.91, date 0.94, place 0.89,
    # role 0.98, counts 0.81, casualties 0.86, actors 0.54)
    "heldout17": (56, {"precision": 0.76, "recall": 0.88, "event_type": 0.81, "date": 0.84,
                       "place": 0.79, "role": 0.88, "counts": 0.75, "casualties": 0.81,
                       "actors": 0.5}),
    # blind (first scores, main 2751a2d: 0.73 / 0.93, type 0.90, date 0.93, place 0.95,
    # role 0.97, counts 0.78, casualties 0.67, actors 0.61)
    "heldout18": (43, {"precision": 0.67, "recall": 0.83, "event_type": 0.8, "date": 0.83,
                       "place": 0.87, "role": 0.87, "counts": 0.75, "casualties": 0.61,
                       "actors": 0.65}),
    "heldout19": (58, {"precision": 0.65, "recall": 0.74, "event_type": 0.76, "date": 0.83,
                       "place": 0.82, "role": 0.87, "counts": 0.8, "casualties": 0.69,
                       "actors": 0.64}),
    # blind (first scores, main 2e5c915: 0.75 / 0.98, type 0.93, date 0.95, place 0.98,
    # role 1.00, counts 0.70, casualties 0.97, actors 0.74)
    "heldout20": (45, {"precision": 0.65, "recall": 0.88, "event_type": 0.83, "date": 0.85,
                       "place": 0.88, "role": 0.9, "counts": 0.6, "casualties": 0.88,
                       "actors": 0.67}),
    # blind (first scores, main a18b692: 0.78 / 1.00, type 0.88, date 0.98, place 0.93,
    # role 1.00, counts 0.93, casualties 0.68, actors 0.59)
    "heldout21": (43, {"precision": 0.68, "recall": 0.9, "event_type": 0.78, "date": 0.88,
                       "place": 0.83, "role": 0.9, "counts": 0.83, "casualties": 0.66,
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
