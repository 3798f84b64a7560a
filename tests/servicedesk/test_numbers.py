import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from servicedesk.jalali import format_month
from servicedesk.numbers import format_list, format_number, format_percent


def test_numbers_have_persian_digits_and_separators_on_persian_pages():
    with translation.override("fa"):
        assert format_number(12345) == "۱۲٬۳۴۵"
        assert format_percent(Decimal("92.50")) == "۹۲٫۵٪"
        assert format_list(["الف", "ب"]) == "الف، ب"


def test_numbers_have_latin_digits_elsewhere():
    with translation.override("en"):
        assert format_number(12345) == "12,345"
        assert format_number(Decimal("2.5"), 2) == "2.50"
        assert format_percent(Decimal("92.50")) == "92.5%"
        assert format_list(["a", "b"]) == "a, b"


def test_nothing_is_shown_for_no_number():
    assert format_number(None) == ""
    assert format_percent(None) == ""


def test_every_template_has_the_number_filters_without_loading_them():
    template = Template("{{ n|number }} {{ p|percent }} {{ d|jmonth }}")
    context = Context({"n": 1500, "p": 50, "d": datetime.date(2026, 11, 26)})
    with translation.override("en"):
        assert template.render(context) == "1,500 50% Azar 1405"
    with translation.override("fa"):
        assert format_month(datetime.date(2026, 11, 26)) == "آذر ۱۴۰۵"
