"""The learned incident filter (geoincidents/extract/incident_filter.py): the stored model,
what it keeps and drops on sentences written for this test, the switch, and the refit."""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from geoincidents.extract import extract_text, incident_filter, lexicon

ROOT = Path(__file__).resolve().parents[1]

LEAD = ("KIRKUK, Iraq - Three mortar rounds struck an army post on the southern edge of "
        "Kirkuk on Thursday evening, wounding two soldiers, the provincial police said.\n\n")
#: hearsay of fighting somewhere in the country the same day, with no toll and no site of
#: its own: the kind of false incident new text is full of
VAGUE = "Residents said on social media that fighting broke out in Iraq on Thursday."


def test_stored_model_loads_and_matches_its_features():
    model = incident_filter.load()
    n = len(model["features"])
    assert n == len(set(model["features"])) > 10
    assert len(model["weights"]) == len(model["mean"]) == len(model["scale"]) == n
    assert all(s > 0 for s in model["scale"])
    assert 0 < model["threshold"] < 1
    blind = ("heldout6", "heldout17", "heldout18", "heldout19", "heldout20")
    assert not set(blind) & set(model["trained_on"])
    assert "fit_incident_filter.py" in model["command"]
    # every stored feature is one the extractor computes, and nothing it computes is lost
    # but features no training candidate varied on
    inc_feats = _candidates(LEAD + VAGUE)[0][0][2]
    assert set(model["features"]) <= set(inc_feats)


def test_stored_model_file_is_the_module_default():
    data = json.loads(incident_filter.MODEL_PATH.read_text(encoding="utf-8"))
    assert data == incident_filter.load()


def test_cue_rules_fire_on_their_examples():
    import re

    for rec in lexicon.records("filter_cues"):
        assert re.search(rec["pattern"], rec["example"], re.I), rec


def _candidates(text):
    from geoincidents.gazetteer import Gazetteer

    incident_filter.collect = got = []
    try:
        res = extract_text(text, gazetteer=Gazetteer.load(user=False), published="2024-05-10")
    finally:
        incident_filter.collect = None
    return got, res


def test_hearsay_of_fighting_somewhere_is_dropped_and_the_attack_kept():
    got, res = _candidates(LEAD + VAGUE)
    assert len(got) == 2  # the rules found both
    assert res.incidents["event_type"].tolist() == ["rocket_attack"]
    assert res.incidents["place_name"].tolist() == ["Kirkuk"]
    assert res.incidents["injured"].tolist() == [2]
    # the dropped one is a warning naming it, and how to keep it
    (warning,) = [w for w in res.warnings if w.field == "incident"]
    assert "article-2" in warning.reason and "GEOINCIDENTS_INCIDENT_FILTER=0" in warning.reason


def test_switched_off_the_filter_keeps_every_candidate(monkeypatch):
    monkeypatch.setattr(incident_filter, "enabled", False)
    _, res = _candidates(LEAD + VAGUE)
    assert len(res.incidents) == 2
    assert not [w for w in res.warnings if w.field == "incident"]


def test_the_attack_alone_is_kept_with_every_column():
    kept = _candidates(LEAD)[1].incidents
    assert len(kept) == 1
    assert "quote" in kept.columns and "background" in kept.columns


def test_score_is_the_logistic_of_the_standardised_sum():
    model = {"features": ["a", "b"], "weights": [2.0, -1.0], "mean": [0.5, 0.0],
             "scale": [0.5, 2.0], "bias": 0.25, "threshold": 0.5}
    z = 0.25 + 2.0 * (1.0 - 0.5) / 0.5 - 1.0 * (4.0 - 0.0) / 2.0
    assert incident_filter.score({"a": 1.0, "b": 4.0}, model) == pytest.approx(
        1 / (1 + math.exp(-z)))


