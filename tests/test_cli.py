"""Every command through click's CliRunner: output, exit status, errors, overwrite."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geoincidents import settings
from geoincidents.cli import main


@pytest.fixture
def run():
    runner = CliRunner()

    def _run(*args, input=None):  # noqa: A002 (CliRunner.invoke's name)
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return _run


def test_help_has_examples(run):
    for cmd in ([], ["map"], ["demo"], ["report"], ["report", "zones"], ["report", "distance"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0 and "Example" in result.output, cmd


def test_distance_from_to(run):
    result = run("report", "distance", "--from", "Camp Taji", "--to", "Green Zone", "-f", "json")
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)
    assert abs(row["distance_km"] - 26.8) <= 0.5


def test_distance_matrix_markdown(run):
    result = run("report", "distance", "--place", "Baghdad", "--place", "Kabul", "-f", "markdown")
    assert result.exit_code == 0 and result.stdout.startswith("| km")


def test_distance_unknown_place_is_a_clean_error(run):
    result = run("report", "distance", "--from", "Camp Tadji", "--to", "Green Zone")
    assert result.exit_code == 1
    assert "Error: no place called 'Camp Tadji'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args,match", [
    (["--from", "Baghdad"], "--from and --to go together"),
    (["--place", "Baghdad"], "at least two places"),
    (["--from", "A", "--to", "B", "--place", "C"], "either --from/--to or --place"),
])
def test_distance_usage_errors(run, args, match):
    result = run("report", "distance", *args)
    assert result.exit_code == 2 and match in result.output


def test_report_zones_sample_table(run):
    result = run("report", "zones", settings.sample_incidents_path(), "-f", "csv")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("zone_id,zone,kind,incidents_in,possibly_in,aimed_at")
    taji = next(line for line in lines if line.startswith("camp-taji,"))
    fields = taji.split(",")
    assert (fields[3], fields[5]) == ("0", "1")  # not in it, aimed at it


def test_report_distance_incidents(run):
    result = run("report", "distance", settings.sample_incidents_path(), "-f", "json")
    rows = {r["incident_id"]: r for r in json.loads(result.stdout)}
    assert rows["iq-2020-07-04-green-zone"]["launch_to_impact_km"] > 3


def test_partial_success_exit_status_and_rejects_file(run, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("incident_id,lon,lat,place\nok,44.39,33.30,\nbad,44.0,123,\n"
                     "unknown,,,Atlantis-under-the-sea\n")
    rejects = tmp_path / "rejects.csv"
    result = run("report", "zones", table, "-f", "csv", "--rejects", rejects)
    assert result.exit_code == 3
    assert "row 2, field 'lat': 123 is out of range" in result.stderr
    assert "2 row(s) could not be placed" in result.stderr
    assert rejects.read_text().count("\n") == 3
    assert result.stdout.startswith("zone_id,")


def test_map_writes_and_refuses_to_overwrite(run, tmp_path):
    out = tmp_path / "m.html"
    result = run("map", "-o", out)
    assert result.exit_code == 0 and out.exists() and result.stdout.strip() == str(out)
    html = out.read_text()
    assert "Green Zone" in html and "Launch" in html and "gi-legend" in html
    again = run("map", "-o", out)
    assert again.exit_code == 1 and "exists; pass --overwrite" in again.output
    assert run("map", "-o", out, "--overwrite").exit_code == 0


def test_map_missing_columns_is_clean(run, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n")
    result = run("map", table, "-o", tmp_path / "m.html")
    assert result.exit_code == 1 and "missing column(s)" in result.output


def test_map_bad_zone_file(run, tmp_path):
    zones = tmp_path / "z.geojson"
    zones.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                     '{"zone_id":"bow","name":"bow"},"geometry":{"type":"Polygon","coordinates":'
                     '[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}')
    result = run("map", "--zones", zones, "-o", tmp_path / "m.html")
    assert result.exit_code == 1 and "field 'geometry': invalid polygon" in result.output


def test_demo_writes_everything(run, tmp_path):
    result = run("demo", "-d", tmp_path)
    assert result.exit_code == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"incidents.html", "zones.csv", "zones.md", "distances.csv", "distances.md",
            "unplaced.csv"} <= names
    assert run("demo", "-d", tmp_path).exit_code == 1  # no silent overwrite


def test_quiet_and_verbose(run, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("lon,lat,target\n44,33,Nowhere-xyz-town\n")
    loud = run("-v", "report", "zones", table)
    assert "warning" in loud.stderr
    quiet = run("-qq", "report", "zones", table)
    assert quiet.stderr == ""


def test_stdin_csv(run):
    result = run("report", "zones", "-", "-f", "json", input="lon,lat\n44.3903,33.3076\n")
    assert result.exit_code == 0
    rows = {r["zone_id"]: r for r in json.loads(result.stdout)}
    assert rows["green-zone"]["incidents_in"] == 1


def test_output_file(run, tmp_path):
    out = tmp_path / "z.md"
    assert run("report", "zones", "-f", "markdown", "-o", out).exit_code == 0
    assert out.read_text().startswith("| zone_id")
    assert run("report", "zones", "-o", out).exit_code == 1
