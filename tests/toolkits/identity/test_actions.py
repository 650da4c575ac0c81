"""Identity actions: the worksheet feeding the brief, versioned mock-ups with pinned comments and the
approval, the food label checklist per version, star self-scores, launches and their outcomes."""

from datetime import date

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.toolkits.identity.conftest import png
from tests.toolkits.identity.core.test_label import CHILLI_PASTE
from tests.toolkits.identity.core.test_worksheet_brief import ANSWERS, BRIEF
from uplift.outcomes.models import Observation
from uplift.toolkits.identity import actions
from uplift.toolkits.identity.core.series import MonthRow
from uplift.toolkits.identity.models import Brief, LaunchMonth, MockupVersion


def test_worksheet_saves_drafts_and_refuses_bad_answers(world, identity):
    draft = actions.worksheet_save(actor=world.owner, enrolment=identity.chiangmai,
                                   answers={"place": "อำเภอสันกำแพง จังหวัดเชียงใหม่"})
    assert not draft.complete and draft.version == "identity_worksheet_v1"
    with pytest.raises(ValidationError) as error:
        actions.worksheet_save(actor=world.owner, enrolment=identity.chiangmai,
                               answers=ANSWERS | {"colours": ["#12"], "keywords": ["ไหม"]})
    assert set(error.value.message_dict) == {"colours", "keywords"}
    full = actions.worksheet_save(actor=world.owner, enrolment=identity.chiangmai, answers=ANSWERS)
    assert full.complete and full.pk == draft.pk
    with pytest.raises(Http404):
        actions.worksheet_save(actor=world.owner, enrolment=identity.phuket, answers=ANSWERS)
    with pytest.raises(Http404):
        actions.worksheet_save(actor=identity.other, enrolment=identity.phuket, answers=ANSWERS)


def test_photos_are_checked(world, identity):
    photo = actions.photo_add(actor=world.owner, enrolment=identity.chiangmai, image=png("ลายผ้า.png"),
                              caption="ลายดอกแก้ว")
    assert photo.image.name.startswith(f"toolkits/identity/photos/{identity.chiangmai.pk}/")
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        actions.photo_add(actor=world.owner, enrolment=identity.chiangmai,
                          image=SimpleUploadedFile("x.png", b"GIF89a....", content_type="image/png"))
    with pytest.raises(ValidationError):
        actions.photo_add(actor=world.owner, enrolment=identity.chiangmai,
                          image=SimpleUploadedFile("x.pdf", b"%PDF-1.4", content_type="application/pdf"))


def test_the_brief_is_prefilled_from_the_worksheet(world, identity):
    actions.worksheet_save(actor=world.consultant, enrolment=identity.phuket, answers=ANSWERS)
    brief = actions.brief_create(actor=world.consultant, enrolment=identity.phuket, title="กล่องผ้าบาติกของฝาก",
                                 product=identity.batik)
    assert brief.answers["identity_story"].startswith("เรื่องเล่าของท้องถิ่น:") and not brief.food_label
    assert not brief.complete
    actions.brief_save(actor=world.consultant, brief=brief, answers=BRIEF)
    brief.refresh_from_db()
    assert brief.complete and brief.answers["timeline"][1] == {"name": "อนุมัติแบบ", "due": "2026-02-20"}
    with pytest.raises(ValidationError) as error:
        actions.brief_save(actor=world.consultant, brief=brief, answers=BRIEF | {"objectives": "สั้น"})
    assert "objectives" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.brief_create(actor=world.owner, enrolment=identity.chiangmai, title="x")
    food = actions.brief_create(actor=world.consultant, enrolment=identity.phuket, title="ฉลากน้ำพริก",
                                product=identity.chilli)
    assert food.food_label


