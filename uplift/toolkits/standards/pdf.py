"""The standards toolkit's report of one enrolment as a Thai PDF (WeasyPrint, Noto Sans Thai)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from uplift.toolkits.standards import selectors


def report_context(actor, enrolment) -> dict:
    with translation.override("th"):
        space = selectors.workspace(actor, enrolment, frozenset({"domestic", "modern_trade", "online", "export"}))
        assessments = [selectors.assessment_view(actor, a) for a in space.assessments]
        certifications = [selectors.certification_view(actor, c) for c in space.certifications]
    return {"enrolment": enrolment, "space": space, "assessments": assessments, "certifications": certifications,
            "generated": timezone.localtime()}


def render_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("th"):
        html = render_to_string("standards/report_pdf.html", context)
    # SARA AM as NIKHAHIT + SARA AA (its compatibility decomposition, drawn the same): WeasyPrint maps
    # each glyph back to text, and the composed character's two glyphs lose the nikhahit on extraction.
    html = html.replace("\u0e33", "\u0e4d\u0e32")
    return HTML(string=html).write_pdf()
