from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from uplift.access import policy
from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.programme import actions


class Command(BaseCommand):
    help = "Email reminders for overdue milestones, once per milestone (run daily, e.g. from cron, with --user system)."

    def add_arguments(self, parser):
        add_actor_argument(parser)
        parser.add_argument("--date", type=date.fromisoformat, help="today's date (YYYY-MM-DD), for catching up")
        parser.add_argument("--enqueue", action="store_true", help="queue the django.tasks task instead of running now")

    def handle(self, *args, date=None, enqueue=False, **options):
        actor = actor_from_options(options)
        try:
            policy.require(actor, "reminders.send")
        except PermissionDenied as denied:
            raise CommandError(str(denied))
        if enqueue:
            from uplift.programme.tasks import send_reminders

            result = send_reminders.enqueue(today=date.isoformat() if date else None, actor=actor.get_username())
            self.stdout.write(f"queued {result.id}")
            return
        sent = actions.reminders_send(actor=actor, today=date)
        self.stdout.write(f"{sent} reminder(s) sent")
