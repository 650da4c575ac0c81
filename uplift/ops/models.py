"""Operational state kept in the database, so every app server and worker on any machine sees the same."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One running `uplift db_worker`; `last_seen` is the database's clock, never a machine's.

    `lost_at` is set by the recovery (`jobs.jobs_recover`) once the worker fell silent for a lease: a
    worker that finds its own row lost stops at once, so a job handed to another worker runs only there.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.IntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField()
    beating_since = models.DateTimeField()
    lost_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["last_seen"])]

    def __str__(self) -> str:
        return self.worker_id


class ProbeEvent(models.Model):
    """What the probe job (`tasks.probe`) did: one row when it starts, one when its transaction commits."""

    class Kind(models.TextChoices):
        START = "start"
        FINISH = "finish"

    token = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    worker_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.token} {self.kind}"
