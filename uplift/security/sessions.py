"""Sessions for shared office computers: they end after ``SESSION_IDLE_SECONDS`` without a request, after
``SESSION_MAX_SECONDS`` in all, and when the browser closes (settings).

The idle expiry is the session's own expiry date, pushed forward at most once a minute (not on every
request, which would write the session row each time); the absolute limit is kept in the session.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

STARTED, TOUCHED = "_uplift_started", "_uplift_touched"
TOUCH_EVERY = 60


def clock() -> float:
    return time.time()


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(clock())
            session = request.session
            started = session.setdefault(STARTED, now)
            if now - started > settings.SESSION_MAX_SECONDS:
                logout(request)
            elif now - session.get(TOUCHED, 0) >= TOUCH_EVERY:
                session[TOUCHED] = now
        return self.get_response(request)


def on_login(sender, request, user, **kwargs) -> None:
    """The clocks start at login, in the session the login saves (so the first page writes nothing more)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[STARTED] = session[TOUCHED] = int(clock())
