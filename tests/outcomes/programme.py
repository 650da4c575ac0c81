"""A small programme round built directly in the database, for the outcomes and dashboard tests."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from dateutil.relativedelta import relativedelta

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


def sales_series(entrepreneur, values: dict[date, float], *, online_share: float = 0.0) -> None:
    """Monthly sales totals, split between the shop and online by `online_share`."""
    MonthlySales.objects.bulk_create([
        MonthlySales(entrepreneur=entrepreneur, month=m, shop=Decimal(f"{v * (1 - online_share):.2f}"),
                     online=Decimal(f"{v * online_share:.2f}"))
        for m, v in values.items()])


def enter(actor, e, round_, *, source: str = "verified", origin: str = "", **waves: dict):
    """Enter figures through the action: `enter(admin, e, round_, baseline={"sales": 10_000}, end={...})`."""
    from uplift.outcomes.actions import ObservationIn, observations_save

    items = [ObservationIn(entrepreneur_id=e.pk, round_id=round_.pk, indicator=code, wave=wave, value=value,
                           source=source, origin=origin)
             for wave, values in waves.items() for code, value in values.items()]
    return observations_save(actor=actor, items=items)


def compound_symmetric_sales(entrepreneurs, months, *, level: float = 40_000, sd_unit: float = 4_000,
                             sd_month: float = 3_000, seed: int = 1) -> None:
    """Monthly sales = level + a unit effect (SD `sd_unit`) + noise (SD `sd_month`): σ² = sd_unit² + sd_month²."""
    rng = np.random.default_rng(seed)
    for e in entrepreneurs:
        unit = rng.normal(0, sd_unit)
        sales_series(e, {m: max(level + unit + rng.normal(0, sd_month), 0) for m in months})


MONTHS = [date(2019, 1, 1) + relativedelta(months=i) for i in range(36)]
START = date(2021, 1, 1)


def small_panel(effect: float = 0.0, pretrend: float = 0.0, n: int = 30, seed: int = 3) -> Programme:
    """n treated and n waitlisted entrepreneurs with 36 months of sales (2019–2021), the treated from 2021-01
    with a planted effect and, if asked, a planted pre-trend."""
    rng = np.random.default_rng(seed)
    treated = bulk_entrepreneurs(n, start=0)
    controls = bulk_entrepreneurs(n, start=n)
    for group, ents in ((1, treated), (0, controls)):
        for e in ents:
            level = rng.uniform(30_000, 60_000)
            values = {}
            for t, m in enumerate(MONTHS):
                y = level + 300 * t + rng.normal(0, 1_500)
                if group:
                    y += effect * (m >= START) + pretrend * t
                values[m] = max(y, 0)
            sales_series(e, values, online_share=rng.uniform(0, 0.3))
    return make_programme(*treated, waitlisted=controls)
