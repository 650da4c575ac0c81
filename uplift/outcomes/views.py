"""Pages for outcome figures: entry per entrepreneur, bulk CSV entry, a round's plan and evaluations,
one evaluation with its sensitivity, reports. They parse, call an action or a selector, and render."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from uplift.access import policy
from uplift.audit.actions import audit_event
from uplift.ops.replica import reads_from_replica
from uplift.outcomes import actions, plans, selectors
from uplift.outcomes.models import Observation, Wave

FOLLOW_UP_WAVES = [w for w in Wave if w != Wave.BASELINE]


def _round(actor, pk):
    from uplift.programme.models import Round

    return policy.get_visible(actor, Round, pk)


@login_required
def observations(request, round_id: int, entrepreneur_id: int):
    from uplift.registry.models import Entrepreneur

    round_ = _round(request.user, round_id)
    entrepreneur = policy.get_visible(request.user, Entrepreneur, entrepreneur_id, related=("province",))
    indicators = list(selectors.indicators(request.user))
    existing = {(o.indicator_id, o.wave): o for o in selectors.observations(request.user, round_.pk,
                                                                            entrepreneur_id=entrepreneur.pk)}
    wave = request.POST.get("wave") or request.GET.get("wave") or Wave.END
    errors = {}
    can_enter = policy.can(request.user, "observation.enter", entrepreneur)
    if request.method == "POST":
        policy.require(request.user, "observation.enter", entrepreneur)
        source = request.POST.get("source", "")
        items = [
            actions.ObservationIn(entrepreneur_id=entrepreneur.pk, round_id=round_.pk, indicator=i.code, wave=wave,
                                  value=request.POST.get(f"value-{i.code}", "").strip(), source=source,
                                  document=request.POST.get("document", "").strip(),
                                  note=request.POST.get("note", "").strip())
            for i in indicators if request.POST.get(f"value-{i.code}", "").strip() != ""
        ]
        if not items:
            errors = {"__all__": [_("Enter at least one figure.")]}
        else:
            try:
                actions.observations_save(actor=request.user, items=items)
            except ValidationError as e:
                errors = e.message_dict
            else:
                messages.success(request, _("Saved %(n)s figures.") % {"n": len(items)})
                return redirect(f"{request.path}?wave={wave}")
    rows = [{"indicator": i, "cells": [existing.get((i.pk, w)) for w in Wave],
             "labelled": [(w.label, existing.get((i.pk, w))) for w in Wave]} for i in indicators]
    return render(request, "outcomes/observations.html", {
        "round": round_, "entrepreneur": entrepreneur, "rows": rows, "waves": list(Wave), "wave": wave,
        "follow_up_waves": FOLLOW_UP_WAVES, "errors": errors, "post": request.POST, "can_enter": can_enter,
        "sources": [s for s in Observation.Source if s != Observation.Source.REGISTRY],
        "values": selectors.entrepreneur_values(request.user, round_.pk, entrepreneur.pk),
    })


@login_required
def bulk(request, round_id: int):
    round_ = _round(request.user, round_id)
    # bulk entry is staff work over many entrepreneurs: those who also verify figures (never an owner)
    policy.require(request.user, "observation.verify")
    errors = {}
    if request.method == "POST":
        upload = request.FILES.get("file")
        text = upload.read().decode("utf-8-sig", errors="replace") if upload else request.POST.get("text", "")
        try:
            saved = actions.observations_bulk_csv(actor=request.user, round_id=round_.pk, text=text)
        except ValidationError as e:
            errors = e.message_dict
        else:
            messages.success(request, _("Saved %(n)s figures.") % {"n": len(saved)})
            return redirect("outcomes:bulk", round_id=round_.pk)
    return render(request, "outcomes/bulk.html", {"round": round_, "errors": errors, "waves": list(Wave),
                                                   "indicators": selectors.indicators(request.user)})


def _plan_rows(versions) -> list[dict]:
    rules = plans.comparison_rules()
    out = []
    for v in versions:
        analyses = [(_("primary"), v.spec.primary)] + [(_("secondary"), s) for s in v.spec.secondary]
        out.append({"record": v, "spec": v.spec, "comparison": rules.get(v.spec.comparison_rule, {}),
                    "analyses": [{"role": role, "spec": a, "comparison": rules.get(a.comparison, {})}
                                 for role, a in analyses]})
    return out


@require_GET
@login_required
def round_outcomes(request, round_id: int):
    """The round's pre-registered plan (every version), its power at approval, and every analysis
    marked as planned or exploratory."""
    round_ = _round(request.user, round_id)
    versions = selectors.plan_versions(request.user, round_.pk)
    records = list(selectors.evaluations(request.user, round_.pk).defer("result")[:100])
    return render(request, "outcomes/round.html", {
        "round": round_, "plans": _plan_rows(versions), "plan": versions[0] if versions else None,
        "power": versions[0].power if versions else {}, "evaluations": records,
        "shows_target": policy.can(request.user, "programme.target"),
    })


@require_GET
@login_required
def evaluation(request, pk: int):
    record = selectors.evaluation_get(request.user, pk)
    result = record.result or {}
    es = result.get("event_study") or {}
    chart = [{"e": c["event_time"], "coef": c["coef"], "low": c["ci_low"], "high": c["ci_high"]}
             for c in es.get("coefficients", [])] if es else []
    others = selectors.evaluations(request.user, record.round_id).exclude(pk=record.pk).defer("result")[:30]
    return render(request, "outcomes/evaluation.html", {
        "ev": record, "r": result, "chart": chart, "others": others, "sens": result.get("sensitivity") or {},
        "against": selectors.analysis_against_plan(record),
    })


@login_required
def reports(request):
    from uplift.programme.models import Round

    policy.require(request.user, "report.request")
    rounds = list(policy.visible(request.user, Round))
    if request.method == "POST":
        try:
            round_id = int(request.POST.get("round") or 0)
        except ValueError:
            raise Http404 from None
        month = request.POST.get("month") or date.today().strftime("%Y-%m")
        try:
            first = date.fromisoformat(f"{month}-01")
        except ValueError:
            first = date.today().replace(day=1)
        actions.report_request(actor=request.user, round_id=round_id, month=first)
        messages.success(request, _("The report is being prepared; refresh this page in a moment."))
        return redirect(f"{request.path}?round={round_id}")
    return render(request, "outcomes/reports.html", {"rounds": rounds, "reports": selectors.reports(request.user),
                                                      "selected": request.GET.get("round"),
                                                      "month": date.today().strftime("%Y-%m")})


@require_GET
@login_required
@reads_from_replica
def report_download(request, pk: int, kind: str):
    report = selectors.report_get(request.user, pk)
    if kind == "pdf":
        body, ctype = report.pdf, "application/pdf"
    elif kind == "xlsx":
        body, ctype = report.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    audit_event(actor=request.user, action="export", model="outcomes.ProgrammeReport", object_pk=report.pk,
                changes={"what": "programme report", "format": kind, "round": report.round_id,
                         "month": f"{report.month:%Y-%m}"})
    response = HttpResponse(bytes(body), content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="otop-report-{report.month:%Y-%m}.{kind}"'
    return response
