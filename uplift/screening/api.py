"""REST endpoints of screening (/api/screening): rounds, rules and their previews, scenarios
(create, run, status, results, compare, approve) and explanations. Thin wrappers over the
screening selectors and actions; reads are scoped to the caller's entrepreneurs, and a run's
national figures go only to callers allowed them (others get ``in_your_area``)."""

from typing import Any

from ninja import Query, Router, Schema, Status

from uplift.screening import approval, needs, rules, selectors
from uplift.screening.models import Run
from uplift.screening.runs import run_start
from uplift.screening.scenarios import scenario_create as scenario_create_action

router = Router(tags=["screening"])


class RuleIn(Schema):
    field: str
    op: str
    value: Any = None


class ScenarioIn(Schema):
    name: str
    weights: dict[str, float] = {}
    budget: float | None = None
    max_per_entrepreneur: int | None = None
    min_selected: int = 0
    places: dict[str, int] = {}
    quota_level: str = "none"
    quotas: dict[str, dict[str, int | None]] = {}
    time_limit: int = 60


class PageQuery(Schema):
    page: int = 1
    page_size: int = 50


def _run_out(run: Run, user) -> dict:
    out = {
        "id": run.pk, "scenario": run.scenario_id, "status": run.status, "progress": run.progress,
        "quality": selectors.run_quality(run), "created_at": run.created_at, "finished_at": run.finished_at,
    }
    if selectors.national_figures(user):
        return out | {
            "solver_status": run.solver_status, "method": run.method, "objective": run.objective,
            "lp_bound": run.lp_bound, "dual_bound": run.dual_bound, "gap": run.gap,
            "greedy_objective": run.greedy_objective, "selected": run.selected, "budget_used": run.budget_used,
            "timings": run.timings, "notes": run.notes, "error": run.error,
        }
    summary = selectors.run_summary(user=user, run=run) if run.status == Run.Status.DONE else None
    return out | {"in_your_area": summary["area"] if summary else None}


def _scenario_out(scenario, user) -> dict:
    latest = scenario.latest_run
    return {
        "id": scenario.pk, "round": scenario.round_id, "name": scenario.name, "weights": scenario.weights,
        "budget": float(scenario.budget) if scenario.budget is not None else None,
        "max_per_entrepreneur": scenario.max_per_entrepreneur, "min_selected": scenario.min_selected,
        "places": scenario.places, "quota_level": scenario.quota_level, "quotas": scenario.quotas,
        "time_limit": scenario.time_limit, "approved_at": scenario.approved_at,
        "latest_run": _run_out(latest, user) if latest else None,
    }


def _rule_out(rule, names: dict | None = None) -> dict:
    return {"id": rule.pk, "round_activity": rule.round_activity_id, "field": rule.field, "op": rule.op,
            "value": rule.value, "text": rules.describe(rule.as_dict(), names)}


@router.get("/rounds")
def round_list(request):
    return [{"id": r.pk, "name": r.name, "starts_on": r.starts_on, "ends_on": r.ends_on, "budget": float(r.budget),
             "target_entrepreneurs": r.target_entrepreneurs} for r in selectors.round_list(user=request.auth)]


@router.get("/rounds/{int:round_id}")
def round_detail(request, round_id: int):
    round_ = selectors.round_get(user=request.auth, pk=round_id)
    names = rules.rule_names()
    return {
        "id": round_.pk, "name": round_.name, "budget": float(round_.budget),
        "max_activities_per_entrepreneur": round_.max_activities_per_entrepreneur,
        "weights": selectors.round_weights_of(round_).as_dict(),
        "activities": [{"id": ra.pk, "number": ra.activity.number, "code": ra.activity.code,
                        "name_th": ra.activity.name_th, "name_en": ra.activity.name_en, "places": ra.places,
                        "cost_per_place": float(ra.cost_per_place), "rules": [_rule_out(r, names) for r in ra.rules.all()]}
                       for ra in selectors.round_activities(round_)],
        "scenarios": [_scenario_out(s, request.auth) for s in selectors.scenario_list(user=request.auth, round_=round_)],
    }


@router.post("/activities/{int:round_activity_id}/rules", response={201: dict})
def rule_create(request, round_activity_id: int, payload: RuleIn):
    rule = rules.rule_create(actor=request.auth, round_activity_id=round_activity_id, rule=payload.dict())
    return Status(201, _rule_out(rule))


@router.delete("/rules/{int:rule_id}", response={204: None})
def rule_delete(request, rule_id: int):
    rules.rule_delete(actor=request.auth, rule_id=rule_id)
    return Status(204, None)


