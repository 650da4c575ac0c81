"""The dashboard's figures as JSON: the same selector as the page, scoped to the caller."""

from ninja import Router

from uplift.dashboards.selectors import dashboard_figures

router = Router(tags=["dashboards"])


@router.get("/figures")
def figures(request, round_id: int | None = None):
    return dashboard_figures(request.auth, round_id).as_dict()
