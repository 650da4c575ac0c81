"""`uplift import FILE --user NAME [--mapping auto|TEMPLATE|FILE.json] [--map 'header=field' …] [--set field=value …]
[--template NAME] [--kind entrepreneurs|products|sales|observations] [--dry-run] [--report PATH]`.

The module is called import.py: Django loads commands with importlib, so the keyword is no obstacle.
The command acts as `--user` (or $UPLIFT_CLI_USER; `--user system` for batch work), checked by the
access policy and scoped like the web. It always runs the dry run first and prints its report; then,
unless --dry-run, imports quoting that dry run (the same rule as the web and the API).

The mapping starts from the suggestion from the headers ("auto"). A saved template's name replaces it;
a JSON file ({"header": "field", …}; "" leaves a column out) and each --map change only the columns
they name. Progress is drawn on stderr; the full problems report is written as .xlsx and its path printed.
"""

import json
import sys
import tempfile
import time
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.imports.core.mapping import KINDS, header_key
from uplift.imports.core.read import ReadError

SHOWN = 50


class Command(BaseCommand):
    help = "Import entrepreneurs, products, monthly sales or outcome observations from an .xlsx or .csv file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--mapping", default="auto", help="'auto', a saved template's name, or a JSON file")
        parser.add_argument("--template", default=None, metavar="NAME",
                            help="a mapping saved in the wizard by an officer of your centre (as --mapping NAME)")
        parser.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                            help="map one column (repeatable), on top of --mapping; FIELD empty leaves it out")
        parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", dest="values",
                            help="a value for the whole file, for a field the sheet lacks or leaves blank "
                                 "(repeatable), e.g. --set product.unit=ผืน --set kind=ผู้ผลิตรายเดียว")
        parser.add_argument("--kind", choices=KINDS, default=None)
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--report", default=None, help="where to write the problems .xlsx "
                                                          "(default: beside FILE, else a temporary folder)")
        add_actor_argument(parser)

    def handle(self, *args, **opts):
        actor = actor_from_options(opts)
        try:
            self._import(actor, opts)
        except (PermissionDenied, Http404) as error:
            raise CommandError(f"{opts['actor_username'] or 'this user'} may not import: {error}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _import(self, actor, opts):
        from uplift.imports import jobs, selectors

        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}")
        template, overrides = self._mapping_source(actor, opts)
        kind = opts["kind"] or (template.kind if template else "entrepreneurs")
        try:
            job = jobs.job_create(actor=actor, filename=path.name, data=path.read_bytes(), kind=kind)
        except ReadError as error:
            raise CommandError(str(error)) from error
        headers = selectors.job_table(job).headers
        mapping = selectors.template_mapping(template, headers) if template else job.mapping_dict()
        for i, h in enumerate(headers):
            if header_key(h) in overrides:
                mapping[i] = overrides[header_key(h)][1]
        unknown = [named for key, (named, _f) in overrides.items() if key not in {header_key(h) for h in headers}]
        if unknown:
            raise CommandError(f"No column named {', '.join(unknown)} in {path.name}")
        values = {}
        for item in opts["values"]:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--set wants FIELD=VALUE, not {item!r}")
            values[name.strip()] = value.strip()
        jobs.mapping_set(actor=actor, job=job, mapping=mapping, defaults=values)
        self._print_columns(job, headers)

        started = time.perf_counter()
        bar = _Bar(sys.stderr)
        job = jobs.job_run(actor=actor, job=job, dry_run=True, progress=bar.draw)
        bar.close(job)
        self._print_report(job, path, opts)
        if not opts["dry_run"]:
            bar = _Bar(sys.stderr)
            job = jobs.job_run(actor=actor, job=job, dry_run=False, confirm=job.check_token, progress=bar.draw)
            bar.close(job)
        self._print_summary(job, opts["dry_run"], time.perf_counter() - started)

    def _print_columns(self, job, headers: list[str]) -> None:
        """Every column left out, loudly, with its first values."""
        from uplift.imports.selectors import job_preview

        mapped = job.mapping_dict()
        rows = job_preview(job, rows=3)["rows"]
        for i, header in enumerate(headers):
            if header and i not in mapped:
                samples = " · ".join(str(cells[i]) for _n, cells in rows if cells[i] not in (None, ""))
                self.stdout.write(f"NOT IMPORTED: column {header!r}" + (f" ({samples})" if samples else ""))

    def _print_summary(self, job, dry_run: bool, seconds: float) -> None:
        c = job.counts
        verb = "would create" if dry_run else "created"
        self.stdout.write(
            f"{c['rows']} rows: {c['accepted']} accepted, {c['rejected']} rejected; {verb} {c['create']}, "
            f"updated {c['update']}, unchanged {c['unchanged']}, likely duplicates {c['duplicates']} "
            f"(job {job.pk}, {seconds:.1f} s)")
        lines = [(job.kind if job.kind == "observations" else "entrepreneurs",
                  {k: c.get(k, 0) for k in ("create", "update", "unchanged")})]
        lines += [(name, c[name]) for name in ("products", "people", "sales") if isinstance(c.get(name), dict)]
        if c.get("under_review"):
            self.stdout.write(f"already awaiting review: {c['under_review']}")
        self.stdout.write(f"{'':<14}{'new':>10}{'updated':>10}{'unchanged':>11}")
        for name, n in lines:
            self.stdout.write(f"{name:<14}{n['create']:>10,}{n['update']:>10,}{n['unchanged']:>11,}")

    def _mapping_source(self, actor, opts):
        """(template or None, {header key: (header as given, field)}) from --mapping and --map."""
        from uplift.imports import selectors

        template, overrides = None, {}
        source = opts["mapping"] or "auto"
        if opts.get("template"):
            if source != "auto" and not Path(source).is_file():
                raise CommandError("Give either --template or --mapping NAME, not both")
            template = selectors.visible_templates(actor).filter(name=opts["template"]).order_by("centre_id").first()
            if template is None:
                raise CommandError(f"No mapping template named {opts['template']!r} for your centre")
        if source != "auto":
            if Path(source).is_file():
                try:
                    listed = json.loads(Path(source).read_text("utf-8"))
                except (ValueError, UnicodeDecodeError) as error:
                    raise CommandError(f"{source} is not a JSON object of header → field: {error}") from error
                if not isinstance(listed, dict):
                    raise CommandError(f"{source} is not a JSON object of header → field")
                overrides.update({header_key(k): (k, v or "") for k, v in listed.items()})
            else:
                template = selectors.visible_templates(actor).filter(name=source).order_by("centre_id").first()
                if template is None:
                    raise CommandError(f"No mapping template or file named {source!r}")
        for item in opts["map"]:
            header, sep, field = item.partition("=")
            if not sep:
                raise CommandError(f"--map wants HEADER=FIELD, not {item!r}")
            overrides[header_key(header)] = (header, field.strip())
        return template, overrides

    def _print_report(self, job, path: Path, opts) -> None:
        from uplift.imports.report import job_issues, report_xlsx

        issues = job_issues(job)
        for item in issues[:SHOWN]:
            seq = f" (no. {item['seq']})" if item["seq"] else ""
            self.stdout.write(f"row {item['row']}{seq}, {item['column']}: {item['value']!r} — {item['reason']}")
        if not issues:
            return
        target = Path(opts["report"]) if opts["report"] else path.with_name(f"{path.stem}-problems.xlsx")
        try:
            target.write_bytes(report_xlsx(job))
        except OSError:
            target = Path(tempfile.gettempdir()) / f"import-{job.pk}-problems.xlsx"
            target.write_bytes(report_xlsx(job))
        more = f"… and {len(issues) - SHOWN} more; " if len(issues) > SHOWN else ""
        self.stdout.write(f"{more}all {len(issues)} problems: {target}")


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
