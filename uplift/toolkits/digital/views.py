"""Pages of the digital toolkit: parse the request, call a selector or an action, render."""

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
from uplift.registry.models import Product
from uplift.toolkits.digital import actions, forms, pdf, selectors
from uplift.toolkits.digital.models import Assessment, Respondent

PAGE_SIZE = 25
POSTS = ("record", "roadmap", "item", "check", "check_delete", "respondent_delete")


@require_GET
@login_required
def index(request):
    sort = request.GET.get("sort") or "entrepreneur"
    page = Paginator(selectors.enrolments(request.user, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "digital/index.html", {
        "page": page, "sort": sort if sort in selectors.SORTS else "entrepreneur",
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)})


def _messages(request, error: ValidationError) -> None:
    for message in (m for ms in (error.message_dict.values() if hasattr(error, "error_dict") else [error.messages])
                    for m in ms):
        messages.error(request, message)


def _products(user, enrolment):
    return policy.visible(user, Product).filter(entrepreneur=enrolment.entrepreneur_id).order_by("name_th")


@login_required
def enrolment(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    can_own = policy.can(request.user, "toolkit.own", enrolment)
    bound = {}
    if request.method == "POST":
        form_name = request.POST.get("form", "")
        if form_name not in POSTS:
            raise Http404(_("Not found."))
        if not (can_own if form_name in ("check", "check_delete") else can_work):
            raise PermissionDenied
        form, done = _post(request, enrolment, form_name)
        if done:
            return redirect(reverse("digital:enrolment", args=[enrolment.pk]) + f"#{done}")
        if form is not None:
            bound[form_name] = form
    space = selectors.workspace(request.user, enrolment)
    products = _products(request.user, enrolment)
    return render(request, "digital/enrolment.html", {
        "enrolment": enrolment, "space": space, "can_work": can_work, "can_own": can_own,
        "charts": {"radar": space.radar},
        "record_form": bound.get("record") or forms.RecordForm(),
        "roadmap_form": bound.get("roadmap") or forms.RoadmapForm(),
        "check_form": bound.get("check") or forms.CheckForm(products=products),
        "items": [(item, forms.RoadmapItemForm(milestones=space.milestones, initial={
            "item": item.pk, "due_on": item.due_on, "done_on": item.done_on, "milestone": item.milestone_id}))
                  for item in space.items],
        "findings": {check.pk: selectors.finding_rows(check) for check in space.checks},
    })


def _post(request, enrolment, form_name: str):
    """Handle one form of the workspace; returns (bound form to show again, anchor to go to when done)."""
    user = request.user
    try:
        if form_name == "respondent_delete":
            respondent = selectors.respondent_get(user, request.POST.get("respondent"))
            actions.respondent_delete(actor=user, respondent=respondent)
            messages.success(request, _("Respondent removed."))
            return None, "assessment"
        if form_name == "check_delete":
            actions.presentation_check_delete(actor=user, check=selectors.check_get(user, request.POST.get("check")))
            return None, "checks"
        if form_name == "record":
            assessment = policy.get_visible(user, Assessment, request.POST.get("assessment"), "toolkit.view")
            if assessment.enrolment_id != enrolment.pk:
                raise Http404(_("Not found."))
            actions.assessment_record(actor=user, assessment=assessment, wave=request.POST.get("wave") or None)
            messages.success(request, _("Sent to programme outcomes."))
            return None, "assessment"
        if form_name == "item":
            form = forms.RoadmapItemForm(request.POST, milestones=list(enrolment.milestones.all()))
            if not form.is_valid():
                _messages(request, ValidationError(form.errors))
                return None, "roadmap"
            item = selectors.roadmap_item_get(user, form.cleaned_data["item"])
            if item.roadmap.enrolment_id != enrolment.pk:
                raise Http404(_("Not found."))
            data = form.cleaned_data
            actions.roadmap_item_update(actor=user, item=item, due_on=data["due_on"], done_on=data["done_on"],
                                        milestone=data["milestone"])
            messages.success(request, _("Saved."))
            return None, "roadmap"
    except ValidationError as error:
        _messages(request, error)
        return None, "top"
    if form_name == "roadmap":
        form = forms.RoadmapForm(request.POST)
    else:
        form = forms.CheckForm(request.POST, request.FILES, products=_products(user, enrolment))
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        if form_name == "roadmap":
            actions.roadmap_build(actor=user, enrolment=enrolment, starts_on=data["starts_on"],
                                  days_per_week=data["days_per_week"], target=data["target"], wave=data["wave"])
            anchor = "roadmap"
        else:
            product = _products(user, enrolment).filter(pk=data["product"]).first() if data["product"] else None
            check = actions.presentation_check_create(
                actor=user, enrolment=enrolment, marketplaces=data["marketplaces"], photo=data["photo"],
                product=product, **{k: data[k] for k in ("title_th", "title_en", "description_th", "description_en")})
            anchor = f"check-{check.pk}"
    except ValidationError as error:
        forms.add_errors(form, error)
        return form, None
    messages.success(request, _("Saved."))
    return None, anchor


def _assessment_form(request, enrolment, wave: str, respondent: Respondent | None):
    policy.require(request.user, "toolkit.own", enrolment)
    if request.method == "POST":
        form = forms.AssessmentForm(request.POST)
        if form.is_valid():
            try:
                actions.respondent_save(actor=request.user, enrolment=enrolment, wave=wave,
                                        role=form.cleaned_data["role"], name=form.cleaned_data["name"],
                                        answers=form.answers(), respondent=respondent)
            except ValidationError as error:
                forms.add_errors(form, error)
            else:
                messages.success(request, _("Answers saved."))
                return redirect(reverse("digital:enrolment", args=[enrolment.pk]) + "#assessment")
    elif respondent is not None:
        form = forms.AssessmentForm(initial=forms.AssessmentForm.initial_for(respondent))
    else:
        mine = selectors.visible(request.user, Respondent).filter(assessment__enrolment=enrolment).exists()
        form = forms.AssessmentForm(initial={} if mine else {"role": "owner"})
    return render(request, "digital/assess.html", {
        "enrolment": enrolment, "form": form, "wave": wave, "respondent": respondent,
        "wave_label": dict(Assessment.Wave.choices)[wave], "questions": len(selectors.questionnaire().questions)})


@login_required
def assess(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    wave = request.GET.get("wave") or Assessment.Wave.T0
    if wave not in Assessment.Wave.values:
        raise Http404(_("Not found."))
    return _assessment_form(request, enrolment, wave, None)


@login_required
def respondent(request, pk: int):
    respondent = selectors.respondent_get(request.user, pk)
    enrolment = selectors.enrolment_get(request.user, respondent.assessment.enrolment_id)
    return _assessment_form(request, enrolment, respondent.assessment.wave, respondent)


@require_GET
@login_required
def check_photo(request, pk: int):
    check = selectors.check_get(request.user, pk)
    if not check.photo:
        raise Http404(_("Not found."))
    kind = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(check.photo.name.rsplit(".", 1)[-1])
    if kind is None:
        raise Http404(_("Not found."))
    return FileResponse(check.photo.open("rb"), filename=check.photo.name.rsplit("/", 1)[-1], content_type=kind)


@require_GET
@login_required
def report_pdf(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    body = pdf.render_pdf(pdf.report_context(request.user, enrolment))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="digital-{enrolment.pk}.pdf"'
    return response

