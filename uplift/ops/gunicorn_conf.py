"""gunicorn's configuration (`gunicorn -c python:uplift.ops.gunicorn_conf`): sizes from uplift.settings, address from PORT."""

import os

from uplift import settings

bind = os.environ.get("UPLIFT_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = settings.WEB_WORKERS
threads = settings.WEB_THREADS
timeout = settings.WEB_TIMEOUT
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
preload_app = True
forwarded_allow_ips = os.environ.get("UPLIFT_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("UPLIFT_GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("UPLIFT_PROC_NAME", f"uplift-web-{bind.rsplit(':', 1)[-1]}")


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
