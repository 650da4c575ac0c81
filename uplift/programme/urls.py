from django.urls import path

from uplift.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("consultants/assign/", views.consultant_assign, name="consultant-assign"),
    path("cohorts/new/", views.cohort_create, name="cohort-create"),
    path("sessions/new/", views.session_create, name="session-create"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/visit-log/", views.visit_log_create, name="visit-log"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("milestones/<int:pk>/evidence/", views.milestone_evidence, name="milestone-evidence"),
    path("overdue/", views.overdue, name="overdue"),
    path("rounds/<int:pk>/plan/", views.round_plan, name="plan"),
    path("export/attendance.xlsx", views.attendance_export, name="attendance-export"),
    path("export/progress.xlsx", views.progress_export, name="progress-export"),
]
