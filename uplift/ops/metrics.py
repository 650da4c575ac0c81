"""Prometheus metrics: requests, database queries, the job queue and job durations.

Under gunicorn every process writes its samples to `PROMETHEUS_MULTIPROC_DIR` (scripts/serve.sh
makes a fresh one per app server) and `/metrics` adds them up; the queue depth is read from the
database at scrape time, so any app server reports the same queue. Job durations are observed in
the worker, which serves them on its own port (`uplift db_worker --metrics-port`).
"""

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

REQUESTS = Counter("uplift_http_requests_total", "HTTP requests answered", ["method", "view", "status"])
REQUEST_SECONDS = Histogram("uplift_http_request_duration_seconds", "Time to answer a request",
                            ["method", "view"], buckets=LATENCY_BUCKETS)
QUERIES = Counter("uplift_db_queries_total", "Database queries made while answering requests", ["view"])
QUERY_SECONDS = Histogram("uplift_db_query_duration_seconds", "Time of one database query", ["view"],
                          buckets=LATENCY_BUCKETS)
DB_UNAVAILABLE = Counter("uplift_db_unavailable_total", "Requests answered 503 because the database was unreachable")
REPLICA_READS = Counter("uplift_replica_routed_requests_total",
                        "Report and dashboard requests by the database that answered their reads", ["database"])
JOB_SECONDS = Histogram("uplift_job_duration_seconds", "Time a background job ran", ["task", "status"],
                        buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600))


class QueueCollector:
    """Jobs by queue and status, the age of the oldest ready job, and live workers, read at scrape time."""

    def collect(self):
        from uplift.ops.queue import queue_snapshot

        snapshot = queue_snapshot()
        depth = GaugeMetricFamily("uplift_job_queue_depth", "Jobs in the queue by status", labels=["queue", "status"])
        for (queue, status), count in sorted(snapshot["depth"].items()):
            depth.add_metric([queue, status], count)
        yield depth
        yield GaugeMetricFamily("uplift_job_oldest_ready_seconds", "Age of the oldest job waiting to run",
                                value=snapshot["oldest_ready_seconds"])
        yield GaugeMetricFamily("uplift_workers_alive", "Workers whose heartbeat is recent", value=snapshot["workers"])


def exposition() -> bytes:
    """The text of /metrics: this server's processes plus the shared queue."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    queue = CollectorRegistry()
    queue.register(QueueCollector())
    return generate_latest(processes) + generate_latest(queue)
