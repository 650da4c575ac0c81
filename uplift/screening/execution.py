"""The body of a run (the ``run_scenario`` task): freeze the snapshot, solve exactly (and greedily),
store the figures. The run was checked and audited when it was started (``runs.run_start``); it
screens the whole registry because starting a run is a national verb (``run.start``, scope ALL).

Each snapshot row keeps the rules an entrepreneur did not meet as positions into the run's frozen
rules (``{"4": [0]}``: activity 4's first rule), so explanations word them in the reader's language.
"""

from __future__ import annotations

import time

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.registry.models import Entrepreneur
from uplift.screening import rules as rules_mod
from uplift.screening.cohort import Cohort
from uplift.screening.core import AssignmentProblem, ImpactWeights, greedy_assignment, impact_scores
from uplift.screening.core.needs import activity_need
from uplift.screening.bulk import insert_rows
from uplift.screening.models import Run, Scenario, SnapshotRow
from uplift.screening.solver import solve_killable


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


def _eligibility(activities: list[dict], cohort: Cohort) -> tuple[np.ndarray, list[dict[str, list[int]]]]:
    failed: list[dict[str, list[int]]] = [{} for _i in range(cohort.n)]
    eligible = np.ones((cohort.n, len(activities)), dtype=bool)
    for k, activity in enumerate(activities):
        for j, rule in enumerate(activity["rules"]):
            passed = rules_mod.evaluate(rule, cohort)
            eligible[:, k] &= passed
            for i in np.flatnonzero(~passed).tolist():
                failed[i].setdefault(str(activity["number"]), []).append(j)
    return eligible, failed


EXCLUDED = "excluded"  # in a snapshot row's failed rules: excluded at candidate verification (worded on reading)


def _drop_excluded(excluded: list[int], activities: list[dict], cohort: Cohort, eligible: np.ndarray,
                   failed: list[dict[str, list]]) -> None:
    """The entrepreneurs excluded at candidate verification (frozen in the run's config) take no activity."""
    for pk in excluded:
        i = cohort.index.get(pk)
        if i is None:
            continue
        eligible[i, :] = False
        for activity in activities:
            failed[i].setdefault(str(activity["number"]), []).append(EXCLUDED)


def _execute(run: Run, started: float, in_subprocess: bool | None) -> None:
    config = run.config
    cohort = Cohort(Entrepreneur.objects.all(), config["reference_year"])
    activities = config["activities"]
    scores = impact_scores(cohort.impact_inputs(), ImpactWeights(**config["weights"]))
    answers, answered = cohort.needs_answers()
    need = activity_need(answers, [a["code"] for a in activities])
    eligible, failed = _eligibility(activities, cohort)
    _drop_excluded(config.get("excluded", []), activities, cohort, eligible, failed)
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
    flag_columns = {"sales_drop_known": scores.sales_drop_known, "tourist_share_known": scores.tourist_share_known,
                    "size_known": scores.size_known, "zero_baseline": scores.zero_baseline, "needs_answered": answered}
    flags = [dict(zip(flag_columns, values)) for values in zip(*(np.asarray(v, dtype=bool).tolist()
                                                                 for v in flag_columns.values()))]
    benefits = [[None if b != b else round(b, 9) for b in row] for row in benefit.tolist()]
    columns = zip(cohort.ids.tolist(), cohort.names, provinces.tolist(), centres.tolist(), categories,
                  *(np.asarray(v, dtype=float).tolist() for v in (scores.total, scores.sales_drop, scores.tourist_share,
                                                                 scores.exposure, scores.vulnerability, value)))
    rows = [
        SnapshotRow(
            run=run, entrepreneur_id=pk, name_th=name, province=province, centre=int(centre) if centre else None,
            category=category, impact=impact, sales_drop=drop, tourist_share=share, exposure=exposure,
            vulnerability=vulnerability, flags=flags[i], benefit=benefits[i], failed_rules=failed[i],
            assigned=assigned[i], greedy_assigned=greedy_assigned[i], is_selected=bool(assigned[i]), value=worth,
        )
        for i, (pk, name, province, centre, category, impact, drop, share, exposure, vulnerability, worth)
        in enumerate(columns)
    ]
    with transaction.atomic():
        insert_rows(SnapshotRow, rows)
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
