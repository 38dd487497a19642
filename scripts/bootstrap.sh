#!/usr/bin/env bash
# Create .venv/ at the repository root and install Porch for development with the
# pinned versions, the sentence model's weights included (scripts/install.sh), so the
# tests run with it on as sites do.
# Re-running is cheap: it reinstalls only when pyproject.toml or constraints.txt change.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=.venv/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt constraints.txt ]; then
  exit 0
fi
scripts/install.sh .venv "-e .[dev]"
touch "$stamp"