def test_versions_are_numbered_kept_and_one_is_approved(world, identity):
    brief = actions.brief_create(actor=identity.designer, enrolment=identity.chiangmai, title="ถุงผ้าไหม",
                                 product=identity.silk)
    v1 = actions.version_upload(actor=identity.designer, brief=brief, file=png(), note="แบบแรก")
    v2 = actions.version_upload(actor=identity.designer, brief=brief, file=png(size=80), note="ปรับโลโก้")
    brief.refresh_from_db()
    assert (v1.number, v2.number, brief.status) == (1, 2, "review")
    assert v1.file.name != v2.file.name and MockupVersion.objects.count() == 2
    comment = actions.comment_add(actor=world.owner, version=v1, text="อยากได้ลายดอกแก้วชัดขึ้น", x=40, y=25.5)
    assert comment.version == v1 and comment.x == 40
    with pytest.raises(ValidationError):
        actions.comment_add(actor=world.owner, version=v1, text="x", x=140)
    with pytest.raises(PermissionDenied):
        actions.version_upload(actor=world.owner, brief=brief, file=png())
    actions.brief_approve(actor=world.owner, brief=brief, version=v2)
    brief.refresh_from_db()
    assert brief.status == "approved" and brief.approved_version == v2 and brief.approved_by == world.owner
    with pytest.raises(ValidationError):
        actions.version_upload(actor=identity.designer, brief=brief, file=png())
    with pytest.raises(ValidationError):
        actions.brief_approve(actor=world.owner, brief=brief, version=v1)
    with pytest.raises(Http404):
        actions.brief_approve(actor=world.consultant, brief=brief, version=v1)


def test_a_food_label_must_pass_before_approval(world, identity):
    brief = actions.brief_create(actor=world.consultant, enrolment=identity.phuket, title="ฉลากน้ำพริก",
                                 product=identity.chilli)
    v1 = actions.version_upload(actor=world.consultant, brief=brief, file=png())
    with pytest.raises(ValidationError, match="Check|ตรวจ"):
        actions.brief_approve(actor=world.officer, brief=brief, version=v1)
    with pytest.raises(ValidationError, match="uploaded|อัปโหลด"):
        actions.brief_approve(actor=world.consultant, brief=brief, version=v1)
    label = CHILLI_PASTE.to_dict() | {"fda_number": "", "net_quantity": None}
    actions.version_label_check(actor=world.consultant, version=v1, label=label)
    with pytest.raises(ValidationError) as error:
        actions.brief_approve(actor=world.officer, brief=brief, version=v1)
    messages = " ".join(error.value.message_dict["version"])
    assert "ไม่มีเลขสารบบอาหาร (อย.)" in messages and "ไม่มีปริมาณสุทธิ" in messages
    v2 = actions.version_upload(actor=world.consultant, brief=brief, file=png())
    actions.version_label_check(actor=world.consultant, version=v2, label=CHILLI_PASTE.to_dict())
    assert v2.label_rules_version == "food_label_rules_v1" and not actions.label_problems(v2)
    actions.brief_approve(actor=world.officer, brief=brief, version=v2)


def test_star_self_score_by_the_owner_with_the_registrys_standards(world, identity):
    scores = {"A1": 5, "A2": 4, "B1": 6, "C1": 10, "C2": 10}
    record = actions.star_assess(actor=world.owner, enrolment=identity.chiangmai, scores=scores,
                                 product=identity.silk)
    assert record.total == 35 and record.stars == 1 and record.holds_legal_standard is False
    batik = actions.star_assess(actor=world.consultant, enrolment=identity.phuket, scores={"C1": 10},
                                product=identity.batik)
    assert batik.holds_legal_standard is False
    with pytest.raises(ValidationError) as error:
        actions.star_assess(actor=world.owner, enrolment=identity.chiangmai, scores={"A1": 9})
    assert "0 ถึง 5" in error.value.message_dict["scores"][0]


