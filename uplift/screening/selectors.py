"""Reads of screening, each starting from the access policy.

Rounds, scenarios and runs are programme-level objects: whoever may use screening sees them. The
rows of a run, and every count, sum and rank drawn from them, are computed over the entrepreneurs
the reader may see. A run's national figures (how many were selected, the budget used, the
objective, ranks among everyone) are for ``run.national_figures`` only; an officer or consultant
reads the same figures over their own area ("rank 3 of 40 in your area").
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.geo.models import Province, RegionalCentre
from uplift.programme.models import Round, RoundActivity
from uplift.registry.models import Entrepreneur, Product
from uplift.screening import rules as rules_mod
from uplift.screening import wording
from uplift.screening.cohort import Cohort
from uplift.screening.core import AssignmentProblem, activity_standing
from uplift.screening.core.problem import summarise
from uplift.screening.models import NeedsAssessment, RoundWeights, Run, Scenario, SnapshotRow

VIEW = "screening.view"
NATIONAL = "run.national_figures"


def _check_view(user) -> None:
    policy.require(user, VIEW, message=_("Your role has no access to screening."))


def national_figures(user) -> bool:
    return policy.can(user, NATIONAL)


# ---- rounds and rules ---------------------------------------------------------------------------

def round_list(*, user) -> QuerySet[Round]:
    _check_view(user)
    return policy.visible(user, Round).annotate(n_scenarios=Count("scenarios"))


def round_get(*, user, pk: int) -> Round:
    _check_view(user)
    return policy.get_visible(user, Round, pk)


def round_activities(round_: Round) -> list[RoundActivity]:
    return list(round_.activities.select_related("activity").prefetch_related("rules"))


def round_activity_get(*, user, pk: int, round_: Round | None = None) -> RoundActivity:
    _check_view(user)
    round_activity = policy.get_visible(user, RoundActivity, pk, related=("round", "activity"))
    if round_ is not None and round_activity.round_id != round_.pk:
        raise Http404(_("Not found."))
    return round_activity


def round_weights_of(round_: Round) -> RoundWeights:
    """The round's impact weights (the defaults, unsaved, for a round made outside screening)."""
    return RoundWeights.objects.filter(round=round_).first() or RoundWeights(round=round_)


def round_is_approved(round_: Round) -> bool:
    return round_.scenarios.filter(approved_at__isnull=False).exists()


def _cohort(user, round_: Round) -> Cohort:
    return Cohort(policy.visible(user, Entrepreneur), round_.starts_on.year)


def rule_preview(*, user, round_activity: RoundActivity, rule: dict | None = None) -> dict[str, int]:
    """Among the entrepreneurs the user may see: how many meet `rule` (validated first), and how
    many meet all of the activity's stored rules plus it."""
    _check_view(user)
    clean = rules_mod.validate_rule(rule, rules_mod.rule_context()) if rule else None
    cohort = _cohort(user, round_activity.round)
    stored = [r.as_dict() for r in round_activity.rules.all()]
    meets_rule = int(rules_mod.evaluate(clean, cohort).sum()) if clean else cohort.n
    meets_all = int(rules_mod.eligible_mask(stored + ([clean] if clean else []), cohort).sum())
    return {"visible": cohort.n, "rule": meets_rule, "activity": meets_all}


def activity_previews(*, user, round_: Round) -> list[dict]:
    """Per round activity: each stored rule in words with its count, and the count meeting all (scoped)."""
    _check_view(user)
    cohort = _cohort(user, round_)
    names = rules_mod.rule_names()
    out = []
    for ra in round_activities(round_):
        rules = list(ra.rules.all())
        out.append({
            "ra": ra, "visible": cohort.n,
            "rules": [{"rule": r, "text": rules_mod.describe(r.as_dict(), names),
                       "count": int(rules_mod.evaluate(r.as_dict(), cohort).sum())} for r in rules],
            "eligible": int(rules_mod.eligible_mask([r.as_dict() for r in rules], cohort).sum()),
        })
    return out


# ---- scenarios ----------------------------------------------------------------------------------

def scenario_get(*, user, pk: int) -> Scenario:
    _check_view(user)
    return policy.get_visible(user, Scenario, pk, related=("round",))


