"""Survey results as horizontal bar charts drawn on the server as SVG: no script and no inline
style (the CSP allows neither); colours come from static/feedback/feedback.css. Each chart
has a title and a description for screen readers, and the page shows its numbers in a table.

Bars grow from the start of the line: from the right on Persian pages, from the left in
English. Labels are shortened to fit a phone; the table beside gives them in full.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from feedback.selectors import QuestionResult
from servicedesk.numbers import format_number, format_percent

WIDTH = 340
PAD = 4
VALUE_WIDTH = 78  # room for "1,234 (100%)"
ROW = 42
LABEL_CHARS = 44


@dataclass
class Row:
    label: str
    tooltip: str
    text_y: float
    label_x: float
    bar_x: float
    bar_y: float
    bar_width: float
    bar_height: float
    value: str
    value_x: float

    @property
    def value_y(self) -> float:
        return self.bar_y + 11


@dataclass
class Chart:
    id: str
    title: str
    description: str
    rows: list[Row]
    height: int
    rtl: bool
    width: int = WIDTH

    # Text anchors follow the chart's direction: "start" is the right edge on Persian pages.
    @property
    def track_width(self) -> float:
        return WIDTH - 2 * PAD - VALUE_WIDTH

    @property
    def track_x(self) -> float:
        return WIDTH - PAD - self.track_width if self.rtl else PAD


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def results_chart(result: QuestionResult, *, chart_id: str, rtl: bool | None = None) -> Chart:
    """One bar per rating point or choice, its length the share of the question's answers."""
    rtl = translation.get_language_bidi() if rtl is None else rtl
    plot = WIDTH - 2 * PAD - VALUE_WIDTH
    top = max((bar.count for bar in result.bars), default=0) or 1
    rows = []
    for index, bar in enumerate(result.bars):
        y = index * ROW
        width = round(plot * bar.count / top, 2)
        share = format_percent(bar.share) if bar.share is not None else "–"
        value = f"{format_number(bar.count)} ({share})"
        rows.append(
            Row(
                label=_shorten(bar.label),
                tooltip=f"{bar.label}: {value}",
                text_y=y + 14,
                label_x=WIDTH - PAD if rtl else PAD,
                bar_x=round(WIDTH - PAD - width, 2) if rtl else PAD,
                bar_y=y + 21,
                bar_width=width,
                bar_height=14,
                value=value,
                value_x=PAD if rtl else WIDTH - PAD,
            )
        )
    description = gettext(
        "%(count)s answer(s). Each bar is the number of people who gave that answer; "
        "the numbers are in the table below."
    ) % {"count": format_number(result.answered)}
    return Chart(
        id=chart_id,
        title=str(result.question_label),
        description=description,
        rows=rows,
        height=max(len(rows), 1) * ROW + 4,
        rtl=rtl,
    )
