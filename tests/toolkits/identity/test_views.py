"""The identity pages: who sees which enrolment, the worksheet, brief, versions and compare, stars, launches."""

from tests.toolkits.identity.conftest import png
from tests.toolkits.identity.core.test_label import CHILLI_PASTE
from tests.toolkits.identity.core.test_worksheet_brief import ANSWERS
from tests.toolkits.identity.test_actions import sales_series
from uplift.programme.models import Activity, Enrolment, RoundActivity
from uplift.toolkits.identity import actions
from uplift.toolkits.identity.models import Brief, Launch, MockupVersion, Photo, ReviewComment, StarAssessment


def test_index_lists_the_actors_enrolments_of_this_activity(client, world, identity):
    client.force_login(world.consultant)
    html = client.get("/toolkits/identity/").content.decode()
    assert world.phuket.name_th in html and world.chiangmai.name_th not in html
    client.force_login(world.owner)
    html = client.get("/toolkits/identity/?sort=-round").content.decode()
    assert world.chiangmai.name_th in html and world.phuket.name_th not in html
    client.force_login(world.admin)
    assert client.get("/toolkits/identity/").context["page"].paginator.count == 2


def test_index_empty_state_is_thai(client, world):
    client.force_login(world.consultant)
    assert "ยังไม่มีผู้ประกอบการ" in client.get("/toolkits/identity/").content.decode()