def scenario_list(*, user, round_: Round) -> QuerySet[Scenario]:
    _check_view(user)
    return policy.visible(user, Scenario).filter(round=round_).order_by("id")


def scenario_find(*, user, round_id: int, ref) -> Scenario | None:
    """A scenario of the round by id or by name (the command line names it either way)."""
    _check_view(user)
    scenarios = policy.visible(user, Scenario).filter(round_id=round_id)
    return scenarios.filter(pk=int(ref)).first() if str(ref).isdigit() else scenarios.filter(name=ref).first()


def round_scenarios(*, user, round_: Round) -> list[dict]:
    """The round's scenarios, each with its latest run and that run's summary as the user may read it."""
    out = []
    for scenario in scenario_list(user=user, round_=round_):
        run = scenario.latest_run
        done = run is not None and run.status == Run.Status.DONE
        out.append({"scenario": scenario, "run": run, "summary": run_summary(user=user, run=run) if done else None})
    return out


def scenario_pair(*, user, round_: Round, a, b) -> tuple[Scenario, Scenario] | None:
    scenarios = scenario_list(user=user, round_=round_)
    try:
        return scenarios.get(pk=int(a)), scenarios.get(pk=int(b))
    except (Scenario.DoesNotExist, TypeError, ValueError):
        return None


def _own_area_keys(user, level: str) -> set[str] | None:
    """The quota keys (centre numbers or province codes) of the user's area; None = every key (national)."""
    if user is None or national_figures(user):
        return None
    seen = policy.visible(user, Entrepreneur)
    lookup = "province__centre__number" if level == Scenario.QuotaLevel.CENTRE else "province_id"
    return {str(k) for k in seen.values_list(lookup, flat=True).distinct() if k is not None}


def scenario_wording(scenario: Scenario, user=None) -> dict:
    """The scenario's settings as sentences: weights, quotas (an officer's: their area's) and places."""
    round_ = scenario.round
    names = rules_mod.rule_names()
    weights = round_weights_of(round_).as_dict() | (scenario.weights or {})
    activities = {ra.activity.number: ra.activity.name_th for ra in round_.activities.select_related("activity")}
    keys = _own_area_keys(user, scenario.quota_level)
    return {
        "weights": wording.weights_sentences(weights),
        "quotas": [wording.quota_sentence(scenario.quota_level, key, bounds, names)
                   for key, bounds in (scenario.quotas or {}).items() if keys is None or str(key) in keys],
        "places": [_("%(activity)s: %(places)s places") % {
            "activity": activities.get(int(n), n), "places": f"{p:,}"} for n, p in (scenario.places or {}).items()],
    }


# ---- runs ---------------------------------------------------------------------------------------

def run_get(*, user, pk: int) -> Run:
    _check_view(user)
    return policy.get_visible(user, Run, pk, related=("scenario__round",))


def run_rows(*, user, run: Run, selected_only: bool = True) -> QuerySet[SnapshotRow]:
    _check_view(user)
    rows = policy.visible(user, SnapshotRow).filter(run=run)
    return rows.filter(is_selected=True) if selected_only else rows


def run_quality(run: Run) -> str:
    if run.status != Run.Status.DONE:
        return ""
    return wording.result_quality(objective=run.objective, gap=run.gap, method=run.method, status=run.solver_status)


def run_summary(*, user, run: Run) -> dict:
    """What the user may read of a run's result: the national figures, or the same over their area."""
    national = national_figures(user)
    out = {"national": national, "quality": run_quality(run), "details": policy.can(user, "run.start"),
           "budget": run.config.get("budget") if national else None,
           "selected": run.selected if national else None, "budget_used": run.budget_used if national else None,
           "area": None}
    if not national:
        cost = {a["number"]: a["cost"] for a in run.config.get("activities", [])}
        assigned = list(run_rows(user=user, run=run).values_list("assigned", flat=True))
        out["area"] = {"selected": len(assigned), "places": sum(len(taken) for taken in assigned),
                       "budget_used": sum(cost.get(n, 0) for taken in assigned for n in taken)}
    return out


def run_table(*, user, run: Run) -> QuerySet[SnapshotRow]:
    return run_rows(user=user, run=run).only(
        "entrepreneur_id", "name_th", "province", "centre", "impact", "assigned", "value")


