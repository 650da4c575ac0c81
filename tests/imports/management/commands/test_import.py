"""`uplift import`: an actor always, checked and scoped like the web; the dry run first; mappings on top of auto."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.imports.files import registry_sheet, to_csv
from uplift.audit.models import AuditEntry
from uplift.imports import jobs
from uplift.imports.core.mapping import header_key
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_bytes(to_csv(registry_sheet()))
    return path


def test_refuses_to_run_without_a_user(world, sheet, monkeypatch):
    monkeypatch.delenv("UPLIFT_CLI_USER", raising=False)
    with pytest.raises(CommandError, match="--user"):
        call_command("import", str(sheet), "--dry-run")


def test_refuses_a_role_that_may_not_import(world, sheet):
    with pytest.raises(CommandError, match="may not import"):
        call_command("import", str(sheet), "--user", "consultant")


def test_dry_run_then_import_as_the_officer_within_their_scope(world, sheet, capsys):
    before = Entrepreneur.objects.count()
    call_command("import", str(sheet), "--dry-run", "--user", "officer10")
    out = capsys.readouterr()
    assert "8 rows: 4 accepted, 4 rejected; would create 4" in out.out
    assert "checking" in out.err or "done" in out.err
    assert f"all 4 problems: {sheet.with_name('registry-problems.xlsx')}" in out.out
    assert sheet.with_name("registry-problems.xlsx").read_bytes()[:2] == b"PK"
    assert Entrepreneur.objects.count() == before
    call_command("import", str(sheet), "--user", "officer10")
    assert Entrepreneur.objects.count() == before + 4
    assert AuditEntry.objects.get(action="import").actor == world.officer


def test_saved_template_reused_by_the_cli(world, sheet, capsys):
    job = jobs.job_create(actor=world.admin, filename="registry.csv", data=to_csv(registry_sheet()))
    jobs.mapping_set(actor=world.admin, job=job, mapping={i: f for i, f in job.mapping_dict().items() if f != "members"})
    template = jobs.template_save(actor=world.admin, name="ไม่เอาสมาชิก", job=job)
    assert "members" not in template.columns.values() and template.columns[header_key("ชื่อกลุ่ม")] == "name_th"
    call_command("import", str(sheet), "--mapping", "ไม่เอาสมาชิก", "--user", "admin")
    assert Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้").members == 0
    assert "created 4" in capsys.readouterr().out


def test_a_mapping_file_and_map_change_only_the_columns_they_name(world, sheet, tmp_path, capsys):
    listed = tmp_path / "mapping.json"
    listed.write_text(json.dumps({"จำนวนสมาชิก": "", "โทรศัพท์": "phone"}, ensure_ascii=False), "utf-8")
    call_command("import", str(sheet), "--mapping", str(listed), "--map", "วันที่ขึ้นทะเบียน=", "--user", "admin")
    batik = Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้")
    assert (batik.members, batik.otop_year, batik.phone, batik.subdistrict_id) == (0, None, "081-234-5678", "830202")
    with pytest.raises(CommandError, match="ไม่มีหัวนี้"):
        call_command("import", str(sheet), "--map", "ไม่มีหัวนี้=phone", "--user", "admin")


def test_values_for_the_whole_file_a_summary_table_and_the_columns_left_out(world, tmp_path, capsys):
    from tests.imports.files import wide_sheet
    from uplift.registry.models import Product

    rows = [[c for i, c in enumerate(r) if i != 3] for r in wide_sheet(world.chiangmai.id_number)]
    rows[1][5] = "หมายเหตุ"  # the product name column under a header no one knows
    path = tmp_path / "ภูเก็ต.csv"
    path.write_bytes(to_csv(rows))
    with pytest.raises(CommandError, match="producer kind|ประเภทผู้ผลิต"):
        call_command("import", str(path), "--user", "officer10")
    call_command("import", str(path), "--user", "officer10", "--set", "kind=ผู้ผลิตรายเดียว",
                 "--map", "หมายเหตุ=product.name_th", "--set", "product.unit=ผืน")
    out = capsys.readouterr().out
    assert "row 9 (no. 7), ระดับดาว: '6 ดาว'" in out
    table = [line.split() for line in out.splitlines()]
    assert ["entrepreneurs", "4", "0", "0"] in table and ["products", "6", "0", "0"] in table  # the kind set for all
    assert ["sales", "72", "0", "0"] in table
    assert Product.objects.get(name_th="ผ้าบาติกลายดอกไม้").unit == "ผืน"
    with pytest.raises(CommandError, match="product: name|ผลิตภัณฑ์: ชื่อ"):
        call_command("import", str(path), "--user", "officer10", "--set", "kind=ผู้ผลิตรายเดียว", "--dry-run")
    assert "NOT IMPORTED: column 'หมายเหตุ' (ผ้าบาติกลายดอกไม้ · ผ้าบาติกลายปลา · น้ำพริกกุ้งเสียบ)" in capsys.readouterr().out
