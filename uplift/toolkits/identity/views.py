"""Pages of the identity toolkit: parse the request, call a selector or an action, render."""

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
from uplift.toolkits.identity import actions, forms, pdf, selectors
from uplift.toolkits.identity.core.brief import brief_schema
from uplift.toolkits.identity.core.series import MonthRow, parse_month
from uplift.toolkits.identity.core.star_readiness import opc_criteria, star_readiness
from uplift.toolkits.identity.core.worksheet import worksheet as worksheet_schema
from uplift.toolkits.identity.models import (
    Brief, Launch, LaunchMonth, MockupVersion, Photo, ReviewComment, StarAssessment,
)

PAGE_SIZE = 25


def _messages(request, error: ValidationError) -> None:
    for message in (m for ms in (error.message_dict.values() if hasattr(error, "error_dict") else [error.messages])
                    for m in ms):
        messages.error(request, message)


def _to(name: str, pk: int, anchor: str = ""):
    return redirect(reverse(f"identity:{name}", args=[pk]) + (f"#{anchor}" if anchor else ""))


@require_GET
@login_required
def index(request):
    sort = request.GET.get("sort") or "entrepreneur"
    page = Paginator(selectors.enrolments(request.user, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "identity/index.html", {
        "page": page, "sort": sort if sort in selectors.SORTS else "entrepreneur",
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)})


ENROLMENT_POSTS = ("brief", "launch", "claim")


