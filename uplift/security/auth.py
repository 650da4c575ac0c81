"""Login throttling (django-axes) and the audit of logins, failures and lockouts.

Five wrong passwords for one account from one address lock that pair out for
``AXES_COOLOFF_TIME``; a success resets the count. Authentication without a request (the test client's
``login()``, management commands) is not an attack from the network and is not throttled.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _address(request) -> str:
    return (getattr(request, "axes_ip_address", None) or (request.META.get("REMOTE_ADDR", "") if request else ""))


def on_login(sender, request, user, **kwargs) -> None:
    from uplift.audit.actions import audit_event

    audit_event(actor=user, action="login", model="auth.User", object_pk=user.pk,
                changes={"address": _address(request)})


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    from uplift.audit.actions import audit_event

    audit_event(actor=None, action="login.failed", model="auth.User",
                changes={"username": str(credentials.get("username", ""))[:150], "address": _address(request)})


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    from uplift.audit.actions import audit_event

    audit_event(actor=None, action="login.locked_out", model="auth.User",
                changes={"username": str(username or "")[:150], "address": ip_address or ""})


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    from uplift.security import sessions

    user_logged_in.connect(on_login, dispatch_uid="uplift.audit.login")
    user_logged_in.connect(sessions.on_login, dispatch_uid="uplift.session.clocks")
    user_login_failed.connect(on_login_failed, dispatch_uid="uplift.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="uplift.audit.locked_out")


def client_address(request) -> str:
    """REMOTE_ADDR; in production (behind nginx, which appends the address it saw to X-Forwarded-For) the
    right-most X-Forwarded-For hop, which a client cannot forge."""
    from django.conf import settings

    if settings.PRODUCTION:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request, response=None, credentials=None):
    """The locked-out page, in Thai, with status 429."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
