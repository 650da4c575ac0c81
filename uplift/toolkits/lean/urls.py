from django.urls import path

from uplift.toolkits.lean import views

app_name = "lean"

urlpatterns = [
    path("", views.index, name="index"),
    path("enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path("enrolments/<int:pk>/shifts/new/", views.shift_new, name="shift-new"),
    path("enrolments/<int:pk>/stopwatch/", views.stopwatch, name="stopwatch"),
    path("enrolments/<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("shifts/<int:pk>/", views.shift_edit, name="shift"),
    path("kaizen/<int:pk>/<str:which>-photo/", views.kaizen_photo, name="kaizen-photo"),
]
