"""Candidate verification before the solve: a regional officer confirms or excludes (with a reason) the
entrepreneurs of their region for a round; a programme manager or administrator does so for everyone.

``candidate_review`` is the one write; the reads (the list, the score parts of a page of it, the counts per
regional centre) start from ``policy.visible``, so an officer sees their region's candidates and counts only.
Runs freeze ``excluded_ids(round)`` into their configuration at their start (``scenarios.scenario_config``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.geo.models import Province
from uplift.programme.models import Round
from uplift.registry.models import Entrepreneur
from uplift.screening.cohort import Cohort
from uplift.screening.core import ImpactWeights, impact_scores
from uplift.screening.models import CandidateReview, RoundWeights

VERB = "candidate.verify"
PENDING = "pending"
DECISIONS = (CandidateReview.Decision.CONFIRMED, CandidateReview.Decision.EXCLUDED, PENDING)
STATUSES = (PENDING, CandidateReview.Decision.CONFIRMED, CandidateReview.Decision.EXCLUDED)


def status_label(status: str) -> str:
    return {PENDING: _("pending"), CandidateReview.Decision.CONFIRMED: _("confirmed"),
            CandidateReview.Decision.EXCLUDED: _("excluded")}.get(status, status)


# ---- the write ------------------------------------------------------------------------------------

def candidate_review(*, actor, round_id: int, entrepreneur_id: int, decision: str,
                     reason: str = "") -> CandidateReview | None:
    """Confirm or exclude (reason required) one candidate of a round; ``pending`` undoes a review.
    Returns the review (None after an undo)."""
    policy.require(actor, VERB)
    round_ = policy.get_visible(actor, Round, round_id)
    entrepreneur = policy.get_visible(actor, Entrepreneur, entrepreneur_id)
    policy.require(actor, VERB, entrepreneur)
    reason = (reason or "").strip()
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose confirm or exclude.")})
    if decision == CandidateReview.Decision.EXCLUDED and not reason:
        raise ValidationError({"reason": _("Give the reason for excluding %(name)s.") % {"name": entrepreneur.name_th}})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("The reason is at most 1,000 characters.")})
    if round_.scenarios.filter(approved_at__isnull=False).exists():
        raise ValidationError({"decision": _("The round's selection is already approved; candidates can no longer "
                                             "change.")})
    with transaction.atomic():
        current = CandidateReview.objects.select_for_update(of=("self",)).filter(round=round_, entrepreneur=entrepreneur).first()
        before = current.decision if current else PENDING
        if decision == PENDING:
            if current is not None:
                audit_record(actor=actor, action="verify", obj=current,
                             changes={"decision": [before, PENDING], "round": round_.pk})
                current.delete()
            return None
        review = current or CandidateReview(round=round_, entrepreneur=entrepreneur)
        review.decision, review.by = decision, actor
        review.reason = reason if decision == CandidateReview.Decision.EXCLUDED else ""
        review.save()
        audit_record(actor=actor, action="verify", obj=review,
                     changes={"decision": [before, decision], "reason": review.reason, "round": round_.pk})
    return review


# ---- reads ----------------------------------------------------------------------------------------

def excluded_ids(round_: Round) -> list[int]:
    """The entrepreneurs excluded for the round (all of them: a run is national; frozen at its start)."""
    return sorted(CandidateReview.objects.filter(round=round_, decision=CandidateReview.Decision.EXCLUDED)
                  .values_list("entrepreneur_id", flat=True))


def can_verify(user) -> bool:
    return policy.can(user, VERB)


def candidates(*, user, round_: Round, q: str = "", status: str = "", province: str = "") -> QuerySet[Entrepreneur]:
    """The candidates the user may verify, each annotated with its review (decision, reason)."""
    policy.require(user, VERB)
    reviews = CandidateReview.objects.filter(round=round_, entrepreneur=OuterRef("pk"))
    rows = (policy.visible(user, Entrepreneur, VERB).select_related("province")
            .annotate(decision=Subquery(reviews.values("decision")[:1]), reason=Subquery(reviews.values("reason")[:1]))
            .order_by("name_th", "pk"))
    if q.strip():
        rows = rows.filter(Q(name_th__icontains=q.strip()) | Q(name_en__icontains=q.strip()))
    if status == PENDING:
        rows = rows.filter(decision__isnull=True)
    elif status in (CandidateReview.Decision.CONFIRMED, CandidateReview.Decision.EXCLUDED):
        rows = rows.filter(decision=status)
    if province:
        rows = rows.filter(province_id=province)
    return rows


def province_options(*, user) -> list[tuple[str, str]]:
    """The provinces of the candidates the user may verify (an officer: their region's)."""
    codes = policy.visible(user, Entrepreneur, VERB).values("province_id")
    return list(Province.objects.filter(pk__in=codes).order_by("name_th").values_list("pk", "name_th"))


def score_parts(round_: Round, entrepreneurs: list[Entrepreneur]) -> dict[int, dict]:
    """The impact score and its four parts (each 0–1) under the round's weights, for a page of candidates.
    The score is elementwise (``core.impact``): the same whatever else is on the page."""
    if not entrepreneurs:
        return {}
    weights = (RoundWeights.objects.filter(round=round_).first() or RoundWeights(round=round_)).as_dict()
    cohort = Cohort(Entrepreneur.objects.filter(pk__in=[e.pk for e in entrepreneurs]), round_.starts_on.year)
    scores = impact_scores(cohort.impact_inputs(), ImpactWeights(**weights))
    out = {}
    for i, pk in enumerate(cohort.ids.tolist()):
        out[pk] = {"total": float(scores.total[i]), "sales_drop": float(scores.sales_drop[i]),
                   "tourist_share": float(scores.tourist_share[i]), "exposure": float(scores.exposure[i]),
                   "vulnerability": float(scores.vulnerability[i]),
                   "sales_drop_known": bool(scores.sales_drop_known[i])}
    return out


def counts_by_centre(*, user, round_: Round) -> list[dict]:
    """Pending / confirmed / excluded per regional centre, over the candidates the user may verify."""
    if not can_verify(user):
        return []
    rows = (candidates(user=user, round_=round_)
            .values("province__centre__number", "province__centre__name_th", "decision")
            .annotate(n=Count("pk")).order_by())
    by_centre: dict = {}
    for row in rows:
        key = row["province__centre__number"]
        item = by_centre.setdefault(key, {"number": key, "name": row["province__centre__name_th"] or "–",
                                          PENDING: 0, "confirmed": 0, "excluded": 0})
        item[row["decision"] or PENDING] += row["n"]
    out = [by_centre[k] for k in sorted(by_centre, key=lambda n: (n is None, n or 0))]
    for item in out:
        item["total"] = item[PENDING] + item["confirmed"] + item["excluded"]
    return out
