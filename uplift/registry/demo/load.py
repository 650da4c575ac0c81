"""Writing generated demo data into the registry, all of it in one transaction.

Primary keys are allocated here, after the current maximum, so child rows name their parents
without a round trip; PostgreSQL then gets its sequences moved past them. PostgreSQL is fed
with COPY (CSV built by polars), SQLite with executemany on the raw connection. A registry that
already holds entrepreneurs is left alone unless `replace=True`, which first deletes the
entrepreneurs and everything that cascades from them; an error anywhere rolls all of it back.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.geo.models import Subdistrict
from uplift.registry.demo.generate import DemoData, demo_generate
from uplift.registry.demo.sales import MONTHS, SalesBlock
from uplift.registry.models import Entrepreneur, MonthlySales, Person, Product, ProductStandard
from uplift.registry.search import search_text_for

REGISTRY_MODELS = (Entrepreneur, Person, Product, ProductStandard, MonthlySales)
SALES_CHUNK = 100_000


class DemoDataError(Exception):
    pass


@dataclass(frozen=True)
class Step:
    """Progress of one phase: `rows` so far, `seconds` since the phase began; `done` once it ends."""

    name: str
    rows: int
    seconds: float
    done: bool = True


def demo_data_load(*, actor, n_entrepreneurs: int, seed: int, replace: bool = False, accounts: bool = True,
                   progress: Callable[[Step], None] | None = None) -> dict[str, int]:
    """As ``actor`` (``demo.load``: administrators and the system account), audited as one row."""
    policy.require(actor, "demo.load")
    report = progress or (lambda step: None)
    if Entrepreneur.objects.exists() and not replace:
        raise DemoDataError(
            f"The registry already holds {Entrepreneur.objects.count():,} entrepreneurs; "
            "nothing was written. Use --replace to delete them and load the demo data instead."
        )
    subdistricts = list(Subdistrict.objects.values_list("code", "province_id", "postal_codes"))
    if not subdistricts:
        raise DemoDataError("No subdistricts in the database: run `uplift load-reference` first.")
    started = time.perf_counter()
    data = demo_generate(n_entrepreneurs, seed, subdistricts)
    report(Step("generate", len(data.entrepreneurs), time.perf_counter() - started))
    with transaction.atomic():
        if replace:
            started = time.perf_counter()
            registry_clear()
            report(Step("clear", 0, time.perf_counter() - started))
        counts = _write(data, _writer(), report)
        if accounts:
            from uplift.registry.demo.accounts import demo_accounts_create

            started = time.perf_counter()
            counts["accounts"] = sum(state != "skipped" for state in demo_accounts_create().values())
            report(Step("accounts", counts["accounts"], time.perf_counter() - started))
        audit_record(actor=actor, action="demo.load", obj=actor,
                     changes={"entrepreneurs": n_entrepreneurs, "seed": seed, "replace": replace, **counts})
        committing = time.perf_counter()
    report(Step("commit", 0, time.perf_counter() - committing))
    return counts


def registry_clear() -> None:
    """Delete every entrepreneur and, like on_delete would, what hangs from them: in bulk, not row by row."""
    _delete(Entrepreneur, Entrepreneur._base_manager.all())


def _delete(model: type[models.Model], rows: models.QuerySet) -> None:
    for through in [f.remote_field.through for f in model._meta.many_to_many] + [
        r.through for r in model._meta.related_objects if r.many_to_many
    ]:
        links = [f.name for f in through._meta.fields if f.is_relation and f.related_model is model]
        for name in links:
            through._base_manager.filter(**{f"{name}__in": rows})._raw_delete(rows.db)
    for rel in model._meta.related_objects:
        if rel.many_to_many:
            continue
        children = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": rows})
        if rel.on_delete is models.CASCADE:
            _delete(rel.related_model, children)
        elif rel.on_delete is models.SET_NULL:
            children.update(**{rel.field.name: None})
        elif rel.on_delete in (models.PROTECT, models.RESTRICT) and children.exists():
            raise DemoDataError(f"{rel.related_model._meta.verbose_name_plural} still refer to the registry.")
    rows._raw_delete(rows.db)


def _next_id(model: type[models.Model]) -> int:
    return (model._base_manager.aggregate(m=Max("id"))["m"] or 0) + 1


def _write(data: DemoData, writer: _Writer, report: Callable[[Step], None]) -> dict[str, int]:
    e, people, products, standards = data.entrepreneurs, data.people, data.products, data.standards
    first = {m: _next_id(m) for m in REGISTRY_MODELS}
    now = timezone.now()
    counts = {}

    started = time.perf_counter()
    n = len(e)
    search = [search_text_for(name_th=a, name_en=b, id_number=c, phone=d)
              for a, b, c, d in zip(e.name_th, e.name_en, e.id_number, e.phone)]
    counts["entrepreneurs"] = writer.write(Entrepreneur, {
        "id": np.arange(first[Entrepreneur], first[Entrepreneur] + n),
        "kind": e.kind, "name_th": e.name_th, "name_en": e.name_en, "id_type": e.id_type, "id_number": e.id_number,
        "otop_year": e.otop_year, "members": e.members, "employees": e.employees, "address_line": e.address_line,
        "subdistrict": e.subdistrict, "province": e.province, "postal_code": e.postal_code, "phone": e.phone,
        "line_id": e.line_id, "email": e.email, "search_text": search, "created_at": [now] * n, "updated_at": [now] * n,
    })
    report(Step("entrepreneurs", n, time.perf_counter() - started))

    started = time.perf_counter()
    counts["people"] = writer.write(Person, {
        "id": np.arange(first[Person], first[Person] + len(people)),
        "entrepreneur": people.entrepreneur + first[Entrepreneur], "role": people.role, "role_note": people.role_note,
        "name_th": people.name_th, "name_en": people.name_en, "birth_year": people.birth_year, "phone": people.phone,
    })
    report(Step("people", len(people), time.perf_counter() - started))

    started = time.perf_counter()
    counts["products"] = writer.write(Product, {
        "id": np.arange(first[Product], first[Product] + len(products)),
        "entrepreneur": products.entrepreneur + first[Entrepreneur], "name_th": products.name_th,
        "name_en": products.name_en, "category": products.category, "star_rating": products.star_rating,
        "star_year": products.star_year, "unit": products.unit, "price": products.price,
    })
    report(Step("products", len(products), time.perf_counter() - started))

    started = time.perf_counter()
    counts["standards"] = writer.write(ProductStandard, {
        "id": np.arange(first[ProductStandard], first[ProductStandard] + len(standards)),
        "product": np.asarray(standards.product, dtype=np.int64) + first[Product], "standard": standards.standard,
        "number": standards.number, "issued_on": standards.issued_on, "expires_on": standards.expires_on,
    })
    report(Step("standards", len(standards), time.perf_counter() - started))

    started = time.perf_counter()
    written, pending = 0, []
    for block in data.sales.blocks():
        pending.append(block)
        if sum(map(len, pending)) >= SALES_CHUNK:
            written += _write_sales(writer, SalesBlock.concat(pending), first[MonthlySales] + written, first[Entrepreneur])
            pending = []
            report(Step("sales", written, time.perf_counter() - started, done=False))
    if pending:
        written += _write_sales(writer, SalesBlock.concat(pending), first[MonthlySales] + written, first[Entrepreneur])
    counts["sales"] = written
    report(Step("sales", written, time.perf_counter() - started))
    writer.finish()
    return counts


def _write_sales(writer: _Writer, block: SalesBlock, first_id: int, first_entrepreneur: int) -> int:
    columns = {
        "id": np.arange(first_id, first_id + len(block)),
        "entrepreneur": block.entrepreneur + first_entrepreneur,
        "month": writer.months[block.month],
    }
    for i, channel in enumerate(MonthlySales.CHANNELS):
        columns[channel] = block.amounts[:, i]
    columns["thai_tourist_share"] = block.thai_share / 1000
    columns["foreign_tourist_share"] = block.foreign_share / 1000
    columns["is_average"] = np.zeros(len(block), dtype=bool)
    return writer.write(MonthlySales, columns)


class _Writer:
    months: np.ndarray

    def write(self, model: type[models.Model], columns: dict[str, Sequence]) -> int:
        raise NotImplementedError

    def finish(self) -> None:
        pass

    @staticmethod
    def table(model: type[models.Model], names: Sequence[str]) -> tuple[str, str]:
        qn = connection.ops.quote_name
        cols = ", ".join(qn(model._meta.get_field(name).column) for name in names)
        return qn(model._meta.db_table), cols


class _PostgresWriter(_Writer):
    """COPY … FROM STDIN in CSV: polars writes "" for an empty string and nothing for NULL."""

    months = np.array(MONTHS, dtype="datetime64[D]")

    def write(self, model, columns):
        frame = pl.DataFrame({k: _series(k, v) for k, v in columns.items()})
        buffer = io.BytesIO()
        frame.write_csv(buffer, include_header=False, float_precision=3, datetime_format="%Y-%m-%dT%H:%M:%S%.f%z")
        table, cols = self.table(model, list(columns))
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(buffer.getbuffer())
        return frame.height

    def finish(self):
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(REGISTRY_MODELS)):
                cursor.execute(sql)


class _SQLiteWriter(_Writer):
    months = np.array([m.isoformat() for m in MONTHS], dtype=object)

    def write(self, model, columns):
        values = [_python(k, v) for k, v in columns.items()]
        table, cols = self.table(model, list(columns))
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(values))})"
        rows = list(zip(*values))
        connection.connection.executemany(sql, rows)
        return len(rows)


def _writer() -> _Writer:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return _PostgresWriter()
    if connection.vendor == "sqlite":
        return _SQLiteWriter()
    raise DemoDataError(f"Demo data loads into PostgreSQL or SQLite, not {connection.vendor}.")


def _series(name: str, values) -> pl.Series:
    if isinstance(values, np.ndarray):
        return pl.Series(name, values)
    return pl.Series(name, list(values), strict=False)


def _python(name: str, values) -> list:
    if isinstance(values, np.ndarray):
        return values.tolist()
    values = list(values)
    sample = next((v for v in values if v is not None), None)
    if hasattr(sample, "isoformat"):
        adapt = connection.ops.adapt_datetimefield_value if hasattr(sample, "hour") else connection.ops.adapt_datefield_value
        return [None if v is None else adapt(v) for v in values]
    return values
