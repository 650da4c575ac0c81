"""Registry reads start from the policy: exports need their own verb and hold only the actor's scope."""

import pytest
from django.core.exceptions import PermissionDenied

from uplift.registry.selectors import EntrepreneurFilters, entrepreneur_export_list, entrepreneur_list, entrepreneur_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "keys"), [
    ("administrator", {"phuket", "chiangmai"}), ("executive", {"phuket", "chiangmai"}),
    ("regional_officer", {"phuket"}), ("consultant", {"phuket"}),
])
def test_export_rows_are_the_actors_scope(world, role, keys):
    user = world.users()[role]
    rows = entrepreneur_export_list(user=user)
    assert {e.pk for e in rows} == {getattr(world, k).pk for k in keys}
    asked_for_chiangmai = entrepreneur_export_list(user=user, filters=EntrepreneurFilters(province="50"))
    assert {e.pk for e in asked_for_chiangmai} == ({world.chiangmai.pk} if "chiangmai" in keys else set())


@pytest.mark.parametrize("actor", ["entrepreneur", None])
def test_export_is_refused_without_the_verb(world, actor):
    with pytest.raises(PermissionDenied):
        entrepreneur_export_list(user=world.users()[actor] if actor else None)


@pytest.fixture
def phuket_groups(world):
    """Seven more groups in Phuket (centre 10) whose names sort in a known order, one of them a weaving group."""
    from tests.factories import entrepreneur

    names = ["กลุ่มจักสานใบเตย", "กลุ่มทอผ้าบ้านเกาะแก้ว", "กลุ่มน้ำพริกกะปิ", "กลุ่มปลาเค็ม",
             "กลุ่มมุกภูเก็ต", "กลุ่มสบู่สมุนไพร", "กลุ่มอาหารทะเลแห้ง"]
    return [entrepreneur(world.admin, name_th=n, name_en="", subdistrict="830202", postal_code="83150") for n in names]


def _names(page) -> list[str]:
    return [e.name_th for e in page.object_list]


def test_a_page_holds_the_lists_rows_in_its_order_with_their_figures(world, phuket_groups):
    full = list(entrepreneur_list(user=world.officer))
    pages = [entrepreneur_page(user=world.officer, number=n, per_page=3) for n in (1, 2, 3)]
    assert [e.pk for p in pages for e in p.object_list] == [e.pk for e in full]
    assert pages[0].paginator.count == 8 and pages[0].paginator.num_pages == 3
    batik = next(e for p in pages for e in p.object_list if e.pk == world.phuket.pk)
    assert (batik.product_count, batik.top_stars, batik.province.name_th) == (1, 4, "ภูเก็ต")


def test_a_search_counts_and_pages_only_its_matches_in_the_officers_region(world, phuket_groups):
    page = entrepreneur_page(user=world.officer, filters=EntrepreneurFilters(q="ผ้า"), per_page=1)
    assert page.paginator.count == 1  # Chiang Mai's silk weavers are another region's: not counted
    assert _names(page) == ["กลุ่มทอผ้าบ้านเกาะแก้ว"]
    everyone = entrepreneur_page(user=world.executive, filters=EntrepreneurFilters(q="ผ้า"), per_page=1, number=2)
    assert everyone.paginator.count == 2 and everyone.number == 2


@pytest.mark.parametrize("q", ["", "กลุ่ม"])
def test_a_page_past_the_end_shows_the_last_page_and_a_bad_number_the_first(world, phuket_groups, q):
    filters = EntrepreneurFilters(q=q)
    last = entrepreneur_page(user=world.officer, filters=filters, number="99", per_page=3)
    assert last.number == 3 and last.paginator.count == 8 and len(last.object_list) == 2
    first = entrepreneur_page(user=world.officer, filters=filters, number="สาม", per_page=3)
    assert first.number == 1 and len(first.object_list) == 3


def test_a_search_with_no_match_is_an_empty_first_page(world, phuket_groups):
    page = entrepreneur_page(user=world.officer, filters=EntrepreneurFilters(q="ไม่มีชื่อนี้"), number="4")
    assert (page.number, page.paginator.count, page.object_list) == (1, 0, [])


def test_sorting_by_stars_pages_the_rated_first(world, phuket_groups):
    page = entrepreneur_page(user=world.officer, filters=EntrepreneurFilters(sort="-stars"), per_page=2)
    assert page.object_list[0].pk == world.phuket.pk and page.object_list[0].top_stars == 4
