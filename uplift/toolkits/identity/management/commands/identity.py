"""`uplift identity its --data FILE.csv --launch YYYY-MM [--seasonal] [--hac] [--json]`: did the new design pay?
`uplift identity label-check --data LABEL.json [--json]`: the food label checklist of a label description."""

import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uplift.toolkits.identity.core.its import SeriesTooShort, its_estimate
from uplift.toolkits.identity.core.label import FoodLabel, check_label
from uplift.toolkits.identity.core.series import COLUMNS, SeriesError, before_after, parse_month, read_csv

BUDDHIST_ERA_OFFSET = 543
MARK = {"ok": "✓", "missing": "✗", "malformed": "✗", "check": "?", "not_applicable": "–"}


class Command(BaseCommand):
    help = "ชุดเครื่องมือผลิตภัณฑ์และบรรจุภัณฑ์ที่มีอัตลักษณ์ (กิจกรรมที่ 4) / Identity toolkit (activity 4)"

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        its = subcommands.add_parser(
            "its", help="ยอดขายก่อนและหลังเปิดตัว (interrupted time series) / before and after the launch",
            description="CSV columns: " + ",".join(COLUMNS) + " (month as YYYY-MM; price and units optional)")
        its.add_argument("--data", required=True, help="CSV of monthly sales")
        its.add_argument("--launch", required=True, help="launch month, YYYY-MM")
        its.add_argument("--seasonal", action="store_true", help="add month-of-year terms")
        its.add_argument("--hac", action="store_true", help="Newey–West standard errors")
        its.add_argument("--json", action="store_true", help="print JSON")
        label = subcommands.add_parser("label-check", help="ตรวจฉลากอาหาร / check a food label description")
        label.add_argument("--data", required=True, help="JSON of the label (fields of FoodLabel)")
        label.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        path = Path(options["data"])
        if not path.exists():
            raise CommandError(f"ไม่พบไฟล์ {path}")
        if options["subcommand"] == "its":
            self._its(path, options)
        else:
            self._label(path, options)

    def _its(self, path: Path, options) -> None:
        try:
            launch = parse_month(options["launch"])
        except ValueError:
            raise CommandError(f"เดือนที่เปิดตัว \"{options['launch']}\" ไม่ถูกต้อง (ใช้ ปปปป-ดด)") from None
        try:
            rows = read_csv(path.read_text(encoding="utf-8-sig"))
            result = its_estimate([r.month for r in rows], [r.sales for r in rows], launch,
                                  seasonal=options["seasonal"], hac=options["hac"])
        except SeriesError as error:
            raise CommandError(error.message) from None
        except SeriesTooShort as error:
            raise CommandError(error.message_th) from None
        summary = before_after(rows, launch)
        if options["json"]:
            self.stdout.write(json.dumps({
                "launch": launch.isoformat()[:7], "n_before": result.n_before, "n_after": result.n_after,
                "level_change": round(result.level_change, 2), "level_ci": [round(v, 2) for v in result.level_ci],
                "slope_change": round(result.slope_change, 2), "slope_ci": [round(v, 2) for v in result.slope_ci],
                "verdict": result.verdict, "cov_type": result.cov_type, "seasonal": result.seasonal,
                "sales_before": summary.sales_before, "sales_after": summary.sales_after,
                "price_before": summary.price_before, "price_after": summary.price_after,
            }, ensure_ascii=False, indent=2))
            return
        pct = round(result.confidence * 100)
        self.stdout.write("\n".join([
            f"เปิดตัว {_thai_month(launch)} · ข้อมูล {result.n_before} เดือนก่อน {result.n_after} เดือนหลัง",
            f"ยอดขายเฉลี่ยต่อเดือน: {summary.sales_before:,.0f} → {summary.sales_after:,.0f} บาท",
            f"การเปลี่ยนแปลงระดับ ณ เดือนที่เปิดตัว: {result.level_change:,.0f} บาท "
            f"(ช่วงความเชื่อมั่น {pct}% {result.level_ci[0]:,.0f} ถึง {result.level_ci[1]:,.0f})",
            f"การเปลี่ยนแปลงแนวโน้มต่อเดือน: {result.slope_change:,.1f} บาท "
            f"({result.slope_ci[0]:,.1f} ถึง {result.slope_ci[1]:,.1f})",
            result.verdict_th,
        ]))

    def _label(self, path: Path, options) -> None:
        try:
            label = FoodLabel.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, TypeError, AttributeError) as error:
            raise CommandError(f"อ่านไฟล์ฉลากไม่ได้: {error}") from None
        checklist = check_label(label)
        if options["json"]:
            self.stdout.write(json.dumps({"rules_version": checklist.rules_version, "compliant": checklist.compliant,
                                          "items": [asdict(i) for i in checklist.items]}, ensure_ascii=False, indent=2))
            return
        lines = [f"{MARK[i.status]} {i.rule_id} {i.message_th}" for i in checklist.items]
        lines.append("ฉลากครบตามหลักเกณฑ์" if checklist.compliant
                     else f"ขาดหรือไม่ถูกต้อง {len(checklist.problems)} รายการ ({checklist.rules_version})")
        self.stdout.write("\n".join(lines))


def _thai_month(day) -> str:
    return f"{day.month}/{day.year + BUDDHIST_ERA_OFFSET}"
