"""The outermost middleware: a request id on every request, one structured log line and metrics per request.

The id comes from the proxy's `X-Request-ID` (nginx's `$request_id`) when it looks like one, else it is
made here; it is returned in the response's `X-Request-ID` and put on every log line of the request.
"""

import logging
import re
import time
import uuid

from django.db import connections
from django.utils.functional import SimpleLazyObject, empty

from uplift.ops import context, metrics

log = logging.getLogger("uplift.request")

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_QUIET = {"ops-healthz", "ops-readyz", "ops-metrics"}


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name or match.url_name or "unnamed") if match else "unresolved"


def _user_if_loaded(request):
    """The user when a view already looked it up; never a new database query (the database may be down)."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        return None if user._wrapped is empty else user._wrapped
    return user


class _QueryCounter:
    def __init__(self):
        self.count, self.seconds = 0, []

    def __call__(self, execute, sql, params, many, ctx):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, ctx)
        finally:
            self.count += 1
            self.seconds.append(time.perf_counter() - started)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        rid = given if _VALID_ID.match(given) else uuid.uuid4().hex
        request.request_id = rid
        token = context.request_id.set(rid)
        counter = _QueryCounter()
        started = time.perf_counter()
        try:
            wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
            for wrapper in wrappers:
                wrapper.__enter__()
            try:
                response = self.get_response(request)
            finally:
                for wrapper in reversed(wrappers):
                    wrapper.__exit__(None, None, None)
            elapsed = time.perf_counter() - started
            self._observe(request, response, counter, elapsed)
            response["X-Request-ID"] = rid
            return response
        finally:
            context.request_id.reset(token)

    def _observe(self, request, response, counter: _QueryCounter, elapsed: float) -> None:
        view = _view_name(request)
        metrics.REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        metrics.REQUEST_SECONDS.labels(request.method, view).observe(elapsed)
        if counter.count:
            metrics.QUERIES.labels(view).inc(counter.count)
            histogram = metrics.QUERY_SECONDS.labels(view)
            for seconds in counter.seconds:
                histogram.observe(seconds)
        if view in _QUIET and response.status_code < 400:
            return
        user = _user_if_loaded(request)
        log.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "method": request.method, "path": request.path, "view": view, "status": response.status_code,
            "duration_ms": round(elapsed * 1000, 1), "queries": counter.count,
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        })
