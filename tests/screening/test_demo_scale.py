"""The demo selects 1,000+ entrepreneurs and explains each of them."""

import time

import pytest
from django.core.management import call_command

from uplift.access import policy

from uplift.registry.demo.load import demo_data_load
from uplift.screening import selectors
from uplift.screening.approval import scenario_approve
from uplift.screening.management.commands.demo_round import demo_round_create

pytestmark = pytest.mark.django_db


def test_demo_selects_more_than_1000_with_explanations(areas, world, capsys, solve):
    demo_data_load(actor=policy.system_actor(), n_entrepreneurs=1500, seed=2564, accounts=False, replace=True)
    round_ = demo_round_create(actor=world.admin)
    scenario = round_.scenarios.first()
    started = time.perf_counter()
    run = solve(scenario)
    elapsed = time.perf_counter() - started
    assert run.solver_status == "optimal" and run.gap <= 1e-3
    assert run.selected >= 1100 and run.budget_used <= run.config["budget"] + 1e-6
    assert run.greedy_objective <= run.objective + 1e-6
    assert elapsed < 20
    selected = list(run.rows.filter(is_selected=True).values_list("entrepreneur_id", flat=True)[:3])
    left_out = run.rows.filter(is_selected=False).values_list("entrepreneur_id", flat=True).first()
    for pk in selected:
        explained = selectors.explanation(user=world.admin, run=run, entrepreneur_id=pk)
        assert explained["selected"] and sum(line["standing"].taken for line in explained["lines"]) >= 1
    out = selectors.explanation(user=world.admin, run=run, entrepreneur_id=left_out)
    assert not out["selected"] and all(line["reason"] for line in out["lines"])
    counts = scenario_approve(actor=world.admin, scenario_id=scenario.pk)
    assert counts["entrepreneurs"] == run.selected

    other = round_.scenarios.last()
    call_command("assign", "--round", str(round_.pk), "--scenario", str(other.pk), "--in-process", "--user", "admin")
    assert "solver optimal" in capsys.readouterr().out


def test_demo_round_command_is_idempotent(areas, world, capsys):
    call_command("demo_round")
    call_command("demo_round")
    from uplift.programme.models import Round

    assert Round.objects.count() == 1 and Round.objects.get().scenarios.count() == 2
    assert "already exists" in capsys.readouterr().out
    call_command("demo_round", "--solve")  # 2 entrepreneurs cannot fill "at least 1,100": reported, not raised
    out = capsys.readouterr().out
    assert out.count("solver infeasible") == 2
