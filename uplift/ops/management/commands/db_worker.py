"""`uplift db_worker`: django_tasks_db's worker with a heartbeat, recovery of lost workers' jobs and metrics.

Takes django_tasks_db's options, plus --metrics-port (env UPLIFT_WORKER_METRICS_PORT; 0: none) to
serve the worker's job durations in the Prometheus format on 127.0.0.1.
"""

import os

from django_tasks_db.management.commands import db_worker

from uplift.ops import jobs
from uplift.ops.worker import Heartbeat, ServiceWorker


class Command(db_worker.Command):
    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest == "worker_id":
                action.default = None
        parser.add_argument("--metrics-port", type=int, default=int(os.environ.get("UPLIFT_WORKER_METRICS_PORT", 0)))

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, metrics_port, **options) -> None:
        self.configure_logging(verbosity)
        if metrics_port:
            from prometheus_client import start_http_server

            start_http_server(metrics_port, addr="127.0.0.1")
        worker_id = worker_id or jobs.worker_id_new()
        queue_names = queue_name.split(",")
        worker = ServiceWorker(queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
                               startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                               excluded_queue_names=exclude_queues.split(",") if exclude_queues else [])
        jobs.heartbeat_start(worker_id)
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            heartbeat.stopped.set()
            jobs.heartbeat_stop(worker_id)
