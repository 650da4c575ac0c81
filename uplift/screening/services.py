"""Writes of screening: check, then write and audit in one transaction.

Who may do what: administrators set up rounds, rules and scenarios, run and approve them.
Executives, regional officers and consultants may read (results and explanations scoped
to the entrepreneurs they may see); entrepreneurs' own accounts have no screening pages.
"""

from __future__ import annotations

import time
from decimal import Decimal, InvalidOperation

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access.models import Role
from uplift.access.scoping import role_of
from uplift.audit.actions import audit_record
from uplift.geo.models import Province, RegionalCentre
from uplift.programme.models import Activity, Enrolment, Round, RoundActivity
from uplift.registry.models import Entrepreneur
from uplift.screening import rules as rules_mod
from uplift.screening.cohort import Cohort
from uplift.screening.core import AssignmentProblem, ImpactWeights, greedy_assignment, impact_scores
from uplift.screening.core.needs import activity_need
from uplift.screening.models import EligibilityRule, NeedsAssessment, RoundWeights, Run, Scenario, SnapshotRow
from uplift.screening.solver import solve_killable

WEIGHT_NAMES = ("sales_drop", "tourist_share", "exposure", "vulnerability", "foreign_weight")
SOURCE = "screening scenario {scenario} run {run}"


def can_manage_screening(user) -> bool:
    return role_of(user) == Role.ADMINISTRATOR


def can_view_screening(user) -> bool:
    return role_of(user) in (Role.ADMINISTRATOR, Role.EXECUTIVE, Role.REGIONAL_OFFICER, Role.CONSULTANT)


def _check_manage(actor) -> None:
    if not can_manage_screening(actor):
        raise PermissionDenied(_("Only administrators set up, run and approve screening."))


# ---- rounds ---------------------------------------------------------------------------------

DEFAULT_PLACES = {1: 200, 2: 300, 3: 100, 4: 250, 5: 200, 6: 150, 7: 150}
DEFAULT_COST = {1: 25_000, 2: 15_000, 3: 20_000, 4: 30_000, 5: 35_000, 6: 25_000, 7: 20_000}


def round_create(*, actor, data: dict, activities: dict[int, dict] | None = None) -> Round:
    """A round with all seven activities (places and cost per place from `activities` or defaults)."""
    _check_manage(actor)
    activities = activities or {}
    known = dict(Activity.objects.values_list("number", "pk"))
    if not known:
        raise ValidationError({"activities": _("No activities loaded: run `uplift load-reference` first.")})
    unknown = set(activities) - set(known)
    if unknown:
        raise ValidationError({"activities": _("Unknown activity numbers: %(numbers)s.") % {
            "numbers": ", ".join(map(str, sorted(unknown)))}})
    fields = {"name", "starts_on", "ends_on", "budget", "target_entrepreneurs", "target_value",
              "max_activities_per_entrepreneur"}
    unknown_fields = set(data) - fields
    if unknown_fields:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown_fields)})
    with transaction.atomic():
        round_ = Round(**data)
        round_.full_clean()
        round_.save()
        for number, activity_pk in sorted(known.items()):
            given = activities.get(number, {})
            row = RoundActivity(round=round_, activity_id=activity_pk,
                                places=given.get("places", DEFAULT_PLACES.get(number, 100)),
                                cost_per_place=given.get("cost_per_place", DEFAULT_COST.get(number, 20_000)))
            row.full_clean(exclude=["round"])
            row.save()
        RoundWeights.objects.create(round=round_)
        audit_record(actor=actor, action="create", obj=round_, changes={"name": round_.name})
    return round_


def round_weights(round_: Round) -> RoundWeights:
    return RoundWeights.objects.get_or_create(round=round_)[0]


def _weights(data: dict) -> dict[str, float]:
    unknown = set(data) - set(WEIGHT_NAMES)
    if unknown:
        raise ValidationError({"weights": _("Unknown weights: %(names)s.") % {"names": ", ".join(sorted(unknown))}})
    out = {}
    for name, value in data.items():
        try:
            out[name] = float(value)
        except (TypeError, ValueError):
            raise ValidationError({"weights": _("Weight %(name)s must be a number.") % {"name": name}}) from None
    return out


def _impact_weights(values: dict[str, float]) -> ImpactWeights:
    try:
        return ImpactWeights(**values)
    except ValueError as error:
        raise ValidationError({"weights": str(error)}) from None


def round_weights_update(*, actor, round_id: int, data: dict) -> RoundWeights:
    _check_manage(actor)
    weights = round_weights(Round.objects.get(pk=round_id))
    values = weights.as_dict() | _weights(data)
    _impact_weights(values)
    with transaction.atomic():
        for name, value in values.items():
            setattr(weights, name, value)
        weights.save()
        audit_record(actor=actor, action="update", obj=weights, changes=values)
    return weights


