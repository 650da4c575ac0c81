from django.contrib import admin

from uplift.audit.admin_mixins import AuditedModelAdmin
from uplift.programme.models import Activity, Enrolment, Round, RoundActivity


class RoundActivityInline(admin.TabularInline):
    model = RoundActivity
    extra = 0


@admin.register(Activity)
class ActivityAdmin(AuditedModelAdmin):
    list_display = ["number", "name_th", "name_en"]


@admin.register(Round)
class RoundAdmin(AuditedModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "budget", "target_entrepreneurs", "target_value"]
    inlines = [RoundActivityInline]


@admin.register(Enrolment)
class EnrolmentAdmin(AuditedModelAdmin):
    list_display = ["entrepreneur", "round_activity", "status", "waitlist_rank"]
    list_filter = ["status", "round_activity__round", "round_activity__activity"]
    raw_id_fields = ["entrepreneur"]


from uplift.programme.models import (  # noqa: E402
    Attendance, Cohort, FollowUp, Milestone, MilestoneTemplate, RoundMilestone, Session, VisitFile, VisitLog,
)


@admin.register(Cohort)
class CohortAdmin(AuditedModelAdmin):
    list_display = ["round_activity", "centre", "name"]
    list_filter = ["centre", "round_activity__round"]


@admin.register(Session)
class SessionAdmin(AuditedModelAdmin):
    list_display = ["topic", "kind", "starts_at", "ends_at", "staff", "cohort"]
    list_filter = ["kind", "cohort__centre"]
    raw_id_fields = ["cohort", "staff", "entrepreneur", "subdistrict"]
    date_hierarchy = "starts_at"


@admin.register(Attendance)
class AttendanceAdmin(AuditedModelAdmin):
    list_display = ["session", "enrolment", "status", "hours"]
    list_filter = ["status"]
    raw_id_fields = ["session", "enrolment", "recorded_by"]


class VisitFileInline(admin.TabularInline):
    model = VisitFile
    extra = 0


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(VisitLog)
class VisitLogAdmin(AuditedModelAdmin):
    list_display = ["session", "entrepreneur", "author", "created_at"]
    raw_id_fields = ["session", "entrepreneur", "author"]
    inlines = [VisitFileInline, FollowUpInline]


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(AuditedModelAdmin):
    list_display = ["activity", "order", "name_th", "name_en", "due_week"]
    list_filter = ["activity"]


@admin.register(Milestone)
class MilestoneAdmin(AuditedModelAdmin):
    list_display = ["enrolment", "template", "due_on", "done_on", "reminded_at"]
    raw_id_fields = ["enrolment"]


@admin.register(RoundMilestone)
class RoundMilestoneAdmin(AuditedModelAdmin):
    list_display = ["round", "order", "name", "starts_on", "due_on", "done_on"]
