from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from uplift.web import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="entrepreneur-list", permanent=False), name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("entrepreneurs/", views.entrepreneur_list, name="entrepreneur-list"),
    path("entrepreneurs/new/", views.entrepreneur_create, name="entrepreneur-create"),
    path("entrepreneurs/<int:pk>/", views.entrepreneur_detail, name="entrepreneur-detail"),
    path("entrepreneurs/<int:pk>/edit/", views.entrepreneur_edit, name="entrepreneur-edit"),
    path("entrepreneurs/<int:pk>/sales.json", views.entrepreneur_sales, name="entrepreneur-sales"),
    path("toolkits/", views.toolkits, name="toolkits"),
    path("subdistricts/lookup/", views.subdistrict_lookup, name="subdistrict-lookup"),
]
