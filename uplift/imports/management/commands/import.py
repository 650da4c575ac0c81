"""`uplift import FILE --mapping M [--kind entrepreneurs|products|sales] [--dry-run] [--user NAME]`.

The module is called import.py: Django loads commands with importlib, so the keyword is no obstacle.
--mapping is a saved mapping template's name, a JSON file ({"header": "field"}), or "auto"
(the suggested mapping from the headers). Progress is drawn on stderr.
"""

import json
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from uplift.imports.core.mapping import KINDS, header_key
from uplift.imports.core.read import ReadError


class Command(BaseCommand):
    help = "Import entrepreneurs, products or monthly sales from an .xlsx or .csv file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--mapping", default="auto", help="template name, JSON file, or 'auto'")
        parser.add_argument("--kind", choices=KINDS, default=None)
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--user", default=None, help="act as this user (scope, audit); default: system")

    def handle(self, *args, **opts):
        from uplift.imports import services
        from uplift.imports.models import MappingTemplate
        from uplift.imports.report import job_issues

        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}")
        actor = None
        if opts["user"]:
            actor = get_user_model().objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"No user {opts['user']}")
        template = None
        if opts["mapping"] not in ("auto", "") and not Path(opts["mapping"]).is_file():
            template = MappingTemplate.objects.filter(name=opts["mapping"]).first()
            if template is None:
                raise CommandError(f"No mapping template or file named {opts['mapping']!r}")
        kind = opts["kind"] or (template.kind if template else "entrepreneurs")
        try:
            job = services.job_create(actor=actor, filename=path.name, data=path.read_bytes(), kind=kind)
        except ReadError as error:
            raise CommandError(str(error)) from error
        if template is not None or Path(opts["mapping"]).is_file():
            columns = template.columns if template else {header_key(k): v for k, v in
                                                         json.loads(Path(opts["mapping"]).read_text("utf-8")).items()}
            headers = services.job_table(job).headers
            services.mapping_set(job, {i: columns[header_key(h)] for i, h in enumerate(headers)
                                       if header_key(h) in columns})
        started = time.perf_counter()
        bar = _Bar(sys.stderr)
        job = services.import_run(job=job, actor=actor, dry_run=opts["dry_run"], progress=bar.draw)
        bar.close(job)
        for item in job_issues(job)[:50]:
            self.stdout.write(f"row {item['row']}, {item['column']}: {item['value']!r} — {item['reason']}")
        if len(job.issues) > 50:
            self.stdout.write(f"… and {len(job.issues) - 50} more problems")
        c = job.counts
        verb = "would create" if opts["dry_run"] else "created"
        self.stdout.write(
            f"{c['rows']} rows: {c['accepted']} accepted, {c['rejected']} rejected; {verb} {c['create']}, "
            f"updated {c['update']}, unchanged {c['unchanged']}, likely duplicates {c['duplicates']} "
            f"(job {job.pk}, {time.perf_counter() - started:.1f} s)"
        )


class _Bar:
    def __init__(self, stream, width: int = 30):
        self.stream, self.width, self.last, self.shown = stream, width, 0.0, ""

    def draw(self, job) -> None:
        now = time.perf_counter()
        if now - self.last < 0.1 and job.phase != "writing":
            return
        self.last = now
        total = job.rows_total or 1
        filled = int(self.width * min(job.rows_done, total) / total)
        line = (f"\r{job.phase or 'done':<9} [{'#' * filled}{'.' * (self.width - filled)}] "
                f"{job.rows_done:,}/{job.rows_total:,}")
        if line != self.shown:
            self.stream.write(line)
            self.stream.flush()
            self.shown = line

    def close(self, job) -> None:
        self.last = 0.0
        self.draw(job)
        self.stream.write("\n")
