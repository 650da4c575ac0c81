"""The successors toolkit's Thai PDFs (WeasyPrint, Noto Sans Thai embedded): an enrolment's idea, pitches
and plan; an event's published (or, for its organisers, current) results."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from uplift.toolkits.successors import selectors
from uplift.toolkits.successors.core.reliability import ICC_FORMS
from uplift.toolkits.successors.models import PitchEvent

ICC_NAMES = {"ICC1": "ICC(1,1)", "ICC2": "ICC(2,1)", "ICC3": "ICC(3,1)",
             "ICC1k": "ICC(1,k)", "ICC2k": "ICC(2,k)", "ICC3k": "ICC(3,k)"}


def icc_rows(result: dict) -> list[dict]:
    return [{"form": form, "name": ICC_NAMES[form], "value": (result.get("icc") or {}).get(form),
             "ci": (result.get("icc_ci") or {}).get(form)} for form in ICC_FORMS]


def report_context(actor, enrolment) -> dict:
    with translation.override("th"):
        space = selectors.workspace(actor, enrolment)
        return {"enrolment": enrolment, "space": space, "generated": timezone.localtime(),
                "latest": [(p, p.latest, selectors.canvas_rows(p.latest)) for p in space.proposals]}


def event_context(event: PitchEvent) -> dict:
    with translation.override("th"):
        if event.status == PitchEvent.Status.PUBLISHED:
            result, final = selectors.results_view(event, event.results), True
        else:
            result, _why = selectors.live_results(event)
            final = False
        return {"event": event, "result": result or {}, "final": final, "icc": icc_rows(result or {}),
                "rubric": selectors.event_rubric(event), "generated": timezone.localtime()}


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("th"):
        html = render_to_string(template, context)
    # SARA AM as NIKHAHIT + SARA AA (its compatibility decomposition, drawn the same): WeasyPrint maps
    # each glyph back to text, and the composed character's two glyphs lose the nikhahit on extraction.
    html = html.replace("\u0e33", "\u0e4d\u0e32")
    return HTML(string=html).write_pdf()