@router.post("/activities/{int:round_activity_id}/preview")
def rule_preview(request, round_activity_id: int, payload: RuleIn):
    """How many of the entrepreneurs you may see meet the rule, and the activity's rules with it."""
    round_activity = selectors.round_activity_get(user=request.auth, pk=round_activity_id)
    preview = selectors.rule_preview(user=request.auth, round_activity=round_activity, rule=payload.dict())
    return preview | {"text": rules.describe(payload.dict())}


@router.post("/rounds/{int:round_id}/scenarios", response={201: dict})
def scenario_create(request, round_id: int, payload: ScenarioIn):
    scenario = scenario_create_action(actor=request.auth, round_id=round_id, data=payload.dict())
    return Status(201, _scenario_out(scenario, request.auth))


@router.get("/scenarios/{int:scenario_id}")
def scenario_detail(request, scenario_id: int):
    return _scenario_out(selectors.scenario_get(user=request.auth, pk=scenario_id), request.auth)


@router.post("/scenarios/{int:scenario_id}/run", response={202: dict})
def scenario_run(request, scenario_id: int):
    return Status(202, _run_out(run_start(actor=request.auth, scenario_id=scenario_id), request.auth))


@router.get("/runs/{int:run_id}")
def run_status(request, run_id: int):
    return _run_out(selectors.run_get(user=request.auth, pk=run_id), request.auth)


@router.get("/runs/{int:run_id}/results")
def run_results(request, run_id: int, query: Query[PageQuery]):
    run = selectors.run_get(user=request.auth, pk=run_id)
    rows = selectors.run_table(user=request.auth, run=run)
    size = max(1, min(query.page_size, 500))
    start = (max(query.page, 1) - 1) * size
    return {
        "run": _run_out(run, request.auth), "count": rows.count(), "page": query.page, "page_size": size,
        "items": [{"entrepreneur": r.entrepreneur_id, "name_th": r.name_th, "province": r.province, "centre": r.centre,
                   "impact": r.impact, "assigned": r.assigned, "value": r.value}
                  for r in rows[start:start + size]],
        "spread": selectors.run_spread(user=request.auth, run=run),
    }


@router.get("/compare")
def compare(request, a: int, b: int):
    run_a = selectors.run_get(user=request.auth, pk=a)
    run_b = selectors.run_get(user=request.auth, pk=b)
    data = selectors.run_compare(user=request.auth, a=run_a, b=run_b)
    data["a"], data["b"] = _run_out(run_a, request.auth), _run_out(run_b, request.auth)
    data.pop("summary_a"), data.pop("summary_b")
    return data


@router.post("/scenarios/{int:scenario_id}/approve")
def scenario_approve(request, scenario_id: int):
    return approval.scenario_approve(actor=request.auth, scenario_id=scenario_id)


@router.get("/runs/{int:run_id}/explanations/{int:entrepreneur_id}")
def explanation(request, run_id: int, entrepreneur_id: int):
    run = selectors.run_get(user=request.auth, pk=run_id)
    data = selectors.explanation(user=request.auth, run=run, entrepreneur_id=entrepreneur_id)
    row = data["row"]
    return {
        "run": run.pk, "entrepreneur": entrepreneur_id, "name_th": row.name_th, "selected": data["selected"],
        "assigned": data["assigned"], "impact": row.impact, "impact_rank": data["impact_rank"], "cohort": data["cohort"],
        "ranks_among": "all" if data["national"] else "your_area",
        "parts": [{k: p[k] for k in ("name", "value", "weight", "contribution")} for p in data["parts"]],
        "flags": row.flags,
        "activities": [{"number": line["activity"]["number"], "eligible": line["standing"].eligible,
                        "taken": line["standing"].taken, "benefit": line["standing"].benefit,
                        "rank": line["rank"], "eligible_count": line["eligible_count"],
                        "places_full": line["standing"].places_full, "money_short": line["standing"].money_short,
                        "rules": line["rules"], "failed_rules": line["failed"], "reason": line["reason"]}
                       for line in data["lines"]],
    }


class NeedsIn(Schema):
    online_presence: int | None = None
    standards_held: int | None = None
    production_problems: int | None = None
    has_successor: bool | None = None
    environmental_practice: int | None = None


@router.put("/needs/{int:entrepreneur_id}")
def needs_save(request, entrepreneur_id: int, payload: NeedsIn):
    """The needs self-assessment of one entrepreneur (empty answers fall back to registry-derived defaults)."""
    answers = needs.needs_record(actor=request.auth, entrepreneur_id=entrepreneur_id, data=payload.dict())
    return {"entrepreneur": entrepreneur_id, **{name: getattr(answers, name) for name in needs.NEEDS_FIELDS},
            "answered_on": answers.answered_on}