@login_required
def enrolment(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    products = selectors.products(request.user, enrolment)
    briefs = selectors.visible(request.user, Brief, enrolment)
    launches = list(selectors.visible(request.user, Launch, enrolment).select_related("product"))
    bound = {}
    if request.method == "POST":
        form_name = request.POST.get("form", "")
        if form_name not in ENROLMENT_POSTS:
            raise Http404(_("Not found."))
        if not can_work:
            raise PermissionDenied
        form_class = {"brief": forms.BriefCreateForm, "launch": forms.LaunchForm, "claim": forms.ClaimForm}[form_name]
        kwargs = {"brief": {"products": products}, "launch": {"products": products, "briefs": briefs},
                  "claim": {"launches": launches}}[form_name]
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form_name == "brief":
                    brief = actions.brief_create(actor=request.user, enrolment=enrolment, title=data["title"],
                                                 product=data["product"])
                    messages.success(request, _("Brief created from the identity worksheet: complete it here."))
                    return _to("brief", brief.pk)
                if form_name == "launch":
                    launch = actions.launch_save(actor=request.user, enrolment=enrolment, product=data["product"],
                                                 brief=data["brief"], launch_month=data["launch_month"],
                                                 price_before=data["price_before"], price_after=data["price_after"],
                                                 note=data["note"])
                    messages.success(request, _("Launch recorded: now enter its monthly sales."))
                    return _to("launch", launch.pk)
                actions.outcome_claim_create(actor=request.user, enrolment=enrolment, launch_ids=data["launches"],
                                             wave=data["wave"], source=data["source"])
                messages.success(request, _("Sent to programme outcomes."))
                return _to("enrolment", enrolment.pk, "claims")
            except ValidationError as error:
                forms.add_errors(form, error)
        bound[form_name] = form
    space = selectors.workspace(request.user, enrolment)
    return render(request, "identity/enrolment.html", {
        "enrolment": enrolment, "space": space, "can_work": can_work, "charts": space.charts,
        "can_own": policy.can(request.user, "toolkit.own", enrolment),
        "brief_form": bound.get("brief") or forms.BriefCreateForm(products=products),
        "launch_form": bound.get("launch") or forms.LaunchForm(products=products, briefs=briefs),
        "claim_form": bound.get("claim") or forms.ClaimForm(launches=launches),
    })


@login_required
def worksheet(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    can_own = policy.can(request.user, "toolkit.own", enrolment)
    view = selectors.worksheet_view(request.user, enrolment)
    fields = worksheet_schema().fields
    answers = view.record.answers if view.record else {}
    form = forms.DataFieldsForm(data_fields=fields, answers=answers)
    photo_form = forms.PhotoForm()
    if request.method == "POST":
        if not can_own:
            raise PermissionDenied
        form_name = request.POST.get("form", "")
        try:
            if form_name == "worksheet":
                form = forms.DataFieldsForm(request.POST, data_fields=fields)
                if form.is_valid():
                    record = actions.worksheet_save(actor=request.user, enrolment=enrolment, answers=form.answers())
                    messages.success(request, _("Worksheet saved.") if record.complete
                                     else _("Worksheet saved; some required answers are still missing."))
                    return _to("worksheet", enrolment.pk)
            elif form_name == "photo":
                photo_form = forms.PhotoForm(request.POST, request.FILES)
                if photo_form.is_valid():
                    actions.photo_add(actor=request.user, enrolment=enrolment, image=photo_form.cleaned_data["image"],
                                      caption=photo_form.cleaned_data["caption"])
                    messages.success(request, _("Photo added."))
                    return _to("worksheet", enrolment.pk, "photos")
            elif form_name == "photo_delete":
                photo = policy.get_visible(request.user, Photo, request.POST.get("photo"), "toolkit.view")
                actions.photo_delete(actor=request.user, photo=photo)
                return _to("worksheet", enrolment.pk, "photos")
            else:
                raise Http404(_("Not found."))
        except ValidationError as error:
            forms.add_errors(photo_form if form_name == "photo" else form, error)
    return render(request, "identity/worksheet.html", {
        "enrolment": enrolment, "view": view, "form": form, "photo_form": photo_form, "can_own": can_own})


@require_GET
@login_required
def photo(request, pk: int):
    record = policy.get_visible(request.user, Photo, pk, "toolkit.view")
    return FileResponse(record.image.open("rb"), filename=record.image.name.rsplit("/", 1)[-1])


@login_required
def brief(request, pk: int):
    record = selectors.brief_get(request.user, pk)
    enrolment = selectors.enrolment_get(request.user, record.enrolment_id)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    can_own = policy.can(request.user, "toolkit.own", enrolment)
    schema = brief_schema()
    form = forms.DataFieldsForm(data_fields=schema.fields, answers=record.answers)
    version_form = forms.VersionForm()
    if request.method == "POST":
        form_name = request.POST.get("form", "")
        if form_name not in ("brief", "version", "approve"):
            raise Http404(_("Not found."))
        if not (can_own if form_name == "approve" else can_work):
            raise PermissionDenied
        try:
            if form_name == "brief":
                form = forms.DataFieldsForm(request.POST, data_fields=schema.fields)
                if form.is_valid():
                    actions.brief_save(actor=request.user, brief=record, answers=form.answers(),
                                       title=request.POST.get("title", record.title),
                                       food_label=bool(request.POST.get("food_label")))
                    messages.success(request, _("Brief saved."))
                    return _to("brief", record.pk)
            elif form_name == "version":
                version_form = forms.VersionForm(request.POST, request.FILES)
                if version_form.is_valid():
                    version = actions.version_upload(actor=request.user, brief=record,
                                                     file=version_form.cleaned_data["file"],
                                                     note=version_form.cleaned_data["note"])
                    messages.success(request, _("Version %(n)d uploaded.") % {"n": version.number})
                    return _to("brief", record.pk, "versions")
            else:
                version = selectors.version_get(request.user, request.POST.get("version"))
                actions.brief_approve(actor=request.user, brief=record, version=version)
                messages.success(request, _("Version %(n)d approved.") % {"n": version.number})
                return _to("brief", record.pk)
        except ValidationError as error:
            if form_name == "approve":
                _messages(request, error)
                return _to("brief", record.pk, "versions")
            forms.add_errors(version_form if form_name == "version" else form, error)
    view = selectors.brief_view(request.user, record)
    return render(request, "identity/brief.html", {
        "enrolment": enrolment, "brief": record, "view": view, "form": form, "version_form": version_form,
        "sections": [{"section": s, "fields": form.section([f.code for f in s.fields])} for s in schema.sections],
        "can_work": can_work, "can_own": can_own})


@login_required
def version(request, pk: int):
    record = selectors.version_get(request.user, pk)
    brief = record.brief
    enrolment = selectors.enrolment_get(request.user, brief.enrolment_id)
    can_work = policy.can(request.user, "toolkit.work", enrolment)
    can_own = policy.can(request.user, "toolkit.own", enrolment)
    comment_form = forms.CommentForm()
    label_form = forms.LabelForm(initial=forms.LabelForm.initial_for(record.label))
    if request.method == "POST":
        form_name = request.POST.get("form", "")
        if form_name not in ("comment", "resolve", "label"):
            raise Http404(_("Not found."))
        if not (can_work if form_name == "label" else can_own):
            raise PermissionDenied
        try:
            if form_name == "comment":
                comment_form = forms.CommentForm(request.POST)
                if comment_form.is_valid():
                    actions.comment_add(actor=request.user, version=record, **comment_form.cleaned_data)
                    return _to("version", record.pk, "comments")
            elif form_name == "resolve":
                comment = policy.get_visible(request.user, ReviewComment, request.POST.get("comment"), "toolkit.view")
                if comment.version_id != record.pk:
                    raise Http404(_("Not found."))
                actions.comment_resolve(actor=request.user, comment=comment)
                return _to("version", record.pk, "comments")
            else:
                label_form = forms.LabelForm(request.POST)
                if label_form.is_valid():
                    actions.version_label_check(actor=request.user, version=record, label=label_form.label())
                    messages.success(request, _("Label checked."))
                    return _to("version", record.pk, "label")
        except ValidationError as error:
            forms.add_errors(label_form if form_name == "label" else comment_form, error)
    view = selectors.version_view(request.user, record)
    others = [v for v in brief.versions.all() if v.pk != record.pk]
    return render(request, "identity/version.html", {
        "enrolment": enrolment, "brief": brief, "view": view, "version": record, "others": others,
        "comment_form": comment_form, "label_form": label_form, "can_work": can_work, "can_own": can_own})


@require_GET
@login_required
def version_file(request, pk: int):
    record = selectors.version_get(request.user, pk)
    return FileResponse(record.file.open("rb"), content_type=record.content_type,
                        filename=record.file.name.rsplit("/", 1)[-1])


@require_GET
@login_required
def compare(request, pk: int):
    record = selectors.brief_get(request.user, pk)
    enrolment = selectors.enrolment_get(request.user, record.enrolment_id)
    numbers = list(record.versions.values_list("number", flat=True))
    if len(numbers) < 2:
        messages.error(request, _("Upload at least two versions to compare them."))
        return _to("brief", record.pk)
    try:
        a_number = int(request.GET.get("a") or numbers[-2])
        b_number = int(request.GET.get("b") or numbers[-1])
    except ValueError:
        raise Http404(_("Not found.")) from None
    versions = {v.number: v for v in selectors.visible(request.user, MockupVersion).filter(brief=record)}
    if a_number not in versions or b_number not in versions:
        raise Http404(_("Not found."))
    context = selectors.compare(request.user, record, versions[a_number], versions[b_number])
    return render(request, "identity/compare.html", {"enrolment": enrolment, "brief": record, "numbers": numbers,
                                                     **context})


@login_required
def stars(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    can_own = policy.can(request.user, "toolkit.own", enrolment)
    products = selectors.products(request.user, enrolment)
    latest = selectors.visible(request.user, StarAssessment, enrolment).first()
    form = forms.StarForm(products=products, initial=(latest.scores | {"product": latest.product_id}) if latest else None)
    if request.method == "POST":
        if not can_own:
            raise PermissionDenied
        form = forms.StarForm(request.POST, products=products)
        if form.is_valid():
            try:
                actions.star_assess(actor=request.user, enrolment=enrolment, scores=form.scores(),
                                    product=form.cleaned_data["product"])
                messages.success(request, _("Self-score saved."))
                return _to("stars", enrolment.pk)
            except ValidationError as error:
                forms.add_errors(form, error)
    history = list(selectors.visible(request.user, StarAssessment, enrolment).select_related("product")[:10])
    result = selectors.star_result(history[0]) if history else None
    return render(request, "identity/stars.html", {
        "enrolment": enrolment, "form": form, "result": result, "history": history, "can_own": can_own,
        "criteria": opc_criteria(), "preview": star_readiness({})})


@login_required
def launch(request, pk: int):
    record = selectors.launch_get(request.user, pk)
    enrolment = selectors.enrolment_get(request.user, record.enrolment_id)
    can_own = policy.can(request.user, "toolkit.own", enrolment)
    month_form, csv_form = forms.MonthForm(), forms.CsvForm()
    if request.method == "POST":
        form_name = request.POST.get("form", "")
        if form_name not in ("month", "csv", "month_delete"):
            raise Http404(_("Not found."))
        if not can_own:
            raise PermissionDenied
        try:
            if form_name == "month":
                month_form = forms.MonthForm(request.POST)
                if month_form.is_valid():
                    data = month_form.cleaned_data
                    try:
                        month = parse_month(data["month"])
                    except ValueError:
                        raise ValidationError({"month": _("Enter a month as YYYY-MM.")}) from None
                    actions.launch_months_save(actor=request.user, launch=record, rows=[MonthRow(
                        month, float(data["sales"]), None if data["price"] is None else float(data["price"]),
                        None if data["units"] is None else float(data["units"]))])
                    return _to("launch", record.pk, "months")
            elif form_name == "csv":
                csv_form = forms.CsvForm(request.POST, request.FILES)
                if csv_form.is_valid():
                    raw = csv_form.cleaned_data["csv"].read()
                    try:
                        text = raw.decode("utf-8-sig")
                    except UnicodeDecodeError:
                        text = raw.decode("cp874", errors="replace")
                    count = actions.launch_months_import(actor=request.user, launch=record, text=text)
                    messages.success(request, _("%(n)d months imported.") % {"n": count})
                    return _to("launch", record.pk, "months")
            else:
                month = policy.get_visible(request.user, LaunchMonth, request.POST.get("month"), "toolkit.view")
                if month.launch_id != record.pk:
                    raise Http404(_("Not found."))
                actions.launch_month_delete(actor=request.user, month=month)
                return _to("launch", record.pk, "months")
        except ValidationError as error:
            forms.add_errors(csv_form if form_name == "csv" else month_form, error)
    seasonal, hac = request.GET.get("seasonal") == "1", request.GET.get("hac") == "1"
    figures = selectors.launch_figures(record, seasonal=seasonal, hac=hac)
    return render(request, "identity/launch.html", {
        "enrolment": enrolment, "launch": record, "figures": figures, "months": list(record.months.all()),
        "chart_data": {"launches": [figures.chart]}, "seasonal": seasonal, "hac": hac, "can_own": can_own,
        "month_form": month_form, "csv_form": csv_form})


@require_GET
@login_required
def report_pdf(request, pk: int):
    enrolment = selectors.enrolment_get(request.user, pk)
    body = pdf.render_pdf(pdf.report_context(request.user, enrolment))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="identity-{enrolment.pk}.pdf"'
    return response