def test_the_extractor_does_not_import_scikit_learn():
    code = ("import sys; from geoincidents.extract import incident_filter; "
            "incident_filter.load(); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_refitting_is_deterministic(gazetteer):
    pytest.importorskip("sklearn")
    import numpy as np

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import fit_incident_filter as fit
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    first = {"heldout13@HEAD": {"set": "heldout13", **fit.collect("heldout13", gazetteer)},
             "heldout11@HEAD": {"set": "heldout11", **fit.collect("heldout11", gazetteer)}}
    second = {"heldout13@HEAD": {"set": "heldout13", **fit.collect("heldout13", gazetteer)},
              "heldout11@HEAD": {"set": "heldout11", **fit.collect("heldout11", gazetteer)}}
    assert json.dumps(first, default=str) == json.dumps(second, default=str)
    names = sorted(first["heldout13@HEAD"]["rows"][0]["features"])
    X, y, _, _ = fit.matrix(first, names)
    a, b = fit.fit(X, y, 0.1), fit.fit(X, y, 0.1)
    assert np.array_equal(a[0], b[0]) and a[1] == b[1]
    assert fit.choose(first, names, 0.02, 0.01) == fit.choose(second, names, 0.02, 0.01)


#: an official's statement that happens to be posted online, listing two targets of one
#: night: neither hearsay nor one event told twice
OFFICIAL_POST = ("The ministry said in a post on social media that its jets had hit a weapons "
                 "store outside Marib and a command post in the hills near Sirwah on Monday. "
                 "It gave no toll.")
#: a one-clause recollection of an earlier attack opening on its month ("But in September
#: it attacked again"), placed only by the article's country
AGAIN = ("Rockets hit the airport in Erbil on Sunday night, wounding a contractor, officials "
         "said.\n\nThe militia had declared a truce over the summer, pending talks on the "
         "withdrawal of foreign troops. But in September it attacked again. Officials blamed "
         "a splinter group for that attack.")


def test_hearsay_cue_spares_a_statement_posted_online():
    import re

    pattern = lexicon.grouped("filter_cues", "cue")["hearsay"]
    assert re.search(pattern, "Videos on social media showed smoke over the port.", re.I)
    assert not re.search(pattern, "The army said in a post on social media that it hit a "
                                  "depot.", re.I)
    # doubt about a figure is no doubt about the event
    assert re.search(pattern, "Reports of a raid could not be independently verified.", re.I)
    assert not re.search(pattern, "Jets hit a camp, killing dozens, a toll that could not be "
                                  "verified.", re.I)


def test_two_targets_of_an_official_post_are_both_kept():
    _, res = _candidates(OFFICIAL_POST)
    inc = res.incidents.sort_values("place_name")
    assert len(inc) == 2 and inc["place_name"].iloc[0].startswith("Ma'")  # Marib, Sirwah
    point = inc.geometry.iloc[1]
    assert abs(point.y - 15.45) < 0.05 and abs(point.x - 45.02) < 0.05


#: two places of one night's strikes, each with its own toll, listed in one sentence
TWO_TOLLS = ("ISLAMABAD - Pakistani jets struck hideouts across the border before dawn on "
             "Monday, officials said.\n\nA Taliban spokesman said the strikes killed seven "
             "civilians: four in a house near Asadabad, and three in a hamlet in Nangarhar "
             "province.")


def test_places_listed_with_tolls_of_their_own_are_told_apart():
    got, res = _candidates(TWO_TOLLS)
    assert [f["listed_toll"] for _, _, f in got] == [1.0, 1.0]
    assert len(res.incidents) == 2
    # one place told twice, in two sentences, is no list
    got, _ = _candidates(LEAD + "The mortar rounds that hit Kirkuk on Thursday wounded two.")
    assert all(f["listed_toll"] == 0.0 for _, _, f in got)


def test_a_recollection_opening_on_its_own_date_is_kept():
    got, res = _candidates(AGAIN)
    assert len(got) == 2 and got[1][2]["cue.recalled"] == 1.0 and got[0][2]["cue.recalled"] == 0
    assert len(res.incidents) == 2
    assert res.incidents["background"].tolist() == [False, True]
