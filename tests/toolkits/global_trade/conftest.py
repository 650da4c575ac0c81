"""Activity 1 enrolments of the world's two entrepreneurs in a round that ended last month, a batik
listing's fields, listings built for Phuket, photos made with Pillow, and Chromium for the browser test."""

import io
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from PIL import Image, ImageDraw


def photo(width: int = 1600, height: int = 1600, fmt: str = "JPEG") -> bytes:
    """A product on a white background, filling the middle of the frame."""
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((width // 8, height // 8, width * 7 // 8, height * 7 // 8), fill=(120, 40, 90))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def upload(data: bytes, name: str = "batik.jpg", content_type: str = "image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


BATIK = {
    "title_th": "ผ้าบาติกลายปลา เขียนมือ ภูเก็ต", "title_en": "Hand-painted Fish Batik from Phuket",
    "description_th": "ผ้าบาติกเขียนมือลายปลา สีย้อมธรรมชาติ", "description_en": "Hand-painted batik with a fish pattern.",
    "brand": "บาติกป่าตอง Patong Batik", "sku": "PT-BATIK-01", "gtin": "8851234567898", "price": "450",
    "currency": "THB", "stock": "30", "net_weight_g": "180", "package_weight_g": "240", "package_length_cm": "30",
    "package_width_cm": "22", "package_height_cm": "3", "materials": "ผ้าฝ้าย, cotton", "hs_code": "520852",
    "category_path": "แฟชั่นผู้หญิง > ผ้าพันคอ > ผ้าบาติก", "variations": "ฟ้า, เขียว", "link": "https://patong-batik.example/fish",
}


@pytest.fixture
def gt(world):
    """A round that started five months ago and ended last month: its end-of-round wave month is past,
    so sales of that month can be reported. Phuket (the consultant's) and Chiang Mai (the owner's) are
    active in activity 1; Phuket also has its own entrepreneur account."""
    from uplift.access.actions import user_create
    from uplift.access.models import Role
    from uplift.programme import actions as programme
    from uplift.programme.models import Activity, Enrolment, Round, RoundActivity
    from tests.factories import PASSWORD

    this_month = timezone.localdate().replace(day=1)
    starts = this_month - relativedelta(months=5)
    ends = this_month - timedelta(days=1)
    round_ = Round.objects.create(name="รอบที่ 1/2570", starts_on=starts, ends_on=ends, budget=Decimal("1000000"),
                                  target_entrepreneurs=100, target_value=Decimal("5000000"))
    ra1 = RoundActivity.objects.create(round=round_, activity=Activity.objects.get(number=1), places=5,
                                       cost_per_place=Decimal("20000"), required_hours=6)
    ra5 = RoundActivity.objects.create(round=round_, activity=Activity.objects.get(number=5), places=5,
                                       cost_per_place=Decimal("50000"))
    enrolments = {}
    for key, entrepreneur in (("phuket", world.phuket), ("chiangmai", world.chiangmai)):
        enrolment = Enrolment.objects.create(round_activity=ra1, entrepreneur=entrepreneur, status="offered")
        programme.enrolment_transition(actor=world.admin, enrolment_id=enrolment.pk, action="accept", on=starts)
        programme.enrolment_transition(actor=world.admin, enrolment_id=enrolment.pk, action="start", on=starts)
        enrolment.refresh_from_db()
        enrolments[key] = enrolment
    standards = Enrolment.objects.create(round_activity=ra5, entrepreneur=world.phuket, status="offered")
    phuket_owner = user_create(actor=world.admin, username="batik_owner", password=PASSWORD, role=Role.ENTREPRENEUR,
                               entrepreneur=world.phuket)
    return SimpleNamespace(round=round_, phuket=enrolments["phuket"], chiangmai=enrolments["chiangmai"],
                           standards=standards, phuket_owner=phuket_owner, batik=world.phuket.products.get(),
                           silk=world.chiangmai.products.get(), end_month=ends.replace(day=1))


@pytest.fixture
def built(world, gt):
    """Phuket's batik: a listing that passes every target, with a 1,600-pixel photo, public; and a second
    product whose English title is too long and whose only photo is small."""
    from uplift.registry.actions import product_create
    from uplift.toolkits.global_trade import actions as gt_actions

    listing = gt_actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik,
                                     data={**BATIK, "link": "", "published": True})
    gt_actions.listing_image_add(actor=world.consultant, listing=listing, upload=upload(photo()))
    shirt = product_create(actor=world.admin, entrepreneur_id=world.phuket.pk, data={
        "name_th": "เสื้อบาติกลายดอกลีลาวดี", "name_en": "", "category": "textile", "star_rating": None,
        "star_year": None, "unit": "ตัว", "price": Decimal("690")})
    bad = gt_actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=shirt, data={
        **BATIK, "title_th": "เสื้อบาติกลายดอกลีลาวดี", "title_en": ("Batik Shirt " * 15).strip(), "sku": "PT-SHIRT",
        "gtin": "", "link": "", "published": True})
    gt_actions.listing_image_add(actor=world.consultant, listing=bad, upload=upload(photo(400, 400)))
    return listing, bad


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US", "timezone_id": "Asia/Bangkok"}
