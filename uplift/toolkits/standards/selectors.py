"""Reads of the standards toolkit, each starting from the access policy, and what `core/` computes
from them: which standards each product needs, gap scores, plan problems and the pipeline's next steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.programme.models import Enrolment
from uplift.registry.models import Product, ProductStandard
from uplift.toolkits.standards import actions
from uplift.toolkits.standards.core import certification as cert_core
from uplift.toolkits.standards.core.catalogue import StandardSpec, standard as standard_spec
from uplift.toolkits.standards.core.gap import GapResult, check_plan
from uplift.toolkits.standards.core.matcher import MatchResult, ProductProfile, markets, match_standards
from uplift.toolkits.standards.models import (
    Assessment, Certificate, Certification, CertificationStep, ClauseResult, CorrectiveAction, Evidence,
)

ACTIVITY = "standards"
WORKING_STATUSES = ("accepted", "active", "completed")
SORTS = {
    "entrepreneur": "entrepreneur__name_th", "-entrepreneur": "-entrepreneur__name_th",
    "round": "round_activity__round__starts_on", "-round": "-round_activity__round__starts_on",
    "status": "status", "-status": "-status",
    "started": "started_on", "-started": "-started_on",
}


def enrolments(actor, sort: str = "entrepreneur") -> QuerySet[Enrolment]:
    """The activity's enrolments the actor sees, in working statuses."""
    order = SORTS.get(sort, SORTS["entrepreneur"])
    return (policy.visible(actor, Enrolment)
            .filter(round_activity__activity__code=ACTIVITY, status__in=WORKING_STATUSES)
            .select_related("entrepreneur__province", "round_activity__round", "round_activity__activity")
            .order_by(order, "pk"))


def enrolment_get(actor, pk) -> Enrolment:
    enrolment = policy.get_visible(actor, Enrolment, pk,
                                   related=("entrepreneur__province", "round_activity__round", "round_activity__activity"))
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise Http404(_("Not found."))
    return enrolment


def visible(actor, model, enrolment: Enrolment | None = None) -> QuerySet:
    qs = policy.visible(actor, model, "toolkit.view")
    return qs.filter(enrolment=enrolment) if enrolment is not None else qs


def products(actor, enrolment: Enrolment) -> QuerySet[Product]:
    held = Prefetch("standards", queryset=policy.visible(actor, ProductStandard).select_related("standard"))
    return (policy.visible(actor, Product).filter(entrepreneur_id=enrolment.entrepreneur_id)
            .prefetch_related(held).order_by("name_th"))


def assessment_get(actor, pk) -> Assessment:
    return policy.get_visible(actor, Assessment, pk, "toolkit.view",
                              related=("enrolment__entrepreneur", "enrolment__round_activity__activity", "product"))


def certification_get(actor, pk) -> Certification:
    return policy.get_visible(actor, Certification, pk, "toolkit.view",
                              related=("enrolment__entrepreneur", "enrolment__round_activity__activity",
                                       "enrolment__round_activity__round", "product", "assessment"))


# ---- matcher -----------------------------------------------------------------------------------

@dataclass
class ProductMatch:
    product: Product
    result: MatchResult | None
    held: dict[str, ProductStandard]
    error: str = ""

    def rows(self) -> list[dict[str, Any]]:
        if self.result is None:
            return []
        today = timezone.localdate()
        out = []
        for m in self.result.matches:
            held = self.held.get(m.standard)
            current = held is not None and (held.expires_on is None or held.expires_on >= today)
            out.append({"match": m, "spec": standard_spec(m.standard), "held": held, "current": current})
        return out


def match(actor, enrolment: Enrolment, chosen_markets: frozenset[str]) -> list[ProductMatch]:
    out = []
    for product in products(actor, enrolment):
        held = {ps.standard_id: ps for ps in product.standards.all()}
        try:
            result = match_standards(ProductProfile(product.category, product.name_th,
                                                    (product.name_en,) if product.name_en else (), chosen_markets))
            out.append(ProductMatch(product, result, held))
        except ValueError as error:
            out.append(ProductMatch(product, None, held, str(error)))
    return out


