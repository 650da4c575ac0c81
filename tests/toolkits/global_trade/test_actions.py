"""The toolkit's writes: access through the policy, Thai validation by field, checks naming each failing
rule, photos measured with Pillow, quotes by hand, and sales flowing into the outcomes observations."""

from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from uplift.audit.models import AuditEntry
from uplift.outcomes.models import Observation
from uplift.toolkits.global_trade import actions
from uplift.toolkits.global_trade.models import ChannelSales, Listing, ListingCheck, NationalCode, PriceQuote

from .conftest import BATIK, photo, upload

def failing(listing, target):
    check = ListingCheck.objects.get(listing=listing, target=target)
    return [i["rule"] for i in check.issues if i["severity"] == "error"]


def test_a_consultant_builds_a_listing_and_every_target_is_checked(world, gt):
    listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik, data=BATIK)
    assert listing.materials == ["ผ้าฝ้าย", "cotton"]
    assert listing.category_path == ["แฟชั่นผู้หญิง", "ผ้าพันคอ", "ผ้าบาติก"]
    assert set(listing.checks.values_list("target", flat=True)) == {"google_merchant", "lazada_th", "schema_org",
                                                                   "shopee_th"}
    # no photo yet: every target names the missing image
    assert failing(listing, "google_merchant") == ["gmc_image_required"]
    assert failing(listing, "schema_org") == ["schema_image_required"]
    check = ListingCheck.objects.get(listing=listing, target="google_merchant")
    assert check.issues[0]["message_th"] == "ต้องมีรูปสินค้าอย่างน้อย 1 รูป (image_link)"
    assert AuditEntry.objects.filter(model="global_trade.Listing", object_pk=str(listing.pk), action="create").exists()


def test_a_photo_is_measured_and_a_small_one_fails_with_its_size_named(world, gt):
    listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik, data=BATIK)
    small = actions.listing_image_add(actor=world.consultant, listing=listing, upload=upload(photo(400, 400)))
    assert (small.width, small.height, small.format) == (400, 400, "JPEG")
    assert small.border_white_share == pytest.approx(1.0)
    assert small.fill_longest_share == pytest.approx(0.75, abs=0.02)
    assert failing(listing, "google_merchant") == ["gmc_image_too_small"]
    issue = next(i for i in ListingCheck.objects.get(listing=listing, target="google_merchant").issues
                 if i["rule"] == "gmc_image_too_small")
    assert issue["message_th"] == "รูปสินค้าขนาด 400×400 #1 เล็กกว่าขั้นต่ำ 500×500 พิกเซล"
    actions.listing_image_remove(actor=world.consultant, image=small)
    actions.listing_image_add(actor=world.consultant, listing=listing, upload=upload(photo(1600, 1600)))
    assert failing(listing, "google_merchant") == []
    assert ListingCheck.objects.get(listing=listing, target="google_merchant").passed


def test_the_main_photo_can_be_changed(world, gt):
    listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik, data=BATIK)
    first = actions.listing_image_add(actor=world.consultant, listing=listing, upload=upload(photo(800, 800)))
    second = actions.listing_image_add(actor=world.consultant, listing=listing, upload=upload(photo(1600, 1600)))
    warnings = [i["rule"] for i in ListingCheck.objects.get(listing=listing, target="google_merchant").issues]
    assert warnings == ["gmc_image_below_recommended"]
    actions.listing_image_first(actor=world.consultant, image=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (0, 1)
    assert ListingCheck.objects.get(listing=listing, target="google_merchant").issues == []


def test_what_is_not_a_photo_is_refused_in_thai(world, gt):
    listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik, data=BATIK)
    with pytest.raises(ValidationError) as refused:
        actions.listing_image_add(actor=world.consultant, listing=listing,
                                  upload=upload(b"%PDF-1.4 not a photo", "menu.pdf", "application/pdf"))
    assert "ไฟล์นี้ไม่ใช่รูปภาพที่อ่านได้" in refused.value.message_dict["file"][0]


