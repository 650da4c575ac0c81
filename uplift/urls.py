from django.contrib import admin
from importlib.util import find_spec

from django.urls import include, path

from uplift.api import api
from uplift.toolkits import TOOLKITS

handler500 = "uplift.ops.views.server_error"
handler400 = "uplift.ops.views.bad_request"
handler404 = "uplift.api.page_not_found"

urlpatterns = [
    path("", include("uplift.ops.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("imports/", include("uplift.imports.urls")),
    path("programme/", include("uplift.programme.urls")),
    path("screening/", include("uplift.screening.urls")),
    path("outcomes/", include("uplift.outcomes.urls")),
    path("dashboards/", include("uplift.dashboards.urls")),
    path("privacy/", include("uplift.privacy.urls")),
    *[path(f"toolkits/{name}/", include(f"uplift.toolkits.{name}.urls"))
      for name in TOOLKITS if find_spec(f"uplift.toolkits.{name}.urls")],
    path("", include("uplift.web.urls")),
]
