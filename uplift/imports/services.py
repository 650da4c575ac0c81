"""Imports into the registry: preview, check (dry run) and write, audited, in one transaction.

Policy (issue 3): rows with errors are never written; they are listed in the job's report
(row, column, value, reason). Every accepted row is written in ONE transaction, so either all
of them are in the registry or none is (a crash, a kill or a database error rolls the lot back).
Same identifier → update; no identifier but the same name or phone in the same subdistrict →
a DuplicateCandidate for an officer (never merged silently); a row identical to what is
registered changes nothing, so importing the same file again creates no rows.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.access.models import Role
from uplift.access.scoping import can_edit_registry, role_of, visible_entrepreneurs
from uplift.audit.models import AuditEntry
from uplift.audit.selectors import id_ranges
from uplift.audit.actions import audit_record
from uplift.geo.models import Province
from uplift.imports.core.mapping import header_key, suggest_mapping
from uplift.imports.core.columnar import CheckedFrame, check_entrepreneurs
from uplift.imports.core.read import Table, read_table
from uplift.imports.core.rows import Issue, check_rows
from uplift.imports.models import DuplicateCandidate, ImportJob, MappingTemplate
from uplift.registry.models import Entrepreneur, MonthlySales, Product
from uplift.registry.search import search_text_expr

BATCH = 2000
PREVIEW_ROWS = 10
Progress = Callable[[ImportJob], None]


def _check_can_import(actor) -> None:
    if actor is not None and not can_edit_registry(actor):
        raise PermissionDenied(_("Only administrators and regional officers can import."))


def job_create(*, actor, filename: str, data: bytes, kind: str = "entrepreneurs") -> ImportJob:
    """Store an upload and suggest a mapping; the file must be readable."""
    _check_can_import(actor)
    table = read_table(data, filename, kind)
    job = ImportJob(created_by=actor if actor is not None and actor.is_authenticated else None, kind=kind,
                    filename=os.path.basename(filename)[:255], rows_total=len(table))
    job.mapping = {str(i): f for i, f in suggest_mapping(table.headers, kind).items()}
    job.file.save(os.path.basename(filename), ContentFile(data), save=False)
    rows = io.BytesIO()
    table.frame.write_ipc(rows)
    job.table_file.save(os.path.basename(filename) + ".arrow", ContentFile(rows.getvalue()), save=False)
    job.table_meta = {"headers": table.headers, "header_row": table.header_row, "sheet": table.sheet,
                      "encoding": table.encoding}
    job.save()
    job._table = table  # reused by import_run in this process (the CLI)
    return job


def job_table(job: ImportJob) -> Table:
    """The rows as read at upload: from memory in the same process, else from the stored Arrow file
    (the preview, the mapping page and the worker do not parse a large sheet again)."""
    if getattr(job, "_table", None) is not None:
        return job._table
    if job.table_file:
        with job.table_file.open("rb") as fh:
            frame = pl.read_ipc(io.BytesIO(fh.read()))
        job._table = Table(frame=frame, **job.table_meta)
        return job._table
    with job.file.open("rb") as fh:
        job._table = read_table(fh.read(), job.filename, job.kind)
    return job._table


def import_preview(job: ImportJob, rows: int = PREVIEW_ROWS) -> dict:
    table = job_table(job)
    return {"headers": table.headers, "rows": table.head(rows), "mapping": job.mapping_dict(),
            "header_row": table.header_row, "sheet": table.sheet, "encoding": table.encoding,
            "rows_total": len(table)}


def mapping_set(job: ImportJob, mapping: dict[int, str]) -> ImportJob:
    job.mapping = {str(i): f for i, f in mapping.items() if f}
    job.save(update_fields=["mapping"])
    return job


def template_save(*, actor, name: str, job: ImportJob) -> MappingTemplate:
    headers = job_table(job).headers
    columns = {header_key(headers[i]): f for i, f in job.mapping_dict().items() if i < len(headers)}
    template, _created = MappingTemplate.objects.update_or_create(
        name=name, defaults={"kind": job.kind, "columns": columns,
                             "created_by": actor if actor is not None and actor.is_authenticated else None})
    return template


def template_mapping(template: MappingTemplate, headers: list[str]) -> dict[int, str]:
    return {i: template.columns[header_key(h)] for i, h in enumerate(headers) if header_key(h) in template.columns}


# ---------------------------------------------------------------------------------------------
# running


def _check(job: ImportJob, table: Table, progress: Progress | None):
    """Entrepreneurs column by column (`core.columnar`); products and sales row by row."""
    if job.kind == "entrepreneurs":
        result = check_entrepreneurs(table.frame, job.mapping_dict(), table.headers)
        _save_progress(job, progress, rows_done=len(table))
        return result
    checked: list = []
    rows = table.rows
    for start in range(0, len(rows), BATCH * 5):
        checked.extend(check_rows(job.kind, rows[start:start + BATCH * 5], job.mapping_dict(), table.headers))
        _save_progress(job, progress, rows_done=len(checked))
    return checked


def _issues_of(checked) -> list[Issue]:
    if isinstance(checked, CheckedFrame):
        return list(checked.issues)
    return [i for c in checked for i in c.issues]


@dataclass
class Plan:
    create: list = field(default_factory=list)
    update: list = field(default_factory=list)  # (instance, changes)
    duplicates: list = field(default_factory=list)  # (row, existing pk, record)
    unchanged: int = 0
    issues: list[Issue] = field(default_factory=list)


def _scope_provinces(actor) -> set[str] | None:
    if actor is None or role_of(actor) == Role.ADMINISTRATOR:
        return None
    if role_of(actor) == Role.REGIONAL_OFFICER:
        return set(Province.objects.filter(centre__in=actor.profile.centres.all()).values_list("code", flat=True))
    return set()


def _column(job: ImportJob, headers: list[str], *names: str) -> str:
    where = {f: i for i, f in job.mapping_dict().items()}
    for name in names:
        if name in where and where[name] < len(headers):
            return headers[where[name]]
    return names[0]


def _chunks(items: list, size: int = 5000):
    for i in range(0, len(items), size):
        yield items[i:i + size]


ENTREPRENEUR_COMPARED = ("kind", "name_th", "name_en", "id_type", "id_number", "otop_year", "members", "employees",
                         "address_line", "subdistrict_id", "postal_code", "phone", "line_id", "email")


def _as_model_values(record: dict) -> dict:
    values = {k: v for k, v in record.items() if not k.startswith("_")}
    values["subdistrict_id"] = values.pop("subdistrict")
    return values


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _plan_entrepreneurs(job, actor, checked: CheckedFrame, headers) -> Plan:
    plan = Plan()
    records = checked.records
    allowed = _scope_provinces(actor)
    if allowed is not None:
        area_col = _column(job, headers, "subdistrict_code", "subdistrict", "address")
        inside = pl.col("subdistrict").str.slice(0, 2).is_in(sorted(allowed))
        plan.issues.extend(Issue(row, area_col, code, "outside_scope")
                           for row, code in records.filter(~inside).select("_row", "subdistrict").iter_rows())
        records = records.filter(inside)
    id_col = _column(job, headers, "juristic_id", "citizen_id", "id_number")
    with_id = records.filter(pl.col("id_number") != "")
    existing = {e.id_number: e for e in _entrepreneurs(_pks_where("id_number", with_id.get_column("id_number")))}
    registered = pl.col("id_number").is_in(list(existing))
    for record in with_id.filter(registered).iter_rows(named=True):
        values = _as_model_values(record)
        target = existing[values["id_number"]]
        if allowed is not None and target.province_id not in allowed:
            plan.issues.append(Issue(record["_row"], id_col, values["id_number"], "registered_outside_scope"))
            continue
        changes = {k: [str(getattr(target, k)), str(values[k])] for k in ENTREPRENEUR_COMPARED
                   if getattr(target, k) != values[k]}
        if not changes:
            plan.unchanged += 1
            continue
        for k in ENTREPRENEUR_COMPARED:
            setattr(target, k, values[k])
        plan.update.append((target, changes))
    without_id = records.filter(pl.col("id_number") == "")
    by_name, by_phone = {}, {}
    for e in _entrepreneurs(_pks_where("subdistrict_id", without_id.get_column("subdistrict"))):
        by_name.setdefault((e.name_th.strip(), e.subdistrict_id), e)
        if e.phone:
            by_phone.setdefault((_digits(e.phone), e.subdistrict_id), e)
    known_names = pl.DataFrame(list(by_name), schema={"name_th": pl.String, "subdistrict": pl.String}, orient="row")
    known_phones = pl.DataFrame(list(by_phone), schema={"_phone": pl.String, "subdistrict": pl.String}, orient="row")
    keyed = without_id.with_columns(_phone=pl.col("phone").str.replace_all(r"\D", ""))
    maybe = keyed.join(known_names, on=["name_th", "subdistrict"], how="semi").vstack(
        keyed.filter(pl.col("_phone") != "").join(known_phones, on=["_phone", "subdistrict"], how="semi"))
    open_dups = set(DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN)
                    .values_list("existing_id", "row", "job__filename"))
    matched = set()
    for record in maybe.drop("_phone").unique("_row").sort("_row").iter_rows(named=True):
        values = _as_model_values(record)
        target = by_name.get((values["name_th"], values["subdistrict_id"])) or (
            by_phone.get((_digits(values["phone"]), values["subdistrict_id"])) if values["phone"] else None)
        matched.add(record["_row"])
        if all(getattr(target, k) == values[k] for k in ENTREPRENEUR_COMPARED):
            plan.unchanged += 1
        elif (target.pk, record["_row"], job.filename) not in open_dups:
            plan.duplicates.append((record["_row"], target.pk, {k: v for k, v in record.items() if k != "_row"}))
        else:
            plan.unchanged += 1
    plan.create = pl.concat([with_id.filter(~registered), without_id.filter(~pl.col("_row").is_in(list(matched)))]
                            ).sort("_row")  # written column-wise by _create_entrepreneurs
    return plan


def _entrepreneurs(pks: list[int]):
    for chunk in _chunks(pks, 900):
        yield from Entrepreneur.objects.filter(pk__in=chunk)


def _pks_where(column: str, values) -> list[int]:
    """Primary keys of entrepreneurs whose `column` holds one of the codes `values` (digits): on
    PostgreSQL one query with the codes as one text (100,000 parameters cost more to send than to look up)."""
    from django.db import connection

    values = sorted({v for v in values if v})
    if not values:
        return []
    if connection.vendor != "postgresql":
        return [pk for chunk in _chunks(values, 900)
                for pk in Entrepreneur.objects.filter(**{f"{column}__in": chunk}).values_list("pk", flat=True)]
    field = Entrepreneur._meta.get_field(column.removesuffix("_id")).column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Entrepreneur._meta.db_table} WHERE {field} = ANY(string_to_array(%s, '|'))",
                       ["|".join(values)])
        return [pk for (pk,) in cursor.fetchall()]


def _owners(actor, refs: set[str]) -> dict[str, int | str]:
    """'id:…' or 'name:…' → entrepreneur pk within the actor's scope, or an issue code."""
    scope = visible_entrepreneurs(actor) if actor is not None else Entrepreneur.objects.all()
    ids = [r[3:] for r in refs if r.startswith("id:")]
    names = [r[5:] for r in refs if r.startswith("name:")]
    out: dict[str, int | str] = {r: "unknown_entrepreneur" for r in refs}
    for chunk in _chunks(ids):
        for pk, number in scope.filter(id_number__in=chunk).values_list("pk", "id_number"):
            out["id:" + number] = pk
    for chunk in _chunks(names):
        seen: dict[str, int | str] = {}
        for pk, name in scope.filter(name_th__in=chunk).values_list("pk", "name_th"):
            seen[name] = "ambiguous_entrepreneur" if name in seen else pk
        out.update({"name:" + k: v for k, v in seen.items()})
    return out