def test_a_too_long_title_is_saved_and_named_then_fixed(world, gt):
    long_title = "Hand-painted Fish Batik " * 7
    listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik,
                                     data={**BATIK, "title_en": long_title})
    actions.listing_image_add(actor=world.consultant, listing=listing, upload=upload(photo()))
    assert failing(listing, "google_merchant") == ["gmc_title_too_long"]
    check = ListingCheck.objects.get(listing=listing, target="google_merchant")
    assert check.issues[0]["message_th"] == f"ชื่อสินค้าภาษาอังกฤษยาว {len(long_title.strip())} ตัวอักษร เกิน 150"
    actions.listing_update(actor=world.consultant, listing=listing, data={"title_en": "Hand-painted Fish Batik"})
    assert failing(listing, "google_merchant") == []
    entry = AuditEntry.objects.filter(model="global_trade.Listing", action="update").get()
    assert entry.changes["title_en"][1] == "Hand-painted Fish Batik"


@pytest.mark.parametrize("field, value, message", [
    ("hs_code", "770000", "770000"),
    ("hs_code", "5208", "6"),
    ("price", "-5", "ติดลบ"),
    ("currency", "บาท", "ISO 4217"),
    ("link", "ไม่ใช่ลิงก์", "https://"),
    ("condition", "มือสอง", "ปรับสภาพ"),
    ("title_th", "  ", "ชื่อสินค้าภาษาไทย"),
])
def test_bad_fields_are_refused_by_name_in_thai(world, gt, field, value, message):
    with pytest.raises(ValidationError) as refused:
        actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik,
                               data={**BATIK, field: value})
    assert message in " ".join(refused.value.message_dict[field])
    assert not Listing.objects.exists()


def test_an_eight_digit_national_code_on_a_real_subheading_is_accepted(world, gt):
    listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik,
                                     data={**BATIK, "hs_code": "5208.52.00"})
    assert listing.hs_code == "52085200"


def test_a_product_of_another_entrepreneur_or_a_second_listing_is_refused(world, gt):
    with pytest.raises(ValidationError) as other:
        actions.listing_create(actor=world.admin, enrolment=gt.phuket, product=gt.silk, data=BATIK)
    assert "ผู้ประกอบการรายอื่น" in other.value.message_dict["product"][0]
    actions.listing_create(actor=world.admin, enrolment=gt.phuket, product=gt.batik, data=BATIK)
    with pytest.raises(ValidationError) as twice:
        actions.listing_create(actor=world.admin, enrolment=gt.phuket, product=gt.batik, data=BATIK)
    assert "product" in twice.value.message_dict


def test_an_enrolment_of_another_activity_or_not_started_is_refused(world, gt):
    with pytest.raises(ValidationError) as refused:
        actions.listing_create(actor=world.admin, enrolment=gt.standards, product=gt.batik, data=BATIK)
    assert "enrolment" in refused.value.message_dict


def test_who_may_build_a_listing(world, gt):
    # the officer of centre 10 (Phuket) does not see Chiang Mai: 404, never "it exists but…"
    with pytest.raises(Http404):
        actions.listing_create(actor=world.officer, enrolment=gt.chiangmai, product=gt.silk, data={})
    with pytest.raises(Http404):
        actions.listing_create(actor=world.consultant, enrolment=gt.chiangmai, product=gt.silk, data={})
    with pytest.raises(Http404):
        actions.listing_create(actor=world.owner, enrolment=gt.phuket, product=gt.batik, data={})
    # the executive sees the enrolment but does not work on listings
    with pytest.raises(PermissionDenied):
        actions.listing_create(actor=world.executive, enrolment=gt.phuket, product=gt.batik, data={})
    # the Chiang Mai group builds its own product's listing
    own = actions.listing_create(actor=world.owner, enrolment=gt.chiangmai, product=gt.silk, data={})
    assert own.title_th == "ผ้าไหมทอมือ" and own.price == Decimal("1200.00")
    with pytest.raises(Http404):
        actions.listing_update(actor=world.consultant, listing=own, data={"title_th": "ผ้าไหม"})


