"""Screening pages: rounds and rules with preview counts, the scenario editor, run progress
(polled with htmx), results, the comparison, approval and explanations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from uplift.geo.models import Province
from uplift.programme.models import RoundActivity
from uplift.screening import selectors, services
from uplift.screening.forms import FIELD_NAMES, RoundForm, RuleForm, ScenarioForm
from uplift.screening.models import Run, Scenario

PAGE_SIZE = 50


def _errors(form, error: ValidationError) -> None:
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, texts in errors.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


@login_required
def round_list(request):
    rounds = selectors.round_list(user=request.user)
    can_manage = services.can_manage_screening(request.user)
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                round_ = services.round_create(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Created round %(name)s with its 7 activities.") % {"name": round_.name})
                return redirect("screening:round", pk=round_.pk)
    return render(request, "screening/round_list.html", {"rounds": rounds, "form": form, "can_manage": can_manage})


@login_required
def round_detail(request, pk: int):
    round_ = selectors.round_get(user=request.user, pk=pk)
    activities = selectors.round_activities(round_)
    can_manage = services.can_manage_screening(request.user)
    form = RuleForm(request.POST or None, activities=activities)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.rule_create(actor=request.user, round_activity_id=form.cleaned_data["round_activity"],
                                     rule=form.rule())
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Rule added."))
                return redirect("screening:round", pk=pk)
    previews = selectors.activity_previews(user=request.user, round_=round_)
    rows = [{"ra": ra, "preview": previews[ra.pk],
             "rules": [(rule, previews[ra.pk]["rules"][rule.pk]) for rule in ra.rules.all()]} for ra in activities]
    scenarios = list(round_.scenarios.prefetch_related("runs"))
    return render(request, "screening/round_detail.html", {
        "round": round_, "rows": rows, "form": form, "can_manage": can_manage, "scenarios": scenarios,
        "weights": services.round_weights(round_), "field_names": FIELD_NAMES,
    })


@require_POST
@login_required
def rule_preview(request, pk: int):
    round_ = selectors.round_get(user=request.user, pk=pk)
    activities = selectors.round_activities(round_)
    form = RuleForm(request.POST, activities=activities)
    context = {"form": form}
    if form.is_valid():
        round_activity = RoundActivity.objects.get(pk=form.cleaned_data["round_activity"])
        try:
            context["preview"] = selectors.rule_preview(user=request.user, round_activity=round_activity,
                                                        rule=form.rule())
        except ValidationError as error:
            _errors(form, error)
    return render(request, "screening/_rule_preview.html", context)


@require_POST
@login_required
def rule_delete(request, pk: int, rule_id: int):
    try:
        services.rule_delete(actor=request.user, rule_id=rule_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("screening:round", pk=pk)


def _scenario_form(request, round_, scenario=None):
    if not services.can_manage_screening(request.user):
        raise PermissionDenied
    activities = selectors.round_activities(round_)
    initial = ScenarioForm.initial_for(scenario, services.round_weights(round_).as_dict())
    if scenario is None:
        initial.setdefault("min_selected", 0)
        initial.setdefault("quota_level", "none")
        initial.setdefault("time_limit", 60)
    form = ScenarioForm(request.POST or None, initial=initial, activities=activities)
    if request.method == "POST" and form.is_valid():
        try:
            if scenario is None:
                scenario = services.scenario_create(actor=request.user, round_id=round_.pk, data=form.data_for_service())
            else:
                scenario = services.scenario_update(actor=request.user, scenario_id=scenario.pk, data=form.data_for_service())
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Saved scenario %(name)s.") % {"name": scenario.name})
            return redirect("screening:scenario", pk=scenario.pk)
    return render(request, "screening/scenario_form.html", {"form": form, "round": round_, "scenario": scenario,
                                                            "places_fields": [form[f"places_{ra.activity.number}"] for ra in activities]})


@login_required
def scenario_create(request, pk: int):
    return _scenario_form(request, selectors.round_get(user=request.user, pk=pk))


@login_required
def scenario_edit(request, pk: int):
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    return _scenario_form(request, scenario.round, scenario)


def _run_context(request, run: Run | None) -> dict:
    context = {"run": run}
    if run is not None and run.status == Run.Status.DONE:
        rows = selectors.run_rows(user=request.user, run=run)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        names = dict(Province.objects.values_list("code", "name_th"))
        page.object_list = list(page.object_list)
        for row in page.object_list:
            row.province_name = names.get(row.province, row.province)
        context.update(page=page, page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
                       spread=selectors.run_spread(user=request.user, run=run),
                       activity_names={a["number"]: a["name_th"] for a in run.config["activities"]})
    return context


@login_required
def scenario_detail(request, pk: int):
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    run = scenario.latest_run
    others = scenario.round.scenarios.exclude(pk=pk)
    context = {"scenario": scenario, "round": scenario.round, "can_manage": services.can_manage_screening(request.user),
               "others": others, "round_approved": scenario.round.scenarios.filter(approved_at__isnull=False).exists(),
               **_run_context(request, run)}
    if request.htmx and request.GET.get("page"):
        return render(request, "screening/_results.html", context)
    return render(request, "screening/scenario_detail.html", context)


@require_POST
@login_required
def scenario_run(request, pk: int):
    try:
        services.run_start(actor=request.user, scenario_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("screening:scenario", pk=pk)


@require_GET
@login_required
def run_status(request, pk: int):
    run = selectors.run_get(user=request.user, pk=pk)
    response = render(request, "screening/_run_status.html", {"run": run, "scenario": run.scenario})
    if run.finished:
        response["HX-Refresh"] = "true"
    return response


@require_GET
@login_required
def run_spread_json(request, pk: int):
    run = selectors.run_get(user=request.user, pk=pk)
    return JsonResponse(selectors.run_spread(user=request.user, run=run))


@require_POST
@login_required
def scenario_approve(request, pk: int):
    try:
        counts = services.scenario_approve(actor=request.user, scenario_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Approved: %(offered)s offers to %(entrepreneurs)s entrepreneurs and %(waitlisted)s "
                                    "waitlist places.") % {k: f"{v:,}" for k, v in counts.items()})
    return redirect("screening:scenario", pk=pk)


@require_GET
@login_required
def compare(request, pk: int):
    round_ = selectors.round_get(user=request.user, pk=pk)
    scenarios = list(round_.scenarios.all())
    try:
        a = Scenario.objects.get(round=round_, pk=int(request.GET.get("a", 0)))
        b = Scenario.objects.get(round=round_, pk=int(request.GET.get("b", 0)))
    except (Scenario.DoesNotExist, ValueError):
        return render(request, "screening/compare.html", {"round": round_, "scenarios": scenarios, "data": None})
    run_a, run_b = a.latest_run, b.latest_run
    data = None
    if run_a and run_b and run_a.status == run_b.status == Run.Status.DONE:
        data = selectors.run_compare(user=request.user, a=run_a, b=run_b)
    return render(request, "screening/compare.html", {"round": round_, "scenarios": scenarios, "data": data,
                                                      "sa": a, "sb": b})


@require_GET
@login_required
def explain(request, pk: int, entrepreneur_id: int):
    run = selectors.run_get(user=request.user, pk=pk)
    data = selectors.explanation(user=request.user, run=run, entrepreneur_id=entrepreneur_id)
    return render(request, "screening/explain.html", {**data, "scenario": run.scenario})


@require_GET
@login_required
def explain_latest(request, entrepreneur_id: int):
    run = selectors.latest_run_for(user=request.user)
    if run is None:
        raise Http404(_("No screening run has results yet."))
    return redirect("screening:explain", pk=run.pk, entrepreneur_id=entrepreneur_id)


@login_required
def needs_edit(request, entrepreneur_id: int):
    """The short self-assessment; empty answers fall back to what the registry suggests (shown beside)."""
    from datetime import date

    from uplift.access.scoping import visible_entrepreneurs
    from uplift.screening.cohort import Cohort
    from uplift.screening.forms import NeedsForm
    from uplift.screening.models import NeedsAssessment
    from uplift.screening.services import NEEDS_FIELDS

    entrepreneurs = visible_entrepreneurs(request.user).filter(pk=entrepreneur_id)
    entrepreneur = entrepreneurs.first()
    if entrepreneur is None:
        raise Http404(_("No entrepreneur %(pk)s within your scope.") % {"pk": entrepreneur_id})
    current = NeedsAssessment.objects.filter(entrepreneur=entrepreneur).first()
    initial = {name: getattr(current, name) for name in NEEDS_FIELDS} if current else {}
    form = NeedsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_save(actor=request.user, entrepreneur_id=entrepreneur_id, data=form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Saved the needs assessment of %(name)s.") % {"name": entrepreneur.name_th})
            return redirect("screening:needs", entrepreneur_id=entrepreneur_id)
    cohort = Cohort(entrepreneurs, date.today().year)
    defaults = {
        "online_presence": sum(float(cohort.attribute("online_share")[0]) >= t for t in (1e-9, 0.15, 0.3)),
        "standards_held": int(cohort.attribute("standards_held")[0]),
        "has_successor": bool(cohort.attribute("has_successor")[0]),
    }
    return render(request, "screening/needs_form.html", {"form": form, "entrepreneur": entrepreneur,
                                                         "defaults": defaults, "answered": current})
