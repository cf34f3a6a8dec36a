"""geoincidents.outputs: checks before work, and files written whole or not at all."""

from __future__ import annotations

import gc
import os
import signal
import shutil
import socket
import stat
import tempfile
import threading
from pathlib import Path

import pytest

from geoincidents import outputs
from conftest import FullDisk
from geoincidents.errors import OutputConflict, OutputError, OutputExists


def leftovers(folder: Path) -> list[str]:
    """Temporary files or folders that a write left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".geoincidents-"))


def read_fifo(path: Path, into: list) -> threading.Thread:
    def reader():
        with open(path, "rb") as fh:
            into.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


# -- writing whole or not at all ---------------------------------------------------------

def test_staged_replaces_the_file_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    with outputs.Staged(target, overwrite=True) as tmp:
        assert tmp.parent.parent == tmp_path and tmp.name == "report.csv"
        tmp.write_text("new\n")
        assert target.read_text() == "old\n"  # nothing reaches the target before the end
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_full_disk_leaves_the_old_file_and_nothing_else(tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("old\n")
    with pytest.raises(OutputError, match=r"report.csv: could not be written \(No space left "
                                          r"on device\); the old file is left as it was"):
        with outputs.Staged(target, overwrite=True) as tmp, FullDisk(open(tmp, "w")) as fh:
            fh.write("zone,incidents\n" * 1000)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


@pytest.mark.parametrize("error", [ValueError("bad value"), KeyboardInterrupt(),
                                   outputs.Terminated("stopped by SIGTERM")])
def test_an_error_or_interruption_while_writing_discards_the_file(tmp_path, error):
    target = tmp_path / "map.html"
    target.write_text("old")
    with pytest.raises(type(error)):
        with outputs.Staged(target, overwrite=True) as tmp:
            tmp.write_text("half a pa")
            raise error
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_a_new_file_that_fails_is_not_created(tmp_path):
    with pytest.raises(OutputError, match="nothing was written"):
        with outputs.Staged(tmp_path / "new.csv") as tmp, FullDisk(open(tmp, "w")) as fh:
            fh.write("x" * 100)
    assert list(tmp_path.iterdir()) == []


def test_a_staged_file_dropped_without_commit_is_cleaned_up(tmp_path):
    staged = outputs.Staged(tmp_path / "rejects.csv")
    staged.path.write_text("source,row\n")
    assert leftovers(tmp_path)
    del staged
    gc.collect()
    assert list(tmp_path.iterdir()) == []


def test_a_writer_that_makes_no_file_is_an_error(tmp_path):
    with pytest.raises(OutputError, match="the writer made no file"):
        with outputs.Staged(tmp_path / "out.gpkg"):
            pass
    assert list(tmp_path.iterdir()) == []


def test_side_files_move_with_the_main_file(tmp_path):
    with outputs.Staged(tmp_path / "incidents.shp") as tmp:
        for suffix in (".shp", ".shx", ".dbf"):
            tmp.with_suffix(suffix).write_text(suffix)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incidents.dbf", "incidents.shp",
                                                          "incidents.shx"]


def test_a_file_that_appears_meanwhile_is_not_replaced_without_overwrite(tmp_path):
    target = tmp_path / "zones.csv"
    staged = outputs.Staged(target)
    staged.path.write_text("ours")
    target.write_text("someone else's")
    with pytest.raises(OutputExists, match="zones.csv exists; pass --overwrite"):
        staged.commit()
    assert target.read_text() == "someone else's" and leftovers(tmp_path) == []


def test_a_symlink_keeps_pointing_at_the_file_it_names(tmp_path):
    real = tmp_path / "data" / "zones.csv"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    outputs.write_text(link, "new", overwrite=True)
    assert link.is_symlink() and real.read_text() == "new"


# -- FIFOs and devices: written through, never replaced --------------------------------------

def test_a_fifo_is_written_through_and_never_unlinked(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list = []
    thread = read_fifo(fifo, got)
    outputs.write_text(fifo, "zone,incidents\nGreen Zone,3\n", overwrite=True)
    thread.join(10)
    assert got == [b"zone,incidents\nGreen Zone,3\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode) and leftovers(tmp_path) == []


def test_dev_null_needs_no_overwrite_and_stays_a_device():
    assert outputs.write_text(os.devnull, "anything") == Path(os.devnull)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_device_is_a_clean_error():
    with pytest.raises(OutputError, match=r"/dev/full: could not be written \(No space left "
                                          r"on device\); nothing was written"):
        outputs.write_text("/dev/full", "x" * 10000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_stdout_is_written_whole(capfd):
    outputs.write_text("-", "a,b\n1,2\n")
    assert capfd.readouterr().out == "a,b\n1,2\n"


# -- refusing before work ---------------------------------------------------------------

def test_refusals(tmp_path):
    (tmp_path / "old.csv").write_text("x")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OutputExists, match="old.csv exists; pass --overwrite to replace it"):
        outputs.target(tmp_path / "old.csv")
    with pytest.raises(OutputError, match=r"-o .*nope/out.csv: the folder .*nope does not "
                                          r"exist; create it first \(mkdir -p .*nope\)"):
        outputs.target(tmp_path / "nope" / "out.csv", option="-o")
    with pytest.raises(OutputError, match="cannot be written|is not a folder"):
        outputs.target(tmp_path / "afile" / "out.csv")
    with pytest.raises(OutputError, match="is a folder; name a file to write"):
        outputs.target(tmp_path, overwrite=True)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    try:
        with pytest.raises(OutputError, match="is a socket; geoincidents writes only"):
            outputs.target(tmp_path / "sock", overwrite=True)
    finally:
        sock.close()
    made = outputs.target(tmp_path / "a" / "b" / "out.csv", make_folder=True)
    assert made.kind == "file" and not (tmp_path / "a").exists()  # made only when written


def as_nobody(func):
    """Run ``func`` with the rights of an unprivileged user (root ignores permissions)."""
    if os.geteuid() != 0:
        return func()
    os.setegid(65534)
    os.seteuid(65534)
    try:
        return func()
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def open_tmp():
    """A temporary folder that an unprivileged user can reach (pytest's is private)."""
    path = Path(tempfile.mkdtemp())
    path.chmod(0o755)
    yield path
    for p in path.rglob("*"):
        if p.is_dir():
            p.chmod(0o755)
    shutil.rmtree(path)


def test_a_folder_or_file_without_write_permission_is_refused(open_tmp):
    tmp_path = open_tmp
    folder = tmp_path / "locked"
    folder.mkdir()
    (tmp_path / "mine.csv").write_text("x")
    (tmp_path / "mine.csv").chmod(0o444)
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match=r"cannot write in the folder .*locked "
                                              r"\(permission denied\)"):
            as_nobody(lambda: outputs.target(folder / "new.csv"))
        with pytest.raises(OutputError, match="mine.csv is not writable"):
            as_nobody(lambda: outputs.target(tmp_path / "mine.csv", overwrite=True))
    finally:
        folder.chmod(0o755)


