"""`uplift ops-probe [--seconds N] [--wait]`: queue the probe job, to check that workers take and finish jobs."""

import time
import uuid

from django.core.management.base import BaseCommand, CommandError

from uplift.ops.models import ProbeEvent
from uplift.ops.tasks import probe


class Command(BaseCommand):
    help = "Queue the probe job; prints its token and job id. With --wait, waits for its finish (--timeout)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=0.0, help="how long the job works")
        parser.add_argument("--token", default="")
        parser.add_argument("--wait", action="store_true")
        parser.add_argument("--timeout", type=float, default=60.0)

    def handle(self, *args, seconds, token, wait, timeout, **options):
        token = token or uuid.uuid4().hex
        result = probe.enqueue(token, seconds)
        self.stdout.write(f"{token} {result.id}")
        if not wait:
            return
        deadline = time.monotonic() + timeout
        while not ProbeEvent.objects.filter(token=token, kind=ProbeEvent.Kind.FINISH).exists():
            if time.monotonic() > deadline:
                raise CommandError(f"the probe {token} did not finish within {timeout:g} s")
            time.sleep(0.5)
        self.stdout.write("finished")
