#!/usr/bin/env bash
# The test suite, on SQLite by default or on the database DATABASE_URL names.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
bash scripts/ensure-system.sh
export DJANGO_ALLOW_ASYNC_UNSAFE=true
exec .venv/bin/pytest "$@"
