"""Audit rows written by services inside their own transaction, so a rollback drops both."""

from django.db import models, transaction

from uplift.audit.models import AuditEntry


def audit_record(*, actor, action: str, obj: models.Model, changes: dict | None = None) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        model=obj._meta.label,
        object_pk=str(obj.pk),
        changes=changes or {},
    )
