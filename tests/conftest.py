"""Shared fixtures: the bundled gazetteer and zones (loaded once), and small tables."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geoincidents.gazetteer import Gazetteer
from geoincidents.zones import load_zones


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(user=False)


@pytest.fixture(scope="session")
def curated() -> Gazetteer:
    """The bundled places only, without the world fallback."""
    return Gazetteer.load(world=False, user=False)


@pytest.fixture(scope="session")
def zones():
    return load_zones(user=False)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """../shared/seeds beside the checkout (or GEOINCIDENTS_SEEDS); skip when absent."""
    env = os.environ.get("GEOINCIDENTS_SEEDS")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed articles not found at {path}")
    return path


@pytest.fixture
def write_csv(tmp_path):
    """Write CSV text (or bytes) to a file in tmp_path and return its path."""

    def _write(content: str | bytes, name: str = "incidents.csv") -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture(autouse=True)
def _isolated_user_dir(tmp_path_factory, monkeypatch):
    """Keep every test away from the machine's real user gazetteer and zones."""
    monkeypatch.setenv("GEOINCIDENTS_USER_DIR", str(tmp_path_factory.mktemp("user")))


@pytest.fixture(scope="session")
def gaz(gazetteer) -> Gazetteer:
    """The article tests' name for the full gazetteer."""
    return gazetteer
