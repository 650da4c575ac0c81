"""Thai unless the user chose otherwise: the language cookie set by the switch decides, never the
browser's Accept-Language (officers' phones and lab PCs are often set to English)."""

from django.conf import settings
from django.utils import translation


class ThaiFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary")
        response.headers["Vary"] = f"{patch}, Cookie" if patch and "Cookie" not in patch else (patch or "Cookie")
        translation.deactivate()
        return response
