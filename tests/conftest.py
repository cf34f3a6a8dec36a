import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def gaz():
    from geoincidents.gazetteer import Gazetteer

    return Gazetteer.load()


@pytest.fixture(scope="session")
def seeds_dir():
    for cand in (os.environ.get("GEOINCIDENTS_SEEDS"),
                 Path(__file__).resolve().parents[2] / "shared" / "seeds"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    pytest.skip("seed articles not found (set GEOINCIDENTS_SEEDS)")
