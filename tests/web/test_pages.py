import re

import pytest
from django.urls import reverse

from tests.factories import citizen_id
from tests.web.conftest import login, make_many
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db

LIST = "/entrepreneurs/"
PHUKET = "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"
CHIANGMAI = "กลุ่มทอผ้าไหมบ้านสันกำแพง"


def text(response) -> str:
    return response.content.decode()


def field_block(html: str, name: str) -> str:
    start = html.index(f'id="field-{name}"')
    end = html.find('id="field-', start + 1)
    return html[start:end if end != -1 else None]


def test_urls_are_named_as_agreed():
    assert reverse("login") == "/login/"
    assert reverse("logout") == "/logout/"
    assert reverse("entrepreneur-list") == "/entrepreneurs/"
    assert reverse("entrepreneur-create") == "/entrepreneurs/new/"
    assert reverse("entrepreneur-detail", args=[7]) == "/entrepreneurs/7/"
    assert reverse("entrepreneur-edit", args=[7]) == "/entrepreneurs/7/edit/"
    assert reverse("entrepreneur-sales", args=[7]) == "/entrepreneurs/7/sales.json"


def test_login_page_is_thai(client):
    response = client.get("/login/")
    html = text(response)
    assert response.status_code == 200
    assert 'lang="th"' in html
    assert "เข้าสู่ระบบ" in html and "ชื่อผู้ใช้" in html and "รหัสผ่าน" in html
    assert "OTOP Uplift" in html
    assert "ข้อมูลพื้นที่ © กรมการปกครอง และไปรษณีย์ไทย ผ่าน geothai (CC BY 4.0)" in html
    assert 'name="viewport"' in html


def test_pages_need_login(client, world):
    for url in (LIST, f"{LIST}{world.phuket.pk}/", f"{LIST}{world.phuket.pk}/sales.json", f"{LIST}new/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_root_redirects_to_list(admin_client):
    response = admin_client.get("/")
    assert response.status_code == 302 and response["Location"] == LIST


def test_login_then_logout(client, world):
    response = client.post("/login/", {"username": "officer10", "password": "otop-uplift-2563"})
    assert response.status_code == 302 and response["Location"] == LIST
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get(LIST).status_code == 302


def test_header_shows_user_role_and_language_switch(officer_client):
    html = text(officer_client.get(LIST))
    assert "officer10" in html and "เจ้าหน้าที่ศูนย์ภาค" in html
    assert 'action="/i18n/setlang/"' in html and ">ไทย<" in html and ">English<" in html
    assert 'action="/logout/"' in html


def test_list_shows_count_and_both_for_admin(admin_client):
    html = text(admin_client.get(LIST))
    assert "พบ 2 ราย" in html
    assert PHUKET in html and CHIANGMAI in html


@pytest.mark.parametrize(("q", "found", "hidden"), [("บาติก", PHUKET, CHIANGMAI), ("ผ้าไหม", CHIANGMAI, PHUKET),
                                                    ("ผ้าไหม สันกำแพง", CHIANGMAI, PHUKET)])
def test_thai_search(admin_client, q, found, hidden):
    html = text(admin_client.get(LIST, {"q": q}))
    assert "พบ 1 ราย" in html
    assert found in html and hidden not in html


def test_search_without_match_shows_empty_state(admin_client):
    html = text(admin_client.get(LIST, {"q": "ทุเรียนกวน"}))
    assert "พบ 0 ราย" in html
    assert "ไม่พบผู้ประกอบการที่ตรงกับการค้นหา" in html


def test_htmx_request_gets_only_the_results(admin_client):
    response = admin_client.get(LIST, {"q": "บาติก"}, headers={"HX-Request": "true"})
    html = text(response)
    assert "<html" not in html and "พบ 1 ราย" in html and PHUKET in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("params", "found", "hidden"),
    [
        ({"province": "83"}, PHUKET, CHIANGMAI),
        ({"centre": "1"}, CHIANGMAI, PHUKET),
        ({"kind": "community_enterprise"}, PHUKET, CHIANGMAI),
        ({"stars": "unrated"}, CHIANGMAI, PHUKET),
        ({"stars": "3-5"}, PHUKET, CHIANGMAI),
        ({"stars": "4"}, PHUKET, CHIANGMAI),
    ],
)
def test_filters(admin_client, params, found, hidden):
    html = text(admin_client.get(LIST, params))
    assert found in html and hidden not in html
    assert "พบ 1 ราย" in html


