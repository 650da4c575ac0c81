"""Every sustainable model is scoped by the access policy: a path to its entrepreneur, and rows only in scope."""

from datetime import date

import pytest
from django.apps import apps

from tests.toolkits.sustainable.test_actions import TURMERIC, fill, start
from uplift.access import policy
from uplift.toolkits.sustainable import actions


def test_every_model_has_a_path_to_its_entrepreneur():
    for model in apps.get_app_config("sustainable").get_models():
        path = policy.PATHS[model._meta.label]
        assert path.view == "toolkit.view" and path.entrepreneur, model


@pytest.mark.parametrize("model", [m._meta.label for m in apps.get_app_config("sustainable").get_models()])
def test_rows_are_seen_only_in_scope(world, green, batik_items, model):
    base = fill(world.admin, start(world.admin, green, name="ปี 2568", on=date(2025, 6, 1)), batik_items)
    current = fill(world.admin, start(world.admin, green, base=base, units_per_month=50), batik_items[:-1])
    actions.scenario_create(actor=world.admin, footprint=current, name="ผ้าฝ้ายรีไซเคิล",
                            changes=[{"item": "ผ้าฝ้าย", "quantity": 0.1}])
    actions.carbon_claim_create(actor=world.admin, enrolment=green.phuket, footprint_ids=[current.pk], wave="end")
    for enrolment, product in ((green.phuket, green.batik), (green.chiangmai, green.silk)):
        actions.biodiversity_save(actor=world.admin, enrolment=enrolment,
                                  data=TURMERIC | {"traditional_knowledge_involved": False},
                                  uses=[{"product": product.pk, "value_added_baht_per_year": "1000"}])
    silk = actions.footprint_save(actor=world.admin, enrolment=green.chiangmai, product=green.silk, data={
        "name": "ปี 2569", "functional_unit": "ผ้าไหม 1 เมตร", "reference_date": date(2026, 2, 1)})
    actions.item_save(actor=world.admin, footprint=silk, data={"name": "เส้นไหม", "category": "materials",
                                                             "quantity": 0.1, "unit": "kg", "factor": "silk_yarn"})
    Model = apps.get_model(model)
    everything = Model.objects.count()
    assert everything > 0
    assert policy.visible(world.admin, Model, "toolkit.view").count() == everything
    phuket_rows = policy.visible(world.consultant, Model, "toolkit.view").count()
    assert phuket_rows > 0
    assert policy.visible(world.officer, Model, "toolkit.view").count() == phuket_rows
    assert policy.visible(green.other, Model, "toolkit.view").count() == everything - phuket_rows
    assert policy.visible(world.owner, Model, "toolkit.view").count() == everything - phuket_rows
