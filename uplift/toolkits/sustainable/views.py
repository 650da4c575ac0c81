"""Pages of the sustainable toolkit: parse the request, call a selector or an action, render."""

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
from uplift.toolkits.sustainable import actions, forms, pdf, selectors
from uplift.toolkits.sustainable.core.reference import footprint_rules
from uplift.toolkits.sustainable.models import InventoryItem, ProductFootprint

PAGE_SIZE = 25


@require_GET
@login_required
def index(request):
    sort = request.GET.get("sort") or "entrepreneur"
    page = Paginator(selectors.enrolments(request.user, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sustainable/index.html", {
        "page": page, "sort": sort if sort in selectors.SORTS else "entrepreneur",
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)})


def _products(user, enrolment):
    return list(policy.visible(user, Product).filter(entrepreneur_id=enrolment.entrepreneur_id))


@login_required
def enrolment(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    products = _products(request.user, enrolment)
    footprints = list(selectors.footprints(request.user, enrolment))
    footprint_form = forms.FootprintForm(products=products, footprints=footprints)
    claim_form = forms.ClaimForm(footprints=footprints)
    if request.method == "POST":
        if not can_work:
            raise PermissionDenied
        form_name = request.POST.get("form")
        if form_name == "footprint":
            footprint_form = forms.FootprintForm(request.POST, products=products, footprints=footprints)
            if footprint_form.is_valid():
                data = footprint_form.cleaned_data
                product = next(p for p in products if p.pk == data["product"])
                try:
                    made = actions.footprint_save(actor=request.user, enrolment=enrolment, product=product, data=data)
                except ValidationError as error:
                    forms.add_errors(footprint_form, error)
                else:
                    messages.success(request, _("Footprint started: enter its inventory."))
                    return redirect("sustainable:footprint", pk=made.pk)
        elif form_name == "claim":
            claim_form = forms.ClaimForm(request.POST, footprints=footprints)
            if claim_form.is_valid():
                data = claim_form.cleaned_data
                try:
                    actions.carbon_claim_create(actor=request.user, enrolment=enrolment,
                                                footprint_ids=data["footprints"], wave=data["wave"],
                                                source=data["source"])
                except ValidationError as error:
                    forms.add_errors(claim_form, error)
                else:
                    messages.success(request, _("Sent to programme outcomes."))
                    return redirect(reverse("sustainable:enrolment", args=[enrolment.pk]) + "#claims")
        else:
            raise Http404(_("Not found."))
    return render(request, "sustainable/enrolment.html", {
        "enrolment": enrolment, "space": selectors.workspace(request.user, enrolment), "can_work": can_work,
        "footprint_form": footprint_form, "claim_form": claim_form, "has_products": bool(products)})


@login_required
def footprint(request, pk: int):
    found = selectors.footprint_get(request.user, pk)
    enrolment = selectors.enrolment_get(request.user, found.enrolment_id)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    items = list(found.items.all())
    item_form = forms.ItemForm(version=found.table_version)
    import_form = forms.ImportForm()
    scenario_form = forms.ScenarioForm(items=items, version=found.table_version, prefix="scenario")
    settings_form = None
    if request.method == "POST":
        if not can_work:
            raise PermissionDenied
        form_name = request.POST.get("form")
        try:
            if form_name == "item":
                item_form = forms.ItemForm(request.POST, version=found.table_version)
                if item_form.is_valid():
                    actions.item_save(actor=request.user, footprint=found, data=item_form.cleaned_data)
                    return _done(request, found, "inventory")
            elif form_name == "item_delete":
                item = policy.get_visible(request.user, InventoryItem, request.POST.get("item"), "toolkit.view")
                if item.footprint_id != found.pk:
                    raise Http404(_("Not found."))
                actions.item_delete(actor=request.user, item=item)
                return _done(request, found, "inventory")
            elif form_name == "import":
                import_form = forms.ImportForm(request.POST, request.FILES)
                if import_form.is_valid():
                    raw = import_form.cleaned_data["file"].read()
                    text = raw.decode("utf-8-sig") if _is_utf8(raw) else raw.decode("cp874")
                    count = actions.inventory_import(actor=request.user, footprint=found, text=text)
                    messages.success(request, _("%(n)s items imported.") % {"n": count})
                    return redirect(reverse("sustainable:footprint", args=[found.pk]) + "#inventory")
            elif form_name == "scenario":
                scenario_form = forms.ScenarioForm(request.POST, items=items, version=found.table_version,
                                                   prefix="scenario")
                if scenario_form.is_valid():
                    actions.scenario_create(actor=request.user, footprint=found, name=scenario_form.cleaned_data["name"],
                                            changes=scenario_form.changes())
                    return _done(request, found, "scenarios")
            elif form_name == "settings":
                footprints = [f for f in selectors.footprints(request.user, enrolment) if f.pk != found.pk]
                settings_form = forms.FootprintForm(request.POST, products=[found.product], footprints=footprints,
                                                    prefix="settings")
                if settings_form.is_valid():
                    actions.footprint_save(actor=request.user, enrolment=enrolment, product=found.product,
                                           data=settings_form.cleaned_data, footprint=found)
                    return _done(request, found, "results")
            else:
                raise Http404(_("Not found."))
        except ValidationError as error:
            target = {"item": item_form, "import": import_form, "scenario": scenario_form,
                      "settings": settings_form}.get(form_name)
            if target is None:
                for message in (m for ms in error.message_dict.values() for m in ms):
                    messages.error(request, message)
            else:
                forms.add_errors(target, error)
        found.refresh_from_db()
    figures = selectors.footprint_figures(request.user, found)
    if settings_form is None:
        footprints = [f for f in selectors.footprints(request.user, enrolment) if f.pk != found.pk]
        settings_form = forms.FootprintForm(products=[found.product], footprints=footprints, prefix="settings", initial={
            "product": found.product_id, "name": found.name, "functional_unit": found.functional_unit,
            "functional_units": found.functional_units, "units_per_month": found.units_per_month,
            "reference_date": found.reference_date, "table_version": found.table_version,
            "include_upstream": found.include_upstream, "base": found.base_id,
            "benchmark_kgco2e": found.benchmark_kgco2e})
    return render(request, "sustainable/footprint.html", {
        "enrolment": enrolment, "footprint": found, "figures": figures, "can_work": can_work,
        "charts": figures.charts, "item_form": item_form, "import_form": import_form, "scenario_form": scenario_form,
        "settings_form": settings_form, "units": sorted(footprint_rules()["unit_aliases"]) + ["kg", "g", "L", "kWh"]})


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _done(request, found: ProductFootprint, anchor: str):
    messages.success(request, _("Saved."))
    return redirect(reverse("sustainable:footprint", args=[found.pk]) + f"#{anchor}")


@login_required
def biodiversity_new(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    return _biodiversity_form(request, enrolment, None)


@login_required
def biodiversity(request, pk: int):
    record = selectors.record_get(request.user, pk)
    enrolment = selectors.enrolment_get(request.user, record.enrolment_id)
    return _biodiversity_form(request, enrolment, record)


def _biodiversity_form(request, enrolment, record):
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    if record is None or request.method == "POST":
        policy.require(request.user, "toolkit.work", enrolment)
    products = _products(request.user, enrolment)
    if request.method == "POST":
        form = forms.BiodiversityForm(request.POST, request.FILES, products=products)
        if form.is_valid():
            try:
                actions.biodiversity_save(actor=request.user, enrolment=enrolment, data=form.cleaned_data,
                                          uses=form.uses(), consent_file=form.cleaned_data.get("consent_file"),
                                          record=record)
            except ValidationError as error:
                forms.add_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(reverse("sustainable:enrolment", args=[enrolment.pk]) + "#biodiversity")
    else:
        form = forms.BiodiversityForm(initial=forms.BiodiversityForm.initial_for(record) if record else None,
                                      products=products)
    return render(request, "sustainable/biodiversity_form.html", {
        "enrolment": enrolment, "form": form, "record": record, "can_work": can_work,
        "figures": selectors.record_figures(record) if record else None})


@require_GET
@login_required
def consent_file(request, pk: int):
    record = selectors.record_get(request.user, pk)
    if not record.consent_file:
        raise Http404(_("Not found."))
    return FileResponse(record.consent_file.open("rb"), filename=record.consent_file.name.rsplit("/", 1)[-1])


@require_GET
@login_required
def report_pdf(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    body = pdf.render_pdf(pdf.report_context(request.user, enrolment))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sustainable-{enrolment.pk}.pdf"'
    return response