def _plan_products(job, actor, checked, headers) -> Plan:
    plan = Plan()
    col = _column(job, headers, "entrepreneur_id", "entrepreneur_name")
    owners = _owners(actor, {c.record["entrepreneur"] for c in checked if c.record})
    accepted = []
    for c in checked:
        if c.record is None:
            continue
        owner = owners[c.record["entrepreneur"]]
        if isinstance(owner, str):
            plan.issues.append(Issue(c.row, col, c.record["entrepreneur"].split(":", 1)[1], owner))
            continue
        accepted.append((c, owner))
    existing = {(p.entrepreneur_id, p.name_th): p
                for chunk in _chunks(sorted({o for _c, o in accepted}))
                for p in Product.objects.filter(entrepreneur_id__in=chunk)}
    fields = ("name_en", "category", "star_rating", "star_year", "unit", "price")
    for c, owner in accepted:
        values = {k: v for k, v in c.record.items() if k != "entrepreneur"}
        target = existing.get((owner, values["name_th"]))
        if target is None:
            product = Product(entrepreneur_id=owner, **values)
            existing[(owner, values["name_th"])] = product
            plan.create.append(product)
            continue
        changes = {k: [str(getattr(target, k)), str(values[k])] for k in fields if getattr(target, k) != values[k]}
        if not changes:
            plan.unchanged += 1
            continue
        for k in fields:
            setattr(target, k, values[k])
        if target.pk:
            plan.update.append((target, changes))
    return plan


