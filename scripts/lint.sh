#!/usr/bin/env bash
# Static checks: ruff, import contracts, migrations in step with models, mypy, and the
# architecture rules import-linter cannot express (no module cycles, no long modules).
set -euo pipefail
cd "$(dirname "$0")/.."
export PORCH_DATA_DIR="${TMPDIR:-/tmp}/porch-lint"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-cache
.venv/bin/porch makemigrations --check --dry-run >/dev/null
.venv/bin/mypy
.venv/bin/python scripts/check_architecture.py
