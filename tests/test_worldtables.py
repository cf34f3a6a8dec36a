"""The world tables' cached copies: read back as the table, one copy per installed table."""

from __future__ import annotations

import gzip
import os

import pytest

from geoincidents import settings, worldtables
from geoincidents.errors import GazetteerError

COLUMNS = ("key", "value")


def _table(folder, rows):
    folder.mkdir(parents=True, exist_ok=True)
    text = "key,value\n" + "".join(f"{k},{v}\n" for k, v in rows)
    (folder / "demo.csv.gz").write_bytes(gzip.compress(text.encode("utf-8")))


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """A bundled data folder and a cache folder of the test's own."""
    monkeypatch.setattr(settings, "data_dir", tmp_path / "data")
    monkeypatch.setenv("GEOINCIDENTS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "data" / "world", tmp_path / "cache"


def test_the_cached_copy_reads_as_the_table(installed):
    world, cache = installed
    _table(world, [("alpha", 1), ("beta", 2), ("gamma", 3)])
    first = worldtables.read_lines(world, "demo", COLUMNS)
    assert len(list(cache.iterdir())) == 3  # lines, starts, stamp
    again = worldtables.read_lines(world, "demo", COLUMNS)  # from the copy
    assert list(first) == list(again) == ["alpha,1", "beta,2", "gamma,3"]
    assert again.containing("beta") == [1]


def test_an_updated_table_replaces_its_copy_instead_of_adding_one(installed):
    world, cache = installed
    _table(world, [("alpha", 1), ("beta", 2)])
    worldtables.read_lines(world, "demo", COLUMNS)
    names = sorted(p.name for p in cache.iterdir())
    for k in range(3):  # three new versions of the same installed table
        _table(world, [("alpha", 1), ("beta", 2), ("delta", k)])
        path = world / "demo.csv.gz"
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10 ** 9 * (k + 1)))
        assert list(worldtables.read_lines(world, "demo", COLUMNS))[-1] == f"delta,{k}"
    assert sorted(p.name for p in cache.iterdir()) == names


def test_a_table_of_another_folder_is_read_without_a_copy(tmp_path, installed):
    _, cache = installed
    _table(tmp_path / "elsewhere", [("alpha", 1)])
    assert list(worldtables.read_lines(tmp_path / "elsewhere", "demo", COLUMNS)) == ["alpha,1"]
    assert not cache.exists()


def test_unsorted_rows_are_refused_with_the_file_named(installed):
    world, _ = installed
    _table(world, [("beta", 2), ("alpha", 1)])
    with pytest.raises(GazetteerError, match=r"demo\.csv\.gz: rows are not sorted"):
        worldtables.read_lines(world, "demo", COLUMNS)
