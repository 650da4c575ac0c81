#!/usr/bin/env bash
# The demo: venv, SQLite schema, reference data, national demo data, the production stack on 127.0.0.1:8000.
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
  $uplift demo-outcomes --user system
fi
# The production stack on SQLite: gunicorn (scripts/serve.sh) with WhiteNoise's hashed static files, DEBUG off,
# and a background worker (scripts/worker.sh); the secret key is this machine's own (var/secret-key).
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export UPLIFT_LOG_FORMAT="${UPLIFT_LOG_FORMAT:-text}" UPLIFT_WEB_WORKERS="${DEMO_WEB_WORKERS:-2}" PORT=8000
if [ ! -f var/static/staticfiles.json ] || [ -n "$(find uplift -path '*/static/*' -newer var/static/staticfiles.json -print -quit)" ]; then
  $uplift collectstatic --noinput -v0
fi
bash scripts/worker.sh > var/worker.log 2>&1 &
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
  Served as in production: gunicorn with 2 processes, static files through WhiteNoise, DEBUG off
  (docs/deploy.md). Health: /healthz, /readyz; metrics: /metrics.
  Background jobs (imports, solves, reports) run in a worker started beside the server: var/worker.log

MSG
bash scripts/serve.sh
