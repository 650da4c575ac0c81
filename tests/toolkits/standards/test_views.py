"""The standards pages: who sees which enrolment, the matcher, the phone assessment form, the pipeline."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.toolkits.standards.test_actions import ASSESSED, FDA_CLAUSES, all_met, start, to_audited
from uplift.programme.models import Activity, Enrolment, RoundActivity
from uplift.registry.models import ProductStandard
from uplift.toolkits.standards import actions
from uplift.toolkits.standards.models import Assessment, Certification, Evidence


def test_index_lists_the_actors_enrolments_of_this_activity(client, world, standards):
    client.force_login(world.consultant)
    html = client.get("/toolkits/standards/").content.decode()
    assert world.phuket.name_th in html and world.chiangmai.name_th not in html
    client.force_login(world.owner)
    html = client.get("/toolkits/standards/?sort=-started").content.decode()
    assert world.chiangmai.name_th in html and world.phuket.name_th not in html
    client.force_login(world.admin)
    assert client.get("/toolkits/standards/").context["page"].paginator.count == 2


def test_index_empty_state_is_thai(client, world):
    client.force_login(world.consultant)
    assert "ยังไม่มีผู้ประกอบการ" in client.get("/toolkits/standards/").content.decode()


def test_workspace_scope(client, world, standards):
    url = f"/toolkits/standards/enrolments/{standards.phuket.pk}/"
    for user, status in [(world.consultant, 200), (world.officer, 200), (world.executive, 200),
                         (standards.other, 404), (world.owner, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(world.owner)
    own = client.get(f"/toolkits/standards/enrolments/{standards.chiangmai.pk}/")
    assert own.status_code == 200 and not own.context["can_work"]
    assert client.post(f"/toolkits/standards/enrolments/{standards.chiangmai.pk}/",
                       {"form": "assessment"}).status_code == 403


def test_another_activitys_enrolment_is_not_found_here(client, world, standards):
    ra = RoundActivity.objects.create(round=standards.round, activity=Activity.objects.get(code="lean"), places=5,
                                      cost_per_place=1000)
    other = Enrolment.objects.create(round_activity=ra, entrepreneur=world.phuket, status="active")
    client.force_login(world.admin)
    assert client.get(f"/toolkits/standards/enrolments/{other.pk}/").status_code == 404


def test_matcher_on_the_workspace_by_market(client, world, standards):
    client.force_login(world.consultant)
    url = f"/toolkits/standards/enrolments/{standards.phuket.pk}/"
    response = client.get(url + "?market=export&market=muslim")
    html = response.content.decode()
    assert 'data-standard="HACCP" data-level="required"' in html and 'data-standard="HALAL" data-level="required"' in html
    assert "มผช. 1083/2565" in html and "น้ำพริกเผา" in html
    assert f"/entrepreneurs/{world.phuket.pk}/" in html and f"/programme/enrolments/{standards.phuket.pk}/" in html
    assert "vendor/echarts.min.js" in html and "cdn" not in html.lower()
    assert 'data-standard="HACCP"' not in client.get(url).content.decode()


def test_a_gap_assessment_on_the_pages(client, world, standards):
    client.force_login(world.consultant)
    url = f"/toolkits/standards/enrolments/{standards.phuket.pk}/"
    response = client.post(url, {"form": "assessment", "product": standards.chilli.pk, "standard": "FDA",
                                 "assessed_on": "2026-02-02"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/toolkits/standards/assessments/{assessment.pk}/"
    page = f"/toolkits/standards/assessments/{assessment.pk}/"
    form = {"form": "results"} | {f"status_{c}": "met" for c in FDA_CLAUSES} | {"status_LA1": "not_met",
                                                                                  "note_LA1": "ฉลากอ้างสรรพคุณ"}
    assert client.post(page, form).status_code == 302
    html = client.get(page).content.decode()
    assert "87.5%" in html and "ฉลากอ้างสรรพคุณ" in html and 'id="sections-chart"' in html
    bad = client.post(page, {"form": "action", "clause_id": "LA1", "action": "แก้ฉลาก", "owner": "",
                             "due_on": "2026-03-01"})
    assert bad.status_code == 200 and "owner" in bad.context["action_form"].errors
    assert client.post(page, {"form": "action", "clause_id": "LA1", "action": "แก้ฉลาก", "owner": "คุณสมศรี",
                              "due_on": "2026-03-01"}).status_code == 302
    photo = SimpleUploadedFile("ฉลาก.png", b"\x89PNG\r\n\x1a\n" + b"0" * 16, content_type="image/png")
    assert client.post(page, {"form": "evidence", "clause_id": "LA1", "file": photo}).status_code == 302
    evidence = Evidence.objects.get()
    assert client.get(f"/toolkits/standards/evidence/{evidence.pk}/").status_code == 200
    client.force_login(standards.other)
    assert client.get(page).status_code == 404
    assert client.get(f"/toolkits/standards/evidence/{evidence.pk}/").status_code == 404


def test_the_pipeline_and_the_certificate_on_the_pages(client, world, standards):
    assessment = start(world.consultant, standards)
    all_met(world.consultant, assessment)
    client.force_login(world.consultant)
    response = client.post(f"/toolkits/standards/assessments/{assessment.pk}/", {"form": "certify"})
    certification = Certification.objects.get()
    assert response.status_code == 302
    url = f"/toolkits/standards/certifications/{certification.pk}/"
    illegal = client.post(url, {"form": "advance", "to_state": "audited", "on": "2026-03-01"})
    assert illegal.status_code == 200 and illegal.context["advance_form"].errors
    to_audited(world.consultant, certification, on=timezone.localdate())
    page = client.get(url)
    assert page.context["can_certify"]
    bad = client.post(url, {"form": "certificate", "number": "1011234510001", "issued_on": "2026-05-01",
                            "on": timezone.localdate().isoformat()})
    assert "10-1-12345-1-0001" in str(bad.context["certificate_form"].errors["number"])
    done = client.post(url, {"form": "certificate", "number": "10-1-12345-1-0001", "issued_on": "2026-05-01",
                             "on": timezone.localdate().isoformat()})
    assert done.status_code == 302
    assert ProductStandard.objects.get(product=standards.chilli, standard_id="FDA").number == "10-1-12345-1-0001"
    html = client.get(url).content.decode()
    assert 'data-state="certified"' in html and "1 พ.ค. 2569" in html


def test_the_owner_sees_but_cannot_assess(client, world, standards):
    assessment = actions.assessment_start(actor=world.admin, enrolment=standards.chiangmai, product=standards.silk,
                                          standard="TCPS", assessed_on=ASSESSED)
    client.force_login(world.owner)
    page = f"/toolkits/standards/assessments/{assessment.pk}/"
    response = client.get(page)
    assert response.status_code == 200 and not response.context["can_work"] and response.context["can_own"]
    assert client.post(page, {"form": "results", "status_CH1": "met"}).status_code == 403
    pdf = SimpleUploadedFile("ผล.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert client.post(page, {"form": "evidence", "clause_id": "CH1", "file": pdf}).status_code == 302
