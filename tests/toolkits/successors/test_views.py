"""The successors pages: scope, the canvas form and its versions, the event page, the judge's sheet."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.toolkits.successors.test_actions import SHROUT_FLEISS, event_with_pitches, idea, score_matrix
from uplift.programme.models import Activity, Enrolment, RoundActivity
from uplift.toolkits.successors import actions
from uplift.toolkits.successors.models import Judge, Pitch, PitchEvent, PlanStep, Proposal, Score


def test_index_lists_enrolments_and_events_in_scope(client, world, successors, canvas):
    event, _seats = event_with_pitches(world, successors, canvas, pitches=2, judges=2)
    client.force_login(world.consultant)
    response = client.get("/toolkits/successors/")
    html = response.content.decode()
    assert world.phuket.name_th in html and world.chiangmai.name_th not in html
    assert response.context["page"].paginator.count == 1
    assert f"/toolkits/successors/events/{event.pk}/score/" in html  # a seat on the panel
    assert f'href="/toolkits/successors/events/{event.pk}/"' not in html  # not the consultant's event to run
    client.force_login(world.officer)
    html = client.get("/toolkits/successors/").content.decode()
    assert f'href="/toolkits/successors/events/{event.pk}/"' in html and "/toolkits/successors/events/new/" in html
    client.force_login(world.owner)
    response = client.get("/toolkits/successors/")
    assert response.context["page"].paginator.count == 1 and not response.context["can_organise"]
    assert "/events/new/" not in response.content.decode()


def test_index_empty_state_is_thai(client, world):
    client.force_login(world.consultant)
    assert "ยังไม่มีผู้ประกอบการ" in client.get("/toolkits/successors/").content.decode()


def test_the_owner_writes_and_revises_the_canvas(client, world, successors, canvas):
    client.force_login(world.owner)
    url = f"/toolkits/successors/enrolments/{successors.chiangmai.pk}/canvas/"
    page = client.get(url)
    assert page.status_code == 200 and "successors/canvas.js" in page.content.decode()
    form = {"title": "ร้านผ้าไหมออนไลน์", "successor_name": "นางสาวมะลิ ทอผ้า", **canvas}
    bad = client.post(url, form | {"key_metrics": "ยอดขาย"})
    assert bad.status_code == 200 and bad.context["form"].errors["key_metrics"][0].startswith("'ตัวชี้วัดหลัก' สั้นเกินไป")
    done = client.post(url, form)
    proposal = Proposal.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/toolkits/successors/proposals/{proposal.pk}/"
    revised = client.post(done["Location"], {"form": "canvas", **form, "channels": "LINE OA และ TikTok Shop",
                                             "note": "เพิ่ม TikTok"})
    assert revised.status_code == 302 and proposal.versions.count() == 2
    html = client.get(f"{done['Location']}?v=1").content.decode()
    assert "LINE OA เพจ Facebook และ Shopee" in html and "v2" in html and "Lean Canvas, LeanStack, CC BY-SA" in html
    pdf = SimpleUploadedFile("แผน.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(done["Location"], {"form": "attachment", "file": pdf}).status_code == 302
    attachment = proposal.attachments.get()
    assert client.get(f"/toolkits/successors/attachments/{attachment.pk}/").status_code == 200
    workspace = client.get(f"/toolkits/successors/enrolments/{successors.chiangmai.pk}/").content.decode()
    assert "ร้านผ้าไหมออนไลน์" in workspace and "LINE OA และ TikTok Shop" in workspace
    client.force_login(world.consultant)
    assert client.get(done["Location"]).status_code == 404
    assert client.get(f"/toolkits/successors/attachments/{attachment.pk}/").status_code == 404
    assert client.get(url).status_code == 404


def test_workspace_scope_and_activity(client, world, successors):
    for user, status in [(world.consultant, 200), (world.officer, 200), (world.executive, 200),
                         (successors.other, 404), (world.owner, 404)]:
        client.force_login(user)
        assert client.get(f"/toolkits/successors/enrolments/{successors.phuket.pk}/").status_code == status, user
    ra = RoundActivity.objects.create(round=successors.round, activity=Activity.objects.get(code="lean"), places=5,
                                      cost_per_place=1000)
    lean = Enrolment.objects.create(round_activity=ra, entrepreneur=world.phuket, status="active")
    client.force_login(world.admin)
    assert client.get(f"/toolkits/successors/enrolments/{lean.pk}/").status_code == 404


def test_organiser_sets_up_an_event_on_the_pages(client, world, successors, canvas):
    for enrolment in successors.phuket_area[:2]:
        idea(world.admin, enrolment, canvas)
    client.force_login(world.officer)
    form = client.get("/toolkits/successors/events/new/").context["form"]
    centre = world.phuket.province.centre
    assert [c for c, _label in form.fields["centre"].choices] == [centre.pk]  # an officer's own centre only
    created = client.post("/toolkits/successors/events/new/", {
        "round_activity": successors.ra.pk, "centre": centre.pk, "name": "วันนำเสนอทายาทภูเก็ต",
        "held_on": "2026-03-20", "venue": "ศาลากลางจังหวัด", "winners": "1"})
    event = PitchEvent.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/toolkits/successors/events/{event.pk}/"
    url = created["Location"]
    for enrolment in successors.phuket_area[:2]:
        assert client.post(url, {"form": "pitch", "enrolment": enrolment.pk}).status_code == 302
    assert client.post(url, {"form": "judge", "username": "judge3"}).status_code == 302
    bad = client.post(url, {"form": "judge", "username": "officer1"})
    assert bad.status_code == 200 and "ศูนย์ภาคอื่น" in bad.context["judge_form"].errors["username"][0]
    assert Judge.objects.get().name == "อาจารย์ปราณี ใจงาม" and event.pitches.count() == 2
    client.force_login(world.consultant)
    assert client.get(url).status_code == 404
    assert client.get("/toolkits/successors/events/new/").status_code == 403
    client.force_login(successors.other)
    assert client.get(url).status_code == 404
    assert client.post(url, {"form": "publish"}).status_code == 404


def test_the_judges_sheet_saves_pitch_by_pitch(client, world, successors, canvas):
    event, seats = event_with_pitches(world, successors, canvas, pitches=3, judges=2)
    pitch = event.pitches.order_by("order").last()
    client.force_login(world.consultant)
    url = f"/toolkits/successors/events/{event.pk}/score/"
    page = client.get(url)
    assert page.status_code == 200 and len(page.context["cards"]) == 3
    values = {f"p{pitch.pk}-{code}": "8" for code in ("problem_customer", "it_solution", "feasibility",
                                                      "business_impact", "presentation")}
    saved = client.post(url, {"pitch": pitch.pk, **values})
    assert saved.status_code == 302 and saved["Location"].endswith(f"#pitch-{pitch.pk}")
    assert Score.objects.filter(judge=seats[1], pitch=pitch).count() == 5
    again = client.get(url)
    assert again.context["done"] == 1 and 'data-total="%d">8.00' % pitch.pk in again.content.decode()
    bad = client.post(url, {"pitch": pitch.pk, **values, f"p{pitch.pk}-feasibility": "12"})
    assert bad.status_code == 200
    client.force_login(world.owner)
    assert client.get(url).status_code == 404
    client.force_login(world.officer)
    behalf = client.get(f"{url}?judge={seats[1].pk}")
    assert behalf.status_code == 200 and behalf.context["on_behalf"]


def test_publishing_on_the_event_page_and_what_each_reader_sees(client, world, successors, canvas):
    event, seats = event_with_pitches(world, successors, canvas)
    score_matrix(event, seats, SHROUT_FLEISS)
    client.force_login(world.officer)
    url = f"/toolkits/successors/events/{event.pk}/"
    live = client.get(url)
    assert live.context["live"]["ranking_named"][0]["title"] == "ระบบสต็อกในสเปรดชีต"
    assert client.post(url, {"form": "publish", "winners": "1"}).status_code == 302
    html = client.get(url).content.decode()
    assert "0.909" in html and "0.166" in html and "Krippendorff" in html
    winner = Pitch.objects.get(winner=True)
    client.force_login(world.executive)
    assert client.get(url).context["published"]["ranking_named"][0]["pitch"] == str(winner.pk)
    assert client.post(url, {"form": "status", "status": "open"}).status_code == 403
    client.force_login(world.consultant)
    mine = client.get(f"/toolkits/successors/enrolments/{successors.phuket.pk}/").content.decode()
    phuket_pitch = Pitch.objects.get(enrolment=successors.phuket)
    assert f'data-pitch="{phuket_pitch.pk}"' in mine and str(phuket_pitch.rank) in mine
    assert world.phuket.name_th in mine


def test_the_winners_plan_on_the_workspace(client, world, successors, canvas):
    event, seats = event_with_pitches(world, successors, canvas)
    score_matrix(event, seats, SHROUT_FLEISS)
    actions.event_publish(actor=world.officer, event=event)
    winner = Pitch.objects.get(winner=True)
    milestone = winner.enrolment.milestones.order_by("due_on").last()
    client.force_login(world.officer)
    url = f"/toolkits/successors/enrolments/{winner.enrolment_id}/"
    assert client.post(url, {"form": "step", "pitch": winner.pk, "title": "นำเสนอผลต่อคณะกรรมการ",
                             "due_on": "2026-03-30", "milestone": milestone.pk}).status_code == 302
    step = PlanStep.objects.get()
    assert step.milestone == milestone
    assert client.post(url, {"form": "step_done", "step": step.pk, "done_on": "2026-03-28"}).status_code == 302
    step.refresh_from_db()
    assert step.done_on == date(2026, 3, 28)
    html = client.get(url).content.decode()
    assert "นำเสนอผลต่อคณะกรรมการ" in html and "28 มี.ค. 2569" in html
    client.force_login(world.executive)
    assert client.post(url, {"form": "step"}).status_code == 403

