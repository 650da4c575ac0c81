from django.urls import path

from uplift.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("rounds/<int:round_id>/", views.round_outcomes, name="round"),
    path("rounds/<int:round_id>/entrepreneurs/<int:entrepreneur_id>/", views.observations, name="observations"),
    path("rounds/<int:round_id>/bulk/", views.bulk, name="bulk"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/<str:kind>/", views.report_download, name="report-download"),
]
