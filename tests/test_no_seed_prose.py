"""The project states the seed articles' facts in its own words, never their sentences."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = 8  # words in a row; names and titles are shorter than this
SKIP_DIRS = {".git", "maps", "out", "__pycache__", ".pytest_cache"}
TEXT_SUFFIXES = {".py", ".md", ".txt", ".html", ".htm", ".csv", ".json", ".geojson", ".cfg",
                 ".toml", ".js", ".css", ".sh", ""}


def _runs(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def test_no_file_repeats_the_seeds_prose(seeds_dir):
    seed_runs = set().union(*(_runs(p.read_text(encoding="utf-8"))
                              for p in seeds_dir.iterdir() if p.is_file()))
    assert seed_runs
    found = {}
    for path in ROOT.rglob("*"):
        if (not path.is_file() or SKIP_DIRS & set(path.relative_to(ROOT).parts)
                or path.suffix.lower() not in TEXT_SUFFIXES or path.stat().st_size > 5_000_000):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        shared = _runs(text) & seed_runs
        if shared:
            found[str(path.relative_to(ROOT))] = sorted(shared)[:3]
    assert not found, f"seed sentences copied into the project: {found}"
