from django.urls import path

from uplift.toolkits.identity import views

app_name = "identity"

urlpatterns = [
    path("", views.index, name="index"),
    path("enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path("enrolments/<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("enrolments/<int:pk>/worksheet/", views.worksheet, name="worksheet"),
    path("enrolments/<int:pk>/stars/", views.stars, name="stars"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("briefs/<int:pk>/", views.brief, name="brief"),
    path("briefs/<int:pk>/compare/", views.compare, name="compare"),
    path("versions/<int:pk>/", views.version, name="version"),
    path("versions/<int:pk>/file/", views.version_file, name="version-file"),
    path("launches/<int:pk>/", views.launch, name="launch"),
]
