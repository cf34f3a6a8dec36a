"""Zone and distance reports on the bundled sample, and their formats."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geoincidents import cells, io, report, settings, spatial


@pytest.fixture(scope="module")
def sample(gazetteer, zones):
    result = io.read_incidents(settings.sample_incidents_path(), gazetteer=gazetteer)
    joined = spatial.join_zones(result.incidents, zones)
    return result.incidents, joined


def test_zone_report_puts_seed_incidents_in_their_zones(sample, zones):
    incidents, joined = sample
    rep = report.zone_report(incidents, zones, joined).set_index("zone_id")
    # the embassy rocket attack (and the 2019 protest) lie in the embassy, inside the Green Zone
    assert rep.loc["us-embassy-baghdad", "incidents_in"] == 2
    assert rep.loc["green-zone", "incidents_in"] == 3
    assert rep.loc["green-zone", "injured"] == 2  # the soldier and the child
    assert rep.loc["bagram-airfield", "incidents_in"] == 1
    assert rep.loc["bagram-airfield", "munitions_fired"] == 5
    # the Katyusha seized before launch was aimed at Camp Taji and did not hit it
    assert rep.loc["camp-taji", "incidents_in"] == 0
    assert rep.loc["camp-taji", "aimed_at"] == 1
    assert rep.loc["camp-taji", "first_date"] == pd.Timestamp("2020-07-04")
    assert rep.loc["bagram-airfield", "last_date"] == pd.Timestamp("2020-12-19")


def test_zone_report_without_background(sample, zones):
    incidents, joined = sample
    rep = report.zone_report(incidents, zones, joined, background=False).set_index("zone_id")
    assert rep.loc["us-embassy-baghdad", "incidents_in"] == 1
    assert rep.loc["baghdad-international-airport", "incidents_in"] == 0


def test_zone_report_computes_join_when_missing(sample, zones):
    incidents, joined = sample
    pd.testing.assert_frame_equal(report.zone_report(incidents, zones),
                                  report.zone_report(incidents, zones, joined))


def test_incident_distances(sample, zones):
    incidents, joined = sample
    rep = report.incident_distances(incidents, joined, zones).set_index("incident_id")
    row = rep.loc["iq-2020-07-04-green-zone"]
    assert row["launch_place"] == "Ali al-Saleh"
    assert 3 < row["launch_to_impact_km"] < 15
    assert row["launch_to_impact_pm_km"] >= 5  # the district's radius is in the margin
    assert rep.loc["iq-2020-07-04-taji-thwarted", "nearest_zone"] == "Camp Taji"
    assert rep["nearest_zone_km"].notna().all()


def test_place_distances(gazetteer):
    pair = report.place_distances(["Camp Taji", "Green Zone"], gazetteer).iloc[0]
    assert pair["distance_km"] == pytest.approx(26.8, abs=0.5)
    emb = report.place_distances(["US Embassy Baghdad", "Green Zone"], gazetteer).iloc[0]
    assert emb["distance_km"] == pytest.approx(1.1, abs=0.15)
    matrix = report.place_distances(["Baghdad", "Erbil", "Basra"], gazetteer, matrix=True)
    assert matrix.shape == (3, 3) and (matrix.values.diagonal() == 0).all()
    assert matrix.iloc[0, 1] == pytest.approx(matrix.iloc[1, 0])


@pytest.mark.parametrize("fmt", cells.FORMATS)
def test_formats(fmt):
    frame = pd.DataFrame({"zone": ["A", "B"], "n": [1, 2], "km": [1.234, None],
                          "d": pd.to_datetime(["2020-01-02", None])})
    text = cells.format_frame(frame, fmt)
    if fmt == "json":
        assert json.loads(text)[0] == {"zone": "A", "n": 1, "km": 1.234, "d": "2020-01-02"}
    elif fmt == "csv":
        assert text.splitlines()[1] == "A,1,1.234,2020-01-02"
    elif fmt == "markdown":
        assert text.startswith("| zone") and "|--" in text
    else:
        assert text.splitlines()[0].split() == ["zone", "n", "km", "d"]


def test_bad_format():
    with pytest.raises(ValueError, match=r"`fmt` was 'xml' but is expected to be in"):
        cells.format_frame(pd.DataFrame(), "xml")


def test_thwarted_attack_never_counts_as_in_its_target(gazetteer, zones, write_csv):
    # seized inside the base itself, and seized with no location but the target's
    path = write_csv("incident_id,event_type,place,target\n"
                     "s1,thwarted,Camp Taji,Camp Taji\n"
                     "s2,thwarted,Taji,Camp Taji\n"
                     "hit,rocket_attack,Camp Taji,Camp Taji\n"
                     "other,thwarted,Camp Taji,Green Zone\n")
    result = io.read_incidents(path, gazetteer=gazetteer)
    rep = report.zone_report(result.incidents, zones).set_index("zone_id")
    # the rocket that hit counts as in; the seized ones only as aimed at
    assert rep.loc["camp-taji", ["incidents_in", "possibly_in", "aimed_at"]].tolist() == [2, 0, 2]
    # a thwarted attack on another target, seized inside the base, still counts as in it
    assert rep.loc["green-zone", "aimed_at"] == 1
    # the streaming report (any chunk size) applies the same rule
    from geoincidents import scale

    for chunksize in (1, 3):
        streamed = scale.stream_zone_report([path], zones, gazetteer=gazetteer,
                                            chunksize=chunksize).report.set_index("zone_id")
        cols = ["incidents_in", "possibly_in", "aimed_at", "first_date"]
        pd.testing.assert_frame_equal(streamed[cols].sort_index(), rep[cols].sort_index(),
                                      check_dtype=False)
