"""The executive dashboard and its drill-down list."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from uplift.dashboards.selectors import STAGES, dashboard_figures, drilldown_entrepreneurs
from uplift.ops.replica import reads_from_replica


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_GET
@login_required
@reads_from_replica
def dashboard(request):
    figures = dashboard_figures(request.user, _int(request.GET.get("round")))
    target = figures.target or 0
    activity_rows = [{**a, "causal": figures.causal_by_activity.get(a["number"]),
                      "sources": [s for s in figures.by_activity_source if s["number"] == a["number"]]}
                     for a in figures.by_activity]
    context = {
        "f": figures, "p": figures.projection, "data": figures.as_dict(), "causal": figures.causal,
        "achieved_pct": (figures.projection.achieved / target * 100) if target else None,
        "projected_pct": (figures.projection.projected / target * 100) if target else None,
        "stage_keys": list(STAGES), "activity_rows": activity_rows,
    }
    return render(request, "dashboards/dashboard.html", context)


@require_GET
@login_required
@reads_from_replica
def drilldown(request):
    round_id = _int(request.GET.get("round"))
    rows = drilldown_entrepreneurs(
        request.user, round_id, stage=request.GET.get("stage") or "", activity=_int(request.GET.get("activity")),
        centre=_int(request.GET.get("centre")), province=request.GET.get("province") or "",
        component=request.GET.get("component") or "", source=request.GET.get("source"),
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "dashboards/drilldown.html", {"page": page, "query": request.GET.urlencode(),
                                                          "params": request.GET})
