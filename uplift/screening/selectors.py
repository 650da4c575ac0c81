"""Reads of screening. Every read of entrepreneurs starts from the user's scope: a national
solve is fine, but a regional officer sees only the rows of their region."""

from __future__ import annotations

from collections import Counter

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from uplift.access.scoping import entrepreneur_filter, visible_entrepreneurs
from uplift.geo.models import Province, RegionalCentre
from uplift.programme.models import Round, RoundActivity
from uplift.registry.models import Entrepreneur, Product
from uplift.screening import rules as rules_mod
from uplift.screening.cohort import Cohort
from uplift.screening.core import AssignmentProblem, activity_standing
from uplift.screening.core.problem import summarise
from uplift.screening.models import Run, Scenario, SnapshotRow
from uplift.screening.services import can_view_screening


def _check_view(user) -> None:
    if not can_view_screening(user):
        raise PermissionDenied(_("Your role has no access to screening."))


def round_list(*, user) -> QuerySet[Round]:
    _check_view(user)
    return Round.objects.all()


def round_get(*, user, pk: int) -> Round:
    _check_view(user)
    round_ = Round.objects.filter(pk=pk).first()
    if round_ is None:
        raise Http404(_("No round %(pk)s.") % {"pk": pk})
    return round_


def round_activities(round_: Round) -> list[RoundActivity]:
    return list(round_.activities.select_related("activity").prefetch_related("rules"))


def scenario_get(*, user, pk: int) -> Scenario:
    _check_view(user)
    scenario = Scenario.objects.select_related("round").filter(pk=pk).first()
    if scenario is None:
        raise Http404(_("No scenario %(pk)s.") % {"pk": pk})
    return scenario


def run_get(*, user, pk: int) -> Run:
    _check_view(user)
    run = Run.objects.select_related("scenario__round").filter(pk=pk).first()
    if run is None:
        raise Http404(_("No run %(pk)s.") % {"pk": pk})
    return run


def rule_preview(*, user, round_activity: RoundActivity, rule: dict | None = None) -> dict[str, int]:
    """Among the entrepreneurs the user may see: how many meet `rule` (validated first), and how
    many meet all of the activity's stored rules plus it."""
    _check_view(user)
    context = rules_mod.rule_context()
    clean = rules_mod.validate_rule(rule, context) if rule else None
    cohort = Cohort(visible_entrepreneurs(user), round_activity.round.starts_on.year)
    stored = [r.as_dict() for r in round_activity.rules.all()]
    meets_rule = int(rules_mod.evaluate(clean, cohort).sum()) if clean else cohort.n
    meets_all = int(rules_mod.eligible_mask(stored + ([clean] if clean else []), cohort).sum())
    return {"visible": cohort.n, "rule": meets_rule, "activity": meets_all}


def activity_previews(*, user, round_: Round) -> dict[int, dict]:
    """Per round activity: each stored rule's count and the count meeting all (scoped)."""
    _check_view(user)
    cohort = Cohort(visible_entrepreneurs(user), round_.starts_on.year)
    out = {}
    for ra in round_activities(round_):
        rules = [r.as_dict() for r in ra.rules.all()]
        out[ra.pk] = {
            "rules": {r.pk: int(rules_mod.evaluate(r.as_dict(), cohort).sum()) for r in ra.rules.all()},
            "eligible": int(rules_mod.eligible_mask(rules, cohort).sum()), "visible": cohort.n,
        }
    return out


def run_rows(*, user, run: Run, selected_only: bool = True) -> QuerySet[SnapshotRow]:
    _check_view(user)
    rows = run.rows.filter(entrepreneur__in=visible_entrepreneurs(user))
    return rows.filter(is_selected=True) if selected_only else rows


def run_spread(*, user, run: Run) -> dict:
    """Selected entrepreneurs per regional centre, province and product category (scoped)."""
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
    names = dict(Entrepreneur.objects.filter(pk__in=only_a[:limit] + only_b[:limit] + moved[:limit])
                 .values_list("pk", "name_th"))
    spread_a, spread_b = run_spread(user=user, run=a), run_spread(user=user, run=b)

    def listing(pks, source=None):
        return [{"id": pk, "name": names.get(pk, ""), "a": chosen_a.get(pk, []), "b": chosen_b.get(pk, [])} for pk in pks[:limit]]

    categories = sorted(set(spread_a["categories"]) | set(spread_b["categories"]))
    return {
        "a": a, "b": b, "only_a": listing(only_a), "only_b": listing(only_b), "moved": listing(moved),
        "counts": {"only_a": len(only_a), "only_b": len(only_b), "moved": len(moved), "both": len(set(chosen_a) & set(chosen_b))},
        "centres": [{"number": x["number"], "name": x["name"], "a": x["count"], "b": y["count"]}
                    for x, y in zip(spread_a["centres"], spread_b["centres"])],
        "categories": [{"category": c, "a": spread_a["categories"].get(c, 0), "b": spread_b["categories"].get(c, 0)}
                       for c in categories],
        "activities": [{"number": n, "a": spread_a["activities"].get(n, 0), "b": spread_b["activities"].get(n, 0)}
                       for n in spread_a["activities"]],
    }