def test_workspace_scope(client, world, identity):
    url = f"/toolkits/identity/enrolments/{identity.phuket.pk}/"
    for user, status in [(world.consultant, 200), (world.officer, 200), (world.executive, 200),
                         (identity.other, 404), (world.owner, 404), (identity.designer, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(world.owner)
    own = client.get(f"/toolkits/identity/enrolments/{identity.chiangmai.pk}/")
    assert own.status_code == 200 and not own.context["can_work"] and own.context["can_own"]
    assert client.post(f"/toolkits/identity/enrolments/{identity.chiangmai.pk}/",
                       {"form": "brief", "title": "x"}).status_code == 403


def test_another_activitys_enrolment_is_not_found_here(client, world, identity):
    ra = RoundActivity.objects.create(round=identity.round, activity=Activity.objects.get(code="lean"), places=5,
                                      cost_per_place=1000)
    other = Enrolment.objects.create(round_activity=ra, entrepreneur=world.phuket, status="active")
    client.force_login(world.admin)
    assert client.get(f"/toolkits/identity/enrolments/{other.pk}/").status_code == 404


def test_worksheet_form_and_photos(client, world, identity):
    client.force_login(world.owner)
    url = f"/toolkits/identity/enrolments/{identity.chiangmai.pk}/worksheet/"
    form = {"form": "worksheet", "local_story": ANSWERS["local_story"], "place": "อำเภอสันกำแพง เชียงใหม่",
            "materials": "เส้นไหม\nครั่ง", "craft_technique": ANSWERS["craft_technique"], "people": ANSWERS["people"],
            "keywords": "ไหม\nทำมือ\nอบอุ่น", "colours": "#0E4D92, สีครั่ง"}
    assert client.post(url, form).status_code == 302
    page = client.get(url)
    assert page.context["view"].complete and "สีครั่ง" in page.content.decode()
    bad = client.post(url, form | {"keywords": "ไหม"})
    assert bad.status_code == 200 and "keywords" in bad.context["form"].errors
    assert client.post(url, {"form": "photo", "image": png("ลาย.png"), "caption": "ลายดอกแก้ว"}).status_code == 302
    photo = Photo.objects.get()
    assert client.get(f"/toolkits/identity/photos/{photo.pk}/").status_code == 200
    client.force_login(world.consultant)
    assert client.get(url).status_code == 404
    assert client.get(f"/toolkits/identity/photos/{photo.pk}/").status_code == 404


def test_brief_versions_comments_compare_and_approval(client, world, identity):
    client.force_login(identity.designer)
    response = client.post(f"/toolkits/identity/enrolments/{identity.chiangmai.pk}/",
                           {"form": "brief", "title": "ถุงผ้าไหมของฝาก", "product": identity.silk.pk})
    brief = Brief.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/toolkits/identity/briefs/{brief.pk}/"
    url = f"/toolkits/identity/briefs/{brief.pk}/"
    for note in ("แบบแรก", "ปรับสี"):
        assert client.post(url, {"form": "version", "file": png(), "note": note}).status_code == 302
    v1, v2 = MockupVersion.objects.order_by("number")
    html = client.get(url).content.decode()
    assert 'data-version="1"' in html and 'data-version="2"' in html and "ปรับสี" in html
    assert client.get(f"/toolkits/identity/versions/{v1.pk}/file/").status_code == 200
    compare = client.get(f"/toolkits/identity/briefs/{brief.pk}/compare/?a=1&b=2")
    assert compare.status_code == 200 and compare.context["a"].version == v1
    assert client.post(url, {"form": "approve", "version": v1.pk}).status_code == 302
    brief.refresh_from_db()
    assert brief.status == "review"
    client.force_login(world.owner)
    version_url = f"/toolkits/identity/versions/{v1.pk}/"
    assert client.post(version_url, {"form": "comment", "text": "ตัวอักษรเล็กไป", "x": "30", "y": "70"}).status_code == 302
    assert ReviewComment.objects.get().y == 70
    assert 'class="pin' in client.get(version_url).content.decode()
    assert client.post(version_url, {"form": "label"}).status_code == 403
    assert client.post(url, {"form": "approve", "version": v2.pk}).status_code == 302
    brief.refresh_from_db()
    assert brief.approved_version == v2
    client.force_login(world.consultant)
    assert client.get(url).status_code == 404 and client.get(version_url).status_code == 404


def test_label_checklist_on_a_version_names_missing_elements(client, world, identity):
    brief = actions.brief_create(actor=world.consultant, enrolment=identity.phuket, title="ฉลากน้ำพริก",
                                 product=identity.chilli)
    version = actions.version_upload(actor=world.consultant, brief=brief, file=png())
    client.force_login(world.consultant)
    url = f"/toolkits/identity/versions/{version.pk}/"
    label = CHILLI_PASTE
    form = {"form": "label", "product_name": label.product_name, "business_role": "maker",
            "business_name": label.business_name, "business_address": label.business_address,
            "net_quantity": "200", "net_unit": "กรัม", "date_phrase": "ควรบริโภคก่อน", "shelf_life_days": "30",
            "allergens_contained": ["crustacea"], "allergens_declared": ["crustacea"],
            "ingredient_name_0": "พริกแห้ง", "ingredient_percent_0": "60", "ingredient_name_1": "กุ้งเสียบ",
            "ingredient_percent_1": "40"}
    assert client.post(url, form).status_code == 302
    html = client.get(url).content.decode()
    assert 'data-rule="FL03" data-status="missing"' in html and "ไม่มีเลขสารบบอาหาร" in html
    assert 'data-rule="FL19" data-status="malformed"' in html


def test_star_page_saves_and_says_unconfirmed(client, world, identity):
    client.force_login(world.owner)
    url = f"/toolkits/identity/enrolments/{identity.chiangmai.pk}/stars/"
    page = client.get(url).content.decode()
    assert "unconfirmed" in page or "ยืนยัน" in page
    assert client.post(url, {"product": identity.silk.pk, "A1": "5", "B1": "6", "C1": "10", "C2": "9.5"}).status_code == 302
    assert StarAssessment.objects.get().total == 30.5
    bad = client.post(url, {"A1": "7"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_launch_page_its_chart_and_csv(client, world, identity):
    client.force_login(world.consultant)
    response = client.post(f"/toolkits/identity/enrolments/{identity.phuket.pk}/", {
        "form": "launch", "product": identity.batik.pk, "launch_month": "2026-01", "price_before": "450",
        "price_after": "590"})
    launch = Launch.objects.get()
    assert response["Location"] == f"/toolkits/identity/launches/{launch.pk}/"
    actions.launch_months_save(actor=world.consultant, launch=launch, rows=sales_series(8_000))
    url = f"/toolkits/identity/launches/{launch.pk}/"
    page = client.get(url)
    html = page.content.decode()
    assert page.context["figures"].its.verdict == "increase" and "its-chart" in html and "echarts.min.js" in html
    assert 'data-measure="level"' in html
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = client.post(url, {"form": "csv", "csv": SimpleUploadedFile("s.csv", "month,sales\n2027-01,abc\n".encode())})
    assert bad.status_code == 200 and "แถว 2 ช่อง sales" in str(bad.context["csv_form"].errors)
    workspace = client.get(f"/toolkits/identity/enrolments/{identity.phuket.pk}/")
    assert workspace.context["charts"]["launches"][0]["counterfactual"]
    assert client.post(f"/toolkits/identity/enrolments/{identity.phuket.pk}/",
                       {"form": "claim", "launches": [launch.pk], "wave": "end", "source": "verified"}).status_code == 302
