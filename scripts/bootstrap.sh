#!/usr/bin/env bash
# Creates .venv with Python 3.13 and installs the project (re-installs only when pyproject.toml changes).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
  for candidate in "${PYTHON:-}" python3.13 "$(pyenv root 2>/dev/null)"/versions/3.13*/bin/python3.13; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    pyenv install -s 3.13 >&2 && ls -d "$(pyenv root)"/versions/3.13*/bin/python3.13 | tail -n 1 && return 0
  fi
  echo "Python 3.13 not found: install it (e.g. pyenv install 3.13) or set PYTHON=/path/to/python3.13" >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  "$(find_python)" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  rm -f .venv/.installed-* && touch "$stamp"
fi
export PYTHAINLP_OFFLINE=1
