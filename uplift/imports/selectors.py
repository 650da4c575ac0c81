"""Reads of imports: jobs, their stored rows and preview, mapping templates, likely duplicates.

Every read starts from `policy.visible`: an officer sees the jobs and templates they made
(`import.view`, creator-scoped) and the likely duplicates of entrepreneurs in their centres
(`duplicate.resolve`, region-scoped); an administrator sees all.
"""

from __future__ import annotations

import io

import polars as pl

from uplift.access import policy
from uplift.imports.core.mapping import header_key
from uplift.imports.core.read import Table, read_table
from uplift.imports.models import DuplicateCandidate, ImportJob, MappingTemplate

PREVIEW_ROWS = 10


def visible_jobs(actor, verb: str = "view"):
    return policy.visible(actor, ImportJob, verb)


def job_get(actor, pk, verb: str = "view") -> ImportJob:
    """The job if the actor may see it (404 otherwise, never "it exists but…")."""
    job = policy.get_visible(actor, ImportJob, pk, related=("created_by",))
    if verb != "view":
        policy.require(actor, verb, job)
    return job


def visible_duplicates(actor):
    return policy.visible(actor, DuplicateCandidate).select_related("existing", "existing__province", "job")


def open_duplicates(actor, limit: int = 200) -> list[DuplicateCandidate]:
    return list(visible_duplicates(actor).filter(status=DuplicateCandidate.Status.OPEN)[:limit])


def visible_templates(actor, kind: str | None = None):
    qs = policy.visible(actor, MappingTemplate)
    return qs.filter(kind=kind) if kind else qs


def job_table(job: ImportJob) -> Table:
    """The rows as read at upload: from memory in the same process, else from the stored Arrow file
    (the preview, the mapping page and the worker do not parse a large sheet again)."""
    if getattr(job, "_table", None) is not None:
        return job._table
    if job.table_file:
        with job.table_file.open("rb") as fh:
            frame = pl.read_ipc(io.BytesIO(fh.read()))
        meta = {k: job.table_meta[k] for k in ("headers", "header_row", "sheet", "encoding") if k in job.table_meta}
        job._table = Table(frame=frame, **meta)
        return job._table
    with job.file.open("rb") as fh:
        job._table = read_table(fh.read(), job.filename, job.kind)
    return job._table


def job_preview(job: ImportJob, rows: int = PREVIEW_ROWS) -> dict:
    table = job_table(job)
    return {"headers": table.headers, "rows": table.head(rows), "mapping": job.mapping_dict(),
            "header_row": table.header_row, "sheet": table.sheet, "encoding": table.encoding,
            "rows_total": len(table)}


def template_mapping(template: MappingTemplate, headers: list[str]) -> dict[int, str]:
    return {i: template.columns[header_key(h)] for i, h in enumerate(headers) if header_key(h) in template.columns}
