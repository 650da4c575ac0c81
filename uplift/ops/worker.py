"""The background worker: django_tasks_db's, plus a heartbeat, recovery of lost workers' jobs, job metrics,
and riding out a database restart instead of exiting."""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker

from uplift.ops import context, jobs, metrics

log = logging.getLogger("uplift.ops.worker")

DB_ERRORS = (OperationalError, InterfaceError)
LOST_EXIT_CODE = 75


class Heartbeat(threading.Thread):
    """Beats every UPLIFT_WORKER_HEARTBEAT seconds on its own connection and recovers lost workers' jobs."""

    def __init__(self, worker_id: str):
        super().__init__(name="heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        gap = False
        while not self.stopped.wait(settings.UPLIFT_WORKER_HEARTBEAT):
            try:
                if not jobs.heartbeat_beat(self.worker_id, after_gap=gap):
                    log.critical("this worker was marked lost; stopping so its job runs only elsewhere",
                                 extra={"worker": self.worker_id})
                    os._exit(LOST_EXIT_CODE)
                gap = False
                jobs.jobs_recover(by=self.worker_id)
            except DB_ERRORS as error:
                gap = True
                log.warning("heartbeat failed: %s", type(error).__name__, extra={"worker": self.worker_id})
                connection.close()


class ServiceWorker(Worker):
    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return
            except DB_ERRORS as error:
                log.warning("database unreachable (%s); retrying", type(error).__name__,
                            extra={"worker": self.worker_id})
                self.startup_delay = False
                connection.close()
                time.sleep(max(self.interval, 1))

    def run_task(self, db_task_result) -> None:
        self.running_task = True
        token = context.task_id.set(str(db_task_result.pk))
        started = time.perf_counter()
        status = "failed"
        try:
            self._run(db_task_result)
            status = db_task_result.status.lower()
        finally:
            metrics.JOB_SECONDS.labels(db_task_result.task_path, status).observe(time.perf_counter() - started)
            log.info("job %s", status, extra={"task": db_task_result.task_path, "status": status,
                                              "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
            context.task_id.reset(token)
            self.running_task = False
            self._run_tasks += 1

    def _run(self, db_task_result) -> None:
        task = db_task_result.task
        task_result = db_task_result.task_result
        sender = type(task.get_backend())
        task_started.send(sender=sender, task_result=task_result)
        try:
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
        except DB_ERRORS as error:
            if db_task_result.task_path in settings.UPLIFT_TASKS_RETRY_ON_WORKER_LOSS:
                self._settle(lambda: _requeue(db_task_result))
                return
            self._settle(lambda: db_task_result.set_failed(error))
        except Exception as error:  # the task's own failure is stored on the job, as django_tasks_db does
            self._settle(lambda: db_task_result.set_failed(error))
        else:
            try:
                self._settle(lambda: db_task_result.set_successful(value))
            except Exception as error:  # e.g. a return value that is not JSON
                self._settle(lambda: db_task_result.set_failed(error))
        task_finished.send(sender=sender, task_result=db_task_result.task_result)

    def _settle(self, write) -> None:
        """Store the job's outcome, waiting out a database restart rather than leaving the job RUNNING."""
        while True:
            try:
                return write()
            except DB_ERRORS as error:
                log.warning("could not store the job's outcome (%s); retrying", type(error).__name__)
                connection.close()
                time.sleep(1)
                close_old_connections()


def _requeue(db_task_result) -> None:
    db_task_result.status, db_task_result.started_at = jobs.READY, None
    db_task_result.save(update_fields=["status", "started_at"])
