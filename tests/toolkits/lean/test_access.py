"""Every lean model is scoped by the access policy: a path to its entrepreneur, and rows only in scope."""

import pytest
from django.apps import apps

from tests.toolkits.lean.test_actions import PERIODS, log, two_weeks
from uplift.access import policy
from uplift.toolkits.lean import actions


def test_every_model_has_a_path_to_its_entrepreneur():
    for model in apps.get_app_config("lean").get_models():
        path = policy.PATHS[model._meta.label]
        assert path.view == "toolkit.view" and path.entrepreneur, model


@pytest.mark.parametrize("model", [m._meta.label for m in apps.get_app_config("lean").get_models()])
def test_rows_are_seen_only_in_scope(world, lean, model):
    two_weeks(world.admin, lean.phuket)
    log(world.admin, lean.chiangmai, line="กี่ทอผ้า", downtime_minutes=30, ideal_cycle_seconds=60, total_count=6,
        good_count=5, stops=[{"loss": "setup_adjustment", "minutes": 30}], rejects=[{"loss": "startup_reject", "count": 1}])
    log(world.admin, lean.phuket, shift="ดึก", stops=[{"loss": "breakdown", "minutes": 40}],
        rejects=[{"loss": "production_reject", "count": 400}])
    actions.timing_save(actor=world.admin, enrolment=lean.phuket, line="สายบรรจุน้ำพริก", step="ตัก", kind="stopwatch",
                        laps=[20, 21, 22])
    actions.waste_create(actor=world.admin, enrolment=lean.phuket, data={
        "date": PERIODS["before_start"], "waste": "waiting", "description": "รอวัตถุดิบ", "baht": 50})
    saving = actions.saving_create(actor=world.admin, enrolment=lean.phuket, rule="defects", data={
        **PERIODS, "pieces_per_month": 1000, "material_baht_per_piece": 5, "conversion_baht_per_piece": 5,
        "piece_mass_kg": 0.2})
    actions.savings_claim_create(actor=world.admin, enrolment=lean.phuket, savings_ids=[saving.pk], wave="end",
                                 baselines={"production_cost": 50000})
    actions.kaizen_save(actor=world.admin, enrolment=lean.phuket, data={
        "problem": "ฝารั่ว", "countermeasure": "จิ๊กกดฝา", "owner": "คุณสมใจ", "started_on": PERIODS["before_end"],
        "metric": "oee", **{k.replace("before", "baseline"): v for k, v in PERIODS.items()}})
    Model = apps.get_model(model)
    everything = Model.objects.count()
    assert everything > 0
    assert policy.visible(world.admin, Model, "toolkit.view").count() == everything
    phuket_rows = policy.visible(world.consultant, Model, "toolkit.view").count()
    assert phuket_rows > 0
    assert policy.visible(world.officer, Model, "toolkit.view").count() == phuket_rows
    assert policy.visible(lean.other, Model, "toolkit.view").count() == everything - phuket_rows
    assert policy.visible(world.owner, Model, "toolkit.view").count() == everything - phuket_rows
