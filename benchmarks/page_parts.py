"""Where a page's time goes besides its SQL, for the benchmarks' "what is the remaining time":

- ``sql``: the statements' execution as the page ran them (the database's work and the round trip);
- ``compile``: the ORM turning querysets into SQL (``SQLCompiler.as_sql``, outermost calls only);
- ``templates``: rendering, without the statements and compiling that lazy querysets do inside it;
- ``rest``: everything else — middleware, the session and the user, the view, building querysets, making
  rows into objects.

Measured by wrapping those functions for one request at a time (a few microseconds per call), so the parts
of a page add up to its time under the wrappers, a little above its time without them.
"""

import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Parts:
    sql: float = 0.0
    compile: float = 0.0
    templates: float = 0.0
    total: float = 0.0
    _in_template: int = 0
    _compiling: int = 0
    _inner: float = field(default=0.0, repr=False)

    @property
    def rest(self) -> float:
        return max(self.total - self.sql - self.compile - self.templates, 0.0)


@contextmanager
def measured(connection):
    from django.db.models.sql import compiler
    from django.template import base

    parts = Parts()
    originals = {cls: cls.as_sql for cls in (compiler.SQLCompiler, compiler.SQLAggregateCompiler)}
    render = base.Template.render

    def timed_compile(original):
        def as_sql(self, *args, **kwargs):
            if parts._compiling:
                return original(self, *args, **kwargs)
            parts._compiling += 1
            started = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                parts._compiling -= 1
                spent = time.perf_counter() - started
                parts.compile += spent
                if parts._in_template:
                    parts._inner += spent
        return as_sql

    def timed_render(self, context):
        if parts._in_template:
            return render(self, context)
        parts._in_template += 1
        inner_before, started = parts._inner, time.perf_counter()
        try:
            return render(self, context)
        finally:
            parts._in_template -= 1
            parts.templates += time.perf_counter() - started - (parts._inner - inner_before)

    def timed_execute(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            parts.sql += spent
            if parts._in_template:
                parts._inner += spent

    for cls, original in originals.items():
        cls.as_sql = timed_compile(original)
    base.Template.render = timed_render
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(timed_execute):
            yield parts
    finally:
        parts.total = time.perf_counter() - started
        for cls, original in originals.items():
            cls.as_sql = original
        base.Template.render = render


def page_parts(client, connection, url: str, repeat: int) -> dict[str, float]:
    """The median of each part over ``repeat`` requests of ``url``, in milliseconds."""
    runs = []
    for _ in range(repeat):
        with measured(connection) as parts:
            assert client.get(url).status_code == 200, url
        runs.append(parts)
    return {name: statistics.median(getattr(p, name) for p in runs) * 1000
            for name in ("total", "sql", "compile", "templates", "rest")}
