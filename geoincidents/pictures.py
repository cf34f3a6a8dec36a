"""Pictures of map pages: Debian's headless Chromium driven by Playwright, offline."""

from __future__ import annotations

import os
from pathlib import Path

from geoincidents.outputs import check_writable


def _error(message: str) -> Exception:
    from geoincidents.render import MapError  # render imports this module: import late

    return MapError(message)


#: Chromium used for pictures (and by the browser tests and the benchmark).
CHROMIUM = os.environ.get("GEOINCIDENTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run")


def launch_chromium(playwright):
    """Start Debian's headless Chromium through Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).is_file():
        raise _error(f"no Chromium at {CHROMIUM}; install Debian's chromium package or "
                     "set GEOINCIDENTS_CHROMIUM to a Chromium binary")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))


def offline_page(browser, *, width: int = 1280, height: int = 800):
    """A page that is offline (``navigator.onLine`` false) and in which every request
    other than ``file:`` and ``data:`` is aborted anyway."""
    page = browser.new_page(viewport={"width": width, "height": height}, offline=True)
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith(("file:", "data:")) else route.abort())
    return page


def screenshot(html_path: str | os.PathLike[str], png_path: str | os.PathLike[str], *,
               width: int = 1280, height: int = 800, overwrite: bool = False,
               online: bool = False, timeout_s: float = 60.0) -> Path:
    """Save a PNG of a map page through headless Chromium.

    An offline page is shot with the network blocked; ``online=True`` lets tiles load.
    """
    from geoincidents.outputs import Staged

    png = check_writable(png_path, overwrite=overwrite)
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise _error("pictures need the playwright package (`pip install playwright`; "
                       "it drives Debian's chromium, no browser download)") from exc
    url = Path(html_path).resolve().as_uri()
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            try:
                page = (browser.new_page(viewport={"width": width, "height": height}) if online
                        else offline_page(browser, width=width, height=height))
                page.goto(url, timeout=timeout_s * 1000)
                page.wait_for_function("window.geoincidents && (window.geoincidents.ready "
                                       "|| window.geoincidents.error)",
                                       timeout=timeout_s * 1000)
                error = page.evaluate("window.geoincidents.error || null")
                if error:
                    raise _error(f"{html_path}: the map failed to draw: {error}")
                if online:
                    page.wait_for_load_state("networkidle", timeout=timeout_s * 1000)
                page.wait_for_timeout(300)  # let the canvas paint
                with Staged(png, overwrite=overwrite, suffix=".png") as tmp:
                    page.screenshot(path=str(tmp), type="png")
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise _error(f"Chromium could not take a picture of {html_path}: {exc}") from exc
    return png
