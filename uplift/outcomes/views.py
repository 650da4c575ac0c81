"""Pages for outcome figures: consultant entry per entrepreneur, bulk CSV entry, evaluations, reports."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET

from uplift.access.models import Role
from uplift.access.scoping import role_of, visible_entrepreneurs
from uplift.outcomes import services
from uplift.outcomes.models import EconomicValue, EvaluationResult, Indicator, Observation, ProgrammeReport, Wave
from uplift.outcomes.reports import report_request

FOLLOW_UP_WAVES = [w for w in Wave if w != Wave.BASELINE]


def _round(pk):
    from uplift.programme.models import Round

    return get_object_or_404(Round, pk=pk)


@login_required
def observations(request, round_id: int, entrepreneur_id: int):
    round_ = _round(round_id)
    entrepreneur = visible_entrepreneurs(request.user).filter(pk=entrepreneur_id).select_related("province").first()
    if entrepreneur is None:
        raise Http404
    indicators = list(Indicator.objects.all())
    existing = {(o.indicator_id, o.wave): o for o in Observation.objects.filter(
        round=round_, entrepreneur=entrepreneur).select_related("entered_by")}
    wave = request.POST.get("wave") or request.GET.get("wave") or Wave.END
    errors = {}
    can_enter = services.can_enter_observations(request.user)
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied
        source = request.POST.get("source", "")
        items = [
            services.ObservationIn(entrepreneur_id=entrepreneur.pk, round_id=round_.pk, indicator=i.code, wave=wave,
                                   value=request.POST.get(f"value-{i.code}", "").strip(), source=source,
                                   document=request.POST.get("document", "").strip(), note=request.POST.get("note", "").strip())
            for i in indicators if request.POST.get(f"value-{i.code}", "").strip() != ""
        ]
        if not items:
            errors = {"__all__": [_("Enter at least one figure.")]}
        else:
            try:
                services.observations_save(actor=request.user, items=items)
            except ValidationError as e:
                errors = e.message_dict
            else:
                messages.success(request, _("Saved %(n)s figures.") % {"n": len(items)})
                return redirect(f"{request.path}?wave={wave}")
    rows = [{"indicator": i, "cells": [existing.get((i.pk, w)) for w in Wave]} for i in indicators]
    values = list(EconomicValue.objects.filter(round=round_, entrepreneur=entrepreneur).select_related(
        "baseline__indicator", "follow_up__indicator", "enrolment__round_activity__activity"))
    names = {c["code"]: c for c in services.value_config()["components"]}
    thai = (get_language() or "th").startswith("th")
    for v in values:
        v.component_name = names.get(v.component, {}).get("name_th" if thai else "name_en", v.component)
    return render(request, "outcomes/observations.html", {
        "round": round_, "entrepreneur": entrepreneur, "rows": rows, "waves": list(Wave), "wave": wave,
        "follow_up_waves": FOLLOW_UP_WAVES, "errors": errors, "post": request.POST, "can_enter": can_enter,
        "sources": [s for s in Observation.Source if s != Observation.Source.REGISTRY], "values": values,
    })


@login_required
def bulk(request, round_id: int):
    round_ = _round(round_id)
    if not services.can_enter_observations(request.user):
        raise PermissionDenied
    errors = {}
    if request.method == "POST":
        upload = request.FILES.get("file")
        text = upload.read().decode("utf-8-sig", errors="replace") if upload else request.POST.get("text", "")
        try:
            saved = services.observations_bulk_csv(actor=request.user, round_id=round_.pk, text=text)
        except ValidationError as e:
            errors = e.message_dict
        else:
            messages.success(request, _("Saved %(n)s figures.") % {"n": len(saved)})
            return redirect("outcomes:bulk", round_id=round_.pk)
    return render(request, "outcomes/bulk.html", {"round": round_, "errors": errors, "waves": list(Wave),
                                                   "indicators": Indicator.objects.all()})


def _can_see_evaluations(user) -> bool:
    return role_of(user) in (Role.ADMINISTRATOR, Role.EXECUTIVE)


@require_GET
@login_required
def evaluation(request, pk: int):
    if not _can_see_evaluations(request.user):
        raise PermissionDenied
    record = get_object_or_404(EvaluationResult.objects.select_related("round", "round_activity__activity"), pk=pk)
    es = (record.result or {}).get("event_study") or {}
    chart = [{"e": c["event_time"], "coef": c["coef"], "low": c["ci_low"], "high": c["ci_high"]}
             for c in es.get("coefficients", [])] if es else []
    others = EvaluationResult.objects.filter(round=record.round).exclude(pk=record.pk).select_related(
        "round_activity__activity").defer("result")[:30]
    return render(request, "outcomes/evaluation.html", {"ev": record, "r": record.result or {}, "chart": chart,
                                                        "others": others})


@login_required
def reports(request):
    from uplift.programme.models import Round

    rounds = list(Round.objects.all())
    if request.method == "POST":
        round_id = int(request.POST.get("round") or 0)
        if not any(r.pk == round_id for r in rounds):
            raise Http404
        month = request.POST.get("month") or date.today().strftime("%Y-%m")
        try:
            first = date.fromisoformat(f"{month}-01")
        except ValueError:
            first = date.today().replace(day=1)
        report_request(actor=request.user, round_id=round_id, month=first)
        messages.success(request, _("The report is being prepared; refresh this page in a moment."))
        return redirect(f"{request.path}?round={round_id}")
    mine = ProgrammeReport.objects.filter(requested_by=request.user).select_related("round").defer("pdf", "xlsx")[:20]
    return render(request, "outcomes/reports.html", {"rounds": rounds, "reports": mine,
                                                      "selected": request.GET.get("round"),
                                                      "month": date.today().strftime("%Y-%m")})


@require_GET
@login_required
def report_download(request, pk: int, kind: str):
    report = get_object_or_404(ProgrammeReport, pk=pk, requested_by=request.user, status=ProgrammeReport.Status.READY)
    if kind == "pdf":
        body, ctype = report.pdf, "application/pdf"
    elif kind == "xlsx":
        body, ctype = report.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(bytes(body), content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="otop-report-{report.month:%Y-%m}.{kind}"'
    return response
