"""Pages of the OTOP to Global toolkit: parse the request, call a selector or an action, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from uplift.access import policy

from . import actions, outputs, pdf, selectors
from .charts import channel_chart
from .convert import image_pk, showcase_url
from .core.gtin import check_gtin
from .core.hs import search_hs
from .core.romanise import propose_english_title
from .core.targets import load_target, target_codes
from .forms import (
    ChannelSalesForm, EventForm, HsSearchForm, ImageForm, ListingForm, NationalCodeForm, QuoteForm,
)

PAGE_SIZE = 25


def _base(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def _add_errors(form, error: ValidationError) -> None:
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, texts in errors.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


def _flash_errors(request, error: ValidationError) -> None:
    texts = error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]
    for group in texts:
        for text in group:
            messages.error(request, text)


@require_GET
@login_required
def index(request):
    sort = request.GET.get("sort") or "name"
    query = request.GET.get("q", "")
    page = Paginator(selectors.enrolments(request.user, sort=sort, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "global_trade/index.html", {
        "page": page, "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "sort": sort, "q": query,
    })


@require_GET
@login_required
def enrolment(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    entrepreneur_id = enrolment.entrepreneur_id
    listings = list(selectors.listings(request.user, entrepreneur_id))
    results = selectors.channel_results(request.user, enrolment)
    can_work = policy.can(request.user, "toolkit.own", enrolment)
    can_verify = policy.can(request.user, "observation.verify", enrolment.entrepreneur)
    sales_form = ChannelSalesForm(listings=listings, can_verify=can_verify, initial={
        "month": timezone.localdate().replace(day=1), "source": "verified" if can_verify else "self"})
    targets = [load_target(code) for code in target_codes()]
    return render(request, "global_trade/enrolment.html", {
        "enrolment": enrolment, "entrepreneur": enrolment.entrepreneur, "listings": listings, "targets": targets,
        "checks": {l.pk: {c.target: c for c in l.checks.all()} for l in listings},
        "products": selectors.products_without_listing(request.user, entrepreneur_id) if can_work else [],
        "reports": outputs.feed_reports(listings), "quotes": selectors.quotes(request.user, enrolment)[:10],
        "results": results, "chart": channel_chart(results), "sales": selectors.channel_sales(request.user, enrolment),
        "events": selectors.events(request.user, entrepreneur_id), "sales_form": sales_form, "can_work": can_work,
        "showcase": showcase_url(entrepreneur_id) if any(l.published for l in listings) else "",
    })


def _listing_context(request, listing, form) -> dict:
    checks = {c.target: c for c in listing.checks.all()}
    title_th = listing.title_th
    return {
        "listing": listing, "form": form, "image_form": ImageForm(), "event_form": EventForm(),
        "targets": [(load_target(code), checks.get(code)) for code in target_codes()],
        "proposal": propose_english_title(title_th) if title_th and not listing.title_en else "",
        "hs_suggestions": search_hs(title_th, limit=5) if title_th and not listing.hs_code else [],
        "gtin": check_gtin(listing.gtin) if listing.gtin else None,
        "events": listing.events.all(), "images": listing.images.all(),
        "can_work": policy.can(request.user, "toolkit.own", listing),
        "groups": ListingForm.GROUPS, "wide": ListingForm.WIDE,
    }


@login_required
def listing_new(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    product = selectors.product_get(request.user, request.GET.get("product") or request.POST.get("product"))
    if request.method == "POST":
        form = ListingForm(request.POST)
        if form.is_valid():
            try:
                listing = actions.listing_create(actor=request.user, enrolment=enrolment, product=product,
                                                 data=form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Listing saved. Its checks are below."))
                return redirect("global_trade:listing", pk=listing.pk)
    else:
        policy.require(request.user, "toolkit.own", enrolment)
        form = ListingForm(initial={"title_th": product.name_th, "title_en": product.name_en, "price": product.price,
                                    "currency": "THB", "condition": "new", "availability": "in_stock"})
    proposal = propose_english_title(product.name_th)
    return render(request, "global_trade/listing_new.html", {
        "enrolment": enrolment, "product": product, "form": form, "proposal": proposal,
        "hs_suggestions": search_hs(product.name_th, limit=5), "groups": ListingForm.GROUPS, "wide": ListingForm.WIDE,
    })


@login_required
def listing(request, pk: int):
    listing = selectors.listing_get(request.user, pk)
    if request.method == "POST":
        form = ListingForm(request.POST)
        if form.is_valid():
            try:
                actions.listing_update(actor=request.user, listing=listing, data=form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Listing saved. Its checks are below."))
                return redirect("global_trade:listing", pk=pk)
    else:
        form = ListingForm(initial=ListingForm.initial_from(listing))
    return render(request, "global_trade/listing.html", _listing_context(request, listing, form))


@require_POST
@login_required
def listing_delete(request, pk: int):
    listing = selectors.listing_get(request.user, pk)
    enrolment_pk = listing.enrolment_id
    actions.listing_delete(actor=request.user, listing=listing)
    messages.success(request, _("Listing deleted."))
    return redirect("global_trade:enrolment", pk=enrolment_pk)


@require_POST
@login_required
def listing_recheck(request, pk: int):
    listing = selectors.listing_get(request.user, pk)
    actions.listing_checks_refresh(actor=request.user, listing=listing)
    messages.success(request, _("Checked again against every target's current rules."))
    return redirect("global_trade:listing", pk=pk)


@require_POST
@login_required
def image_add(request, pk: int):
    listing = selectors.listing_get(request.user, pk)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo to upload."))
        return redirect("global_trade:listing", pk=pk)
    try:
        image = actions.listing_image_add(actor=request.user, listing=listing, upload=form.cleaned_data["file"])
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Photo added (%(w)s×%(h)s pixels).") % {"w": image.width, "h": image.height})
    return redirect("global_trade:listing", pk=pk)


@require_POST
@login_required
def image_remove(request, pk: int):
    image = selectors.image_get(request.user, pk)
    listing_pk = image.listing_id
    actions.listing_image_remove(actor=request.user, image=image)
    messages.success(request, _("Photo removed."))
    return redirect("global_trade:listing", pk=listing_pk)


@require_POST
@login_required
def image_first(request, pk: int):
    image = selectors.image_get(request.user, pk)
    actions.listing_image_first(actor=request.user, image=image)
    messages.success(request, _("This photo is now the main photo."))
    return redirect("global_trade:listing", pk=image.listing_id)


@require_GET
def image(request, token: str):
    """A listing photo by its signed address: public, so feeds and marketplaces can fetch it."""
    pk = image_pk(token)
    if pk is None:
        raise Http404(_("Not found."))
    photo = selectors.image_public(pk)
    response = FileResponse(photo.file.open("rb"), content_type=f"image/{photo.format.lower()}")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_POST
@login_required
def event_add(request, pk: int):
    listing = selectors.listing_get(request.user, pk)
    form = EventForm(request.POST)
    if not form.is_valid():
        for texts in form.errors.values():
            for text in texts:
                messages.error(request, text)
        return redirect("global_trade:listing", pk=pk)
    try:
        actions.listing_event_record(actor=request.user, listing=listing, **form.cleaned_data)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Event saved."))
    return redirect("global_trade:listing", pk=pk)


@require_GET
@login_required
def feed(request, pk: int, target: str, fmt: str):
    enrolment = selectors.enrolment_get(request.user, pk)
    listings = selectors.listings(request.user, enrolment.entrepreneur_id)
    made = actions.feed_export(actor=request.user, enrolment=enrolment, listings=listings, target=target, fmt=fmt,
                               base_url=_base(request))
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response["X-Feed-Included"] = str(len(made.report.included))
    response["X-Feed-Excluded"] = str(len(made.report.excluded))
    return response


@login_required
def price(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    products = selectors.products(request.user, enrolment.entrepreneur_id)
    if request.method == "POST":
        form = QuoteForm(request.POST, products=products)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if data.get("product"):
                data["product"] = selectors.product_get(request.user, data["product"])
            try:
                quote = actions.price_quote_save(actor=request.user, enrolment=enrolment, data=data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Quote saved."))
                return redirect("global_trade:quote", pk=quote.pk)
    else:
        policy.require(request.user, "toolkit.own", enrolment)
        form = QuoteForm(products=products, initial={"quote_date": timezone.localdate(), "quantity": 1,
                                                     "currency": "THB", "margin": 0})
    return render(request, "global_trade/price.html", {"enrolment": enrolment, "form": form})


@require_GET
@login_required
def quote(request, pk: int):
    quote = selectors.quote_get(request.user, pk)
    return render(request, "global_trade/quote.html", {"quote": quote, "enrolment": quote.enrolment})


@require_GET
@login_required
def quote_pdf(request, pk: int):
    quote = selectors.quote_get(request.user, pk)
    response = HttpResponse(pdf.quote_pdf(quote), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="quote-{quote.pk}.pdf"'
    return response


@require_GET
@login_required
def quote_xlsx(request, pk: int):
    quote = selectors.quote_get(request.user, pk)
    response = HttpResponse(actions.quote_export(actor=request.user, quote=quote), content_type=outputs.XLSX)
    response["Content-Disposition"] = f'attachment; filename="quote-{quote.pk}.xlsx"'
    return response


@require_POST
@login_required
def sales_add(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    listings = {l.pk: l for l in selectors.listings(request.user, enrolment.entrepreneur_id)}
    form = ChannelSalesForm(request.POST, listings=listings.values(),
                            can_verify=policy.can(request.user, "observation.verify", enrolment.entrepreneur))
    if not form.is_valid():
        for field, texts in form.errors.items():
            for text in texts:
                messages.error(request, f"{form.fields[field].label}: {text}" if field in form.fields else text)
        return redirect("global_trade:enrolment", pk=pk)
    data = dict(form.cleaned_data)
    data["listing"] = listings.get(data["listing"]) if data.get("listing") else None
    try:
        record = actions.channel_sales_record(actor=request.user, enrolment=enrolment, **data)
    except ValidationError as error:
        _flash_errors(request, error)
    except PermissionDenied:
        messages.error(request, _("Your role cannot enter outcome figures."))
    else:
        if record.wave:
            messages.success(request, _("Sales saved and reported to the programme's outcomes."))
        else:
            messages.success(request, _("Sales saved."))
    return redirect("global_trade:enrolment", pk=pk)


@require_GET
@login_required
def report_pdf(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    response = HttpResponse(pdf.enrolment_pdf(request.user, enrolment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="otop-to-global-{enrolment.pk}.pdf"'
    return response


@login_required
def hs(request):
    form = HsSearchForm(request.GET)
    query = form.data.get("q", "")
    can_add = policy.can(request.user, "toolkit.reference")
    code_form = NationalCodeForm()
    if request.method == "POST":
        code_form = NationalCodeForm(request.POST)
        if code_form.is_valid():
            try:
                added = actions.national_code_add(actor=request.user, **code_form.cleaned_data)
            except ValidationError as error:
                _add_errors(code_form, error)
            else:
                messages.success(request, _("National code %(code)s added.") % {"code": added.code})
                return redirect(f"{request.path}?q={added.code}")
    matches, national = selectors.hs_find(request.user, query)
    return render(request, "global_trade/hs.html", {
        "form": form, "q": query, "matches": matches, "national": national, "can_add": can_add,
        "code_form": code_form, "recent": selectors.national_codes(request.user)[:20],
    })


@require_GET
def showcase(request, token: str):
    """The public product page of one entrepreneur: listings marked public, schema.org JSON-LD, no personal data."""
    page = selectors.showcase(token)
    jsonld = outputs.showcase_jsonld(page.listings, _base(request))
    return render(request, "global_trade/showcase.html", {
        "page": page, "jsonld": jsonld.content, "brands": sorted({l.brand for l in page.listings if l.brand}),
    })
