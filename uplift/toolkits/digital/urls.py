from django.urls import path

from uplift.toolkits.digital import views

app_name = "digital"

urlpatterns = [
    path("", views.index, name="index"),
    path("enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path("enrolments/<int:pk>/assess/", views.assess, name="assess"),
    path("enrolments/<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("respondents/<int:pk>/", views.respondent, name="respondent"),
    path("checks/<int:pk>/photo/", views.check_photo, name="check-photo"),
]
