from django.urls import path

from uplift.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/mapping/", views.mapping, name="mapping"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/run/", views.run, name="run"),
    path("<int:pk>/report.xlsx", views.report, name="report"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("export/entrepreneurs.<str:fmt>", views.export, name="export"),
]
