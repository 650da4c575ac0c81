"""An import job's life: upload, mapping, dry run, import, and the reaper of jobs whose process died.

Every action names its actor and asks `access.policy`: `import.create` to upload, `import.run`
on the job to map, check or import it (an officer their own jobs, an administrator any).

The dry run comes first, whatever the door: `job_run(dry_run=False)` is refused unless a dry
run of the job's current mapping finished for the same actor (the plan depends on the actor's
scope) and the caller quotes its token (`ImportJob.check_token`), which only the report shows: the
web page's import button, the API's dry-run answer, or the CLI, which runs the dry run itself in
the same call. Changing the mapping clears the token.

Rows with errors are never written; they are listed in the job's report (row, column, value,
reason). Every accepted row is written in ONE transaction, so either all of them are in the
registry or none is (a crash, a kill or a database error rolls the lot back). The audit credits
the actor of the run, whoever created the job.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
from collections.abc import Callable

import polars as pl

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.imports import plan as planning
from uplift.imports import plan_observations
from uplift.imports.capped_read import read_upload
from uplift.imports.core import normalise
from uplift.imports.core import observations as observation_words
from uplift.imports.core.mapping import DEFAULTABLE, header_key, is_sales_column, kind_defaults, missing, suggest
from uplift.imports.core.mapping import fields as kind_fields
from uplift.imports.core.vocabulary import defaults as documented_defaults
from uplift.imports.fields import column_label, label
from uplift.imports.models import ImportJob, Kind, MappingTemplate
from uplift.imports.selectors import job_table
from uplift.imports.write import plan_write

Progress = Callable[[ImportJob], None]
STALE_AFTER = dt.timedelta(minutes=30)


def job_create(*, actor, filename: str, data: bytes, kind: str = Kind.ENTREPRENEURS) -> ImportJob:
    """Store an upload and suggest a mapping; the file must be readable (`core.read.ReadError` otherwise),
    and a large .xlsx or CSV readable within the parse memory cap (`capped_read`), else nothing is stored."""
    policy.require(actor, "import.create")
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    table = read_upload(data, filename, kind)  # a large .xlsx or CSV in a child process under a memory cap
    name = os.path.basename(filename)
    job = ImportJob(created_by=actor, kind=kind, filename=name[:255], rows_total=len(table))
    suggested = suggest(table.headers, kind)
    job.mapping = {str(i): f for i, (f, _score) in suggested.items()}
    job.table_meta = {"scores": {str(i): score for i, (_f, score) in suggested.items()},
                      "suggested": dict(job.mapping)}
    job.file.save(name, ContentFile(data), save=False)
    rows = io.BytesIO()
    table.frame.write_ipc(rows)
    job.table_file.save(name + ".arrow", ContentFile(rows.getvalue()), save=False)
    job.table_meta |= {"headers": table.headers, "header_row": table.header_row, "sheet": table.sheet,
                       "encoding": table.encoding}
    with transaction.atomic():
        job.save()
        audit_record(actor=actor, action="import.upload", obj=job, changes={"file": job.filename, "rows": len(table)})
    job._table = table  # reused by job_run in this process (the CLI)
    return job


def allowed_fields(job: ImportJob) -> set[str]:
    return set(kind_fields(job.kind)) | {f for f in job.mapping.values() if is_sales_column(f)}


PARSE_DEFAULT = {"kind": normalise.kind, "category": normalise.category, "unit": normalise.unit,
                 "price": normalise.money, "star_year": normalise.year,
                 "wave": observation_words.wave, "source": observation_words.source,
                 "period": observation_words.period, "round": normalise.text,
                 "indicator": lambda v: observation_words.indicator(v, plan_observations.catalogue())}


def _checked_defaults(kind: str, values: dict[str, str]) -> dict[str, str]:
    """Values for the whole file, each one that its field would accept in a cell."""
    out, errors = {}, {}
    for name, value in values.items():
        value = " ".join(str(value or "").split())
        if not value:
            continue
        if name not in DEFAULTABLE[kind]:
            errors[name] = _("No value for the whole file can be set for this field.")
            continue
        try:
            PARSE_DEFAULT[name.removeprefix("product.")](value)
        except normalise.Bad as error:
            from uplift.imports.report import reason

            errors[name] = f"{label(name)}: {reason(error.code, error.params)}"
            continue
        out[name] = value
    if errors:
        raise ValidationError(errors)
    return out


def mapping_set(*, actor, job: ImportJob, mapping: dict[int, str], defaults: dict[str, str] | None = None) -> ImportJob:
    """Which column holds which field, and values for the whole file; a dry run done before no longer counts."""
    policy.require(actor, "import.run", job)
    if job.active:
        raise ValidationError(_("The file is being checked or imported; wait until it finishes."))
    allowed = allowed_fields(job) | {f for f in mapping.values() if is_sales_column(str(f))}
    unknown = sorted({str(f) for f in mapping.values() if f and f not in allowed})
    if unknown:
        raise ValidationError({"mapping": _("Unknown field: %(fields)s.") % {"fields": ", ".join(unknown)}})
    job.mapping = {str(i): f for i, f in mapping.items() if f}
    if defaults is not None:
        job.defaults = _checked_defaults(job.kind, defaults)
    job.check_token, job.checked_by = "", None
    if job.status == ImportJob.Status.CHECKED:
        job.status = ImportJob.Status.UPLOADED
    job.save(update_fields=["mapping", "defaults", "check_token", "checked_by", "status", "updated_at"])
    return job


def effective_defaults(job: ImportJob) -> dict[str, str]:
    """The documented defaults (`core/vocabulary.json`) and, over them, the officer's values for the file."""
    return kind_defaults(job.kind, documented_defaults()) | {k: v for k, v in job.defaults.items() if v}


