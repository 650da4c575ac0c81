"""A round's outcome figures for the dashboard, its API and the monthly report.

Every count and sum starts from ``policy.visible(actor, …, "dashboard.view")``, so a regional
officer's or a consultant's figures cover only what they may see. National figures are named by
the policy: the round's target needs ``programme.target``, the causal estimates
``evaluation.view``. The number of queries is fixed whatever the data size (one fetch of the value
rows at entrepreneur × activity × component × origin grain, grouped here with polars), plus one per kind of
toolkit record among the top records listed.

Counting a whole country's value rows takes the better part of a second, and they change only when the
value job runs or enrolments move. So the aggregates of a shared scope (the whole
country, a region's centres) are kept as a ``FigureSnapshot`` under that scope's key with a fingerprint of
those inputs; a page reads it back with a handful of indexed queries and labels it in the reader's language.
When the inputs have moved (an enrolment completed, the snapshot grew old), the page still shows the kept
figures at once, says when they were counted and that a new count is on its way, and queues that count as a
job: no reader waits for a whole country's rows. Only the very first reader of a scope counts inline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import polars as pl
from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Count, FloatField, Max, Min, Q
from django.db.models.functions import Cast
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.ops.queue import queue_once
from uplift.outcomes.models import EconomicValue, EvaluationPlan, EvaluationResult, Observation
from uplift.outcomes.reference import ENROLLED, SELECTED, value_config

VERB = "dashboard.view"
BOOTSTRAP_DRAWS = 1000
PREFERRED_METHODS = ("match-did", "cs", "did", "match")
TOP_RECORDS = 20
MONTHS_PER_YEAR = 12
SNAPSHOT_MAX_AGE = timedelta(minutes=10)
FIGURES_PRIORITY = 20  # before the round's value (10) and bulk baselines (-10): see outcomes.tasks


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
    target: float | None
    projection: Projection
    stages: dict[str, int]
    by_activity: list[dict] = field(default_factory=list)
    by_centre: list[dict] = field(default_factory=list)
    by_province: list[dict] = field(default_factory=list)
    by_category: list[dict] = field(default_factory=list)
    by_component: list[dict] = field(default_factory=list)
    by_month: list[dict] = field(default_factory=list)
    by_source: list[dict] = field(default_factory=list)
    by_activity_source: list[dict] = field(default_factory=list)
    by_record: list[dict] = field(default_factory=list)
    evaluation: object = None
    causal: dict | None = None
    causal_by_activity: dict = field(default_factory=dict)
    plan: object = None
    evaluation_scoped_out: bool = False
    data_as_of: object = None
    whole_programme: bool = True
    counted_at: object = None
    recounting: bool = False

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
            "by_source": self.by_source,
            "by_activity_source": self.by_activity_source,
            "by_record": self.by_record,
            "evaluation": None if ev is None else {
                "id": ev.pk, "method": ev.method, "att": ev.att, "se": ev.se, "ci_low": ev.ci_low,
                "ci_high": ev.ci_high, "n_treated": ev.n_treated, "n_control": ev.n_control,
                "pretrend_flagged": ev.pretrend_flagged, "error": ev.error, "created_at": ev.created_at.isoformat(),
                "plan_status": ev.plan_status,
            },
            "causal": self.causal,
            "causal_by_activity": {str(k): v for k, v in self.causal_by_activity.items()},
            "data_as_of": self.data_as_of.isoformat() if self.data_as_of else None,
            "whole_programme": self.whole_programme,
            "counted_at": self.counted_at.isoformat() if self.counted_at and self.recounting else None,
            "recounting": self.recounting,
        }


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


def causal_total(evaluation) -> dict | None:
    """ATT (baht per entrepreneur-month) × 12 × treated entrepreneurs: the sales the programme caused in a year."""
    if evaluation is None or evaluation.att is None or evaluation.ci_low is None or evaluation.ci_high is None:
        return None
    n = evaluation.n_treated
    return {"value": evaluation.att * MONTHS_PER_YEAR * n, "low": evaluation.ci_low * MONTHS_PER_YEAR * n,
            "high": evaluation.ci_high * MONTHS_PER_YEAR * n, "covers_zero": evaluation.ci_low <= 0 <= evaluation.ci_high}


VALUE_ROW = {"ent": pl.Int64, "prov": pl.String, "act": pl.Int64, "comp": pl.String, "month": pl.Date,
             "origin": pl.String, "amount": pl.Float64}


def _grouped(frame: pl.DataFrame, *keys: str) -> list[tuple]:
    """(key, value sum, distinct entrepreneurs) per value of `keys` (a tuple of them for several), in order of
    first appearance."""
    out = frame.group_by(list(keys), maintain_order=True).agg(pl.col("amount").sum(), pl.col("ent").n_unique())
    width = len(keys)
    return [(row[0] if width == 1 else tuple(row[:width]), row[width], row[width + 1]) for row in out.iter_rows()]


def source_kind(origin: str) -> str:
    """"lean.KaizenCard:12" → "lean.KaizenCard"; "" (entered by hand) stays ""."""
    return origin.split(":", 1)[0] if origin else ""


def source_label(kind: str) -> str:
    if not kind:
        return _("entered by hand")
    try:
        model = apps.get_model(kind)
    except (LookupError, ValueError):
        return kind
    return str(model._meta.verbose_name)


def _records(actor, totals: dict[str, float]) -> list[dict]:
    """The toolkit records behind the most value, each linked back when the actor may see it."""
    top = sorted(totals.items(), key=lambda kv: -kv[1])[:TOP_RECORDS]
    by_kind: dict[str, list[int]] = {}
    for origin, _v in top:
        kind, _sep, pk = origin.partition(":")
        if pk.isdigit():
            by_kind.setdefault(kind, []).append(int(pk))
    seen: dict[str, object] = {}
    for kind, pks in by_kind.items():
        try:
            model = apps.get_model(kind)
            objects = policy.visible(actor, model).filter(pk__in=pks)
        except (LookupError, ValueError, KeyError):
            continue
        seen.update({f"{kind}:{obj.pk}": obj for obj in objects})
    out = []
    for origin, value in top:
        obj = seen.get(origin)
        url = getattr(obj, "get_absolute_url", None) if obj is not None else None
        out.append({"origin": origin, "kind": source_kind(origin), "kind_label": source_label(source_kind(origin)),
                    "label": str(obj) if obj is not None else origin, "url": url() if callable(url) else None,
                    "value": value})
    return out


def _causal_by_activity(round_, activities: dict) -> dict:
    latest: dict[int, dict] = {}
    for ev in EvaluationResult.objects.filter(round=round_, round_activity__isnull=False).defer("result")[:200]:
        latest.setdefault(ev.round_activity_id, {}).setdefault(ev.method, ev)
    out = {}
    for ra_id, by_method in latest.items():
        ev = next((by_method[m] for m in PREFERRED_METHODS if m in by_method), None)
        if ev is None:
            continue
        number = activities.get(ra_id)
        out[number] = {"id": ev.pk, "method": ev.method, "att": ev.att, "ci_low": ev.ci_low, "ci_high": ev.ci_high,
                       "n_treated": ev.n_treated, "n_control": ev.n_control, "error": ev.error,
                       "plan_status": ev.plan_status, "per_year": causal_total(ev)}
    return out


def _inputs(actor, round_) -> str:
    """What the round's figures over the actor's scope are computed from, fingerprinted by a few aggregates over
    indexes: the scope's value rows (recomputed as a whole by the value job, so their highest id changes) and its
    enrolments (count and last change). Only the scope's own rows: a change outside it never marks its figures
    as behind. A new observation moves the figures, and their "data as of", when the value job has counted it,
    not before: the page never shows a time newer than the figures beside it."""
    from uplift.programme.models import Enrolment

    values = policy.visible(actor, EconomicValue, VERB).filter(round=round_).aggregate(m=Max("id"))
    enrolments = policy.visible(actor, Enrolment, VERB).filter(round_activity__round=round_).aggregate(
        n=Count("id"), t=Max("updated_at"))
    stamp = [values["m"], enrolments["n"], enrolments["t"]]
    return "|".join("" if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v) for v in stamp)


def _aggregates(actor, round_) -> dict:
    """Everything the dashboard counts and sums over what the actor sees, as plain data (keys, not labels)."""
    from uplift.geo.models import Province
    from uplift.programme.models import Enrolment
    from uplift.registry.models import Entrepreneur, Product

    screened = policy.visible(actor, Entrepreneur, VERB).count()
    enrolments = policy.visible(actor, Enrolment, VERB).filter(round_activity__round=round_)
    stages = enrolments.aggregate(
        selected=Count("entrepreneur", distinct=True, filter=Q(status__in=SELECTED)),
        waitlisted=Count("entrepreneur", distinct=True, filter=Q(status="waitlisted")),
        active=Count("entrepreneur", distinct=True, filter=Q(status="active")),
        completed=Count("entrepreneur", distinct=True, filter=Q(status="completed")),
        enrolled=Count("entrepreneur", distinct=True, filter=Q(status__in=ENROLLED)),
    )
    values = policy.visible(actor, EconomicValue, VERB).filter(round=round_)
    rows = list(values.annotate(amount_f=Cast("amount", FloatField())).values_list(
        "entrepreneur_id", "entrepreneur__province_id", "enrolment__round_activity__activity_id", "component",
        "month", "origin", "amount_f").order_by())
    categories = dict(
        Product.objects.filter(entrepreneur__in=values.values("entrepreneur")).order_by().values("entrepreneur")
        .annotate(c=Min("category")).values_list("entrepreneur", "c")
    )  # an entrepreneur with several categories counts under the first by code
    centre_of = dict(Province.objects.values_list("code", "centre_id"))
    frame = pl.DataFrame(rows, schema=VALUE_ROW, orient="row").with_columns(
        pl.col("prov").replace_strict(centre_of, default=None, return_dtype=pl.Int64).alias("centre"),
        pl.col("ent").replace_strict(categories, default="", return_dtype=pl.String).fill_null("").alias("category"),
        pl.col("origin").str.split(":").list.first().fill_null("").alias("source"))
    per_ent = frame.group_by("ent").agg(pl.col("amount").sum()).get_column("amount").to_list()
    projection = project(per_ent, max(stages.pop("enrolled") - len(per_ent), 0))
    records = sorted(((k, v) for k, v, _n in _grouped(frame.filter(pl.col("origin") != ""), "origin")),
                     key=lambda kv: -kv[1])[:TOP_RECORDS]
    as_of = policy.visible(actor, Observation, VERB).filter(round=round_).aggregate(t=Max("entered_at"))["t"]
    return {
        "stages": {"screened": screened, **stages},
        "projection": {"achieved": projection.achieved, "projected": projection.projected, "low": projection.low,
                       "high": projection.high, "n_with_value": projection.n_with_value,
                       "n_without_value": projection.n_without_value},
        "activity": _grouped(frame, "act"), "centre": _grouped(frame, "centre"), "province": _grouped(frame, "prov"),
        "category": _grouped(frame, "category"), "component": _grouped(frame, "comp"),
        "month": [(k.isoformat(), v, n) for k, v, n in _grouped(frame, "month")],
        "source": _grouped(frame, "source"), "activity_source": [(*k, v, n) for k, v, n in _grouped(frame, "act", "source")],
        "records": records, "as_of": as_of.isoformat() if as_of else None,
    }


@dataclass
class Counted:
    figures: dict
    counted_at: datetime | None = None
    recounting: bool = False


def _snapshot(actor, round_, *, recount: bool = False, current: bool = False) -> Counted:
    """The aggregates over the actor's scope. A personal scope (a consultant's caseload, an entrepreneur's own
    rows) is counted each time. A shared one is read from its ``FigureSnapshot``; when that is behind the round's
    inputs or older than ``SNAPSHOT_MAX_AGE`` it is still returned, marked ``recounting``, and a job to count it
    again is queued. With none kept yet, with ``recount`` (that job), or behind while the caller needs ``current``
    figures (the monthly report), it is counted here and kept."""
    from uplift.outcomes.models import FigureSnapshot

    key = policy.scope_key(actor, VERB)
    if key is None:
        return Counted(_aggregates(actor, round_))
    inputs = _inputs(actor, round_)
    kept = FigureSnapshot.objects.filter(round=round_, scope=key).first()
    if kept is not None and not recount:
        if kept.inputs == inputs and kept.computed_at > timezone.now() - SNAPSHOT_MAX_AGE:
            return Counted(kept.figures, kept.computed_at)
    if kept is not None and not recount and not current:
        round_id = round_.pk
        transaction.on_commit(lambda: queue_once(warm_figures, round_id))
        return Counted(kept.figures, kept.computed_at, recounting=True)
    figures = _aggregates(actor, round_)
    now = timezone.now()
    try:
        with transaction.atomic():
            FigureSnapshot.objects.update_or_create(round=round_, scope=key, defaults={
                "inputs": inputs, "computed_at": now, "figures": figures})
    except IntegrityError:
        pass  # another process stored the same scope's snapshot a moment ago
    return Counted(figures, now)


STAGES = ("screened", "selected", "waitlisted", "active", "completed")


def _in_stage_order(stages: dict) -> dict:
    """The stages in the programme's order: PostgreSQL's jsonb keeps a kept snapshot's keys in its own order."""
    return {k: stages[k] for k in STAGES if k in stages} | stages


