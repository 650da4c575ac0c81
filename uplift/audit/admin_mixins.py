from django.contrib import admin

from uplift.audit.actions import audit_record


class AuditedModelAdmin(admin.ModelAdmin):
    """Back-office edits leave the same audit trail as the services (the admin view is atomic)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
        audit_record(actor=request.user, action="admin-update" if change else "admin-create", obj=obj, changes=changed)

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action="admin-delete", obj=obj, changes={"repr": str(obj)})
        super().delete_model(request, obj)
