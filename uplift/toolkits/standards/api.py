"""REST endpoints of the standards toolkit (activity 5): thin wrappers over its selectors and actions.

Errors: 403 when the role may not write, 404 when the object is outside the caller's scope (never
"exists but…"), 422 with field-keyed Thai messages when an action refuses the data (an illegal
pipeline move is a 422 on `to_state`).
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from uplift.access import policy
from uplift.registry.models import Product
from uplift.toolkits.standards import actions, selectors
from uplift.toolkits.standards.core.catalogue import catalogue
from uplift.toolkits.standards.core.matcher import ProductProfile, match_standards
from uplift.toolkits.standards.models import CorrectiveAction

router = Router(tags=["standards"])

MAX_PAGE_SIZE = 100


class ErrorOut(Schema):
    detail: str


class ValidationOut(Schema):
    detail: list[dict[str, Any]]
    errors: dict[str, list[str]]


ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class EnrolmentOut(Schema):
    id: int
    entrepreneur: int = Field(alias="entrepreneur_id")
    entrepreneur_name: str = Field(alias="entrepreneur.name_th")
    round: int = Field(alias="round_activity.round_id")
    status: str
    started_on: date | None


class EnrolmentPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EnrolmentOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    sort: str = Field("entrepreneur", description="entrepreneur, round, status or started; '-' for descending")


class StandardOut(Schema):
    code: str
    version: str
    name_th: str
    name_en: str
    issuer_th: str
    validity_years: int | None
    validity_confirmed: bool
    number_example: str
    sections: list[dict[str, Any]]
    sources: list[dict[str, Any]]


class MatchQuery(Schema):
    category: str = Field(description="food, beverage, textile, household, herbal (or the Thai name)")
    name: str = ""
    markets: list[str] = Field(["domestic"], description="domestic, modern_trade, online, export, muslim")


class AssessmentIn(_In):
    product: int
    standard: str = Field(description="a catalogue code: TCPS, FDA, GMP, HACCP, HALAL, ISO9001, ISO22000")
    assessed_on: date | None = None


class ClauseIn(Schema):
    status: str = Field(description="met, partly, not_met or not_applicable")
    note: str = ""


class ResultsIn(_In):
    results: dict[str, ClauseIn] = Field(description="clause id → result")


class ActionIn(_In):
    clause_id: str
    action: str
    owner: str
    due_on: date
    severity: str | None = Field(None, description="minor or major; empty: major for not met, minor for partly")
    root_cause: str = ""
    done_on: date | None = None


class ActionOut(Schema):
    id: int
    clause_id: str
    severity: str
    action: str
    owner: str
    due_on: date
    done_on: date | None


class AssessmentOut(Schema):
    id: int
    product: int
    standard: str
    catalogue_version: str
    assessed_on: date
    score: float | None
    readiness: str
    complete: bool
    sections: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    critical_not_met: list[str]
    unassessed: list[str]
    actions: list[ActionOut]
    plan_problems: list[dict[str, str]]


class CertificationIn(_In):
    assessment: int
    on: date | None = None


class AdvanceIn(_In):
    to_state: str = Field(description="corrective_actions, pre_audit, applied, audited, refused or withdrawn")
    on: date | None = None
    note: str = ""


class CertificateIn(_In):
    number: str = Field(description="อย.: XX-X-XXXXX-X-XXXX; มผช.: n/yyyy (B.E.)")
    issued_on: date
    expires_on: date | None = Field(None, description="empty: the standard's usual validity")
    on: date | None = None


class CertificationOut(Schema):
    id: int
    product: int
    standard: str
    state: str
    allowed: list[str]
    steps: list[dict[str, Any]]
    certificate: dict[str, Any] | None


def _enrolment(request, enrolment_id: int):
    return selectors.enrolment_get(request.auth, enrolment_id)


def _assessment_out(request, assessment) -> dict:
    view = selectors.assessment_view(request.auth, assessment)
    result = view.result
    return {"id": assessment.pk, "product": assessment.product_id, "standard": assessment.standard,
            "catalogue_version": assessment.catalogue_version, "assessed_on": assessment.assessed_on,
            "score": result.score if result else None, "readiness": assessment.readiness,
            "complete": bool(result and result.complete),
            "sections": [{"id": s["section"].id, "title_th": s["section"].title_th, "score": s["score"].score,
                          "counts": s["score"].counts} for s in view.sections],
            "gaps": [{"clause": g.clause.id, "status": g.status.value, "severity": g.suggested_severity.value}
                     for g in (result.gaps if result else ())],
            "critical_not_met": list(result.critical_not_met) if result else [],
            "unassessed": list(result.unassessed) if result else [],
            "actions": view.actions,
            "plan_problems": [{"clause": p.clause_id, "code": p.code, "message_th": p.message_th}
                              for p in view.plan_problems]}


def _certification_out(request, certification) -> dict:
    view = selectors.certification_view(request.auth, certification)
    cert = view.certificate
    return {"id": certification.pk, "product": certification.product_id, "standard": certification.standard,
            "state": certification.state, "allowed": [s.code for s in view.allowed],
            "steps": [{"from": s.from_state, "to": s.to_state, "on": s.on.isoformat(), "note": s.note}
                      for s in view.steps],
            "certificate": None if cert is None else {
                "id": cert.pk, "number": cert.number, "issued_on": cert.issued_on.isoformat(),
                "expires_on": cert.expires_on.isoformat() if cert.expires_on else None, "origin": cert.origin}}


@router.get("/catalogue", response={200: list[StandardOut], **ERRORS})
def catalogue_list(request):
    """The standards catalogue as data: each standard's sections and clauses, version and sources."""
    return [{"code": s.code, "version": s.version, "name_th": s.name_th, "name_en": s.name_en, "issuer_th": s.issuer_th,
             "validity_years": s.validity_years, "validity_confirmed": s.validity_confirmed,
             "number_example": s.number_rule.example, "sources": list(s.sources),
             "sections": [{"id": sec.id, "title_th": sec.title_th, "clauses": [
                 {"id": c.id, "text_th": c.text_th, "weight": c.weight, "evidence_th": c.evidence_th}
                 for c in sec.clauses]} for sec in s.sections]}
            for s in catalogue().values()]


