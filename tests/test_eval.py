"""Scoring extraction against labels."""

import json

import pytest
from click.testing import CliRunner

from geoincidents import settings
from geoincidents.cli import main
from geoincidents.errors import DataError
from geoincidents.evaluate import evaluate


@pytest.fixture
def labelled(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Published: 2021-02-16\n\nThree rockets landed inside Camp Taji on Monday, wounding "
        "two soldiers. The Taliban denied any role.\n\nIn Kandahar, a roadside bomb killed "
        "four people on Sunday.\n")
    labels = {"tolerance_km": 5, "articles": [
        {"file": "a.txt", "incidents": [
            {"event_type": "rocket_attack", "date": "2021-02-15", "place_id": "iq-camp-taji",
             "background": False, "n_landed": 3, "injured": 2, "actors": ["Taliban (denied)"]},
            {"event_type": "ied", "date": "2021-02-14", "lon": 65.71, "lat": 31.61,
             "killed": 5},
            {"event_type": "protest", "date": "2021-02-01", "place_id": "iq-basra"}]},
        {"file": "seeds:not-there.txt", "incidents": []}]}
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels))
    return path


def test_scores(labelled, gaz, tmp_path):
    s = evaluate(labelled, gazetteer=gaz, seeds=tmp_path)
    assert (s.n_gold, s.n_pred, s.n_matched) == (3, 2, 2)
    assert s.precision == 1.0 and s.recall == pytest.approx(2 / 3)
    acc = s.accuracy()
    assert acc["event_type"] == 1.0 and acc["place"] == 1.0 and acc["actors"] == 1.0
    assert acc["casualties"] == 0.5  # injured 2 right; killed 4, labelled 5
    assert s.missing == ["seeds:not-there.txt"]
    assert any(r["wrong"] == "missed" for r in s.rows)


@pytest.mark.parametrize("content, message", [
    ("{", "not a JSON labels file"),
    ('{"articles": 3}', "expected an object with an 'articles' list"),
    ('{"articles": [{"incidents": []}]}', r"articles\[0\] needs 'file'"),
])
def test_bad_labels(tmp_path, gaz, content, message):
    path = tmp_path / "l.json"
    path.write_text(content)
    with pytest.raises(DataError, match=message):
        evaluate(path, gazetteer=gaz)


def test_eval_command(labelled):
    res = CliRunner().invoke(main, ["eval", str(labelled), "--details"])
    assert res.exit_code == 0, res.output
    assert "incident recall" in res.output and "0.67" in res.output and "missed" in res.output
    res = CliRunner().invoke(main, ["eval", str(labelled), "-f", "json"])
    assert json.loads(res.stdout)["summary"][0]["value"] == 1.0
    # an article left out changes the figures: said even under -q
    res = CliRunner().invoke(main, ["-q", "eval", str(labelled), "-f", "csv"])
    assert "seeds:not-there.txt: labelled article not found; not scored" in res.stderr
    res = CliRunner().invoke(main, ["eval", "missing.json"])
    assert res.exit_code == 1 and "missing.json: labels file not found" in res.output


def test_bundled_labels_meet_the_target(gaz):
    """The shipped labelled set (seeds scored when present): incident P and R >= 0.9."""
    s = evaluate(settings.data_dir / "samples" / "labels.json", gazetteer=gaz)
    assert s.n_gold >= 23 and s.precision >= 0.9 and s.recall >= 0.9


