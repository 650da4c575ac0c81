"""The PDPA page of one entrepreneur: consents (record, withdraw), the data-subject export, erasure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from uplift.access import policy
from uplift.privacy import actions, notices
from uplift.registry import selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def entrepreneur_privacy(request, entrepreneur_id: int):
    entrepreneur = selectors.entrepreneur_get(user=request.user, pk=entrepreneur_id)
    may_record = policy.can(request.user, "consent.record", entrepreneur)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "erase":
                actions.subject_erase(actor=request.user, entrepreneur=entrepreneur,
                                      reason=request.POST.get("reason", ""))
                messages.success(request, _("The personal data of this entrepreneur was erased."))
            else:
                if not may_record:
                    raise PermissionDenied
                actions.consent_record(actor=request.user, entrepreneur=entrepreneur,
                                       purpose=request.POST.get("purpose", ""),
                                       given=request.POST.get("given") == "1", note=request.POST.get("note", ""))
                messages.success(request, _("Recorded."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("privacy:entrepreneur", entrepreneur_id=entrepreneur.pk)
    current = notices.current()
    latest = actions.consents_current(entrepreneur)
    purposes = [{"code": code, "label": notices.purposes()[code]["th"], "consent": latest.get(code)}
                for code in current["purposes"]]
    return render(request, "privacy/entrepreneur.html", {
        "entrepreneur": entrepreneur, "purposes": purposes, "notice": current,
        "notice_text": notices.text(current["version"]), "may_record": may_record,
        "may_export": policy.can(request.user, "personal.subject_export", entrepreneur),
        "may_erase": policy.can(request.user, "personal.erase", entrepreneur)})


@login_required
@require_GET
def subject_export(request, entrepreneur_id: int, fmt: str):
    if fmt not in ("xlsx", "json"):
        raise Http404
    entrepreneur = selectors.entrepreneur_get(user=request.user, pk=entrepreneur_id)
    workbook, document = actions.subject_export(actor=request.user, entrepreneur=entrepreneur)
    body, ctype = (workbook, XLSX) if fmt == "xlsx" else (document, "application/json")
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="entrepreneur-{entrepreneur.pk}-personal-data.{fmt}"'
    return response
