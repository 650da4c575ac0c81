"""Audit rows written by actions inside their own transaction, so a rollback drops both."""

from django.db import models, transaction

from uplift.audit.models import AuditEntry


def audit_record(*, actor, action: str, obj: models.Model, changes: dict | None = None) -> AuditEntry:
    """Every write names who did it: a person or the system account, never nobody."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the action's transaction")
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise RuntimeError("audit_record needs an actor: a person or the system account")
    return AuditEntry.objects.create(
        actor=actor, action=action, model=obj._meta.label, object_pk=str(obj.pk), changes=changes or {},
    )


def audit_event(*, actor, action: str, model: str, object_pk: str = "", changes: dict | None = None) -> AuditEntry:
    """An event that is not a write to one row: an export, a reveal of personal data, a refused login.

    ``model`` names what it was about (a model label); ``actor`` is None only for an anonymous request
    (a failed login names the account it tried in ``changes``).
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    with transaction.atomic():
        return AuditEntry.objects.create(actor=actor, action=action[:40], model=model[:80],
                                         object_pk=str(object_pk)[:64], changes=changes or {})
