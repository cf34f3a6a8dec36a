"""Shared fixtures: the bundled gazetteer and zones (loaded once), small tables, and a
headless Chromium (Debian's, driven by Playwright) for the browser tests."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from geoincidents import model
from geoincidents.evaluate import load_labels
from geoincidents.gazetteer import Gazetteer
from geoincidents.zones import load_zones

#: the keys an incident of a labels file may have
LABEL_KEYS = {"event_type", "date", "time_precision", "place_id", "lon", "lat", "background",
              "killed", "injured", "actors", "launch_place_id", "target_place_id",
              "min_uncertainty_m", *model.COUNT_COLUMNS}


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(user=False)


@pytest.fixture(scope="session")
def gp():
    """A geoparser with the bundled gazetteer and weights (built once: the lexicon is
    large); tests that change weights build their own."""
    from geoincidents.geoparse.resolve import Geoparser

    return Geoparser()


@pytest.fixture(scope="session")
def curated() -> Gazetteer:
    """The bundled places only, without the world fallback."""
    return Gazetteer.load(world=False, user=False)


@pytest.fixture(scope="session")
def check_label_schema(curated):
    """A check of a labels file: known keys, event types and stances, places in
    places.csv (or a lon/lat), well-formed dates, precisions and counts."""

    def check(labels: Path) -> None:
        for art in load_labels(labels)["articles"]:
            for i, g in enumerate(art["incidents"]):
                where = f"{art['file']} incident {i}"
                assert set(g) <= LABEL_KEYS, f"{where}: unknown keys {set(g) - LABEL_KEYS}"
                assert g["event_type"] in model.EVENT_TYPES, where
                assert ("place_id" in g) != ("lon" in g and "lat" in g), where
                for key in ("place_id", "launch_place_id", "target_place_id"):
                    if key in g:
                        assert g[key] in curated, f"{where}: {key} {g[key]!r} not in places.csv"
                if "lon" in g:
                    assert -180 <= g["lon"] <= 180 and -90 <= g["lat"] <= 90, where
                assert isinstance(g["background"], bool), where
                if g["date"] is not None:
                    assert re.fullmatch(r"\d{4}-\d\d-\d\d", g["date"]), where
                if "time_precision" in g:
                    assert g["time_precision"] in (1, 2, 3), where
                for key in ("killed", "injured", *model.COUNT_COLUMNS):
                    if g.get(key) is not None:
                        assert isinstance(g[key], int) and g[key] >= 0, f"{where}: {key}"
                for actor in g.get("actors", []):
                    stance = re.search(r"\((\w+)\)\s*$", actor)
                    assert stance and stance.group(1) in model.STANCES, f"{where}: {actor!r}"

    return check


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


@pytest.fixture(scope="module")
def cluster():
    """A small in-process dask cluster for the module, by its scheduler address."""
    pytest.importorskip("dask_geopandas")
    from distributed import LocalCluster

    with LocalCluster(processes=False, n_workers=1, threads_per_worker=1,
                      dashboard_address=None) as local:
        yield local.scheduler_address


class FullDisk:
    """A file that takes half of what it is given, then fails as a full disk does."""

    def __init__(self, fh):
        self.fh = fh

    def write(self, text):
        self.fh.write(text[: len(text) // 2])
        self.fh.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


# -- browser tests --------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through Playwright; skips when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from geoincidents import render

    if not Path(render.CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {render.CHROMIUM}")
    with sync_api.sync_playwright() as pw:
        chromium = render.launch_chromium(pw)
        yield chromium
        chromium.close()


class OpenedMap:
    """A map page opened from disk with the network blocked, and what it reported."""

    def __init__(self, browser, path: Path, *, width: int = 1200, height: int = 800,
                 page=None) -> None:
        from geoincidents import render

        self.page = page or render.offline_page(browser, width=width, height=height)
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(Path(path).resolve().as_uri())
        self.page.wait_for_function("window.geoincidents && (window.geoincidents.ready"
                                    " || window.geoincidents.error)", timeout=30_000)

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def counts(self) -> dict:
        return self.js("({...window.geoincidents.counts})")

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_map(browser):
    """Open a saved map file offline: ``opened = open_map(path)``."""
    pages = []

    def _open(path, **kwargs):
        pages.append(OpenedMap(browser, path, **kwargs))
        return pages[-1]

    yield _open
    for p in pages:
        p.close()


HOSTILE_QUOTE = "Witnesses said <script>alert(1)</script> & fled"
HOSTILE_PLACE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def small_incidents():
    """Six incidents around Baghdad, one hostile, two background, one with a launch site."""
    import pandas as pd
    import shapely

    from geoincidents import model

    rows = pd.DataFrame({
        "incident_id": ["a1", "a2", "a3", "b1", "b2", "x1"],
        "event_type": ["rocket_attack", "rocket_attack", "ied", "airstrike", "protest",
                       "drone_strike"],
        "date": ["2020-01-03", "2020-03-11", "2020-06-25", "2019-12-29", "2019-12-31",
                 "2020-12-20"],
        "place": ["Green Zone", "Camp Taji", "Dora", "Al-Qa'im", "US Embassy", HOSTILE_PLACE],
        "place_name": ["Green Zone", "Camp Taji", "Dora", "Al-Qa'im", "US Embassy Baghdad",
                       HOSTILE_PLACE],
        "uncertainty_m": [600.0, 1000.0, 2000.0, 25000.0, 300.0, 100.0],
        "launch_place": [None, "Taji (town)", None, None, None, None],
        "launch_lon": [None, 44.2342, None, None, None, None],
        "launch_lat": [None, 33.5092, None, None, None, None],
        # model.conform cannot add a missing float64 column to a non-empty frame under
        # pandas 3 (pd.Series(pd.NA, dtype="float64")), so every float column is given
        "launch_uncertainty_m": [None, 2000.0, None, None, None, None],
        "killed": [0, 2, 1, None, None, 0],
        "injured": [1, 14, 3, None, None, 0],
        "actors": ["Kata'ib Hezbollah (blamed)", None, None, "United States (claimed)", None,
                   "<b>bold</b> (claimed)"],
        "background": [False, False, False, True, True, False],
        "quote": ["Rockets fell near the river.", None, None, None, None, HOSTILE_QUOTE],
    })
    lon = [44.3903, 44.2775, 44.3950, 41.1200, 44.3961, 44.5200]
    lat = [33.3076, 33.5294, 33.2500, 34.3800, 33.2989, 33.4000]
    return model.conform(rows, geometry=shapely.points(lon, lat))
