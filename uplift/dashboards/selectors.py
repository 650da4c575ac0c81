"""The dashboard's reads. Its figures are the outcomes' (``outcomes.figures``), computed over what the
viewer may see; the drill-down lists the entrepreneurs behind a figure, from ``policy.visible``."""

from __future__ import annotations

from django.db.models import F, OuterRef, Q, Subquery, Sum

from uplift.access import policy
from uplift.outcomes.figures import VERB, programme_figures
from uplift.outcomes.models import EconomicValue
from uplift.outcomes.reference import ENROLLED, SELECTED

STAGES = ("screened", "selected", "waitlisted", "active", "completed")


def dashboard_figures(actor, round_id: int | None = None):
    return programme_figures(actor, round_id)


def drilldown_entrepreneurs(actor, round_id: int | None, *, stage: str = "", activity: int | None = None,
                            centre: int | None = None, province: str = "", component: str = "", source: str | None = None):
    """The entrepreneurs behind a dashboard figure, each with their value in the round."""
    from uplift.programme.models import Enrolment
    from uplift.registry.models import Entrepreneur

    policy.require(actor, VERB)
    qs = policy.visible(actor, Entrepreneur, VERB).select_related("province", "province__centre")
    if round_id is None:
        return qs.none().order_by("name_th", "id")
    enrolments = policy.visible(actor, Enrolment, VERB).filter(round_activity__round_id=round_id)
    if stage == "selected":
        enrolments = enrolments.filter(status__in=SELECTED)
    elif stage in ("waitlisted", "active", "completed"):
        enrolments = enrolments.filter(status=stage)
    elif stage != "screened":
        enrolments = enrolments.filter(status__in=ENROLLED)
    if activity:
        enrolments = enrolments.filter(round_activity__activity__number=activity)
    if stage != "screened":
        qs = qs.filter(pk__in=enrolments.values("entrepreneur"))
    if centre:
        qs = qs.filter(province__centre__number=centre)
    if province:
        qs = qs.filter(province_id=province)
    value_filter = Q(round_id=round_id, entrepreneur=OuterRef("pk"))
    if activity:
        value_filter &= Q(enrolment__round_activity__activity__number=activity)
    narrowing = Q()
    if component:
        narrowing &= Q(component=component)
    if source is not None:
        narrowing &= Q(origin="") if source == "" else Q(origin__startswith=f"{source}:")
    if narrowing:
        value_filter &= narrowing
        qs = qs.filter(pk__in=policy.visible(actor, EconomicValue, VERB).filter(narrowing, round_id=round_id)
                       .values("entrepreneur"))
    total = EconomicValue.objects.filter(value_filter).values("entrepreneur").annotate(t=Sum("amount")).values("t")
    return qs.annotate(value=Subquery(total)).order_by(F("value").desc(nulls_last=True), "name_th", "id")