def test_events_are_dated_once_per_channel(world, gt):
    listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik, data=BATIK)
    day = gt.end_month - relativedelta(months=2)
    actions.listing_event_record(actor=world.consultant, listing=listing, kind="live", channel="Shopee", on=day)
    again = actions.listing_event_record(actor=world.consultant, listing=listing, kind="live", channel="Shopee",
                                         on=day + relativedelta(days=3), url="https://shopee.co.th/batik")
    assert listing.events.count() == 1 and again.on == day + relativedelta(days=3)
    with pytest.raises(ValidationError) as future:
        actions.listing_event_record(actor=world.consultant, listing=listing, kind="first_online_order",
                                     channel="Shopee", on=date.today() + relativedelta(days=2))
    assert "อนาคต" in future.value.message_dict["on"][0]


# ---- export price quotes ------------------------------------------------------------------------

def test_a_quote_is_saved_with_every_price_worked_out_by_hand(world, gt):
    quote = actions.price_quote_save(actor=world.consultant, enrolment=gt.phuket, data={
        "title": "ผ้าบาติก 100 ผืน ส่งโอซากา", "product": gt.batik, "destination_place": "Osaka, Japan",
        "quote_date": date(2026, 12, 10), "exw": "300", "margin": "0.25", "packing": "12", "inland": "6",
        "clearance": "4", "handling": "8", "freight": "35", "insurance_rate": "0.005", "quantity": "100"})
    prices = {p["rule"]: p["per_unit"] for p in quote.result["prices"]}
    # ICC Incoterms 2020, A9/B9 (costs to the delivery point) and A5 (insurance on 110%):
    # EXW = 300 × 1.25 = 375; FCA = 375 + 12 + 6 + 4 = 397; FOB = 397 + 8 = 405; CFR = 405 + 35 = 440
    # CIF = 440 / (1 − 1.1 × 0.005) = 440 / 0.9945 = 442.4334… → 442.43; CPT = 440; CIP = 442.43
    assert prices == {"EXW": "375.00", "FCA": "397.00", "FOB": "405.00", "CFR": "440.00", "CIF": "442.43",
                      "CPT": "440.00", "CIP": "442.43"}
    # totals: the rounded unit price × 100
    assert next(p for p in quote.result["prices"] if p["rule"] == "CIF")["total"] == "44243.00"
    assert quote.result["unavailable"] == [{"rule": "DAP", "missing": ["destination"]}]
    assert (quote.exw, quote.margin, quote.quantity) == (Decimal("300"), Decimal("0.25"), 100)


def test_a_dollar_quote_uses_the_dated_rate_entered(world, gt):
    quote = actions.price_quote_save(actor=world.owner, enrolment=gt.chiangmai, data={
        "title": "ผ้าไหม 20 เมตร", "quote_date": date(2026, 12, 10), "exw": "1050", "packing": "20", "inland": "10",
        "clearance": "5", "handling": "15", "quantity": 20, "currency": "usd", "rate_thb_per_unit": "35",
        "rate_on": date(2026, 12, 9)})
    prices = {p["rule"]: p["per_unit"] for p in quote.result["prices"]}
    # EXW 1,050 / 35 = 30.00 USD; FCA = (1,050 + 20 + 10 + 5) / 35 = 1,085 / 35 = 31.00;
    # FOB = (1,085 + 15) / 35 = 1,100 / 35 = 31.428… → 31.43 (exact baht divided by the rate, then rounded)
    assert prices == {"EXW": "30.00", "FCA": "31.00", "FOB": "31.43"}
    assert quote.currency == "USD" and quote.rate_on == date(2026, 12, 9)


@pytest.mark.parametrize("data, field", [
    ({"exw": ""}, "exw"),
    ({"exw": "-1"}, "exw"),
    ({"insurance_rate": "0.95"}, "insurance_rate"),
    ({"quantity": "0"}, "quantity"),
    ({"currency": "USD"}, "rate_thb_per_unit"),
    ({"currency": "USD", "rate_thb_per_unit": "35", "rate_on": date(2026, 12, 20)}, "rate_on"),
    ({"title": ""}, "title"),
])
def test_quote_inputs_are_refused_by_field(world, gt, data, field):
    base = {"title": "ผ้าบาติก", "quote_date": date(2026, 12, 10), "exw": "300"}
    with pytest.raises(ValidationError) as refused:
        actions.price_quote_save(actor=world.consultant, enrolment=gt.phuket, data={**base, **data})
    assert field in refused.value.message_dict
    assert not PriceQuote.objects.exists()


# ---- online and export sales into outcomes ------------------------------------------------------