def missing_fields(job: ImportJob) -> list[str]:
    """The required fields no column holds and no value for the whole file gives, as the officer reads them."""
    found = missing(job.kind, set(job.mapping_dict().values()), effective_defaults(job))
    return [_(" or ").join(label(f) for f in alternatives) for alternatives in found]


def template_centres(actor):
    """The regional centres whose officers the actor may share a mapping with (`import.template`)."""
    from uplift.geo.models import RegionalCentre

    return policy.visible(actor, RegionalCentre, "import.template")


def template_save(*, actor, name: str, job: ImportJob, centre_id: int | None = None) -> MappingTemplate:
    """Save the job's mapping by header under `name` for the officers of a regional centre (the actor's
    own centre, or `centre_id` among theirs; an administrator may save one without a centre, for
    administrators). A template of that name in that centre is replaced."""
    policy.require(actor, "import.create")
    policy.require(actor, "import.view", job)
    policy.require(actor, "import.template")
    name = name.strip()[:100]
    if not name:
        raise ValidationError({"name": _("Give the mapping a name.")})
    centres = template_centres(actor)
    if centre_id is not None:
        centre = centres.filter(pk=centre_id).first()
        if centre is None:
            raise ValidationError({"centre": _("Choose one of your regional centres.")})
    else:
        mine = list(centres[:2])
        centre = mine[0] if len(mine) == 1 else None
        if centre is None and not policy.can(actor, "import.template", MappingTemplate(name=name)):
            raise ValidationError({"centre": _("Choose one of your regional centres.")})
    headers = job_table(job).headers
    columns = {header_key(headers[i]): f for i, f in job.mapping_dict().items() if i < len(headers)}
    with transaction.atomic():
        template = MappingTemplate.objects.select_for_update().filter(name=name, centre=centre).first()
        if template is not None and not policy.can(actor, "import.template", template):
            raise ValidationError({"name": _("That name is taken; choose another.")})
        template = template or MappingTemplate(name=name, centre=centre, created_by=actor)
        template.kind, template.columns = job.kind, columns
        template.save()
        audit_record(actor=actor, action="import.template", obj=template,
                     changes={"columns": columns, "centre": centre.pk if centre else None})
    return template


def import_refusal(*, actor, job: ImportJob, confirm: str) -> str | None:
    """Why `actor` may not import `job` now (None when they may): the dry run comes first."""
    waiting = job.status == ImportJob.Status.CHECKED or (job.status == ImportJob.Status.QUEUED and not job.dry_run)
    if not waiting or not job.check_token:
        return _("Check the file (dry run) before importing.")
    if job.checked_by_id != actor.pk:
        return _("Check the file yourself (dry run) before importing: the check depends on who imports.")
    if not confirm or not secrets.compare_digest(str(confirm), job.check_token):
        return _("Import from the report of the latest check (it changed since you looked).")
    return None


def _save(job: ImportJob, progress: Progress | None, **fields) -> None:
    for k, v in fields.items():
        setattr(job, k, v)
    job.save(update_fields=[*fields, "updated_at"])
    if progress:
        progress(job)


def job_run(*, actor, job: ImportJob, dry_run: bool, confirm: str = "", progress: Progress | None = None) -> ImportJob:
    """Check every row; unless `dry_run`, write all accepted rows in one transaction (see the module)."""
    policy.require(actor, "import.run", job)
    if not dry_run and (refusal := import_refusal(actor=actor, job=job, confirm=confirm)):
        raise ValidationError(refusal)
    if lacking := missing_fields(job):
        raise ValidationError(_("Map a column to, or set a value for the whole file for: %(fields)s.")
                              % {"fields": ", ".join(lacking)})
    try:
        return _run(actor, job, dry_run, progress, confirm)
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, phase="", check_token="",
                                                   error=str(error)[:2000], finished_at=timezone.now())
        raise