def test_the_same_file_named_twice_is_refused(tmp_path):
    (tmp_path / "sub").mkdir()
    with pytest.raises(OutputConflict, match="-o and --rejects both name"):
        outputs.check_outputs({"-o": tmp_path / "a.csv",
                               "--rejects": tmp_path / "sub" / ".." / "a.csv"},
                              overwrite=True)
    (tmp_path / "b.csv").write_text("x")
    os.link(tmp_path / "b.csv", tmp_path / "hard.csv")
    with pytest.raises(OutputConflict, match="-o and --png both name"):
        outputs.check_outputs({"-o": tmp_path / "b.csv", "--png": tmp_path / "hard.csv"},
                              overwrite=True)
    with pytest.raises(OutputConflict, match="both name stdout"):
        outputs.check_outputs({"-o": "-", "--rejects": "-"}, overwrite=False)
    checked = outputs.check_outputs({"-o": os.devnull, "--rejects": os.devnull},
                                    overwrite=False)
    assert {t.kind for t in checked.values()} == {"stream"}


def test_an_input_is_never_an_output(tmp_path):
    data = tmp_path / "events.csv"
    data.write_text("lon,lat\n")
    (tmp_path / "alias.csv").symlink_to(data)
    for out in (data, tmp_path / "alias.csv"):
        with pytest.raises(OutputConflict, match="is also an input; write the output "
                                                 r"elsewhere \(--overwrite never replaces"):
            outputs.check_outputs({"--rejects": out}, overwrite=True, inputs=["-", data])
    articles = tmp_path / "articles"
    articles.mkdir()
    with pytest.raises(OutputConflict, match="inside the input folder .*articles, where it "
                                             "is read as input"):
        outputs.check_outputs({"-o": articles / "map.html"}, overwrite=True,
                              inputs=[articles], folder_suffixes=[".txt", ".html"])
    outputs.check_outputs({"-o": articles / "rejects.csv"}, overwrite=True,
                          inputs=[articles], folder_suffixes=[".txt", ".html"])


# -- signals ----------------------------------------------------------------------------------

def test_sigterm_becomes_an_interruption_while_active():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(outputs.Terminated, match="SIGTERM"):
        with outputs.sigterm_as_interrupt():
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):  # the handler runs between bytecodes
                pass
    assert signal.getsignal(signal.SIGTERM) is before


def test_an_ignored_signal_stays_ignored():
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with outputs.sigterm_as_interrupt():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)


def test_an_input_named_as_output_is_a_conflict_not_a_missing_overwrite(tmp_path):
    data = tmp_path / "events.csv"
    data.write_text("lon,lat\n")
    with pytest.raises(OutputConflict, match="is also an input"):
        outputs.check_outputs({"-o": data}, overwrite=False, inputs=[data])
