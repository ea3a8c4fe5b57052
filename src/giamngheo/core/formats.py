"""Numbers and dates as people read them: `14.996` and `8,49` in Vietnamese, `14,996` and `8.49` in English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation


def decimals_of(value: Decimal) -> int:
    """How many decimals VALUE was written with (`Decimal("99.90")` → 2)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_number(value: int | Decimal, lang: str = "vi", decimals: int | None = None) -> str:
    """VALUE for people: `14.996` and `8,49` in Vietnamese, `14,996` and `8.49` in English."""
    number = Decimal(value)
    if not number.is_finite():
        return str(number)
    places = decimals_of(number) if decimals is None else decimals
    try:
        text = f"{number:,.{places}f}"
    except InvalidOperation:  # pragma: no cover - finite Decimals always format
        text = str(number)
    if lang == "vi":
        text = text.translate(_VI_MARKS)
    return text


_VI_MARKS = str.maketrans({",": ".", ".": ","})


def format_date(day: date | None, lang: str = "vi") -> str:
    """DAY as `dd/mm/yyyy` in Vietnamese output and ISO in English output."""
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()
