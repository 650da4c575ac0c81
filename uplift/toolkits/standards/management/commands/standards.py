"""`uplift standards match --category food --name "น้ำพริกเผา" [--market export ...] [--json]`: which standards a
product needs; `uplift standards catalogue [CODE]`: the standards and their clauses;
`uplift standards remind --user system [--date YYYY-MM-DD]`: certificate expiry reminders (90/30/7 days, once each)."""

import json
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.toolkits.standards.core.catalogue import catalogue, standard
from uplift.toolkits.standards.core.matcher import ProductProfile, markets, match_standards

LEVEL_TH = {"required": "ต้องมี", "recommended": "ควรมี", "not_applicable": "ไม่เกี่ยวข้อง"}


class Command(BaseCommand):
    help = "ชุดเครื่องมือคุณภาพและมาตรฐาน (กิจกรรมที่ 5) / Standards toolkit (activity 5)"

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        match = subcommands.add_parser("match", help="มาตรฐานที่ผลิตภัณฑ์ต้องมี / standards a product needs")
        match.add_argument("--category", required=True, help="food, beverage, textile, household, herbal or the Thai name")
        match.add_argument("--name", default="", help="product name (its words pick product-type rules)")
        match.add_argument("--market", action="append", choices=sorted(markets()), help="target market (repeatable)")
        match.add_argument("--json", action="store_true", help="print JSON")
        listing = subcommands.add_parser("catalogue", help="แคตตาล็อกมาตรฐาน / the standards catalogue")
        listing.add_argument("code", nargs="?", help="one standard's clauses")
        remind = subcommands.add_parser("remind", help="แจ้งเตือนใบรับรองใกล้หมดอายุ / expiry reminders")
        add_actor_argument(remind)
        remind.add_argument("--date", type=date.fromisoformat, help="today's date (YYYY-MM-DD), for catching up")

    def handle(self, *args, **options):
        getattr(self, f"_{options['subcommand']}")(options)

    def _match(self, options) -> None:
        profile = ProductProfile(options["category"], options["name"], (),
                                 frozenset(options["market"] or ["domestic"]))
        try:
            result = match_standards(profile)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps({
                "matcher_version": result.matcher_version, "category": result.category,
                "matches": [{"standard": m.standard, "level": m.level, "reasons": [r.reason_th for r in m.reasons]}
                            for m in result.matches],
                "tcps_types": [t.product_type_th for t in result.tcps_types]}, ensure_ascii=False, indent=2))
            return
        lines = [f"{LEVEL_TH[m.level]:<12} {standard(m.standard).name_th}: {'; '.join(r.reason_th for r in m.reasons)}"
                 for m in result.matches]
        if result.tcps_types:
            lines.append("ประเภท มผช. ที่ใกล้เคียง: " + ", ".join(t.product_type_th for t in result.tcps_types))
        self.stdout.write("\n".join(lines))

    def _catalogue(self, options) -> None:
        if not options["code"]:
            self.stdout.write("\n".join(f"{s.code:<9} {s.name_th} ({s.version}, {len(s.clauses)} ข้อ)"
                                        for s in catalogue().values()))
            return
        try:
            spec = standard(options["code"])
        except KeyError as error:
            raise CommandError(error.args[0]) from None
        lines = [f"{spec.name_th} ({spec.version})"]
        for section in spec.sections:
            lines.append(f"{section.id} {section.title_th}")
            lines += [f"  {c.id} [{c.weight:g}] {c.text_th}" for c in section.clauses]
        self.stdout.write("\n".join(lines))

    def _remind(self, options) -> None:
        from uplift.toolkits.standards.actions import certificate_reminders_send

        actor = actor_from_options(options)
        try:
            sent = certificate_reminders_send(actor=actor, today=options["date"])
        except PermissionDenied as denied:
            raise CommandError(str(denied)) from None
        self.stdout.write(f"ส่งการแจ้งเตือน {sent} ฉบับ / {sent} reminder(s) sent")
