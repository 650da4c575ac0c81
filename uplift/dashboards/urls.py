from django.urls import path

from uplift.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("entrepreneurs/", views.drilldown, name="drilldown"),
]
