"""The import wizard (upload → mapping and preview → dry-run report → import), duplicates, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from uplift.access.scoping import can_edit_registry
from uplift.imports import services
from uplift.imports.core.mapping import fields as kind_fields
from uplift.imports.core.read import ReadError
from uplift.imports.export import export_csv, export_xlsx
from uplift.imports.models import ImportJob, Kind, MappingTemplate
from uplift.imports.report import job_issues, report_xlsx
from uplift.registry.selectors import EntrepreneurFilters

FIELD_LABELS = {
    "name_th": gettext_lazy("Thai name"), "name_en": gettext_lazy("English name"), "kind": gettext_lazy("kind"),
    "id_number": gettext_lazy("identifier (citizen or juristic)"), "juristic_id": gettext_lazy("juristic person ID"),
    "citizen_id": gettext_lazy("citizen ID"), "otop_year": gettext_lazy("OTOP registration year"),
    "otop_date": gettext_lazy("OTOP registration date"), "members": gettext_lazy("members"),
    "employees": gettext_lazy("employees"), "address": gettext_lazy("full address (one cell)"),
    "address_line": gettext_lazy("house no., moo, road"), "subdistrict": gettext_lazy("subdistrict"),
    "district": gettext_lazy("district"), "province": gettext_lazy("province"),
    "postal_code": gettext_lazy("postal code"), "subdistrict_code": gettext_lazy("subdistrict code (DOPA)"),
    "phone": gettext_lazy("phone"), "line_id": gettext_lazy("LINE ID"), "email": gettext_lazy("email"),
    "entrepreneur_id": gettext_lazy("entrepreneur's identifier"), "entrepreneur_name": gettext_lazy("entrepreneur's name"),
    "category": gettext_lazy("category"), "star_rating": gettext_lazy("OPC stars"),
    "star_year": gettext_lazy("star rating year"), "star_date": gettext_lazy("star rating date"),
    "unit": gettext_lazy("unit"), "price": gettext_lazy("price (baht)"), "month": gettext_lazy("month"),
    "shop": gettext_lazy("shop or tourist site"), "fair": gettext_lazy("fairs"), "wholesale": gettext_lazy("wholesale"),
    "online": gettext_lazy("online"), "export": gettext_lazy("export"),
    "thai_tourist_share": gettext_lazy("share bought by Thai tourists"),
    "foreign_tourist_share": gettext_lazy("share bought by foreign tourists"),
}


def _importer(request) -> None:
    if not can_edit_registry(request.user):
        raise PermissionDenied


def _job(request, pk: int) -> ImportJob:
    _importer(request)
    return get_object_or_404(services.visible_jobs(request.user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    _importer(request)
    error = ""
    if request.method == "POST":
        upload_ = request.FILES.get("file")
        kind = request.POST.get("kind") or Kind.ENTREPRENEURS
        if upload_ is None:
            error = _("Choose a file.")
        elif kind not in Kind.values:
            error = _("Choose what the file holds.")
        else:
            try:
                job = services.job_create(actor=request.user, filename=upload_.name, data=upload_.read(), kind=kind)
            except ReadError as e:
                error = _("The file could not be read: %(error)s") % {"error": e}
            else:
                return redirect("imports:mapping", pk=job.pk)
    services.jobs_fail_stale()
    jobs = services.visible_jobs(request.user)[:10]
    return render(request, "imports/upload.html", {"error": error, "jobs": jobs, "kinds": Kind.choices})


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request, pk: int):
    job = _job(request, pk)
    preview = services.import_preview(job)
    if request.method == "POST":
        if request.POST.get("template"):
            template = get_object_or_404(MappingTemplate, pk=request.POST["template"], kind=job.kind)
            services.mapping_set(job, services.template_mapping(template, preview["headers"]))
            messages.success(request, _("Applied the mapping %(name)s.") % {"name": template.name})
            return redirect("imports:mapping", pk=job.pk)
        allowed = set(kind_fields(job.kind)) | {f for f in job.mapping.values() if f.startswith("avg:")}
        chosen = {i: request.POST.get(f"col-{i}", "") for i in range(len(preview["headers"]))}
        services.mapping_set(job, {i: f for i, f in chosen.items() if f in allowed})
        if name := request.POST.get("save_as", "").strip():
            services.template_save(actor=request.user, name=name[:100], job=job)
        services.import_start(job=job, actor=request.user, dry_run=True)
        return redirect("imports:job", pk=job.pk)
    options = [(f, FIELD_LABELS.get(f, f)) for f in kind_fields(job.kind)]
    options += [(f, _("average monthly sales in %(year)s") % {"year": int(f[4:]) + 543})
                for f in sorted(set(job.mapping.values())) if f.startswith("avg:")]
    columns = [{"index": i, "header": h, "field": preview["mapping"].get(i, ""),
                "samples": [cells[i] for _n, cells in preview["rows"][:3]]} for i, h in enumerate(preview["headers"])]
    return render(request, "imports/mapping.html", {
        "job": job, "preview": preview, "columns": columns, "options": options,
        "templates": MappingTemplate.objects.filter(kind=job.kind),
    })


@login_required
def job_detail(request, pk: int):
    job = services.job_fail_if_stale(_job(request, pk))
    context = {"job": job, "issues": job_issues(job)[:500], "more": max(0, len(job.issues) - 500)}
    if request.htmx:
        return render(request, "imports/_status.html", context)
    return render(request, "imports/job.html", context)


@login_required
@require_POST
def run(request, pk: int):
    job = _job(request, pk)
    if job.status != ImportJob.Status.CHECKED:
        messages.error(request, _("Check the file (dry run) before importing."))
    else:
        services.import_start(job=job, actor=request.user, dry_run=False)
    return redirect("imports:job", pk=job.pk)


@login_required
def report(request, pk: int):
    job = _job(request, pk)
    response = HttpResponse(report_xlsx(job),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def duplicates(request):
    _importer(request)
    if request.method == "POST":
        try:
            services.duplicate_resolve(actor=request.user, pk=int(request.POST.get("pk", 0)),
                                       action=request.POST.get("action", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done."))
        return redirect("imports:duplicates")
    open_ = services.visible_duplicates(request.user).filter(status="open")[:200]
    return render(request, "imports/duplicates.html", {"candidates": open_})


def filters_from(data) -> EntrepreneurFilters:
    centre = data.get("centre")
    return EntrepreneurFilters(
        q=data.get("q", ""), centre=int(centre) if centre and centre.isdigit() else None,
        province=data.get("province", ""), kind=data.get("kind", ""), category=data.get("category", ""),
        stars=data.get("stars", ""), sort=data.get("sort", "name") or "name")


@login_required
def export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    be = request.GET.get("be", "1") != "0"
    filters = filters_from(request.GET)
    if fmt == "csv":
        body, ctype = export_csv(user=request.user, filters=filters, buddhist_era=be), "text/csv; charset=utf-8"
    else:
        body = export_xlsx(user=request.user, filters=filters, buddhist_era=be)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="entrepreneurs.{fmt}"'
    return response
