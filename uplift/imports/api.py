"""Import and export over the API: upload + preview, set the mapping and run, job status, report, export."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import File, Form, Router, Schema, Status
from django.utils.translation import gettext as _
from ninja.files import UploadedFile

from uplift.access import policy
from uplift.imports import jobs, selectors
from uplift.imports.background import job_start
from uplift.imports.core.read import ReadError
from uplift.imports.export import export_csv, export_xlsx
from uplift.imports.report import audit_report, job_issues, report_xlsx
from uplift.imports.views import filters_from
from uplift.security import uploads

router = Router(tags=["imports"])


class IssueOut(Schema):
    row: int
    seq: str  # the sheet's own sequence number (ลำดับ), when a column holds it
    column: str
    value: str
    code: str
    reason: str


class JobOut(Schema):
    id: int
    kind: str
    filename: str
    status: str
    phase: str
    dry_run: bool
    rows_total: int
    rows_done: int
    counts: dict
    mapping: dict
    defaults: dict
    issues: list[IssueOut]
    confirm: str  # after your dry run: quote it to import (POST …/run {"dry_run": false, "confirm": …})


class PreviewOut(Schema):
    job: JobOut
    headers: list[str]
    rows: list[list]
    header_row: int


class RunIn(Schema):
    dry_run: bool = True
    mapping: dict[int, str] | None = None
    defaults: dict[str, str] | None = None  # values for the whole file, e.g. {"product.unit": "ชิ้น"}
    confirm: str = ""


def _out(job, actor) -> dict:
    mine = job.checked_by_id == actor.pk
    return {**{k: getattr(job, k) for k in ("id", "kind", "filename", "status", "phase", "dry_run", "rows_total",
                                             "rows_done", "counts", "mapping", "defaults")},
            "issues": job_issues(job), "confirm": job.check_token if mine else ""}


@router.post("/jobs", response={201: PreviewOut})
def upload(request, file: File[UploadedFile], kind: Form[str] = "entrepreneurs"):
    """An .xlsx or .csv within the size limits (uplift.security.uploads); a refused file is never stored."""
    uploads.check_import_upload(file)
    try:
        job = jobs.job_create(actor=request.auth, filename=file.name, data=file.read(), kind=kind)
    except ReadError as error:
        raise ValidationError({"file": [str(error)]}) from error
    preview = selectors.job_preview(job)
    rows = [[number, *[v if isinstance(v, (int, float, str)) or v is None else str(v) for v in cells]]
            for number, cells in preview["rows"]]
    return Status(201, {"job": _out(job, request.auth), "headers": preview["headers"], "rows": rows, "header_row": preview["header_row"]})


@router.post("/jobs/{int:job_id}/run", response=JobOut)
def run(request, job_id: int, payload: RunIn):
    """A dry run first (its answer carries `confirm`), then the import quoting it."""
    job = selectors.job_get(request.auth, job_id, "import.run")
    if payload.mapping is not None or payload.defaults is not None:
        job = jobs.mapping_set(actor=request.auth, job=job,
                               mapping=job.mapping_dict() if payload.mapping is None else payload.mapping,
                               defaults=payload.defaults)
    if lacking := jobs.missing_fields(job):
        raise ValidationError({"mapping": [_("Map a column to, or set a value for the whole file for: %(fields)s.")
                                           % {"fields": ", ".join(lacking)}]})
    job_start(actor=request.auth, job=job, dry_run=payload.dry_run, confirm=payload.confirm)
    return _out(selectors.job_get(request.auth, job_id), request.auth)


@router.get("/jobs/{int:job_id}", response=JobOut)
def status(request, job_id: int):
    job = jobs.job_fail_if_stale(actor=request.auth, job=selectors.job_get(request.auth, job_id))
    return _out(job, request.auth)


@router.get("/jobs/{int:job_id}/report.xlsx")
def report(request, job_id: int):
    job = selectors.job_get(request.auth, job_id)
    audit_report(request.auth, job)
    response = HttpResponse(report_xlsx(job),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="import-{job_id}-problems.xlsx"'
    return response


@router.get("/export/entrepreneurs.{fmt}")
def export(request, fmt: str, be: bool = True):
    policy.require(request.auth, "entrepreneur.export")
    filters = filters_from(request.GET)
    if fmt == "csv":
        return HttpResponse(export_csv(user=request.auth, filters=filters, buddhist_era=be),
                            content_type="text/csv; charset=utf-8")
    if fmt == "xlsx":
        return HttpResponse(export_xlsx(user=request.auth, filters=filters, buddhist_era=be),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    raise ValidationError({"fmt": ["csv or xlsx"]})