@router.get("/match", response={200: dict[str, Any], **ERRORS})
def match(request, query: Query[MatchQuery]):
    """Which standards a product of this category and name needs for these markets, with the reasons."""
    try:
        result = match_standards(ProductProfile(query.category, query.name, (), frozenset(query.markets)))
    except ValueError as error:
        raise ValidationError({"category": str(error)}) from None
    return {"matcher_version": result.matcher_version, "category": result.category,
            "matches": [{"standard": m.standard, "level": m.level,
                         "reasons": [vars(r) for r in m.reasons]} for m in result.matches],
            "tcps_types": [t.product_type_th for t in result.tcps_types]}


@router.get("/enrolments", response={200: EnrolmentPage, **ERRORS})
def enrolment_list(request, query: Query[PageQuery]):
    qs = selectors.enrolments(request.auth, query.sort)
    start = (query.page - 1) * query.page_size
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size,
            "items": list(qs[start:start + query.page_size])}


@router.get("/enrolments/{int:enrolment_id}", response={200: dict[str, Any], **ERRORS})
def enrolment_workspace(request, enrolment_id: int, markets: str = "domestic"):
    """The matcher per product (markets comma-separated), assessments with scores, certifications, certificates."""
    enrolment = _enrolment(request, enrolment_id)
    chosen = frozenset(m for m in markets.split(",") if m)
    space = selectors.workspace(request.auth, enrolment, chosen or frozenset({"domestic"}))
    return {"enrolment": enrolment_id,
            "products": [{"id": pm.product.pk, "name_th": pm.product.name_th, "error": pm.error,
                          "standards": [{"standard": r["match"].standard, "level": r["match"].level,
                                         "held": r["held"].number if r["held"] else None, "current": r["current"]}
                                        for r in pm.rows()]} for pm in space.matches],
            "assessments": [{"id": a.pk, "product": a.product_id, "standard": a.standard, "score": a.score,
                             "readiness": a.readiness} for a in space.assessments],
            "certifications": [{"id": c.pk, "product": c.product_id, "standard": c.standard, "state": c.state}
                               for c in space.certifications],
            "certificates": [{"id": c.pk, "number": c.number, "issued_on": c.issued_on.isoformat(),
                              "expires_on": c.expires_on.isoformat() if c.expires_on else None}
                             for c in space.certificates]}


