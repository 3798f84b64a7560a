"""Monthly bar charts drawn on the server as SVG: no script, no inline style (the CSP allows
neither); colours come from static/sla/sla.css. Each chart carries a title and a description
for screen readers, and the page shows its numbers in a table beside it."""

from dataclasses import dataclass
from decimal import Decimal

import jdatetime
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from servicedesk.numbers import format_number, format_percent
from servicedesk.text import to_persian_digits

WIDTH = 360
HEIGHT = 190
TOP = 14
BOTTOM = 26  # room for the month labels
AXIS = 34  # room for the value labels
EDGE = 6


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label: str
    tooltip: str


@dataclass
class GridLine:
    y: float
    label: str


@dataclass
class Chart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    grid: list[GridLine]
    axis_label_x: float
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline(self) -> float:
        return HEIGHT - BOTTOM

    @property
    def label_y(self) -> float:
        return HEIGHT - BOTTOM + 16

    @property
    def plot_left(self) -> float:
        return EDGE if self.axis_label_x > WIDTH / 2 else AXIS

    @property
    def plot_right(self) -> float:
        return WIDTH - AXIS if self.axis_label_x > WIDTH / 2 else WIDTH - EDGE


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10^n not below ``value`` (at least 1)."""
    if value <= 1:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: list[tuple[str, str, Decimal | None]],
    rtl: bool,
    fmt,
    maximum: Decimal | None = None,
) -> Chart:
    """Bars for ``points`` given as (short label, long label, value or None), oldest first;
    right to left on Persian pages. ``fmt`` formats a value for labels and tooltips."""
    values = [value for _short, _long, value in points if value is not None]
    top = maximum or nice_ceiling(max(values, default=Decimal(1)))
    left, right = (EDGE, WIDTH - AXIS) if rtl else (AXIS, WIDTH - EDGE)
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (right - left) / max(len(points), 1)
    bars = []
    for index, (short, long, value) in enumerate(points):
        start = right - (index + 1) * slot if rtl else left + index * slot
        height = float(value / top) * plot_height if value is not None and top else 0.0
        bars.append(
            Bar(
                x=round(start + slot * 0.18, 2),
                y=round(HEIGHT - BOTTOM - height, 2),
                width=round(slot * 0.64, 2),
                height=round(height, 2),
                label_x=round(start + slot / 2, 2),
                label=short,
                tooltip=f"{long}: {fmt(value)}",
            )
        )
    grid = [
        GridLine(y=round(HEIGHT - BOTTOM - plot_height * fraction, 2), label=fmt(top * fraction))
        for fraction in (Decimal(0), Decimal("0.5"), Decimal(1))
    ]
    axis_label_x = WIDTH - AXIS / 2 if rtl else AXIS / 2
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        bars=bars,
        grid=grid,
        axis_label_x=axis_label_x,
    )


# --- the charts of the performance page --------------------------------------------------------
def month_labels(key: str) -> tuple[str, str]:
    """(short, long) labels of a Jalali month "1405-09": ("۹", "آذر ۱۴۰۵") on Persian pages,
    ("Aza", "Azar 1405") elsewhere."""
    year, month = (int(part) for part in key.split("-"))
    if translation.get_language_bidi():
        return to_persian_digits(month), to_persian_digits(
            f"{jdatetime.date.j_months_fa[month - 1]} {year}"
        )
    return jdatetime.date.j_months_short_en[
        month - 1
    ], f"{jdatetime.date.j_months_en[month - 1]} {year}"


def service_charts(item, *, rtl: bool) -> list[Chart]:
    """The monthly charts of one service's report: one per measure it has records of."""
    if not item.months:
        return []
    labels = [month_labels(month.key) for month in item.months]
    first, last = labels[0][1], labels[-1][1]
    service_id = item.service.service_id
    specs = [
        (item.has_checks, "checks", _("Online checks per month"), "checks", None, format_number),
        (
            item.has_inquiries,
            "inquiries",
            _("Manual inquiries answered within the promised time, per month"),
            "inquiries_on_time",
            Decimal(100),
            format_percent,
        ),
        (
            item.has_feedback,
            "feedback",
            _("Suggestions and complaints answered within the promised time, per month"),
            "feedback_on_time",
            Decimal(100),
            format_percent,
        ),
        (
            item.has_satisfaction,
            "satisfaction",
            _("Average satisfaction score per month, out of 5"),
            "satisfaction",
            Decimal(5),
            format_number,
        ),
    ]
    charts = []
    for shown, name, title, attribute, maximum, fmt in specs:
        if not shown:
            continue
        points = [
            (short, long, getattr(month, attribute).value)
            for (short, long), month in zip(labels, item.months, strict=True)
        ]
        charts.append(
            bar_chart(
                chart_id=f"chart-{service_id}-{name}",
                title=str(title),
                description=gettext(
                    "Monthly from %(first)s to %(last)s; months without records have no bar. "
                    "The numbers are in the table beside."
                )
                % {"first": first, "last": last},
                points=points,
                rtl=rtl,
                fmt=lambda value, fmt=fmt: fmt(value) if value is not None else "–",
                maximum=maximum,
            )
        )
    return charts
