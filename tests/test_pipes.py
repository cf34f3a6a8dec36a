"""Pipes, fio style: data on stdin when no INPUT is named, data on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoincidents import settings
from geoincidents.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(settings.sample_incidents_path())



def run(*args, stdin=b""):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "geoincidents", *args], input=stdin,
                          capture_output=True, cwd=ROOT, env=env, timeout=300)


@pytest.fixture(scope="module")
def zones_direct():
    result = CliRunner().invoke(main, ["report", "zones", SAMPLE, "-f", "csv"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("rs", [True, False])
def test_convert_sequence_piped_into_report_zones(zones_direct, rs):
    """geoincidents convert sample.csv --to geojsonseq [--rs] | geoincidents report zones"""
    seq = run("convert", "geodata/samples/incidents.csv", "--to", "geojsonseq",
              *(["--rs"] if rs else []))
    assert seq.returncode == 0, seq.stderr
    assert seq.stdout.startswith(b"\x1e{") == rs
    report = run("report", "zones", "-f", "csv", stdin=seq.stdout)
    assert report.returncode == 0, report.stderr
    assert report.stdout.decode() == zones_direct


def test_geojson_feature_collection_on_stdin(zones_direct, tmp_path):
    out = tmp_path / "sample.geojson"
    CliRunner().invoke(main, ["convert", SAMPLE, "-o", str(out)])
    json.loads(out.read_text(encoding="utf-8"))  # one valid document
    result = CliRunner().invoke(main, ["report", "zones", "-f", "csv"],
                                input=out.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout == zones_direct


def test_csv_on_stdin_with_dash(zones_direct):
    result = CliRunner().invoke(main, ["report", "zones", "-", "-f", "csv"],
                                input=Path(SAMPLE).read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout == zones_direct


def test_sequence_piped_into_map(tmp_path):
    """... | geoincidents map -o maps/x.html"""
    seq = run("convert", "geodata/samples/incidents.csv")
    out = tmp_path / "x.html"
    mapped = run("map", "-o", str(out), stdin=seq.stdout)
    assert mapped.returncode == 0, mapped.stderr
    assert mapped.stdout.decode().strip() == str(out)
    from geoincidents.render import read_payload  # the page's data is a packed blob

    ids = read_payload(out.read_text(encoding="utf-8"))["incidents"]["text"]["incident_id"]
    assert "iq-2020-12-20-embassy" in ids["values"]


def test_acled_on_stdin_is_sniffed(tmp_path):
    raw = (ROOT / "tests" / "data" / "formats" / "acled_2023.csv").read_bytes()
    result = CliRunner().invoke(main, ["convert", "--to", "csv"], input=raw)
    assert result.exit_code == 3  # three bad rows in the file
    assert "IRQ91001" in result.stdout
    assert "<stdin>, row 4, field 'event_date'" in result.stderr


def test_bad_text_in_a_sequence_is_a_reject():
    seq = CliRunner().invoke(main, ["convert", SAMPLE, "--rs"]).stdout
    broken = seq.replace("\x1e", "\x1e{not json\n\x1e", 1)
    result = CliRunner().invoke(main, ["convert", "--to", "csv"], input=broken)
    assert result.exit_code == 3
    assert "<stdin>, row 1: not JSON" in result.stderr


def test_empty_stdin_falls_back_to_the_sample():
    from geoincidents import settings

    result = CliRunner().invoke(main, ["report", "zones", "-f", "csv"], input=b"")
    assert result.exit_code == 0
    articles = CliRunner().invoke(main, ["report", "zones", str(settings.sample_articles_path()),
                                         "-f", "csv"])
    assert result.stdout == articles.stdout


def test_convert_with_nothing_piped_in_on_a_terminal(monkeypatch):
    from geoincidents.cli import options

    class Tty:
        def isatty(self):
            return True

    monkeypatch.setattr(options, "stdin_bytes", lambda: Tty())
    result = CliRunner().invoke(main, ["convert"])
    assert result.exit_code == 2
    assert "no INPUT named and nothing piped in" in result.output


def test_extract_piped_into_report_zones_and_map(tmp_path):
    """geoincidents extract a.txt | geoincidents report zones  (and | geoincidents map -o x)"""
    article = str(settings.sample_articles_path() / "18_green_zone_taji.txt")
    extracted = run("-q", "extract", article)
    assert extracted.returncode == 0, extracted.stderr
    piped = run("-q", "report", "zones", "-f", "csv", stdin=extracted.stdout)
    direct = run("-q", "report", "zones", article, "-f", "csv")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == direct.stdout
    rows = {line.split(",")[0]: line for line in piped.stdout.decode().splitlines()}
    assert rows["camp-taji"].split(",")[3:6] == ["0", "0", "1"]  # aimed at, not in
    out = tmp_path / "x.html"
    mapped = run("-q", "map", "-o", str(out), stdin=extracted.stdout)
    assert mapped.returncode == 0, mapped.stderr
    assert out.stat().st_size > 10_000
