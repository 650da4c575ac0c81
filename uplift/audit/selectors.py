"""Reading the audit trail of one object, including the bulk imports that created it.

An import writes one audit row for the whole run, listing the primary keys it created as ranges
(`{"created": {"registry.Entrepreneur": [[first, last], …]}}`), rather than 100,000 rows saying
"created by import 12"; the trail of an object joins both kinds.
"""

from dataclasses import dataclass

from django.apps import apps

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


@dataclass(frozen=True)
class HistoryLine:
    at: object
    actor: str
    action: str  # create, update, import or another service's action
    fields: tuple[str, ...] = ()  # for an update: the fields that changed
    source: str = ""  # for an import: the file name


def object_history(obj) -> list[HistoryLine]:
    """An object's audit trail as lines a person reads: newest first, imports named by their file."""
    import_job = apps.get_model("imports", "ImportJob")
    trail = audit_trail(model_label=obj._meta.label, pk=obj.pk)
    jobs = dict(import_job.objects.filter(pk__in=[e.object_pk for e in trail if e.action == "import"])
                .values_list("pk", "filename"))
    names = {f.name: str(f.verbose_name) for f in obj._meta.fields}
    lines = []
    for e in reversed(trail):
        changed = tuple(names.get(k, k) for k in (e.changes or {}) if k != "import") if e.action == "update" else ()
        lines.append(HistoryLine(at=e.at, actor=e.actor.get_username() if e.actor else "", action=e.action,
                                 fields=changed, source=jobs.get(int(e.object_pk), "") if e.action == "import" else ""))
    return lines
