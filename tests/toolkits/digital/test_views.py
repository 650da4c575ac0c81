"""The digital pages: who sees which enrolment, the questionnaire form, the workspace's figures and forms."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from tests.toolkits.digital.test_actions import answer
from uplift.outcomes.models import Observation
from uplift.programme.models import Activity, Enrolment, RoundActivity
from uplift.toolkits.digital.models import Assessment, PresentationCheck, Respondent, RoadmapItem


def form_data(answers: dict, **extra) -> dict:
    return {"name": "นางสมศรี ใจดี", "role": "owner", **answers, **extra}


def png(size=(1200, 1200), box=(60, 60, 1139, 1139), background="white") -> SimpleUploadedFile:
    image = Image.new("RGB", size, background)
    ImageDraw.Draw(image).rectangle(box, fill=(150, 40, 60))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("ผ้าบาติก.png", buffer.getvalue(), content_type="image/png")


def test_index_lists_the_actors_enrolments_of_this_activity(client, world, digital):
    client.force_login(world.consultant)
    html = client.get("/toolkits/digital/").content.decode()
    assert world.phuket.name_th in html and world.chiangmai.name_th not in html
    client.force_login(world.owner)
    html = client.get("/toolkits/digital/?sort=-started").content.decode()
    assert world.chiangmai.name_th in html and world.phuket.name_th not in html
    client.force_login(world.admin)
    assert client.get("/toolkits/digital/").context["page"].paginator.count == 2


def test_index_empty_state_is_thai(client, world):
    client.force_login(world.consultant)
    assert "ยังไม่มีผู้ประกอบการ" in client.get("/toolkits/digital/").content.decode()


def test_workspace_scope(client, world, digital):
    for user, status in [(world.consultant, 200), (world.officer, 200), (world.executive, 200),
                         (digital.other, 404), (world.owner, 404)]:
        client.force_login(user)
        assert client.get(f"/toolkits/digital/enrolments/{digital.phuket.pk}/").status_code == status, user
    client.force_login(world.owner)
    own = client.get(f"/toolkits/digital/enrolments/{digital.chiangmai.pk}/")
    assert own.status_code == 200 and own.context["can_own"] and not own.context["can_work"]
    ra = RoundActivity.objects.create(round=digital.round, activity=Activity.objects.get(code="lean"), places=5,
                                      cost_per_place=1000)
    lean = Enrolment.objects.create(round_activity=ra, entrepreneur=world.chiangmai, status="active")
    assert client.get(f"/toolkits/digital/enrolments/{lean.pk}/").status_code == 404


def test_the_owner_fills_the_assessment_on_the_form(client, world, digital, owner_t0):
    client.force_login(world.owner)
    url = f"/toolkits/digital/enrolments/{digital.chiangmai.pk}/assess/?wave=t0"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "digital/assess.js" in html
    assert "กลยุทธ์ธุรกิจดิจิทัล" in html and page.context["form"].initial == {"role": "owner"}
    partial = dict(owner_t0)
    del partial["green_ewaste"]
    bad = client.post(url, form_data({k: v for k, v in partial.items()}))
    assert bad.status_code == 200 and bad.context["form"].errors["green_ewaste"] == ["ยังไม่ได้ตอบ"]
    done = client.post(url, form_data(owner_t0))
    assert done.status_code == 302 and done["Location"].endswith("#assessment")
    respondent = Respondent.objects.get()
    assert respondent.overall == pytest.approx(26.25) and respondent.created_by == world.owner
    edit = client.get(f"/toolkits/digital/respondents/{respondent.pk}/")
    assert edit.context["form"].initial["strategy_areas"] == ["marketing", "customer_service"]
    assert client.post(f"/toolkits/digital/respondents/{respondent.pk}/",
                       form_data(owner_t0 | {"strategy_plan": "written"})).status_code == 302
    respondent.refresh_from_db()
    assert respondent.answers["strategy_plan"] == "written"
    client.force_login(digital.other)
    assert client.get(f"/toolkits/digital/respondents/{respondent.pk}/").status_code == 200  # centre 1 sees Chiang Mai
    client.force_login(world.consultant)
    assert client.get(f"/toolkits/digital/respondents/{respondent.pk}/").status_code == 404


def test_workspace_shows_radar_scores_and_links(client, world, digital, owner_t0, owner_t1):
    answer(world.consultant, digital.phuket, owner_t0)
    answer(world.consultant, digital.phuket, owner_t1, wave="t1")
    client.force_login(world.consultant)
    response = client.get(f"/toolkits/digital/enrolments/{digital.phuket.pk}/")
    html = response.content.decode()
    assert 'id="radar-chart"' in html and "vendor/echarts.min.js" in html and "cdn" not in html.lower()
    assert "26.2" in html and "31.1" in html and "+4.9" in html
    assert f"/entrepreneurs/{world.phuket.pk}/" in html and f"/programme/enrolments/{digital.phuket.pk}/" in html
    radar = response.context["charts"]["radar"]
    assert [i["name"] for i in radar["indicator"]][0] == "กลยุทธ์ธุรกิจดิจิทัล"
    assert radar["series"][0]["value"] == [30.0, 52.5, 37.0, 24.0, 5.0, 9.0]


def test_workspace_forms_record_plan_and_check(client, world, digital, owner_t0):
    answer(world.consultant, digital.phuket, owner_t0)
    assessment = Assessment.objects.get()
    client.force_login(world.consultant)
    url = f"/toolkits/digital/enrolments/{digital.phuket.pk}/"
    assert client.post(url, {"form": "record", "assessment": assessment.pk}).status_code == 302
    assert Observation.objects.get(indicator__code="digital_maturity").origin == assessment.origin
    built = client.post(url, {"form": "roadmap", "wave": "t0", "starts_on": "2026-01-05", "days_per_week": "2"})
    assert built.status_code == 302 and built["Location"].endswith("#roadmap")
    item = RoadmapItem.objects.order_by("step").first()
    milestone = digital.phuket.milestones.order_by("-due_on").first()
    saved = client.post(url, {"form": "item", "item": item.pk, "due_on": "2026-02-01", "done_on": "2026-01-30",
                              "milestone": milestone.pk})
    assert saved.status_code == 302
    item.refresh_from_db()
    assert (item.due_on, item.done_on, item.milestone) == (date(2026, 2, 1), date(2026, 1, 30), milestone)
    checked = client.post(url, {"form": "check", "marketplaces": ["amazon", "shopee_th"], "photo": png(),
                                "title_th": "ผ้าบาติกลายปลา " * 8})
    assert checked.status_code == 302, checked.context["check_form"].errors
    check = PresentationCheck.objects.get()
    assert check.photo.name.startswith(f"toolkits/digital/photos/{digital.phuket.pk}/")
    rules = {f["rule"] for f in check.result["findings"]}
    assert "shopee_name_too_long" in rules and "amazon_main_fill" not in rules  # 1080 / 1200 = 90% fill
    html = client.get(url).content.decode()
    assert "ชื่อสินค้ายาว" in html
    assert client.get(f"/toolkits/digital/checks/{check.pk}/photo/").status_code == 200
    not_an_image = client.post(url, {"form": "check", "marketplaces": ["amazon"],
                                     "photo": SimpleUploadedFile("x.png", b"not a photo", content_type="image/png")})
    assert not_an_image.status_code == 200 and "photo" in not_an_image.context["check_form"].errors
    client.force_login(digital.other)
    assert client.get(f"/toolkits/digital/checks/{check.pk}/photo/").status_code == 404
    assert client.post(url, {"form": "roadmap"}).status_code == 404


def test_the_owner_checks_photos_but_does_not_plan(client, world, digital, owner_t0):
    answer(world.owner, digital.chiangmai, owner_t0)
    client.force_login(world.owner)
    url = f"/toolkits/digital/enrolments/{digital.chiangmai.pk}/"
    assert client.post(url, {"form": "check", "marketplaces": ["google_merchant"],
                             "photo": png(background=(200, 180, 150))}).status_code == 302
    assert PresentationCheck.objects.get().passed is True  # Google's background and fill rules are warnings
    assert client.post(url, {"form": "roadmap", "wave": "t0", "starts_on": "2026-01-05",
                             "days_per_week": "2"}).status_code == 403
    assert client.post(url, {"form": "record", "assessment": Assessment.objects.get().pk}).status_code == 403


def test_dates_display_in_buddhist_era(client, world, digital, owner_t0):
    answer(world.consultant, digital.phuket, owner_t0)
    client.force_login(world.consultant)
    url = f"/toolkits/digital/enrolments/{digital.phuket.pk}/"
    client.post(url, {"form": "roadmap", "wave": "t0", "starts_on": "2026-01-05", "days_per_week": "2"})
    html = client.get(url).content.decode()
    assert "11 ม.ค. 2569" in html


def test_photos_are_stored_and_served_as_what_they_are(client, world, digital):
    client.force_login(world.consultant)
    url = f"/toolkits/digital/enrolments/{digital.phuket.pk}/"
    disguised = png()
    disguised.name = "หน้าร้าน.html"
    assert client.post(url, {"form": "check", "marketplaces": ["amazon"], "photo": disguised}).status_code == 302
    check = PresentationCheck.objects.get()
    assert check.photo.name.endswith(".png")
    served = client.get(f"/toolkits/digital/checks/{check.pk}/photo/")
    assert served["Content-Type"] == "image/png"
    gif = io.BytesIO()
    Image.new("RGB", (800, 800), "white").save(gif, "GIF")
    refused = client.post(url, {"form": "check", "marketplaces": ["amazon"],
                                "photo": SimpleUploadedFile("ภาพ.gif", gif.getvalue(), content_type="image/gif")})
    assert refused.status_code == 200 and refused.context["check_form"].errors["photo"] == ["รับเฉพาะภาพ JPEG, PNG หรือ WebP"]
