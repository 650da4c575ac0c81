"""Gap scores on hand-made assessments, readiness, and the corrective-action plan's problems."""

from datetime import date

import pytest

from uplift.toolkits.standards.core.catalogue import standard
from uplift.toolkits.standards.core.gap import (
    AssessmentError, ClauseAnswer, CorrectiveAction, Severity, Status, assess, check_plan, open_actions,
    overdue_actions,
)

FDA = standard("FDA")
# FDA weights: PR1 2, PR2 2 | PD1 2, PD2 2, PD3 2, PD4 1 | LA1 2, LA2 1 | AP1 1, AP2 1  (total 16)


def answers(**statuses):
    return [ClauseAnswer(c.id, Status(statuses.get(c.id.replace(".", "_"), "met"))) for c in FDA.clauses]


def test_all_met_is_ready():
    result = assess(FDA, answers())
    assert (result.earned, result.possible, result.score) == (16, 16, 1.0)
    assert result.readiness.code == "ready" and result.complete and result.gaps == ()


def test_partly_counts_half_and_not_applicable_leaves_the_ratio():
    result = assess(FDA, answers(PD4="partly", LA2="not_met", AP1="not_applicable"))
    # earned = 16 − 1 (AP1 out) − 0.5 (PD4 half of 1) − 1 (LA2) = 13.5 of 15
    assert (result.earned, result.possible) == (13.5, 15)
    assert result.score == pytest.approx(0.9)
    assert [(g.clause.id, g.status, g.suggested_severity) for g in result.gaps] == [
        ("PD4", Status.PARTLY, Severity.MINOR), ("LA2", Status.NOT_MET, Severity.MAJOR)]
    assert result.critical_not_met == () and result.readiness.code == "ready"
    sections = {s.section_id: s for s in result.sections}
    assert sections["PD"].score == pytest.approx(6.5 / 7) and sections["AP"].score == 1.0
    assert sections["AP"].counts["not_applicable"] == 1


def test_an_unmet_critical_clause_blocks_ready():
    result = assess(FDA, answers(PR2="not_met"))
    assert result.score == pytest.approx(14 / 16) and result.critical_not_met == ("PR2",)
    assert result.readiness.code == "nearly"
    low = assess(FDA, answers(PR1="not_met", PR2="not_met", PD1="not_met"))
    assert low.score == pytest.approx(10 / 16) and low.readiness.code == "not_ready"


def test_unassessed_clauses_give_no_readiness():
    result = assess(FDA, answers()[:4])
    assert not result.complete and result.readiness is None and len(result.unassessed) == 6
    assert assess(FDA, [ClauseAnswer(c.id, Status.NOT_APPLICABLE) for c in FDA.clauses]).score is None


def test_unknown_or_repeated_clauses_are_refused():
    with pytest.raises(AssessmentError, match="ไม่มีใน"):
        assess(FDA, [ClauseAnswer("Z9", Status.MET)])
    with pytest.raises(AssessmentError, match="ซ้ำ"):
        assess(FDA, [ClauseAnswer("PR1", Status.MET), ClauseAnswer("PR1", Status.PARTLY)])


def test_the_plan_covers_every_gap_with_owner_and_dates():
    result = assess(FDA, answers(PD4="partly", LA2="not_met"))
    on = date(2026, 2, 1)
    problems = check_plan(result, [], on)
    assert [p.code for p in problems] == ["no_action", "no_action"] and "PD4" in problems[0].message_th
    plan = [CorrectiveAction("PD4", Severity.MINOR, "ส่งตัวอย่างตรวจวิเคราะห์", "คุณสมศรี", date(2026, 3, 1)),
            CorrectiveAction("LA2", Severity.MAJOR, "ตัดข้อความ 'ลดความดัน' ออกจากฉลาก", "", date(2026, 1, 30)),
            CorrectiveAction("XX", Severity.MINOR, "", "คุณสมชาย", date(2026, 3, 1), done_on=date(2026, 1, 2))]
    codes = [(p.clause_id, p.code) for p in check_plan(result, plan, on)]
    assert codes == [("LA2", "no_owner"), ("LA2", "due_not_after_assessment"), ("XX", "unknown_clause"),
                     ("XX", "no_action_text"), ("XX", "done_before_assessment")]
    assert check_plan(result, plan[:1] + [CorrectiveAction("LA2", Severity.MAJOR, "แก้ฉลาก", "คุณสมชาย",
                                                            date(2026, 2, 15))], on) == ()
    assert [a.clause_id for a in open_actions(plan)] == ["PD4", "LA2"]
    assert [a.clause_id for a in overdue_actions(plan, date(2026, 2, 10))] == ["LA2"]
