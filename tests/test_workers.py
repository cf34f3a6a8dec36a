"""Work shared among forked processes (`geoincidents.workers`), and a folder of
articles read by several processes giving what one process gives."""

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geoincidents import workers
from geoincidents.extract import read_articles

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "geodata" / "samples" / "articles"
BAD = Path(__file__).parent / "data" / "articles"


def _pid_and_sum(chunk):
    return os.getpid(), sum(chunk)


def _fails_on_three(chunk):
    if 3 in chunk:
        raise ValueError("chunk with 3")
    return chunk


def test_results_come_back_in_order_from_other_processes():
    chunks = [[k, k + 1] for k in range(0, 40, 2)]
    got = list(workers.map_ordered(_pid_and_sum, chunks, workers=2))
    assert [s for _, s in got] == [sum(c) for c in chunks]
    assert os.getpid() not in {pid for pid, _ in got}  # done by the forked workers


def test_one_worker_or_one_chunk_runs_here():
    for chunks, n in (([[1], [2]], 1), ([[5]], 4)):
        got = list(workers.map_ordered(_pid_and_sum, chunks, workers=n))
        assert got == [(os.getpid(), sum(c)) for c in chunks]


def test_an_error_in_a_worker_is_raised_here():
    with pytest.raises(ValueError, match="chunk with 3"):
        list(workers.map_ordered(_fails_on_three, [[1], [2], [3], [4]], workers=2))
    # and the pool is gone: another map runs
    assert list(workers.map_ordered(sum, [[1], [2]], workers=2)) == [1, 2]


def test_usable_cpus_is_at_least_one():
    assert workers.usable_cpus() >= 1


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory):
    """More articles than two worker chunks, with files that cannot be read among them."""
    folder = tmp_path_factory.mktemp("many")
    files = sorted(f for f in SAMPLES.iterdir() if f.is_file())
    for k in range(26):
        src = files[k % len(files)]
        shutil.copy(src, folder / f"{k:02d}_{src.name}")
    for name in ("empty.txt", "binary.txt", "no_incident.txt"):
        shutil.copy(BAD / name, folder / f"13_{name}")
    return folder


def test_a_folder_read_by_two_processes_gives_what_one_gives(big_folder, gaz):
    from geoincidents.extract import WORKER_CHUNK

    assert len(list(big_folder.iterdir())) > 2 * WORKER_CHUNK  # the workers do run
    one = read_articles(big_folder, gazetteer=gaz, workers=1)
    two = read_articles(big_folder, gazetteer=gaz, workers=2)
    assert len(one.incidents) > 26
    pd.testing.assert_frame_equal(one.incidents, two.incidents)
    assert two.rejects == one.rejects and two.warnings == one.warnings
    assert {Path(r.source).name for r in two.rejects} >= {"13_empty.txt", "13_binary.txt"}