def sales_series(level_change: float, seed: int = 5) -> list[MonthRow]:
    rng = np.random.default_rng(seed)
    months = [date(2025 + (m // 12), m % 12 + 1, 1) for m in range(0, 24)]
    return [MonthRow(day, float(30_000 + 200 * t + level_change * (t >= 12) + rng.normal(0, 1_000)),
                     450.0 if t < 12 else 590.0) for t, day in enumerate(months)]


def test_launch_its_and_claim_write_outcomes_with_origin(world, identity):
    launch = actions.launch_save(actor=world.consultant, enrolment=identity.phuket, product=identity.batik,
                                 launch_month="2026-01", price_before="450", price_after="590")
    assert launch.launch_month == date(2026, 1, 1)
    with pytest.raises(ValidationError):
        actions.launch_save(actor=world.consultant, enrolment=identity.phuket, product=identity.batik,
                            launch_month="2026-02")
    with pytest.raises(ValidationError) as error:
        actions.launch_save(actor=world.consultant, enrolment=identity.phuket, product=identity.silk,
                            launch_month="2026-02")
    assert "product" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.outcome_claim_create(actor=world.consultant, enrolment=identity.phuket, launch_ids=[launch.pk],
                                     wave="end")
    assert "launches" in error.value.message_dict
    assert actions.launch_months_save(actor=world.consultant, launch=launch, rows=sales_series(8_000)) == 24
    from uplift.toolkits.identity.selectors import launch_figures

    figures = launch_figures(launch)
    assert figures.its.level_ci[0] < 8_000 < figures.its.level_ci[1] and figures.its.verdict == "increase"
    assert figures.before_after.price_before == 450 and figures.before_after.price_after == 590
    claim = actions.outcome_claim_create(actor=world.consultant, enrolment=identity.phuket, launch_ids=[launch.pk],
                                         wave="end")
    after = [r.sales for r in sales_series(8_000) if r.month >= date(2026, 1, 1)]
    assert claim.values == {"new_products": 1.0, "sales": round(sum(after) / len(after), 2)}
    observations = {o.indicator.code: o for o in Observation.objects.filter(entrepreneur=world.phuket, wave="end")}
    assert set(observations) == {"new_products", "sales"}
    assert all(o.origin == f"identity.OutcomeClaim:{claim.pk}" for o in observations.values())
    assert float(observations["new_products"].value) == 1
    with pytest.raises(ValidationError):
        actions.outcome_claim_create(actor=world.consultant, enrolment=identity.phuket, launch_ids=[launch.pk],
                                     wave="baseline")


def test_csv_import_names_row_and_column_and_the_owner_may_enter_sales(world, identity):
    launch = actions.launch_save(actor=world.admin, enrolment=identity.chiangmai, product=identity.silk,
                                 launch_month="2569-03")
    assert launch.launch_month == date(2026, 3, 1)
    with pytest.raises(ValidationError) as error:
        actions.launch_months_import(actor=world.owner, launch=launch, text="month,sales\n2026-01,1000\n2026-02,x\n")
    assert error.value.message_dict["csv"] == ['แถว 3 ช่อง sales: "x" ไม่ใช่ตัวเลข']
    assert actions.launch_months_import(actor=world.owner, launch=launch,
                                        text="month,sales,price\n2569-01,1000,1200\n2569-02,1100,1200\n") == 2
    assert LaunchMonth.objects.filter(launch=launch).count() == 2
    with pytest.raises(ValidationError):
        actions.launch_months_save(actor=world.owner, launch=launch, rows=[MonthRow(date(2026, 4, 1), -5)])
    with pytest.raises(PermissionDenied):
        actions.outcome_claim_create(actor=world.owner, enrolment=identity.chiangmai, launch_ids=[launch.pk],
                                     wave="end")


def test_an_enrolment_of_another_activity_is_refused(world, identity):
    from uplift.programme.models import Activity, Enrolment, RoundActivity

    ra = RoundActivity.objects.create(round=identity.round, activity=Activity.objects.get(code="lean"), places=5,
                                      cost_per_place=1000)
    other = Enrolment.objects.create(round_activity=ra, entrepreneur=world.phuket, status="active")
    with pytest.raises(ValidationError):
        actions.brief_create(actor=world.consultant, enrolment=other, title="x")
    assert not Brief.objects.exists()
