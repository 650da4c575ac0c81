from decimal import Decimal

import pytest

from tests.outcomes.programme import make_programme, small_panel
from uplift.outcomes.actions import evaluation_plan_freeze
from uplift.outcomes.causal import evaluation_run
from uplift.outcomes.models import EvaluationResult, Observation



def test_consultant_entry_form_saves_and_shows_the_figures(client, world, indicators):
    p = make_programme(world.phuket)
    client.force_login(world.consultant)
    url = f"/outcomes/rounds/{p.round.pk}/entrepreneurs/{world.phuket.pk}/"
    response = client.post(url, {"wave": "end", "source": "verified", "value-sales": "150000", "value-employment": "4"})
    assert response.status_code == 302
    assert set(Observation.objects.values_list("indicator__code", "value")) == {("sales", Decimal("150000")),
                                                                              ("employment", Decimal("4"))}
    page = client.get(url).content.decode()
    assert "150,000" in page
    response = client.post(url, {"wave": "end", "source": "document", "value-sales": "1"})
    assert response.status_code == 200 and "โปรดระบุเอกสาร" in response.content.decode()
    assert client.get(f"/outcomes/rounds/{p.round.pk}/entrepreneurs/{world.chiangmai.pk}/").status_code == 404
    client.force_login(world.executive)  # reads, may not enter
    assert client.post(url, {"wave": "end", "source": "self", "value-sales": "1"}).status_code == 403


def test_bulk_upload_page(client, world, indicators):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p = make_programme(world.phuket)
    client.force_login(world.admin)
    csv_text = f"entrepreneur_id,indicator,wave,value,source\n{world.phuket.pk},sales,m3,99000,self\n"
    response = client.post(f"/outcomes/rounds/{p.round.pk}/bulk/", {"file": SimpleUploadedFile("f.csv", csv_text.encode())})
    assert response.status_code == 302
    assert Observation.objects.get().wave == "m3"
    client.force_login(world.executive)
    assert client.get(f"/outcomes/rounds/{p.round.pk}/bulk/").status_code == 403


@pytest.fixture
def evaluated(world, indicators):
    p = small_panel(effect=8_000, n=20)
    plan = evaluation_plan_freeze(actor=world.admin, round_id=p.round.pk)
    primary = evaluation_run(actor=world.admin, round_id=p.round.pk, method="match-did", bootstrap=0)
    exploratory = evaluation_run(actor=world.admin, round_id=p.round.pk, method="match", bootstrap=0)
    return p, plan, primary, exploratory


def test_round_page_shows_the_plan_its_power_and_each_analysis_against_it(client, world, evaluated):
    p, plan, primary, exploratory = evaluated
    client.force_login(world.executive)
    page = client.get(f"/outcomes/rounds/{p.round.pk}/").content.decode()
    assert plan.sha256 in page and "match-did" in page
    assert "ผลที่เล็กที่สุดที่ตรวจพบได้" in page and f"{plan.power['mde']:,.0f}" in page
    assert 'data-testid="target-verdict"' in page
    status = page.split(f'data-testid="status-{primary.pk}"')[1].split("</td>")[0]
    assert "ตามแผน" in status and "การวิเคราะห์หลัก" in status
    assert "เชิงสำรวจ" in page.split(f'data-testid="status-{exploratory.pk}"')[1].split("</td>")[0]
    client.force_login(world.officer)
    assert client.get(f"/outcomes/rounds/{p.round.pk}/").status_code == 403


def test_evaluation_page_shows_the_sensitivity_in_thai(client, world, evaluated):
    _p, _plan, primary, _exploratory = evaluated
    client.force_login(world.executive)
    page = client.get(f"/outcomes/evaluations/{primary.pk}/").content.decode()
    for text in ("ความไวต่ออคติที่มองไม่เห็น", 'data-testid="critical-gamma"', 'data-testid="e-value"',
                 'data-testid="breakdown-mbar"', "ปัจจัยที่ไม่ได้วัด", "การวิเคราะห์หลัก"):
        assert text in page, text
    client.force_login(world.consultant)
    assert client.get(f"/outcomes/evaluations/{primary.pk}/").status_code == 403


def test_an_evaluation_without_a_plan_says_so(client, world, indicators):
    p = make_programme(world.phuket)
    ev = EvaluationResult.objects.create(round=p.round, method="did", outcome="sales", error="ไม่มีกลุ่มเปรียบเทียบ",
                                         plan_status="exploratory")
    client.force_login(world.admin)
    page = client.get(f"/outcomes/evaluations/{ev.pk}/").content.decode()
    assert "เชิงสำรวจ" in page and "ยังไม่ได้ล็อกแผน" in page
