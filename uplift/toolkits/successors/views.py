"""Pages of the successors toolkit: parse the request, call a selector or an action, render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from uplift.access import policy
from uplift.toolkits.successors import actions, forms, pdf, selectors
from uplift.toolkits.successors.models import Judge, PitchEvent, ProposalAttachment, ProposalVersion

PAGE_SIZE = 25


def _messages(request, error: ValidationError) -> None:
    for message in (m for ms in (error.message_dict.values() if hasattr(error, "error_dict") else [error.messages])
                    for m in ms):
        messages.error(request, message)


@require_GET
@login_required
def index(request):
    sort = request.GET.get("sort") or "entrepreneur"
    page = Paginator(selectors.enrolments(request.user, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    centres, national = selectors.organiser_centres(request.user)
    return render(request, "successors/index.html", {
        "page": page, "sort": sort if sort in selectors.SORTS else "entrepreneur",
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "events": selectors.events(request.user)[:50], "panels": selectors.judging_events(request.user),
        "can_organise": bool(centres) or national})


# ---- an enrolment: the idea, its pitches, the winner's plan ------------------------------------------

@login_required
def enrolment(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    space = selectors.workspace(request.user, enrolment)
    plan_form = None
    if request.method == "POST":
        if not can_work:
            raise PermissionDenied
        form_name = request.POST.get("form", "")
        if form_name not in ("step", "step_done", "step_delete"):
            raise Http404(_("Not found."))
        plan_form, done = _plan_post(request, enrolment, form_name, space)
        if done:
            return redirect(reverse("successors:enrolment", args=[enrolment.pk]) + "#plan")
    return render(request, "successors/enrolment.html", {
        "enrolment": enrolment, "space": space, "can_work": can_work,
        "can_own": policy.can(request.user, "toolkit.own", enrolment),
        "latest": [(p, p.latest, selectors.canvas_rows(p.latest)) for p in space.proposals],
        "winners": [p for p in space.pitches if p.winner],
        "plan_form": plan_form or forms.PlanStepForm(milestones=space.milestones)})


def _plan_post(request, enrolment, form_name: str, space):
    user = request.user
    try:
        if form_name in ("step_done", "step_delete"):
            step = selectors.plan_step_get(user, request.POST.get("step"))
            if step.enrolment_id != enrolment.pk:
                raise Http404(_("Not found."))
            if form_name == "step_delete":
                actions.plan_step_delete(actor=user, step=step)
            else:
                actions.plan_step_save(actor=user, pitch=step.pitch, step=step, title=step.title, due_on=step.due_on,
                                       milestone=step.milestone, done_on=request.POST.get("done_on") or None)
            return None, True
    except ValidationError as error:
        _messages(request, error)
        return None, True
    form = forms.PlanStepForm(request.POST, milestones=space.milestones)
    if not form.is_valid():
        return form, False
    pitch = selectors.pitch_get(user, request.POST.get("pitch"))
    if pitch.enrolment_id != enrolment.pk:
        raise Http404(_("Not found."))
    try:
        actions.plan_step_save(actor=user, pitch=pitch, **form.cleaned_data)
    except ValidationError as error:
        forms.add_errors(form, error)
        return form, False
    messages.success(request, _("Saved."))
    return None, True


@login_required
def canvas_new(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    policy.require(request.user, "toolkit.own", enrolment)
    form = forms.CanvasForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = actions.proposal_create(actor=request.user, enrolment=enrolment, title=form.cleaned_data["title"],
                                               successor_name=form.cleaned_data["successor_name"],
                                               blocks=form.blocks(), note=form.cleaned_data["note"])
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("Idea saved as version 1."))
            return redirect("successors:proposal", pk=proposal.pk)
    return render(request, "successors/canvas.html", {"enrolment": enrolment, "form": form, "proposal": None})


@login_required
def proposal(request, pk: int):
    proposal = selectors.proposal_get(request.user, pk)
    enrolment = selectors.enrolment_get(request.user, proposal.enrolment_id)
    can_own = policy.can(request.user, "toolkit.own", enrolment)
    latest = proposal.latest
    form = None
    attachment_form = forms.AttachmentForm()
    if request.method == "POST":
        if not can_own:
            raise PermissionDenied
        form_name = request.POST.get("form", "")
        if form_name == "canvas":
            form = forms.CanvasForm(request.POST)
            if form.is_valid():
                try:
                    version = actions.proposal_revise(
                        actor=request.user, proposal=proposal, blocks=form.blocks(), title=form.cleaned_data["title"],
                        successor_name=form.cleaned_data["successor_name"], note=form.cleaned_data["note"])
                except ValidationError as error:
                    forms.add_errors(form, error)
                else:
                    messages.success(request, _("Saved as version %(n)s.") % {"n": version.number})
                    return redirect("successors:proposal", pk=proposal.pk)
        elif form_name == "attachment":
            attachment_form = forms.AttachmentForm(request.POST, request.FILES)
            if attachment_form.is_valid():
                try:
                    actions.attachment_add(actor=request.user, proposal=proposal,
                                           upload=attachment_form.cleaned_data["file"])
                except ValidationError as error:
                    forms.add_errors(attachment_form, error)
                else:
                    return redirect(reverse("successors:proposal", args=[proposal.pk]) + "#attachments")
        elif form_name == "attachment_delete":
            attachment = selectors.attachment_get(request.user, request.POST.get("attachment"))
            if attachment.proposal_id != proposal.pk:
                raise Http404(_("Not found."))
            actions.attachment_delete(actor=request.user, attachment=attachment)
            return redirect(reverse("successors:proposal", args=[proposal.pk]) + "#attachments")
        else:
            raise Http404(_("Not found."))
    shown = selectors.version_get(request.user, proposal, request.GET.get("v")) or latest
    if form is None and can_own:
        form = forms.CanvasForm(initial={"title": proposal.title, "successor_name": proposal.successor_name,
                                         **(latest.blocks if latest else {})})
    return render(request, "successors/proposal.html", {
        "enrolment": enrolment, "proposal": proposal, "shown": shown, "rows": selectors.canvas_rows(shown),
        "versions": selectors.visible(request.user, ProposalVersion).filter(proposal=proposal).order_by("-number"),
        "form": form, "can_own": can_own, "attachment_form": attachment_form,
        "attachments": selectors.visible(request.user, ProposalAttachment).filter(proposal=proposal)})


@require_GET
@login_required
def attachment(request, pk: int):
    item = selectors.attachment_get(request.user, pk)
    return FileResponse(item.file.open("rb"), filename=item.name, as_attachment=True)


# ---- events ------------------------------------------------------------------------------------------

@login_required
def event_new(request):
    centres, national = selectors.organiser_centres(request.user)
    if not centres and not national:
        raise PermissionDenied
    round_activities = list(selectors.round_activities(request.user))
    form = forms.EventForm(request.POST or None, round_activities=round_activities, centres=centres, national=national)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ra = next(ra for ra in round_activities if ra.pk == data["round_activity"])
        centre = next((c for c in centres if c.pk == data["centre"]), None)
        try:
            event = actions.event_create(actor=request.user, round_activity=ra, centre=centre, name=data["name"],
                                         held_on=data["held_on"], venue=data["venue"], winners=data["winners"])
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            return redirect("successors:event", pk=event.pk)
    return render(request, "successors/event_new.html", {"form": form})


@login_required
def event(request, pk: int):
    event = selectors.event_get(request.user, pk)
    organiser = selectors.can_organise(request.user, event)
    judge_form, pitch_form = forms.JudgeForm(), None
    candidates = list(selectors.enrolments(request.user).filter(round_activity=event.round_activity_id)
                      .exclude(successor_pitches__event=event)) if organiser else []
    if event.centre_id:
        candidates = [e for e in candidates if e.entrepreneur.province.centre_id == event.centre_id]
    if request.method == "POST":
        if not organiser:
            raise PermissionDenied
        form_name = request.POST.get("form", "")
        try:
            if form_name == "judge":
                judge_form = forms.JudgeForm(request.POST)
                if judge_form.is_valid():
                    user = get_user_model().objects.filter(username=judge_form.cleaned_data["username"],
                                                           is_active=True).first()
                    if user is None:
                        judge_form.add_error("username", _("No active account with this user name."))
                    else:
                        actions.judge_add(actor=request.user, event=event, user=user,
                                          name=judge_form.cleaned_data["name"])
                        return redirect(reverse("successors:event", args=[event.pk]) + "#judges")
            elif form_name == "pitch":
                pitch_form = forms.PitchForm(request.POST, enrolments=candidates)
                if pitch_form.is_valid():
                    enrolment = next(e for e in candidates if e.pk == pitch_form.cleaned_data["enrolment"])
                    actions.pitch_add(actor=request.user, event=event, enrolment=enrolment)
                    return redirect(reverse("successors:event", args=[event.pk]) + "#pitches")
            elif form_name == "status":
                actions.event_status(actor=request.user, event=event, status=request.POST.get("status", ""))
                return redirect(reverse("successors:event", args=[event.pk]) + "#results")
            elif form_name == "publish":
                actions.event_publish(actor=request.user, event=event, winners=request.POST.get("winners"))
                messages.success(request, _("Results published."))
                return redirect(reverse("successors:event", args=[event.pk]) + "#results")
            else:
                raise Http404(_("Not found."))
        except ValidationError as error:
            if form_name == "judge":
                forms.add_errors(judge_form, ValidationError(
                    {"username" if field == "user" else field: texts for field, texts in error.message_dict.items()}))
            elif pitch_form is not None:
                forms.add_errors(pitch_form, error)
            else:
                _messages(request, error)
    live, why = (selectors.live_results(event) if organiser and event.status != PitchEvent.Status.PUBLISHED
                 else (None, ""))
    published = selectors.results_view(event, event.results) if event.status == PitchEvent.Status.PUBLISHED else None
    judges = list(event.judges.all())
    sheets = {j.pk: sum(1 for row in selectors.judge_sheet(j) if row.done) for j in judges} if organiser else {}
    return render(request, "successors/event.html", {
        "event": event, "organiser": organiser, "judges": judges, "sheets": sheets,
        "pitches": list(event.pitches.select_related("enrolment__entrepreneur").order_by("order")),
        "rubric": selectors.event_rubric(event), "judge_form": judge_form,
        "pitch_form": pitch_form or forms.PitchForm(enrolments=candidates), "live": live, "why": why,
        "published": published, "publish_form": forms.PublishForm(initial={"winners": event.winners}),
        "is_judge": Judge.objects.filter(event=event, user=request.user).exists()})


@login_required
def score(request, pk: int):
    """A judge's sheet on a phone: each pitch with a number per criterion, saved pitch by pitch."""
    judge = _sheet_judge(request, pk)
    event = judge.event
    book = selectors.event_rubric(event)
    bound = {}
    if request.method == "POST":
        rows = {row.pitch.pk: row for row in selectors.judge_sheet(judge)}
        try:
            pitch_id = int(request.POST.get("pitch", ""))
        except ValueError:
            raise Http404(_("Not found.")) from None
        if pitch_id not in rows:
            raise Http404(_("Not found."))
        form = forms.ScoreForm(request.POST, book=book, prefix=f"p{pitch_id}")
        if form.is_valid():
            try:
                actions.scores_save(actor=request.user, judge=judge, pitch=rows[pitch_id].pitch,
                                    values={k: v for k, v in form.cleaned_data.items() if v is not None})
            except ValidationError as error:
                forms.add_errors(form, error)
            else:
                messages.success(request, _("Scores saved: %(title)s") % {"title": rows[pitch_id].pitch.title})
                query = f"?judge={judge.pk}" if judge.user_id != request.user.pk else ""
                return redirect(reverse("successors:score", args=[event.pk]) + query + f"#pitch-{pitch_id}")
        bound[pitch_id] = form
    sheet = selectors.judge_sheet(judge)
    cards = [(row, bound.get(row.pitch.pk) or forms.ScoreForm(book=book, values=row.values, prefix=f"p{row.pitch.pk}"))
             for row in sheet]
    return render(request, "successors/score.html", {
        "event": event, "judge": judge, "cards": cards, "rubric": book, "done": sum(1 for r in sheet if r.done),
        "open": event.status == PitchEvent.Status.OPEN, "on_behalf": judge.user_id != request.user.pk})


def _sheet_judge(request, pk: int) -> Judge:
    """The actor's own seat, or (for the organiser entering a paper sheet) the judge named by `?judge=`."""
    chosen = request.GET.get("judge")
    if chosen:
        event = selectors.event_get(request.user, pk)
        if not selectors.can_organise(request.user, event):
            raise PermissionDenied
        judge = event.judges.filter(pk=chosen).first() if chosen.isdigit() else None
        if judge is None:
            raise Http404(_("Not found."))
        return judge
    return selectors.judge_of(request.user, pk)


@require_GET
@login_required
def event_pdf(request, pk: int):
    event = selectors.event_get(request.user, pk)
    if event.status != PitchEvent.Status.PUBLISHED and not selectors.can_organise(request.user, event):
        raise Http404(_("Not found."))
    body = pdf.render_pdf("successors/event_pdf.html", pdf.event_context(event))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pitch-event-{event.pk}.pdf"'
    return response


@require_GET
@login_required
def report_pdf(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    body = pdf.render_pdf("successors/report_pdf.html", pdf.report_context(request.user, enrolment))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="successors-{enrolment.pk}.pdf"'
    return response
