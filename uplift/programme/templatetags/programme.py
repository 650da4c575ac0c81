"""Labels for the programme pages. Enrolment statuses carry a context, because bare words such as
"active" are translated differently by Django's own catalogues, which take precedence."""

from django import template
from django.utils.translation import pgettext_lazy

register = template.Library()

STATUS_LABELS = {
    "waitlisted": pgettext_lazy("enrolment status", "waitlisted"),
    "offered": pgettext_lazy("enrolment status", "offered"),
    "accepted": pgettext_lazy("enrolment status", "accepted"),
    "declined": pgettext_lazy("enrolment status", "declined"),
    "active": pgettext_lazy("enrolment status", "active"),
    "completed": pgettext_lazy("enrolment status", "completed"),
    "withdrawn": pgettext_lazy("enrolment status", "withdrawn"),
}


@register.filter
def enrolment_status(value) -> str:
    return str(STATUS_LABELS.get(value, value))
