"""Pages of the standards toolkit: parse the request, call a selector or an action, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from uplift.access import policy
from uplift.toolkits.standards import actions, forms, pdf, selectors
from uplift.toolkits.standards.core.matcher import markets
from uplift.toolkits.standards.models import CorrectiveAction, Evidence

PAGE_SIZE = 25


def _messages(request, error: ValidationError) -> None:
    for message in (m for ms in (error.message_dict.values() if hasattr(error, "error_dict") else [error.messages])
                    for m in ms):
        messages.error(request, message)


def _to(name: str, pk: int, anchor: str = ""):
    return redirect(reverse(f"standards:{name}", args=[pk]) + (f"#{anchor}" if anchor else ""))


def _markets(request) -> frozenset[str]:
    chosen = frozenset(m for m in request.GET.getlist("market") if m in markets())
    return chosen or frozenset({"domestic"})


@require_GET
@login_required
def index(request):
    sort = request.GET.get("sort") or "entrepreneur"
    page = Paginator(selectors.enrolments(request.user, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "standards/index.html", {
        "page": page, "sort": sort if sort in selectors.SORTS else "entrepreneur",
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)})


@login_required
def enrolment(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    products = selectors.products(request.user, enrolment)
    form = forms.AssessmentForm(products=products)
    if request.method == "POST":
        if request.POST.get("form") != "assessment":
            raise Http404(_("Not found."))
        if not can_work:
            raise PermissionDenied
        form = forms.AssessmentForm(request.POST, products=products)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assessment = actions.assessment_start(actor=request.user, enrolment=enrolment, product=data["product"],
                                                      standard=data["standard"], assessed_on=data["assessed_on"])
                return _to("assessment", assessment.pk)
            except ValidationError as error:
                forms.add_errors(form, error)
    space = selectors.workspace(request.user, enrolment, _markets(request))
    return render(request, "standards/enrolment.html", {
        "enrolment": enrolment, "space": space, "can_work": can_work, "form": form,
        "market_choices": selectors.market_choices(), "charts": space.charts})


ASSESSMENT_POSTS = ("results", "evidence", "evidence_delete", "action", "action_done", "certify")
OWN_POSTS = ("evidence", "evidence_delete", "action_done")


@login_required
def assessment(request, pk: int):
    record = selectors.assessment_get(request.user, pk)
    enrolment = selectors.enrolment_get(request.user, record.enrolment_id)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    can_own = policy.can(request.user, "toolkit.own", enrolment)
    view = selectors.assessment_view(request.user, record)
    clauses = view.spec.clauses if view.spec else ()
    gaps = view.result.gaps if view.result else ()
    evidence_form, action_form = forms.EvidenceForm(clauses=clauses), forms.ActionForm(gaps=gaps)
    if request.method == "POST":
        form_name = request.POST.get("form", "")
        if form_name not in ASSESSMENT_POSTS:
            raise Http404(_("Not found."))
        if not (can_own if form_name in OWN_POSTS else can_work):
            raise PermissionDenied
        try:
            if form_name == "results":
                actions.assessment_record(actor=request.user, assessment=record,
                                          results=forms.results_from_post(request.POST, [c.id for c in clauses]))
                messages.success(request, _("Assessment saved."))
                return _to("assessment", record.pk, "score")
            if form_name == "evidence":
                evidence_form = forms.EvidenceForm(request.POST, request.FILES, clauses=clauses)
                if evidence_form.is_valid():
                    actions.evidence_add(actor=request.user, assessment=record, **evidence_form.cleaned_data)
                    messages.success(request, _("Evidence added."))
                    return _to("assessment", record.pk, f"clause-{evidence_form.cleaned_data['clause_id']}")
            elif form_name == "evidence_delete":
                item = policy.get_visible(request.user, Evidence, request.POST.get("evidence"), "toolkit.view")
                if item.assessment_id != record.pk:
                    raise Http404(_("Not found."))
                actions.evidence_delete(actor=request.user, evidence=item)
                return _to("assessment", record.pk, f"clause-{item.clause_id}")
            elif form_name == "action":
                action_form = forms.ActionForm(request.POST, gaps=gaps)
                if action_form.is_valid():
                    actions.action_save(actor=request.user, assessment=record, data=action_form.cleaned_data)
                    messages.success(request, _("Corrective action added."))
                    return _to("assessment", record.pk, "plan")
            elif form_name == "action_done":
                item = policy.get_visible(request.user, CorrectiveAction, request.POST.get("action"), "toolkit.view")
                if item.assessment_id != record.pk:
                    raise Http404(_("Not found."))
                actions.action_done(actor=request.user, action=item, done_on=request.POST.get("done_on") or None)
                return _to("assessment", record.pk, "plan")
            else:
                certification = actions.certification_start(actor=request.user, assessment=record)
                messages.success(request, _("Certification started."))
                return _to("certification", certification.pk)
        except ValidationError as error:
            if form_name in ("evidence", "action"):
                forms.add_errors(evidence_form if form_name == "evidence" else action_form, error)
            else:
                _messages(request, error)
                if form_name == "results":
                    view = selectors.assessment_view(request.user, record)
    return render(request, "standards/assessment.html", {
        "enrolment": enrolment, "assessment": record, "view": view, "can_work": can_work, "can_own": can_own,
        "statuses": forms.STATUS_CHOICES, "evidence_form": evidence_form, "action_form": action_form,
        "certifications": record.certifications.all(), "charts": {"sections": [
            {"label": f"{s['section'].id} {s['section'].title_th}",
             "score": None if s["score"].score is None else round(s["score"].score * 100, 1)}
            for s in view.sections]}})


@require_GET
@login_required
def evidence(request, pk: int):
    item = policy.get_visible(request.user, Evidence, pk, "toolkit.view")
    return FileResponse(item.file.open("rb"), content_type=item.content_type, filename=item.name)


@login_required
def certification(request, pk: int):
    record = selectors.certification_get(request.user, pk)
    enrolment = selectors.enrolment_get(request.user, record.enrolment_id)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    view = selectors.certification_view(request.user, record)
    advance_form = forms.AdvanceForm(states=[s for s in view.allowed if s.code != "certified"])
    certificate_form = forms.CertificateForm()
    if request.method == "POST":
        form_name = request.POST.get("form", "")
        if form_name not in ("advance", "certificate"):
            raise Http404(_("Not found."))
        if not can_work:
            raise PermissionDenied
        try:
            if form_name == "advance":
                advance_form = forms.AdvanceForm(request.POST, states=view.allowed)
                if advance_form.is_valid():
                    actions.certification_advance(actor=request.user, certification=record,
                                                  **advance_form.cleaned_data)
                    messages.success(request, _("Step recorded."))
                    return _to("certification", record.pk)
            else:
                certificate_form = forms.CertificateForm(request.POST)
                if certificate_form.is_valid():
                    actions.certificate_record(actor=request.user, certification=record,
                                               **certificate_form.cleaned_data)
                    messages.success(request, _("Certificate recorded: the registry's standards held are updated."))
                    return _to("certification", record.pk)
        except ValidationError as error:
            forms.add_errors(certificate_form if form_name == "certificate" else advance_form, error)
    return render(request, "standards/certification.html", {
        "enrolment": enrolment, "certification": record, "view": view, "can_work": can_work,
        "advance_form": advance_form, "certificate_form": certificate_form,
        "can_certify": any(s.code == "certified" for s in view.allowed)})


@require_GET
@login_required
def report_pdf(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    body = pdf.render_pdf(pdf.report_context(request.user, enrolment))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="standards-{enrolment.pk}.pdf"'
    return response
