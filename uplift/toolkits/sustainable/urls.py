from django.urls import path

from uplift.toolkits.sustainable import views

app_name = "sustainable"

urlpatterns = [
    path("", views.index, name="index"),
    path("enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path("enrolments/<int:pk>/biodiversity/new/", views.biodiversity_new, name="biodiversity-new"),
    path("enrolments/<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("footprints/<int:pk>/", views.footprint, name="footprint"),
    path("biodiversity/<int:pk>/", views.biodiversity, name="biodiversity"),
    path("biodiversity/<int:pk>/consent/", views.consent_file, name="consent-file"),
]
