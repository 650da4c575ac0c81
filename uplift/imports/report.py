"""The row report in words, and as an .xlsx: the uploaded rows with the bad cells highlighted."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uplift.imports.models import ImportJob
from uplift.imports.selectors import job_table
from uplift.registry.models import DUPLICATE_IDENTIFIER_MESSAGE
from uplift.security.cells import xlsx_workbook

REASONS = {
    "required": gettext_lazy("A value is required."),
    "too_long": gettext_lazy("Longer than %(limit)s characters."),
    "not_a_number": gettext_lazy("Not a number."),
    "not_a_whole_number": gettext_lazy("Not a whole number."),
    "out_of_range": gettext_lazy("Outside the range %(low)s–%(high)s."),
    "not_a_date": gettext_lazy("Not a date (write e.g. 15/03/2563 or 15 มี.ค. 63)."),
    "year_out_of_range": gettext_lazy("The year must be between %(low)s and %(high)s (B.E.)."),
    "bad_phone": gettext_lazy("Not a Thai phone number (9 or 10 digits starting with 0)."),
    "bad_email": gettext_lazy("Not an email address."),
    "bad_id_length": gettext_lazy("An identifier has 13 digits."),
    "bad_id_checksum": gettext_lazy("The identifier's check digit is wrong."),
    "bad_id": gettext_lazy("Not a valid identifier."),
    "conflicts_in_file": gettext_lazy("Differs from row %(first)s of this file, which has the same identifier and says “%(other)s”."),
    "products_conflict": gettext_lazy("Row %(first)s of this file gives this product of the same entrepreneur differently."),
    "people_conflict": gettext_lazy("Row %(first)s of this file gives this person of the same entrepreneur differently."),
    "sales_conflict": gettext_lazy("Row %(first)s of this file gives this month's sales of the same entrepreneur differently."),
    "area_missing": gettext_lazy("No subdistrict given."),
    "unknown_area": gettext_lazy("No subdistrict is called %(area)s."),
    "ambiguous_area": gettext_lazy("%(count)s subdistricts are called %(area)s: give the district or province."),
    "bad_postal_code": gettext_lazy("A postal code has 5 digits."),
    "postal_code_mismatch": gettext_lazy("This postal code is not used in the subdistrict (it uses %(valid)s)."),
    "unknown_choice": gettext_lazy("Not a known choice; the nearest are: %(choices)s."),
    "bad_stars": gettext_lazy("Stars are 1 to 5."),
    "star_year_missing": gettext_lazy("Give the year the stars were awarded."),
    "shares_over_one": gettext_lazy("Thai and foreign tourist shares add up to more than 100%."),
    "outside_scope": gettext_lazy("Outside your regional centres."),
    "already_registered": DUPLICATE_IDENTIFIER_MESSAGE,
    "unknown_entrepreneur": gettext_lazy("No such entrepreneur within your scope."),
    "ambiguous_entrepreneur": gettext_lazy("Several entrepreneurs have this name: use the identifier."),
    "ambiguous_entrepreneur_province": gettext_lazy("Several entrepreneurs have this name: give the province or the identifier."),
    "negative_value": gettext_lazy("The value cannot be negative."),
    "document_required": gettext_lazy("Name the document that supports this figure."),
    "not_enrolled": gettext_lazy("This entrepreneur is not enrolled in the round."),
    "several_rounds": gettext_lazy("This entrepreneur is enrolled in several rounds: give the round."),
    "verify_not_allowed": gettext_lazy("Only a consultant or an officer can mark a figure as verified."),
    "baseline_frozen": gettext_lazy("The baseline of %(indicator)s was frozen at enrolment and cannot be changed."),
    "observation_conflict": gettext_lazy("Row %(first)s of this file gives this indicator and wave of the same entrepreneur differently."),
}


NEAREST = {  # the same reason, when the nearest known names are given too
    "unknown_area": gettext_lazy("No subdistrict is called %(area)s; the nearest in the district or province "
                                 "(district, postal codes; ✓ the row's): %(nearest)s."),
}


def reason(code: str, params: dict | None = None) -> str:
    text = str(NEAREST[code] if code in NEAREST and (params or {}).get("nearest") else REASONS.get(code, code))
    try:
        return text % (params or {}) if params else text
    except (KeyError, TypeError, ValueError):
        return text


def job_issues(job: ImportJob) -> list[dict]:
    """The report's rows: file line, the sheet's own sequence number (ลำดับ), column, value, reason."""
    return [{"row": item[0], "seq": item[5] if len(item) > 5 else "", "column": item[1], "value": item[2],
             "code": item[3], "reason": reason(item[3], item[4])} for item in job.issues]


def report_xlsx(job: ImportJob) -> bytes:
    """Sheet 1: the uploaded rows, bad cells filled red with the reason as a comment; sheet 2: the list."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    table = job_table(job)
    bad = PatternFill("solid", fgColor="F8C9C4")
    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Data")[:31]
    sheet.append([_("Row"), *table.headers])
    for cell in sheet[1]:
        cell.font = bold
    col_of = {h: i for i, h in enumerate(table.headers)}
    by_row: dict[int, list] = {}
    for item in job_issues(job):
        by_row.setdefault(item["row"], []).append((item["column"], item["reason"]))
    for number, cells in table.rows:
        if number not in by_row:
            continue
        sheet.append([number, *[c if isinstance(c, (int, float, str)) or c is None else str(c) for c in cells]])
        line = sheet.max_row
        for column, why in by_row[number]:
            i = col_of.get(column)
            cell = sheet.cell(row=line, column=(i + 2) if i is not None else 1)
            cell.fill = bad
            cell.comment = Comment(why, "OTOP Uplift")
    listing = book.create_sheet(_("Problems")[:31])
    listing.append([_("Row"), _("Sequence no."), _("Column"), _("Value"), _("Reason")])
    for cell in listing[1]:
        cell.font = bold
    for item in job_issues(job):
        listing.append([item["row"], item["seq"], item["column"], item["value"], item["reason"]])
    xlsx_workbook(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def audit_report(user, job: ImportJob) -> None:
    """The problems report holds the uploaded rows: its download is an export, audited."""
    from uplift.audit.actions import audit_event

    audit_event(actor=user, action="export", model="imports.ImportJob", object_pk=job.pk,
                changes={"what": "import problems report", "format": "xlsx", "rows": len(job.issues or [])})
