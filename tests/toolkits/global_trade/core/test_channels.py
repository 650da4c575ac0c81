"""Online and export shares before and after the start, computed by hand."""

from datetime import date
from decimal import Decimal as D

from uplift.toolkits.global_trade.core.channels import (
    RecordedMonth, RegistryMonth, channel_shares, merge_months,
)


def registry(month, shop="0", online="0", export="0"):
    return RegistryMonth(month, D(shop), D(0), D(0), D(online), D(export))


def test_a_recorded_month_replaces_the_registry_online_and_export():
    rows = merge_months([registry(date(2026, 5, 1), shop="30000", online="1000", export="0")],
                        [RecordedMonth(date(2026, 5, 1), D("4000"), D("2000"))])
    # total = registry's other channels 30,000 + recorded 4,000 + 2,000
    assert [(r.online, r.export, r.total, r.recorded) for r in rows] == [(D("4000"), D("2000"), D("36000"), True)]


def test_a_recorded_total_wins_and_a_month_without_any_total_counts_for_no_share():
    rows = merge_months([], [RecordedMonth(date(2026, 6, 1), D("5000"), D("0"), D("20000")),
                             RecordedMonth(date(2026, 7, 1), D("9000"), D("1000"))])
    assert [r.total for r in rows] == [D("20000"), None]
    shares = channel_shares(rows, date(2026, 6, 2))
    # only June has a total: 5,000 / 20,000 = 25%
    assert (shares.online_after, shares.export_after, shares.months_after) == (D("0.25"), D("0"), 1)


def test_shares_weigh_months_by_their_sales_before_and_after_the_start():
    before = [registry(date(2025, m, 1), shop="9000", online="1000") for m in range(6, 13)]
    outside = [registry(date(2024, 1, 1), shop="0", online="50000")]
    after = [RecordedMonth(date(2026, 1, 1), D("6000"), D("2000"), D("20000")),
             RecordedMonth(date(2026, 2, 1), D("2000"), D("0"), D("10000"))]
    shares = channel_shares(merge_months(before + outside, after), date(2026, 1, 15))
    # before: 7 months of 1,000 online in 10,000 → 10%; January 2024 is more than 12 months before
    assert (shares.online_before, shares.months_before) == (D("0.1"), 7)
    # after: (6,000 + 2,000) / (20,000 + 10,000) = 26.67%; export 2,000 / 30,000
    assert shares.online_after == D(8000) / D(30000) and shares.export_after == D(2000) / D(30000)
    assert channel_shares([], date(2026, 1, 1)).online_before is None
