"""Reads of the identity toolkit, each starting from the access policy, and what `core/` computes
from them: the worksheet's check, each version's label checklist, star readiness, and for each
launch the before/after figures and the interrupted time-series estimate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.programme.models import Enrolment
from uplift.registry.models import Product
from uplift.toolkits.identity.core import its, series, star_readiness, versions, worksheet as worksheet_core
from uplift.toolkits.identity.core.brief import brief_schema, check_brief
from uplift.toolkits.identity.core.label import CheckItem, FoodLabel, LabelChecklist
from uplift.toolkits.identity.models import (
    Brief, Launch, MockupVersion, OutcomeClaim, Photo, ReviewComment, StarAssessment, Worksheet,
)

ACTIVITY = "identity"
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
    return policy.visible(actor, Product).filter(entrepreneur_id=enrolment.entrepreneur_id).order_by("name_th")


def brief_get(actor, pk) -> Brief:
    return policy.get_visible(actor, Brief, pk, "toolkit.view",
                              related=("enrolment__entrepreneur", "enrolment__round_activity__activity", "product",
                                       "approved_version", "approved_by"))


def version_get(actor, pk) -> MockupVersion:
    return policy.get_visible(actor, MockupVersion, pk, "toolkit.view",
                              related=("brief__enrolment__entrepreneur", "brief__enrolment__round_activity__activity"))


def launch_get(actor, pk) -> Launch:
    return policy.get_visible(actor, Launch, pk, "toolkit.view",
                              related=("enrolment__entrepreneur", "enrolment__round_activity__activity", "product",
                                       "brief"))


# ---- worksheet -------------------------------------------------------------------------------

@dataclass
class WorksheetView:
    record: Worksheet | None
    problems: list[Any]
    rows: list[dict[str, Any]]
    photos: list[Photo]

    @property
    def complete(self) -> bool:
        return self.record is not None and not self.problems


def worksheet_view(actor, enrolment: Enrolment) -> WorksheetView:
    record = visible(actor, Worksheet, enrolment).first()
    photos = list(visible(actor, Photo, enrolment))
    answers = dict(record.answers) if record else {}
    answers["photos"] = [str(p.pk) for p in photos]
    sheet = worksheet_core.worksheet()
    problems = list(worksheet_core.check_worksheet(answers, sheet).problems) if record else []
    rows = []
    for f in sheet.fields:
        if f.kind == "photos":
            continue
        value = answers.get(f.code)
        if f.kind == "choice" and value:
            option = f.option(value)
            value = option.label_th if option else value
        rows.append({"field": f, "value": value, "is_list": isinstance(value, list)})
    return WorksheetView(record, problems, rows, photos)


# ---- briefs and versions ------------------------------------------------------------------------

def checklist_of(version: MockupVersion) -> LabelChecklist | None:
    if not version.label_result:
        return None
    return LabelChecklist(version.label_rules_version, tuple(
        CheckItem(i["rule_id"], i["element"], i["status"], i["message_th"], i["message_en"])
        for i in version.label_result))


def label_of(version: MockupVersion) -> FoodLabel | None:
    return FoodLabel.from_dict(version.label) if version.label else None


@dataclass
class VersionView:
    version: MockupVersion
    checklist: LabelChecklist | None
    comments: list[ReviewComment]

    @property
    def open_comments(self) -> int:
        return sum(1 for c in self.comments if c.resolved_at is None)


@dataclass
class BriefView:
    brief: Brief
    sections: list[dict[str, Any]]
    problems: list[Any]
    versions: list[VersionView]


def _answer_text(f, value) -> Any:
    if f.kind == "milestones" and value:
        return [f"{m.get('due', '')} {m.get('name', '')}".strip() if isinstance(m, dict) else str(m) for m in value]
    return value


def brief_view(actor, brief: Brief) -> BriefView:
    schema = brief_schema()
    check = check_brief(brief.answers, schema)
    by_section = check.by_section(schema)
    sections = [{"section": s, "problems": by_section[s.code],
                 "rows": [{"field": f, "value": _answer_text(f, brief.answers.get(f.code)),
                           "is_list": isinstance(brief.answers.get(f.code), list)} for f in s.fields]}
                for s in schema.sections]
    comments = Prefetch("comments", queryset=policy.visible(actor, ReviewComment, "toolkit.view").select_related(
        "created_by"))
    version_list = [VersionView(v, checklist_of(v), list(v.comments.all()))
                    for v in visible(actor, MockupVersion).filter(brief=brief).prefetch_related(comments)]
    return BriefView(brief, sections, list(check.problems), version_list)


def version_view(actor, version: MockupVersion) -> VersionView:
    comments = list(policy.visible(actor, ReviewComment, "toolkit.view").filter(version=version)
                    .select_related("created_by"))
    return VersionView(version, checklist_of(version), comments)


def compare(actor, brief: Brief, a: MockupVersion, b: MockupVersion) -> dict[str, Any]:
    if a.brief_id != brief.pk or b.brief_id != brief.pk:
        raise Http404(_("Not found."))
    if a.number > b.number:
        a, b = b, a
    result = versions.compare(label_of(a), checklist_of(a), label_of(b), checklist_of(b))
    return {"a": version_view(actor, a), "b": version_view(actor, b), "result": result}


# ---- stars -----------------------------------------------------------------------------------

def star_result(record: StarAssessment) -> star_readiness.StarReadiness | None:
    if record.criteria_version != star_readiness.opc_criteria().version:
        return None
    return star_readiness.star_readiness(record.scores, holds_legal_standard=record.holds_legal_standard)


# ---- launches ---------------------------------------------------------------------------------

@dataclass
class LaunchFigures:
    launch: Launch
    rows: list[series.MonthRow]
    before_after: series.BeforeAfter
    its: its.ItsResult | None = None
    error: str = ""

    @property
    def chart(self) -> dict[str, Any]:
        if self.its is None:
            return {"months": [r.month.isoformat()[:7] for r in self.rows], "observed": [r.sales for r in self.rows],
                    "fitted": [], "counterfactual": [], "launch": self.launch.launch_month.isoformat()[:7]}
        return {"months": [m.isoformat()[:7] for m in self.its.months], "observed": list(self.its.observed),
                "fitted": [round(v, 2) for v in self.its.fitted],
                "counterfactual": [round(v, 2) for v in self.its.counterfactual],
                "launch": self.launch.launch_month.isoformat()[:7]}


def month_rows(launch: Launch) -> list[series.MonthRow]:
    return [series.MonthRow(m.month, float(m.sales), None if m.price is None else float(m.price),
                            None if m.units is None else float(m.units)) for m in launch.months.all()]


def launch_figures(launch: Launch, *, seasonal: bool = False, hac: bool = False) -> LaunchFigures:
    rows = month_rows(launch)
    figures = LaunchFigures(launch, rows, series.before_after(
        rows, launch.launch_month,
        price_before=None if launch.price_before is None else float(launch.price_before),
        price_after=None if launch.price_after is None else float(launch.price_after)))
    try:
        figures.its = its.its_estimate([r.month for r in rows], [r.sales for r in rows], launch.launch_month,
                                       seasonal=seasonal, hac=hac, measure_th=f"ยอดขาย{launch.product.name_th}")
    except its.SeriesTooShort as error:
        figures.error = error.message_th
    except ValueError as error:
        figures.error = str(error)
    return figures


# ---- the workspace -------------------------------------------------------------------------------

@dataclass
class Workspace:
    enrolment: Enrolment
    worksheet: WorksheetView
    briefs: list[Brief]
    star: StarAssessment | None
    star_result: star_readiness.StarReadiness | None
    launches: list[LaunchFigures]
    claims: list[OutcomeClaim]
    products: list[Product] = field(default_factory=list)

    @property
    def charts(self) -> dict[str, Any]:
        return {"launches": [{"id": f.launch.pk, **f.chart} for f in self.launches]}


def workspace(actor, enrolment: Enrolment) -> Workspace:
    briefs = list(visible(actor, Brief, enrolment).select_related("product", "approved_version")
                  .prefetch_related("versions"))
    star = visible(actor, StarAssessment, enrolment).select_related("product").first()
    launches = [launch_figures(launch) for launch in visible(actor, Launch, enrolment)
                .select_related("product", "brief").prefetch_related("months")]
    claims = list(visible(actor, OutcomeClaim, enrolment).prefetch_related("launches__product"))
    return Workspace(enrolment, worksheet_view(actor, enrolment), briefs, star, star_result(star) if star else None,
                     launches, claims, list(products(actor, enrolment)))
