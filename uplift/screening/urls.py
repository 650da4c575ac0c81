from django.urls import path

from uplift.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/preview/", views.rule_preview, name="rule-preview"),
    path("rounds/<int:pk>/rules/<int:rule_id>/delete/", views.rule_delete, name="rule-delete"),
    path("rounds/<int:pk>/scenarios/new/", views.scenario_create_view, name="scenario-create"),
    path("rounds/<int:pk>/compare/", views.compare, name="compare"),
    path("rounds/<int:round_id>/candidates/", views.candidate_list, name="candidates"),
    path("rounds/<int:round_id>/candidates/<int:entrepreneur_id>/review/", views.candidate_review_view,
         name="candidate-review"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario"),
    path("scenarios/<int:pk>/edit/", views.scenario_edit, name="scenario-edit"),
    path("scenarios/<int:pk>/run/", views.scenario_run, name="scenario-run"),
    path("scenarios/<int:pk>/approve/", views.scenario_approve, name="scenario-approve"),
    path("runs/<int:pk>/status/", views.run_status, name="run-status"),
    path("runs/<int:pk>/spread.json", views.run_spread_json, name="run-spread"),
    path("runs/<int:pk>/explain/<int:entrepreneur_id>/", views.explain, name="explain"),
    path("explain/<int:entrepreneur_id>/", views.explain_latest, name="explain-latest"),
    path("needs/<int:entrepreneur_id>/", views.needs_edit, name="needs"),
]