@router.post("/enrolments/{int:enrolment_id}/assessments", response={201: AssessmentOut, **ERRORS})
def assessment_create(request, enrolment_id: int, payload: AssessmentIn):
    enrolment = _enrolment(request, enrolment_id)
    product = policy.get_visible(request.auth, Product, payload.product)
    record = actions.assessment_start(actor=request.auth, enrolment=enrolment, product=product,
                                      standard=payload.standard, assessed_on=payload.assessed_on)
    return Status(201, _assessment_out(request, record))


@router.get("/assessments/{int:assessment_id}", response={200: AssessmentOut, **ERRORS})
def assessment_get(request, assessment_id: int):
    return _assessment_out(request, selectors.assessment_get(request.auth, assessment_id))


@router.put("/assessments/{int:assessment_id}/results", response={200: AssessmentOut, **ERRORS})
def assessment_results(request, assessment_id: int, payload: ResultsIn):
    """Record clause results; the score (met 1, partly 0.5, not met 0, weighted) and readiness are recomputed."""
    record = selectors.assessment_get(request.auth, assessment_id)
    actions.assessment_record(actor=request.auth, assessment=record,
                              results={k: v.model_dump() for k, v in payload.results.items()})
    return _assessment_out(request, selectors.assessment_get(request.auth, assessment_id))


@router.post("/assessments/{int:assessment_id}/evidence", response={201: dict[str, Any], **ERRORS})
def evidence_create(request, assessment_id: int, clause_id: Form[str], file: File[UploadedFile]):
    """A photo or PDF backing one clause (multipart: `clause_id`, `file`)."""
    record = selectors.assessment_get(request.auth, assessment_id)
    item = actions.evidence_add(actor=request.auth, assessment=record, clause_id=clause_id, file=file)
    return Status(201, {"id": item.pk, "clause_id": item.clause_id, "name": item.name, "size": item.size})


@router.post("/assessments/{int:assessment_id}/actions", response={201: ActionOut, **ERRORS})
def action_create(request, assessment_id: int, payload: ActionIn):
    record = selectors.assessment_get(request.auth, assessment_id)
    return Status(201, actions.action_save(actor=request.auth, assessment=record, data=payload.model_dump()))


@router.post("/actions/{int:action_id}/done", response={200: ActionOut, **ERRORS})
def action_done(request, action_id: int, done_on: date | None = None):
    item = policy.get_visible(request.auth, CorrectiveAction, action_id, "toolkit.view")
    return actions.action_done(actor=request.auth, action=item, done_on=done_on)


@router.post("/enrolments/{int:enrolment_id}/certifications", response={201: CertificationOut, **ERRORS})
def certification_create(request, enrolment_id: int, payload: CertificationIn):
    _enrolment(request, enrolment_id)
    assessment = selectors.assessment_get(request.auth, payload.assessment)
    if assessment.enrolment_id != enrolment_id:
        raise Http404(_("Not found."))
    record = actions.certification_start(actor=request.auth, assessment=assessment, on=payload.on)
    return Status(201, _certification_out(request, record))


@router.get("/certifications/{int:certification_id}", response={200: CertificationOut, **ERRORS})
def certification_get(request, certification_id: int):
    return _certification_out(request, selectors.certification_get(request.auth, certification_id))


@router.post("/certifications/{int:certification_id}/advance", response={200: CertificationOut, **ERRORS})
def certification_advance(request, certification_id: int, payload: AdvanceIn):
    """One dated step along the pipeline; a move it does not list is refused (422 on `to_state`)."""
    record = selectors.certification_get(request.auth, certification_id)
    actions.certification_advance(actor=request.auth, certification=record, **payload.model_dump())
    return _certification_out(request, selectors.certification_get(request.auth, certification_id))


@router.post("/certifications/{int:certification_id}/certificate", response={201: CertificationOut, **ERRORS})
def certificate_create(request, certification_id: int, payload: CertificateIn):
    """Record the certificate (audited → certified): the number's format is checked, the registry's standards
    held updated and a `certificates` observation written with the certificate as its origin."""
    record = selectors.certification_get(request.auth, certification_id)
    actions.certificate_record(actor=request.auth, certification=record, **payload.model_dump())
    return Status(201, _certification_out(request, selectors.certification_get(request.auth, certification_id)))
