"""Loading demo data into the database (SQLite executemany or PostgreSQL COPY) and the demo accounts."""

import pytest
from django.contrib.auth import get_user_model

from uplift.access import policy
from uplift.geo.models import Subdistrict
from uplift.registry.demo.accounts import DEMO_PASSWORD
from uplift.registry.demo.generate import demo_generate
from uplift.registry.demo.load import DemoDataError, demo_data_load
from uplift.registry.models import Entrepreneur, MonthlySales, Person, Product, ProductStandard
from uplift.registry.search import query_terms, search_text_for

N = 300

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "entrepreneurs": Entrepreneur.objects.count(), "people": Person.objects.count(),
        "products": Product.objects.count(), "standards": ProductStandard.objects.count(),
        "sales": MonthlySales.objects.count(),
    }


@pytest.fixture
def loaded(areas):
    return demo_data_load(actor=policy.system_actor(), n_entrepreneurs=N, seed=11)


def test_counts_match_the_generator_and_rows_pass_validation(loaded):
    subdistricts = Subdistrict.objects.values_list("code", "province_id", "postal_codes")
    expected = demo_generate(N, 11, subdistricts)
    generated = {
        "entrepreneurs": N, "people": len(expected.people), "products": len(expected.products),
        "standards": len(expected.standards), "sales": N * 36,
    }
    assert _counts() == generated
    assert loaded == generated | {"accounts": 6}
    assert sorted(Entrepreneur.objects.values_list("name_th", flat=True)) == sorted(expected.entrepreneurs.name_th)
    assert Entrepreneur.objects.values("province").distinct().count() == 77

    for e in Entrepreneur.objects.order_by("id")[:50]:
        e.full_clean()
        assert e.province_id == e.subdistrict_id[:2]
        assert e.search_text == search_text_for(name_th=e.name_th, name_en=e.name_en, id_number=e.id_number, phone=e.phone)
        for person in e.people.all():
            person.full_clean()
        for product in e.products.all():
            product.full_clean()
            for held in product.standards.all():
                held.full_clean()
        for row in e.sales.order_by("month")[::7]:
            row.full_clean()
        assert e.sales.count() == 36 and e.people.filter(role="owner").count() == 1


def test_search_finds_demo_groups_by_thai_words(loaded):
    group = Entrepreneur.objects.filter(name_th__startswith="กลุ่มวิสาหกิจชุมชน").order_by("id").first()
    assert group is not None
    village = group.name_th[group.name_th.index("บ้าน"):]
    terms = query_terms(f"{village} วิสาหกิจ")
    assert "วิสาหกิจ" in terms and "บ้าน" in terms
    found = Entrepreneur.objects.all()
    for term in terms:
        found = found.filter(search_text__contains=term)
    assert group in found


def test_loading_again_refuses_and_changes_nothing_unless_replacing(loaded):
    before = _counts()
    first_names = list(Entrepreneur.objects.order_by("id").values_list("name_th", flat=True)[:20])
    users = get_user_model().objects.count()
    with pytest.raises(DemoDataError, match="already holds 300"):
        demo_data_load(actor=policy.system_actor(), n_entrepreneurs=50, seed=12)
    assert _counts() == before and get_user_model().objects.count() == users
    assert list(Entrepreneur.objects.order_by("id").values_list("name_th", flat=True)[:20]) == first_names

    replaced = demo_data_load(actor=policy.system_actor(), n_entrepreneurs=120, seed=12, replace=True)
    assert _counts() == {k: v for k, v in replaced.items() if k != "accounts"}
    assert replaced["entrepreneurs"] == 120 and get_user_model().objects.count() == users
    owner = get_user_model().objects.get(username="owner")
    assert owner.profile.entrepreneur is not None and owner.profile.entrepreneur.province_id == "83"
    assert owner.assignments.count() == 0 and get_user_model().objects.get(username="consultant").assignments.exists()


def test_demo_accounts_see_their_scope(loaded):
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) >= {"admin", "executive", "officer10", "officer1", "consultant", "owner"}
    assert all(u.check_password(DEMO_PASSWORD) for name, u in users.items() if name != "system")
    assert not users["system"].has_usable_password()

    centre10 = Entrepreneur.objects.filter(province__centre__number=10)
    seen = policy.visible(users["officer10"], Entrepreneur)
    assert seen.count() == centre10.count() > 0
    assert set(seen.values_list("province__centre__number", flat=True)) == {10}
    assert set(policy.visible(users["officer1"], Entrepreneur).values_list("province__centre__number", flat=True)) == {1}
    assert policy.visible(users["executive"], Entrepreneur).count() == N

    consultant = policy.visible(users["consultant"], Entrepreneur)
    assert 0 < consultant.count() <= 25
    assert set(consultant.values_list("province__centre__number", flat=True)) == {10}
    own = list(policy.visible(users["owner"], Entrepreneur))
    assert len(own) == 1 and own[0].province.name_th == "ภูเก็ต"
