"""/healthz (the process answers), /readyz (it can serve), /metrics (Prometheus), and the 503 for a lost database."""

import sys

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

from uplift.ops import checks, metrics

RETRY_AFTER_SECONDS = 5


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    result = checks.readiness()
    ready = all(ok for ok, _detail in result.values())
    body = {"status": "ready" if ready else "not ready", "checks": {k: {"ok": ok, "detail": d}
                                                                     for k, (ok, d) in result.items()}}
    return JsonResponse(body, status=200 if ready else 503)


@never_cache
def metrics_view(request):
    token = settings.UPLIFT_METRICS_TOKEN
    if token and request.headers.get("Authorization", "") != f"Bearer {token}":
        return HttpResponseForbidden()
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")


def unavailable(request) -> HttpResponse:
    """What a request gets while the database cannot be reached: a clear 503 that says to try again."""
    metrics.DB_UNAVAILABLE.inc()
    message = _("The system is briefly unavailable (the database cannot be reached). Please try again in a moment.")
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"detail": message, "request_id": getattr(request, "request_id", "")}, status=503)
    else:
        title = _("Temporarily unavailable")
        response = HttpResponse(
            f'<!doctype html><html lang="th"><meta charset="utf-8"><title>{title}</title>'
            f"<h1>{title}</h1><p>{message}</p><p><small>{getattr(request, 'request_id', '')}</small></p></html>",
            status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_lost(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised while handling, is a database that cannot be reached.

    Some doors re-raise it as something else: a session whose save fails becomes Django's
    ``SessionInterrupted`` (a 400), an API handler may wrap it."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def server_error(request, *args, **kwargs):
    """handler500: a database that cannot be reached is a 503 to retry, not a 500."""
    if database_lost(sys.exc_info()[1]):
        return unavailable(request)
    return defaults.server_error(request, *args, **kwargs)


def bad_request(request, exception=None, *args, **kwargs):
    """handler400: a session that could not be saved because the database went away is a 503, not a 400."""
    if database_lost(exception):
        return unavailable(request)
    return defaults.bad_request(request, exception, *args, **kwargs)