SALES_FIELDS = (*MonthlySales.CHANNELS, "thai_tourist_share", "foreign_tourist_share", "is_average")


def _plan_sales(job, actor, checked, headers) -> Plan:
    plan = Plan()
    col = _column(job, headers, "entrepreneur_id", "entrepreneur_name")
    owners = _owners(actor, {r["entrepreneur"] for c in checked for r in c.records})
    accepted = []
    for c in checked:
        if not c.records:
            continue
        owner = owners[c.records[0]["entrepreneur"]]
        if isinstance(owner, str):
            plan.issues.append(Issue(c.row, col, c.records[0]["entrepreneur"].split(":", 1)[1], owner))
            continue
        accepted.extend((c, owner, r) for r in c.records)
    existing = {(s.entrepreneur_id, s.month): s
                for chunk in _chunks(sorted({o for _c, o, _r in accepted}))
                for s in MonthlySales.objects.filter(entrepreneur_id__in=chunk)}
    for c, owner, record in accepted:
        values = {k: v for k, v in record.items() if k != "entrepreneur"}
        target = existing.get((owner, values["month"]))
        if target is None:
            sale = MonthlySales(entrepreneur_id=owner, **values)
            existing[(owner, values["month"])] = sale
            plan.create.append(sale)
            continue
        changes = {k: [str(getattr(target, k)), str(values[k])] for k in SALES_FIELDS if getattr(target, k) != values[k]}
        if not changes:
            plan.unchanged += 1
            continue
        for k in SALES_FIELDS:
            setattr(target, k, values[k])
        if target.pk:
            plan.update.append((target, changes))
    return plan


