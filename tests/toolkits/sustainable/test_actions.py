"""The sustainable actions: a footprint recomputed and stored with its factor versions, scenarios,
the label check on the same factors, co2e_reduced with its origin, and the biodiversity register."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.toolkits.sustainable.conftest import BATIK_TOTAL
from uplift.audit.models import AuditEntry
from uplift.outcomes.models import Observation
from uplift.toolkits.sustainable import actions, selectors
from uplift.toolkits.sustainable.models import InventoryItem, ProductFootprint

ON = date(2026, 2, 1)


def start(actor, green, *, name="ปี 2569", on=ON, base=None, units_per_month=None, **extra):
    return actions.footprint_save(actor=actor, enrolment=green.phuket, product=green.batik, data={
        "name": name, "functional_unit": "ผ้าบาติก 1 ผืน", "reference_date": on, "base": base,
        "units_per_month": units_per_month, **extra})


def fill(actor, footprint, items):
    for item in items:
        actions.item_save(actor=actor, footprint=footprint, data=item)
    footprint.refresh_from_db()
    return footprint


def test_inventory_gives_the_hand_computed_footprint_and_keeps_its_factor_versions(world, green, batik_items):
    footprint = fill(world.consultant, start(world.consultant, green), batik_items)
    assert footprint.total_kgco2e == pytest.approx(BATIK_TOTAL)
    assert footprint.biogenic_kgco2 == pytest.approx(0.5 * 1.7472)  # firewood's CO2, reported apart
    assert footprint.upstream_kgco2e == pytest.approx(0.8 * 0.0812)  # grid upstream, shown apart
    assert footprint.table_version == "2026.1" and footprint.result["table_version"] == "2026.1"
    assert footprint.result["factor_versions"]["electricity_grid_th"] == "TGO grid EF 2026"
    assert footprint.interval["low"] < footprint.total_kgco2e < footprint.interval["high"]
    assert AuditEntry.objects.filter(model="sustainable.ProductFootprint", action="recompute").count() == 7
    figures = selectors.footprint_figures(world.consultant, footprint)
    assert figures.hotspots[0].item == "ผ้าฝ้าย" and figures.hotspots[0].in_pareto


def test_the_grid_factor_switches_at_its_valid_from_date(world, green):
    grid = [{"name": "ไฟฟ้า", "category": "electricity", "quantity": 100, "unit": "kWh", "factor": "electricity_grid_th"}]
    before = fill(world.consultant, start(world.consultant, green, name="ธ.ค. 2568", on=date(2025, 12, 31)), grid)
    after = fill(world.consultant, start(world.consultant, green, name="ม.ค. 2569", on=date(2026, 1, 1)), grid)
    assert before.total_kgco2e == pytest.approx(49.99) and after.total_kgco2e == pytest.approx(47.50)
    assert before.result["factor_versions"] == {"electricity_grid_th": "TGO grid EF 0.4999"}


@pytest.mark.parametrize(("change", "field"), [
    ({"factor": "unobtainium"}, "factor"),
    ({"unit": "kg", "factor": "electricity_grid_th", "category": "electricity"}, "unit"),
    ({"category": "space_travel"}, "category"),
    ({"quantity": -1}, "quantity"),
    ({"quantity_low": 5}, "quantity"),
])
def test_bad_items_are_refused_by_field(world, green, batik_items, change, field):
    footprint = start(world.consultant, green)
    with pytest.raises(ValidationError) as refused:
        actions.item_save(actor=world.consultant, footprint=footprint, data=batik_items[0] | change)
    assert field in refused.value.message_dict
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in " ".join(refused.value.message_dict[field]))
    assert not InventoryItem.objects.exists()


def test_csv_import_names_row_column_and_reason(world, green):
    footprint = start(world.consultant, green)
    with pytest.raises(ValidationError) as refused:
        actions.inventory_import(actor=world.consultant, footprint=footprint, text=(
            "item,category,quantity,unit,factor\nผ้าฝ้าย,วัตถุดิบ,0.25,kg,cotton_yarn\nไฟฟ้า,ไฟฟ้า,สิบ,kWh,electricity_grid_th\n"))
    assert "แถว 3 ช่อง quantity" in refused.value.message_dict["file"][0]
    count = actions.inventory_import(actor=world.consultant, footprint=footprint, text=(
        "item,category,quantity,unit,factor,quantity_low,quantity_high\n"
        "ผ้าฝ้าย,วัตถุดิบ,0.25,kg,cotton_yarn,0.2,0.3\nไฟฟ้า,electricity,0.8,หน่วย,electricity_grid_th,,\n"))
    footprint.refresh_from_db()
    assert count == 2 and footprint.total_kgco2e == pytest.approx(0.25 * 4.0 + 0.8 * 0.475)


def test_a_scenario_that_removes_the_hotspot(world, green, batik_items):
    footprint = fill(world.consultant, start(world.consultant, green), batik_items)
    scenario = actions.scenario_create(actor=world.consultant, footprint=footprint, name="ใช้ผ้าฝ้ายรีไซเคิล",
                                       changes=[{"item": "ผ้าฝ้าย", "quantity": 0}])
    assert scenario.result["difference_kgco2e"] == pytest.approx(-1.0)
    assert scenario.result["new_kgco2e"] == pytest.approx(BATIK_TOTAL - 1.0)
    assert scenario.result["hotspots"][0]["item"] == "ไฟฟ้าเตารีด"
    with pytest.raises(ValidationError) as refused:
        actions.scenario_create(actor=world.consultant, footprint=footprint, name="ไม่มีจริง",
                                changes=[{"item": "ขี้ผึ้ง", "quantity": 1}])
    assert "changes" in refused.value.message_dict


def test_label_check_and_claim_count_what_the_entrepreneur_changed_not_the_factors(world, green, batik_items):
    base = fill(world.consultant, start(world.consultant, green, name="ปี 2568", on=date(2025, 6, 1)), batik_items)
    now_items = [item | {"quantity": 0.4} if item["name"] == "ไฟฟ้าเตารีด" else item for item in batik_items]
    current = fill(world.consultant, start(world.consultant, green, name="ปี 2569", base=base, units_per_month=200),
                   now_items)
    figures = selectors.footprint_figures(world.consultant, current)
    # the base year on today's factors, so the grid factor's fall from 0.4999 to 0.4750 is not a reduction
    assert figures.base_total == pytest.approx(BATIK_TOTAL)
    assert base.total_kgco2e == pytest.approx(BATIK_TOTAL + 0.8 * (0.4999 - 0.4750))
    saved = 0.4 * 0.4750
    assert figures.label.reduction == pytest.approx(saved / BATIK_TOTAL, abs=1e-9)
    assert figures.label.eligible is (saved / BATIK_TOTAL >= 0.02)
    assert figures.reduction_per_month == pytest.approx(saved * 200)

    claim = actions.carbon_claim_create(actor=world.consultant, enrolment=green.phuket, footprint_ids=[current.pk],
                                        wave="end")
    observation = Observation.objects.get(entrepreneur=world.phuket, indicator__code="co2e_reduced", wave="end")
    assert observation.origin == f"sustainable.CarbonClaim:{claim.pk}"
    assert float(observation.value) == pytest.approx(round(saved * 200, 2))

    worse = fill(world.consultant, start(world.consultant, green, name="แย่ลง", base=base, units_per_month=200),
                 [item | {"quantity": 2.0} if item["name"] == "ไฟฟ้าเตารีด" else item for item in batik_items])
    with pytest.raises(ValidationError):
        actions.carbon_claim_create(actor=world.consultant, enrolment=green.phuket, footprint_ids=[worse.pk], wave="m3")
    with pytest.raises(ValidationError):
        actions.carbon_claim_create(actor=world.consultant, enrolment=green.phuket, footprint_ids=[base.pk], wave="m3")


def test_who_may_write(world, green):
    with pytest.raises(PermissionDenied):
        actions.footprint_save(actor=world.owner, enrolment=green.chiangmai, product=green.silk, data={
            "name": "ปี 2569", "functional_unit": "ผ้าไหม 1 เมตร"})
    with pytest.raises(Http404):
        start(green.other, green)
    with pytest.raises(ValidationError) as refused:
        actions.footprint_save(actor=world.admin, enrolment=green.phuket, product=green.silk, data={
            "name": "ปี 2569", "functional_unit": "ผ้าไหม 1 เมตร"})
    assert "product" in refused.value.message_dict
    start(world.officer, green)
    assert ProductFootprint.objects.count() == 1


TURMERIC = {
    "kind": "species", "name_th": "ขมิ้นชัน", "scientific_name": "Curcuma longa", "origin_place": "บ้านกะทู้ ต.กะทู้ จ.ภูเก็ต",
    "origin_subdistrict": "830202", "community": "วิสาหกิจชุมชนสมุนไพรกะทู้", "traditional_knowledge_involved": True,
    "traditional_knowledge": "สูตรย้อมผ้าสีเหลืองจากขมิ้นของผู้เฒ่าในชุมชน",
}


def test_traditional_knowledge_needs_pic_mat_and_benefit_sharing_all_reported_at_once(world, green):
    with pytest.raises(ValidationError) as refused:
        actions.biodiversity_save(actor=world.consultant, enrolment=green.phuket, data=TURMERIC)
    assert {"pic", "mat", "benefit_sharing"} <= set(refused.value.message_dict)
    assert "Nagoya" in refused.value.message_dict["pic"][0]


def test_a_complete_record_and_its_value_added(world, green):
    record = actions.biodiversity_save(actor=world.consultant, enrolment=green.phuket, data=TURMERIC | {
        "pic_date": date(2026, 1, 10), "pic_provider": "วิสาหกิจชุมชนสมุนไพรกะทู้", "pic_recipient": world.phuket.name_th,
        "mat_date": date(2026, 1, 15), "mat_parties": "วิสาหกิจชุมชนสมุนไพรกะทู้, " + world.phuket.name_th,
        "mat_terms": "ซื้อขมิ้นจากชุมชนในราคาประกัน และระบุชื่อชุมชนบนฉลาก", "benefit_share_percent": 5,
        "benefit_beneficiaries": "กองทุนหมู่บ้านกะทู้", "protections": ["geographical_indication"]},
        uses=[{"product": green.batik.pk, "value_added_baht_per_year": "48000"}])
    figures = selectors.record_figures(record)
    assert figures.problems == () and float(figures.value_added) == 48000 and float(figures.benefit_baht) == 2400
    assert record.origin_subdistrict_id == "830202" and record.mat_parties[1] == world.phuket.name_th
    with pytest.raises(ValidationError) as refused:
        actions.biodiversity_save(actor=world.consultant, enrolment=green.phuket, data=TURMERIC | {
            "traditional_knowledge_involved": False, "origin_subdistrict": "999999"},
            uses=[{"product": green.silk.pk, "value_added_baht_per_year": "100"}])
    assert "origin_subdistrict" in refused.value.message_dict and "uses.0" in refused.value.message_dict
