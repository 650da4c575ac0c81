"""Pages of the lean toolkit: parse the request, call a selector or an action, render."""

import json

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
from uplift.toolkits.lean import actions, forms, pdf, selectors
from uplift.toolkits.lean.core.reference import wastes
from uplift.toolkits.lean.models import KaizenCard, Line, Saving, Shift, TimingStudy, WasteEntry

PAGE_SIZE = 25


@require_GET
@login_required
def index(request):
    sort = request.GET.get("sort") or "entrepreneur"
    page = Paginator(selectors.enrolments(request.user, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "lean/index.html", {
        "page": page, "sort": sort if sort in selectors.SORTS else "entrepreneur",
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)})


def _messages(request, error: ValidationError) -> None:
    for message in (m for ms in (error.message_dict.values() if hasattr(error, "error_dict") else [error.messages])
                    for m in ms):
        messages.error(request, message)


def _line(request, pk):
    return policy.get_visible(request.user, Line, pk, "toolkit.view") if pk else None


PREFIXED = ("waste", "kaizen", "saving")


POSTS = ("line", "waste", "waste_delete", "kaizen", "saving", "saving_delete", "claim", "shift_delete")


@login_required
def enrolment(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    lines = list(selectors.visible(request.user, Line, enrolment))
    savings = list(selectors.visible(request.user, Saving, enrolment))
    bound = {}
    if request.method == "POST":
        form_name = request.POST.get("form", "")
        if form_name not in POSTS:
            raise Http404(_("Not found."))
        if not can_work:
            raise PermissionDenied
        form, done = _post(request, enrolment, form_name, lines, savings)
        if done:
            return redirect(reverse("lean:enrolment", args=[enrolment.pk]) + f"#{done}")
        if form is not None:
            bound[form_name] = form
    space = selectors.workspace(request.user, enrolment)
    return render(request, "lean/enrolment.html", {
        "enrolment": enrolment, "space": space, "can_work": can_work, "charts": space.charts,
        "line_form": bound.get("line") or forms.LineForm(),
        "waste_form": bound.get("waste") or forms.WasteForm(lines=lines, prefix="waste"),
        "kaizen_form": bound.get("kaizen") or forms.KaizenForm(lines=lines, prefix="kaizen"),
        "saving_form": bound.get("saving") or forms.SavingForm(lines=lines, prefix="saving"),
        "claim_form": bound.get("claim") or forms.ClaimForm(savings=savings),
        "wastes": wastes().values(),
    })


def _post(request, enrolment, form_name: str, lines, savings):
    """Handle one form of the workspace; returns (bound form to show again, anchor to go to when done)."""
    user = request.user
    try:
        if form_name == "shift_delete":
            actions.shift_delete(actor=user, shift=policy.get_visible(user, Shift, request.POST.get("shift"), "toolkit.view"))
            messages.success(request, _("Shift deleted."))
            return None, "log"
        if form_name == "waste_delete":
            entry = policy.get_visible(user, WasteEntry, request.POST.get("entry"), "toolkit.view")
            actions.waste_delete(actor=user, entry=entry)
            return None, "waste"
        if form_name == "saving_delete":
            actions.saving_delete(actor=user, saving=policy.get_visible(user, Saving, request.POST.get("saving"),
                                                                      "toolkit.view"))
            return None, "savings"
    except ValidationError as error:
        _messages(request, error)
        return None, "top"
    form_class = {"line": forms.LineForm, "waste": forms.WasteForm, "kaizen": forms.KaizenForm,
                  "saving": forms.SavingForm, "claim": forms.ClaimForm}[form_name]
    kwargs = {"savings": savings} if form_name == "claim" else {} if form_name == "line" else {"lines": lines}
    form = form_class(request.POST, request.FILES, prefix=form_name if form_name in PREFIXED else None, **kwargs)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        if form_name == "line":
            actions.line_save(actor=user, enrolment=enrolment, line=_line(request, request.POST.get("line_id")), **data)
            anchor = "lines"
        elif form_name == "waste":
            actions.waste_create(actor=user, enrolment=enrolment, data=data, line=_line(request, data["line"]))
            anchor = "waste"
        elif form_name == "kaizen":
            actions.kaizen_save(actor=user, enrolment=enrolment, data=data, line=_line(request, data["line"]),
                                before_photo=data.get("before_photo"), after_photo=data.get("after_photo"))
            anchor = "kaizen"
        elif form_name == "saving":
            actions.saving_create(actor=user, enrolment=enrolment, rule=data["rule"], data=data,
                                  line=_line(request, data["line"]))
            anchor = "savings"
        else:
            baselines = {"production_cost": data.get("baseline_production_cost"),
                         "productivity": data.get("baseline_productivity")}
            actions.savings_claim_create(actor=user, enrolment=enrolment, savings_ids=data["savings"], wave=data["wave"],
                                         baselines=baselines, source=data["source"])
            anchor = "claims"
    except ValidationError as error:
        forms.add_errors(form, error)
        return form, None
    messages.success(request, _("Saved."))
    return None, anchor


@login_required
def shift_new(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    return _shift_form(request, enrolment, None)


@login_required
def shift_edit(request, pk: int):
    shift = selectors.shift_get(request.user, pk)
    enrolment = selectors.enrolment_get(request.user, shift.enrolment_id)
    return _shift_form(request, enrolment, shift)


def _shift_form(request, enrolment, shift):
    policy.require(request.user, "toolkit.work", enrolment)
    if request.method == "POST":
        form = forms.ShiftForm(request.POST)
        if form.is_valid():
            try:
                actions.shift_save(actor=request.user, enrolment=enrolment, data=form.cleaned_data,
                                   stops=form.stops(), rejects=form.rejects(), shift=shift)
            except ValidationError as error:
                forms.add_errors(form, error)
            else:
                messages.success(request, _("Shift saved."))
                if request.POST.get("next") == "another":
                    return redirect("lean:shift-new", pk=enrolment.pk)
                return redirect(reverse("lean:enrolment", args=[enrolment.pk]) + "#oee")
    else:
        initial = forms.ShiftForm.initial_for(shift) if shift else _last_shift_initial(request.user, enrolment)
        form = forms.ShiftForm(initial=initial)
    return render(request, "lean/shift_form.html", {
        "enrolment": enrolment, "form": form, "shift": shift,
        "line_names": selectors.visible(request.user, Line, enrolment).values_list("name", flat=True)})


def _last_shift_initial(user, enrolment) -> dict:
    """A new shift starts from the last one's line, times and ideal cycle: a workshop logs the same line daily."""
    last = selectors.shifts(user, enrolment).order_by("-date", "-id").first()
    if last is None:
        return {}
    return {"line": last.line.name, "planned_minutes": last.planned_minutes,
            "ideal_cycle_seconds": last.ideal_cycle_seconds, "product": last.product}


@login_required
def stopwatch(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    policy.require(request.user, "toolkit.work", enrolment)
    form = forms.TimingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            splits = [s for s in data["splits"].split(",") if s.strip()] if data["kind"] == TimingStudy.Kind.STOPWATCH \
                else None
            marks = json.loads(data["marks"] or "{}") if data["kind"] == TimingStudy.Kind.TALLY else None
            actions.timing_save(actor=request.user, enrolment=enrolment, line=data["line"], step=data["step"],
                                order=data["order"], kind=data["kind"], splits=splits, marks=marks, note=data["note"])
        except json.JSONDecodeError:
            form.add_error(None, _("The tally could not be read: count again."))
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("Timing saved."))
            return redirect(reverse("lean:enrolment", args=[enrolment.pk]) + "#lines")
    categories = [{"code": "value_adding", "name": _("Value-adding work")}] + [
        {"code": code, "name": f"{w.letter} · {w.name_th}"} for code, w in wastes().items()]
    return render(request, "lean/stopwatch.html", {
        "enrolment": enrolment, "form": form, "categories": categories,
        "line_names": selectors.visible(request.user, Line, enrolment).values_list("name", flat=True)})


@require_GET
@login_required
def kaizen_photo(request, pk: int, which: str):
    card = policy.get_visible(request.user, KaizenCard, pk, "toolkit.view")
    if which not in ("before", "after"):
        raise Http404(_("Not found."))
    photo = getattr(card, f"{which}_photo")
    if not photo:
        raise Http404(_("Not found."))
    return FileResponse(photo.open("rb"), filename=photo.name.rsplit("/", 1)[-1])


@require_GET
@login_required
def report_pdf(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    body = pdf.render_pdf(pdf.report_context(request.user, enrolment))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lean-{enrolment.pk}.pdf"'
    return response
