from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "uplift.audit"
    label = "audit"
