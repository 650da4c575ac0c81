"""The activity toolkits as one list a person chooses from: activity, what it is for, how many of the
actor's enrolments take it, and its workspace when the toolkit has pages."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from uplift.access import policy


@dataclass(frozen=True)
class ToolkitEntry:
    number: int
    label: str
    name_th: str
    name_en: str
    description_th: str
    enrolments: int
    url: str


def toolkit_labels() -> tuple[str, ...]:
    """The toolkit apps in the order of INSTALLED_APPS (the programme's activity order)."""
    return tuple(c.label for c in apps.get_app_configs() if c.name.startswith("uplift.toolkits."))


def toolkit_entries(actor) -> list[ToolkitEntry]:
    activity_model = apps.get_model("programme", "Activity")
    enrolment_model = apps.get_model("programme", "Enrolment")
    activities = {a.number: a for a in policy.visible(actor, activity_model)}
    counts = dict(policy.visible(actor, enrolment_model).filter(status__in=("active", "completed"))
                  .values_list("round_activity__activity__number").annotate(n=Count("pk")))
    entries = []
    for number, label in enumerate(toolkit_labels(), start=1):
        activity = activities.get(number)
        if activity is None:
            continue
        try:
            url = reverse(f"{label}:index")
        except NoReverseMatch:
            url = ""
        entries.append(ToolkitEntry(number, label, activity.name_th, activity.name_en, activity.description_th,
                                    counts.get(number, 0), url))
    return entries
