"""Import and export over the API: upload + preview, set the mapping and run, job status, report, export."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from uplift.imports import services
from uplift.imports.core.read import ReadError
from uplift.imports.export import export_csv, export_xlsx
from uplift.imports.report import job_issues, report_xlsx
from uplift.imports.views import filters_from

router = Router(tags=["imports"])


class IssueOut(Schema):
    row: int
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
    issues: list[IssueOut]


class PreviewOut(Schema):
    job: JobOut
    headers: list[str]
    rows: list[list]
    header_row: int


class RunIn(Schema):
    dry_run: bool = True
    mapping: dict[int, str] | None = None


def _out(job) -> dict:
    return {**{k: getattr(job, k) for k in ("id", "kind", "filename", "status", "phase", "dry_run", "rows_total",
                                             "rows_done", "counts", "mapping")}, "issues": job_issues(job)}


def _job(request, job_id: int):
    services._check_can_import(request.auth)
    return get_object_or_404(services.visible_jobs(request.auth), pk=job_id)


@router.post("/jobs", response={201: PreviewOut})
def upload(request, file: File[UploadedFile], kind: Form[str] = "entrepreneurs"):
    try:
        job = services.job_create(actor=request.auth, filename=file.name, data=file.read(), kind=kind)
    except (ReadError, KeyError) as error:
        raise ValidationError({"file": [str(error)]}) from error
    preview = services.import_preview(job)
    rows = [[number, *[v if isinstance(v, (int, float, str)) or v is None else str(v) for v in cells]]
            for number, cells in preview["rows"]]
    return Status(201, {"job": _out(job), "headers": preview["headers"], "rows": rows, "header_row": preview["header_row"]})


@router.post("/jobs/{int:job_id}/run", response=JobOut)
def run(request, job_id: int, payload: RunIn):
    job = _job(request, job_id)
    if payload.mapping is not None:
        services.mapping_set(job, payload.mapping)
    return _out(services.import_start(job=job, actor=request.auth, dry_run=payload.dry_run))


@router.get("/jobs/{int:job_id}", response=JobOut)
def status(request, job_id: int):
    return _out(services.job_fail_if_stale(_job(request, job_id)))


@router.get("/jobs/{int:job_id}/report.xlsx")
def report(request, job_id: int):
    response = HttpResponse(report_xlsx(_job(request, job_id)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="import-{job_id}-problems.xlsx"'
    return response


@router.get("/export/entrepreneurs.{fmt}")
def export(request, fmt: str, be: bool = True):
    filters = filters_from(request.GET)
    if fmt == "csv":
        return HttpResponse(export_csv(user=request.auth, filters=filters, buddhist_era=be),
                            content_type="text/csv; charset=utf-8")
    if fmt == "xlsx":
        return HttpResponse(export_xlsx(user=request.auth, filters=filters, buddhist_era=be),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    raise ValidationError({"fmt": ["csv or xlsx"]})
