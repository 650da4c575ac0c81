"""`uplift carbon footprint --data FILE.csv [--factors VERSION] [--on DATE] [--json]`: a product's carbon footprint."""

import argparse
import json
import unicodedata
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from uplift.toolkits.sustainable.core.factors import FactorError, available_versions, load_table
from uplift.toolkits.sustainable.core.footprint import Footprint, footprint
from uplift.toolkits.sustainable.core.inventory_csv import COLUMNS, read_inventory_csv

BUDDHIST_ERA_OFFSET = 543


class Command(BaseCommand):
    help = "ชุดเครื่องมือ OTOP ยั่งยืน (กิจกรรมที่ 7) / Sustainable OTOP toolkit (activity 7)"

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        command = subcommands.add_parser(
            "footprint", help="คาร์บอนฟุตพริ้นท์ของผลิตภัณฑ์ / a product's carbon footprint",
            description="CSV columns: " + ",".join(COLUMNS) + " (optional quantity_low,quantity_high); "
                        "one row per item, quantities per functional unit")
        command.add_argument("--data", required=True, help="CSV file of the product's inventory")
        command.add_argument("--factors", help="factor table version (default: the newest; have: "
                                                + ", ".join(available_versions()) + ")")
        command.add_argument("--on", type=_day, help="date the factors must be valid on, YYYY-MM-DD "
                                                     "(B.E. years accepted; default: today)")
        command.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        on = options["on"] or timezone.localdate()
        try:
            table = load_table(options["factors"])
            result = footprint(read_inventory_csv(options["data"]), on=on, table=table)
        except FileNotFoundError as error:
            raise CommandError(f"ไม่พบไฟล์ {options['data']}") from error
        except (FactorError, ValueError) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_report(result))


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' ไม่ใช่วันที่แบบ ปปปป-ดด-วว") from None
    return day.replace(year=day.year - BUDDHIST_ERA_OFFSET) if day.year >= 2400 else day


def format_report(result: Footprint) -> str:
    on = result.on
    boundary = "ตลอดวัฏจักรชีวิต" if result.boundary == "cradle_to_grave" else "จากแหล่งกำเนิดถึงหน้าโรงงาน"
    lines = [f"คาร์บอนฟุตพริ้นท์ต่อ {result.functional_unit} ({boundary})",
             f"ตารางค่าการปล่อยรุ่น {result.table_version} ณ วันที่ {on.day}/{on.month}/{on.year + BUDDHIST_ERA_OFFSET}", ""]
    for item in sorted(result.items, key=lambda c: -c.kgco2e):
        lines.append(f"{_pad(item.item, 28)} {item.kgco2e:>10.4f} kgCO2e {item.share:>7.1%}  "
                     f"{item.factor} ({item.factor_version})")
    lines += ["", f"{_pad('รวม', 28)} {result.total_kgco2e:>10.4f} kgCO2e",
              f"{_pad('CO2 ชีวภาพ (แยกรายงาน)', 28)} {result.biogenic_kgco2:>10.4f} kgCO2",
              f"{_pad('ส่วนต้นน้ำ (แยกรายงาน)', 28)} {result.upstream_kgco2e:>10.4f} kgCO2e"]
    if result.unconfirmed_factors:
        lines.append("ค่าการปล่อยที่ยังไม่ยืนยันแหล่งที่มา: " + ", ".join(result.unconfirmed_factors))
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    """Pad by displayed width: Thai vowel and tone marks take no column of their own."""
    return text + " " * max(width - sum(unicodedata.category(c) != "Mn" for c in text), 0)
