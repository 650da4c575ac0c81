#!/usr/bin/env bash
# One production app server: gunicorn serving uplift.wsgi, configured from the environment.
#   DATABASE_URL            the database (default: SQLite under var/)
#   DJANGO_SECRET_KEY       the same on every app server and worker (required with UPLIFT_PRODUCTION=1;
#                           otherwise the machine's own key in var/secret-key)
#   UPLIFT_PRODUCTION=1     production checks and HTTPS-only cookies (docs/security.md); DEBUG is off here
#   DJANGO_ALLOWED_HOSTS    comma-separated host names the server answers to
#   PORT (8000) or UPLIFT_BIND (host:port, default 127.0.0.1:$PORT)
#   UPLIFT_WEB_WORKERS      gunicorn worker processes (default 2 x cores + 1), UPLIFT_WEB_THREADS (1)
#   PROMETHEUS_MULTIPROC_DIR this server's own metrics folder (default: a new one under /tmp); emptied at start
# Options: --migrate (apply migrations first), --collectstatic (hashed, compressed static files first).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
export DJANGO_DEBUG="${DJANGO_DEBUG:-0}"
export UPLIFT_LOG_FORMAT="${UPLIFT_LOG_FORMAT:-json}" UPLIFT_REQUEST_LOG_LEVEL="${UPLIFT_REQUEST_LOG_LEVEL:-INFO}"
export UPLIFT_DB_CONN_MAX_AGE="${UPLIFT_DB_CONN_MAX_AGE:-60}"
export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-$(mktemp -d /tmp/uplift-metrics.XXXXXX)}"
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
find "$PROMETHEUS_MULTIPROC_DIR" -maxdepth 1 -name '*.db' -delete
for option in "$@"; do
  case "$option" in
    --migrate) .venv/bin/uplift migrate --noinput -v0 ;;
    --collectstatic) .venv/bin/uplift collectstatic --noinput -v0 ;;
    *) echo "serve.sh: unknown option $option" >&2; exit 2 ;;
  esac
done
exec .venv/bin/gunicorn -c python:uplift.ops.gunicorn_conf uplift.wsgi:application
