"""The command line loads heavy libraries only in the commands that use them.

``--help`` of every command and usage errors must answer without importing pandas,
geopandas, pyproj, shapely, folium or spaCy (each costs a good part of a second). Checked
through ``sys.modules`` in a fresh interpreter, not timed (timings live in bench/).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click

from geoincidents.cli import main

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "geopandas", "pyproj", "shapely", "folium", "spacy", "pyarrow")

#: Usage errors click or the commands raise before any work (exit status 2).
BAD_USAGE = (
    ["no-such-command"],
    ["report", "zones", "--no-such-option"],
    ["report", "zones", "--chunksize", "0", "x.csv"],
    ["report", "zones", "--engine", "local"],
    ["report", "zones", "--scheduler", "tcp://127.0.0.1:1"],
    ["report", "distance", "--from", "Camp Taji"],
    ["report", "distance", "--from", "A", "--to", "B", "--place", "C"],
    ["report", "distance", "--place", "Baghdad"],
    ["map", "--format", "nonsense"],
)

_PROBE = """
import json, sys
from geoincidents.cli import main
heavy = {heavy!r}
out = []
for args in json.loads(sys.argv[1]):
    try:
        main(args, prog_name="geoincidents")
        code = 0
    except SystemExit as exc:
        code = exc.code
    out.append({{"args": args, "code": code,
                "loaded": [m for m in heavy if m in sys.modules]}})
print(json.dumps(out), file=sys.stderr)
"""


def _commands(group: click.Group, path: list[str]) -> list[list[str]]:
    found = [path]
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            found += _commands(cmd, path + [name])
        else:
            found.append(path + [name])
    return found


def _probe(invocations: list[list[str]]) -> list[dict]:
    proc = subprocess.run([sys.executable, "-c", _PROBE.format(heavy=HEAVY),
                           json.dumps(invocations)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    return json.loads(proc.stderr.strip().splitlines()[-1])


def test_help_of_every_command_loads_no_heavy_library():
    commands = _commands(main, [])
    assert len(commands) > 10  # the walk found the subcommands
    for result in _probe([c + ["--help"] for c in commands]):
        assert result["code"] == 0, result
        assert result["loaded"] == [], f"{result['args']} imported {result['loaded']}"


def test_usage_errors_load_no_heavy_library():
    for result in _probe([list(a) for a in BAD_USAGE]):
        assert result["code"] == 2, result
        assert result["loaded"] == [], f"{result['args']} imported {result['loaded']}"


def test_python_dash_m_help_loads_no_heavy_library():
    code = ("import runpy, sys\nsys.argv = ['geoincidents', '--help']\n"
            "try:\n    runpy.run_module('geoincidents', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            f"print([m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert "Usage: geoincidents" in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_the_probe_sees_a_heavy_import():
    # the check can fail: a command that does its work imports the libraries
    (result,) = _probe([["report", "distance", "--from", "Camp Taji", "--to", "Green Zone"]])
    assert result["code"] == 0 and "pandas" in result["loaded"]


def test_extract_of_one_article_loads_no_map_or_dask_library(tmp_path):
    """Extraction to CSV needs spaCy and pandas, not folium, dask or DuckDB."""
    article = tmp_path / "a.txt"
    article.write_text("Published: 2021-03-04\n\nTwo rockets struck Camp Taji on Tuesday, "
                       "wounding a soldier.\n", encoding="utf-8")
    code = ("import runpy, sys; sys.argv = ['geoincidents', '-q', 'extract', sys.argv[1], "
            "'-f', 'csv'];\ntry:\n    runpy.run_module('geoincidents', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('folium', 'dask', 'duckdb', 'branca') "
            "if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    assert "rocket_attack" in proc.stdout, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_places_of_one_article_loads_no_geometry_library(tmp_path):
    """Listing places needs pandas and pyproj (distances), not geopandas or shapely
    (the incident frame), the fact readers (`extract.facts`, `extract.records`) nor the
    zone reports; extraction loads geopandas and the fact readers, not the reports
    (`cells.format_frame` renders its tables)."""
    article = tmp_path / "a.txt"
    article.write_text("Published: 2021-03-04\n\nTwo rockets struck Camp Taji on Tuesday, "
                       "wounding a soldier.\n", encoding="utf-8")
    code = ("import runpy, sys; sys.argv = ['geoincidents', '-q', sys.argv[2], sys.argv[1], "
            "'-f', 'table'];\ntry:\n    runpy.run_module('geoincidents', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('geopandas', 'shapely', 'geoincidents.report', "
            "'geoincidents.spatial', 'spacy', 'geoincidents.extract.facts', "
            "'geoincidents.extract.records') if m in sys.modules), file=sys.stderr)")
    loaded = {}
    for command, expected in (("places", "Camp Taji"), ("extract", "rocket_attack")):
        proc = subprocess.run([sys.executable, "-c", code, str(article), command],
                              capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert expected in proc.stdout, proc.stderr
        loaded[command] = proc.stderr.strip().splitlines()[-1]
    assert loaded["places"] in ("[]", "['spacy']")
    assert loaded["extract"] == ("['geoincidents.extract.facts', 'geoincidents.extract.records', "
                                 "'geopandas', 'shapely', 'spacy']")


def test_gazetteer_lookup_loads_no_nlp_or_geodesy_library():
    """Looking a name up reads the gazetteers: no spaCy, and no pyproj unless a distance
    is measured (``--near``)."""
    code = ("import runpy, sys; sys.argv = ['geoincidents', 'gazetteer', 'lookup', 'Basra']\n"
            "try:\n    runpy.run_module('geoincidents', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pyproj', 'spacy', 'geopandas', 'shapely') "
            "if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert "Basra" in proc.stdout, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]"