PLANNERS = {"entrepreneurs": _plan_entrepreneurs, "products": _plan_products, "sales": _plan_sales}


def _save_progress(job: ImportJob, progress: Progress | None, **fields) -> None:
    for k, v in fields.items():
        setattr(job, k, v)
    job.save(update_fields=[*fields, "updated_at"])
    if progress:
        progress(job)


def _pause_between_batches() -> None:
    """A test hook: UPLIFT_IMPORT_TEST_PAUSE=seconds slows writing so a test can kill the process mid-way."""
    pause = float(os.environ.get("UPLIFT_IMPORT_TEST_PAUSE", "0") or 0)
    if pause:
        time.sleep(pause)


def import_run(*, job: ImportJob, actor, dry_run: bool, progress: Progress | None = None) -> ImportJob:
    """Check every row; unless `dry_run`, write all accepted rows in one transaction."""
    _check_can_import(actor)
    _save_progress(job, progress, status=ImportJob.Status.RUNNING, phase="reading", dry_run=dry_run, rows_done=0,
                   error="")
    table = job_table(job)
    _save_progress(job, progress, rows_total=len(table), phase="checking")
    checked = _check(job, table, progress)
    plan = PLANNERS[job.kind](job, actor, checked, table.headers)
    issues = sorted(_issues_of(checked) + plan.issues, key=lambda i: i.row)
    rejected = len({i.row for i in issues})
    counts = {"rows": len(table), "accepted": len(table) - rejected, "rejected": rejected,
              "create": len(plan.create), "update": len(plan.update), "unchanged": plan.unchanged,
              "duplicates": len(plan.duplicates)}
    report = [[i.row, i.column, i.value, i.code, i.params] for i in issues]
    if dry_run:
        _save_progress(job, progress, status=ImportJob.Status.CHECKED, phase="", rows_done=len(table),
                       counts=counts, issues=report, finished_at=timezone.now())
        return job
    _save_progress(job, progress, phase="writing", rows_done=0, rows_total=len(plan.create) + len(plan.update))
    with transaction.atomic():
        _write(job, actor, plan, progress)
        _save_progress(job, progress, status=ImportJob.Status.DONE, phase="", counts=counts, issues=report,
                       rows_done=len(table), rows_total=len(table), finished_at=timezone.now())
    return job


