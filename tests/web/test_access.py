"""The registry pages ask the access policy: a duplicate identifier outside the officer's scope is told
without its holder, exports are refused or scoped, controls follow the verbs the user has."""

import csv
import io
import re

import pytest
from django.urls import reverse

from tests.web.conftest import login
from tests.web.test_pages import field_block, text, valid_form
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db

ANONYMOUS_DUPLICATE = "เลขประจำตัวนี้ลงทะเบียนไว้แล้ว โปรดติดต่อศูนย์ส่งเสริมอุตสาหกรรมภาค"


def leaks(html: str, e) -> list[str]:
    told = [e.name_th, e.name_en, e.subdistrict.name_th, e.province.name_th, e.phone]
    found = [t for t in told if t and t in html]
    if re.search(rf"/entrepreneurs/{e.pk}/", html):
        found.append(f"link to {e.pk}")
    return found


def test_duplicate_id_outside_scope_names_nobody_on_the_new_form(officer_client, world):
    before = Entrepreneur.objects.count()
    response = officer_client.post(reverse("entrepreneur-create"),
                                   valid_form(id_type="citizen", id_number=world.chiangmai.id_number))
    assert response.status_code == 200
    html = text(response)
    assert ANONYMOUS_DUPLICATE in field_block(html, "id_number")
    assert leaks(html, world.chiangmai) == []
    assert Entrepreneur.objects.count() == before


def test_duplicate_id_outside_scope_names_nobody_on_the_edit_form(officer_client, world):
    data = valid_form(name_th=world.phuket.name_th, kind="community_enterprise", id_type="citizen",
                      id_number=world.chiangmai.id_number)
    response = officer_client.post(reverse("entrepreneur-edit", args=[world.phuket.pk]), data)
    assert response.status_code == 200
    html = text(response)
    assert ANONYMOUS_DUPLICATE in field_block(html, "id_number")
    assert leaks(html, world.chiangmai) == []
    world.phuket.refresh_from_db()
    assert world.phuket.id_number == "0835561000015"


def test_duplicate_id_within_scope_names_and_links_its_holder(admin_client, world):
    response = admin_client.post(reverse("entrepreneur-create"),
                                 valid_form(id_type="juristic", id_number=world.phuket.id_number))
    block = field_block(text(response), "id_number")
    assert world.phuket.name_th in block
    assert f'href="/entrepreneurs/{world.phuket.pk}/"' in block and "เปิดทะเบียนผู้ประกอบการที่ลงทะเบียนไว้" in block


def _csv_names(response) -> list[str]:
    assert response.status_code == 200
    return [row[0] for row in list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]]


@pytest.mark.parametrize(("role", "names"), [
    ("admin", ["กลุ่มทอผ้าไหมบ้านสันกำแพง", "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"]),
    ("executive", ["กลุ่มทอผ้าไหมบ้านสันกำแพง", "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"]),
    ("officer", ["กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"]),
    ("consultant", ["กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"]),
])
def test_exports_hold_only_the_scope(client, world, role, names):
    login(client, getattr(world, role))
    assert _csv_names(client.get(reverse("imports:export", args=["csv"]))) == names
    assert _csv_names(client.get(reverse("imports:export", args=["csv"]), {"q": "ผ้าไหม"})) == [
        n for n in names if "ผ้าไหม" in n]
    assert 'href="/imports/export/entrepreneurs.csv' in text(client.get(reverse("entrepreneur-list")))


def test_an_entrepreneur_account_may_not_export(client, world):
    login(client, world.owner)
    assert client.get(reverse("imports:export", args=["csv"])).status_code == 403
    assert client.get(reverse("imports:export", args=["xlsx"])).status_code == 403
    page = text(client.get(reverse("entrepreneur-list")))
    assert world.chiangmai.name_th in page and "entrepreneurs.csv" not in page


@pytest.mark.parametrize(("role", "import_link", "add_button"), [
    ("admin", True, True), ("officer", True, True), ("executive", False, False),
    ("consultant", False, False), ("owner", False, False),
])
def test_controls_follow_the_users_verbs(client, world, role, import_link, add_button):
    login(client, getattr(world, role))
    html = text(client.get(reverse("entrepreneur-list")))
    assert (f'href="{reverse("imports:upload")}"' in html) is import_link
    assert (f'href="{reverse("entrepreneur-create")}"' in html) is add_button


def test_edit_button_and_history_only_where_the_user_may(client, world):
    login(client, world.officer)
    html = text(client.get(reverse("entrepreneur-detail", args=[world.phuket.pk])))
    assert f'href="{reverse("entrepreneur-edit", args=[world.phuket.pk])}"' in html
    assert "ประวัติของระเบียนนี้" in html
    client.logout()
    login(client, world.consultant)
    html = text(client.get(reverse("entrepreneur-detail", args=[world.phuket.pk])))
    assert "/edit/" not in html and "ประวัติของระเบียนนี้" not in html


def test_subdistrict_lookup_needs_login(client, world):
    assert client.get(reverse("subdistrict-lookup"), {"subdistrict": "ป่าตอง"}).status_code == 302
