"""The digital toolkit's report of one enrolment as a Thai PDF (WeasyPrint, Noto Sans Thai embedded)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from uplift.toolkits.digital import selectors


def bars(rows: list[dict]) -> list[dict]:
    """T0 and T1 bars per dimension as HTML widths (WeasyPrint shapes Thai in HTML text but not in SVG)."""
    return [row | {"t0_pct": row["t0"] or 0, "t1_pct": row["t1"] or 0} for row in rows]


def report_context(actor, enrolment) -> dict:
    with translation.override("th"):
        space = selectors.workspace(actor, enrolment)
        checks = [(check, selectors.finding_rows(check)) for check in space.checks]
        return {"enrolment": enrolment, "space": space, "bars": bars(space.rows), "checks": checks,
                "generated": timezone.localtime()}


def render_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("th"):
        html = render_to_string("digital/report_pdf.html", context)
    # SARA AM as NIKHAHIT + SARA AA (its compatibility decomposition, drawn the same): WeasyPrint maps
    # each glyph back to text, and the composed character's two glyphs lose the nikhahit on extraction.
    html = html.replace("\u0e33", "\u0e4d\u0e32")
    return HTML(string=html).write_pdf()
