"""Pages of programme delivery: parse the request, ask a selector or an action, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from uplift.access import actions as access_actions
from uplift.access import policy
from uplift.ops.replica import reads_from_replica
from uplift.programme import actions, exports, lifecycle, selectors
from uplift.programme.forms import SessionForm, VisitLogForm
from uplift.programme.models import Activity, Attendance, Enrolment, Session

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return error.messages


@require_GET
@login_required
def workspace(request):
    def number(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    status = request.GET.get("status") or None
    status = status if status in dict(Enrolment.Status.choices) else None
    first_page = request.GET.get("page", "1") in ("", "1")
    space = selectors.workspace(request.user, round_id=number("round"), activity=number("activity"), status=status,
                                first_page=first_page)
    paginator = Paginator(space.enrolments, selectors.LIST_LIMIT)
    paginator.count = space.enrolment_count
    page = paginator.get_page(1 if first_page else request.GET.get("page"))
    space.enrolments = page.object_list
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "programme/workspace.html", {
        "space": space, "page": page, "query": query.urlencode(), "statuses": Enrolment.Status.choices,
        "activities": Activity.objects.order_by("number"), "chosen": {"round": number("round"),
                                                                      "activity": number("activity"), "status": status},
        "consultants": selectors.consultant_choices() if policy.can(request.user, "consultant.assign") else [],
    })


@require_POST
@login_required
def consultant_assign(request):
    enrolment = selectors.enrolment_get(request.user, int(request.POST.get("enrolment") or 0))
    consultant = next((c for c in selectors.consultant_choices() if str(c.pk) == request.POST.get("consultant")), None)
    try:
        if consultant is None:
            raise ValidationError({"consultant": _("Choose a consultant.")})
        access_actions.consultant_assign(actor=request.user, consultant=consultant, entrepreneurs=[enrolment.entrepreneur])
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("%(consultant)s now works with %(name)s.") % {
            "consultant": consultant.get_full_name() or consultant.username, "name": enrolment.entrepreneur.name_th})
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/programme/")
                    else "programme:workspace")


@login_required
def session_detail(request, pk: int):
    session = selectors.session_get(request.user, pk)
    can_take = policy.can(request.user, "attendance.record", session)
    errors: list[str] = []
    if request.method == "POST":
        if not can_take:
            raise PermissionDenied
        roster_ids = request.POST.getlist("enrolment")
        rows = [{"enrolment": eid, "status": request.POST.get(f"status-{eid}"), "hours": request.POST.get(f"hours-{eid}")}
                for eid in roster_ids if request.POST.get(f"status-{eid}")]
        try:
            saved = actions.attendance_record(actor=request.user, session_id=pk, rows=rows)
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("Attendance saved for %(n)s people.") % {"n": saved})
            return redirect("programme:session", pk=pk)
    roster = selectors.roster_with_attendance(request.user, session)
    visit_form = None
    if session.kind == Session.Kind.VISIT and policy.can(request.user, "visit.log", session):
        visit_form = VisitLogForm(entrepreneurs=[e.entrepreneur for e in roster] or
                                  ([session.entrepreneur] if session.entrepreneur_id else []))
    return render(request, "programme/session_detail.html", {
        "session": session, "roster": roster, "can_take": can_take, "errors": errors,
        "statuses": [(value, str(label)) for value, label in Attendance.Status.choices], "visit_form": visit_form,
        "logs": selectors.session_visit_logs(request.user, session),
    })


@require_POST
@login_required
def visit_log_create(request, pk: int):
    session = selectors.session_get(request.user, pk)
    follow = request.POST.get("follow_up", "").strip()
    try:
        actions.visit_log_create(
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
def cohort_create(request):
    if not policy.can(request.user, "cohort.manage"):
        raise PermissionDenied
    activities, centres = selectors.cohort_choices(request.user)
    errors: list[str] = []
    if request.method == "POST":
        try:
            cohort = actions.cohort_create(actor=request.user, round_activity_id=int(request.POST.get("round_activity") or 0),
                                           centre_id=int(request.POST.get("centre") or 0),
                                           name=request.POST.get("name", ""))
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("Cohort opened: %(name)s.") % {"name": cohort})
            return redirect(f"{reverse('programme:session-create')}?cohort={cohort.pk}")
    return render(request, "programme/cohort_form.html", {
        "activities": activities, "centres": centres, "errors": errors, "posted": request.POST})


def _visited_subdistrict(actor, data: dict) -> str | None:
    """A visit with no place given takes place where the visited entrepreneur is."""
    if data.get("kind") != Session.Kind.VISIT or not data.get("entrepreneur"):
        return None
    from uplift.registry.models import Entrepreneur

    return policy.visible(actor, Entrepreneur).filter(pk=data["entrepreneur"]).values_list(
        "subdistrict_id", flat=True).first()


@login_required
def session_create(request):
    if not (policy.can(request.user, "session.schedule") or policy.can(request.user, "visit.schedule")):
        raise PermissionDenied
    visits_only = not policy.can(request.user, "session.schedule")
    initial = {"kind": "visit" if visits_only else (request.GET.get("kind") or "workshop"),
               "entrepreneur": request.GET.get("entrepreneur"), "cohort": request.GET.get("cohort")}
    form = SessionForm(request.POST or None, cohorts=selectors.schedulable_cohorts(request.user),
                       staff=selectors.trainer_choices(), initial=initial,
                       entrepreneurs=selectors.visitable_entrepreneurs(request.user), visits_only=visits_only)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "weeks"}
        data["subdistrict"] = data["subdistrict"] or _visited_subdistrict(request.user, data) or None
        try:
            made = actions.session_create(actor=request.user, data=data, weeks=form.cleaned_data["weeks"])
        except ValidationError as error:
            for field, msgs in (error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]):
                for m in msgs:
                    form.add_error(field if field in form.fields else None, m)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, _("%(n)s session(s) scheduled.") % {"n": len(made)})
            return redirect("programme:session", pk=made[0].pk)
    return render(request, "programme/session_form.html", {"form": form, "visits_only": visits_only})


@login_required
def enrolment_detail(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    if request.method == "POST":
        try:
            if request.POST.get("milestone"):
                actions.milestone_done(actor=request.user, milestone_id=int(request.POST["milestone"]),
                                       note=request.POST.get("note", ""), evidence=request.FILES.get("evidence"))
            else:
                actions.enrolment_transition(actor=request.user, enrolment_id=pk, action=request.POST.get("action", ""),
                                             reason=request.POST.get("reason", ""))
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        except PermissionDenied:
            messages.error(request, _("Your role cannot change this enrolment."))
        else:
            messages.success(request, _("Saved."))
        return redirect("programme:enrolment", pk=pk)
    moves = [a for a in lifecycle.allowed_actions(enrolment.status)
             if policy.can(request.user, lifecycle.verb_for(a), enrolment)]
    return render(request, "programme/enrolment_detail.html", {
        "enrolment": enrolment, "milestones": selectors.enrolment_milestones(request.user, enrolment), "actions": moves,
        "needs_reason": lifecycle.NEEDS_REASON,
        "can_mark": policy.can(request.user, "milestone.update", enrolment),
        "today": timezone.localdate(),
    })


@require_GET
@login_required
def milestone_evidence(request, pk: int):
    milestone = selectors.milestone_get(request.user, pk)
    if not milestone.evidence:
        raise Http404(_("Not found."))
    return FileResponse(milestone.evidence.open("rb"), as_attachment=True,
                        filename=milestone.evidence.name.rsplit("/", 1)[-1])


@require_GET
@login_required
def overdue(request):
    rows, count = selectors.overdue_page(request.user)
    return render(request, "programme/overdue.html", {"milestones": rows, "count": count,
                                                      "enrolment_path": _path_before_pk("programme:enrolment")})


def _path_before_pk(name: str) -> str:
    """The URL of ``name`` up to its trailing ``<pk>/``: a list of hundreds of links reverses it once."""
    return reverse(name, args=[0]).removesuffix("0/")


@login_required
def round_plan(request, pk: int):
    round_, plan, figures = selectors.round_plan(request.user, pk)
    if request.method == "POST":
        try:
            if request.POST.get("milestone"):
                actions.round_milestone_done(actor=request.user, milestone_id=int(request.POST["milestone"]))
            else:
                actions.round_plan_create(actor=request.user, round_id=pk)
        except ValidationError as error:
            messages.error(request, "; ".join(_errors(error)))
        except PermissionDenied as denied:
            messages.error(request, str(denied))
        return redirect("programme:plan", pk=pk)
    return render(request, "programme/round_plan.html", {
        "round": round_, "plan": plan, "figures": figures,
        "can_manage": policy.can(request.user, "round_plan.manage", round_)})


@require_GET
@login_required
@reads_from_replica
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
@reads_from_replica
def progress_export(request):
    response = HttpResponse(exports.progress_xlsx(request.user), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="progress.xlsx"'
    return response
