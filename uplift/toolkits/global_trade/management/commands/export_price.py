import json
from argparse import ArgumentTypeError
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from uplift.toolkits.global_trade.core.fx import FxError, FxRate
from uplift.toolkits.global_trade.core.incoterms import CostInputs, PriceInputError, export_prices
from uplift.toolkits.global_trade.core.price_report import build_up_to_dict, format_table

AMOUNTS = {"exw": "ex-works cost per unit (baht)", "packing": "export packing per unit",
           "inland": "inland freight per unit", "clearance": "export clearance per unit",
           "handling": "origin handling and loading per unit", "freight": "main freight per unit",
           "destination": "destination costs to the named place per unit (DAP)"}


def number(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as error:
        raise ArgumentTypeError(f"ไม่ใช่ตัวเลข / not a number: {text!r}") from error


def flag(code: str) -> str:
    return "--" + code.replace("_", "-")


class Command(BaseCommand):
    help = ("Export price build-up under Incoterms 2020 (EXW, FCA, FOB, CFR, CIF, CPT, CIP, DAP): every price the "
            "given costs allow, per unit and in total; amounts per unit in baht, rates as fractions (0.005 = 0.5%).")

    def add_arguments(self, parser):
        for code, text in AMOUNTS.items():
            parser.add_argument(flag(code), dest=code, type=number, required=code == "exw", help=text)
        parser.add_argument("--insurance-rate", dest="insurance_rate", type=number,
                            help="cargo insurance rate on 110%% of the CIF/CIP price, e.g. 0.005")
        parser.add_argument("--margin", type=number, default=Decimal(0), help="markup on the ex-works cost, e.g. 0.2")
        parser.add_argument("--quantity", type=int, default=1, help="number of units (default 1)")
        parser.add_argument("--currency", help="quote in this currency (ISO 4217, e.g. USD); needs --rate")
        parser.add_argument("--rate", type=number, help="baht per unit of --currency, today's rate as entered")
        parser.add_argument("--json", action="store_true", help="print JSON instead of the table")

    def handle(self, *args, **options):
        if (options["currency"] is None) != (options["rate"] is None):
            raise CommandError("--currency และ --rate ต้องใช้คู่กัน / --currency and --rate go together")
        try:
            inputs = CostInputs(**{k: options[k] for k in (*AMOUNTS, "insurance_rate", "margin", "quantity")})
            rate = FxRate(options["currency"], date.today(), options["rate"]) if options["currency"] else None
        except (PriceInputError, FxError) as error:
            raise CommandError(str(error)) from error
        build_up = export_prices(inputs, rate)
        if options["json"]:
            self.stdout.write(json.dumps(build_up_to_dict(build_up), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_table(build_up, missing_label=flag))
