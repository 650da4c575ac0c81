"""`uplift jobs-recover`: mark silent workers lost and settle their jobs (the workers do it too; cron is a backstop)."""

from django.core.management.base import BaseCommand

from uplift.ops.jobs import jobs_recover


class Command(BaseCommand):
    help = "Mark workers silent for a lease as lost; requeue their jobs that are safe to repeat, fail the others."

    def handle(self, *args, **options):
        counts = jobs_recover()
        self.stdout.write(f"{counts['lost']} worker(s) lost, {counts['requeued']} job(s) requeued, "
                          f"{counts['failed']} job(s) failed")
