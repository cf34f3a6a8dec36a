#!/usr/bin/env bash
# Install what the tests need and run the whole suite.
# Debian's chromium drives the browser tests (Playwright never downloads a browser here).
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
        || { echo "could not install Debian's chromium" >&2; exit 1; }
fi
python3 -m pip install -q --disable-pip-version-check -e ".[test]" \
    || { echo "could not install geoincidents with its test extras" >&2; exit 1; }
# the PMTiles basemap's scripts come from the npm registry, pinned and checked by sha256
# (geoincidents/vendor.py); Debian's npm fetches them
if ! command -v npm >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm) \
        || { echo "could not install Debian's npm" >&2; exit 1; }
fi
python3 -m geoincidents.vendor \
    || { echo "could not fetch the pinned npm scripts for PMTiles basemaps" >&2; exit 1; }
python3 -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure here" >&2
    exit 1
fi
exit "$status"
