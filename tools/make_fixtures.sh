#!/usr/bin/env bash
# Create the pinned Python toolchain (tools/.venv) if needed and regenerate Fixtures/:
# tools/make_fixtures.py (full-model .h5 fixtures) and tools/make_file_kind_fixtures.py
# (.keras archives and weights-only files with a config, under Fixtures/kinds/).
# Needs python3 3.11 and PyPI access; the tensorflow install takes a few minutes the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x tools/.venv/bin/python ]; then
  python3 -m venv tools/.venv
  tools/.venv/bin/pip install -r tools/requirements.txt
fi
tools/.venv/bin/python tools/make_fixtures.py "$@"
exec tools/.venv/bin/python tools/make_file_kind_fixtures.py