def market_choices() -> list[tuple[str, str]]:
    return list(markets().items())


# ---- assessments -------------------------------------------------------------------------------

@dataclass
class ClauseRow:
    clause: Any
    result: ClauseResult | None
    evidence: list[Evidence]


@dataclass
class AssessmentView:
    assessment: Assessment
    spec: StandardSpec | None
    result: GapResult | None
    sections: list[dict[str, Any]]
    actions: list[CorrectiveAction]
    plan_problems: tuple
    overdue: set[int]
    error: str = ""


def assessment_view(actor, assessment: Assessment) -> AssessmentView:
    results = {r.clause_id: r for r in policy.visible(actor, ClauseResult, "toolkit.view").filter(assessment=assessment)}
    evidence: dict[str, list[Evidence]] = {}
    for e in policy.visible(actor, Evidence, "toolkit.view").filter(assessment=assessment):
        evidence.setdefault(e.clause_id, []).append(e)
    plan = list(policy.visible(actor, CorrectiveAction, "toolkit.view").filter(assessment=assessment))
    try:
        spec = actions.spec_of(assessment)
    except ValidationError as error:
        return AssessmentView(assessment, None, None, [], plan, (), set(), " ".join(error.messages))
    result = actions.result_of(assessment, results.values())
    scores = {s.section_id: s for s in result.sections}
    sections = [{"section": s, "score": scores[s.id], "rows": [
        ClauseRow(c, results.get(c.id), evidence.get(c.id, [])) for c in s.clauses]} for s in spec.sections]
    problems = check_plan(result, [actions.plan_action(a) for a in plan], assessment.assessed_on)
    today = timezone.localdate()
    overdue = {a.pk for a in plan if a.done_on is None and a.due_on < today}
    return AssessmentView(assessment, spec, result, sections, plan, problems, overdue)


# ---- certifications ----------------------------------------------------------------------------

@dataclass
class CertificationView:
    certification: Certification
    state: cert_core.State
    steps: list[CertificationStep]
    allowed: list[cert_core.State]
    certificate: Certificate | None
    default_expiry: date | None
    spec: StandardSpec


def certification_view(actor, certification: Certification) -> CertificationView:
    flow = cert_core.pipeline()
    steps = list(policy.visible(actor, CertificationStep, "toolkit.view").filter(certification=certification)
                 .select_related("created_by"))
    certificate = policy.visible(actor, Certificate, "toolkit.view").filter(certification=certification).first()
    spec = standard_spec(certification.standard)
    return CertificationView(certification, flow.state(certification.state), steps,
                             [flow.state(c) for c in flow.allowed(certification.state)], certificate,
                             cert_core.default_expiry(spec, timezone.localdate()), spec)


def pipeline_states() -> list[cert_core.State]:
    return list(cert_core.pipeline().states)


# ---- the workspace ---------------------------------------------------------------------------------

@dataclass
class Workspace:
    enrolment: Enrolment
    matches: list[ProductMatch]
    markets: frozenset[str]
    assessments: list[Assessment]
    certifications: list[Certification]
    certificates: list[Certificate]
    states: list[cert_core.State]

    @property
    def charts(self) -> dict[str, Any]:
        return {"assessments": [{"id": a.pk, "label": f"{a.product.name_th} · {a.standard}",
                                 "score": None if a.score is None else round(a.score * 100, 1)}
                                for a in self.assessments]}


def workspace(actor, enrolment: Enrolment, chosen_markets: frozenset[str] = frozenset({"domestic"})) -> Workspace:
    assessments = list(visible(actor, Assessment, enrolment).select_related("product"))
    certifications = list(visible(actor, Certification, enrolment).select_related("product"))
    certificates = list(policy.visible(actor, Certificate, "toolkit.view")
                        .filter(certification__enrolment=enrolment).select_related("certification__product"))
    return Workspace(enrolment, match(actor, enrolment, chosen_markets), chosen_markets, assessments,
                     certifications, certificates, pipeline_states())
