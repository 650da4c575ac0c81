from django.urls import path

from uplift.privacy import views

app_name = "privacy"

urlpatterns = [
    path("entrepreneurs/<int:entrepreneur_id>/", views.entrepreneur_privacy, name="entrepreneur"),
    path("entrepreneurs/<int:entrepreneur_id>/data.<str:fmt>", views.subject_export, name="subject-export"),
]
