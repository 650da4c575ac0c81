"""The lean pages: who sees which enrolment, the workspace's figures, and the phone forms."""

from datetime import date, timedelta

import pytest

from tests.toolkits.lean.test_actions import PERIODS, log, two_weeks
from uplift.programme.models import Activity, Enrolment, RoundActivity
from uplift.toolkits.lean.models import KaizenCard, Saving, Shift, TimingStudy


def test_index_lists_the_actors_enrolments_of_this_activity(client, world, lean):
    client.force_login(world.consultant)
    page = client.get("/toolkits/lean/")
    html = page.content.decode()
    assert page.status_code == 200
    assert world.phuket.name_th in html and world.chiangmai.name_th not in html
    client.force_login(world.owner)
    html = client.get("/toolkits/lean/?sort=-started").content.decode()
    assert world.chiangmai.name_th in html and world.phuket.name_th not in html
    client.force_login(world.admin)
    assert client.get("/toolkits/lean/").context["page"].paginator.count == 2


def test_index_empty_state_is_thai(client, world):
    client.force_login(world.consultant)
    html = client.get("/toolkits/lean/").content.decode()
    assert "ยังไม่มีผู้ประกอบการ" in html


def test_workspace_scope(client, world, lean):
    log(world.consultant, lean.phuket)
    for user, status in [(world.consultant, 200), (world.officer, 200), (world.executive, 200), (lean.other, 404),
                         (world.owner, 404)]:
        client.force_login(user)
        assert client.get(f"/toolkits/lean/enrolments/{lean.phuket.pk}/").status_code == status, user
    client.force_login(world.owner)
    own = client.get(f"/toolkits/lean/enrolments/{lean.chiangmai.pk}/")
    assert own.status_code == 200 and not own.context["can_work"]
    assert client.get(f"/toolkits/lean/enrolments/{lean.chiangmai.pk}/shifts/new/").status_code == 403


def test_an_enrolment_of_another_activity_is_not_found_here(client, world, lean):
    ra = RoundActivity.objects.create(round=lean.round, activity=Activity.objects.get(code="standards"), places=5,
                                      cost_per_place=1000)
    other = Enrolment.objects.create(round_activity=ra, entrepreneur=world.phuket, status="active")
    client.force_login(world.admin)
    assert client.get(f"/toolkits/lean/enrolments/{other.pk}/").status_code == 404


def test_workspace_shows_oee_waterfall_and_links(client, world, lean):
    log(world.consultant, lean.phuket, stops=[{"loss": "breakdown", "minutes": 47}])
    client.force_login(world.consultant)
    response = client.get(f"/toolkits/lean/enrolments/{lean.phuket.pk}/")
    html = response.content.decode()
    assert "74.8%" in html and "88.8%" in html
    assert 'id="waterfall-chart"' in html and "vendor/echarts.min.js" in html and "cdn" not in html.lower()
    assert f"/entrepreneurs/{world.phuket.pk}/" in html and f"/programme/enrolments/{lean.phuket.pk}/" in html
    assert response.context["charts"]["waterfall"][1]["by_loss"][0]["code"] == "breakdown"


def test_logging_a_shift_on_the_form(client, world, lean):
    client.force_login(world.consultant)
    url = f"/toolkits/lean/enrolments/{lean.phuket.pk}/shifts/new/"
    form = {"line": "สายบรรจุน้ำพริก", "date": "2026-01-05", "shift": "เช้า", "planned_minutes": "420",
            "ideal_cycle_seconds": "1.0", "total_count": "19271", "good_count": "18848",
            "stop_loss_0": "breakdown", "stop_minutes_0": "30", "stop_loss_1": "setup_adjustment",
            "stop_minutes_1": "17", "reject_loss_0": "production_reject", "reject_count_0": "423"}
    response = client.post(url, form)
    assert response.status_code == 302 and response["Location"].endswith("#oee")
    shift = Shift.objects.get()
    assert shift.downtime_minutes is None and shift.stops.count() == 2 and shift.rejects.get().count == 423
    again = client.get(url)
    assert again.context["form"].initial["line"] == "สายบรรจุน้ำพริก"
    bad = client.post(url, form | {"shift": "บ่าย", "good_count": "20000"})
    assert bad.status_code == 200 and "good_count" in bad.context["form"].errors
    edit = client.post(f"/toolkits/lean/shifts/{shift.pk}/", form | {"good_count": "18000"})
    assert edit.status_code == 302
    shift.refresh_from_db()
    assert shift.good_count == 18000


