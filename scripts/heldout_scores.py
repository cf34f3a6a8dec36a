"""Score labelled sets as one markdown table, and optionally raise tests/test_heldout.py's floors.

    python3 scripts/heldout_scores.py labels heldout heldout6 ... [--root CHECKOUT] [-j 2]
    python3 scripts/heldout_scores.py heldout15 heldout19 --raise-floors

Each name is a folder under geodata/samples/ (``labels`` is geodata/samples/labels.json,
whose seed articles need ``GEOINCIDENTS_SEEDS`` or ../shared/seeds). ``--root`` scores another
checkout (e.g. a worktree) with its own code and data. ``--raise-floors`` sets each scored
set's floors in tests/test_heldout.py to 0.1 under its score (rounded down to 0.01), only
ever raising them; run it after a round's scores, never to make a failing test pass.
"""
from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ("precision", "recall", "event_type", "date", "place", "role", "counts",
           "casualties", "actors")
HEAD = ("P", "R", "type", "date", "place", "role", "counts", "cas", "actors", "actP")

_CHILD = r"""
import json, sys
from geoincidents.evaluate import evaluate
from geoincidents.gazetteer import Gazetteer
s = evaluate(sys.argv[1], gazetteer=Gazetteer.load(user=False))
items = s.actor_items
print(json.dumps({"n_gold": s.n_gold, "precision": s.precision, "recall": s.recall,
                  **s.accuracy(), "actP": items["pred_right"] / items["pred"] if items["pred"]
                  else None, "missing": s.missing}))
"""


def labels_path(root: Path, name: str) -> Path:
    samples = root / "geodata" / "samples"
    return samples / "labels.json" if name == "labels" else samples / name / "labels.json"


def score(root: Path, name: str) -> dict:
    import json

    out = subprocess.run([sys.executable, "-c", _CHILD, str(labels_path(root, name))],
                         cwd=root, env=_env(root), capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _env(root: Path) -> dict:
    import os

    env = dict(os.environ, PYTHONPATH=str(root))
    seeds = root.parent / "shared" / "seeds"
    if "GEOINCIDENTS_SEEDS" not in env and not seeds.is_dir():
        env["GEOINCIDENTS_SEEDS"] = str(ROOT.parent / "shared" / "seeds")
    return env


def _cell(value) -> str:
    return "-" if value is None else f"{value:.2f}"


def table(results: dict[str, dict]) -> str:
    lines = ["| set | n | " + " | ".join(HEAD) + " |", "|---" * (len(HEAD) + 2) + "|"]
    for name, got in results.items():
        cells = [_cell(got[c]) for c in COLUMNS] + [_cell(got["actP"])]
        lines.append(f"| {name} | {got['n_gold']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def raise_floors(results: dict[str, dict], test_file: Path) -> list[str]:
    """Raise each set's floors to floor((score - 0.1) * 100) / 100 where that is higher."""
    text = test_file.read_text(encoding="utf-8")
    changed = []
    for name, got in results.items():
        entry = re.search(rf'"{name}": \((\d+), \{{(.*?)\}}\)', text, re.S)
        if not entry:
            continue
        body = entry.group(2)
        for col in COLUMNS:
            value = got.get(col)
            found = re.search(rf'"{col}": ([0-9.]+)', body)
            if value is None or not found:
                continue
            new = math.floor(round((value - 0.1) * 100, 6)) / 100
            if new > float(found.group(1)):
                body = body[:found.start(1)] + f"{new:g}" + body[found.end(1):]
                changed.append(f"{name} {col} {found.group(1)} -> {new:g}")
        text = text[:entry.start(2)] + body + text[entry.end(2):]
    test_file.write_text(text, encoding="utf-8")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--raise-floors", action="store_true")
    args = parser.parse_args()
    root = args.root.resolve()
    with ThreadPoolExecutor(args.jobs) as pool:
        results = dict(zip(args.sets, pool.map(lambda n: score(root, n), args.sets)))
    print(table(results))
    for name, got in results.items():
        if got["missing"]:
            print(f"{name}: missing articles {got['missing']}", file=sys.stderr)
    if args.raise_floors:
        for line in raise_floors(results, root / "tests" / "test_heldout.py"):
            print(line)


if __name__ == "__main__":
    main()
