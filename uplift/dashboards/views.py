"""The executive dashboard and its drill-down list."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from uplift.dashboards.selectors import dashboard_figures, drilldown_entrepreneurs


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def causal_total(evaluation) -> dict | None:
    """ATT (baht per entrepreneur-month) × 12 × treated entrepreneurs: sales the programme caused in a year."""
    if evaluation is None or evaluation.att is None:
        return None
    n = evaluation.n_treated
    return {"value": evaluation.att * 12 * n, "low": evaluation.ci_low * 12 * n, "high": evaluation.ci_high * 12 * n,
            "covers_zero": evaluation.ci_low <= 0 <= evaluation.ci_high}


@require_GET
@login_required
def dashboard(request):
    figures = dashboard_figures(request.user, _int(request.GET.get("round")))
    target = figures.target or 0
    context = {
        "f": figures, "p": figures.projection, "data": figures.as_dict(),
        "achieved_pct": (figures.projection.achieved / target * 100) if target else None,
        "projected_pct": (figures.projection.projected / target * 100) if target else None,
        "causal": causal_total(figures.evaluation),
        "stage_keys": ["screened", "selected", "waitlisted", "active", "completed"],
    }
    return render(request, "dashboards/dashboard.html", context)


@require_GET
@login_required
def drilldown(request):
    round_id = _int(request.GET.get("round"))
    rows = drilldown_entrepreneurs(
        request.user, round_id, stage=request.GET.get("stage") or "", activity=_int(request.GET.get("activity")),
        centre=_int(request.GET.get("centre")), province=request.GET.get("province") or "",
        component=request.GET.get("component") or "",
    ) if round_id else []
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "dashboards/drilldown.html", {"page": page, "query": request.GET.urlencode(),
                                                          "params": request.GET})
