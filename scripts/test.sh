#!/usr/bin/env bash
# The whole suite: static checks, then pytest on SQLite, then again on PostgreSQL when
# PORCH_TEST_DATABASE_URL names one. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/lint.sh
mkdir -p test-artifacts
echo "== pytest on SQLite"
env -u PORCH_TEST_DATABASE_URL .venv/bin/pytest -n 2 "$@"
if [ -n "${PORCH_TEST_DATABASE_URL:-}" ]; then
  echo "== pytest on PostgreSQL"
  .venv/bin/pytest -n 2 -m "not browser" "$@"
fi
