"""Write one entrepreneur's feed for a target to a file or stdout (for a scheduled job), with the report
of the listings left out on stderr; reads through the access policy as `--user`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from uplift.access.cli import add_actor_argument, actor_from_options
from uplift.toolkits.global_trade import outputs, selectors


class Command(BaseCommand):
    help = ("Write the feed of one activity 1 enrolment: google_merchant (tsv, xml), schema_org (json), "
            "shopee_th or lazada_th (xlsx, csv). Listings that fail the target's rules are left out and named on stderr.")

    def add_arguments(self, parser):
        parser.add_argument("--enrolment", type=int, required=True, help="the enrolment's id (activity 1)")
        parser.add_argument("--target", required=True, choices=sorted(outputs.FORMATS))
        parser.add_argument("--format", dest="fmt", required=True, help="tsv, xml, json, xlsx or csv (per target)")
        parser.add_argument("--base-url", required=True, help="the site's address, e.g. https://uplift.example")
        parser.add_argument("--output", "-o", help="file to write (default: stdout; xlsx needs a file)")
        add_actor_argument(parser)

    def handle(self, *args, **options):
        actor = actor_from_options(options)
        if options["fmt"] not in outputs.FORMATS[options["target"]]:
            raise CommandError(f"--format for {options['target']}: {', '.join(outputs.FORMATS[options['target']])}")
        try:
            enrolment = selectors.enrolment_get(actor, options["enrolment"])
        except Http404 as error:
            raise CommandError(f"No activity 1 enrolment {options['enrolment']} for {actor.username}.") from error
        made = outputs.feed_file(selectors.listings(actor, enrolment.entrepreneur_id), entrepreneur=enrolment.entrepreneur,
                                 target=options["target"], fmt=options["fmt"], base_url=options["base_url"].rstrip("/"))
        if options["output"]:
            Path(options["output"]).write_bytes(made.content)
        elif options["fmt"] == "xlsx":
            raise CommandError("An xlsx sheet needs --output FILE.")
        else:
            self.stdout.write(made.content.decode("utf-8"), ending="")
        report = made.report
        self.stderr.write(f"{report.target}: {len(report.included)} included, {len(report.excluded)} left out")
        for left in report.excluded:
            for issue in left.issues:
                self.stderr.write(f"  {left.title}: {issue.message_th} / {issue.message_en}")
