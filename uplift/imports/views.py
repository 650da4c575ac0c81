"""The import wizard (upload → mapping and preview → dry-run report → import), duplicates, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from uplift.access import policy
from uplift.imports import jobs, selectors
from uplift.imports.background import job_start
from uplift.imports.core.mapping import DEFAULTABLE
from uplift.imports.core.mapping import fields as kind_fields
from uplift.imports.core.vocabulary import vocabulary
from uplift.imports.core.read import ReadError
from uplift.imports.duplicates import duplicate_resolve
from uplift.imports.export import export_csv, export_xlsx
from uplift.imports.fields import GROUPS, label
from uplift.imports.models import Kind
from uplift.imports.report import audit_report, job_issues, report_xlsx
from uplift.registry.selectors import EntrepreneurFilters
from uplift.security import uploads

def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    policy.require(request.user, "import.create")
    error = ""
    if request.method == "POST":
        try:
            uploads.check_request_size(request, "xlsx")
            upload_ = request.FILES.get("file")
            if upload_ is not None:
                uploads.check_import_upload(upload_)
        except ValidationError as e:
            upload_, error = None, _errors(e)
        kind = request.POST.get("kind") or Kind.ENTREPRENEURS
        if upload_ is None:
            error = error or _("Choose a file.")
        else:
            try:
                job = jobs.job_create(actor=request.user, filename=upload_.name, data=upload_.read(), kind=kind)
            except ReadError as e:
                error = _("The file could not be read: %(error)s") % {"error": e}
            except ValidationError as e:
                error = _errors(e)
            else:
                return redirect("imports:mapping", pk=job.pk)
    jobs.jobs_fail_stale(actor=request.user)
    recent = selectors.visible_jobs(request.user)[:10]
    return render(request, "imports/upload.html", {"error": error, "jobs": recent, "kinds": Kind.choices,
                                                   "limits": uploads.limits_text()})


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request, pk: int):
    job = selectors.job_get(request.user, pk, "import.run")
    preview = selectors.job_preview(job)
    templates = selectors.visible_templates(request.user, job.kind)
    if request.method == "POST":
        try:
            if request.POST.get("template"):
                template = templates.filter(pk=request.POST["template"]).first()
                if template is None:
                    raise Http404
                jobs.mapping_set(actor=request.user, job=job,
                                 mapping=selectors.template_mapping(template, preview["headers"]))
                messages.success(request, _("Applied the mapping %(name)s.") % {"name": template.name})
                return redirect("imports:mapping", pk=job.pk)
            allowed = jobs.allowed_fields(job)
            chosen = {i: request.POST.get(f"col-{i}", "") for i in range(len(preview["headers"]))}
            defaults = {f: request.POST.get(f"default-{f}", "") for f in DEFAULTABLE[job.kind]}
            jobs.mapping_set(actor=request.user, job=job, mapping={i: f for i, f in chosen.items() if f in allowed},
                             defaults=defaults)
            if name := request.POST.get("save_as", "").strip():
                centre = request.POST.get("save_centre", "")
                jobs.template_save(actor=request.user, name=name, job=job,
                                   centre_id=int(centre) if centre.isdigit() else None)
            if lacking := jobs.missing_fields(job):
                raise ValidationError(_("Map a column to, or set a value for the whole file for: %(fields)s.")
                                      % {"fields": ", ".join(lacking)})
            job_start(actor=request.user, job=job, dry_run=True)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect("imports:mapping", pk=job.pk)
        return redirect("imports:job", pk=job.pk)
    return render(request, "imports/mapping.html", {"job": job, "preview": preview,
                                                     "templates": templates.select_related("centre"),
                                                     "centres": list(jobs.template_centres(request.user)),
                                                     **_mapping_context(job, preview)})


def _mapping_context(job, preview: dict) -> dict:
    """Columns with their field, score and first values; the field options by group; values for the whole file."""
    seen = {*job.mapping.values(), *job.table_meta.get("suggested", {}).values()}
    fields = kind_fields(job.kind) + sorted(f for f in seen if f.startswith(("avg:", "mon:")))
    groups = [(str(title), [(f, label(f)) for f in fields if test(f)]) for title, test in GROUPS]
    scores = job.table_meta.get("scores", {})
    suggested = {int(i): f for i, f in job.table_meta.get("suggested", {}).items()}
    columns = []
    for i, header in enumerate(preview["headers"]):
        field = preview["mapping"].get(i, "")
        score = scores.get(str(i)) if field and suggested.get(i, field) == field else None
        columns.append({"index": i, "header": header, "field": field,
                        "score": round(100 * score) if score is not None else None,
                        "samples": [cells[i] for _n, cells in preview["rows"][:3] if cells[i] not in (None, "")]})
    choices = {"kind": vocabulary("kind").label, "product.category": vocabulary("category").label,
               "category": vocabulary("category").label}
    if job.kind == Kind.OBSERVATIONS:
        from uplift.imports.core import observations as words
        from uplift.imports.plan_observations import catalogue

        choices |= {"wave": words._vocabulary("wave").label, "source": words._vocabulary("source").label,
                    "indicator": words.indicators(catalogue()).label}
    defaults = [{"field": f, "label": label(f), "value": job.defaults.get(f, ""),
                 "documented": jobs.effective_defaults(job).get(f, "") if f not in job.defaults else "",
                 "choices": list(choices.get(f, {}).values())}
                for f in DEFAULTABLE[job.kind]]
    return {"columns": columns, "groups": [g for g in groups if g[1]], "defaults": defaults,
            "unmapped": [c for c in columns if not c["field"] and c["header"]],
            "lacking": jobs.missing_fields(job)}


@login_required
def job_detail(request, pk: int):
    job = jobs.job_fail_if_stale(actor=request.user, job=selectors.job_get(request.user, pk))
    titles = {"products": _("products"), "people": _("owners or contacts"), "sales": _("months of sales")}
    context = {"job": job, "issues": job_issues(job)[:500], "more": max(0, len(job.issues) - 500),
               "parts": [(titles[name], job.counts[name]) for name in titles if isinstance(job.counts.get(name), dict)],
               "may_import": jobs.import_refusal(actor=request.user, job=job, confirm=job.check_token) is None,
               "may_run": policy.can(request.user, "import.run", job)}
    if request.htmx:
        return render(request, "imports/_status.html", context)
    return render(request, "imports/job.html", context)


@login_required
@require_POST
def run(request, pk: int):
    """The import button quotes the token of the report it was shown beside; "check again" starts a dry run."""
    job = selectors.job_get(request.user, pk, "import.run")
    dry_run = request.POST.get("dry_run") == "1"
    try:
        job_start(actor=request.user, job=job, dry_run=dry_run, confirm=request.POST.get("confirm", ""))
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect("imports:job", pk=job.pk)


@login_required
def report(request, pk: int):
    job = selectors.job_get(request.user, pk)
    audit_report(request.user, job)
    response = HttpResponse(report_xlsx(job),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def duplicates(request):
    policy.require(request.user, "duplicate.resolve")
    if request.method == "POST":
        try:
            pk = request.POST.get("pk", "")
            duplicate_resolve(actor=request.user, pk=int(pk) if pk.isdigit() else 0,
                              action=request.POST.get("action", ""))
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Done."))
        return redirect("imports:duplicates")
    candidates = [{"c": c, "products": [p.get("name_th", "") for p in (c.data.get("_parts") or {}).get("products", [])],
                   "months": len((c.data.get("_parts") or {}).get("sales", []))}
                  for c in selectors.open_duplicates(request.user)]
    return render(request, "imports/duplicates.html", {"candidates": candidates})


def filters_from(data) -> EntrepreneurFilters:
    centre = data.get("centre")
    return EntrepreneurFilters(
        q=data.get("q", ""), centre=int(centre) if centre and centre.isdigit() else None,
        province=data.get("province", ""), kind=data.get("kind", ""), category=data.get("category", ""),
        stars=data.get("stars", ""), sort=data.get("sort", "name") or "name")


@login_required
def export(request, fmt: str):
    policy.require(request.user, "entrepreneur.export")
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