def test_workspace_forms_write_through_the_actions(client, world, lean):
    two_weeks(world.consultant, lean.phuket)
    client.force_login(world.consultant)
    url = f"/toolkits/lean/enrolments/{lean.phuket.pk}/"
    assert client.post(url, {"form": "waste", "waste-date": "2026-01-06", "waste-waste": "waiting",
                             "waste-description": "รอน้ำพริกเย็นก่อนบรรจุ", "waste-quantity": "45", "waste-unit": "นาที",
                             "waste-baht": "150"}).status_code == 302
    assert client.post(url, {"form": "kaizen", "kaizen-problem": "รอน้ำพริกเย็นนาน", "kaizen-countermeasure": "ใช้ถาดระบายความร้อน",
                             "kaizen-owner": "คุณสมศรี", "kaizen-started_on": "2026-01-12", "kaizen-metric": "oee",
                             "kaizen-baseline_start": "2026-01-05", "kaizen-baseline_end": "2026-01-11",
                             "kaizen-after_start": "2026-01-19", "kaizen-after_end": "2026-01-25"}).status_code == 302
    assert KaizenCard.objects.count() == 1
    saving = {"form": "saving", "saving-rule": "demand_bound", "saving-before_start": PERIODS["before_start"].isoformat(),
              "saving-before_end": PERIODS["before_end"].isoformat(), "saving-after_start": PERIODS["after_start"].isoformat(),
              "saving-after_end": PERIODS["after_end"].isoformat(), "saving-demand_pieces_per_month": "8000",
              "saving-labour_baht_per_hour": "50", "saving-energy_baht_per_hour": "15"}
    assert client.post(url, saving).status_code == 302
    missing = client.post(url, saving | {"saving-labour_baht_per_hour": ""})
    assert missing.status_code == 200 and missing.context["saving_form"].errors
    html = client.get(url).content.decode()
    assert "รอน้ำพริกเย็นนาน" in html and "ใช้ถาดระบายความร้อน" in html
    assert Saving.objects.get().baht_per_month > 0
    client.force_login(world.owner)
    assert client.post(f"/toolkits/lean/enrolments/{lean.chiangmai.pk}/", {"form": "waste"}).status_code == 403


def test_stopwatch_page_saves_laps(client, world, lean):
    client.force_login(world.consultant)
    url = f"/toolkits/lean/enrolments/{lean.phuket.pk}/stopwatch/"
    page = client.get(url)
    assert page.status_code == 200 and "lean/stopwatch.js" in page.content.decode()
    response = client.post(url, {"line": "สายบรรจุน้ำพริก", "step": "ตักน้ำพริก", "order": "1", "kind": "stopwatch",
                                 "splits": "25.0,52.5,76.1"})
    assert response.status_code == 302
    assert TimingStudy.objects.get().laps == [25.0, 27.5, 23.6]
    tally = client.post(url, {"line": "สายบรรจุน้ำพริก", "step": "ตักน้ำพริก", "order": "1", "kind": "tally",
                              "marks": '{"value_adding": 4, "waiting": 1}'})
    assert tally.status_code == 302
    bad = client.post(url, {"line": "สายบรรจุน้ำพริก", "step": "ตักน้ำพริก", "order": "1", "kind": "stopwatch",
                            "splits": "5"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_kaizen_photo_download_follows_scope(client, world, lean):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uplift.toolkits.lean import actions

    photo = SimpleUploadedFile("ก่อน.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32, content_type="image/png")
    card = actions.kaizen_save(actor=world.consultant, enrolment=lean.phuket, before_photo=photo, data={
        "problem": "วางวัตถุดิบบนพื้น", "countermeasure": "ชั้นวางตามลำดับงาน", "owner": "คุณสมชาย",
        "started_on": date(2026, 1, 10), "metric": "output_per_hour", "baseline_start": date(2026, 1, 1),
        "baseline_end": date(2026, 1, 9), "after_start": date(2026, 1, 10), "after_end": date(2026, 1, 20)})
    assert card.before_photo.name.startswith(f"toolkits/lean/kaizen/{lean.phuket.pk}/")
    client.force_login(world.consultant)
    assert client.get(f"/toolkits/lean/kaizen/{card.pk}/before-photo/").status_code == 200
    assert client.get(f"/toolkits/lean/kaizen/{card.pk}/after-photo/").status_code == 404
    client.force_login(lean.other)
    assert client.get(f"/toolkits/lean/kaizen/{card.pk}/before-photo/").status_code == 404
    card.before_photo.delete(save=False)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_shift_dates_display_in_buddhist_era(client, world, lean):
    log(world.consultant, lean.phuket, date=date(2026, 1, 5) + timedelta(days=1))
    client.force_login(world.consultant)
    html = client.get(f"/toolkits/lean/enrolments/{lean.phuket.pk}/").content.decode()
    assert "6 ม.ค. 2569" in html
