"""Monthly sales shaped for the chart and the before/after-slump summary."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from uplift.registry.models import MonthlySales
from uplift.web.templatetags.thai import thaimonth

SLUMP_START = datetime.date(2020, 3, 1)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def chart_data(rows: list[MonthlySales]) -> dict:
    if not rows:
        return {"months": [], "labels": [], "series": [], "marker": None}
    by_month = {r.month: r for r in rows}
    months = _months(rows[0].month, rows[-1].month)
    series = [
        {
            "key": channel,
            "name": str(MonthlySales._meta.get_field(channel).verbose_name),
            "data": [float(getattr(by_month[m], channel)) if m in by_month else None for m in months],
        }
        for channel in MonthlySales.CHANNELS
    ]
    marker = None
    if months[0] <= SLUMP_START <= months[-1]:
        marker = {"label": thaimonth(SLUMP_START),
                  "text": _("Tourism crisis begins (%(month)s)") % {"month": thaimonth(SLUMP_START)}}
    return {
        "months": [m.isoformat() for m in months],
        "labels": [thaimonth(m) for m in months],
        "series": series,
        "marker": marker,
        "estimated": [thaimonth(r.month) for r in rows if r.is_average],
    }


def _average(rows: list[MonthlySales]) -> Decimal | None:
    return sum((r.total for r in rows), Decimal("0")) / len(rows) if rows else None


def slump_summary(rows: list[MonthlySales]) -> dict | None:
    before = _average([r for r in rows if r.month.year == 2019])
    after = _average([r for r in rows if r.month.year == 2020 and r.month.month >= 4])
    if before is None or after is None:
        return None
    change = (after - before) / before * 100 if before else None
    return {"before": before, "after": after, "change": change}
