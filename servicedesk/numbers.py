"""Numbers as readers of each language expect them: Persian digits and separators on Persian
pages (۱۲٬۳۴۵ and ۹۲٫۵٪), Latin ones elsewhere (12,345 and 92.5%)."""

from decimal import Decimal

from servicedesk.language import is_persian
from servicedesk.text import to_persian_digits


def format_number(value, places: int | None = None) -> str:
    """A number with thousands separators; ``places`` fixes the decimals, else as few as
    the value needs. Empty for None."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if places is not None:
        text = f"{number:,.{places}f}"
    else:
        number = number.normalize()
        if number == number.to_integral_value():
            text = f"{number.to_integral_value():,f}"
        else:
            text = f"{number:,f}"
    if is_persian():
        text = text.replace(",", "٬").replace(".", "٫")
        return to_persian_digits(text)
    return text


def format_percent(value) -> str:
    if value is None:
        return ""
    return format_number(value) + ("٪" if is_persian() else "%")


def format_list(values) -> str:
    """Items joined with the reader's comma: "، " on Persian pages, ", " elsewhere."""
    return ("، " if is_persian() else ", ").join(str(value) for value in values)