def province_names() -> dict[str, str]:
    return dict(Province.objects.values_list("code", "name_th"))


def run_spread(*, user, run: Run) -> dict:
    """Selected entrepreneurs per regional centre, province, product category and activity (scoped)."""
    rows = run_rows(user=user, run=run).values_list("centre", "province", "category", "assigned")
    by_centre: Counter = Counter()
    by_province: Counter = Counter()
    by_category: Counter = Counter()
    by_activity: Counter = Counter()
    for centre, province, category, assigned in rows:
        by_centre[centre] += 1
        by_province[province] += 1
        by_category[category] += 1
        for number in assigned:
            by_activity[number] += 1
    centres = {c.number: c.name_th for c in RegionalCentre.objects.all()}
    if not national_figures(user):
        # an officer's or consultant's chart has their own centres' bars only, never other regions' rows
        mine = set(policy.visible(user, Entrepreneur).values_list("province__centre__number", flat=True))
        centres = {n: name for n, name in centres.items() if n in mine}
    labels = dict(Product.Category.choices)
    by_category = Counter({str(labels.get(k, k or "–")): v for k, v in by_category.items()})
    return {
        "centres": [{"number": n, "name": name, "count": by_centre.get(n, 0)} for n, name in sorted(centres.items())],
        "provinces": [{"code": code, "name": name, "count": by_province[code]}
                      for code, name in Province.objects.filter(code__in=by_province).values_list("code", "name_th")],
        "categories": dict(sorted(by_category.items())),
        "activities": {a["number"]: by_activity.get(a["number"], 0) for a in run.config["activities"]},
    }


def run_compare(*, user, a: Run, b: Run, limit: int = 50) -> dict:
    _check_view(user)
    if a.scenario.round_id != b.scenario.round_id:
        raise PermissionDenied(_("Compare scenarios of the same round."))
    chosen_a = dict(run_rows(user=user, run=a).values_list("entrepreneur_id", "assigned"))
    chosen_b = dict(run_rows(user=user, run=b).values_list("entrepreneur_id", "assigned"))
    only_a = sorted(set(chosen_a) - set(chosen_b))
    only_b = sorted(set(chosen_b) - set(chosen_a))
    moved = sorted(pk for pk in set(chosen_a) & set(chosen_b) if sorted(chosen_a[pk]) != sorted(chosen_b[pk]))
    names = dict(policy.visible(user, Entrepreneur).filter(pk__in=only_a[:limit] + only_b[:limit] + moved[:limit])
                 .values_list("pk", "name_th"))
    spread_a, spread_b = run_spread(user=user, run=a), run_spread(user=user, run=b)

    def listing(pks):
        return [{"id": pk, "name": names.get(pk, ""), "a": chosen_a.get(pk, []), "b": chosen_b.get(pk, [])}
                for pk in pks[:limit]]

    categories = sorted(set(spread_a["categories"]) | set(spread_b["categories"]))
    return {
        "a": a, "b": b, "summary_a": run_summary(user=user, run=a), "summary_b": run_summary(user=user, run=b),
        "only_a": listing(only_a), "only_b": listing(only_b), "moved": listing(moved),
        "counts": {"only_a": len(only_a), "only_b": len(only_b), "moved": len(moved),
                   "both": len(set(chosen_a) & set(chosen_b))},
        "centres": [{"number": x["number"], "name": x["name"], "a": x["count"], "b": y["count"]}
                    for x, y in zip(spread_a["centres"], spread_b["centres"])],
        "categories": [{"category": c, "a": spread_a["categories"].get(c, 0), "b": spread_b["categories"].get(c, 0)}
                       for c in categories],
        "activities": [{"number": n, "a": spread_a["activities"].get(n, 0), "b": spread_b["activities"].get(n, 0)}
                       for n in spread_a["activities"]],
    }


def entrepreneur_in_sight(*, user, entrepreneur_id: int):
    """The entrepreneur if the user may see them, else 404 (before anything about their runs is said)."""
    return policy.get_visible(user, Entrepreneur, entrepreneur_id)


