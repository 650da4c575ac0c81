"""Online and export shares of sales, before and after an activity starts.

Months come from two places: the registry's monthly sales by channel (shop, fairs, wholesale, online,
export) and the toolkit's own monthly records of online and export sales (with the total of all
channels when the entrepreneur knows it). A toolkit record replaces the registry's online and export
figures of its month; the month's total is the record's total, or else the registry's total with its
online and export replaced; with neither, the month has no total and counts for no share.

"Before" is the `window` months before the start month, "after" the start month onward. A share is the
sum of the channel over the sum of the totals of the months that have a total (a sales-weighted share,
so a big month weighs more than a quiet one); None when there is no such month or the totals are zero.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class RegistryMonth:
    month: date
    shop: Decimal
    fair: Decimal
    wholesale: Decimal
    online: Decimal
    export: Decimal


@dataclass(frozen=True)
class RecordedMonth:
    month: date
    online: Decimal
    export: Decimal
    total: Decimal | None = None


@dataclass(frozen=True)
class MonthFigures:
    month: date
    online: Decimal
    export: Decimal
    total: Decimal | None
    recorded: bool


@dataclass(frozen=True)
class Shares:
    online_before: Decimal | None
    export_before: Decimal | None
    online_after: Decimal | None
    export_after: Decimal | None
    months_before: int
    months_after: int


def merge_months(registry: Iterable[RegistryMonth], recorded: Iterable[RecordedMonth]) -> list[MonthFigures]:
    by_month: dict[date, RegistryMonth] = {r.month: r for r in registry}
    ours: Mapping[date, RecordedMonth] = {r.month: r for r in recorded}
    rows = []
    for month in sorted(set(by_month) | set(ours)):
        base, own = by_month.get(month), ours.get(month)
        if own is None:
            rows.append(MonthFigures(month, base.online, base.export,
                                     base.shop + base.fair + base.wholesale + base.online + base.export, False))
            continue
        total = own.total
        if total is None and base is not None:
            total = base.shop + base.fair + base.wholesale + own.online + own.export
        rows.append(MonthFigures(month, own.online, own.export, total, True))
    return rows


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def channel_shares(rows: Iterable[MonthFigures], start: date, window: int = 12) -> Shares:
    start = start.replace(day=1)
    before = [r for r in rows if r.total is not None and 0 < _months_between(r.month, start) <= window]
    after = [r for r in rows if r.total is not None and r.month >= start]

    def share(chosen: list[MonthFigures], channel: str) -> Decimal | None:
        total = sum((r.total for r in chosen), Decimal(0))
        if not chosen or total == 0:
            return None
        return sum((getattr(r, channel) for r in chosen), Decimal(0)) / total

    return Shares(share(before, "online"), share(before, "export"), share(after, "online"), share(after, "export"),
                  len(before), len(after))