def test_category_filter_and_empty_result(admin_client):
    assert "พบ 2 ราย" in text(admin_client.get(LIST, {"category": "textile"}))
    assert "พบ 0 ราย" in text(admin_client.get(LIST, {"category": "food"}))
    assert "พบ 0 ราย" in text(admin_client.get(LIST, {"stars": "5"}))


@pytest.mark.parametrize(("sort", "first"), [("name", CHIANGMAI), ("-name", PHUKET), ("members", PHUKET),
                                             ("stars", PHUKET), ("-stars", PHUKET)])
def test_sorting(admin_client, sort, first):
    html = text(admin_client.get(LIST, {"sort": sort}))
    other = PHUKET if first == CHIANGMAI else CHIANGMAI
    assert html.index(first) < html.index(other)


@pytest.mark.parametrize(("sort", "first", "last"), [("stars", "000", "004"), ("-stars", "004", "000"),
                                                     ("-members", "004", "000"), ("newest", "004", "000")])
def test_sorting_rated(admin_client, sort, first, last):
    make_many(5)
    html = text(admin_client.get(LIST, {"sort": sort, "q": "จักสาน"}))
    assert "พบ 5 ราย" in html
    assert html.index(f"บ้านเกาะ {first}") < html.index(f"บ้านเกาะ {last}")


def test_sort_choices_use_selector_keys(admin_client):
    from uplift.registry.selectors import SORTS

    html = text(admin_client.get(LIST))
    for key in SORTS:
        assert f'<option value="{key}"' in html


def test_pagination_keeps_filters(admin_client):
    make_many(60)
    html = text(admin_client.get(LIST, {"kind": "community_group", "sort": "-members"}))
    assert "พบ 61 ราย" in html
    assert html.count('<tr>') == 1 + 25
    links = re.findall(r'href="(\?[^"]*page=\d+[^"]*)"', html)
    assert links
    for link in links:
        assert "kind=community_group" in link and "sort=-members" in link
    page3 = text(admin_client.get(LIST, {"kind": "community_group", "sort": "-members", "page": 3}))
    assert page3.count("<tr>") == 1 + 11
    assert 'aria-current="page">3<' in page3


def test_big_counts_use_thousands_separator(admin_client):
    make_many(1205)
    assert "พบ 1,207 ราย" in text(admin_client.get(LIST))


def test_officer_sees_only_own_centre(officer_client, world):
    html = text(officer_client.get(LIST))
    assert "พบ 1 ราย" in html
    assert PHUKET in html and CHIANGMAI not in html
    assert text(officer_client.get(LIST, {"q": "ผ้าไหม"})).count(CHIANGMAI) == 0
    out_of_scope = text(officer_client.get(LIST, {"province": "50"}))
    assert CHIANGMAI not in out_of_scope


def test_officer_filter_options_are_scoped(officer_client):
    html = text(officer_client.get(LIST))
    assert '<option value="83">ภูเก็ต</option>' in html
    assert '<option value="81">กระบี่</option>' in html
    assert '<option value="50">' not in html
    centres = re.search(r'<select name="centre".*?</select>', html, re.S).group(0)
    assert '<option value="10">ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 10</option>' in centres
    assert '<option value="1">' not in centres


def test_officer_gets_404_outside_scope(officer_client, world):
    assert officer_client.get(f"{LIST}{world.chiangmai.pk}/").status_code == 404
    assert officer_client.get(f"{LIST}{world.chiangmai.pk}/sales.json").status_code == 404
    assert officer_client.get(f"{LIST}{world.chiangmai.pk}/edit/").status_code == 404
    assert officer_client.get(f"{LIST}{world.phuket.pk}/").status_code == 200


