from datetime import date

from django.core.management.base import BaseCommand

from uplift.programme import services


class Command(BaseCommand):
    help = "Email reminders for overdue milestones, once per milestone (run daily, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="today's date (YYYY-MM-DD), for catching up")
        parser.add_argument("--enqueue", action="store_true", help="queue the django.tasks task instead of running now")

    def handle(self, *args, date=None, enqueue=False, **options):
        if enqueue:
            from uplift.programme.tasks import send_reminders

            result = send_reminders.enqueue(today=date.isoformat() if date else None)
            self.stdout.write(f"queued {result.id}")
            return
        sent = services.reminders_send(today=date)
        self.stdout.write(f"{sent} reminder(s) sent")
