"""Files the toolkit hands out: feeds per target (Google Merchant Center TSV and RSS, schema.org JSON-LD,
marketplace bulk sheets in xlsx or CSV), the report of what each feed left out and why, and the
export quote sheet as xlsx. Built over listings the actor sees (selectors) with the core's feed builders.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from uplift.security import cells

from .convert import core_listing, showcase_url
from .core import feeds as core_feeds
from .core.listing import Listing as CoreListing
from .core.targets import Issue, load_target, target_codes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS: dict[str, dict[str, str]] = {
    "google_merchant": {"tsv": "text/tab-separated-values; charset=utf-8", "xml": "application/rss+xml; charset=utf-8"},
    "schema_org": {"json": "application/ld+json; charset=utf-8"},
    "shopee_th": {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"},
    "lazada_th": {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"},
}


@dataclass(frozen=True)
class Left:
    listing_id: int
    title: str
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class FeedReport:
    target: str
    name_th: str
    name_en: str
    version: str
    formats: tuple[str, ...]
    included: tuple[str, ...]
    excluded: tuple[Left, ...]


@dataclass(frozen=True)
class FeedFile:
    content: bytes
    content_type: str
    filename: str
    report: FeedReport


def _core(listings, base_url: str) -> tuple[list[CoreListing], dict[str, object]]:
    items = list(listings)
    return [core_listing(item, base_url) for item in items], {item.feed_id: item for item in items}


def _report(target_code: str, feed: core_feeds.Feed, by_id: dict) -> FeedReport:
    target = load_target(target_code)
    return FeedReport(
        target_code, target.name_th, target.name_en, target.version, tuple(FORMATS.get(target_code, {})),
        feed.included,
        tuple(Left(by_id[e.listing_id].pk, by_id[e.listing_id].title_th, e.issues) for e in feed.excluded))


def feed_reports(listings, base_url: str = "") -> list[FeedReport]:
    """For every target: which listings a feed would carry, and which it leaves out with the rules they fail."""
    core, by_id = _core(listings, base_url)
    reports = []
    for code in target_codes():
        passing, excluded = core_feeds.split_by_rules(core, load_target(code))
        reports.append(_report(code, core_feeds.Feed("", tuple(l.id for l in passing), excluded), by_id))
    return reports


def feed_file(listings, *, entrepreneur, target: str, fmt: str, base_url: str) -> FeedFile:
    if fmt not in FORMATS.get(target, {}):
        raise Http404(_("Not found."))
    core, by_id = _core(listings, base_url)
    loaded = load_target(target)
    if target == "google_merchant" and fmt == "tsv":
        feed = core_feeds.google_tsv(core, loaded)
    elif target == "google_merchant":
        name = entrepreneur.name_en or entrepreneur.name_th
        feed = core_feeds.google_rss(core, title=f"{name} · OTOP", link=showcase_url(entrepreneur.pk, base_url),
                                     description=_("OTOP products from Thailand"), target=loaded)
    elif target == "schema_org":
        feed = core_feeds.jsonld_documents(core, loaded)
    elif fmt == "xlsx":
        feed = core_feeds.bulk_xlsx(core, loaded)
    else:
        feed = core_feeds.bulk_csv(core, loaded)
    content = feed.content if isinstance(feed.content, bytes) else feed.content.encode("utf-8")
    filename = f"otop-{entrepreneur.pk}-{target}.{fmt}"
    return FeedFile(content, FORMATS[target][fmt], filename, _report(target, feed, by_id))


def showcase_jsonld(listings, base_url: str) -> core_feeds.Feed:
    core, _by_id = _core(listings, base_url)
    return core_feeds.jsonld_scripts(core)


def quote_xlsx(quote) -> bytes:
    """The quote sheet: inputs, then each Incoterms rule per unit and in total, Thai and English headings."""
    result = quote.result
    wb = Workbook()
    ws = wb.active
    ws.title = "ใบเสนอราคา Quotation"
    bold = Font(bold=True)
    ws.append(["ใบเสนอราคาส่งออก / Export price quotation"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["รายการ / Item", quote.title])
    ws.append(["ปลายทาง / Destination", quote.destination_place or "-"])
    ws.append(["วันที่ / Date", quote.quote_date.isoformat()])
    ws.append(["จำนวน / Quantity", quote.quantity])
    ws.append(["สกุลเงิน / Currency", result["currency"]])
    if result["rate"]:
        ws.append(["อัตราแลกเปลี่ยน / Exchange rate",
                   f"1 {result['rate']['currency']} = {result['rate']['thb_per_unit']} THB ({result['rate']['on']})"])
    ws.append(["Incoterms®", f"2020 (ข้อมูลรุ่น / data version {result['incoterms_version']})"])
    ws.append([])
    header = ["กฎ / Rule", "ชื่อ / Name", "จุดส่งมอบ / Delivery", "ต่อหน่วย / Per unit", "รวม / Total"]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = bold
    for price in result["prices"]:
        ws.append([price["rule"], f"{price['name_th']} / {price['name_en']}", f"{price['place_th']} / {price['place_en']}",
                   Decimal(price["per_unit"]), Decimal(price["total"])])
    if result["unavailable"]:
        ws.append([])
        for missing in result["unavailable"]:
            ws.append([missing["rule"], "คำนวณไม่ได้ ขาดข้อมูล / not computed, missing: " + ", ".join(missing["missing"])])
    lines = wb.create_sheet("รายการต้นทุน Cost lines")
    lines.append(["กฎ / Rule", "รายการ / Line", "ต่อหน่วย / Per unit", "รวม / Total"])
    for cell in lines[1]:
        cell.font = bold
    for price in result["prices"]:
        for line in price["lines"]:
            lines.append([price["rule"], f"{line['name_th']} / {line['name_en']}", Decimal(line["per_unit"]),
                          Decimal(line["total"])])
    for sheet, widths in ((ws, (26, 44, 44, 16, 18)), (lines, (10, 50, 16, 18))):
        for column, width in zip("ABCDE", widths, strict=False):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows():
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    buffer = io.BytesIO()
    cells.xlsx_workbook(wb)
    wb.save(buffer)
    return buffer.getvalue()
