#!/usr/bin/env bash
# The demo: venv, SQLite schema, reference data, national demo data, server on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
unset DATABASE_URL
uplift=.venv/bin/uplift
$uplift migrate --noinput -v0
$uplift load-reference
if [ "$(.venv/bin/python -c 'import django,os;os.environ["DJANGO_SETTINGS_MODULE"]="uplift.settings";django.setup();from uplift.registry.models import Entrepreneur;print(Entrepreneur.objects.count())')" = "0" ]; then
  $uplift demo-data --entrepreneurs "${DEMO_ENTREPRENEURS:-5000}" --seed "${DEMO_SEED:-2563}"
  $uplift demo-round --solve
  $uplift demo-outcomes
fi
$uplift db_worker > var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null' EXIT
cat <<'MSG'

  OTOP Uplift demo: http://127.0.0.1:8000/
  Log in as (password otop2563 for all):
    admin       administrator (also /admin/)
    executive   DIPROM executive, reads everything
    officer10   regional officer, centre 10 (Surat Thani, Phuket, Krabi ...)
    officer1    regional officer, centre 1 (Chiang Mai ...)
    consultant  consultant with assigned entrepreneurs
    owner       an entrepreneur, own record only
  API docs: http://127.0.0.1:8000/api/docs
  Background jobs (imports, solves, reports) run in a worker started beside the server: var/worker.log

MSG
$uplift runserver 127.0.0.1:8000 --noreload