# ---- rules ----------------------------------------------------------------------------------

def rule_create(*, actor, round_activity_id: int, rule: dict) -> EligibilityRule:
    _check_manage(actor)
    round_activity = RoundActivity.objects.filter(pk=round_activity_id).first()
    if round_activity is None:
        raise ValidationError({"round_activity": _("No activity %(pk)s in any round.") % {"pk": round_activity_id}})
    clean = rules_mod.validate_rule(rule)
    with transaction.atomic():
        stored = EligibilityRule.objects.create(round_activity=round_activity, **clean)
        audit_record(actor=actor, action="create", obj=stored, changes=clean)
    return stored


def rule_delete(*, actor, rule_id: int) -> None:
    _check_manage(actor)
    rule = EligibilityRule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise ValidationError({"rule": _("No rule %(pk)s.") % {"pk": rule_id}})
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=rule, changes=rule.as_dict())
        rule.delete()


# ---- scenarios ------------------------------------------------------------------------------

SCENARIO_FIELDS = ("name", "weights", "budget", "max_per_entrepreneur", "min_selected", "places",
                   "quota_level", "quotas", "time_limit")


def _clean_scenario(round_: Round, data: dict) -> dict:
    unknown = set(data) - set(SCENARIO_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    out = dict(data)
    if "weights" in out:
        out["weights"] = _weights(out["weights"] or {})
        _impact_weights(round_weights(round_).as_dict() | out["weights"])
    if out.get("budget") not in (None, ""):
        try:
            out["budget"] = Decimal(str(out["budget"]))
        except InvalidOperation:
            raise ValidationError({"budget": _("The budget must be a number.")}) from None
    else:
        out["budget"] = None
    numbers = set(round_.activities.values_list("activity__number", flat=True))
    places = {}
    for key, value in (out.get("places") or {}).items():
        if not str(key).isdigit() or int(key) not in numbers:
            raise ValidationError({"places": _("Activity %(key)s is not in this round.") % {"key": key}})
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError({"places": _("Places of activity %(key)s must be a whole number ≥ 0.") % {"key": key}})
        places[str(int(key))] = value
    out["places"] = places
    level = out.get("quota_level", Scenario.QuotaLevel.NONE)
    if level not in Scenario.QuotaLevel.values:
        raise ValidationError({"quota_level": _("Unknown quota level %(level)s.") % {"level": level}})
    quotas = out.get("quotas") or {}
    if quotas and level == Scenario.QuotaLevel.NONE:
        raise ValidationError({"quotas": _("Choose whether the quotas are per regional centre or per province.")})
    valid = ({str(n) for n in RegionalCentre.objects.values_list("number", flat=True)} if level == "centre"
             else set(Province.objects.values_list("code", flat=True)))
    clean_quotas = {}
    for key, bounds in quotas.items():
        if str(key) not in valid:
            raise ValidationError({"quotas": _("%(key)s is not a %(level)s.") % {"key": key, "level": level}})
        if not isinstance(bounds, dict) or set(bounds) - {"min", "max"}:
            raise ValidationError({"quotas": _("The quota of %(key)s is {\"min\": …, \"max\": …}.") % {"key": key}})
        low, high = bounds.get("min") or 0, bounds.get("max")
        if not isinstance(low, int) or low < 0 or (high is not None and (not isinstance(high, int) or high < low)):
            raise ValidationError({"quotas": _("The quota of %(key)s needs 0 ≤ min ≤ max.") % {"key": key}})
        clean_quotas[str(key)] = {"min": low, "max": high}
    out["quotas"] = clean_quotas
    return out


def scenario_create(*, actor, round_id: int, data: dict) -> Scenario:
    _check_manage(actor)
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        raise ValidationError({"round": _("No round %(pk)s.") % {"pk": round_id}})
    data = {"min_selected": 0, **data}
    clean = _clean_scenario(round_, data)
    with transaction.atomic():
        scenario = Scenario(round=round_, created_by=actor, **clean)
        scenario.full_clean(exclude=["round", "created_by", "approved_by"])
        scenario.save()
        audit_record(actor=actor, action="create", obj=scenario, changes={"name": scenario.name})
    return scenario


def scenario_update(*, actor, scenario_id: int, data: dict) -> Scenario:
    _check_manage(actor)
    scenario = Scenario.objects.select_related("round").get(pk=scenario_id)
    if scenario.approved_at:
        raise ValidationError({"scenario": _("An approved scenario cannot change.")})
    clean = _clean_scenario(scenario.round, data)
    with transaction.atomic():
        for name, value in clean.items():
            setattr(scenario, name, value)
        scenario.full_clean(exclude=["round", "created_by", "approved_by"])
        scenario.save()
        audit_record(actor=actor, action="update", obj=scenario, changes={k: str(v) for k, v in clean.items()})
    return scenario


# ---- runs -----------------------------------------------------------------------------------

def scenario_config(scenario: Scenario) -> dict:
    """Everything a run needs, frozen: later edits of the round or scenario never reach it."""
    round_ = scenario.round
    activities = []
    for ra in round_.activities.select_related("activity").prefetch_related("rules"):
        number = ra.activity.number
        activities.append({
            "number": number, "code": ra.activity.code, "name_th": ra.activity.name_th, "name_en": ra.activity.name_en,
            "round_activity": ra.pk, "places": int(scenario.places.get(str(number), ra.places)),
            "cost": float(ra.cost_per_place), "rules": [r.as_dict() for r in ra.rules.all()],
        })
    weights = round_weights(round_).as_dict() | (scenario.weights or {})
    return {
        "activities": activities, "weights": weights,
        "budget": float(scenario.budget if scenario.budget is not None else round_.budget),
        "max_per_entrepreneur": int(scenario.max_per_entrepreneur or round_.max_activities_per_entrepreneur),
        "min_selected": int(scenario.min_selected), "quota_level": scenario.quota_level,
        "quotas": scenario.quotas, "time_limit": int(scenario.time_limit),
        "reference_year": round_.starts_on.year,
    }


def run_start(*, actor, scenario_id: int) -> Run:
    """Queue a run; the solve happens in the task worker (`uplift db_worker`), never in the request."""
    from uplift.screening.tasks import run_scenario

    _check_manage(actor)
    scenario = Scenario.objects.select_related("round").filter(pk=scenario_id).first()
    if scenario is None:
        raise ValidationError({"scenario": _("No scenario %(pk)s.") % {"pk": scenario_id}})
    with transaction.atomic():
        run = Run.objects.create(scenario=scenario, config=scenario_config(scenario), created_by=actor,
                                 progress=_("queued"))
        audit_record(actor=actor, action="run", obj=scenario, changes={"run": run.pk})
    result = run_scenario.enqueue(run.pk)
    Run.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def _progress(run: Run, text: str, **fields) -> None:
    Run.objects.filter(pk=run.pk).update(progress=text, **fields)


def _groups(config: dict, cohort: Cohort) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    level = config["quota_level"]
    if level == Scenario.QuotaLevel.NONE:
        return np.zeros(cohort.n, dtype=np.int64), np.zeros(1), np.full(1, np.inf), ["all"]
    keys = cohort.attribute("centre" if level == Scenario.QuotaLevel.CENTRE else "province").astype(str)
    names = sorted(set(keys.tolist()) | set(config["quotas"]))
    position = {k: g for g, k in enumerate(names)}
    group = np.array([position[k] for k in keys.tolist()], dtype=np.int64)
    low = np.zeros(len(names))
    high = np.full(len(names), np.inf)
    for key, bounds in config["quotas"].items():
        low[position[key]] = bounds["min"]
        high[position[key]] = np.inf if bounds["max"] is None else bounds["max"]
    return group, low, high, names


def run_execute(*, run_id: int, in_subprocess: bool | None = None) -> Run:
    """The task's body: freeze the snapshot, solve exactly (and greedily), store the figures."""
    run = Run.objects.get(pk=run_id)
    if run.finished:
        return run
    started = time.perf_counter()
    _progress(run, _("reading the registry"), status=Run.Status.RUNNING)
    try:
        _execute(run, started, in_subprocess)
    except Exception as error:  # noqa: BLE001 - the run records its failure
        Run.objects.filter(pk=run.pk).update(status=Run.Status.FAILED, error=repr(error)[:2000],
                                             progress=_("failed"), finished_at=timezone.now())
        raise
    run.refresh_from_db()
    return run


def _execute(run: Run, started: float, in_subprocess: bool | None) -> None:
    config = run.config
    cohort = Cohort(Entrepreneur.objects.all(), config["reference_year"])
    activities = config["activities"]
    scores = impact_scores(cohort.impact_inputs(), ImpactWeights(**config["weights"]))
    answers, answered = cohort.needs_answers()
    need = activity_need(answers, [a["code"] for a in activities])
    failed: list[dict[str, list[str]]] = [{} for _i in range(cohort.n)]
    eligible = np.ones((cohort.n, len(activities)), dtype=bool)
    for k, activity in enumerate(activities):
        for rule in activity["rules"]:
            passed = rules_mod.evaluate(rule, cohort)
            eligible[:, k] &= passed
            text = rules_mod.describe(rule)
            for i in np.flatnonzero(~passed).tolist():
                failed[i].setdefault(str(activity["number"]), []).append(text)
    benefit = np.where(eligible, scores.total[:, None] * need, np.nan)
    group, low, high, _names = _groups(config, cohort)
    prepared = time.perf_counter()
    _progress(run, _("solving %(n)s entrepreneurs × %(a)s activities") % {"n": f"{cohort.n:,}", "a": len(activities)})
    problem = AssignmentProblem(
        benefit=benefit, eligible=eligible,
        capacity=[a["places"] for a in activities], cost=[a["cost"] for a in activities],
        budget=config["budget"], max_per_entrepreneur=config["max_per_entrepreneur"],
        group=group, quota_min=low, quota_max=high, selected_min=config["min_selected"],
    )
    if in_subprocess is None:
        in_subprocess = getattr(settings, "SCREENING_SOLVE_IN_SUBPROCESS", True)
    result = solve_killable(problem, time_limit=config["time_limit"], in_subprocess=in_subprocess)
    solved = time.perf_counter()
    greedy = greedy_assignment(problem)
    greedy_done = time.perf_counter()
    _progress(run, _("saving the results"))
    numbers = [a["number"] for a in activities]
    chosen, method, notes = result, "milp", list(result.notes)
    if not result.feasible and greedy.feasible:
        # No incumbent within the hard limit: keep the greedy baseline as the selection, flagged.
        chosen, method = greedy, "greedy"
        notes.append(_("The exact solve found no solution within %(s)s s; the greedy selection is shown (no "
                       "optimality proof).") % {"s": config["time_limit"]})
    assigned: list[list[int]] = [[] for _i in range(cohort.n)]
    for i, k in zip(chosen.pair_i.tolist(), chosen.pair_a.tolist()):
        assigned[i].append(numbers[k])
    greedy_assigned: list[list[int]] = [[] for _i in range(cohort.n)]
    for i, k in zip(greedy.pair_i.tolist(), greedy.pair_a.tolist()):
        greedy_assigned[i].append(numbers[k])
    value = np.zeros(cohort.n)
    np.add.at(value, chosen.pair_i, benefit[chosen.pair_i, chosen.pair_a])
    categories = cohort.main_category
    centres = cohort.attribute("centre")
    provinces = cohort.attribute("province")
    flags = {"sales_drop_known": scores.sales_drop_known, "tourist_share_known": scores.tourist_share_known,
             "size_known": scores.size_known, "zero_baseline": scores.zero_baseline, "needs_answered": answered}
    rows = []
    for i in range(cohort.n):
        rows.append(SnapshotRow(
            run=run, entrepreneur_id=int(cohort.ids[i]), name_th=cohort.names[i], province=provinces[i],
            centre=int(centres[i]) if centres[i] else None, category=categories[i],
            impact=float(scores.total[i]), sales_drop=float(scores.sales_drop[i]),
            tourist_share=float(scores.tourist_share[i]), exposure=float(scores.exposure[i]),
            vulnerability=float(scores.vulnerability[i]),
            flags={k: bool(v[i]) for k, v in flags.items()},
            benefit=[None if np.isnan(b) else round(float(b), 9) for b in benefit[i].tolist()],
            failed_rules=failed[i], assigned=assigned[i], greedy_assigned=greedy_assigned[i],
            is_selected=bool(assigned[i]), value=float(value[i]),
        ))
    with transaction.atomic():
        SnapshotRow.objects.bulk_create(rows, batch_size=2000)
        Run.objects.filter(pk=run.pk).update(
            status=Run.Status.DONE, progress=_("done"), solver_status=result.status, method=method,
            objective=chosen.objective, lp_bound=result.lp_bound, dual_bound=result.dual_bound,
            gap=result.gap if method == "milp" else None,
            greedy_objective=greedy.objective, greedy_selected=greedy.n_selected if greedy.feasible else None,
            selected=chosen.n_selected, budget_used=chosen.budget_used if chosen.feasible else None,
            capacity_bound=[bool(b) for b in chosen.capacity_bound.tolist()],
            budget_bound=[bool(b) for b in chosen.budget_bound.tolist()],
            notes=notes + [f"greedy: {n}" for n in greedy.notes],
            timings={
                "prepare": round(prepared - started, 3), "solve": round(solved - prepared, 3),
                "solver": round(result.solve_seconds, 3), "reduction": round(result.reduction_seconds, 3),
                "greedy": round(greedy_done - solved, 3), "save": round(time.perf_counter() - greedy_done, 3),
                "total": round(time.perf_counter() - started, 3),
                "entrepreneurs": cohort.n,
                "pairs_full": result.size_full.pairs if result.size_full else None,
                "pairs_solved": result.size_solved.pairs if result.size_solved else None,
            },
            finished_at=timezone.now(),
        )


# ---- approval -------------------------------------------------------------------------------

def scenario_approve(*, actor, scenario_id: int) -> dict[str, int]:
    """All or nothing: offers for the assignment and a ranked waitlist per activity.

    The waitlist of an activity holds the eligible entrepreneurs not offered it, by expected
    benefit (ties by entrepreneur id), at most as many as the activity has places.
    """
    _check_manage(actor)
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().select_related("round").filter(pk=scenario_id).first()
        if scenario is None:
            raise ValidationError({"scenario": _("No scenario %(pk)s.") % {"pk": scenario_id}})
        if Scenario.objects.filter(round=scenario.round, approved_at__isnull=False).exists():
            raise ValidationError({"scenario": _("A scenario of this round is already approved.")})
        run = scenario.runs.order_by("-id").first()
        if run is None or run.status != Run.Status.DONE or run.objective is None:
            raise ValidationError({"scenario": _("Run the scenario to a solution before approving it.")})
        if Enrolment.objects.filter(round_activity__round=scenario.round).exists():
            raise ValidationError({"scenario": _("This round already has enrolments.")})
        activities = run.config["activities"]
        source = SOURCE.format(scenario=scenario.pk, run=run.pk)
        rows = list(run.rows.filter(entrepreneur__isnull=False).values_list("entrepreneur_id", "benefit", "assigned"))
        offers = []
        for entrepreneur_id, benefit, assigned in rows:
            for k, activity in enumerate(activities):
                if activity["number"] in assigned:
                    offers.append(Enrolment(round_activity_id=activity["round_activity"], entrepreneur_id=entrepreneur_id,
                                            status=Enrolment.Status.OFFERED, expected_benefit=benefit[k], source=source))
        Enrolment.objects.bulk_create(offers, batch_size=2000)
        waitlist = []
        for k, activity in enumerate(activities):
            waiting = sorted(((-benefit[k], pk) for pk, benefit, assigned in rows
                              if benefit[k] is not None and activity["number"] not in assigned))
            for rank, (negative, pk) in enumerate(waiting[: activity["places"]], start=1):
                waitlist.append(Enrolment(round_activity_id=activity["round_activity"], entrepreneur_id=pk,
                                          status=Enrolment.Status.WAITLISTED, waitlist_rank=rank,
                                          expected_benefit=-negative, source=source))
        Enrolment.objects.bulk_create(waitlist, batch_size=2000)
        scenario.approved_at = timezone.now()
        scenario.approved_by = actor
        scenario.save(update_fields=["approved_at", "approved_by"])
        counts = {"offered": len(offers), "waitlisted": len(waitlist),
                  "entrepreneurs": len({e.entrepreneur_id for e in offers})}
        audit_record(actor=actor, action="approve", obj=scenario, changes={"run": run.pk, **counts})
    return counts


# ---- needs ----------------------------------------------------------------------------------

NEEDS_FIELDS = ("online_presence", "standards_held", "production_problems", "has_successor", "environmental_practice")


def needs_save(*, actor, entrepreneur_id: int, data: dict) -> NeedsAssessment:
    """Administrators, regional officers and consultants record answers for the entrepreneurs in
    their scope; an entrepreneur's own account answers for itself. Executives only read."""
    from uplift.access.scoping import entrepreneur_filter

    if role_of(actor) not in (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER, Role.CONSULTANT, Role.ENTREPRENEUR):
        raise PermissionDenied(_("Your role cannot record needs assessments."))
    entrepreneur = Entrepreneur.objects.filter(entrepreneur_filter(actor), pk=entrepreneur_id).first()
    if entrepreneur is None:
        raise ValidationError({"entrepreneur": _("No entrepreneur %(pk)s within your scope.") % {"pk": entrepreneur_id}})
    unknown = set(data) - set(NEEDS_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    with transaction.atomic():
        needs = NeedsAssessment.objects.filter(entrepreneur=entrepreneur).first() or NeedsAssessment(entrepreneur=entrepreneur)
        for name, value in data.items():
            setattr(needs, name, value)
        needs.full_clean(exclude=["entrepreneur"])
        needs.save()
        audit_record(actor=actor, action="update", obj=needs, changes={k: data[k] for k in data})
    return needs