def _run(actor, job: ImportJob, dry_run: bool, progress: Progress | None, confirm: str = "") -> ImportJob:
    """The plan of a dry run made just before in this process (the CLI) is written as it is, as long as the
    import quotes that dry run; otherwise (the web's worker) the file is checked and planned again."""
    reuse = getattr(job, "_checked", None)
    reuse = reuse[1:] if not dry_run and reuse and confirm and reuse[0] == confirm else None
    _save(job, progress, status=ImportJob.Status.RUNNING, phase="reading", dry_run=dry_run, rows_done=0, error="",
          check_token="")
    table = job_table(job)
    _save(job, progress, rows_total=len(table), phase="checking")
    plan, counts, report = reuse or _check_and_plan(actor, job, table, progress)
    if dry_run:
        token = secrets.token_hex(16)
        _save(job, progress, status=ImportJob.Status.CHECKED, phase="", rows_done=len(table), counts=counts,
              issues=report, finished_at=timezone.now(), check_token=token, checked_by=actor)
        job._checked = (token, plan, counts, report)
        return job
    _save(job, progress, phase="writing", rows_done=0, rows_total=plan.writes)

    def written(done: int, total: int) -> None:
        if progress:  # in memory only: the job row is not written inside the transaction
            job.rows_done, job.rows_total = done, total
            progress(job)

    job._checked = None
    with transaction.atomic():
        (plan_observations.write if job.kind == Kind.OBSERVATIONS else plan_write)(job, actor, plan, written)
        _save(job, progress, status=ImportJob.Status.DONE, phase="", counts=counts, issues=report,
              rows_done=len(table), rows_total=len(table), finished_at=timezone.now())
    return job


def _check_and_plan(actor, job: ImportJob, table, progress: Progress | None):
    steps = plan_observations if job.kind == Kind.OBSERVATIONS else planning
    checked = steps.check(job, table, effective_defaults(job), lambda n: _save(job, progress, rows_done=n))
    plan = steps.plan(job, actor, checked, table.headers)
    issues = sorted(planning.issues_of(checked) + plan.issues, key=lambda i: i.row)
    rejected = len({i.row for i in issues})
    counts = {"rows": len(table), "accepted": len(table) - rejected, "rejected": rejected, **plan.counts()}
    sequence = _sequence_numbers(job, table, {i.row for i in issues})
    report = [[i.row, column_label(i.column, table.headers), i.value, i.code, i.params, sequence.get(i.row, "")]
              for i in issues]
    return plan, counts, report


def _sequence_numbers(job: ImportJob, table, rows: set[int]) -> dict[int, str]:
    """The sheet's own sequence column (ลำดับ) of these rows, for the report beside the file's line."""
    column = next((i for i, f in job.mapping_dict().items() if f == "seq" and i < len(table.headers)), None)
    if column is None or not rows:
        return {}
    found = table.frame.filter(pl.col("_row").is_in(sorted(rows))).select("_row", f"c{column}")
    return {row: normalise.text(value) for row, value in found.iter_rows()}


def jobs_fail_stale(*, actor, stale_after: dt.timedelta = STALE_AFTER) -> int:
    """Jobs left 'running' by a process that was stopped (a killed or restarted worker) are marked failed.

    A running import saves its progress at every step (`updated_at`), so one silent for
    `stale_after` is not running any more; its transaction died with its process, so nothing of it
    was written and the file can simply be imported again. Only jobs the actor may run are touched.
    """
    policy.require(actor, "import.run")
    now = timezone.now()
    with transaction.atomic():
        stale = list(policy.visible(actor, ImportJob, "import.run").select_for_update().filter(
            status=ImportJob.Status.RUNNING, updated_at__lt=now - stale_after))
        for job in stale:
            silent_since = str(job.updated_at)
            job.status, job.phase, job.finished_at = ImportJob.Status.FAILED, "", now
            job.error = _("The import stopped without finishing (its process was stopped); nothing was written. "
                          "Run it again.")
            job.save(update_fields=["status", "phase", "finished_at", "error", "updated_at"])
            audit_record(actor=actor, action="import.stale", obj=job, changes={"silent_since": silent_since})
    return len(stale)


def job_fail_if_stale(*, actor, job: ImportJob) -> ImportJob:
    """The job as it stands, marked failed first if it is 'running' but silent for too long (a page polls this)."""
    if job.status == ImportJob.Status.RUNNING and job.updated_at < timezone.now() - STALE_AFTER \
            and policy.can(actor, "import.run", job):
        jobs_fail_stale(actor=actor)
        job.refresh_from_db()
    return job