def _ordinal(n: int) -> str:
    from django.utils.translation import get_language

    if not (get_language() or "en").startswith("en"):
        return f"{n:,}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def explanation(*, user, run: Run, entrepreneur_id: int) -> dict:
    """Why one entrepreneur is in or out of one run: score parts, rules, standing, what bound."""
    _check_view(user)
    if not Entrepreneur.objects.filter(entrepreneur_filter(user), pk=entrepreneur_id).exists():
        raise Http404(_("No entrepreneur %(pk)s within your scope.") % {"pk": entrepreneur_id})
    if run.status != Run.Status.DONE:
        raise Http404(_("Run %(pk)s has no results yet.") % {"pk": run.pk})
    ids, benefits, assigned_lists, groups_raw = [], [], [], []
    level = run.config["quota_level"]
    for pk, benefit, assigned, centre, province in run.rows.order_by("id").values_list(
            "entrepreneur_id", "benefit", "assigned", "centre", "province"):
        ids.append(pk)
        benefits.append([np.nan if b is None else b for b in benefit])
        assigned_lists.append(assigned)
        groups_raw.append(str(centre or "") if level == "centre" else province if level == "province" else "all")
    if entrepreneur_id not in ids:
        raise Http404(_("Entrepreneur %(pk)s was not in run %(run)s.") % {"pk": entrepreneur_id, "run": run.pk})
    i = ids.index(entrepreneur_id)
    row = run.rows.get(entrepreneur_id=entrepreneur_id)
    config = run.config
    activities = config["activities"]
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
    mine = row.assigned
    group_key = groups_raw[i]
    quota = config["quotas"].get(group_key) if level != "none" else None
    group_selected = sum(1 for g, a in zip(groups_raw, assigned_lists) if g == group_key and a)
    quota_full = bool(quota and quota.get("max") is not None and group_selected >= quota["max"])
    lines = []
    for standing, activity in zip(standings, activities):
        number = activity["number"]
        failed = row.failed_rules.get(str(number), [])
        if standing.taken:
            reason = _("Offered activity %(n)s: expected benefit %(b).3f, ranking %(rank)s of %(count)s eligible.") % {
                "n": number, "b": standing.benefit, "rank": _ordinal(standing.rank), "count": f"{standing.eligible_count:,}"}
        elif not standing.eligible:
            reason = _("Not eligible for activity %(n)s: %(rules)s.") % {"n": number, "rules": "; ".join(failed) or _("no benefit")}
        else:
            ranks = {"n": number, "rank": _ordinal(standing.rank), "count": f"{standing.eligible_count:,}"}
            if len(mine) >= config["max_per_entrepreneur"]:
                reason = _("You already take the most activities allowed (%(m)s); activity %(n)s ranks you %(rank)s of "
                           "%(count)s eligible.") % (ranks | {"m": config["max_per_entrepreneur"]})
            elif standing.places_full:
                reason = _("Activity %(n)s is full; your expected benefit ranks %(rank)s of %(count)s eligible.") % ranks
            elif standing.money_short:
                reason = _("The budget left cannot pay one more place of activity %(n)s; your expected benefit ranks "
                           "%(rank)s of %(count)s eligible.") % ranks
            elif quota_full and not mine:
                reason = _("The quota of %(group)s (at most %(max)s) is reached; activity %(n)s ranks you %(rank)s of "
                           "%(count)s eligible.") % (ranks | {"group": group_key, "max": quota["max"]})
            else:
                reason = _("Activity %(n)s: your expected benefit ranks %(rank)s of %(count)s eligible; the optimum "
                           "used its places and money on others.") % ranks
        lines.append({"activity": activity, "standing": standing, "failed": failed, "reason": reason})
    weights = config["weights"]
    total_weight = sum(weights[p] for p in ("sales_drop", "tourist_share", "exposure", "vulnerability"))
    parts = [{"name": p, "value": getattr(row, p), "weight": weights[p],
              "contribution": weights[p] * getattr(row, p) / total_weight}
             for p in ("sales_drop", "tourist_share", "exposure", "vulnerability")]
    impact_rank = run.rows.filter(impact__gt=row.impact).count() + 1
    return {"run": run, "row": row, "selected": bool(mine), "assigned": mine, "parts": parts,
            "impact_rank": impact_rank, "cohort": len(ids), "lines": lines, "quota_full": quota_full,
            "group": group_key, "greedy_assigned": row.greedy_assigned}


def latest_run_for(*, user) -> Run | None:
    _check_view(user)
    approved = Run.objects.filter(status=Run.Status.DONE, scenario__approved_at__isnull=False).order_by("-id").first()
    return approved or Run.objects.filter(status=Run.Status.DONE).order_by("-id").first()
