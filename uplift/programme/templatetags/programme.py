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


ROSTER_ROW = (
    '<li class="roster-row" data-enrolment="{pk}"><input type="hidden" name="enrolment" value="{pk}">'
    '<fieldset{disabled}><legend>{name}</legend><div class="choices">{choices}</div>'
    '<label class="hours">{hours_label} <input type="number" name="hours-{pk}" min="0" max="{hours}" step="0.5" '
    'inputmode="decimal" value="{value}" placeholder="{hours}"></label></fieldset></li>'
)
ROSTER_CHOICE = ('<label class="choice choice-{value}"><input type="radio" name="status-{pk}" value="{value}"{checked}>'
                 ' {label}</label>')


@register.simple_tag
def roster_rows(roster, statuses, hours, can_take: bool, hours_label: str):
    """A session's attendance rows: a trainer's roster runs to hundreds of people, which the template language
    renders several times slower than one formatted string per row (the choices are built once per status)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    labels = [(escape(value), escape(label)) for value, label in statuses]
    blocks = {taken: "".join(ROSTER_CHOICE.format(value=value, pk="{pk}", label=label,
                                                  checked=" checked" if taken == value else "")
                             for value, label in labels)
              for taken in [None, *(value for value, _label in statuses)]}
    hours, hours_label = escape(hours), escape(hours_label)
    disabled = "" if can_take else " disabled"
    rows = []
    for e in roster:
        pk = str(e.pk)
        rows.append(ROSTER_ROW.format(
            pk=pk, disabled=disabled, name=escape(e.entrepreneur_name),
            choices=blocks.get(e.att_status, blocks[None]).replace("{pk}", pk), hours_label=hours_label, hours=hours,
            value="" if e.att_hours is None else escape(e.att_hours)))
    return mark_safe("\n".join(rows))
