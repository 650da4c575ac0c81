"""Background jobs (django.tasks; the database backend runs them with `uplift db_worker`)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.tasks import task

from uplift.access import policy
from uplift.programme import actions


@task
def send_reminders(today: str | None = None, actor: str = policy.SYSTEM_USERNAME) -> int:
    """The daily job: email reminders for overdue milestones, once per milestone, as ``actor`` (the system)."""
    user = (policy.system_actor() if actor == policy.SYSTEM_USERNAME
            else get_user_model().objects.get(username=actor, is_active=True))
    return actions.reminders_send(actor=user, today=date.fromisoformat(today) if today else None)
