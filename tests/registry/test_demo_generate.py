"""The pure demo-data generator, fed with every DOPA subdistrict from geothai (no database)."""

import re
from collections import Counter
from datetime import date

import geothai
import numpy as np
import pytest
from stdnum.th import moa, pin

from uplift.registry.demo.generate import demo_generate, province_tourism
from uplift.registry.demo.sales import MONTHS

N = 2000


@pytest.fixture(scope="module")
def subdistricts():
    return [
        (s.code, p.code, tuple(s.postal_codes))
        for p in geothai.provinces() for d in geothai.districts(p.code) for s in geothai.subdistricts(d.code)
    ]


@pytest.fixture(scope="module")
def data(subdistricts):
    return demo_generate(N, 2563, subdistricts)


@pytest.fixture(scope="module")
def sales(data):
    return data.sales.all()


def _same(a, b) -> bool:
    return all(
        np.array_equal(np.asarray(getattr(a, f), dtype=object), np.asarray(getattr(b, f), dtype=object))
        for f in a.__dataclass_fields__
    )


def test_same_seed_gives_identical_data_and_another_seed_other_data(subdistricts):
    one, two, other = (demo_generate(300, seed, subdistricts) for seed in (7, 7, 8))
    for part in ("entrepreneurs", "people", "products", "standards"):
        assert _same(getattr(one, part), getattr(two, part)), part
    s1, s2 = one.sales.all(), two.sales.all()
    assert np.array_equal(s1.amounts, s2.amounts) and np.array_equal(s1.foreign_share, s2.foreign_share)
    assert one.entrepreneurs.name_th != other.entrepreneurs.name_th
    assert not np.array_equal(s1.amounts, other.sales.all().amounts)


def test_every_province_is_present(data):
    assert len(set(data.entrepreneurs.province)) == 77
    assert len(province_tourism()) == 77


def test_kinds_come_in_real_proportions(data):
    share = {k: v / N for k, v in Counter(data.entrepreneurs.kind).items()}
    assert share["community_group"] + share["community_enterprise"] == pytest.approx(0.55, abs=0.02)
    assert share["community_enterprise"] == pytest.approx(0.15, abs=0.02)
    assert share["individual"] == pytest.approx(0.43, abs=0.02)
    assert share["sme"] == pytest.approx(0.02, abs=0.01)


def test_names_read_as_thai_by_kind(data):
    e = data.entrepreneurs
    for kind, th, en in zip(e.kind, e.name_th, e.name_en):
        assert en.isascii() and re.search(r"[\u0E00-\u0E7F]", th), (th, en)
        if kind == "community_enterprise":
            assert "วิสาหกิจชุมชน" in th and th.endswith(th[th.index("บ้าน"):]) and en.endswith("Community Enterprise")
        elif kind == "community_group":
            assert th.startswith("กลุ่ม") and "บ้าน" in th and en.startswith("Ban ")
        elif kind == "sme":
            assert th.startswith(("บริษัท ", "ห้างหุ้นส่วนจำกัด ")) and en.endswith(("Co., Ltd.", "Limited Partnership"))
    owners = {int(i): n for i, r, n in zip(data.people.entrepreneur, data.people.role, data.people.name_th) if r == "owner"}
    named_after_owner = [i for i, (k, th) in enumerate(zip(e.kind, e.name_th)) if k == "individual" and th == owners[i]]
    assert len(named_after_owner) > 0.3 * e.kind.count("individual")
    assert all(owners[i].startswith(("นาย", "นาง", "นางสาว")) for i in named_after_owner)


def test_about_two_products_each_and_nine_percent_rated_three_to_five_stars(data):
    per = np.bincount(data.products.entrepreneur, minlength=N)
    assert per.min() >= 1 and per.max() <= 4
    assert per.mean() == pytest.approx(2.05, abs=0.1)
    stars = [s for s in data.products.star_rating]
    high = sum(1 for s in stars if s and s >= 3) / len(stars)
    low = sum(1 for s in stars if s and s <= 2) / len(stars)
    assert high == pytest.approx(0.09, abs=0.02)
    assert 0 < low < 0.04
    for rating, year in zip(data.products.star_rating, data.products.star_year):
        assert (rating is None) == (year is None)
        assert year in (None, 2016, 2018, 2019)
    assert Counter(data.products.category).most_common(1)[0][0] == "food"
    assert (data.products.price > 0).all()


