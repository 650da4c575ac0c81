"""Pages of programme delivery: parse the request, ask a selector or service, render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from uplift.access.models import Role
from uplift.access.scoping import role_of, visible_entrepreneurs
from uplift.programme import exports, lifecycle, selectors, services
from uplift.programme.forms import SessionForm, VisitLogForm
from uplift.programme.models import Attendance, Round, Session

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return error.messages


@require_GET
@login_required
def workspace(request):
    space = selectors.workspace(request.user)
    return render(request, "programme/workspace.html", {
        "space": space, "can_manage": services.can_manage(request.user),
        "rounds": Round.objects.only("pk", "name").order_by("-starts_on")[:5],
    })


@login_required
def session_detail(request, pk: int):
    session = selectors.session_get(request.user, pk)
    role = role_of(request.user)
    can_take = role in (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER, Role.CONSULTANT)
    errors: list[str] = []
    if request.method == "POST":
        if not can_take:
            raise PermissionDenied
        roster_ids = request.POST.getlist("enrolment")
        rows = [{"enrolment": eid, "status": request.POST.get(f"status-{eid}"), "hours": request.POST.get(f"hours-{eid}")}
                for eid in roster_ids if request.POST.get(f"status-{eid}")]
        try:
            saved = services.attendance_record(actor=request.user, session_id=pk, rows=rows)
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("Attendance saved for %(n)s people.") % {"n": saved})
            return redirect("programme:session", pk=pk)
    roster = selectors.roster_with_attendance(request.user, session)
    visit_form = None
    if session.kind == Session.Kind.VISIT and can_take:
        visit_form = VisitLogForm(entrepreneurs=[e.entrepreneur for e in roster] or
                                  ([session.entrepreneur] if session.entrepreneur_id else []))
    logs = (session.visit_logs.filter(entrepreneur__in=visible_entrepreneurs(request.user).values("pk"))
            .select_related("entrepreneur", "author").prefetch_related("files", "follow_ups"))
    return render(request, "programme/session_detail.html", {
        "session": session, "roster": roster, "can_take": can_take, "errors": errors,
        "statuses": Attendance.Status.choices, "visit_form": visit_form, "logs": logs,
    })


@require_POST
@login_required
def visit_log_create(request, pk: int):
    session = selectors.session_get(request.user, pk)
    follow = request.POST.get("follow_up", "").strip()
    try:
        services.visit_log_create(
            actor=request.user, session_id=session.pk, entrepreneur_id=int(request.POST.get("entrepreneur") or 0),
            notes=request.POST.get("notes", ""), files=request.FILES.getlist("files"),
            follow_ups=[{"action": follow, "due_on": request.POST.get("follow_up_due") or None}] if follow else [],
        )
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Visit log saved."))
    return redirect("programme:session", pk=pk)


@login_required
def session_create(request):
    if role_of(request.user) not in (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER, Role.CONSULTANT):
        raise PermissionDenied
    cohorts = selectors.cohorts_visible(request.user).select_related("round_activity__activity", "round_activity__round", "centre")[:200]
    staff = get_user_model().objects.filter(profile__role__in=[Role.CONSULTANT, Role.REGIONAL_OFFICER]).order_by("username")[:500]
    initial = {"kind": request.GET.get("kind") or "workshop", "entrepreneur": request.GET.get("entrepreneur")}
    form = SessionForm(request.POST or None, cohorts=cohorts, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "weeks"}
        data["subdistrict"] = data["subdistrict"] or None
        try:
            made = services.session_create(actor=request.user, data=data, weeks=form.cleaned_data["weeks"])
        except ValidationError as error:
            for field, msgs in (error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]):
                for m in msgs:
                    form.add_error(field if field in form.fields else None, m)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, _("%(n)s session(s) scheduled.") % {"n": len(made)})
            return redirect("programme:session", pk=made[0].pk)
    return render(request, "programme/session_form.html", {"form": form})


@login_required
def enrolment_detail(request, pk: int):
    enrolment = selectors.with_progress(selectors.enrolments_visible(request.user)).filter(pk=pk).first()
    if enrolment is None:
        raise Http404("No such enrolment")
    if request.method == "POST":
        try:
            if request.POST.get("milestone"):
                services.milestone_done(actor=request.user, milestone_id=int(request.POST["milestone"]))
            else:
                services.enrolment_transition(actor=request.user, enrolment_id=pk, action=request.POST.get("action", ""),
                                              reason=request.POST.get("reason", ""))
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        except PermissionDenied:
            messages.error(request, _("Your role cannot change this enrolment."))
        else:
            messages.success(request, _("Saved."))
        return redirect("programme:enrolment", pk=pk)
    role = role_of(request.user)
    actions = lifecycle.allowed_actions(enrolment.status)
    if not services.can_manage(request.user):
        actions = [a for a in actions if role == Role.ENTREPRENEUR and a in ("accept", "decline")]
    milestones = enrolment.milestones.select_related("template").order_by("template__order")
    return render(request, "programme/enrolment_detail.html", {
        "enrolment": enrolment, "milestones": milestones, "actions": actions,
        "needs_reason": lifecycle.NEEDS_REASON,
        "can_mark": role in (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER, Role.CONSULTANT),
        "today": timezone.localdate(),
    })


@require_GET
@login_required
def overdue(request):
    qs = selectors.overdue_milestones(request.user)
    return render(request, "programme/overdue.html", {"milestones": qs[:200], "count": qs.count()})


@login_required
def round_plan(request, pk: int):
    if role_of(request.user) is None or role_of(request.user) == Role.ENTREPRENEUR:
        raise Http404("No such round")
    if request.method == "POST":
        try:
            if request.POST.get("milestone"):
                services.round_milestone_done(actor=request.user, milestone_id=int(request.POST["milestone"]))
            else:
                services.round_plan_create(actor=request.user, round_id=pk)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "; ".join(_errors(error)) if isinstance(error, ValidationError) else str(error))
        return redirect("programme:plan", pk=pk)
    try:
        round_, plan, figures = selectors.round_plan(pk)
    except Round.DoesNotExist:
        raise Http404("No such round")
    return render(request, "programme/round_plan.html", {
        "round": round_, "plan": plan, "figures": figures, "can_manage": services.can_manage(request.user)})


@require_GET
@login_required
def attendance_export(request):
    session = request.GET.get("session")
    cohort = request.GET.get("cohort")
    body = exports.attendance_xlsx(request.user, session_id=int(session) if session and session.isdigit() else None,
                                   cohort_id=int(cohort) if cohort and cohort.isdigit() else None)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="attendance.xlsx"'
    return response


@require_GET
@login_required
def progress_export(request):
    response = HttpResponse(exports.progress_xlsx(request.user), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="progress.xlsx"'
    return response
