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


def test_main_job_places_the_seed_incidents(tmp_path, gazetteer, zones):
    """The bundled articles 17 and 18 retell the seed articles' facts in other words."""
    job = pipeline.run_job([settings.sample_articles_path()], tmp_path, gazetteer=gazetteer,
                           zones=zones)
    inc = job.incidents.assign(zone_id=job.joined["zone_id"].to_numpy(),
                               zones_in=job.joined["zones_in"].fillna("").to_numpy())
    news = inc[inc["source_file"].str.contains("1[78]_") & ~inc["background"].astype(bool)]
    by_type = {(r.event_type, str(r.date)[:10]): r for r in news.itertuples()}
    embassy = by_type[("rocket_attack", "2020-12-20")]
    assert embassy.zone_id == "us-embassy-baghdad" and "green-zone" in embassy.zones_in
    assert by_type[("rocket_attack", "2020-12-19")].zone_id == "bagram-airfield"
    green = by_type[("rocket_attack", "2020-07-04")]
    assert "green-zone" in green.zones_in and green.launch_place_id == "iq-ali-al-saleh"
    seized = by_type[("thwarted", "2020-07-04")]
    assert seized.target_place_id == "iq-camp-taji" and seized.uncertainty_m >= 10_000
    # in the report the seized rocket is aimed at Camp Taji, not in it
    only = pipeline.load_incidents([settings.sample_articles_path() / "18_green_zone_taji.txt"],
                                   gazetteer=gazetteer).incidents
    from geoincidents import report

    rep = report.zone_report(only, zones).set_index("zone_id")
    assert rep.loc["camp-taji", ["incidents_in", "possibly_in", "aimed_at"]].tolist() == [0, 0, 1]
    assert rep.loc["green-zone", "incidents_in"] == 1