def test_identifiers_are_valid_and_unique(data):
    e = data.entrepreneurs
    numbers = [n for n in e.id_number if n]
    assert len(numbers) == len(set(numbers))
    for kind, id_type, number in zip(e.kind, e.id_type, e.id_number):
        if id_type == "none":
            assert number == "" and kind in ("community_group", "community_enterprise")
        elif id_type == "citizen":
            assert pin.is_valid(number) and number[0] in "12345678"
        else:
            assert moa.is_valid(number) and number.startswith("0")
        assert id_type == {"individual": "citizen", "sme": "juristic"}.get(kind, id_type)
    groups = [t for k, t in zip(e.kind, e.id_type) if k == "community_group"]
    assert groups.count("none") > 0.5 * len(groups)


def test_addresses_postal_codes_and_contacts(data, subdistricts):
    postal = {code: codes for code, _prov, codes in subdistricts}
    e = data.entrepreneurs
    for sub, prov, code, address, phone in zip(e.subdistrict, e.province, e.postal_code, e.address_line, e.phone):
        assert code in postal[sub] and prov == sub[:2]
        assert re.fullmatch(r"\d+(/\d+)? (หมู่|ซอย) \d+", address)
        assert re.fullmatch(r"0[689]\d-\d{3}-\d{4}|0\d{2}-\d{3}-\d{3}|02-\d{3}-\d{4}", phone)
    assert 2002 <= e.otop_year.min() and e.otop_year.max() <= 2021
    assert 0.05 < sum(1 for x in e.email if x) / N < 0.25 and 0.2 < sum(1 for x in e.line_id if x) / N < 0.4


def test_owner_for_each_and_successors_of_working_age(data):
    roles = Counter(data.people.role)
    assert roles["owner"] == N
    assert roles["successor"] / N == pytest.approx(0.3, abs=0.04)
    for role, birth in zip(data.people.role, data.people.birth_year):
        if role == "successor":
            assert 18 <= 2021 - birth <= 45


def test_standard_numbers_follow_their_formats(data):
    s = data.standards
    assert set(s.standard) >= {"TCPS", "FDA", "HALAL", "GMP"}
    for code, number, issued, expires in zip(s.standard, s.number, s.issued_on, s.expires_on):
        if code == "TCPS":
            assert re.fullmatch(r"มผช\. \d{1,4}/25\d\d", number)
        if code == "FDA":
            assert re.fullmatch(r"\d{2}-\d-\d{5}-\d-\d{4}", number) and expires is None
            assert number[8:10] == f"{(issued.year + 543) % 100:02d}"
        else:
            assert expires > issued
    food = {i for i, c in enumerate(data.products.category) if c in ("food", "beverage")}
    assert all(p in food for p, code in zip(s.product, s.standard) if code in ("FDA", "HALAL", "GMP"))


def test_sales_rows_are_complete_and_not_negative(sales):
    assert len(sales) == N * 36 and len(MONTHS) == 36 and MONTHS[0] == date(2019, 1, 1)
    assert (sales.amounts >= 0).all()
    assert (sales.thai_share + sales.foreign_share <= 1000).all()
    totals = sales.amounts.sum(axis=1).reshape(N, 36)
    assert 2_000 < np.median(totals) < 100_000
    foreign = sales.foreign_share.reshape(N, 36)
    assert foreign[:, :12].mean() > 30
    assert foreign[:, 15:].mean() < 10


def _slump(sales) -> np.ndarray:
    totals = sales.amounts.sum(axis=1).reshape(-1, 36).astype(float)
    apr_dec = np.arange(3, 12)
    return totals[:, 12 + apr_dec].mean(axis=1) / totals[:, apr_dec].mean(axis=1)


def test_tourist_dependent_entrepreneurs_and_provinces_are_hit_hardest(data, sales):
    ratio = _slump(sales)
    tourist = data.sales.thai + data.sales.foreign
    high, low = tourist >= np.quantile(tourist, 0.75), tourist <= np.quantile(tourist, 0.25)
    assert np.median(ratio[high]) < np.median(ratio[low]) - 0.1
    foreign_heavy = data.sales.foreign >= np.quantile(data.sales.foreign, 0.75)
    assert np.median(ratio[foreign_heavy]) < np.median(ratio)
    exposure = np.array([province_tourism()[p] for p in data.entrepreneurs.province])
    assert np.median(ratio[exposure >= 0.5]) < np.median(ratio[exposure <= 0.1]) - 0.1
    assert np.median(ratio) < 0.85


def test_online_sales_grow_after_the_slump(sales):
    online = sales.amounts[:, 3].reshape(-1, 36).sum(axis=0)
    assert online[24:].mean() > online[:12].mean()


def test_seasons_peak_in_the_cool_months(data, sales):
    totals = sales.amounts.sum(axis=1).reshape(-1, 36)[:, :12]
    touristy = (data.sales.thai + data.sales.foreign) > 0.5
    per_month = totals[touristy].mean(axis=0)
    assert per_month[[0, 1, 10, 11]].mean() > per_month[4:9].mean()
