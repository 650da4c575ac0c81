"""The registry's actions: bad input is refused naming the field, nothing is half saved, and a refusal
never names an entrepreneur outside the actor's scope."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from tests.factories import citizen_id, entrepreneur
from uplift.audit.models import AuditEntry
from uplift.registry.models import Entrepreneur, Product, ProductStandard
from uplift.registry.actions import entrepreneur_update, product_create, product_update

pytestmark = pytest.mark.django_db


def refused(call) -> dict:
    before = (Entrepreneur.objects.count(), Product.objects.count(), ProductStandard.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as info:
        call()
    after = (Entrepreneur.objects.count(), Product.objects.count(), ProductStandard.objects.count(), AuditEntry.objects.count())
    assert after == before
    return info.value.message_dict


@translation.override("en")
def test_wrong_citizen_id_checksum_names_the_field(world):
    good = citizen_id("310170020345")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    errors = refused(lambda: entrepreneur(world.admin, id_type="citizen", id_number=bad, name_th="นางสมศรี ใจดี"))
    assert list(errors) == ["id_number"]
    assert "check digit" in errors["id_number"][0]


def test_juristic_id_is_checked_with_its_own_rules(world):
    errors = refused(lambda: entrepreneur(world.admin, id_type="juristic", id_number="1234567890123"))
    assert list(errors) == ["id_number"]


def test_id_given_with_dashes_is_stored_compact(world):
    number = citizen_id("310170020346")
    dashed = f"{number[0]}-{number[1:5]}-{number[5:10]}-{number[10:12]}-{number[12]}"
    e = entrepreneur(world.admin, id_type="citizen", id_number=dashed, name_th="นายสมชาย รักไทย")
    assert e.id_number == number


def test_postal_code_must_be_the_subdistricts(world):
    errors = refused(lambda: entrepreneur(world.admin, subdistrict="500101", postal_code="83150"))
    assert list(errors) == ["postal_code"]
    assert "50200" in errors["postal_code"][0]


def test_unknown_subdistrict_code(world):
    errors = refused(lambda: entrepreneur(world.admin, subdistrict="999999", postal_code=""))
    assert list(errors) == ["subdistrict"]


def test_officer_cannot_register_outside_their_centres(world):
    errors = refused(lambda: entrepreneur(world.officer, subdistrict="501301", postal_code="50130"))
    assert list(errors) == ["subdistrict"]
    made = entrepreneur(world.officer, subdistrict="830202", postal_code="83150", name_th="กลุ่มผ้าปาเต๊ะกะทู้")
    assert made.province_id == "83"


@pytest.mark.parametrize("role", ["executive", "consultant", "entrepreneur"])
def test_read_only_roles_cannot_write(world, role):
    with pytest.raises(PermissionDenied):
        entrepreneur(world.users()[role], name_th="กลุ่มทดสอบสิทธิ์")


def test_star_rating_outside_one_to_five(world):
    errors = refused(lambda: product_create(actor=world.admin, entrepreneur_id=world.phuket.pk, data={
        "name_th": "น้ำพริกกุ้งเสียบ", "category": "food", "star_rating": 6, "star_year": 2019,
        "unit": "กระปุก", "price": Decimal("120"),
    }))
    assert list(errors) == ["star_rating"]


def test_a_bad_standard_saves_neither_product_nor_standards(world):
    errors = refused(lambda: product_create(actor=world.admin, entrepreneur_id=world.phuket.pk, data={
        "name_th": "น้ำพริกกุ้งเสียบ", "category": "food", "star_rating": None, "star_year": None,
        "unit": "กระปุก", "price": Decimal("120"),
    }, standards=[
        {"standard": "TCPS", "number": "มผช. 1/2565", "issued_on": date(2022, 1, 1), "expires_on": date(2025, 1, 1)},
        {"standard": "FDA", "number": "12345", "issued_on": date(2022, 1, 1), "expires_on": None},
    ]))
    assert list(errors) == ["standards.1.number"]


def test_update_is_audited_with_the_change(world):
    entrepreneur_update(actor=world.officer, pk=world.phuket.pk, data={"members": 40})
    entry = AuditEntry.objects.filter(model="registry.Entrepreneur", object_pk=str(world.phuket.pk), action="update").get()
    assert entry.actor == world.officer
    assert entry.changes == {"members": [world.phuket.members, 40]}


def test_update_outside_scope_is_not_found(world):
    with pytest.raises(Http404):
        entrepreneur_update(actor=world.officer, pk=world.chiangmai.pk, data={"members": 1})
    with pytest.raises(Http404):
        product_create(actor=world.officer, entrepreneur_id=world.chiangmai.pk, data={
            "name_th": "ผ้าพันคอไหม", "category": "textile", "unit": "ผืน", "price": Decimal("350")})
    product = Product.objects.get(entrepreneur=world.chiangmai)
    with pytest.raises(Http404):
        product_update(actor=world.officer, pk=product.pk, data={"price": Decimal("1")})


def test_officer_cannot_move_an_entrepreneur_out_of_their_centres(world):
    errors = refused(lambda: entrepreneur_update(actor=world.officer, pk=world.phuket.pk,
                                                 data={"subdistrict": "501301", "postal_code": "50130"}))
    assert list(errors) == ["subdistrict"]
    world.phuket.refresh_from_db()
    assert world.phuket.province_id == "83"


@pytest.mark.parametrize("role", ["executive", "consultant"])
def test_roles_that_see_but_may_not_write_get_permission_denied(world, role):
    user = world.users()[role]
    with pytest.raises(PermissionDenied):
        entrepreneur_update(actor=user, pk=world.phuket.pk, data={"members": 1})
    with pytest.raises(PermissionDenied):
        product_create(actor=user, entrepreneur_id=world.phuket.pk, data={
            "name_th": "ผ้าบาติกลายดอกไม้", "category": "textile", "unit": "ผืน", "price": Decimal("300")})


def test_no_actor_may_write(world):
    with pytest.raises(PermissionDenied):
        entrepreneur(None, name_th="กลุ่มไม่มีผู้บันทึก")


@translation.override("en")
def test_a_duplicate_id_within_scope_names_its_holder(world):
    errors = refused(lambda: entrepreneur(world.admin, id_type="juristic", id_number=world.phuket.id_number,
                                          name_th="บริษัท บาติกภูเก็ต จำกัด", subdistrict="830202", postal_code="83150"))
    assert list(errors) == ["id_number"]
    assert "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง" in errors["id_number"][0]


def test_a_duplicate_id_outside_scope_names_nobody(world):
    chiangmai = world.chiangmai
    errors = refused(lambda: entrepreneur(world.officer, id_type="citizen", id_number=chiangmai.id_number,
                                          name_th="กลุ่มผ้าไหมกะทู้", subdistrict="830202", postal_code="83150"))
    assert errors == {"id_number": ["เลขประจำตัวนี้ลงทะเบียนไว้แล้ว โปรดติดต่อศูนย์ส่งเสริมอุตสาหกรรมภาค"]}
    message = errors["id_number"][0]
    for leak in (chiangmai.name_th, chiangmai.name_en, str(chiangmai.pk), "เชียงใหม่", "สันกำแพง"):
        assert leak not in message


def test_a_duplicate_id_outside_scope_names_nobody_on_update(world):
    errors = refused(lambda: entrepreneur_update(actor=world.officer, pk=world.phuket.pk, data={
        "id_type": "citizen", "id_number": world.chiangmai.id_number}))
    assert errors == {"id_number": ["เลขประจำตัวนี้ลงทะเบียนไว้แล้ว โปรดติดต่อศูนย์ส่งเสริมอุตสาหกรรมภาค"]}
