"""The WSGI application. Under gunicorn (``preload_app``) this module runs once in the master: the URLconf,
every view and API module, and the Thai catalogue are loaded here, before the fork, so no worker spends its
first seconds importing them while users wait (at six workers that was a quarter of a minute of CPU)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")
application = get_wsgi_application()


def _warm() -> None:
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns
    with translation.override("th"):
        translation.gettext("Name")


_warm()