@pytest.mark.parametrize("gold, predicted, ok", [
    ("Houthi movement (claimed)", "Houthis (claimed)", True),
    ("Houthis (claimed)", "the Houthi movement (claimed)", True),
    ("Islamic State (claimed)", "the Islamic State group (claimed)", True),
    ("Islamic State group (claimed)", "Islamic State (claimed)", True),
    ("Allied Democratic Forces (blamed)", "ADF (blamed)", True),
    ("ISWAP (claimed)", "Islamic State West Africa Province (claimed)", True),
    ("Iran-backed militias (blamed)", "militias backed by Iran (blamed)", True),
    ("Kata'ib Hezbollah (denied)", "Kataib Hezbollah (denied)", True),
    ("ISIS-K (claimed)", "Islamic State affiliate ISIS-K (claimed)", True),
    ("ISWAP (claimed)", "Islamic State West Africa Province (ISWAP) (claimed)", True),
    ("ELN commanders (denied)", "ELN (denied)", True),
    # fair, not lenient: another group, another stance, a phrase sharing one word
    ("Kata'ib Hezbollah (blamed)", "Hezbollah (blamed)", False),
    ("Kata'ib Hezbollah (blamed)", "Kata'ib Hezbollah (denied)", False),
    ("Iran-backed militias (blamed)", "Iran (blamed)", False),
    ("Islamic State Khorasan Province (claimed)", "Islamic State (claimed)", False),
    ("Islamic State (claimed)", "Iraqi forces found Islamic State arms caches (claimed)", False),
    ("Houthis (claimed)", "movement (claimed)", False),
])
def test_actor_names_matched_fairly(gold, predicted, ok):
    from geoincidents.evaluate import _actors_ok

    assert _actors_ok([gold], predicted) == (int(ok), 1)
    assert _actors_ok([gold], f"Someone else (blamed); {predicted}") == (int(ok), 1)


def test_actor_items_precision_and_recall(tmp_path, gaz):
    """Per actor item over the whole set: a predicted actor naming no label is spurious (an
    incident labelled without actors has none), a labelled actor of a missed incident is
    not found; `actors accuracy` keeps counting labelled items on paired incidents only."""
    (tmp_path / "a.txt").write_text(
        "Published: 2021-02-16\n\nThree rockets landed inside Camp Taji on Monday, wounding "
        "two soldiers. The Taliban denied any role. Kataib Hezbollah claimed the attack.\n\n"
        "In Kandahar, a roadside bomb killed four people on Sunday. The Taliban claimed "
        "it.\n")
    labels = {"tolerance_km": 5, "articles": [{"file": "a.txt", "incidents": [
        {"event_type": "rocket_attack", "date": "2021-02-15", "place_id": "iq-camp-taji",
         "actors": ["Taliban (denied)", "Islamic State (claimed)"]},
        {"event_type": "ied", "date": "2021-02-14", "lon": 65.71, "lat": 31.61},
        {"event_type": "protest", "date": "2021-02-01", "place_id": "iq-basra",
         "actors": ["Sunni Council (claimed)"]}]}]}
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels))
    s = evaluate(path, gazetteer=gaz)
    assert s.n_matched == 2
    # predicted: Taliban (denied) right, Kataib Hezbollah (claimed) and Taliban (claimed) on
    # an incident labelled with no actor spurious
    assert s.actor_items == {"pred_right": 1, "pred": 3, "gold_found": 1, "gold": 3}
    assert (s.correct["actors"], s.total["actors"]) == (1, 2)
    summary = s.summary().set_index("measure")
    assert summary.loc["actors precision", "value"] == pytest.approx(0.333)
    assert summary.loc["actors recall", "value"] == pytest.approx(0.333)
    assert summary.loc["actors accuracy", "value"] == 0.5
    measures = list(summary.index)
    assert measures.index("actors precision") == measures.index("actors accuracy") + 1


def test_actor_items_without_any_actor(labelled, gaz, tmp_path):
    """No predicted actor: precision is undefined (NaN in the summary), not 1 or 0."""
    labels = json.loads(labelled.read_text())
    for inc in labels["articles"][0]["incidents"]:
        inc.pop("actors", None)
    (labelled.parent / "a.txt").write_text(
        "Published: 2021-02-16\n\nThree rockets landed inside Camp Taji on Monday.\n")
    labelled.write_text(json.dumps(labels))
    s = evaluate(labelled, gazetteer=gaz, seeds=tmp_path)
    assert s.actor_items == {"pred_right": 0, "pred": 0, "gold_found": 0, "gold": 0}
    summary = s.summary().set_index("measure")
    assert summary.loc[["actors precision", "actors recall"], "value"].isna().all()
