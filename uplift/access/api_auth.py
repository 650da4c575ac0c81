"""How REST API callers prove who they are: a bearer token, or the browser's session plus CSRF token."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from uplift.access.models import ApiToken

# Writing last_used_at on every request would turn every read into a write; a minute's precision is plenty.
LAST_USED_PRECISION = timedelta(minutes=1)


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token:
            return None
        api_token = (
            ApiToken.objects.select_related("user__profile").filter(digest=ApiToken.digest_of(token)).first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


class SessionAuth(APIKeyCookie):
    """Django's session login; unsafe methods also need the CSRF token.

    Unlike ninja's `django_auth`, CSRF is checked only once a session user is found, so a request
    with neither a session nor a valid bearer token gets 401, not a CSRF 403.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed.")
        return user