def programme_figures(actor, round_id: int | None = None, *, current: bool = False) -> Figures:
    """Figures for one round over what the actor may see (see the module docstring); ``current`` counts them
    now where the kept ones are behind, instead of showing those while a job counts again."""
    from uplift.geo.models import Province, RegionalCentre
    from uplift.programme.models import Activity, Round, RoundActivity
    from uplift.registry.models import Entrepreneur, Product

    policy.require(actor, VERB)
    rounds = list(policy.visible(actor, Round))
    round_ = next((r for r in rounds if r.pk == round_id), rounds[0] if rounds else None)
    whole = policy.scope_of(actor, VERB) == policy.Scope.ALL
    shows_evaluation = policy.can(actor, "evaluation.view")
    if round_ is None:
        screened = policy.visible(actor, Entrepreneur, VERB).count()
        return Figures(None, rounds, None, project([], 0), {"screened": screened, "selected": 0, "waitlisted": 0,
                       "active": 0, "completed": 0}, whole_programme=whole)

    counted = _snapshot(actor, round_, current=current)
    got = counted.figures
    provinces = {p.code: p for p in Province.objects.all()}
    centres = {c.id: c for c in RegionalCentre.objects.all()}
    activities = {a.id: a for a in Activity.objects.all()}

    def activity_row(k):
        return {"number": activities[k].number, "name_th": activities[k].name_th, "name_en": activities[k].name_en,
                "activity_id": k}

    by_activity = sorted(({**activity_row(k), "value": v, "entrepreneurs": n}
                          for k, v, n in got["activity"]), key=lambda r: r["number"])
    by_centre = sorted((
        {"number": c.number if c else None, "name_th": c.name_th if c else "–", "name_en": c.name_en if c else "–",
         "value": v, "entrepreneurs": n}
        for c, v, n in ((centres.get(k), v, n) for k, v, n in got["centre"])),
        key=lambda r: (r["number"] is None, r["number"] or 0))
    by_province = sorted((
        {"code": k, "name_th": provinces[k].name_th, "name_en": provinces[k].name_en, "value": v, "entrepreneurs": n}
        for k, v, n in got["province"]), key=lambda r: -r["value"])
    labels = dict(Product.Category.choices)
    by_category = sorted((
        {"category": k, "label": str(labels.get(k, "–")), "value": v, "entrepreneurs": n}
        for k, v, n in got["category"]), key=lambda r: -r["value"])
    names = {c["code"]: c for c in value_config()["components"]}
    by_component = sorted((
        {"component": k, "name_th": names.get(k, {}).get("name_th", k), "name_en": names.get(k, {}).get("name_en", k),
         "value": v}
        for k, v, _n in got["component"]), key=lambda r: r["component"])
    by_month = sorted(({"month": k, "value": v} for k, v, _n in got["month"]), key=lambda r: r["month"])
    by_source = sorted(({"source": k, "label": source_label(k), "value": v, "entrepreneurs": n}
                        for k, v, n in got["source"]), key=lambda r: -r["value"])
    by_activity_source = sorted((
        {**activity_row(a), "source": k, "label": source_label(k), "value": v, "entrepreneurs": n}
        for a, k, v, n in got["activity_source"]), key=lambda r: (r["number"], -r["value"]))

    evaluation = plan = None
    causal_by_activity: dict = {}
    if shows_evaluation:
        latest = {}
        for ev in EvaluationResult.objects.filter(round=round_, round_activity__isnull=True).defer("result")[:20]:
            latest.setdefault(ev.method, ev)
        evaluation = next((latest[m] for m in PREFERRED_METHODS if m in latest), None)
        ra_numbers = dict(RoundActivity.objects.filter(round=round_).values_list("pk", "activity__number"))
        causal_by_activity = _causal_by_activity(round_, ra_numbers)
        plan = EvaluationPlan.objects.filter(round=round_).order_by("-version").first()
    as_of = datetime.fromisoformat(got["as_of"]) if got["as_of"] else None
    return Figures(
        round=round_, rounds=rounds, target=float(round_.target_value or 0) if policy.can(actor, "programme.target") else None,
        projection=Projection(**got["projection"]), stages=_in_stage_order(got["stages"]), by_activity=by_activity,
        by_centre=by_centre, by_province=by_province, by_category=by_category, by_component=by_component,
        by_month=by_month, by_source=by_source, by_activity_source=by_activity_source,
        by_record=_records(actor, dict(got["records"])), evaluation=evaluation, causal=causal_total(evaluation),
        causal_by_activity=causal_by_activity, plan=plan, evaluation_scoped_out=not shows_evaluation,
        data_as_of=as_of, whole_programme=whole, counted_at=counted.counted_at, recounting=counted.recounting,
    )


