"""The modules compiled by mypyc (built by setup.py): used only when built from the
sources on disk, and giving exactly what the Python source gives."""

from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geoincidents import compiled

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _package(tmp_path: Path, built=compiled.RULES, stamp: bool = True) -> Path:
    """A folder shaped like the package: sources, (empty) built modules, stamp."""
    (tmp_path / "extract").mkdir(exist_ok=True)
    for name in compiled.RULES:
        (tmp_path / f"{name}.py").write_text(f"# the {name} module\n", encoding="utf-8")
    for name in built:
        (tmp_path / f"{name}{SUFFIX}").write_bytes(b"")
    if stamp:
        (tmp_path / compiled.STAMP).write_text(json.dumps(compiled.source_hashes(tmp_path)),
                                               encoding="utf-8")
    return tmp_path


def test_setup_compiles_the_modules_the_guard_checks():
    import ast

    setup = (Path(__file__).resolve().parents[1] / "setup.py").read_text(encoding="utf-8")
    rules = next(node.value for node in ast.walk(ast.parse(setup))
                 if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "RULES")
    assert ast.literal_eval(rules) == compiled.RULES


def test_a_build_from_the_sources_on_disk_is_used(tmp_path):
    assert compiled.decide(_package(tmp_path), environ={})[0] == "compiled"


def test_without_a_build_the_source_is_used(tmp_path):
    state, why = compiled.decide(_package(tmp_path, built=(), stamp=False), environ={})
    assert (state, why) == ("source", "the modules are not compiled")


def test_an_edited_source_makes_the_build_stale_and_says_which(tmp_path):
    folder = _package(tmp_path)
    with open(folder / "extract" / "dates.py", "a", encoding="utf-8") as f:
        f.write("# a new rule\n")
    state, why = compiled.decide(folder, environ={})
    assert state == "stale" and "extract/dates.py" in why and "events.py" not in why


def test_a_build_without_its_record_or_with_modules_missing_is_stale(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    state, why = compiled.decide(_package(tmp_path / "a", stamp=False), environ={})
    assert state == "stale" and compiled.STAMP in why
    state, why = compiled.decide(_package(tmp_path / "b", built=compiled.RULES[:-1]),
                                 environ={})
    assert state == "stale" and "gazetteer.py" in why


def test_geoincidents_pure_forces_the_source(tmp_path):
    folder = _package(tmp_path)
    assert compiled.decide(folder, environ={"GEOINCIDENTS_PURE": "1"})[0] == "source"
    assert compiled.decide(folder, environ={"GEOINCIDENTS_PURE": "0"})[0] == "compiled"


_DUMP = """
import json, sys
from pathlib import Path
from geoincidents import compiled
from geoincidents.extract import extract_records, find_places, prepare
import geoincidents.extract.events as events
import geoincidents.gazetteer as gazetteer
from geoincidents.gazetteer import Gazetteer
gaz = Gazetteer.load()
out = {"events": events.__file__, "gazetteer": gazetteer.__file__, "status": compiled.status(),
       "articles": []}
for path in sorted(Path(sys.argv[1]).rglob("*.txt")):
    text = path.read_text(encoding="utf-8")
    rows, positions, rejects, warnings = extract_records(text, gazetteer=gaz, source=path.name)
    places = [[m.start, m.end, m.role, m.place.place_id if m.place else None, m.score]
              for m in find_places(prepare(text), gazetteer=gaz)]
    out["articles"].append([path.name, [{k: str(v) for k, v in r.items()} for r in rows],
                            positions, [str(r) for r in rejects + warnings], places])
print(json.dumps(out))
"""


def _dump(env: dict) -> dict:
    samples = Path(__file__).resolve().parents[1] / "geodata" / "samples"
    done = subprocess.run([sys.executable, "-c", _DUMP, str(samples)], capture_output=True,
                          text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(compiled.decide()[0] != "compiled",
                    reason="no compiled modules in use here: not built (python3 -m pip "
                           "install -e . builds them), stale, or GEOINCIDENTS_PURE set")
def test_compiled_rules_give_what_the_source_gives():
    env = {k: v for k, v in os.environ.items() if k != "GEOINCIDENTS_PURE"}
    fast = _dump(env)
    slow = _dump({**env, "GEOINCIDENTS_PURE": "1"})
    assert fast["status"] == "compiled (mypyc)" and not fast["events"].endswith(".py")
    assert not fast["gazetteer"].endswith(".py")
    assert slow["events"].endswith("events.py") and slow["gazetteer"].endswith("gazetteer.py")
    assert slow["status"].startswith("Python source")
    assert len(fast["articles"]) >= 40  # the samples and every held-out set
    for a, b in zip(fast["articles"], slow["articles"], strict=True):
        assert a == b, a[0]


@pytest.mark.skipif(compiled.decide()[0] != "compiled",
                    reason="no compiled modules in use here")
def test_the_objects_made_per_sentence_are_made_by_compiled_code():
    """mypyc leaves a dataclass's generated ``__init__`` to the dataclasses module, as
    Python code; the classes made for every sentence, mention, date and candidate place
    write theirs out."""
    import types

    from geoincidents import gazetteer
    from geoincidents.extract import dates, events, mentions

    for cls in (events.SentenceFacts, events.Incident, events.Casualties, mentions.Mention,
                dates.DateMention, gazetteer.Candidate):
        assert not isinstance(cls.__init__, types.FunctionType), cls.__name__
    # ... and they still behave as the dataclasses they are
    assert events.Casualties(1) == events.Casualties(1, None, [])
    assert events.Incident("raid", None).casualties == events.Casualties()
    assert mentions.Mention(0, 4, "Taji", 0, "gazetteer").role == "location"