def latest_run_for(*, user) -> Run | None:
    _check_view(user)
    runs = policy.visible(user, Run).filter(status=Run.Status.DONE).order_by("-id")
    return runs.filter(scenario__approved_at__isnull=False).first() or runs.first()


# ---- explanations -------------------------------------------------------------------------------

def _ordinal(n: int) -> str:
    from django.utils.translation import get_language

    if not (get_language() or "en").startswith("en"):
        return f"{n:,}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def _standing_text(rank: int, count: int, national: bool) -> str:
    values = {"rank": _ordinal(rank), "count": f"{count:,}"}
    if national:
        return _("%(rank)s of %(count)s eligible") % values
    return _("%(rank)s of %(count)s eligible in your area") % values


def _failed_sentences(failed: list, activity: dict, names: dict) -> list[str]:
    """The rules not met, in words (runs before the positions were stored kept the text itself)."""
    rules = activity.get("rules", [])
    return [rules_mod.describe(rules[item], names) if isinstance(item, int) and item < len(rules)
            else _("excluded at candidate verification") if item == "excluded" else str(item)
            for item in failed]


def _reason(standing, rank_text: str, *, number: int, failed: list[str], mine: list, config: dict,
            quota_full: bool, group_name: str, quota: dict | None) -> str:
    if standing.taken:
        return _("Offered activity %(n)s: your expected benefit ranks %(standing)s.") % {
            "n": number, "standing": rank_text}
    if not standing.eligible:
        return _("Not eligible for activity %(n)s: %(rules)s.") % {
            "n": number, "rules": "; ".join(failed) or _("no benefit")}
    values = {"n": number, "standing": rank_text}
    if len(mine) >= config["max_per_entrepreneur"]:
        return _("You already take the most activities allowed (%(m)s); activity %(n)s ranks you %(standing)s.") % (
            values | {"m": config["max_per_entrepreneur"]})
    if standing.places_full:
        return _("Activity %(n)s is full; your expected benefit ranks %(standing)s.") % values
    if standing.money_short:
        return _("The budget left cannot pay one more place of activity %(n)s; your expected benefit ranks "
                 "%(standing)s.") % values
    if quota_full and not mine:
        return _("The quota of %(group)s (at most %(max)s) is reached; activity %(n)s ranks you %(standing)s.") % (
            values | {"group": group_name, "max": quota["max"]})
    return _("Activity %(n)s: your expected benefit ranks %(standing)s; the best selection used its places and "
             "money on others.") % values