def _write(job: ImportJob, actor, plan: Plan, progress: Progress | None) -> None:
    """Creates are listed in the import's one audit row as primary-key ranges; each update gets its own row."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    now = timezone.now()
    model = {"entrepreneurs": Entrepreneur, "products": Product, "sales": MonthlySales}[job.kind]
    total = len(plan.create) + len(plan.update)

    def report(written: int) -> None:
        if progress:  # in memory only: the job row is not written inside the transaction
            job.rows_done, job.rows_total = written, total
            progress(job)

    created: list[int] = []
    if model is Entrepreneur:
        for written, ids in _create_entrepreneurs(plan.create, now):
            created.extend(ids)
            report(written)
            _pause_between_batches()
    else:
        for written, ids in _create_objects(model, plan.create):
            created.extend(ids)
            report(written)
            _pause_between_batches()
    if plan.update:
        fields = ([*ENTREPRENEUR_COMPARED, "search_text", "province"] if model is Entrepreneur
                  else ["name_en", "category", "star_rating", "star_year", "unit", "price"] if model is Product
                  else list(SALES_FIELDS))
        for obj, _changes in plan.update:
            if isinstance(obj, Entrepreneur):
                obj.refresh_derived()
        for batch in _chunks(plan.update, BATCH):
            model.objects.bulk_update([o for o, _c in batch], fields)
            _pause_between_batches()
        AuditEntry.objects.bulk_create(
            [AuditEntry(actor_id=actor_id, action="update", model=o._meta.label, object_pk=str(o.pk),
                        changes={"import": job.pk, **c}) for o, c in plan.update], batch_size=BATCH)
    DuplicateCandidate.objects.bulk_create(
        [DuplicateCandidate(job=job, row=row, existing_id=pk, data=_jsonable(record)) for row, pk, record in plan.duplicates])
    audit_record(actor=actor, action="import", obj=job, changes={
        "counts": {"create": len(plan.create), "update": len(plan.update), "duplicates": len(plan.duplicates)},
        "created": {model._meta.label: id_ranges(created)} if created else {}})


def _jsonable(record: dict) -> dict:
    return {k: (v if v is None or isinstance(v, (bool, int, str)) else str(v)) for k, v in record.items()
            if not k.startswith("_")}


def _reserve_ids(model, n: int) -> list[int]:
    """Primary keys for n new rows: from the sequence on PostgreSQL (safe beside other writers; usually one
    unbroken run, sent back as its ends); on SQLite the transaction holds the write lock, so after the maximum."""
    from django.db import connection
    from django.db.models import Max

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


def _copy_frame(model, frame: pl.DataFrame):
    """Insert a frame whose columns are the table's, BATCH rows at a time (yielding the rows written so far):
    one COPY (CSV) on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in frame.columns)
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as copy:
                for start in range(0, frame.height, BATCH):
                    copy.write(frame.slice(start, BATCH).write_csv(include_header=False, quote_style="non_numeric"))
                    yield min(start + BATCH, frame.height)
        else:
            sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * frame.width)})"
            for start in range(0, frame.height, BATCH):
                cursor.executemany(sql, frame.slice(start, BATCH).rows())
                yield min(start + BATCH, frame.height)


def _create_objects(model, objects: list):
    """Products or monthly sales: one COPY on PostgreSQL (rows written as they are, keys reserved first),
    bulk_create on SQLite; yields (rows written, their keys) after each BATCH."""
    from django.db import connection

    if connection.vendor != "postgresql":
        for start, batch in enumerate(_chunks(objects, BATCH)):
            model.objects.bulk_create(batch)
            yield start * BATCH + len(batch), [o.pk for o in batch]
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    ids = _reserve_ids(model, len(objects))
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c) for c in ["id", *(f.column for f in fields)])
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for start in range(0, len(objects), BATCH):
                for obj, pk in zip(objects[start:start + BATCH], ids[start:start + BATCH]):
                    obj.pk = pk
                    copy.write_row((pk, *(getattr(obj, name) for name in names)))
                yield min(start + BATCH, len(objects)), ids[start:start + BATCH]


def entrepreneur_table_rows(records: pl.DataFrame, ids: list[int], now) -> pl.DataFrame:
    """Checked records as the entrepreneur table's columns (derived province and search text included)."""
    from django.db import connection

    stamp = (now.isoformat() if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now))
    return records.select(
        pl.Series("id", ids, dtype=pl.Int64), "kind", "name_th", "name_en", "id_type", "id_number", "otop_year",
        "members", "employees", "address_line", pl.col("subdistrict").alias("subdistrict_id"),
        pl.col("subdistrict").str.slice(0, 2).alias("province_id"), "postal_code", "phone", "line_id", "email",
        search_text_expr().alias("search_text"), pl.lit(stamp).alias("created_at"), pl.lit(stamp).alias("updated_at"))


def _create_entrepreneurs(records: pl.DataFrame, now):
    ids = _reserve_ids(Entrepreneur, records.height)
    done = 0
    for written in _copy_frame(Entrepreneur, entrepreneur_table_rows(records, ids, now)):
        yield written, ids[done:written]
        done = written


