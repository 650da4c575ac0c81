from django.contrib.auth import views as auth_views
from django.urls import path

from uplift.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(success_url="/password/done/"), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("entrepreneurs/", views.entrepreneur_list, name="entrepreneur-list"),
    path("entrepreneurs/new/", views.entrepreneur_create, name="entrepreneur-create"),
    path("entrepreneurs/<int:pk>/", views.entrepreneur_detail, name="entrepreneur-detail"),
    path("entrepreneurs/<int:pk>/edit/", views.entrepreneur_edit, name="entrepreneur-edit"),
    path("entrepreneurs/<int:entrepreneur_id>/reveal/", views.entrepreneur_reveal, name="entrepreneur-reveal"),
    path("entrepreneurs/<int:pk>/sales.json", views.entrepreneur_sales, name="entrepreneur-sales"),
    path("toolkits/", views.toolkits, name="toolkits"),
    path("subdistricts/lookup/", views.subdistrict_lookup, name="subdistrict-lookup"),
]
