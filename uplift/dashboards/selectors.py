"""The executive dashboard's figures. Every aggregate starts from `visible_entrepreneurs(user)`,
so a regional officer's figures cover only their provinces; the number of queries is fixed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import Count, F, FloatField, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast

from uplift.access.models import Role
from uplift.access.scoping import role_of, visible_entrepreneurs
from uplift.outcomes.models import EconomicValue, EvaluationResult, Observation
from uplift.outcomes.services import ACTIVE_STATUSES, value_config

SELECTED_STATUSES = ("offered", "accepted", "active", "completed")
BOOTSTRAP_DRAWS = 1000
PREFERRED_METHODS = ("match-did", "cs", "did", "match")


@dataclass
class Projection:
    achieved: float
    projected: float
    low: float
    high: float
    n_with_value: int
    n_without_value: int
    method: str = "bootstrap over entrepreneurs"


@dataclass
class Figures:
    round: object
    rounds: list
    target: float
    projection: Projection
    stages: dict[str, int]
    by_activity: list[dict] = field(default_factory=list)
    by_centre: list[dict] = field(default_factory=list)
    by_province: list[dict] = field(default_factory=list)
    by_category: list[dict] = field(default_factory=list)
    by_component: list[dict] = field(default_factory=list)
    by_month: list[dict] = field(default_factory=list)
    evaluation: object = None
    evaluation_scoped_out: bool = False
    data_as_of: object = None
    whole_programme: bool = True

    def as_dict(self) -> dict:
        ev = self.evaluation
        return {
            "round": {"id": self.round.pk, "name": self.round.name, "starts_on": self.round.starts_on.isoformat(),
                      "ends_on": self.round.ends_on.isoformat()} if self.round else None,
            "target": self.target,
            "achieved": self.projection.achieved,
            "projected": self.projection.projected,
            "projected_low": self.projection.low,
            "projected_high": self.projection.high,
            "n_with_value": self.projection.n_with_value,
            "n_without_value": self.projection.n_without_value,
            "stages": self.stages,
            "by_activity": self.by_activity,
            "by_centre": self.by_centre,
            "by_province": self.by_province,
            "by_category": self.by_category,
            "by_component": self.by_component,
            "by_month": self.by_month,
            "evaluation": None if ev is None else {
                "id": ev.pk, "method": ev.method, "att": ev.att, "se": ev.se, "ci_low": ev.ci_low,
                "ci_high": ev.ci_high, "n_treated": ev.n_treated, "n_control": ev.n_control,
                "pretrend_flagged": ev.pretrend_flagged, "error": ev.error, "created_at": ev.created_at.isoformat(),
            },
            "data_as_of": self.data_as_of.isoformat() if self.data_as_of else None,
            "whole_programme": self.whole_programme,
        }


def _f(value) -> float:
    return float(value or 0)


def project(per_entrepreneur: list[float], n_without: int, *, draws: int = BOOTSTRAP_DRAWS, seed: int = 0,
            level: float = 0.95) -> Projection:
    """Achieved so far plus, for each enrolled entrepreneur without a follow-up yet, the mean
    value of those with one; the interval resamples the entrepreneurs with a value."""
    values = np.asarray(per_entrepreneur, dtype=float)
    achieved = float(values.sum())
    if values.size == 0:
        return Projection(achieved, achieved, achieved, achieved, 0, n_without)
    projected = achieved + n_without * float(values.mean())
    rng = np.random.default_rng(seed)
    chunk = max(1, 2_000_000 // values.size)  # bounded memory: about 16 MB of indices at a time
    means = np.concatenate([values[rng.integers(0, values.size, size=(min(chunk, draws - i), values.size))].mean(axis=1)
                            for i in range(0, draws, chunk)])
    totals = achieved + n_without * means
    low, high = np.quantile(totals, [(1 - level) / 2, (1 + level) / 2])
    return Projection(achieved, projected, float(low), float(high), int(values.size), n_without)


def _scope(user, field: str = "entrepreneur") -> Q:
    """`field` restricted to what `user` may see; nothing to add for whole-programme roles."""
    if role_of(user) in (Role.ADMINISTRATOR, Role.EXECUTIVE):
        return Q()
    return Q(**{f"{field}__in": visible_entrepreneurs(user)})


def _grouped(rows: list[tuple], key_index: int) -> list[tuple]:
    """(key, value sum, distinct entrepreneurs) for rows of (entrepreneur, ..., amount)."""
    sums: dict = {}
    people: dict = {}
    for row in rows:
        key = row[key_index]
        sums[key] = sums.get(key, 0.0) + row[-1]
        people.setdefault(key, set()).add(row[0])
    return [(k, sums[k], len(people[k])) for k in sums]


def dashboard_figures(user, round_id: int | None = None) -> Figures:
    """Figures for one round: a fixed number of queries (one fetch of the value rows at
    entrepreneur × activity × component grain, grouped here), whatever the data size."""
    from uplift.geo.models import Province, RegionalCentre
    from uplift.programme.models import Activity, Enrolment, Round
    from uplift.registry.models import Product

    rounds = list(Round.objects.all())
    round_ = next((r for r in rounds if r.pk == round_id), rounds[0] if rounds else None)
    visible = visible_entrepreneurs(user)
    scoped = role_of(user) not in (Role.ADMINISTRATOR, Role.EXECUTIVE)
    screened = visible.count()
    if round_ is None:
        return Figures(None, rounds, 0.0, project([], 0), {"screened": screened, "selected": 0, "waitlisted": 0,
                       "active": 0, "completed": 0}, whole_programme=not scoped)

    enrolments = Enrolment.objects.filter(_scope(user), round_activity__round=round_)
    stages = enrolments.aggregate(
        selected=Count("entrepreneur", distinct=True, filter=Q(status__in=SELECTED_STATUSES)),
        waitlisted=Count("entrepreneur", distinct=True, filter=Q(status="waitlisted")),
        active=Count("entrepreneur", distinct=True, filter=Q(status="active")),
        completed=Count("entrepreneur", distinct=True, filter=Q(status="completed")),
        enrolled=Count("entrepreneur", distinct=True, filter=Q(status__in=ACTIVE_STATUSES)),
    )
    values = EconomicValue.objects.filter(_scope(user), round=round_)
    rows = list(values.annotate(amount_f=Cast("amount", FloatField())).values_list(
        "entrepreneur_id", "entrepreneur__province_id", "enrolment__round_activity__activity_id", "component",
        "month", "amount_f").order_by())
    categories = dict(
        Product.objects.filter(entrepreneur__in=values.values("entrepreneur")).order_by().values("entrepreneur")
        .annotate(c=Min("category")).values_list("entrepreneur", "c")
    )  # an entrepreneur with several categories counts under the first by code
    provinces = {p.code: p for p in Province.objects.all()}
    centres = {c.id: c for c in RegionalCentre.objects.all()}
    activities = {a.id: a for a in Activity.objects.all()}

    per_ent: dict[int, float] = {}
    for row in rows:
        per_ent[row[0]] = per_ent.get(row[0], 0.0) + row[-1]
    projection = project(list(per_ent.values()), max(stages.pop("enrolled") - len(per_ent), 0))
    stages = {"screened": screened, **stages}

    by_activity = sorted((
        {"number": activities[k].number, "name_th": activities[k].name_th, "name_en": activities[k].name_en,
         "activity_id": k, "value": v, "entrepreneurs": n}
        for k, v, n in _grouped(rows, 2)), key=lambda r: r["number"])
    centre_rows = [(r[0], centres.get(provinces[r[1]].centre_id), r[-1]) for r in rows]
    by_centre = sorted((
        {"number": c.number if c else None, "name_th": c.name_th if c else "–", "name_en": c.name_en if c else "–",
         "value": v, "entrepreneurs": n}
        for c, v, n in _grouped(centre_rows, 1)), key=lambda r: (r["number"] is None, r["number"] or 0))
    by_province = sorted((
        {"code": k, "name_th": provinces[k].name_th, "name_en": provinces[k].name_en, "value": v, "entrepreneurs": n}
        for k, v, n in _grouped(rows, 1)), key=lambda r: -r["value"])
    labels = dict(Product.Category.choices)
    category_rows = [(r[0], categories.get(r[0]) or "", r[-1]) for r in rows]
    by_category = sorted((
        {"category": k, "label": str(labels.get(k, "–")), "value": v, "entrepreneurs": n}
        for k, v, n in _grouped(category_rows, 1)), key=lambda r: -r["value"])
    names = {c["code"]: c for c in value_config()["components"]}
    by_component = sorted((
        {"component": k, "name_th": names.get(k, {}).get("name_th", k), "name_en": names.get(k, {}).get("name_en", k),
         "value": v}
        for k, v, _n in _grouped(rows, 3)), key=lambda r: r["component"])
    by_month = sorted(({"month": k.isoformat(), "value": v} for k, v, _n in _grouped(rows, 4)), key=lambda r: r["month"])

    evaluation = None
    if not scoped:
        # the latest whole-round estimate, by the method the issue asks for first (matching + DiD)
        latest = {}
        for ev in EvaluationResult.objects.filter(round=round_, round_activity__isnull=True).defer("result")[:20]:
            latest.setdefault(ev.method, ev)
        evaluation = next((latest[m] for m in PREFERRED_METHODS if m in latest), None)
    as_of = Observation.objects.filter(_scope(user), round=round_).aggregate(t=Max("entered_at"))["t"]
    return Figures(
        round=round_, rounds=rounds, target=_f(round_.target_value), projection=projection, stages=stages,
        by_activity=by_activity, by_centre=by_centre, by_province=by_province, by_category=by_category,
        by_component=by_component, by_month=by_month, evaluation=evaluation, evaluation_scoped_out=scoped,
        data_as_of=as_of, whole_programme=not scoped,
    )


def drilldown_entrepreneurs(user, round_id: int, *, stage: str = "", activity: int | None = None,
                            centre: int | None = None, province: str = "", component: str = ""):
    """The entrepreneurs behind a dashboard figure, each with their value in the round."""
    from uplift.programme.models import Enrolment

    visible = visible_entrepreneurs(user)
    qs = visible.select_related("province", "province__centre")
    enrolments = Enrolment.objects.filter(round_activity__round_id=round_id)
    if stage == "selected":
        enrolments = enrolments.filter(status__in=SELECTED_STATUSES)
    elif stage in ("waitlisted", "active", "completed"):
        enrolments = enrolments.filter(status=stage)
    elif stage != "screened":
        enrolments = enrolments.filter(status__in=ACTIVE_STATUSES)
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
    if component:
        value_filter &= Q(component=component)
        qs = qs.filter(pk__in=EconomicValue.objects.filter(round_id=round_id, component=component).values("entrepreneur"))
    total = EconomicValue.objects.filter(value_filter).values("entrepreneur").annotate(t=Sum("amount")).values("t")
    return qs.annotate(value=Subquery(total)).order_by(F("value").desc(nulls_last=True), "name_th", "id")


def sum_decimal(rows) -> Decimal:
    return sum((Decimal(str(r["value"])) for r in rows), Decimal("0"))
