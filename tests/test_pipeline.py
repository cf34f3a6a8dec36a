"""Loading several inputs and the main job."""

from __future__ import annotations

from geoincidents import pipeline, settings


def test_load_incidents_makes_ids_unique(tmp_path, gazetteer):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text("incident_id,lon,lat\n1,44,33\n")
    b.write_text("incident_id,lon,lat\n1,45,34\nx,1,999\n")
    result = pipeline.load_incidents([a, b], gazetteer=gazetteer)
    assert sorted(result.incidents["incident_id"]) == ["a:1", "b:1"]
    assert [(r.source, r.row) for r in result.rejects] == [(str(b), 2)]


def test_load_nothing(gazetteer):
    result = pipeline.load_incidents([], gazetteer=gazetteer)
    assert len(result.incidents) == 0 and result.rejects == []


def test_run_job(tmp_path, gazetteer, zones):
    job = pipeline.run_job([settings.sample_incidents_path()], tmp_path, gazetteer=gazetteer,
                           zones=zones)
    assert len(job.incidents) == 9 and len(job.files) == 6
    assert (tmp_path / "zones.md").read_text().startswith("| zone_id")
    assert job.zone_report.set_index("zone_id").loc["green-zone", "incidents_in"] == 3
