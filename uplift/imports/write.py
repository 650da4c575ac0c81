"""The write: a plan's rows into the registry, inside the caller's transaction, audited.

Creates are listed in the import's one audit row as primary-key ranges (`audit.selectors.audit_trail`
joins it to an entrepreneur's own rows); each update gets its own audit row with its changes.
Entrepreneurs go in by one COPY on PostgreSQL (executemany on SQLite) with keys reserved first.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import polars as pl
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from uplift.audit.actions import audit_record
from uplift.audit.models import AuditEntry
from uplift.audit.selectors import id_ranges
from uplift.imports.models import DuplicateCandidate, ImportJob
from uplift.imports.plan import BATCH, ENTREPRENEUR_COMPARED, Plan, jsonable
from uplift.imports.plan_parts import PARTS, chunks
from uplift.registry.models import Entrepreneur
from uplift.registry.search import search_text_expr

Written = Callable[[int, int], None]  # (rows written, rows to write)
PART_BATCH = 25_000  # products and sales: a national file has 2.4 M sales rows, so fewer, larger COPY writes


def _pause_between_batches() -> None:
    """A test hook: UPLIFT_IMPORT_TEST_PAUSE=seconds slows writing so a test can kill the process mid-way."""
    pause = float(os.environ.get("UPLIFT_IMPORT_TEST_PAUSE", "0") or 0)
    if pause:
        time.sleep(pause)


def plan_write(job: ImportJob, actor, plan: Plan, written: Written | None = None) -> None:
    """Write `plan` for `actor`; the caller holds the transaction."""
    total, done = plan.writes, 0
    now = timezone.now()
    created: dict[str, list[int]] = {}

    def step(n: int) -> None:
        nonlocal done
        done += n
        if written:
            written(done, total)
        _pause_between_batches()

    new_ids: dict[int, int] = {}  # first row of a new entrepreneur → its key
    if plan.create is not None and plan.create.height:
        ids = reserve_ids(Entrepreneur, plan.create.height)
        new_ids = dict(zip(plan.create.get_column("_row").to_list(), ids))
        start = 0
        for end in _copy_frame(Entrepreneur, entrepreneur_table_rows(plan.create, ids, now)):
            step(end - start)
            start = end
        created[Entrepreneur._meta.label] = ids
    _update(job, actor, Entrepreneur, plan.update, [*ENTREPRENEUR_COMPARED, "search_text", "province"], step)
    created |= parts_write(job, actor, plan.parts, {-row: pk for row, pk in new_ids.items()}, step)
    DuplicateCandidate.objects.bulk_create([
        DuplicateCandidate(job=job, row=h.row, existing_id=h.existing or new_ids[h.target],
                           data={**jsonable(h.record), "_parts": h.parts}) for h in plan.duplicates])
    audit_record(actor=actor, action="import", obj=job, changes={
        "counts": plan.counts(), "created": {label: id_ranges(ids) for label, ids in created.items() if ids}})


def parts_write(job: ImportJob, actor, parts: dict, new_ids: dict[int, int], step=lambda n: None) -> dict:
    """Products, people and sales of a plan (`new_ids`: placeholder → key of an entrepreneur created just now);
    the keys created, by model."""
    created = {}
    for name, part in parts.items():
        spec = PARTS[name]
        if part.create.height:
            frame = part.create.with_columns(pl.col("_ent").replace(new_ids).alias("_ent"))
            ids = reserve_ids(spec.model, frame.height)
            start = 0
            for end in _copy_frame(spec.model, _part_table_rows(spec, frame, ids), PART_BATCH):
                step(end - start)
                start = end
            created[spec.model._meta.label] = ids
        _update(job, actor, spec.model, part.update, list(spec.fields), step)
    return created


def _update(job: ImportJob, actor, model, update: list, fields: list[str], step) -> None:
    """Updated rows in batches, each with its own audit row listing its changes."""
    if not update:
        return
    for obj, _changes in update:
        if isinstance(obj, Entrepreneur):
            obj.refresh_derived()
    for batch in chunks(update, BATCH):
        model.objects.bulk_update([o for o, _c in batch], fields)
        step(len(batch))
    AuditEntry.objects.bulk_create(
        [AuditEntry(actor_id=actor.pk, action="update", model=o._meta.label, object_pk=str(o.pk),
                    changes={"import": job.pk, **c}) for o, c in update], batch_size=BATCH)


def _part_table_rows(spec, frame: pl.DataFrame, ids: list[int]) -> pl.DataFrame:
    """A part's records as its table's columns: key, entrepreneur, fields and constants (a person's role)."""
    columns = [pl.Series("id", ids, dtype=pl.Int64), pl.col("_ent").alias("entrepreneur_id")]
    for f in spec.model._meta.concrete_fields:
        if f.primary_key or f.name == "entrepreneur":
            continue
        if f.name in spec.constant:
            columns.append(pl.lit(spec.constant[f.name]).alias(f.column))
        else:
            columns.append(pl.col(f.name).alias(f.column))
    table = frame.select(columns)
    if connection.vendor != "postgresql":  # sqlite3 takes text for dates and decimals
        table = table.with_columns(pl.col(pl.Date, pl.Decimal).cast(pl.String))
    return table


def reserve_ids(model, n: int) -> list[int]:
    """Primary keys for n new rows: from the sequence on PostgreSQL (safe beside other writers; usually one
    unbroken run, sent back as its ends); on SQLite the transaction holds the write lock, so after the maximum."""
    if not n:
        return []
    if connection.vendor == "postgresql":
        table, pk = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT min(v), max(v) FROM (SELECT nextval(%s::regclass) AS v"
                           " FROM generate_series(1, %s)) AS taken", [sequence, n])
            low, high = cursor.fetchone()
            if high - low + 1 == n:
                return list(range(low, high + 1))
            cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, n])
            return [row[0] for row in cursor.fetchall()]
    first = (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
    return list(range(first, first + n))


def _copy_frame(model, frame: pl.DataFrame, batch: int = BATCH):
    """Insert a frame whose columns are the table's, `batch` rows at a time (yielding the rows written so far):
    one COPY (CSV) on PostgreSQL, executemany on SQLite."""
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in frame.columns)
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as copy:
                for start in range(0, frame.height, batch):
                    copy.write(frame.slice(start, batch).write_csv(include_header=False, quote_style="non_numeric"))
                    yield min(start + batch, frame.height)
        else:
            sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * frame.width)})"
            for start in range(0, frame.height, batch):
                cursor.executemany(sql, frame.slice(start, batch).rows())
                yield min(start + batch, frame.height)


def entrepreneur_table_rows(records: pl.DataFrame, ids: list[int], now) -> pl.DataFrame:
    """Checked records as the entrepreneur table's columns (derived province and search text included)."""
    stamp = (now.isoformat() if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now))
    return records.select(
        pl.Series("id", ids, dtype=pl.Int64), "kind", "name_th", "name_en", "id_type", "id_number", "otop_year",
        "members", "employees", "address_line", pl.col("subdistrict").alias("subdistrict_id"),
        pl.col("subdistrict").str.slice(0, 2).alias("province_id"), "postal_code", "phone", "line_id", "email",
        search_text_expr().alias("search_text"), pl.lit(stamp).alias("created_at"), pl.lit(stamp).alias("updated_at"))
