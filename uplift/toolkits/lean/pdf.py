"""The lean toolkit's report of one enrolment as a Thai PDF (WeasyPrint, Noto Sans Thai embedded)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from uplift.toolkits.lean import selectors


def bars(rows: list[tuple[str, float]]) -> list[dict]:
    """Bars as HTML (label, value, width %), drawn by CSS: WeasyPrint shapes Thai in HTML text but not in SVG."""
    top = max((abs(value) for _, value in rows), default=0) or 1
    return [{"label": label, "value": value, "pct": abs(value) / top * 100} for label, value in rows]


def report_context(actor, enrolment) -> dict:
    with translation.override("th"):
        space = selectors.workspace(actor, enrolment)
        waterfall = bars([(step["name"], step["minutes"]) for step in space.waterfall])
        for bar, step in zip(waterfall, space.waterfall):
            bar["loss"], bar["by_loss"] = step["loss"], step["by_loss"]
    return {"enrolment": enrolment, "space": space, "waterfall": waterfall,
            "waste_bars": bars([(w.name_th, w.baht) for w in space.waste]),
            "generated": timezone.localtime()}


def render_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("th"):
        html = render_to_string("lean/report_pdf.html", context)
    # SARA AM as NIKHAHIT + SARA AA (its compatibility decomposition, drawn the same): WeasyPrint maps
    # each glyph back to text, and the composed character's two glyphs lose the nikhahit on extraction.
    html = html.replace("\u0e33", "\u0e4d\u0e32")
    return HTML(string=html).write_pdf()
