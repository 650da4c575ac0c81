#!/usr/bin/env bash
# One background worker (`uplift db_worker`: heartbeat, recovery of lost workers' jobs), from the same
# environment as scripts/serve.sh. UPLIFT_WORKER_METRICS_PORT serves its job metrics on 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
export DJANGO_DEBUG="${DJANGO_DEBUG:-0}"
export UPLIFT_LOG_FORMAT="${UPLIFT_LOG_FORMAT:-json}"
exec .venv/bin/uplift db_worker --no-reload --interval "${UPLIFT_WORKER_INTERVAL:-1}" "$@"