def test_sales_of_the_end_month_write_the_observations_with_their_origin(world, gt):
    listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik, data=BATIK)
    record = actions.channel_sales_record(actor=world.consultant, enrolment=gt.phuket, month=gt.end_month,
                                          online="18500", export="6200", total="52000", online_orders=41,
                                          listing=listing)
    assert record.wave == "end" and record.source == "verified"
    observations = {o.indicator.code: o for o in Observation.objects.filter(entrepreneur=world.phuket, wave="end")}
    assert {k: o.value for k, o in observations.items()} == {
        "online_sales": Decimal("18500.00"), "export_sales": Decimal("6200.00"), "sales": Decimal("52000.00")}
    for observation in observations.values():
        assert observation.origin == f"global_trade.ChannelSales:{record.pk}"
        assert observation.entered_by == world.consultant and observation.source == "verified"
        assert observation.period == gt.end_month and "ผ้าบาติกลายปลา เขียนมือ ภูเก็ต" in observation.note
    # entered again: the month and its observations are replaced, not doubled
    actions.channel_sales_record(actor=world.consultant, enrolment=gt.phuket, month=gt.end_month, online="19000",
                                 export="6200")
    assert ChannelSales.objects.count() == 1
    assert Observation.objects.get(entrepreneur=world.phuket, wave="end", indicator__code="online_sales").value == 19000


def test_a_month_that_is_no_wave_is_only_recorded(world, gt):
    month = gt.end_month - relativedelta(months=2)
    record = actions.channel_sales_record(actor=world.consultant, enrolment=gt.phuket, month=month, online="9000",
                                          export="0")
    assert record.wave == ""
    assert not Observation.objects.filter(origin__startswith="global_trade.").exists()


def test_the_owner_self_reports_and_cannot_mark_verified(world, gt):
    with pytest.raises(ValidationError) as refused:
        actions.channel_sales_record(actor=world.owner, enrolment=gt.chiangmai, month=gt.end_month, online="5000",
                                     export="0", source="verified")
    assert "source" in refused.value.message_dict
    record = actions.channel_sales_record(actor=world.owner, enrolment=gt.chiangmai, month=gt.end_month,
                                          online="5000", export="0")
    assert record.source == "self"
    assert Observation.objects.get(entrepreneur=world.chiangmai, indicator__code="online_sales").source == "self"


@pytest.mark.parametrize("data, field", [
    ({"online": "-1"}, "online"),
    ({"online": "100", "export": "50", "total": "120"}, "total"),
    ({"month": date(2100, 1, 1)}, "month"),
    ({"source": "document"}, "document"),
    ({"wave": "m9"}, "wave"),
])
def test_sales_are_refused_by_field(world, gt, data, field):
    base = {"month": gt.end_month, "online": "100", "export": "0"}
    with pytest.raises(ValidationError) as refused:
        actions.channel_sales_record(actor=world.consultant, enrolment=gt.phuket, **{**base, **data})
    assert field in refused.value.message_dict
    assert not ChannelSales.objects.exists() and not Observation.objects.filter(origin__startswith="global").exists()


def test_sales_of_another_centre_are_out_of_sight(world, gt):
    with pytest.raises(Http404):
        actions.channel_sales_record(actor=world.officer, enrolment=gt.chiangmai, month=gt.end_month, online="1",
                                     export="0")


# ---- national tariff codes ----------------------------------------------------------------------

def test_officers_add_national_codes_and_consultants_may_not(world, gt):
    code = actions.national_code_add(actor=world.officer, code="5208.52.90", description_th="ผ้าฝ้ายพิมพ์ลาย อื่น ๆ",
                                     source="พิกัดอัตราศุลกากร (AHTN 2022)")
    assert (code.code, code.hs6) == ("52085290", "520852")
    with pytest.raises(ValidationError) as twice:
        actions.national_code_add(actor=world.officer, code="52085290", description_th="ซ้ำ", source="AHTN")
    assert "code" in twice.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        actions.national_code_add(actor=world.admin, code="77000000", description_th="ไม่มี", source="AHTN")
    assert "code" in unknown.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.national_code_add(actor=world.consultant, code="52085210", description_th="ผ้า", source="AHTN")
    assert NationalCode.objects.count() == 1
