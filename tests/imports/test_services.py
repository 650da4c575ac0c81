"""Import services on generated files: exact reports, atomic writes, idempotence, upserts, duplicates, scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.imports.files import EXPECTED_REPORT, HEADERS, PATONG, juristic_id, registry_sheet, to_csv, to_xlsx
from uplift.audit.models import AuditEntry
from uplift.audit.selectors import audit_trail
from uplift.imports import services
from uplift.imports.models import DuplicateCandidate, ImportJob
from uplift.registry.models import Entrepreneur, MonthlySales, Product

pytestmark = pytest.mark.django_db


def run(actor, data, name="registry.csv", kind="entrepreneurs", dry_run=False, mapping=None):
    job = services.job_create(actor=actor, filename=name, data=data, kind=kind)
    if mapping is not None:
        services.mapping_set(job, mapping)
    return services.import_run(job=job, actor=actor, dry_run=dry_run)


def report(job):
    return [(row, column, code) for row, column, _value, code, _params in job.issues]


def test_cp874_csv_gives_the_exact_report_and_dry_run_writes_nothing(world):
    before = Entrepreneur.objects.count()
    job = run(world.admin, to_csv(registry_sheet(), "cp874"), dry_run=True)
    assert report(job) == EXPECTED_REPORT
    assert job.status == ImportJob.Status.CHECKED
    assert job.counts == {"rows": 8, "accepted": 4, "rejected": 4, "create": 4, "update": 0, "unchanged": 0,
                          "duplicates": 0}
    assert Entrepreneur.objects.count() == before


def test_commit_writes_accepted_rows_normalised_and_audited_then_reimport_creates_nothing(world):
    before = Entrepreneur.objects.count()
    data = to_csv(registry_sheet(), "cp874")
    job = run(world.admin, data)
    assert job.status == ImportJob.Status.DONE
    assert Entrepreneur.objects.count() == before + 4
    batik = Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้")
    assert (batik.id_type, batik.subdistrict_id, batik.province_id, batik.postal_code) == ("juristic", "830202", "83", "83150")
    assert (batik.members, batik.otop_year, batik.phone, batik.address_line) == (25, 2020, "081-234-5678", "12 หมู่ 4")
    assert "บาติก" in batik.search_text
    accepted = Entrepreneur.objects.filter(name_th__in=["กลุ่มบาติกบ้านกะทู้", "กลุ่มแม่บ้านป่าตอง", "กลุ่มจักสานกะทู้",
                                                        "กลุ่มผ้ามัดย้อมกมลา"]).order_by("name_th")
    # 15/03/2563, 2563-03-15, 15 มี.ค. 63, 15 มีนาคม 2563 all say 2020; Thai digits, "1,200", "30 คน", +66 numbers
    assert sorted((e.name_th, e.otop_year, e.members, e.phone, e.subdistrict_id) for e in accepted) == [
        ("กลุ่มจักสานกะทู้", 2020, 30, "081-234-5679", "830201"),
        ("กลุ่มบาติกบ้านกะทู้", 2020, 25, "081-234-5678", "830202"),
        ("กลุ่มผ้ามัดย้อมกมลา", 2020, 12, "081-234-5680", "830203"),
        ("กลุ่มแม่บ้านป่าตอง", 2020, 1200, "076-123-457", "830202"),
    ]
    trail = audit_trail(model_label="registry.Entrepreneur", pk=batik.pk)
    assert [(e.action, e.model, e.object_pk) for e in trail] == [("import", "imports.ImportJob", str(job.pk))]
    assert AuditEntry.objects.filter(action="import").count() == 1

    again = run(world.admin, data)
    assert Entrepreneur.objects.count() == before + 4
    assert again.counts["create"] == 0 and again.counts["update"] == 0 and again.counts["unchanged"] == 4
    assert again.counts["duplicates"] == 0 and not DuplicateCandidate.objects.exists()


def test_same_identifier_updates(world):
    rows = registry_sheet()
    run(world.admin, to_csv(rows))
    rows[3][4] = "40"  # members of row 4
    job = run(world.admin, to_csv(rows))
    assert (job.counts["create"], job.counts["update"], job.counts["unchanged"]) == (0, 1, 3)
    assert Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้").members == 40
    entry = AuditEntry.objects.filter(action="update", model="registry.Entrepreneur").get()
    assert entry.changes["members"] == ["25", "40"]


def test_nothing_half_written_when_the_write_fails(world, monkeypatch):
    before = (Entrepreneur.objects.count(), AuditEntry.objects.count())

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "audit_record", boom)  # fails after every entrepreneur row was inserted
    with pytest.raises(RuntimeError):
        run(world.admin, to_csv(registry_sheet()))
    assert (Entrepreneur.objects.count(), AuditEntry.objects.count()) == before


def test_likely_duplicates_are_flagged_never_merged_then_merge_or_keep(world):
    from tests.factories import entrepreneur

    existing = entrepreneur(world.admin, name_th="กลุ่มแม่บ้านป่าตอง", subdistrict="830202", postal_code="83150",
                            phone="076-222-333", members=5)
    rows = [HEADERS, ["1", "กลุ่มแม่บ้านป่าตอง", "", "15/03/2563", "12", PATONG, "076-222-333"],
            ["2", "กลุ่มแม่บ้านป่าตองใหม่", "", "15/03/2563", "9", PATONG, "076-222-333"]]
    before = Entrepreneur.objects.count()
    job = run(world.officer, to_csv(rows))
    assert Entrepreneur.objects.count() == before
    assert job.counts["duplicates"] == 2
    first, second = DuplicateCandidate.objects.order_by("row")
    assert (first.row, first.existing_id, second.existing_id) == (2, existing.pk, existing.pk)
    assert Entrepreneur.objects.get(pk=existing.pk).members == 5  # not merged silently
    again = run(world.officer, to_csv(rows))
    assert again.counts["duplicates"] == 0 and DuplicateCandidate.objects.count() == 2

    services.duplicate_resolve(actor=world.officer, pk=first.pk, action="merge")
    assert Entrepreneur.objects.get(pk=existing.pk).members == 12
    services.duplicate_resolve(actor=world.officer, pk=second.pk, action="keep")
    assert Entrepreneur.objects.filter(name_th="กลุ่มแม่บ้านป่าตองใหม่").count() == 1
    assert set(DuplicateCandidate.objects.values_list("status", flat=True)) == {"merged", "kept"}


def test_officer_rows_outside_their_centres_are_errors(world):
    rows = [HEADERS, ["1", "กลุ่มในเขต", juristic_id("083556100011"), "2563", "3", PATONG, ""],
            ["2", "กลุ่มเชียงใหม่", juristic_id("083556100012"), "2563", "3",
             "12 หมู่ 4 ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200", ""],
            ["3", "แก้กลุ่มเชียงใหม่", world.chiangmai.id_number, "2563", "3", PATONG, ""]]
    job = run(world.officer, to_csv(rows, "utf-8"))
    assert report(job) == [(3, "ที่อยู่", "outside_scope"), (4, "เลขประจำตัวผู้เสียภาษี", "registered_outside_scope")]
    assert job.counts["create"] == 1
    assert Entrepreneur.objects.get(pk=world.chiangmai.pk).name_th == "กลุ่มทอผ้าไหมบ้านสันกำแพง"


def test_only_administrators_and_officers_import(world):
    for user in (world.executive, world.consultant, world.owner):
        with pytest.raises(PermissionDenied):
            services.job_create(actor=user, filename="x.csv", data=to_csv(registry_sheet()))


def test_xlsx_with_excel_date_cells_separate_address_columns_and_postal_mismatch(world):
    headers = ["ชื่อผู้ประกอบการ", "เลขบัตรประชาชน", "วันที่ขึ้นทะเบียน", "ตำบล/แขวง", "อำเภอ/เขต", "จังหวัด", "รหัสไปรษณีย์", "โทรศัพท์"]
    from tests.factories import citizen_id

    rows = [["รายชื่อผู้ประกอบการ"], headers,
            ["นางสมศรี ใจดี", citizen_id("310100012345"), dt.datetime(2020, 3, 15), "ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่", 50200, 812345678],
            ["นายสมชาย ใจงาม", citizen_id("310100012346"), dt.datetime(2020, 3, 15), "ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่", 83150, ""],
            ["นายสมหมาย", "1234567890123", "15/03/2563", "ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่", 50200, ""]]
    job = run(world.admin, to_xlsx(rows), name="people.xlsx")
    assert report(job) == [(4, "รหัสไปรษณีย์", "postal_code_mismatch"), (5, "เลขบัตรประชาชน", "bad_id_checksum")]
    somsri = Entrepreneur.objects.get(name_th="นางสมศรี ใจดี")
    assert (somsri.id_type, somsri.otop_year, somsri.subdistrict_id, somsri.phone) == ("citizen", 2020, "500101", "081-234-5678")


def test_products_and_monthly_sales_through_the_same_machinery(world):
    product_rows = [["ชื่อกลุ่ม", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์", "ระดับดาว", "ปีที่ได้รับดาว", "หน่วย", "ราคา"],
                    [world.phuket.name_th, "ผ้าบาติกลายดอกไม้", "ผ้าและเครื่องแต่งกาย", "5 ดาว", "2562", "ผืน", "1,200 บาท"],
                    [world.phuket.name_th, "ผ้าบาติกลายปลา", "ผ้า", "4 ดาว", "2562", "ผืน", "500"],
                    ["ไม่มีกลุ่มนี้", "สบู่", "สมุนไพร", "", "", "ก้อน", "50"]]
    before = Product.objects.count()
    job = run(world.admin, to_xlsx(product_rows), name="products.xlsx", kind="products")
    assert report(job) == [(4, "ชื่อกลุ่ม", "unknown_entrepreneur")]
    assert (job.counts["create"], job.counts["update"]) == (1, 1)
    assert Product.objects.count() == before + 1
    flower = Product.objects.get(name_th="ผ้าบาติกลายดอกไม้")
    assert (flower.category, flower.star_rating, flower.star_year, flower.price) == ("textile", 5, 2019, Decimal("1200"))
    assert Product.objects.get(name_th="ผ้าบาติกลายปลา").price == Decimal("500")

    sales_rows = [["เลขประจำตัว", "เดือน", "หน้าร้าน", "ออนไลน์"],
                  [world.phuket.id_number, "มี.ค. 2564", "12,000", "๓,๐๐๐"],
                  [world.phuket.id_number, "01/04/2564", "10,000", "0"]]
    job = run(world.admin, to_csv(sales_rows), name="sales.csv", kind="sales")
    assert job.issues == [] and job.counts["create"] == 2
    march = MonthlySales.objects.get(entrepreneur=world.phuket, month=dt.date(2021, 3, 1))
    assert (march.shop, march.online, march.is_average) == (Decimal("12000"), Decimal("3000"), False)

    average_rows = [["เลขประจำตัว", "ยอดขายเฉลี่ยต่อเดือน ปี 2561", "ยอดขายเฉลี่ยต่อเดือน ปี 2565"],
                    [world.chiangmai.id_number, "50,000", "20,000"]]
    job = run(world.admin, to_csv(average_rows), name="avg.csv", kind="sales")
    assert job.counts["create"] == 24
    averages = MonthlySales.objects.filter(entrepreneur=world.chiangmai, is_average=True)
    assert averages.count() == 24
    assert set(averages.filter(month__year=2018).values_list("shop", flat=True)) == {Decimal("50000")}
    assert run(world.admin, to_csv(average_rows), name="avg.csv", kind="sales").counts["create"] == 0


def test_report_xlsx_highlights_bad_cells(world):
    from io import BytesIO

    from openpyxl import load_workbook

    from uplift.imports.report import report_xlsx

    job = run(world.admin, to_csv(registry_sheet()), dry_run=True)
    book = load_workbook(BytesIO(report_xlsx(job)))
    data, problems = book.worksheets
    highlighted = [(data.cell(row=r, column=1).value, data.cell(row=1, column=c).value)
                   for r in range(2, data.max_row + 1) for c in range(1, data.max_column + 1)
                   if data.cell(row=r, column=c).fill.fgColor.rgb == "00F8C9C4"]
    assert highlighted == [(row, column) for row, column, _code in EXPECTED_REPORT]
    assert problems.max_row == 5 and problems.cell(row=2, column=1).value == 8


def test_cli_dry_run_and_import(world, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "registry.csv"
    path.write_bytes(to_csv(registry_sheet()))
    before = Entrepreneur.objects.count()
    call_command("import", str(path), "--dry-run")
    out = capsys.readouterr()
    assert "8 rows: 4 accepted, 4 rejected; would create 4" in out.out
    assert "checking" in out.err or "done" in out.err
    assert Entrepreneur.objects.count() == before
    call_command("import", str(path), "--user", "officer10")
    assert Entrepreneur.objects.count() == before + 4


def test_saved_template_reused_by_the_cli(world, tmp_path, capsys):
    from django.core.management import call_command

    job = services.job_create(actor=world.admin, filename="registry.csv", data=to_csv(registry_sheet()))
    services.mapping_set(job, {i: f for i, f in job.mapping_dict().items() if f != "members"})
    template = services.template_save(actor=world.admin, name="ไม่เอาสมาชิก", job=job)
    assert "members" not in template.columns.values() and template.columns["ชื่อกลุ่ม"] == "name_th"
    path = tmp_path / "again.csv"
    path.write_bytes(to_csv(registry_sheet()))
    call_command("import", str(path), "--mapping", "ไม่เอาสมาชิก", "--user", "admin")
    assert Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้").members == 0
    assert "created 4" in capsys.readouterr().out


def test_later_steps_read_the_rows_stored_at_upload_not_the_sheet(world):
    job = services.job_create(actor=world.admin, filename="registry.xlsx", data=to_xlsx(registry_sheet()))
    job.file.delete(save=True)  # a worker or the mapping page must not need to parse the sheet again
    again = ImportJob.objects.get(pk=job.pk)
    preview = services.import_preview(again)
    assert preview["headers"] == HEADERS and preview["rows_total"] == 8 and preview["header_row"] == 3
    assert preview["rows"][0][0] == 4 and preview["rows"][0][1][1] == "กลุ่มบาติกบ้านกะทู้"
    assert report(services.import_run(job=again, actor=world.admin, dry_run=True)) == EXPECTED_REPORT


def test_an_import_whose_process_died_is_marked_failed_not_left_running(world):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone, translation

    dead = services.job_create(actor=world.admin, filename="registry.csv", data=to_csv(registry_sheet()))
    alive = services.job_create(actor=world.admin, filename="registry.csv", data=to_csv(registry_sheet()))
    ImportJob.objects.filter(pk__in=[dead.pk, alive.pk]).update(status=ImportJob.Status.RUNNING, phase="writing")
    ImportJob.objects.filter(pk=dead.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    with translation.override("th"):
        call_command("imports_reap")
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.phase) == (ImportJob.Status.FAILED, "") and "ไม่มีข้อมูลใดถูกบันทึก" in dead.error
    assert alive.status == ImportJob.Status.RUNNING
    assert AuditEntry.objects.filter(action="import.stale", object_pk=str(dead.pk)).exists()

    polled = services.job_create(actor=world.admin, filename="registry.csv", data=to_csv(registry_sheet()))
    ImportJob.objects.filter(pk=polled.pk).update(status=ImportJob.Status.RUNNING,
                                                  updated_at=timezone.now() - dt.timedelta(hours=1))
    assert services.job_fail_if_stale(ImportJob.objects.get(pk=alive.pk)).status == ImportJob.Status.RUNNING
    assert services.job_fail_if_stale(ImportJob.objects.get(pk=polled.pk)).status == ImportJob.Status.FAILED
