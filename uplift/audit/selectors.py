"""Reading the audit trail of one object, including the bulk imports that created it.

An import writes one audit row for the whole run, listing the primary keys it created as ranges
(`{"created": {"registry.Entrepreneur": [[first, last], …]}}`), rather than 100,000 rows saying
"created by import 12"; the trail of an object joins both kinds.
"""

from uplift.audit.models import AuditEntry


def id_ranges(ids) -> list[list[int]]:
    out: list[list[int]] = []
    for pk in sorted(ids):
        if out and pk == out[-1][1] + 1:
            out[-1][1] = pk
        else:
            out.append([pk, pk])
    return out


def audit_trail(*, model_label: str, pk) -> list[AuditEntry]:
    direct = list(AuditEntry.objects.filter(model=model_label, object_pk=str(pk)))
    created = [e for e in AuditEntry.objects.filter(action="import", changes__created__has_key=model_label)
               if any(lo <= int(pk) <= hi for lo, hi in e.changes["created"][model_label])]
    return sorted(direct + created, key=lambda e: (e.at, e.pk))
