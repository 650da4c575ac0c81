"""The probe job: a synthetic job to check the queue end to end (`uplift ops-probe`), and the one the
fault tests kill mid-way. Its work is one row written in one transaction, so a finish is counted once."""

import time

from django.db import transaction
from django.tasks import task

from uplift.ops.models import ProbeEvent


@task(takes_context=True)
def probe(context, token: str, seconds: float = 0.0) -> str:
    worker = (context.task_result.worker_ids or [""])[-1]
    ProbeEvent.objects.create(token=token, kind=ProbeEvent.Kind.START, worker_id=worker)
    time.sleep(seconds)
    with transaction.atomic():
        ProbeEvent.objects.create(token=token, kind=ProbeEvent.Kind.FINISH, worker_id=worker)
    return token
