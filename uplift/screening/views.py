"""Screening pages: rounds and rules with preview counts, the scenario editor, run progress
(polled with htmx), results, the comparison, approval and explanations.

Views parse the request, call a selector or an action, and render; what a control shows is
asked of the access policy.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from uplift.access import policy
from uplift.screening import approval, candidates, needs, rules, selectors, wording
from uplift.screening.forms import NeedsForm, RoundForm, RuleForm, ScenarioForm, field_options
from uplift.registry.models import Entrepreneur
from uplift.screening.models import Run
from uplift.screening.rounds import round_create
from uplift.screening.runs import run_start
from uplift.screening.scenarios import scenario_create, scenario_update

PAGE_SIZE = 50


def _errors(form, error: ValidationError) -> None:
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, texts in errors.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


@login_required
def round_list(request):
    rounds = selectors.round_list(user=request.user)
    can_manage = policy.can(request.user, "round.manage")
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        policy.require(request.user, "round.manage")
        if form.is_valid():
            try:
                round_ = round_create(actor=request.user, data=form.cleaned_data)
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
    can_manage = policy.can(request.user, "round.manage")
    form = RuleForm(request.POST or None, activities=activities)
    if request.method == "POST":
        policy.require(request.user, "round.manage")
        if form.is_valid():
            try:
                rules.rule_create(actor=request.user, round_activity_id=form.cleaned_data["round_activity"],
                                  rule=form.rule())
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Rule added."))
                return redirect("screening:round", pk=pk)
    return render(request, "screening/round_detail.html", {
        "round": round_, "rows": selectors.activity_previews(user=request.user, round_=round_), "form": form,
        "can_manage": can_manage, "can_create_scenario": policy.can(request.user, "scenario.manage"),
        "scenarios": selectors.round_scenarios(user=request.user, round_=round_),
        "national": selectors.national_figures(request.user),
        "weights": wording.weights_sentences(selectors.round_weights_of(round_).as_dict()),
        "field_options": field_options(),
        "can_verify": candidates.can_verify(request.user),
        "candidate_counts": candidates.counts_by_centre(user=request.user, round_=round_),
    })


@require_POST
@login_required
def rule_preview(request, pk: int):
    round_ = selectors.round_get(user=request.user, pk=pk)
    form = RuleForm(request.POST, activities=selectors.round_activities(round_))
    context = {"form": form}
    if form.is_valid():
        round_activity = selectors.round_activity_get(user=request.user, pk=form.cleaned_data["round_activity"],
                                                      round_=round_)
        try:
            context["preview"] = selectors.rule_preview(user=request.user, round_activity=round_activity,
                                                        rule=form.rule())
        except ValidationError as error:
            _errors(form, error)
        else:
            context["sentence"] = rules.describe(form.rule())
    return render(request, "screening/_rule_preview.html", context)


@require_POST
@login_required
def rule_delete(request, pk: int, rule_id: int):
    try:
        rules.rule_delete(actor=request.user, rule_id=rule_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("screening:round", pk=pk)


def _scenario_form(request, round_, scenario=None):
    policy.require(request.user, "scenario.manage")
    activities = selectors.round_activities(round_)
    initial = ScenarioForm.initial_for(scenario, selectors.round_weights_of(round_).as_dict())
    if scenario is None:
        initial.setdefault("min_selected", 0)
        initial.setdefault("quota_level", "none")
        initial.setdefault("time_limit", 60)
    form = ScenarioForm(request.POST or None, initial=initial, activities=activities)
    if request.method == "POST" and form.is_valid():
        try:
            if scenario is None:
                scenario = scenario_create(actor=request.user, round_id=round_.pk, data=form.data_for_service())
            else:
                scenario = scenario_update(actor=request.user, scenario_id=scenario.pk, data=form.data_for_service())
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Saved scenario %(name)s.") % {"name": scenario.name})
            return redirect("screening:scenario", pk=scenario.pk)
    quota_tables = [("centre", _("Quotas per regional centre"), form.quota_rows("centre")),
                    ("province", _("Quotas per province"), form.quota_rows("province"))]
    return render(request, "screening/scenario_form.html", {"form": form, "round": round_, "scenario": scenario,
                                                            "quota_tables": quota_tables})


@login_required
def scenario_create_view(request, pk: int):
    return _scenario_form(request, selectors.round_get(user=request.user, pk=pk))


@login_required
def scenario_edit(request, pk: int):
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    return _scenario_form(request, scenario.round, scenario)


def _run_context(request, run: Run | None) -> dict:
    context = {"run": run}
    if run is not None and run.status == Run.Status.DONE:
        page = Paginator(selectors.run_table(user=request.user, run=run), PAGE_SIZE).get_page(request.GET.get("page"))
        names = selectors.province_names()
        page.object_list = list(page.object_list)
        for row in page.object_list:
            row.province_name = names.get(row.province, row.province)
        context.update(page=page, page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
                       summary=selectors.run_summary(user=request.user, run=run),
                       spread=selectors.run_spread(user=request.user, run=run))
    return context


@login_required
def scenario_detail(request, pk: int):
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    run = scenario.latest_run
    user = request.user
    context = {"scenario": scenario, "round": scenario.round, "settings": selectors.scenario_wording(scenario, user),
               "can_edit": policy.can(user, "scenario.manage"), "can_run": policy.can(user, "run.start"),
               "can_approve": policy.can(user, "scenario.approve"),
               "round_approved": selectors.round_is_approved(scenario.round),
               "national": selectors.national_figures(user), **_run_context(request, run)}
    if request.htmx and request.GET.get("page"):
        return render(request, "screening/_results.html", context)
    return render(request, "screening/scenario_detail.html", context)


@require_POST
@login_required
def scenario_run(request, pk: int):
    try:
        run_start(actor=request.user, scenario_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("screening:scenario", pk=pk)


@require_GET
@login_required
def run_status(request, pk: int):
    run = selectors.run_get(user=request.user, pk=pk)
    response = render(request, "screening/_run_status.html", {"run": run, "scenario": run.scenario,
                                                              "can_run": policy.can(request.user, "run.start")})
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
        counts = approval.scenario_approve(actor=request.user, scenario_id=pk)
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
    context = {"round": round_, "scenarios": selectors.scenario_list(user=request.user, round_=round_), "data": None}
    pair = selectors.scenario_pair(user=request.user, round_=round_, a=request.GET.get("a"), b=request.GET.get("b"))
    if pair is not None:
        a, b = pair
        run_a, run_b = a.latest_run, b.latest_run
        if run_a and run_b and run_a.status == run_b.status == Run.Status.DONE:
            context["data"] = selectors.run_compare(user=request.user, a=run_a, b=run_b)
        context.update(sa=a, sb=b)
    return render(request, "screening/compare.html", context)


@require_GET
@login_required
def explain(request, pk: int, entrepreneur_id: int):
    run = selectors.run_get(user=request.user, pk=pk)
    data = selectors.explanation(user=request.user, run=run, entrepreneur_id=entrepreneur_id)
    return render(request, "screening/explain.html", {**data, "scenario": run.scenario})


@require_GET
@login_required
def explain_latest(request, entrepreneur_id: int):
    selectors.entrepreneur_in_sight(user=request.user, entrepreneur_id=entrepreneur_id)
    run = selectors.latest_run_for(user=request.user)
    if run is None:
        raise Http404(_("No screening run has results yet."))
    return redirect("screening:explain", pk=run.pk, entrepreneur_id=entrepreneur_id)


@login_required
def needs_edit(request, entrepreneur_id: int):
    """The short self-assessment; empty answers fall back to what the registry suggests (shown beside)."""
    entrepreneur, current, defaults = selectors.needs_get(user=request.user, entrepreneur_id=entrepreneur_id)
    initial = {name: getattr(current, name) for name in needs.NEEDS_FIELDS} if current else {}
    form = NeedsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            needs.needs_record(actor=request.user, entrepreneur_id=entrepreneur_id, data=form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Saved the needs assessment of %(name)s.") % {"name": entrepreneur.name_th})
            return redirect("screening:needs", entrepreneur_id=entrepreneur_id)
    return render(request, "screening/needs_form.html", {
        "form": form, "entrepreneur": entrepreneur, "defaults": defaults, "answered": current,
        "can_explain": policy.can(request.user, "screening.view")})


CANDIDATE_PAGE_SIZE = 25
CANDIDATE_FILTERS = ("q", "status", "province", "page")


@require_GET
@login_required
def candidate_list(request, round_id: int):
    """Verify the round's candidates before the solve: the ones the reader may verify, with their score parts."""
    round_ = selectors.round_get(user=request.user, pk=round_id)
    policy.require(request.user, candidates.VERB)
    q, status, province = (request.GET.get(k, "").strip() for k in ("q", "status", "province"))
    rows = candidates.candidates(user=request.user, round_=round_, q=q, status=status, province=province)
    page = Paginator(rows, CANDIDATE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    parts = candidates.score_parts(round_, page.object_list)
    for row in page.object_list:
        row.parts = parts.get(row.pk)
        row.status = row.decision or candidates.PENDING
        row.status_label = candidates.status_label(row.status)
    return render(request, "screening/candidates.html", {
        "round": round_, "page": page, "q": q, "status": status, "province": province,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "statuses": [(value, candidates.status_label(value)) for value in candidates.STATUSES],
        "provinces": candidates.province_options(user=request.user),
        "counts": candidates.counts_by_centre(user=request.user, round_=round_),
        "approved": selectors.round_is_approved(round_),
        "can_edit_registry": policy.can(request.user, "entrepreneur.update"),
        "keep": {k: request.GET[k] for k in CANDIDATE_FILTERS if request.GET.get(k)},
    })


@require_POST
@login_required
def candidate_review_view(request, round_id: int, entrepreneur_id: int):
    try:
        review = candidates.candidate_review(
            actor=request.user, round_id=round_id, entrepreneur_id=entrepreneur_id,
            decision=request.POST.get("decision", ""), reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = policy.get_visible(request.user, Entrepreneur, entrepreneur_id).name_th
        if review is None:
            messages.success(request, _("%(name)s is pending again.") % {"name": name})
        elif review.decision == review.Decision.EXCLUDED:
            messages.success(request, _("Excluded %(name)s: %(reason)s") % {"name": name, "reason": review.reason})
        else:
            messages.success(request, _("Confirmed %(name)s.") % {"name": name})
    keep = {k: request.POST.get(k, "") for k in CANDIDATE_FILTERS if request.POST.get(k)}
    return redirect(f"{reverse('screening:candidates', args=[round_id])}?{urlencode(keep)}" if keep
                    else reverse("screening:candidates", args=[round_id]))
