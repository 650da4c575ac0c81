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
