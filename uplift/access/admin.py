from django.contrib import admin

from uplift.audit.admin_mixins import AuditedModelAdmin

from uplift.access.models import ApiToken, ConsultantAssignment, Profile


@admin.register(Profile)
class ProfileAdmin(AuditedModelAdmin):
    list_display = ["user", "role", "entrepreneur"]
    list_filter = ["role", "centres"]
    filter_horizontal = ["centres"]
    raw_id_fields = ["entrepreneur"]
    search_fields = ["user__username"]


@admin.register(ConsultantAssignment)
class ConsultantAssignmentAdmin(AuditedModelAdmin):
    list_display = ["consultant", "entrepreneur", "assigned_at"]
    raw_id_fields = ["entrepreneur"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = ["digest", "created_at", "last_used_at"]