def figures_warm(round_id: int, *, stale_only: bool = False) -> list[str]:
    """Count the kept figures of every shared scope someone holds (with ``stale_only``, those behind their
    inputs or too old), so that the next reader of each finds them ready. Returns the scopes counted."""
    from django.contrib.auth import get_user_model

    from uplift.outcomes.models import FigureSnapshot
    from uplift.programme.models import Round

    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        return []
    kept = {k.scope: k for k in FigureSnapshot.objects.filter(round=round_)}
    fresh_after = timezone.now() - SNAPSHOT_MAX_AGE
    seen: set[str] = set()
    done: list[str] = []
    for user in get_user_model().objects.filter(is_active=True).select_related("profile").order_by("pk"):
        key = policy.scope_key(user, VERB) if policy.can(user, VERB) else None
        if key is None or key in seen:
            continue
        seen.add(key)
        current = kept.get(key)
        if (stale_only and current is not None and current.computed_at > fresh_after
                and current.inputs == _inputs(user, round_)):
            continue
        _snapshot(user, round_, recount=True)
        done.append(key)
    return done


@task(priority=FIGURES_PRIORITY)
def warm_figures(round_id: int) -> list[str]:
    """The job a reader of figures behind their inputs queues."""
    return figures_warm(round_id, stale_only=True)
