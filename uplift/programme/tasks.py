"""Background jobs (django.tasks; the database backend runs them with `uplift db_worker`)."""

from datetime import date

from django.tasks import task

from uplift.programme import services


@task
def send_reminders(today: str | None = None) -> int:
    """The daily job: email reminders for overdue milestones, once per milestone."""
    return services.reminders_send(today=date.fromisoformat(today) if today else None)
