"""A URLconf whose view loses the database, for the 503 test."""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.urls import path

handler500 = "uplift.ops.views.server_error"
handler400 = "uplift.ops.views.bad_request"


def lost(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def session_lost(request):
    """What SessionMiddleware raises when the session's save meets a lost database: UpdateError, then
    SessionInterrupted (a 400), each raised while handling the one before."""
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            raise UpdateError
    except UpdateError:
        raise SessionInterrupted("The request's session was deleted before the request completed.")


def bad(request):
    raise BadRequest("คำขอไม่ถูกต้อง")


def broken(request):
    raise ValueError("ผิดพลาด")


urlpatterns = [path("lost/", lost), path("api/lost/", lost), path("broken/", broken),
               path("session-lost/", session_lost), path("bad/", bad)]