def test_detail_page(admin_client, world):
    html = text(admin_client.get(f"{LIST}{world.phuket.pk}/"))
    assert PHUKET in html and "Patong Batik Community Enterprise" in html
    assert "วิสาหกิจชุมชน" in html
    assert "0835561000015" in html
    assert "2559" in html
    assert "ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต 83150" in html
    assert "076-123-456" in html
    assert "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 10" in html
    assert "ผ้าบาติกลายปลา" in html and "ผ้า เครื่องแต่งกาย" in html
    assert "★★★★" in html and "ได้รับปี 2562" in html
    assert "450 บาท" in html and "ผืน" in html
    assert "มผช. 1083/2565" in html
    assert "1 พ.ค. 2565" in html and "30 เม.ย. 2568" in html
    assert "หมดอายุแล้ว" in html
    assert 'id="sales-chart"' in html and "vendor/echarts.min.js" in html
    assert "ยอดขายเฉลี่ยต่อเดือน ปี 2562" in html and "100,000 บาท" in html
    assert "20,000 บาท" in html and "-80.0%" in html


def test_detail_without_sales_has_empty_state(admin_client, world):
    html = text(admin_client.get(f"{LIST}{world.chiangmai.pk}/"))
    assert "ยังไม่มีข้อมูลยอดขายของผู้ประกอบการรายนี้" in html
    assert 'id="sales-chart"' not in html
    assert "ยังไม่มีดาว" in html and "1,200 บาท" in html


def test_sales_json_has_thai_months_and_crisis_marker(officer_client, world):
    data = officer_client.get(f"{LIST}{world.phuket.pk}/sales.json").json()
    assert data["labels"][0] == "ม.ค. 62" and data["labels"][-1] == "ธ.ค. 63"
    assert len(data["labels"]) == 24
    assert [s["key"] for s in data["series"]] == ["shop", "fair", "wholesale", "online", "export"]
    shop = data["series"][0]
    assert shop["name"] == "หน้าร้าน/แหล่งท่องเที่ยว"
    assert shop["data"][0] == 100000 and shop["data"][14] is None and shop["data"][15] == 20000
    assert data["marker"] == {"label": "มี.ค. 63", "text": "เริ่มวิกฤตท่องเที่ยว (มี.ค. 63)"}


def test_english_switch_changes_labels(admin_client, world):
    response = admin_client.post("/i18n/setlang/", {"language": "en", "next": LIST})
    assert response.status_code == 302
    html = text(admin_client.get(LIST))
    assert 'lang="en"' in html
    assert "Found 2 entrepreneurs" in html and "Search" in html and "Regional centre" in html
    assert "พบ 2 ราย" not in html
    detail = text(admin_client.get(f"{LIST}{world.phuket.pk}/"))
    assert "Products" in detail and "textiles and clothing" in detail
    assert "1 May 2022" in detail and "฿450" in detail
    admin_client.post("/i18n/setlang/", {"language": "th", "next": LIST})
    assert "พบ 2 ราย" in text(admin_client.get(LIST))


def valid_form(**overrides) -> dict:
    data = {
        "kind": "community_group", "name_th": "กลุ่มผ้ามัดย้อมกะทู้", "name_en": "", "id_type": "none",
        "id_number": "", "otop_year": "2560", "members": "12", "employees": "2", "address_line": "5 หมู่ 3",
        "subdistrict": "830202", "postal_code": "83150", "phone": "", "line_id": "", "email": "",
    }
    data.update(overrides)
    return data


def test_officer_creates_entrepreneur(officer_client):
    response = officer_client.post(f"{LIST}new/", valid_form())
    created = Entrepreneur.objects.get(name_th="กลุ่มผ้ามัดย้อมกะทู้")
    assert response.status_code == 302 and response["Location"] == f"{LIST}{created.pk}/"
    assert created.otop_year == 2017 and created.province_id == "83"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_type": "citizen", "id_number": citizen_id("350130099999")[:-1] + "0"}, "id_number", "เลขตรวจสอบ"),
        ({"postal_code": "50200"}, "postal_code", "รหัสไปรษณีย์ 50200 ไม่ใช่ของป่าตอง"),
        ({"subdistrict": "999999"}, "subdistrict", "ไม่พบรหัสตำบล 999999"),
        ({"subdistrict": "501301", "postal_code": "50130"}, "subdistrict", "อยู่นอกศูนย์ภาคที่คุณรับผิดชอบ"),
        ({"subdistrict": "ป่าตอง"}, "subdistrict", "รหัสตำบล 6 หลัก"),
    ],
)
def test_form_errors_name_the_field_and_nothing_is_saved(officer_client, overrides, field, message):
    data = valid_form(**overrides)
    if data["id_number"] == citizen_id("350130099999"):
        data["id_number"] = data["id_number"][:-1] + str((int(data["id_number"][-1]) + 1) % 10)
    before = Entrepreneur.objects.count()
    response = officer_client.post(f"{LIST}new/", data)
    assert response.status_code == 200
    html = text(response)
    assert message in field_block(html, field)
    assert "field-error" in field_block(html, field)
    assert Entrepreneur.objects.count() == before


