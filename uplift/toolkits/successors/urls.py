from django.urls import path

from uplift.toolkits.successors import views

app_name = "successors"

urlpatterns = [
    path("", views.index, name="index"),
    path("enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path("enrolments/<int:pk>/canvas/", views.canvas_new, name="canvas-new"),
    path("enrolments/<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("events/new/", views.event_new, name="event-new"),
    path("events/<int:pk>/", views.event, name="event"),
    path("events/<int:pk>/score/", views.score, name="score"),
    path("events/<int:pk>/results.pdf", views.event_pdf, name="event-pdf"),
]
