"""The pages: who sees which enrolment, the listing builder naming failing rules in Thai, feeds downloaded
and parsed back with every required attribute, the public page read with extruct, quotes and PDFs."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import extruct
import pytest
from openpyxl import load_workbook

from uplift.outcomes.models import Observation
from uplift.toolkits.global_trade import actions
from uplift.toolkits.global_trade.convert import showcase_token
from uplift.toolkits.global_trade.core.targets import load_target
from uplift.toolkits.global_trade.models import Listing, NationalCode, PriceQuote

from .conftest import BATIK, photo, upload

G = "{http://base.google.com/ns/1.0}"
BASE = "/toolkits/global_trade"


def required(target: str) -> set[str]:
    return {r.attribute for r in load_target(target).rules if r.kind == "required" and r.severity == "error"}


def test_index_lists_only_the_enrolments_each_role_sees(client, world, gt):
    seen = {}
    for name, user in {**world.users(), "batik_owner": gt.phuket_owner}.items():
        client.force_login(user)
        page = client.get(f"{BASE}/")
        assert page.status_code == 200
        seen[name] = {e.entrepreneur_id for e in page.context["page"].object_list}
    assert seen == {"administrator": {world.phuket.pk, world.chiangmai.pk}, "executive": {world.phuket.pk, world.chiangmai.pk},
                    "regional_officer": {world.phuket.pk}, "consultant": {world.phuket.pk},
                    "entrepreneur": {world.chiangmai.pk}, "batik_owner": {world.phuket.pk}}


def test_index_has_an_empty_state_in_thai_and_sorts(client, world, gt):
    from uplift.access.actions import user_create
    from uplift.access.models import Role

    nobody = user_create(actor=world.admin, username="consultant2", password="x-2563-otop", role=Role.CONSULTANT)
    client.force_login(nobody)
    assert "ยังไม่มีผู้ประกอบการในกิจกรรม OTOP to Global" in client.get(f"{BASE}/").content.decode()
    client.force_login(world.admin)
    names = [e.entrepreneur.name_th for e in client.get(f"{BASE}/", {"sort": "-name"}).context["page"].object_list]
    assert names == sorted(names, reverse=True)


def test_the_workspace_is_404_outside_scope(client, world, gt):
    client.force_login(world.officer)
    assert client.get(f"{BASE}/enrolments/{gt.chiangmai.pk}/").status_code == 404
    assert client.get(f"{BASE}/enrolments/{gt.standards.pk}/").status_code == 404
    client.force_login(world.owner)
    assert client.get(f"{BASE}/enrolments/{gt.phuket.pk}/").status_code == 404
    page = client.get(f"{BASE}/enrolments/{gt.chiangmai.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/entrepreneurs/{world.chiangmai.pk}/"' in html and f'href="/programme/enrolments/{gt.chiangmai.pk}/"' in html


def test_the_builder_names_each_failing_rule_in_thai_and_saves_a_fix(client, world, gt):
    client.force_login(world.consultant)
    form = client.get(f"{BASE}/enrolments/{gt.phuket.pk}/listings/new/", {"product": gt.batik.pk})
    assert form.status_code == 200 and "Pha Batik Lai Pla" in form.content.decode()  # romanised proposal (thai2rom_onnx)
    data = {**BATIK, "title_en": "B" * 160, "product": gt.batik.pk, "condition": "new", "availability": "in_stock"}
    made = client.post(f"{BASE}/enrolments/{gt.phuket.pk}/listings/new/", data)
    listing = Listing.objects.get()
    assert made.status_code == 302 and made["Location"] == f"{BASE}/listings/{listing.pk}/"
    html = client.get(made["Location"]).content.decode()
    assert "ชื่อสินค้าภาษาอังกฤษยาว 160 ตัวอักษร เกิน 150" in html
    assert "ต้องมีรูปสินค้าอย่างน้อย 1 รูป (image_link)" in html
    assert "ชื่อสินค้ายาว" not in html  # the Thai title is within Shopee's 80 characters
    client.post(f"{BASE}/listings/{listing.pk}/images/", {"file": upload(photo())})
    saved = client.post(f"{BASE}/listings/{listing.pk}/", {**data, "title_en": "Hand-painted Fish Batik"})
    assert saved.status_code == 302
    html = client.get(saved["Location"]).content.decode()
    assert "ชื่อสินค้าภาษาอังกฤษยาว" not in html and "✓ ผ่าน" in html


def test_the_builder_shows_field_errors_in_thai(client, world, gt):
    client.force_login(world.consultant)
    page = client.post(f"{BASE}/enrolments/{gt.phuket.pk}/listings/new/", {
        **BATIK, "hs_code": "770000", "product": gt.batik.pk, "condition": "new", "availability": "in_stock"})
    assert page.status_code == 200
    assert "770000 ไม่ใช่พิกัดย่อย HS 2022 (6 หลัก)" in page.content.decode()
    assert not Listing.objects.exists()


def test_the_executive_reads_but_cannot_build(client, world, gt, built):
    client.force_login(world.executive)
    listing, _bad = built
    assert client.get(f"{BASE}/listings/{listing.pk}/").status_code == 200
    assert client.post(f"{BASE}/listings/{listing.pk}/", {**BATIK, "condition": "new", "availability": "in_stock"}).status_code == 403
    assert client.get(f"{BASE}/enrolments/{gt.phuket.pk}/listings/new/", {"product": gt.batik.pk}).status_code == 403


def test_google_tsv_parses_back_without_the_failing_listing(client, world, gt, built):
    listing, bad = built
    client.force_login(world.consultant)
    response = client.get(f"{BASE}/enrolments/{gt.phuket.pk}/feeds/google_merchant.tsv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/tab-separated-values")
    assert (response["X-Feed-Included"], response["X-Feed-Excluded"]) == ("1", "1")
    rows = list(csv.DictReader(io.StringIO(response.content.decode()), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [r["id"] for r in rows] == [listing.feed_id]
    [row] = rows
    columns = {c.header for c in load_target("google_merchant").columns}
    for attribute in required("google_merchant"):
        assert row[attribute if attribute in columns else "id"], attribute
    assert row["price"] == "450.00 THB" and row["image_link"].startswith("http://testserver/toolkits/global_trade/img/")
    assert row["link"] == f"http://testserver{BASE}/showcase/{showcase_token(world.phuket.pk)}/#p{listing.pk}"
    # the photo's address is public: Google fetches it without logging in
    client.logout()
    assert client.get(row["image_link"].removeprefix("http://testserver")).status_code == 200
    assert client.get(f"{BASE}/img/1:forged").status_code == 404


def test_the_workspace_reports_why_a_listing_is_left_out(client, world, gt, built):
    _listing, bad = built
    client.force_login(world.consultant)
    html = client.get(f"{BASE}/enrolments/{gt.phuket.pk}/").content.decode()
    section = html[html.index('id="feed-google_merchant"'):html.index('id="feed-lazada_th"')]
    assert bad.title_th in section
    assert "ชื่อสินค้าภาษาอังกฤษยาว 179 ตัวอักษร เกิน 150" in section
    assert "รูปสินค้าขนาด 400×400 #1 เล็กกว่าขั้นต่ำ 500×500 พิกเซล" in section


def test_google_rss_has_every_required_g_attribute(client, world, gt, built):
    listing, _bad = built
    client.force_login(world.consultant)
    root = ET.fromstring(client.get(f"{BASE}/enrolments/{gt.phuket.pk}/feeds/google_merchant.xml").content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    [item] = root.findall("channel/item")
    for attribute in required("google_merchant"):
        assert item.findtext(G + attribute), attribute
    assert item.findtext(G + "id") == listing.feed_id and item.findtext(G + "gtin") == "8851234567898"


def test_schema_org_json_and_marketplace_sheets(client, world, gt, built):
    listing, _bad = built
    client.force_login(world.consultant)
    documents = json.loads(client.get(f"{BASE}/enrolments/{gt.phuket.pk}/feeds/schema_org.json").content)
    assert len(documents) == 2  # schema.org sets no title length and no photo size: both listings qualify
    for document in documents:
        assert document["@type"] == "Product" and document["offers"]["availability"] == "https://schema.org/InStock"
        assert all(document.get(a) or document["offers"].get(a.split(".")[-1]) for a in required("schema_org"))
    sheet = load_workbook(io.BytesIO(client.get(f"{BASE}/enrolments/{gt.phuket.pk}/feeds/shopee_th.xlsx").content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the long English title does not matter to Shopee, whose sheet is in Thai
    row = dict(zip(header, rows[0]))
    assert row["Product Name"] == BATIK["title_th"] and row["Weight"] == 0.24
    text = client.get(f"{BASE}/enrolments/{gt.phuket.pk}/feeds/lazada_th.csv").content.decode("utf-8-sig")
    lazada = list(csv.DictReader(io.StringIO(text)))
    assert [r["SellerSku"] for r in lazada] == ["PT-BATIK-01", "PT-SHIRT"]
    assert lazada[0]["PrimaryCategory"] == "ผ้าบาติก" and lazada[0]["package_weight"] == "0.24"
    assert client.get(f"{BASE}/enrolments/{gt.phuket.pk}/feeds/shopee_th.pdf").status_code == 404


def test_the_public_page_carries_json_ld_and_nothing_personal(client, world, gt, built):
    listing, bad = built
    actions.listing_update(actor=world.consultant, listing=bad, data={"title_en": ""})
    url = f"{BASE}/showcase/{showcase_token(world.phuket.pk)}/"
    page = client.get(url)  # nobody logged in
    assert page.status_code == 200
    html = page.content.decode()
    [product] = extruct.extract(html, base_url="http://testserver" + url, syntaxes=["json-ld"])["json-ld"]
    assert product["name"] == BATIK["title_en"] and product["image"][0].startswith("http://testserver/")
    offer = product["offers"]
    assert (offer["price"], offer["priceCurrency"], offer["availability"]) == ("450.00", "THB", "https://schema.org/InStock")
    # the shirt, without an English name, stays off the structured data but its Thai card is shown
    assert bad.title_th in html
    for personal in ("076-123-456", "0835561000015", "83150", world.phuket.address_line):
        assert personal not in html
    assert client.get(f"{BASE}/showcase/{world.phuket.pk}:bad/").status_code == 404
    actions.listing_update(actor=world.consultant, listing=listing, data={"published": False})
    actions.listing_update(actor=world.consultant, listing=bad, data={"published": False})
    assert client.get(url).status_code == 404


def test_a_quote_is_worked_out_saved_and_downloaded(client, world, gt):
    client.force_login(world.consultant)
    response = client.post(f"{BASE}/enrolments/{gt.phuket.pk}/price/", {
        "title": "ผ้าบาติก 100 ผืน ส่งโอซากา", "product": gt.batik.pk, "quote_date": "2026-12-10", "quantity": "100",
        "exw": "300", "margin": "0.25", "packing": "12", "inland": "6", "clearance": "4", "handling": "8",
        "freight": "35", "insurance_rate": "0.005", "currency": "THB"})
    quote = PriceQuote.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}/quotes/{quote.pk}/"
    assert "442.43" in client.get(response["Location"]).content.decode()
    book = load_workbook(io.BytesIO(client.get(f"{BASE}/quotes/{quote.pk}/quote.xlsx").content))
    rows = {r[0]: r for r in book.active.iter_rows(values_only=True) if r and r[0]}
    assert rows["CIF"][3] == Decimal("442.43") or rows["CIF"][3] == 442.43
    client.force_login(world.owner)
    assert client.get(f"{BASE}/quotes/{quote.pk}/").status_code == 404


def test_sales_entered_on_the_page_reach_outcomes_and_the_chart(client, world, gt, built):
    listing, _bad = built
    client.force_login(world.consultant)
    response = client.post(f"{BASE}/enrolments/{gt.phuket.pk}/sales/", {
        "month": gt.end_month.strftime("%Y-%m"), "online": "18500", "export": "6200", "total": "52000",
        "listing": listing.pk, "source": "verified"}, follow=True)
    assert "บันทึกยอดขายและรายงานเข้าผลลัพธ์ของโครงการแล้ว" in response.content.decode()
    assert Observation.objects.get(indicator__code="online_sales", entrepreneur=world.phuket).origin.startswith(
        "global_trade.ChannelSales:")
    chart = response.context["chart"]
    online = next(s for s in chart["series"] if s["key"] == "online")
    assert online["data"][-1] == 18500.0 and chart["marks"][0]["text"] == "เริ่มกิจกรรม"


def test_hs_finder_in_thai_and_officers_add_national_codes(client, world, gt):
    client.force_login(world.consultant)
    page = client.get(f"{BASE}/hs/", {"q": "ผ้าไหม"})
    assert "500720" in page.content.decode() and "เพิ่มรหัสพิกัดระดับประเทศ" not in page.content.decode()
    assert client.post(f"{BASE}/hs/", {"code": "50072010", "description_th": "ผ้าไหม", "source": "AHTN"}).status_code == 403
    client.force_login(world.officer)
    added = client.post(f"{BASE}/hs/", {"code": "5007.20.10", "description_th": "ผ้าไหมทอมือ", "source": "AHTN 2022"})
    assert added.status_code == 302 and NationalCode.objects.get().code == "50072010"
    assert "ผ้าไหมทอมือ" in client.get(f"{BASE}/hs/", {"q": "500720"}).content.decode()


def test_pages_make_the_same_number_of_queries_however_many_listings(client, world, gt, built):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from uplift.registry.actions import product_create

    client.force_login(world.consultant)
    pages = (f"{BASE}/", f"{BASE}/enrolments/{gt.phuket.pk}/", f"{BASE}/enrolments/{gt.phuket.pk}/feeds/google_merchant.tsv")

    def counts():
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    counts()  # the first request of a session may write the session itself
    before = counts()
    for n in range(5):
        product = product_create(actor=world.admin, entrepreneur_id=world.phuket.pk, data={
            "name_th": f"ผ้าบาติกลายที่ {n}", "name_en": "", "category": "textile", "star_rating": None,
            "star_year": None, "unit": "ผืน", "price": Decimal("350")})
        listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=product,
                                         data={**BATIK, "sku": f"PT-{n}", "published": True})
        actions.listing_image_add(actor=world.consultant, listing=listing, upload=upload(photo(600, 600)))
    assert counts() == before
