"""The online and export sales trend, shaped for the ECharts script (static/global_trade/channel-chart.js)."""

from django.utils.translation import gettext as _

from uplift.web.templatetags.thai import thaidate, thaimonth

from .core.channels import MonthFigures

SHOWN_YEARS_BEFORE = 2


def _months(first, last) -> list:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return months


def channel_chart(results) -> dict:
    """Monthly online and export sales with the online share of all sales, marking the start and the firsts;
    from at most two years before the start."""
    rows: list[MonthFigures] = results.months
    if not rows:
        return {"labels": [], "series": [], "marks": []}
    by_month = {r.month: r for r in rows}
    start = results.start
    first = max(min(rows[0].month, start), start.replace(year=start.year - SHOWN_YEARS_BEFORE))
    months = _months(first, max(rows[-1].month, start))
    shares = [round(float(by_month[m].online / by_month[m].total * 100), 1)
              if m in by_month and by_month[m].total else None for m in months]
    marks = [{"label": thaimonth(results.start), "text": _("Activity starts")}]
    for event, text in ((results.first_live, _("First listing live")),
                        (results.first_online_order, _("First online order"))):
        if event is not None:
            marks.append({"label": thaimonth(event.on.replace(day=1)), "text": f"{text} {thaidate(event.on)}"})
    return {
        "labels": [thaimonth(m) for m in months],
        "series": [
            {"key": "online", "name": _("Online sales"), "type": "bar",
             "data": [float(by_month[m].online) if m in by_month else None for m in months]},
            {"key": "export", "name": _("Export sales"), "type": "bar",
             "data": [float(by_month[m].export) if m in by_month else None for m in months]},
            {"key": "share", "name": _("Online share of all sales (%)"), "type": "line", "data": shares},
        ],
        "marks": marks,
    }
