"""Outputs through the commands: refused before any work, written whole or not at all,
FIFOs and devices written through, interruptions leave the old files, re-runs give the
same bytes."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FullDisk
from geoincidents import settings
from geoincidents.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = settings.sample_incidents_path()
BAD_ROWS = "lon,lat,place,notes\n44.39,33.30,,fine\n44.3x,33.3,,=1+1\n"


def run(*args, input=None):  # noqa: A002 (CliRunner.invoke's name)
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(".geoincidents-"))


@pytest.fixture
def old(tmp_path) -> Path:
    """A file that must come out of every failed run as it went in."""
    path = tmp_path / "old.csv"
    path.write_text("keep me\n")
    return path


# -- refused before any input is read ---------------------------------------------------------

def commands(tmp: Path, old: Path, missing: Path, garbage: Path):
    new = tmp / "new.html"
    return {
        "map -o": ["map", missing, "-o", old],
        "map --png": ["map", missing, "-o", new, "--png", old],
        "map --rejects": ["map", missing, "-o", new, "--rejects", old],
        "report zones": ["report", "zones", missing, "-o", old],
        "report zones streamed": ["report", "zones", missing, "--chunksize", 5, "--rejects", old],
        "report distance": ["report", "distance", missing, "-o", old],
        "convert": ["convert", missing, "-o", old],
        "convert --rejects": ["convert", missing, "--rejects", old],
        "extract": ["extract", missing, "-o", old],
        "places": ["places", missing, "-o", old],
        "eval": ["eval", missing, "-o", old],
        "zones list": ["zones", "list", "-o", old],
        "zones import": ["zones", "import", garbage, "--out", old],
        "gazetteer import": ["gazetteer", "import", garbage, "--out", old],
        "demo": ["demo", missing, "-d", tmp],
    }


@pytest.mark.parametrize("name", list(commands(Path(), Path(), Path(), Path())))
def test_an_existing_output_is_refused_before_any_input_is_read(tmp_path, old, name):
    garbage = tmp_path / "garbage.geojson"
    garbage.write_text("{ not json")
    (tmp_path / "zones.csv").write_text("keep me\n")  # demo's
    args = commands(tmp_path, old, tmp_path / "missing.csv", garbage)[name]
    result = run(*args, input="this is not read")
    assert result.exit_code == 1, result.output
    assert "exists; pass --overwrite to replace it" in result.output
    assert "missing.csv" not in result.output.replace(str(old), "")  # the input was not read
    assert old.read_text() == "keep me\n" and not (tmp_path / "new.html").exists()


@pytest.mark.parametrize("option", ["-o", "--rejects"])
def test_a_missing_folder_is_refused_before_work(tmp_path, option):
    out = tmp_path / "nope" / "out.csv"
    result = run("report", "zones", tmp_path / "missing.csv", option, out)
    assert result.exit_code == 1
    assert f"{option} {out}: the folder {out.parent} does not exist; create it first" \
        in result.output
    assert not out.parent.exists()


def test_the_default_map_folder_is_made(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("map", SAMPLE)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "maps" / "incidents.html").is_file() and leftovers(tmp_path) == []


@pytest.mark.parametrize("args", [
    ["convert", "{data}", "-o", "{out}.geojson", "--rejects", "{data}"],
    ["convert", "{data}", "-o", "{data}"],
    ["report", "zones", "{data}", "--rejects", "{data}"],
    ["report", "zones", "{data}", "--chunksize", "1", "--rejects", "{data}"],
    ["map", "{data}", "-o", "{out}.html", "--rejects", "{data}"],
    ["report", "distance", "{data}", "--zones", "{zones}", "-o", "{zones}"],
    ["map", "{data}", "-o", "{out}.html", "--zones", "{zones}", "--rejects", "{zones}"],
    ["zones", "import", "{zones}", "--out", "{zones}"],
])
def test_an_input_is_refused_as_an_output_even_with_overwrite(tmp_path, args):
    data = tmp_path / "data.csv"
    data.write_text(BAD_ROWS)
    zones = tmp_path / "zones.geojson"
    zones.write_text((settings.data_dir / "zones.geojson").read_text())
    before = (data.read_bytes(), zones.read_bytes())
    filled = [a.format(data=data, out=tmp_path / "out", zones=zones) for a in args]
    result = run(*filled, "--overwrite")
    assert result.exit_code == 2, result.output
    assert "is also an input; write the output elsewhere (--overwrite never replaces an " \
        "input)" in result.output
    assert (data.read_bytes(), zones.read_bytes()) == before


def test_an_output_in_an_input_folder_that_would_be_read_is_refused(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Rockets hit Camp Taji on 2020-01-05.\n")
    result = run("map", folder, "-o", folder / "map.html")
    assert result.exit_code == 2 and "inside the input folder" in result.output
    result = run("extract", folder, "-f", "csv", "-o", folder / "incidents.csv")
    assert result.exit_code == 0, result.output  # a CSV is not read from an articles folder


@pytest.mark.parametrize("args,match", [
    (["report", "zones", SAMPLE, "-o", "{a}", "--rejects", "{a}"], "-o and --rejects both name"),
    (["map", SAMPLE, "-o", "{a}", "--png", "{a}"], "-o and --png both name"),
    (["report", "zones", SAMPLE, "--rejects", "-"], "-o and --rejects both name stdout"),
])
def test_one_file_for_two_outputs_is_a_usage_error(tmp_path, args, match):
    result = run(*[str(a).format(a=tmp_path / "a.out") for a in args], "--overwrite")
    assert result.exit_code == 2 and match in result.output
    assert list(tmp_path.iterdir()) == []


def test_rejects_to_stdout(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text(BAD_ROWS)
    result = run("convert", data, "-o", tmp_path / "out.geojson", "--rejects", "-")
    assert result.exit_code == 3
    assert result.stdout.startswith("source,row,field,value,reason\n")


# -- FIFOs and devices ----------------------------------------------------------------------

def test_overwrite_writes_through_a_fifo_and_keeps_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list = []

    def reader():
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    result = run("convert", SAMPLE, "-o", fifo, "--to", "gpkg", "--overwrite")
    thread.join(30)
    assert result.exit_code == 0, result.output
    assert got and got[0].startswith(b"SQLite format 3\x00")
    assert stat.S_ISFIFO(fifo.stat().st_mode) and leftovers(tmp_path) == []


@pytest.mark.parametrize("args", [
    ["convert", SAMPLE, "--to", "gpkg", "-o", os.devnull],
    ["report", "zones", SAMPLE, "-o", os.devnull, "--rejects", os.devnull],
    ["map", SAMPLE, "-o", os.devnull, "--rejects", os.devnull],
])
def test_dev_null_is_written_through_and_never_unlinked(args):
    result = run(*args, "--overwrite")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_device_is_a_clean_error():
    result = run("report", "zones", SAMPLE, "-f", "csv", "-o", "/dev/full")
    assert result.exit_code == 1
    assert "Error: /dev/full: could not be written (No space left on device)" in result.output


# -- a full disk in the middle of a write ------------------------------------------------------

def full_disk_open(*args, **kwargs):
    fh = open(*args, **kwargs)  # noqa: SIM115 (a stand-in for open: the caller closes it)
    return FullDisk(fh) if any(m in fh.mode for m in "wa") else fh


def full_disk_writer(table, path, **kwargs):
    Path(path).write_bytes(b"SQLite format 3\x00 and then the disk was full")
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("case", ["convert csv", "convert gpkg", "report", "rejects",
                                  "streamed rejects", "zones import", "gazetteer import"])
def test_a_full_disk_leaves_the_old_file_and_no_partial_file(tmp_path, monkeypatch, case):
    import geopandas
    import pyogrio

    from geoincidents import gazetteer_import, outputs, scale
    from geoincidents.formats import writers

    data = tmp_path / "data.csv"
    data.write_text(BAD_ROWS)
    places = tmp_path / "places.csv"
    places.write_text("place_id,name,kind,country,lon,lat,radius_m\nx:1,Somewhere,town,IQ,"
                      "44,33,1000\n")
    old = {"convert gpkg": "old.gpkg", "zones import": "old.geojson"}.get(case, "old.csv")
    old = tmp_path / old
    old.write_bytes(b"keep me\n")
    args, full = {
        "convert csv": (["convert", SAMPLE, "-o", old], writers),
        "convert gpkg": (["convert", SAMPLE, "-o", old], pyogrio),
        "report": (["report", "zones", SAMPLE, "-f", "markdown", "-o", old], outputs),
        "rejects": (["convert", data, "-o", tmp_path / "x.geojson", "--rejects", old], outputs),
        "streamed rejects": (["report", "zones", data, "--chunksize", 1, "--rejects", old],
                             scale),
        "zones import": (["zones", "import", settings.data_dir / "zones.geojson", "--out", old],
                         geopandas),
        "gazetteer import": (["gazetteer", "import", places, "--out", old], gazetteer_import),
    }[case]
    if full is pyogrio:
        monkeypatch.setattr(pyogrio, "write_arrow", full_disk_writer)
    elif full is geopandas:
        monkeypatch.setattr(geopandas.GeoDataFrame, "to_file",
                            lambda self, path, **kw: full_disk_writer(self, path))
    else:
        monkeypatch.setattr(full, "open", full_disk_open, raising=False)
    result = run(*args, "--overwrite")
    assert result.exit_code == 1, result.output
    assert f"{old}: could not be written (No space left on device); the old file is left " \
        "as it was" in result.output
    assert old.read_bytes() == b"keep me\n"
    assert leftovers(tmp_path) == []


def test_demo_changes_none_of_its_files_when_one_fails(tmp_path, monkeypatch):
    from geoincidents import cells

    assert run("demo", SAMPLE, "-d", tmp_path).exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = cells.format_frame

    def failing(frame, fmt, **kw):
        if fmt == "markdown":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(frame, fmt, **kw)

    monkeypatch.setattr(cells, "format_frame", failing)
    result = run("demo", SAMPLE, "-d", tmp_path, "--overwrite")
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# -- interrupted: SIGINT, SIGTERM ----------------------------------------------------------------

INTERRUPT = textwrap.dedent("""
    import os, signal, sys, time
    from geoincidents import outputs

    # Python's own SIGINT handler even when the test runs in a background job, whose
    # shell started it with SIGINT ignored (as `cmd &` does without job control)
    signal.signal(signal.SIGINT, signal.default_int_handler)

    real_open = open

    class Interrupted:
        def __init__(self, fh):
            self.fh = fh
        def write(self, text):
            self.fh.write(text[: len(text) // 2])
            self.fh.flush()
            print("partial:", os.path.getsize(self.fh.name), file=sys.stderr, flush=True)
            os.kill(os.getpid(), getattr(signal, sys.argv[1]))
            time.sleep(30)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.fh.close()

    outputs.open = lambda *a, **k: Interrupted(real_open(*a, **k))
    from geoincidents.cli import main
    main(sys.argv[2:], prog_name="geoincidents")
""")


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_an_interrupted_write_leaves_the_old_file(tmp_path, old, sig):
    proc = subprocess.run([sys.executable, "-c", INTERRUPT, sig, "report", "zones",
                           str(SAMPLE), "-f", "csv", "-o", str(old), "--overwrite"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "partial:" in proc.stderr  # the signal came in the middle of the write
    assert proc.returncode == 1 and "Aborted!" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert old.read_text() == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.csv"]


# -- the same input gives the same bytes ---------------------------------------------------------

REPRODUCE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from click.testing import CliRunner
    from geoincidents import settings
    from geoincidents.cli import main

    out, sample = Path(sys.argv[1]), str(settings.sample_incidents_path())
    articles = sorted(str(p) for p in settings.sample_articles_path().glob("*.txt"))[:3]
    runs = [["convert", sample, *articles, "-o", str(out / f"incidents.{suffix}")]
            for suffix in ("gpkg", "fgb", "parquet", "geojson", "geojsons", "csv")]
    runs += [["convert", sample, "--to", "acled", "-o", str(out / "acled.csv")],
             ["demo", sample, *articles, "-d", str(out / "demo")],
             ["extract", *articles, "-f", "csv", "-o", str(out / "extract.csv")],
             ["places", *articles, "-f", "json", "-o", str(out / "places.json")],
             ["report", "zones", sample, "--chunksize", "3", "-f", "markdown",
              "-o", str(out / "zones.md")]]
    for args in runs:
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code in (0, 3), (args, result.output)
""")


@pytest.mark.slow
def test_reruns_are_byte_identical_across_hash_seeds(tmp_path):
    files = {}
    for seed in ("0", "1", "4242"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", REPRODUCE, str(out)], cwd=ROOT, env=env,
                       check=True, timeout=600, capture_output=True)
        # the map page's bytes are the business of the map's own test
        files[seed] = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
                       if p.is_file() and p.suffix != ".html"}
    assert len(files["0"]) == 15
    for seed in ("1", "4242"):
        differ = [name for name in files["0"] if files[seed].get(name) != files["0"][name]]
        assert differ == [], f"PYTHONHASHSEED={seed} changed {differ}"
