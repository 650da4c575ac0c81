"""A small programme round built directly in the database, for the outcomes and dashboard tests."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from uplift.programme.models import Activity, Enrolment, Round, RoundActivity
from uplift.registry.models import Entrepreneur, MonthlySales


@dataclass
class Programme:
    round: Round
    activities: list
    enrolments: dict


def make_round(**overrides) -> Round:
    data = {"name": "รอบทดสอบ 2564", "starts_on": date(2021, 1, 1), "ends_on": date(2021, 6, 30),
            "budget": Decimal("1000000"), "target_entrepreneurs": 10, "target_value": Decimal("5000000")}
    data.update(overrides)
    return Round.objects.create(**data)


def make_programme(*entrepreneurs, waitlisted=(), round_=None) -> Programme:
    round_ = round_ or make_round()
    activities = [RoundActivity.objects.create(round=round_, activity=a, places=10, cost_per_place=Decimal("20000"))
                  for a in Activity.objects.filter(number__in=(1, 5))]
    enrolments = {}
    for n, e in enumerate(entrepreneurs):
        enrolments[e.pk] = Enrolment.objects.create(round_activity=activities[n % 2], entrepreneur=e, status="active",
                                                    started_on=round_.starts_on)
    for rank, e in enumerate(waitlisted, start=1):
        Enrolment.objects.create(round_activity=activities[0], entrepreneur=e, status="waitlisted", waitlist_rank=rank)
    return Programme(round_, activities, enrolments)


def bulk_entrepreneurs(n: int, *, subdistrict: str = "830202", start: int = 0) -> list[Entrepreneur]:
    """Many entrepreneurs at once, bypassing the services (province from the subdistrict code)."""
    rows = [Entrepreneur(kind="individual", name_th=f"ผู้ประกอบการทดสอบ {start + i}", subdistrict_id=subdistrict,
                         province_id=subdistrict[:2], employees=2) for i in range(n)]
    return Entrepreneur.objects.bulk_create(rows)


def sales_series(entrepreneur, values: dict[date, float]) -> None:
    MonthlySales.objects.bulk_create([MonthlySales(entrepreneur=entrepreneur, month=m, shop=Decimal(f"{v:.2f}"))
                                      for m, v in values.items()])
