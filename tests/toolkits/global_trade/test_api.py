"""The API: the same policy as the pages (404 outside scope, 403 seen but not allowed, 422 by field)."""

from decimal import Decimal

import pytest

from uplift.outcomes.models import Observation

from .conftest import BATIK, photo, upload

API = "/api/toolkits/global_trade"


@pytest.fixture
def api(client, world):
    def as_(user):
        client.force_login(user)
        return client
    return as_


def listing_body(product) -> dict:
    return {**{k: v for k, v in BATIK.items() if k not in ("materials", "category_path", "variations")},
            "product": product.pk, "materials": ["ผ้าฝ้าย", "cotton"],
            "category_path": ["แฟชั่นผู้หญิง", "ผ้าพันคอ", "ผ้าบาติก"], "variations": ["ฟ้า"]}


def test_enrolments_are_scoped(api, world, gt):
    assert {i["entrepreneur"] for i in api(world.consultant).get(f"{API}/enrolments").json()["items"]} == {world.phuket.pk}
    assert api(world.owner).get(f"{API}/enrolments").json()["count"] == 1
    assert api(world.executive).get(f"{API}/enrolments").json()["count"] == 2


def test_a_listing_is_built_checked_and_reported_through_the_api(api, world, gt):
    client = api(world.consultant)
    made = client.post(f"{API}/enrolments/{gt.phuket.pk}/listings", listing_body(gt.batik), content_type="application/json")
    assert made.status_code == 201
    listing = made.json()
    checks = {c["target"]: c for c in listing["checks"]}
    assert [i["rule"] for i in checks["google_merchant"]["issues"] if i["severity"] == "error"] == ["gmc_image_required"]
    image = client.post(f"{API}/listings/{listing['id']}/images", {"file": upload(photo(1600, 1600, "PNG"), "batik.png",
                                                                                "image/png")})
    assert image.status_code == 201 and image.json()["format"] == "PNG" and image.json()["url"].startswith("/toolkits/")
    long = client.patch(f"{API}/listings/{listing['id']}", {"title_en": "T" * 151}, content_type="application/json")
    google = next(c for c in long.json()["checks"] if c["target"] == "google_merchant")
    assert not google["passed"] and google["issues"][0]["message_th"] == "ชื่อสินค้าภาษาอังกฤษยาว 151 ตัวอักษร เกิน 150"
    reports = {r["target"]: r for r in client.get(f"{API}/enrolments/{gt.phuket.pk}/feeds").json()}
    assert reports["google_merchant"]["included"] == []
    assert reports["google_merchant"]["excluded"][0]["issues"][0]["rule"] == "gmc_title_too_long"
    assert reports["shopee_th"]["included"] == [listing["feed_id"]]
    assert reports["shopee_th"]["downloads"]["xlsx"].endswith("/feeds/shopee_th.xlsx")


def test_refusals_have_their_codes(api, world, gt):
    officer = api(world.officer)
    assert officer.post(f"{API}/enrolments/{gt.chiangmai.pk}/listings", listing_body(gt.silk),
                        content_type="application/json").status_code == 404
    executive = api(world.executive)
    assert executive.post(f"{API}/enrolments/{gt.phuket.pk}/listings", listing_body(gt.batik),
                          content_type="application/json").status_code == 403
    bad = api(world.consultant).post(f"{API}/enrolments/{gt.phuket.pk}/listings", {**listing_body(gt.batik), "price": -1},
                                     content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"]["price"] == ["ค่าต้องไม่ติดลบ"]
    assert api(world.consultant).get(f"{API}/listings/999999").status_code == 404


def test_price_build_up_and_a_saved_quote(api, world, gt):
    client = api(world.owner)
    preview = client.post(f"{API}/price-build-up", {"exw": "450", "margin": "0.2", "packing": "15", "inland": "8",
                                                    "clearance": "5", "handling": "12", "freight": "40",
                                                    "insurance_rate": "0.004", "quantity": 200},
                          content_type="application/json")
    # EXW = 450 × 1.2 = 540; FOB = 540 + 15 + 8 + 5 + 12 = 580; CIF = (580 + 40) / (1 − 1.1 × 0.004) = 622.74 (A5)
    prices = {p["rule"]: (p["per_unit"], p["total"]) for p in preview.json()["prices"]}
    assert prices["EXW"] == ("540.00", "108000.00") and prices["FOB"] == ("580.00", "116000.00")
    assert prices["CIF"] == ("622.74", "124548.00")
    refused = client.post(f"{API}/price-build-up", {"exw": "100", "insurance_rate": "0.95"}, content_type="application/json")
    assert refused.status_code == 422 and "insurance_rate" in refused.json()["errors"]
    saved = client.post(f"{API}/enrolments/{gt.chiangmai.pk}/quotes", {"title": "ผ้าไหม 20 เมตร", "exw": "1000"},
                        content_type="application/json")
    assert saved.status_code == 201 and saved.json()["pdf"].endswith("/quote.pdf")
    assert client.post(f"{API}/enrolments/{gt.phuket.pk}/quotes", {"title": "x", "exw": "1"},
                       content_type="application/json").status_code == 404


def test_sales_through_the_api_write_observations(api, world, gt):
    client = api(world.consultant)
    made = client.post(f"{API}/enrolments/{gt.phuket.pk}/sales", {"month": gt.end_month.isoformat(), "online": "18500",
                                                                  "export": "6200", "total": "52000"},
                       content_type="application/json")
    assert made.status_code == 201 and made.json()["wave"] == "end"
    origin = made.json()["origin"]
    assert set(Observation.objects.filter(origin=origin).values_list("indicator__code", flat=True)) == {
        "online_sales", "export_sales", "sales"}
    results = client.get(f"{API}/enrolments/{gt.phuket.pk}/sales").json()
    assert Decimal(results["shares"]["online_after"]).quantize(Decimal("0.001")) == Decimal("0.356")
    assert results["months"][-1]["recorded"] is True


def test_hs_search_and_national_codes(api, world, gt):
    found = api(world.consultant).get(f"{API}/hs", {"q": "ผ้าไหม"}).json()
    assert "500720" in [m["code"] for m in found["matches"]]
    assert api(world.consultant).post(f"{API}/national-codes", {"code": "50072010", "description_th": "ผ้าไหม",
                                                                "source": "AHTN"}, content_type="application/json").status_code == 403
    added = api(world.officer).post(f"{API}/national-codes", {"code": "50072010", "description_th": "ผ้าไหมทอมือ",
                                                              "source": "AHTN 2022"}, content_type="application/json")
    assert added.status_code == 201 and added.json()["hs6"] == "500720"
    assert api(world.officer).post(f"{API}/national-codes", {"code": "123", "description_th": "x", "source": "y"},
                                   content_type="application/json").status_code == 422
