"""Officers' wide sheets, whole, in one pass: every bullet of issue 12's "Why" on a generated untidy sheet.

One row holds the entrepreneur, the product, its stars, two years of average monthly sales and the
foreign tourist share; the sheet has no unit or price column (documented defaults: ชิ้น, 0), an
identifier header with brackets and a slash, kinds in the domain's words and their tone-mark
variants, "not rated" words for stars, entrepreneurs repeated once per product, a likely duplicate
inside the file and an identifier registered in another region.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.imports.files import PATONG, WIDE_REPORT, juristic_id, to_csv, to_xlsx, wide_sheet
from tests.imports.runs import run
from uplift.imports import jobs
from uplift.imports.duplicates import duplicate_resolve
from uplift.imports.models import DuplicateCandidate
from uplift.imports.report import job_issues
from uplift.registry.models import Entrepreneur, MonthlySales, Product

pytestmark = pytest.mark.django_db


def wide_report(job):
    return [(item[0], item[5], item[1], item[3]) for item in job.issues]


def sheet_bytes(world, fmt):
    rows = wide_sheet(world.chiangmai.id_number)
    return to_csv(rows, "cp874") if fmt == "csv" else to_xlsx(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_wide_sheet_in_one_pass_every_kind_every_good_row(world, fmt):
    before = (Entrepreneur.objects.count(), Product.objects.count(), MonthlySales.objects.count())
    job = run(world.officer, sheet_bytes(world, fmt), name=f"ภูเก็ต.{fmt}")
    assert wide_report(job) == WIDE_REPORT
    assert job.counts == {"rows": 10, "accepted": 6, "rejected": 4, "create": 3, "update": 0, "unchanged": 0,
                          "duplicates": 1, "under_review": 0, "products": {"create": 5, "update": 0, "unchanged": 0},
                          "sales": {"create": 72, "update": 0, "unchanged": 0}}
    assert (Entrepreneur.objects.count(), Product.objects.count(), MonthlySales.objects.count()) == (
        before[0] + 3, before[1] + 5, before[2] + 72)

    batik = Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้")  # two rows, one entrepreneur
    assert (batik.kind, batik.id_type, batik.subdistrict_id) == ("individual", "juristic", "830202")
    products = {p.name_th: (p.category, p.star_rating, p.star_year, p.unit, p.price) for p in batik.products.all()}
    assert products == {"ผ้าบาติกลายดอกไม้": ("textile", 4, 2019, "ชิ้น", Decimal("0")),
                        "ผ้าบาติกลายปลา": ("textile", None, None, "ชิ้น", Decimal("0"))}
    sales = batik.sales.order_by("month")
    assert sales.count() == 24 and all(s.is_average for s in sales)
    assert (sales[0].month, sales[0].shop, sales[0].foreign_tourist_share) == (dt.date(2019, 1, 1), Decimal("50000"),
                                                                                Decimal("0.4"))
    assert sales.last().shop == Decimal("20000")

    housewives = Entrepreneur.objects.get(name_th="กลุ่มแม่บ้านป่าตอง")
    assert housewives.kind == "community_group" and housewives.id_type == "none"
    assert sorted(p.name_th for p in housewives.products.all()) == ["น้ำพริกกุ้งเสียบ", "น้ำพริกปลาฉิ้งฉั้ง"]
    assert {p.star_rating for p in housewives.products.all()} == {None}  # "ยังไม่ได้รับการคัดสรร", "-"
    assert housewives.sales.get(month=dt.date(2020, 6, 1)).shop == Decimal("8000")

    somsri = Entrepreneur.objects.get(name_th="นางสมศรี ใจดี")
    assert (somsri.kind, somsri.id_type) == ("individual", "citizen")  # ผู้ผลิตรายเดี่ยว, the tone-mark variant
    (balm,) = somsri.products.all()
    assert (balm.category, balm.star_rating, balm.star_year) == ("herbal", 3, 2022)
    assert somsri.sales.first().foreign_tourist_share == Decimal("0.25")

    held = DuplicateCandidate.objects.get()  # "กลุ่มแม่บ้าน ป่าตอง": the same phone in the same subdistrict
    assert (held.row, held.existing_id) == (7, housewives.pk)
    assert [p["name_th"] for p in held.data["_parts"]["products"]] == ["กะปิ"]
    assert not Entrepreneur.objects.filter(name_th="กลุ่มแม่บ้าน ป่าตอง").exists()
    assert not Entrepreneur.objects.filter(name_th="กลุ่มบาติกใหม่").exists()
    assert Entrepreneur.objects.get(pk=world.chiangmai.pk).name_th == "กลุ่มทอผ้าไหมบ้านสันกำแพง"


def test_every_problem_names_row_sequence_column_and_a_thai_reason(world):
    job = run(world.officer, sheet_bytes(world, "csv"), dry_run=True)
    with translation.override("th"):
        issues = job_issues(job)
    assert [(i["row"], i["seq"], i["column"]) for i in issues] == [(r, s, c) for r, s, c, _code in WIDE_REPORT]
    kind, stars, conflict, registered = (i["reason"] for i in issues)
    assert "ผู้ผลิตชุมชน" in kind and "ผู้ผลิตรายเดียว" in kind  # the nearest known choices
    assert stars == "ระดับดาวต้องเป็น 1 ถึง 5"
    assert "แถวที่ 3" in conflict and "กลุ่มบาติกบ้านกะทู้" in conflict
    assert "ลงทะเบียนไว้แล้ว" in registered and world.chiangmai.name_th not in str(issues)


def test_importing_the_same_file_again_changes_nothing_and_opens_no_review(world):
    data = sheet_bytes(world, "xlsx")
    run(world.officer, data, name="ภูเก็ต.xlsx")
    counts = (Entrepreneur.objects.count(), Product.objects.count(), MonthlySales.objects.count())
    again = run(world.officer, data, name="ภูเก็ต-สำเนา.xlsx")
    assert again.counts == {"rows": 10, "accepted": 6, "rejected": 4, "create": 0, "update": 0, "unchanged": 3,
                            "duplicates": 0, "under_review": 1,
                            "products": {"create": 0, "update": 0, "unchanged": 5},
                            "sales": {"create": 0, "update": 0, "unchanged": 72}}
    assert (Entrepreneur.objects.count(), Product.objects.count(), MonthlySales.objects.count()) == counts
    assert DuplicateCandidate.objects.count() == 1

    kept = duplicate_resolve(actor=world.officer, pk=DuplicateCandidate.objects.get().pk, action="keep")
    shrimp = Entrepreneur.objects.get(name_th="กลุ่มแม่บ้าน ป่าตอง")
    assert [p.name_th for p in shrimp.products.all()] == ["กะปิ"] and shrimp.sales.count() == 12
    assert kept.status == "kept"
    third = run(world.officer, data, name="ภูเก็ต.xlsx")
    assert (third.counts["create"], third.counts["unchanged"], third.counts["duplicates"],
            third.counts["under_review"]) == (0, 4, 0, 0)
    assert DuplicateCandidate.objects.filter(status="open").count() == 0


def test_a_changed_row_updates_its_records_with_their_changes_audited(world):
    from uplift.audit.models import AuditEntry

    rows = wide_sheet(world.chiangmai.id_number)
    run(world.officer, to_csv(rows), name="ภูเก็ต.csv")
    rows[2][10] = "55,000"  # the flower batik's row: 2019 average
    rows[3][10] = "55,000"  # …and the fish batik's, the same entrepreneur's sales
    rows[2][8] = "5 ดาว"
    job = run(world.officer, to_csv(rows), name="ภูเก็ต.csv")
    assert job.counts["products"] == {"create": 0, "update": 1, "unchanged": 4}
    assert job.counts["sales"] == {"create": 0, "update": 12, "unchanged": 60}
    flower = Product.objects.get(name_th="ผ้าบาติกลายดอกไม้")
    assert flower.star_rating == 5
    assert AuditEntry.objects.get(model="registry.Product", object_pk=str(flower.pk), action="update").changes[
        "star_rating"] == ["4", "5"]
    assert AuditEntry.objects.filter(model="registry.MonthlySales", action="update").count() == 12


def test_sales_that_disagree_between_rows_of_one_entrepreneur_leave_the_later_row_out(world):
    rows = wide_sheet(world.chiangmai.id_number)
    rows[3][10] = "49,000"
    job = run(world.officer, to_csv(rows), dry_run=True)
    assert wide_report(job) == [(4, "2", "ยอดขายเฉลี่ยต่อเดือน\nปี 2562 (บาท)", "sales_conflict"), *WIDE_REPORT]
    assert job.counts["products"]["create"] == 4


def test_an_unmapped_producer_kind_is_refused_never_defaulted(world):
    rows = [[c for i, c in enumerate(r) if i != 3] for r in wide_sheet(world.chiangmai.id_number)]
    job = jobs.job_create(actor=world.officer, filename="ไม่มีประเภท.csv", data=to_csv(rows))
    assert "kind" not in job.mapping.values()
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        jobs.job_run(actor=world.officer, job=job, dry_run=True)
    assert "ประเภทผู้ผลิต" in str(refused.value)
    jobs.mapping_set(actor=world.officer, job=job, mapping=job.mapping_dict(), defaults={"kind": "ผู้ผลิตชุมชน"})
    checked = jobs.job_run(actor=world.officer, job=job, dry_run=True)
    jobs.job_run(actor=world.officer, job=checked, dry_run=False, confirm=checked.check_token)
    assert Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้").kind == "community_group"
    with pytest.raises(ValidationError):
        jobs.mapping_set(actor=world.officer, job=job, mapping=job.mapping_dict(), defaults={"kind": "อื่นๆ"})


def test_a_unit_and_price_set_for_the_whole_file(world):
    job = jobs.job_create(actor=world.officer, filename="ภูเก็ต.csv", data=to_csv(wide_sheet(world.chiangmai.id_number)))
    jobs.mapping_set(actor=world.officer, job=job, mapping=job.mapping_dict(),
                     defaults={"product.unit": "ผืน", "product.price": "1,200 บาท"})
    checked = jobs.job_run(actor=world.officer, job=job, dry_run=True)
    jobs.job_run(actor=world.officer, job=checked, dry_run=False, confirm=checked.check_token)
    flower = Product.objects.get(name_th="ผ้าบาติกลายดอกไม้")
    assert (flower.unit, flower.price) == ("ผืน", Decimal("1200"))


def test_an_administrator_imports_the_other_regions_row_too(world):
    job = run(world.admin, sheet_bytes(world, "csv"))
    assert [code for *_rest, code in wide_report(job)] == ["unknown_choice", "bad_stars", "conflicts_in_file"]
    assert job.counts["update"] == 1  # the Chiang Mai entrepreneur, by its identifier
    assert Entrepreneur.objects.get(pk=world.chiangmai.pk).subdistrict_id == "830202"


def test_rows_without_identifier_that_look_alike_within_the_file_are_held_not_created_twice(world):
    headers = ["ชื่อกลุ่ม", "ประเภท", "ที่อยู่", "โทรศัพท์"]
    rows = [headers, ["กลุ่มจักสานกะทู้", "กลุ่ม", PATONG, "081-000-1111"],
            ["กลุ่มจักสาน กะทู้", "กลุ่ม", PATONG, ""],  # the same name but for a space
            ["กลุ่มทำขนม", "กลุ่ม", PATONG, "081-000-1111"],  # the same phone
            ["กลุ่มจักสานกะทู้", "กลุ่ม", PATONG, "081-000-1111"],  # the first again: the same entrepreneur
            ["กลุ่มบาติก", "วิสาหกิจชุมชน", PATONG, "081-000-2222", ],
            ["กลุ่มบาติก", "วิสาหกิจชุมชน", PATONG, "081-000-2222"]]
    rows[5].append("")
    rows[5] = rows[5][:4]
    job = run(world.officer, to_csv(rows))
    assert job.issues == [] and (job.counts["create"], job.counts["duplicates"]) == (2, 2)
    first = Entrepreneur.objects.get(name_th="กลุ่มจักสานกะทู้")
    assert sorted((d.row, d.existing_id) for d in DuplicateCandidate.objects.all()) == [(3, first.pk), (4, first.pk)]
    assert Entrepreneur.objects.filter(name_th="กลุ่มบาติก").count() == 1
    again = run(world.officer, to_csv(rows))
    assert (again.counts["create"], again.counts["duplicates"], again.counts["under_review"]) == (0, 0, 2)


def test_an_identifier_header_with_brackets_and_a_slash_is_recognised_so_no_one_is_created_twice(world):
    batik = juristic_id("083556100031")
    rows = [["ลำดับ", "ชื่อผู้ประกอบการ", "เลขประจำตัว (บัตรประชาชน/นิติบุคคล)", "ประเภทผู้ผลิต", "ที่อยู่"],
            ["1", "กลุ่มบาติก", batik, "SMEs", PATONG], ["2", "กลุ่มบาติก", batik, "SMEs", PATONG]]
    job = run(world.officer, to_csv(rows))
    assert job.mapping["2"] == "id_number" and job.counts["create"] == 1
    assert Entrepreneur.objects.filter(id_number=batik).count() == 1
