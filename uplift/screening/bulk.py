"""Many new rows at once: on PostgreSQL through COPY, elsewhere ``bulk_create``.

A national run saves one snapshot row per entrepreneur (93,000, five JSON columns each); ``bulk_create``
compiled and bound them in batches for about 24 s, COPY streams them. Values are prepared by each field
exactly as ``bulk_create`` would, so both doors store the same thing.
"""

from django.db import connections, router
from django.db.models import Model


def insert_rows(model: type[Model], rows: list[Model]) -> None:
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(rows, batch_size=2000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields])
