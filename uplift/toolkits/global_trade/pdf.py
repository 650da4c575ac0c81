"""Thai PDFs with WeasyPrint: the per-entrepreneur summary (listing sheets with their checks, quotes,
online and export results) and the Thai/English export quote sheet. Fonts: Noto Sans Thai."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import outputs, selectors
from .core.targets import load_target, target_codes


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("th"):
        html = render_to_string(template, context)
    # SARA AM as NIKHAHIT + SARA AA (its compatibility decomposition, drawn the same): WeasyPrint maps
    # each glyph back to text, and the composed character's two glyphs lose the nikhahit on extraction.
    html = html.replace("\u0e33", "\u0e4d\u0e32")
    return HTML(string=html).write_pdf()


def enrolment_pdf(actor, enrolment) -> bytes:
    listings = list(selectors.listings(actor, enrolment.entrepreneur_id))
    targets = {code: load_target(code) for code in target_codes()}
    sheets = [{"listing": l, "images": list(l.images.all()),
               "checks": [(targets[c.target], c) for c in sorted(l.checks.all(), key=lambda c: c.target)
                          if c.target in targets]} for l in listings]
    results = selectors.channel_results(actor, enrolment)
    return render_pdf("global_trade/pdf/summary.html", {
        "enrolment": enrolment, "entrepreneur": enrolment.entrepreneur, "sheets": sheets,
        "reports": outputs.feed_reports(listings), "quotes": list(selectors.quotes(actor, enrolment)[:5]),
        "results": results, "months": results.months[-12:], "events": list(selectors.events(actor, enrolment.entrepreneur_id)),
        "generated": timezone.localtime(),
    })


def quote_pdf(quote) -> bytes:
    return render_pdf("global_trade/pdf/quote.html", {"quote": quote, "result": quote.result,
                                                      "generated": timezone.localtime()})