def import_start(*, job: ImportJob, actor, dry_run: bool) -> ImportJob:
    """Queue the job for the background worker (django.tasks)."""
    from uplift.imports.tasks import run_import

    _check_can_import(actor)
    job.status, job.dry_run, job.rows_done, job.phase = ImportJob.Status.QUEUED, dry_run, 0, ""
    job.save(update_fields=["status", "dry_run", "rows_done", "phase"])
    run_import.enqueue(job.pk, dry_run)
    job.refresh_from_db()
    return job


def import_run_by_id(job_id: int, dry_run: bool) -> None:
    job = ImportJob.objects.select_related("created_by__profile").get(pk=job_id)
    try:
        import_run(job=job, actor=job.created_by, dry_run=dry_run)
    except Exception as error:
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED, phase="", error=str(error)[:2000],
                                                   finished_at=timezone.now())
        raise


STALE_AFTER = dt.timedelta(minutes=30)


def jobs_fail_stale(*, stale_after: dt.timedelta = STALE_AFTER) -> int:
    """Jobs left 'running' by a process that was stopped (a killed or restarted worker) are marked failed.

    A running import saves its progress at every step (`updated_at`), so one silent for
    `stale_after` is not running any more; its transaction died with its process, so nothing of it
    was written and the file can simply be imported again.
    """
    now = timezone.now()
    with transaction.atomic():
        stale = list(ImportJob.objects.select_for_update().filter(status=ImportJob.Status.RUNNING,
                                                                  updated_at__lt=now - stale_after))
        for job in stale:
            job.status, job.phase, job.finished_at = ImportJob.Status.FAILED, "", now
            job.error = _("The import stopped without finishing (its process was stopped); nothing was written. "
                          "Run it again.")
            job.save(update_fields=["status", "phase", "finished_at", "error", "updated_at"])
            audit_record(actor=policy.system_actor(), action="import.stale", obj=job, changes={"silent_since": str(job.updated_at)})
    return len(stale)


def job_fail_if_stale(job: ImportJob) -> ImportJob:
    """The job as it stands, marked failed first if it is 'running' but silent for too long (a page polls this)."""
    if job.status == ImportJob.Status.RUNNING and job.updated_at < timezone.now() - STALE_AFTER:
        jobs_fail_stale()
        job.refresh_from_db()
    return job


def visible_jobs(actor):
    qs = ImportJob.objects.all()
    if role_of(actor) != Role.ADMINISTRATOR:
        qs = qs.filter(created_by=actor)
    return qs


def visible_duplicates(actor):
    qs = DuplicateCandidate.objects.select_related("existing", "existing__province", "job")
    if role_of(actor) == Role.REGIONAL_OFFICER:
        qs = qs.filter(existing__province__centre__in=actor.profile.centres.all())
    elif role_of(actor) != Role.ADMINISTRATOR:
        qs = qs.none()
    return qs


def duplicate_resolve(*, actor, pk: int, action: str) -> DuplicateCandidate:
    """'merge': the imported values overwrite the registered entrepreneur's; 'keep': register a new one."""
    from uplift.registry.services import entrepreneur_create, entrepreneur_update

    _check_can_import(actor)
    with transaction.atomic():
        candidate = visible_duplicates(actor).select_for_update(of=("self",)).filter(
            pk=pk, status=DuplicateCandidate.Status.OPEN).first()
        if candidate is None:
            raise ValidationError(_("No open duplicate %(pk)s within your scope.") % {"pk": pk})
        data = {k: v for k, v in candidate.data.items() if k not in ("id_type", "id_number")}
        for k in ("members", "employees", "otop_year"):
            if data.get(k) not in (None, ""):
                data[k] = int(data[k])
        if action == "merge":
            data = {k: v for k, v in data.items() if v not in ("", None)}
            entrepreneur_update(actor=actor, pk=candidate.existing_id, data=data)
            candidate.status = DuplicateCandidate.Status.MERGED
        elif action == "keep":
            entrepreneur_create(actor=actor, data={**data, "id_type": "none", "id_number": ""})
            candidate.status = DuplicateCandidate.Status.KEPT
        else:
            raise ValidationError(_("Unknown action."))
        candidate.decided_by, candidate.decided_at = actor, timezone.now()
        candidate.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(actor=actor, action=f"duplicate.{action}", obj=candidate, changes={"row": candidate.row})
    return candidate
