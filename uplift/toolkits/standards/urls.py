from django.urls import path

from uplift.toolkits.standards import views

app_name = "standards"

urlpatterns = [
    path("", views.index, name="index"),
    path("enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path("enrolments/<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("certifications/<int:pk>/", views.certification, name="certification"),
]
