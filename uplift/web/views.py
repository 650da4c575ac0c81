"""Pages of the registry: parse the request, ask a selector or an action, render."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from uplift.access import policy
from uplift.audit.selectors import object_history
from uplift.programme.selectors import entrepreneur_journey
from uplift.registry import actions, personal, selectors
from uplift.registry.models import Entrepreneur
from uplift.web.forms import PAGE_SIZE, EntrepreneurForm, EntrepreneurSearchForm, error_params, form_errors_from
from uplift.web.options import filter_options, subdistrict_search
from uplift.web.sales import chart_data, slump_summary
from uplift.web.toolkits import toolkit_entries


def _own_record(user) -> str | None:
    own = policy.own_entrepreneur_id(user)
    return reverse("entrepreneur-detail", args=[own]) if own else None


@require_GET
@login_required
def home(request):
    """Each role its own start page: an entrepreneur's is their own record."""
    return redirect(_own_record(request.user) or "entrepreneur-list")


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return _own_record(self.request.user) or super().get_default_redirect_url()


def _filters(data: dict) -> selectors.EntrepreneurFilters:
    return selectors.EntrepreneurFilters(
        q=data.get("q") or "", centre=data.get("centre"), province=data.get("province") or "",
        kind=data.get("kind") or "", category=data.get("category") or "", stars=data.get("stars") or "",
        sort=data.get("sort") or "name",
    )


@require_GET
@vary_on_headers("HX-Request")
@login_required
def entrepreneur_list(request):
    centres, provinces = filter_options(request.user)
    form = EntrepreneurSearchForm(request.GET, centres=centres, provinces=provinces)
    form.is_valid()
    data = form.cleaned_data
    page = selectors.entrepreneur_page(user=request.user, filters=_filters(data), number=request.GET.get("page"),
                                       per_page=data.get("page_size") or PAGE_SIZE)
    page_range = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    context = {"form": form, "page": page, "page_range": page_range, "sort": data.get("sort") or "name"}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "web/_entrepreneur_results.html" if partial else "web/entrepreneur_list.html"
    return render(request, template, context)


@require_GET
@login_required
def entrepreneur_detail(request, pk: int):
    return _detail(request, selectors.entrepreneur_get(user=request.user, pk=pk))


@require_POST
@login_required
def entrepreneur_reveal(request, entrepreneur_id: int):
    """The consultant's explicit, audited look at an entrepreneur's ID number, phones and birth years."""
    entrepreneur = selectors.entrepreneur_get(user=request.user, pk=entrepreneur_id)
    personal.personal_reveal(actor=request.user, entrepreneur=entrepreneur, via="web")
    return _detail(request, entrepreneur)


def _detail(request, entrepreneur):
    sales = selectors.entrepreneur_monthly_sales(user=request.user, pk=entrepreneur.pk)
    shown = personal.shown(request.user, entrepreneur)
    for person in entrepreneur.people.all():
        person.shown = shown["people"][person.pk]
    return render(request, "web/entrepreneur_detail.html", {
        "entrepreneur": entrepreneur, "has_sales": bool(sales), "summary": slump_summary(sales),
        "personal": shown, "may_reveal": shown["masked"] and personal.may_reveal(request.user, entrepreneur),
        "can_edit": policy.can(request.user, "entrepreneur.update", entrepreneur),
        "history": object_history(entrepreneur) if policy.can(request.user, "entrepreneur.history", entrepreneur) else None,
        "journey": entrepreneur_journey(request.user, entrepreneur.pk),
    })


@require_GET
@login_required
def entrepreneur_sales(request, pk: int):
    policy.get_visible(request.user, Entrepreneur, pk)
    return JsonResponse(chart_data(selectors.entrepreneur_monthly_sales(user=request.user, pk=pk)))


def _save(request, form, save):
    if request.method == "POST" and form.is_valid():
        try:
            entrepreneur = save(form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": entrepreneur.name_th})
            return redirect("entrepreneur-detail", pk=entrepreneur.pk)
    return None


def _form_page(request, form, entrepreneur):
    duplicate = error_params(form, "id_number", actions.DUPLICATE_VISIBLE)
    return render(request, "web/entrepreneur_form.html", {
        "form": form, "entrepreneur": entrepreneur, "duplicate_of": duplicate["pk"] if duplicate else None})


@login_required
def entrepreneur_create(request):
    policy.require(request.user, "entrepreneur.create")
    form = EntrepreneurForm(request.POST or None)
    response = _save(request, form, lambda data: actions.entrepreneur_create(actor=request.user, data=data))
    return response or _form_page(request, form, None)


@login_required
def entrepreneur_edit(request, pk: int):
    entrepreneur = policy.get_visible(request.user, Entrepreneur, pk, related=("province", "subdistrict__district"))
    policy.require(request.user, "entrepreneur.update", entrepreneur)
    form = EntrepreneurForm(request.POST or None, initial=EntrepreneurForm.initial_for(entrepreneur))
    response = _save(request, form, lambda data: actions.entrepreneur_update(actor=request.user, pk=pk, data=data))
    return response or _form_page(request, form, entrepreneur)


@require_GET
@login_required
def subdistrict_lookup(request):
    query = request.GET.get("subdistrict") or request.GET.get("q") or ""
    return render(request, "web/_subdistrict_options.html", {"subdistricts": subdistrict_search(request.user, query)})


@require_GET
@login_required
def toolkits(request):
    policy.require(request.user, "toolkit.view")
    return render(request, "web/toolkits.html", {"entries": toolkit_entries(request.user)})
