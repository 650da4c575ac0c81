"""The sustainable pages: who sees which enrolment, the footprint page's figures and forms."""

from datetime import date

import pytest

from tests.toolkits.sustainable.test_actions import ON, TURMERIC, fill, start
from uplift.toolkits.sustainable.models import BiodiversityRecord, InventoryItem, ProductFootprint, Scenario


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_index_and_workspace_scope(client, world, green):
    client.force_login(world.consultant)
    html = client.get("/toolkits/sustainable/").content.decode()
    assert world.phuket.name_th in html and world.chiangmai.name_th not in html
    for user, status in [(world.consultant, 200), (world.officer, 200), (world.executive, 200), (green.other, 404),
                         (world.owner, 404)]:
        client.force_login(user)
        assert client.get(f"/toolkits/sustainable/enrolments/{green.phuket.pk}/").status_code == status, user
    client.force_login(world.owner)
    assert client.get(f"/toolkits/sustainable/enrolments/{green.chiangmai.pk}/").status_code == 200
    assert client.get(f"/toolkits/sustainable/enrolments/{green.chiangmai.pk}/biodiversity/new/").status_code == 403


def test_index_empty_state_is_thai(client, world):
    client.force_login(world.consultant)
    assert "ยังไม่มีผู้ประกอบการ" in client.get("/toolkits/sustainable/").content.decode()


def test_footprint_forms_from_start_to_scenario(client, world, green):
    client.force_login(world.consultant)
    response = client.post(f"/toolkits/sustainable/enrolments/{green.phuket.pk}/", {
        "form": "footprint", "product": green.batik.pk, "name": "ปี 2569", "functional_unit": "ผ้าบาติก 1 ผืน",
        "functional_units": "1", "reference_date": "2026-02-01", "table_version": "2026.1"})
    footprint = ProductFootprint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/toolkits/sustainable/footprints/{footprint.pk}/"
    url = response["Location"]
    assert client.post(url, {"form": "item", "name": "ผ้าฝ้าย", "category": "materials", "quantity": "0.25",
                             "unit": "kg", "factor": "cotton_yarn"}).status_code == 302
    assert client.post(url, {"form": "item", "name": "ไฟฟ้าเตารีด", "category": "electricity", "quantity": "0.8",
                             "unit": "หน่วย", "factor": "electricity_grid_th"}).status_code == 302
    bad = client.post(url, {"form": "item", "name": "ไฟฟ้าผิดหน่วย", "category": "electricity", "quantity": "1",
                            "unit": "kg", "factor": "electricity_grid_th"})
    assert bad.status_code == 200 and "unit" in bad.context["item_form"].errors
    page = client.get(url)
    html = page.content.decode()
    assert "1.380" in html and 'id="hotspot-chart"' in html and "vendor/echarts.min.js" in html
    assert "TGO grid EF 2026" in html and "1 ก.พ. 2569" in html
    assert page.context["charts"]["hotspots"][0]["item"] == "ผ้าฝ้าย"
    scenario = client.post(url, {"form": "scenario", "scenario-name": "ลดผ้าฝ้ายที่เสีย", "scenario-item_0": "ผ้าฝ้าย",
                                 "scenario-quantity_0": "0.2"})
    assert scenario.status_code == 302
    assert Scenario.objects.get().result["new_kgco2e"] == pytest.approx(0.2 * 4.0 + 0.8 * 0.475)
    item = InventoryItem.objects.get(name="ไฟฟ้าเตารีด")
    assert client.post(url, {"form": "item_delete", "item": item.pk}).status_code == 302
    footprint.refresh_from_db()
    assert footprint.total_kgco2e == pytest.approx(1.0)


def test_csv_import_errors_on_the_page(client, world, green):
    from django.core.files.uploadedfile import SimpleUploadedFile

    footprint = start(world.consultant, green)
    client.force_login(world.consultant)
    upload = SimpleUploadedFile("inventory.csv", "item,category,quantity,unit,factor\nผ้าฝ้าย,วัตถุดิบ,มาก,kg,cotton_yarn\n"
                                .encode("utf-8"), content_type="text/csv")
    response = client.post(f"/toolkits/sustainable/footprints/{footprint.pk}/", {"form": "import", "file": upload})
    assert response.status_code == 200
    assert "แถว 2 ช่อง quantity" in " ".join(response.context["import_form"].errors["file"])


def test_footprint_page_scope(client, world, green, batik_items):
    footprint = fill(world.consultant, start(world.consultant, green), batik_items)
    client.force_login(green.other)
    assert client.get(f"/toolkits/sustainable/footprints/{footprint.pk}/").status_code == 404
    client.force_login(world.executive)
    page = client.get(f"/toolkits/sustainable/footprints/{footprint.pk}/")
    assert page.status_code == 200 and not page.context["can_work"]
    assert client.post(f"/toolkits/sustainable/footprints/{footprint.pk}/", {"form": "item"}).status_code == 403


def test_biodiversity_form(client, world, green):
    client.force_login(world.consultant)
    url = f"/toolkits/sustainable/enrolments/{green.phuket.pk}/biodiversity/new/"
    form = {k: v for k, v in TURMERIC.items() if k != "traditional_knowledge_involved"}
    missing = client.post(url, form | {"traditional_knowledge_involved": "on"})
    assert missing.status_code == 200 and missing.context["form"].non_field_errors()
    saved = client.post(url, form | {"benefit_share_percent": "", "use_product_0": green.batik.pk,
                                     "use_value_0": "12000"})
    assert saved.status_code == 302, saved.context["form"].errors
    record = BiodiversityRecord.objects.get()
    assert record.uses.get().product_name == green.batik.name_th
    html = client.get(f"/toolkits/sustainable/enrolments/{green.phuket.pk}/").content.decode()
    assert "ขมิ้นชัน" in html and "12,000 บาท" in html
    client.force_login(green.other)
    assert client.get(f"/toolkits/sustainable/biodiversity/{record.pk}/").status_code == 404


def test_consent_file_follows_scope(client, world, green):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uplift.toolkits.sustainable import actions

    record = actions.biodiversity_save(
        actor=world.consultant, enrolment=green.phuket, data=TURMERIC | {"traditional_knowledge_involved": False},
        consent_file=SimpleUploadedFile("ข้อตกลง.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"))
    assert record.consent_file.name.startswith(f"toolkits/sustainable/biodiversity/{green.phuket.pk}/")
    client.force_login(world.consultant)
    assert client.get(f"/toolkits/sustainable/biodiversity/{record.pk}/consent/").status_code == 200
    client.force_login(green.other)
    assert client.get(f"/toolkits/sustainable/biodiversity/{record.pk}/consent/").status_code == 404
    record.consent_file.delete(save=False)


def test_claim_from_the_workspace(client, world, green, batik_items):
    base = fill(world.consultant, start(world.consultant, green, name="ปี 2568", on=date(2025, 6, 1)), batik_items)
    current = fill(world.consultant, start(world.consultant, green, name="ปี 2569", on=ON, base=base,
                                           units_per_month=100), batik_items[:-1])
    client.force_login(world.consultant)
    response = client.post(f"/toolkits/sustainable/enrolments/{green.phuket.pk}/", {
        "form": "claim", "footprints": [current.pk], "wave": "end", "source": "verified"})
    assert response.status_code == 302
    assert "co2e_reduced" in client.get(f"/toolkits/sustainable/enrolments/{green.phuket.pk}/").content.decode()
