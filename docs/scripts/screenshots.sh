#!/usr/bin/env bash
# The screenshots of docs/without-python.md, taken by the browser tests
# (tests/test_browser.py saves them where NEGSIM_SCREENSHOTS points).
#   bash docs/scripts/screenshots.sh            (uses .venv/bin/python, or PYTHON=...)
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-.venv/bin/python}"
NEGSIM_SCREENSHOTS=docs/figures "$PYTHON" -m pytest -q -p no:cacheprovider tests/test_browser.py
