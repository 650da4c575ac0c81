"""`uplift lean oee --data FILE.csv [--by date] [--json]`: OEE per line and in total from a production log."""

import json
import unicodedata
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from uplift.toolkits.lean.core.log_csv import COLUMNS, oee_summary, read_shift_csv

BUDDHIST_ERA_OFFSET = 543


class Command(BaseCommand):
    help = "ชุดเครื่องมือการผลิตแบบลีน (กิจกรรมที่ 6) / Lean toolkit (activity 6)"

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        oee = subcommands.add_parser(
            "oee", help="OEE ต่อสายการผลิตและรวม / OEE per line and in total",
            description="CSV columns: " + ",".join(COLUMNS) + " (one row per line and shift)")
        oee.add_argument("--data", required=True, help="CSV file of the production log")
        oee.add_argument("--by", choices=["date"], help="add daily rows and the Mura coefficient")
        oee.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        try:
            summary = oee_summary(read_shift_csv(options["data"]), by_date=options["by"] == "date")
        except FileNotFoundError as error:
            raise CommandError(f"ไม่พบไฟล์ {options['data']}") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_table(summary))


def format_table(summary: dict) -> str:
    header = " ".join([_pad("", 20), _pad("ความพร้อม", 10, True), _pad("ความเร็ว", 10, True),
                       _pad("คุณภาพ", 10, True), _pad("OEE", 8, True)])
    lines = ["สายการผลิต", header]
    lines += [_row(line["line"], line) for line in summary["lines"]]
    lines.append(_row("รวม", summary["total"]))
    if "dates" in summary:
        lines += ["", "รายวัน (พ.ศ.)", header]
        lines += [_row(_thai_date(day["date"]), day) for day in summary["dates"]]
        mura = summary["mura"]
        value = ("ต้องมีอย่างน้อย 2 วัน" if mura is None
                 else f"{mura['cv']:.1%} (SD แบบ{_sd_kind(mura)}, {mura['days']} วัน)")
        lines.append(f"ความไม่สม่ำเสมอ (Mura, CV ของผลผลิตดีรายวัน): {value}")
    flags = [flag["message"] for flag in summary["total"]["flags"]]
    lines += ["", *flags] if flags else []
    return "\n".join(lines)


def _row(label: str, values: dict) -> str:
    return (f"{_pad(label, 20)} {values['availability']:>10.1%} {values['performance']:>10.1%} "
            f"{values['quality']:>10.1%} {values['oee']:>8.1%}")


def _pad(text: str, width: int, right: bool = False) -> str:
    """Pad by displayed width: Thai vowel and tone marks take no column of their own."""
    gap = " " * max(width - sum(unicodedata.category(c) != "Mn" for c in text), 0)
    return gap + text if right else text + gap


def _thai_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day}/{day.month}/{day.year + BUDDHIST_ERA_OFFSET}"


def _sd_kind(mura: dict) -> str:
    return "ตัวอย่าง (n − 1)" if mura["sd_kind"] == "sample" else "ประชากร (n)"
