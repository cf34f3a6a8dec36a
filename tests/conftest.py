"""Keep every test hermetic: the user's imported gazetteers and zones live in a tmp dir."""

import pytest


@pytest.fixture(autouse=True)
def _user_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("GEOINCIDENTS_USER_DIR", str(tmp_path_factory.mktemp("user")))
