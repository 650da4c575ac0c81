"""The REST API root (django-ninja); OpenAPI docs at /api/docs, schema at /api/openapi.json.

Errors share one shape, whether ninja's schema checks or the services' rules found them:
422 `{"detail": [{"loc", "msg", "type"}...], "errors": {field: [messages]}}`; other errors `{"detail": "..."}`.
Never a traceback: an object that does not exist is a 404, a value out of the database's range a 422, and
anything unforeseen a 500 whose body names only the request id (the log has the rest). Every operation
documents these answers, and its integers are bounded (uplift.security.openapi).
"""

import logging

from importlib import import_module
from importlib.util import find_spec

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, DataError, InterfaceError, OperationalError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaValidationError

from uplift.access.api_auth import BearerTokenAuth, SessionAuth
from uplift.dashboards.api import router as dashboards_router
from uplift.imports.api import router as imports_router
from uplift.ops.views import database_lost, unavailable
from uplift.outcomes.api import router as outcomes_router
from uplift.programme.api import router as programme_router
from uplift.registry.api import router as registry_router
from uplift.screening.api import router as screening_router
from uplift.security.openapi import bound_integers, document_errors, refuse_non_object_bodies
from uplift.toolkits import TOOLKITS

log = logging.getLogger("uplift.api")


class UpliftAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return document_errors(super().get_openapi_schema(**kwargs))


api = UpliftAPI(
    title="OTOP Uplift API",
    version="1",
    urls_namespace="api",
    auth=[BearerTokenAuth(), SessionAuth()],
    description="Registry of OTOP entrepreneurs and products. Authenticate with `Authorization: Bearer <token>` "
    "(`uplift issue-token USERNAME --name NAME`) or a browser session plus CSRF token.",
)
api.add_router("", registry_router)
api.add_router("/imports", imports_router)
api.add_router("/programme", programme_router)
api.add_router("/screening", screening_router)
api.add_router("/outcomes", outcomes_router)
api.add_router("/dashboards", dashboards_router)
for _toolkit in TOOLKITS:
    if find_spec(f"uplift.toolkits.{_toolkit}.api"):
        api.add_router(f"/toolkits/{_toolkit}", import_module(f"uplift.toolkits.{_toolkit}.api").router)
bound_integers(api)
refuse_non_object_bodies(api)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    messages = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    detail = [
        {"loc": ["body"] if field == NON_FIELD_ERRORS else ["body", field], "msg": msg, "type": "value_error"}
        for field, msgs in messages.items()
        for msg in msgs
    ]
    return api.create_response(request, {"detail": detail, "errors": messages}, status=422)


@api.exception_handler(SchemaValidationError)
def on_schema_error(request, exc: SchemaValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", ())), []).append(error.get("msg", ""))
    return api.create_response(request, {"detail": exc.errors, "errors": errors}, status=422)


def _field_name(loc) -> str:
    """`["body", "payload", "standards", 0, "number"]` → "standards.0.number"; `["query", "page_size"]` → "page_size"."""
    parts = list(loc)[1:]
    if loc and loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or NON_FIELD_ERRORS


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Permission denied."}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request, exc: ObjectDoesNotExist):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(OverflowError)
def on_overflow(request, exc: OverflowError):
    """A number no row can have (beyond the database's integers) finds nothing."""
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(DatabaseError)
def on_database_error(request, exc: DatabaseError):
    """A value the database cannot hold is the caller's to fix (422); a database that cannot be reached is
    handler500's (a 503 to retry); anything else is a server error."""
    if isinstance(exc, DataError):
        return api.create_response(request, {"detail": "A value is out of range.", "errors": {
            NON_FIELD_ERRORS: ["A value is out of range."]}}, status=422)
    if isinstance(exc, (OperationalError, InterfaceError)):
        raise exc
    return on_server_error(request, exc)


@api.exception_handler(Exception)
def on_server_error(request, exc: Exception):
    if database_lost(exc):
        return unavailable(request)
    log.error("API error on %s %s", request.method, request.path, exc_info=exc)
    request_id = getattr(request, "request_id", "") or request.headers.get("X-Request-ID", "")
    return api.create_response(request, {"detail": f"Server error (request {request_id})."}, status=500)


def page_not_found(request, exception=None):
    """handler404: under /api/ a path no operation matches (``/api/rounds/-1``) answers in the API's JSON shape."""
    from django.http import JsonResponse
    from django.views import defaults

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
