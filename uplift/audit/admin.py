from django.contrib import admin

from uplift.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "model", "object_pk"]
    list_filter = ["action", "model"]
    readonly_fields = ["at", "actor", "action", "model", "object_pk", "changes"]
