"""The plan: scope, identifiers registered outside it, likely duplicates, products and sales."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from tests.imports.files import HEADERS, PATONG, juristic_id, to_csv, to_xlsx
from tests.imports.runs import report, run
from uplift.imports.models import DuplicateCandidate
from uplift.imports.report import job_issues
from uplift.registry.models import Entrepreneur, MonthlySales, Product

pytestmark = pytest.mark.django_db


def test_officer_rows_outside_their_centres_are_errors_and_name_no_one(world):
    rows = [HEADERS, ["1", "กลุ่มในเขต", juristic_id("083556100011"), "2563", "3", PATONG, "", "ผู้ผลิตรายเดียว"],
            ["2", "กลุ่มเชียงใหม่", juristic_id("083556100012"), "2563", "3",
             "12 หมู่ 4 ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200", "", "กลุ่ม"],
            ["3", "แก้กลุ่มเชียงใหม่", world.chiangmai.id_number, "2563", "3", PATONG, "", "ผู้ผลิตรายเดียว"]]
    job = run(world.officer, to_csv(rows, "utf-8"))
    assert report(job) == [(3, "ที่อยู่", "outside_scope"), (4, "เลขประจำตัวผู้เสียภาษี", "already_registered")]
    assert job.counts["create"] == 1
    assert Entrepreneur.objects.get(pk=world.chiangmai.pk).name_th == "กลุ่มทอผ้าไหมบ้านสันกำแพง"
    with translation.override("th"):
        (registered,) = [i for i in job_issues(job) if i["row"] == 4]
    assert registered["value"] == world.chiangmai.id_number  # the officer's own cell, nothing more
    for secret in (world.chiangmai.name_th, world.chiangmai.province.name_th, "สันกำแพง", str(world.chiangmai.pk)):
        assert secret not in registered["reason"]


def test_the_registered_identifier_answer_is_the_registrys(world):
    from uplift.registry.models import DUPLICATE_IDENTIFIER_MESSAGE

    rows = [HEADERS, ["1", "แก้กลุ่มเชียงใหม่", world.chiangmai.id_number, "2563", "3", PATONG, "", "ผู้ผลิตรายเดียว"]]
    job = run(world.officer, to_csv(rows, "utf-8"), dry_run=True)
    with translation.override("th"):
        assert job_issues(job)[0]["reason"] == str(DUPLICATE_IDENTIFIER_MESSAGE)


def test_likely_duplicates_are_flagged_never_merged(world):
    from tests.factories import entrepreneur

    existing = entrepreneur(world.admin, name_th="กลุ่มแม่บ้านป่าตอง", subdistrict="830202", postal_code="83150",
                            phone="076-222-333", members=5)
    rows = [HEADERS, ["1", "กลุ่มแม่บ้านป่าตอง", "", "15/03/2563", "12", PATONG, "076-222-333", "กลุ่ม"],
            ["2", "กลุ่มแม่บ้านป่าตองใหม่", "", "15/03/2563", "9", PATONG, "076-222-333", "กลุ่ม"]]
    before = Entrepreneur.objects.count()
    job = run(world.officer, to_csv(rows))
    assert Entrepreneur.objects.count() == before
    assert job.counts["duplicates"] == 2
    first, second = DuplicateCandidate.objects.order_by("row")
    assert (first.row, first.existing_id, second.existing_id) == (2, existing.pk, existing.pk)
    assert Entrepreneur.objects.get(pk=existing.pk).members == 5  # not merged silently
    again = run(world.officer, to_csv(rows))
    assert again.counts["duplicates"] == 0 and DuplicateCandidate.objects.count() == 2


def test_xlsx_with_excel_date_cells_separate_address_columns_and_postal_mismatch(world):
    from tests.factories import citizen_id

    headers = ["ชื่อผู้ประกอบการ", "เลขบัตรประชาชน", "วันที่ขึ้นทะเบียน", "ตำบล/แขวง", "อำเภอ/เขต", "จังหวัด",
               "รหัสไปรษณีย์", "โทรศัพท์", "ประเภทผู้ผลิต"]
    rows = [["รายชื่อผู้ประกอบการ"], headers,
            ["นางสมศรี ใจดี", citizen_id("310100012345"), dt.datetime(2020, 3, 15), "ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่", 50200, 812345678, "ผู้ผลิตรายเดียว"],
            ["นายสมชาย ใจงาม", citizen_id("310100012346"), dt.datetime(2020, 3, 15), "ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่", 83150, "", "ผู้ผลิตรายเดี่ยว"],
            ["นายสมหมาย", "1234567890123", "15/03/2563", "ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่", 50200, "", "บุคคลธรรมดา"]]
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
    assert (job.counts["products"]["create"], job.counts["products"]["update"]) == (1, 1)
    assert Product.objects.count() == before + 1
    flower = Product.objects.get(name_th="ผ้าบาติกลายดอกไม้")
    assert (flower.category, flower.star_rating, flower.star_year, flower.price) == ("textile", 5, 2019, Decimal("1200"))
    assert Product.objects.get(name_th="ผ้าบาติกลายปลา").price == Decimal("500")

    sales_rows = [["เลขประจำตัว", "เดือน", "หน้าร้าน", "ออนไลน์"],
                  [world.phuket.id_number, "มี.ค. 2564", "12,000", "๓,๐๐๐"],
                  [world.phuket.id_number, "01/04/2564", "10,000", "0"]]
    job = run(world.admin, to_csv(sales_rows), name="sales.csv", kind="sales")
    assert job.issues == [] and job.counts["sales"]["create"] == 2
    march = MonthlySales.objects.get(entrepreneur=world.phuket, month=dt.date(2021, 3, 1))
    assert (march.shop, march.online, march.is_average) == (Decimal("12000"), Decimal("3000"), False)

    average_rows = [["เลขประจำตัว", "ยอดขายเฉลี่ยต่อเดือน ปี 2561", "ยอดขายเฉลี่ยต่อเดือน ปี 2565"],
                    [world.chiangmai.id_number, "50,000", "20,000"]]
    job = run(world.admin, to_csv(average_rows), name="avg.csv", kind="sales")
    assert job.counts["sales"]["create"] == 24
    averages = MonthlySales.objects.filter(entrepreneur=world.chiangmai, is_average=True)
    assert averages.count() == 24
    assert set(averages.filter(month__year=2018).values_list("shop", flat=True)) == {Decimal("50000")}
    assert run(world.admin, to_csv(average_rows), name="avg.csv", kind="sales").counts["sales"] == {
        "create": 0, "update": 0, "unchanged": 24}


def test_an_officers_products_reach_only_entrepreneurs_in_their_centres(world):
    rows = [["เลขประจำตัว", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์", "หน่วย", "ราคา"],
            [world.phuket.id_number, "ผ้าบาติกลายช้าง", "ผ้า", "ผืน", "300"],
            [world.chiangmai.id_number, "ผ้าไหมลายใหม่", "ผ้า", "เมตร", "900"],
            ["0835561999999", "สบู่", "สมุนไพร", "ก้อน", "50"]]
    job = run(world.officer, to_csv(rows), name="products.csv", kind="products")
    # registered elsewhere or nowhere: the same answer
    assert report(job) == [(3, "เลขประจำตัว", "unknown_entrepreneur"), (4, "เลขประจำตัว", "unknown_entrepreneur")]
    assert not Product.objects.filter(name_th="ผ้าไหมลายใหม่").exists()