def test_edit_prefills_and_saves(officer_client, world):
    url = f"{LIST}{world.phuket.pk}/edit/"
    html = text(officer_client.get(url))
    assert 'value="830202"' in html and 'value="2559"' in html and PHUKET in html
    data = valid_form(name_th=PHUKET, kind="community_enterprise", id_type="juristic", id_number="0835561000015",
                      members="40")
    response = officer_client.post(url, data)
    assert response.status_code == 302
    world.phuket.refresh_from_db()
    assert world.phuket.members == 40


def test_edit_error_keeps_record_unchanged(officer_client, world):
    data = valid_form(name_th="ชื่อใหม่", kind="community_enterprise", id_type="juristic",
                      id_number="0835561000015", postal_code="10200")
    response = officer_client.post(f"{LIST}{world.phuket.pk}/edit/", data)
    assert response.status_code == 200
    assert "รหัสไปรษณีย์ 10200" in field_block(text(response), "postal_code")
    world.phuket.refresh_from_db()
    assert world.phuket.name_th == PHUKET


@pytest.mark.parametrize("role", ["executive", "consultant", "owner"])
def test_roles_that_cannot_edit_get_403(client, world, role):
    login(client, getattr(world, role))
    assert client.get(f"{LIST}new/").status_code == 403
    assert client.post(f"{LIST}new/", valid_form()).status_code == 403
    pk = world.chiangmai.pk if role == "owner" else world.phuket.pk
    assert client.get(f"{LIST}{pk}/edit/").status_code == 403
    assert "เพิ่มผู้ประกอบการ" not in text(client.get(LIST))


def test_subdistrict_lookup(officer_client):
    html = text(officer_client.get("/subdistricts/lookup/", {"subdistrict": "ป่าตอง"}))
    assert '<option value="830202">' in html and "กะทู้" in html and "83150" in html
    assert '<option value="830202">' in text(officer_client.get("/subdistricts/lookup/", {"subdistrict": "83020"}))


def test_assets_are_served_locally(admin_client, world):
    from django.contrib.staticfiles import finders

    html = text(admin_client.get(f"{LIST}{world.phuket.pk}/"))
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', html)
    for asset in ("vendor/echarts.min.js", "vendor/htmx.min.js", "js/sales-chart.js", "css/app.css"):
        assert finders.find(asset), asset


def test_detail_page_shows_the_record_history_to_editors_only(admin_client, client, world):
    from django.db import transaction

    from tests.imports.files import registry_sheet, to_csv
    from tests.imports.runs import run
    from uplift.registry.actions import entrepreneur_update
    from uplift.registry.models import Entrepreneur

    run(world.admin, to_csv(registry_sheet()), name="ทะเบียนศูนย์10.csv")
    batik = Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้")
    with transaction.atomic():
        entrepreneur_update(actor=world.admin, pk=batik.pk, data={"members": 40})
    page = text(admin_client.get(f"{LIST}{batik.pk}/"))
    assert "ประวัติของระเบียนนี้" in page
    newest, imported = page.index("แก้ไข: จำนวนสมาชิก"), page.index("ลงทะเบียนจากการนำเข้าไฟล์ ทะเบียนศูนย์10.csv")
    assert newest < imported  # newest first
    login(client, world.consultant)
    consultant_page = text(client.get(f"{LIST}{world.phuket.pk}/"))
    assert world.phuket.name_th in consultant_page and "ประวัติของระเบียนนี้" not in consultant_page
