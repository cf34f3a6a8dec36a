"""geoincidents.cells: no spreadsheet formula in CSV text cells, no broken Markdown table."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from geoincidents import cells, settings
from geoincidents.cli import main


@pytest.mark.parametrize("text,expected", [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("\uff1d1+1", "'\uff1d1+1"),  # a full-width equals sign
    ("-", "'-"),
    ("-inf", "'-inf"),
    ("-12.5", "-12.5"),  # a number is not a formula
    ("+3", "+3"),
    ("-1e-05", "-1e-05"),
    ("Green Zone", "Green Zone"),
    (" =1+1", " =1+1"),
    ("", ""),
])
def test_neutralise(text, expected):
    assert cells.neutralise(text) == expected


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_text_cells_are_neutralised_and_quoted_numbers_are_not():
    frame = pd.DataFrame({"zone": ["=1+1", "Green Zone", None, "-5", "a,=b"],
                          "killed": [-3, 0, 1, 2, -1],
                          "km": [-1.5, np.nan, 2.25, 0.0, -0.5],
                          "when": pd.to_datetime(["2020-01-01"] * 5)})
    text = cells.to_csv(frame, index=False, float_format="%.3f")
    lines = text.splitlines()
    assert lines[0] == "zone,killed,km,when"
    assert lines[1] == "\"'=1+1\",-3,-1.500,2020-01-01"
    assert lines[2] == "Green Zone,0,,2020-01-01"
    assert lines[3] == ",1,2.250,2020-01-01"
    assert lines[4] == "-5,2,0.000,2020-01-01"
    assert lines[5] == "\"a,=b\",-1,-0.500,2020-01-01"
    assert parse(text)[1][0] == "'=1+1"


def test_csv_without_formulas_is_exactly_pandas():
    frame = pd.DataFrame({"a": ["x", "y\nz", 'q"r'], "b": [1.5, -2.0, None],
                          "c": pd.array([1, None, -3], dtype="Int64")})
    assert cells.to_csv(frame, index=False) == frame.to_csv(index=False)


def test_csv_headers_index_categories_and_quotes():
    frame = pd.DataFrame({"=evil": pd.Categorical(["@a", "b"]), "ok": ['=x"y', "1"]},
                         index=pd.Index(["+i", "j"], name="km"))
    rows = parse(cells.to_csv(frame))
    assert rows == [["km", "'=evil", "ok"], ["'+i", "'@a", "'=x\"y"], ["j", "b", "1"]]
    text = cells.to_csv(frame)
    assert "\"'=x\"\"y\"" in text and "\"'+i\"" in text


def test_a_one_column_row_with_an_empty_cell_stays_a_row():
    frame = pd.DataFrame({"v": ["=a", None]})
    assert parse(cells.to_csv(frame, index=False)) == [["v"], ["'=a"], [""]]


def test_markdown_cells_cannot_break_the_table_or_add_html():
    frame = pd.DataFrame({"zone": ["a|b", "<script>alert(1)</script>", "x\\|y", "one\ntwo"],
                          "n": [-1, 2, 3, 4]})
    text = cells.format_frame(frame, "markdown")
    rows = text.splitlines()
    assert len(rows) == 6
    for row in rows:  # every row has exactly two cells: no unescaped | inside them
        unescaped = row.replace("\\\\", "").replace("\\|", "")
        assert unescaped.count("|") == 3, row
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "one<br>two" in text and "| -1 |" in text.replace("  ", " ")


def test_report_csv_json_and_table_of_hostile_zone_names(tmp_path):
    zones = json.loads((settings.data_dir / "zones.geojson").read_text())
    zones["features"] = zones["features"][:1]
    props = zones["features"][0]["properties"]
    props["name"] = "=HYPERLINK(\"http://evil\")"
    props["kind"] = "a|b <b>"
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps(zones))
    args = ["report", "zones", str(settings.sample_incidents_path()), "--zones", str(path),
            "--no-bundled-zones"]
    out = CliRunner().invoke(main, [*args, "-f", "csv"])
    assert out.exit_code == 0, out.output
    rows = parse(out.stdout)
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\")"
    assert "\"'=HYPERLINK(\"\"http://evil\"\")\"" in out.stdout
    md = CliRunner().invoke(main, [*args, "-f", "markdown"]).stdout
    assert "a\\|b &lt;b&gt;" in md and "<b>" not in md
    js = json.loads(CliRunner().invoke(main, [*args, "-f", "json"]).stdout)
    assert js[0]["zone"] == "=HYPERLINK(\"http://evil\")"  # JSON keeps the text as it is


def test_exports_and_rejects_are_neutralised(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("lon,lat,place,notes\n44.39,33.30,,=cmd|' /C calc'!A0\n"
                    "=1+1,33.3,,x\n")
    out, rejects = tmp_path / "out.csv", tmp_path / "rejects.csv"
    result = CliRunner().invoke(main, ["convert", str(data), "-o", str(out),
                                       "--rejects", str(rejects)])
    assert result.exit_code == 3, result.output
    (row,) = csv.DictReader(out.open(newline=""))
    assert row["notes"] == "'=cmd|' /C calc'!A0" and float(row["lon"]) == 44.39
    (rej,) = csv.DictReader(rejects.open(newline=""))
    assert rej["value"] == "'=1+1"
    data.write_text("lon,lat,place,actors,notes\n44.39,33.30,,@evil,-x\n")
    acled = CliRunner().invoke(main, ["convert", str(data), "--to", "acled"])
    assert acled.exit_code == 0, acled.output
    found = [c for row in parse(acled.stdout) for c in row]
    assert "'@evil" in found
    assert not [c for c in found if cells.neutralise(c) != c]  # nothing left to neutralise
