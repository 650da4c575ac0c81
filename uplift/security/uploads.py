"""Bounds on uploaded files, checked before anything reads or stores them.

Each kind of upload has a size limit (``settings.UPLIFT_UPLOAD_LIMITS``, in bytes, shown beside the
upload field). An .xlsx is a zip: before any parser opens it, its central directory (a few kilobytes,
read without inflating anything) must show at most ``XLSX_MAX_ENTRIES`` entries, at most
``XLSX_MAX_UNCOMPRESSED`` bytes once inflated, and no entry of more than a megabyte inflating more than
``XLSX_MAX_RATIO`` times (real workbooks inflate 5–20 times; a "zip bomb" of repeated shared strings,
thousands). A refused file is never written anywhere: Django deletes its temporary copy with the request.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MB = 1024 * 1024
DEFAULT_LIMITS = {"csv": 20 * MB, "xlsx": 20 * MB, "image": 10 * MB, "document": 10 * MB}
XLSX_MAX_ENTRIES = 2_000
XLSX_MAX_UNCOMPRESSED = 400 * MB
XLSX_MAX_RATIO = 100
RATIO_APPLIES_FROM = 1 * MB


@dataclass(frozen=True)
class ZipFigures:
    entries: int
    compressed: int
    uncompressed: int
    worst_ratio: float


def limit(kind: str) -> int:
    return {**DEFAULT_LIMITS, **getattr(settings, "UPLIFT_UPLOAD_LIMITS", {})}[kind]


def limits_text() -> str:
    """For the upload page: "CSV up to 20 MB, Excel (.xlsx) up to 20 MB"."""
    return _("CSV up to %(csv)s, Excel (.xlsx) up to %(xlsx)s") % {
        "csv": filesizeformat(limit("csv")), "xlsx": filesizeformat(limit("xlsx"))}


def kind_of(filename: str) -> str:
    name = (filename or "").lower()
    return "xlsx" if name.endswith((".xlsx", ".xlsm")) else "csv"


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError({"file": [ValidationError(message, code=code)]})


def check_request_size(request, kind: str) -> None:
    """Refuse a request whose declared body is already past the largest allowed file (before parsing it)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit(kind) + 64 * 1024:
        raise refuse(_too_large(limit(kind)), "file_too_large")


def check_import_upload(upload) -> str:
    """An import's file (.csv or .xlsx): its size, and for .xlsx its zip directory. Returns its kind."""
    kind = kind_of(upload.name)
    if upload.size > limit(kind):
        raise refuse(_too_large(limit(kind)), "file_too_large")
    if kind == "xlsx":
        upload.seek(0)
        check_xlsx(upload)
        upload.seek(0)
    return kind


def check_xlsx(source) -> ZipFigures:
    """The zip directory of an .xlsx (bytes or a file opened for reading) within the bounds, or a refusal."""
    handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise refuse(_("This is not a readable Excel (.xlsx) file. Save it again from Excel, or as CSV."),
                     "not_xlsx") from None
    figures = ZipFigures(
        entries=len(infos), compressed=sum(i.compress_size for i in infos),
        uncompressed=sum(i.file_size for i in infos),
        worst_ratio=max((i.file_size / max(i.compress_size, 1) for i in infos if i.file_size >= RATIO_APPLIES_FROM),
                        default=0.0))
    if figures.entries > XLSX_MAX_ENTRIES:
        raise refuse(_("This Excel file holds %(n)s parts, more than a workbook has (at most %(max)s).")
                     % {"n": figures.entries, "max": XLSX_MAX_ENTRIES}, "xlsx_entries")
    if figures.uncompressed > XLSX_MAX_UNCOMPRESSED or figures.worst_ratio > XLSX_MAX_RATIO:
        raise refuse(_("This Excel file would expand to %(size)s when opened, too much to be ordinary data "
                       "(at most %(max)s, and at most %(ratio)s times its packed size). Remove unused sheets "
                       "and formatting, or save it as CSV.")
                     % {"size": filesizeformat(figures.uncompressed), "max": filesizeformat(XLSX_MAX_UNCOMPRESSED),
                        "ratio": XLSX_MAX_RATIO}, "xlsx_bomb")
    return figures


def _too_large(size: int) -> str:
    return _("The file is larger than %(max)s, the limit for this kind of file. Split it into smaller files.") % {
        "max": filesizeformat(size)}