def explanation(*, user, run: Run, entrepreneur_id: int) -> dict:
    """Why one entrepreneur is in or out of one run: score parts, rules, standing, what bound.

    Ranks are among everyone for readers of national figures, otherwise among the entrepreneurs
    the reader may see (``national`` says which)."""
    _check_view(user)
    policy.get_visible(user, Entrepreneur, entrepreneur_id)
    if run.status != Run.Status.DONE:
        raise Http404(_("This run has no results yet."))
    national = national_figures(user)
    config = run.config
    activities = config["activities"]
    level = config["quota_level"]
    ids, benefits, assigned_lists, groups_raw = [], [], [], []
    for pk, benefit, assigned, centre, province in run.rows.order_by("id").values_list(
            "entrepreneur_id", "benefit", "assigned", "centre", "province"):
        ids.append(pk)
        benefits.append([np.nan if b is None else b for b in benefit])
        assigned_lists.append(assigned)
        groups_raw.append(str(centre or "") if level == "centre" else province if level == "province" else "all")
    if entrepreneur_id not in ids:
        raise Http404(_("This entrepreneur was not in this run."))
    i = ids.index(entrepreneur_id)
    row = run.rows.get(entrepreneur_id=entrepreneur_id)
    numbers = [a["number"] for a in activities]
    benefit = np.array(benefits, dtype=float).reshape(len(ids), len(activities))
    problem = AssignmentProblem(
        benefit=benefit, capacity=[a["places"] for a in activities], cost=[a["cost"] for a in activities],
        budget=config["budget"], max_per_entrepreneur=config["max_per_entrepreneur"],
        group=np.zeros(len(ids), dtype=np.int64), quota_min=[0], quota_max=[np.inf],
    )
    pair_i = [k for k, assigned in enumerate(assigned_lists) for _n in assigned]
    pair_a = [numbers.index(n) for assigned in assigned_lists for n in assigned]
    result = summarise(problem, np.array(pair_i, dtype=np.int64), np.array(pair_a, dtype=np.int64), method="milp",
                       status=run.solver_status, objective=run.objective, dual_bound=run.dual_bound,
                       lp_bound=run.lp_bound, gap=run.gap, solve_seconds=0.0)
    standings = activity_standing(problem, result, i)
    if national:
        seen = np.ones(len(ids), dtype=bool)
    else:
        visible = set(run_rows(user=user, run=run, selected_only=False).values_list("entrepreneur_id", flat=True))
        seen = np.array([pk in visible for pk in ids], dtype=bool)
    mine = row.assigned
    group_key = groups_raw[i]
    quota = config["quotas"].get(group_key) if level != "none" else None
    group_selected = sum(1 for g, a in zip(groups_raw, assigned_lists) if g == group_key and a)
    quota_full = bool(quota and quota.get("max") is not None and group_selected >= quota["max"])
    names = rules_mod.rule_names()
    group_name = (names["centres"].get(group_key, group_key) if level == "centre"
                  else names["provinces"].get(group_key, group_key))
    lines = []
    for k, (standing, activity) in enumerate(zip(standings, activities)):
        column = benefit[:, k]
        among = seen & ~np.isnan(column)
        count = int(among.sum())
        rank = int(np.count_nonzero(column[among] > standing.benefit)) + 1 if standing.eligible else None
        failed = _failed_sentences(row.failed_rules.get(str(activity["number"]), []), activity, names)
        rank_text = _standing_text(rank, count, national) if standing.eligible else ""
        reason = _reason(standing, rank_text, number=activity["number"], failed=failed, mine=mine, config=config,
                         quota_full=quota_full, group_name=group_name, quota=quota)
        lines.append({"activity": activity, "standing": standing, "rank": rank, "eligible_count": count,
                      "failed": failed, "reason": reason,
                      "rules": [rules_mod.describe(r, names) for r in activity.get("rules", [])]})
    weights = config["weights"]
    total_weight = sum(weights[p] for p in wording.WEIGHT_LABELS)
    parts = [{"name": p, "label": wording.WEIGHT_LABELS[p], "value": getattr(row, p), "weight": weights[p],
              "contribution": weights[p] * getattr(row, p) / total_weight} for p in wording.WEIGHT_LABELS]
    impacts = run_rows(user=user, run=run, selected_only=False) if not national else run.rows.all()
    impact_rank, cohort = impacts.filter(impact__gt=row.impact).count() + 1, int(seen.sum())
    ranks = {"rank": f"{impact_rank:,}", "count": f"{cohort:,}"}
    impact_text = (_("Ranks %(rank)s of %(count)s screened") if national
                   else _("Ranks %(rank)s of %(count)s screened in your area")) % ranks
    return {"run": run, "row": row, "selected": bool(mine), "assigned": mine, "parts": parts, "national": national,
            "impact_rank": impact_rank, "cohort": cohort, "impact_text": impact_text,
            "lines": lines, "quota_full": quota_full, "group": group_name, "greedy_assigned": row.greedy_assigned,
            "details": policy.can(user, "run.start")}


# ---- needs ----------------------------------------------------------------------------------------

def needs_get(*, user, entrepreneur_id: int) -> tuple[Entrepreneur, NeedsAssessment | None, dict]:
    """The entrepreneur, their stored answers (or None) and what the registry suggests for each."""
    entrepreneurs = policy.visible(user, Entrepreneur).filter(pk=entrepreneur_id)
    entrepreneur = entrepreneurs.first()
    if entrepreneur is None:
        raise Http404(_("Not found."))
    current = policy.visible(user, NeedsAssessment).filter(entrepreneur=entrepreneur).first()
    cohort = Cohort(entrepreneurs, date.today().year)
    defaults = {
        "online_presence": sum(float(cohort.attribute("online_share")[0]) >= t for t in (1e-9, 0.15, 0.3)),
        "standards_held": int(cohort.attribute("standards_held")[0]),
        "has_successor": bool(cohort.attribute("has_successor")[0]),
    }
    return entrepreneur, current, defaults
