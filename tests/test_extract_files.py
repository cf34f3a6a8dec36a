"""Article files: bad input, folders, stdin, the pipeline and the commands."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoincidents import extract, pipeline
from geoincidents.cli import main
from geoincidents.errors import DataError
from geoincidents.extract import read_articles

DATA = Path(__file__).parent / "data" / "articles"
GOOD = ("Published: 2021-02-16\n\nTwo rockets landed inside Camp Taji on Monday, wounding a "
        "soldier.\n")


@pytest.fixture
def folder(tmp_path):
    for f in DATA.iterdir():
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "good.txt").write_text(GOOD)
    return tmp_path


def test_bad_files_are_named_and_the_rest_read(folder, gaz):
    res = read_articles(folder, gazetteer=gaz)
    reasons = {Path(r.source).name: r.reason for r in res.rejects}
    assert reasons["empty.txt"].startswith("empty file")
    assert reasons["binary.txt"].startswith("binary data")
    warns = {Path(w.source).name: w.reason for w in res.warnings}
    assert "no incident found" in warns["no_incident.txt"]
    assert "cp1252" in warns["mixed_cp1252.txt"]
    files = set(res.incidents.source_file.map(lambda s: Path(s).name))
    assert files == {"good.txt", "script_style.html", "mixed_cp1252.txt"}


def test_html_scripts_and_styles_are_ignored(gaz):
    res = read_articles(DATA / "script_style.html", gazetteer=gaz)
    (row,) = res.incidents.itertuples()
    assert row.place_id == "iq-erbil-airport" and row.n_landed == 2 and row.injured == 1
    assert str(row.date.date()) == "2021-02-15"  # from the page's published_time
    assert "Bagram" not in row.quote and "Balad" not in row.quote


def test_mixed_encoding_text_is_repaired(gaz):
    res = read_articles(DATA / "mixed_cp1252.txt", gazetteer=gaz)
    assert "“café”" in res.incidents.iloc[0].damage


def test_five_megabytes_is_refused_quickly(tmp_path, gaz):
    big = tmp_path / "big.txt"
    big.write_text(("Nothing happened in the quiet town today. " * 120_000)[:5_000_000])
    (tmp_path / "good.txt").write_text(GOOD)
    res = read_articles(tmp_path, gazetteer=gaz)
    assert len(res.incidents) == 1
    (rej,) = res.rejects
    assert rej.source.endswith("big.txt") and "larger than an article" in rej.reason


def test_missing_path_raises(gaz):
    with pytest.raises(DataError, match="nowhere.txt: file or folder not found"):
        read_articles("nowhere.txt", gazetteer=gaz)


def test_pipeline_reads_articles_and_folders(folder, gaz, tmp_path_factory):
    assert pipeline.READERS[".txt"] is extract.read_article_input
    other = tmp_path_factory.mktemp("other") / "second.md"
    other.write_text(GOOD.split("\n", 2)[2])
    res = pipeline.load_incidents([other, folder], gazetteer=gaz, published="2021-02-20")
    assert len(res.incidents) == 4 and res.incidents.incident_id.is_unique
    assert str(res.incidents.date.iloc[0].date()) == "2021-02-15"  # --published applies
    assert len(res.rejects) == 2


def test_extract_command_formats_and_stdin(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(GOOD)
    runner = CliRunner()
    res = runner.invoke(main, ["extract", str(art)])
    assert res.exit_code == 0, res.output
    feat = json.loads(res.output)["features"][0]
    assert feat["properties"]["place_id"] == "iq-camp-taji"
    assert feat["geometry"]["coordinates"] == [44.2775, 33.5294]
    res = runner.invoke(main, ["extract", "-", "-f", "csv"], input=GOOD)
    assert res.exit_code == 0 and "iq-camp-taji" in res.output and "lon,lat" in res.output
    res = runner.invoke(main, ["extract", "-f", "table", "--published", "2021-02-20"],
                        input=GOOD.split("\n", 2)[2])
    assert res.exit_code == 0 and "2021-02-15" in res.output
    out = tmp_path / "out.geojson"
    assert runner.invoke(main, ["extract", str(art), "-o", str(out)]).exit_code == 0
    res = runner.invoke(main, ["extract", str(art), "-o", str(out)])
    assert res.exit_code == 1 and "pass --overwrite" in res.output


def test_extract_command_partial_status(folder):
    res = CliRunner().invoke(main, ["extract", str(folder), "-f", "csv",
                                    "--rejects", str(folder / "rej.csv")])
    assert res.exit_code == 3
    assert "empty.txt" in (folder / "rej.csv").read_text()
    assert "binary data" in res.stderr


def test_report_and_map_accept_articles(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Two rockets launched from the Kadhimiya area landed in the Green Zone "
                   "on Monday.")
    runner = CliRunner()
    res = runner.invoke(main, ["report", "distance", str(art), "--published", "2021-02-16",
                               "-f", "csv"])
    assert res.exit_code == 0, res.output
    assert "Kadhimiya" in res.output and "2021-02-15" in res.output
    assert ",9.295,4.500," in res.output  # launch to impact, with both radii as margin
    res = runner.invoke(main, ["report", "zones", str(tmp_path), "-f", "csv"])
    assert res.exit_code == 0 and "green-zone" in res.output
    res = runner.invoke(main, ["map", str(art), "-o", str(tmp_path / "m.html")])
    assert res.exit_code == 0 and (tmp_path / "m.html").exists()


def test_files_of_the_same_name_in_different_folders_get_distinct_ids(tmp_path, gaz):
    from geoincidents.extract import read_articles

    for folder in ("north", "south"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(
            "Published: 2021-03-04\n\nTwo rockets hit Camp Taji on Tuesday.")
    (tmp_path / "report.md").write_text("Published: 2021-03-04\n\nA rocket hit Balad air base "
                                        "on Monday.")
    (tmp_path / "other.txt").write_text("Published: 2021-03-04\n\nA rocket hit Balad air base "
                                        "on Monday.")
    res = read_articles(tmp_path, gazetteer=gaz)
    ids = sorted(res.incidents["incident_id"])
    assert ids == ["north-report-1", "other-1", "report-md-1", "south-report-1"]
