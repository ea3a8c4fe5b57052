"""Numbers and dates as analysts type them, the Vietnamese way or the international way.

Counts are whole numbers with `.`, `,` or a space between thousands (`14.996`, `14,996`,
`14 996`, `14996`). Percentages use `,` or `.` as the decimal mark and may end in `%`
(`8,49`, `8.49%`). Dates are `dd/mm/yyyy` or ISO `yyyy-mm-dd`.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from giamngheo.problems import UserError

MAX_COUNT_DIGITS = 15
MAX_PERCENT_DECIMALS = 6

# Between thousands: '.', ',', a space, or the no-break and thin spaces that spreadsheets copy.
_SEPARATORS = ".,\u0020\u00a0\u202f\u2009"
_GROUPED = re.compile(f"[0-9]{{1,3}}(?:([{_SEPARATORS}])[0-9]{{3}})(?:\\1[0-9]{{3}})*")
_PLAIN_INT = re.compile(r"[0-9]+")
_PERCENT = re.compile(r"([0-9]+)(?:[.,]([0-9]+))?")
_DMY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


class InputError(UserError, ValueError):
    """Input that does not fit what was expected; the message says what was."""


def parse_count(text: str) -> int:
    """A whole, non-negative number: `14.996`, `14,996`, `14 996` or `14996`."""
    raw = text.strip()
    if raw.startswith("-"):
        raise InputError(f"'{text}' is negative; a count must be 0 or more")
    if _PLAIN_INT.fullmatch(raw):
        digits = raw
    elif _GROUPED.fullmatch(raw):
        digits = re.sub(f"[{_SEPARATORS}]", "", raw)
    else:
        raise InputError(
            f"'{text}' is not a whole number; a count takes digits with '.' or ',' between "
            "thousands, such as 14.996 or 14996"
        )
    if len(digits.lstrip("0")) > MAX_COUNT_DIGITS:
        raise InputError(f"'{text}' is too large for a count")
    return int(digits)


def parse_percent(text: str) -> Decimal:
    """A percentage from 0 to 100: `8,49`, `8.49`, `8,49%` or `100`."""
    raw = text.strip().removesuffix("%").rstrip()
    match = _PERCENT.fullmatch(raw)
    if raw.startswith("-"):
        raise InputError(f"'{text}' is negative; a percentage lies between 0 and 100")
    if match is None:
        raise InputError(
            f"'{text}' is not a percentage; type a number from 0 to 100 with ',' or '.' "
            "as the decimal mark, such as 8,49 or 8.49%"
        )
    whole, decimals = match.groups()
    if decimals is not None and len(decimals) > MAX_PERCENT_DECIMALS:
        raise InputError(f"'{text}' has more than {MAX_PERCENT_DECIMALS} decimals")
    if len(whole.lstrip("0")) > 3:
        raise InputError(f"'{text}' is over 100; a percentage lies between 0 and 100")
    value = Decimal(f"{whole}.{decimals}" if decimals is not None else whole)
    if value > 100:
        raise InputError(f"'{text}' is over 100; a percentage lies between 0 and 100")
    return value


def parse_date(text: str) -> date:
    """A date typed as `dd/mm/yyyy` (also with `.` or `-`) or as ISO `yyyy-mm-dd`."""
    raw = text.strip()
    if match := _DMY.fullmatch(raw):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.fullmatch(raw):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise InputError(f"'{text}' is not a date; type dd/mm/yyyy (08/12/2017) or yyyy-mm-dd (2017-12-08)")
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"'{text}' is not a real date") from None


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
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def format_date(day: date | None, lang: str = "vi") -> str:
    """DAY as `dd/mm/yyyy` in Vietnamese output and ISO in English output."""
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()
