"""The dashboard's figures as JSON: the same selector as the page, scoped to the caller."""

from ninja import Router

from uplift.dashboards.selectors import dashboard_figures
from uplift.ops.replica import replica_reads

router = Router(tags=["dashboards"])


@router.get("/figures")
def figures(request, round_id: int | None = None):
    with replica_reads(request):
        return dashboard_figures(request.auth, round_id).as_dict()
