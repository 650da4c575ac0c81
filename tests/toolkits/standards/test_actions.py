"""Standards actions: gap assessment with evidence and plan, the certification pipeline (every illegal move
refused), certificates writing the registry and outcomes, and expiry reminders sent once each."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from uplift.audit.models import AuditEntry
from uplift.outcomes.models import Observation
from uplift.registry.models import ProductStandard
from uplift.toolkits.standards import actions
from uplift.toolkits.standards.core.certification import pipeline
from uplift.toolkits.standards.models import Certificate, CertificateReminder, Certification, ClauseResult

ASSESSED = date(2026, 2, 2)
FDA_CLAUSES = ["PR1", "PR2", "PD1", "PD2", "PD3", "PD4", "LA1", "LA2", "AP1", "AP2"]


def start(actor, programme, product=None, standard="FDA"):
    return actions.assessment_start(actor=actor, enrolment=programme.phuket, product=product or programme.chilli,
                                    standard=standard, assessed_on=ASSESSED)


def all_met(actor, assessment, **overrides):
    results = {c: {"status": overrides.get(c, "met"), "note": ""} for c in FDA_CLAUSES}
    return actions.assessment_record(actor=actor, assessment=assessment, results=results)


def to_audited(actor, certification, on=date(2026, 3, 1)):
    for state in ("corrective_actions", "pre_audit", "applied", "audited"):
        actions.certification_advance(actor=actor, certification=certification, to_state=state, on=on)
    return certification


def test_a_consultant_assesses_and_scores(world, standards):
    assessment = start(world.consultant, standards)
    assert assessment.catalogue_version == "fda_food_serial_v1"
    actions.assessment_record(actor=world.consultant, assessment=assessment, results={
        "PR1": {"status": "met", "note": "มีใบอนุญาตผลิตอาหาร"}, "PD4": {"status": "partly", "note": "รอผลแล็บ"}})
    assessment.refresh_from_db()
    assert assessment.score == pytest.approx(2.5 / 3) and assessment.readiness == ""
    all_met(world.consultant, assessment, PD4="partly", LA2="not_met")
    assessment.refresh_from_db()
    assert assessment.score == pytest.approx(14.5 / 16) and assessment.readiness == "ready"
    assert ClauseResult.objects.get(assessment=assessment, clause_id="PR1").note == ""
    assert AuditEntry.objects.filter(model="standards.Assessment", action="assess").count() == 2


def test_bad_clause_results_are_refused_by_clause(world, standards):
    assessment = start(world.consultant, standards)
    with pytest.raises(ValidationError) as error:
        actions.assessment_record(actor=world.consultant, assessment=assessment,
                                  results={"ZZ": {"status": "met"}, "PR1": {"status": "ผ่าน"}})
    assert set(error.value.message_dict) == {"ZZ", "PR1"}


def test_scope_and_roles(world, standards):
    with pytest.raises(Http404):
        start(standards.other, standards)
    with pytest.raises(PermissionDenied):
        actions.assessment_start(actor=world.owner, enrolment=standards.chiangmai, product=standards.silk,
                                 standard="TCPS")
    with pytest.raises(ValidationError) as error:
        actions.assessment_start(actor=world.admin, enrolment=standards.phuket, product=standards.silk,
                                 standard="TCPS")
    assert "product" in error.value.message_dict
    with pytest.raises(ValidationError):
        start(world.consultant, standards, standard="ISO14001")


def test_evidence_is_checked_and_the_owner_may_add_it(world, standards):
    assessment = actions.assessment_start(actor=world.admin, enrolment=standards.chiangmai, product=standards.silk,
                                          standard="TCPS", assessed_on=ASSESSED)
    pdf = SimpleUploadedFile("ผลทดสอบสี.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    item = actions.evidence_add(actor=world.owner, assessment=assessment, clause_id="CH2", file=pdf)
    assert item.file.name.startswith(f"toolkits/standards/evidence/{standards.chiangmai.pk}/")
    fake = SimpleUploadedFile("รูป.jpg", b"not a jpeg", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="does not match|ไม่ตรง"):
        actions.evidence_add(actor=world.owner, assessment=assessment, clause_id="CH2", file=fake)
    with pytest.raises(ValidationError) as error:
        actions.evidence_add(actor=world.owner, assessment=assessment, clause_id="X9", file=pdf)
    assert "clause_id" in error.value.message_dict


def test_the_plan_covers_gaps_before_pre_audit(world, standards):
    assessment = start(world.consultant, standards)
    all_met(world.consultant, assessment, LA2="not_met")
    certification = actions.certification_start(actor=world.consultant, assessment=assessment, on=ASSESSED)
    actions.certification_advance(actor=world.consultant, certification=certification, to_state="corrective_actions",
                                  on=date(2026, 2, 3))
    with pytest.raises(ValidationError) as error:
        actions.certification_advance(actor=world.consultant, certification=certification, to_state="pre_audit",
                                      on=date(2026, 2, 20))
    assert "LA2" in " ".join(error.value.message_dict["to_state"])
    with pytest.raises(ValidationError) as error:
        actions.action_save(actor=world.consultant, assessment=assessment, data={
            "clause_id": "LA2", "action": "ตัดคำว่า 'ลดความดัน' ออกจากฉลาก", "owner": "", "due_on": "2026-02-01"})
    assert set(error.value.message_dict) == {"owner", "due_on"}
    with pytest.raises(ValidationError) as error:
        actions.action_save(actor=world.consultant, assessment=assessment, data={
            "clause_id": "PR1", "action": "x", "owner": "คุณสมศรี", "due_on": "2026-03-01"})
    assert "clause_id" in error.value.message_dict
    action = actions.action_save(actor=world.consultant, assessment=assessment, data={
        "clause_id": "LA2", "action": "ตัดคำว่า 'ลดความดัน' ออกจากฉลาก", "owner": "คุณสมศรี", "due_on": "2026-03-01"})
    assert action.severity == "major"
    actions.certification_advance(actor=world.consultant, certification=certification, to_state="pre_audit",
                                  on=date(2026, 2, 20))
    actions.action_done(actor=world.consultant, action=action, done_on=date(2026, 2, 25))
    action.refresh_from_db()
    assert action.done_on == date(2026, 2, 25)


def test_certification_needs_a_complete_assessment_and_one_open_at_a_time(world, standards):
    assessment = start(world.consultant, standards)
    with pytest.raises(ValidationError, match="every clause|ทุกข้อ"):
        actions.certification_start(actor=world.consultant, assessment=assessment)
    all_met(world.consultant, assessment)
    actions.certification_start(actor=world.consultant, assessment=assessment, on=ASSESSED)
    with pytest.raises(ValidationError):
        actions.certification_start(actor=world.consultant, assessment=assessment, on=ASSESSED)


def test_every_illegal_transition_is_refused_by_the_action(world, standards):
    assessment = start(world.consultant, standards)
    all_met(world.consultant, assessment)
    flow = pipeline()
    refused = 0
    for current, target in flow.illegal():
        certification = Certification.objects.create(
            enrolment=standards.phuket, product=standards.chilli, standard="FDA", assessment=assessment,
            state=current, pipeline_version=flow.version)
        with pytest.raises(ValidationError) as error:
            actions.certification_advance(actor=world.consultant, certification=certification, to_state=target,
                                          on=date(2026, 3, 1))
        assert "to_state" in error.value.message_dict
        certification.refresh_from_db()
        assert certification.state == current and not certification.steps.exists()
        refused += 1
    assert refused == len(flow.illegal()) == 64 - 12
    certification = Certification.objects.filter(state="applied").first()
    with pytest.raises(ValidationError):
        actions.certificate_record(actor=world.consultant, certification=certification, number="10-1-12345-1-0001",
                                   issued_on=date(2026, 3, 1))


def test_steps_are_dated_in_order(world, standards):
    assessment = start(world.consultant, standards)
    all_met(world.consultant, assessment)
    certification = actions.certification_start(actor=world.consultant, assessment=assessment, on=date(2026, 2, 10))
    with pytest.raises(ValidationError, match="10/2/2569"):
        actions.certification_advance(actor=world.consultant, certification=certification,
                                      to_state="corrective_actions", on=date(2026, 2, 5))


def test_recording_a_certificate_updates_registry_and_outcomes(world, standards):
    assessment = start(world.consultant, standards)
    all_met(world.consultant, assessment)
    certification = to_audited(world.consultant, actions.certification_start(
        actor=world.consultant, assessment=assessment, on=ASSESSED))
    with pytest.raises(ValidationError) as error:
        actions.certificate_record(actor=world.consultant, certification=certification, number="8320456320011",
                                   issued_on=date(2026, 5, 1))
    assert "83-2-04563-2-0011" in error.value.message_dict["number"][0]
    certificate = actions.certificate_record(actor=world.consultant, certification=certification,
                                             number="83-2-04563-2-0011", issued_on=date(2026, 5, 1),
                                             on=date(2026, 5, 2))
    certification.refresh_from_db()
    assert certification.state == "certified" and certificate.expires_on is None
    held = ProductStandard.objects.get(product=standards.chilli, standard_id="FDA")
    assert held.number == "83-2-04563-2-0011" and certificate.product_standard == held
    observation = Observation.objects.get(entrepreneur=world.phuket, indicator__code="certificates")
    assert observation.wave == "end" and observation.value == 1 and observation.origin == certificate.origin
    assert observation.source == "document" and observation.document == "FDA 83-2-04563-2-0011"
    with pytest.raises(ValidationError):
        actions.certificate_record(actor=world.consultant, certification=certification, number="83-2-04563-2-0012",
                                   issued_on=date(2026, 5, 1))


def test_a_renewed_tcps_certificate_replaces_the_registry_row_with_default_expiry(world, standards):
    assessment = actions.assessment_start(actor=world.consultant, enrolment=standards.phuket, product=standards.batik,
                                          standard="TCPS", assessed_on=ASSESSED)
    actions.assessment_record(actor=world.consultant, assessment=assessment, results={
        c.id: {"status": "met"} for c in actions.spec_of(assessment).clauses})
    certification = to_audited(world.consultant, actions.certification_start(
        actor=world.consultant, assessment=assessment, on=ASSESSED))
    with pytest.raises(ValidationError, match="ค.ศ."):
        actions.certificate_record(actor=world.consultant, certification=certification, number="1083/2022",
                                   issued_on=date(2026, 8, 1))
    certificate = actions.certificate_record(actor=world.consultant, certification=certification, number="1083/2569",
                                             issued_on=date(2026, 8, 1))
    assert certificate.number == "มผช. 1083/2569" and certificate.expires_on == date(2029, 7, 31)
    held = ProductStandard.objects.filter(product=standards.batik, standard_id="TCPS")
    assert held.count() == 1 and held.get().number == "มผช. 1083/2569"
    assert Observation.objects.get(entrepreneur=world.phuket, indicator__code="certificates").wave == "m3"


def test_reminders_90_30_7_days_before_expiry_once_each(world, standards):
    world.phuket.email = "batik@example.com"
    world.phuket.save(update_fields=["email"])
    world.consultant.email = "consultant@example.com"
    world.consultant.save(update_fields=["email"])
    assessment = start(world.consultant, standards, product=standards.batik, standard="TCPS")
    actions.assessment_record(actor=world.consultant, assessment=assessment, results={
        c.id: {"status": "met"} for c in actions.spec_of(assessment).clauses})
    certification = to_audited(world.consultant, actions.certification_start(
        actor=world.consultant, assessment=assessment, on=ASSESSED))
    certificate = actions.certificate_record(actor=world.consultant, certification=certification,
                                             number="มผช. 1083/2569", issued_on=date(2026, 4, 1),
                                             expires_on=date(2027, 3, 31))
    from uplift.access import policy

    system = policy.system_actor()
    with pytest.raises(PermissionDenied):
        actions.certificate_reminders_send(actor=world.consultant, today=date(2027, 1, 1))
    assert actions.certificate_reminders_send(actor=system, today=date(2026, 12, 30)) == 0
    with_commit = []
    for day, expected in [(date(2027, 1, 1), 1), (date(2027, 1, 2), 0), (date(2027, 1, 1), 0),
                          (date(2027, 3, 1), 1), (date(2027, 3, 5), 0), (date(2027, 3, 24), 1),
                          (date(2027, 3, 31), 0), (date(2027, 4, 1), 0)]:
        with_commit.append(actions.certificate_reminders_send(actor=system, today=day))
        assert with_commit[-1] == expected, day
    assert sorted(CertificateReminder.objects.filter(certificate=certificate).values_list("offset_days", flat=True)) \
        == [7, 30, 90]


def test_reminder_emails_leave_on_commit_once(world, standards, django_capture_on_commit_callbacks):
    world.phuket.email = "batik@example.com"
    world.phuket.save(update_fields=["email"])
    assessment = start(world.consultant, standards)
    all_met(world.consultant, assessment)
    certification = to_audited(world.consultant, actions.certification_start(
        actor=world.consultant, assessment=assessment, on=ASSESSED))
    actions.certificate_record(actor=world.consultant, certification=certification, number="83-2-04563-2-0011",
                               issued_on=date(2026, 5, 1), expires_on=date(2027, 5, 1))
    from uplift.access import policy

    system = policy.system_actor()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.certificate_reminders_send(actor=system, today=date(2027, 4, 28)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.certificate_reminders_send(actor=system, today=date(2027, 4, 29)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "อีก 3 วัน" in message.body and "83-2-04563-2-0011" in message.body and "1/5/2570" in message.body
    assert message.to == ["batik@example.com"]
    assert Certificate.objects.get().reminders.count() == 3
