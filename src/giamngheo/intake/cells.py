"""Reading one cell of a sheet: as text, as a figure of an indicator, as a date.

Names, numbers and dates typed as text follow the rules of `giamngheo record`; cells that
Excel already holds as numbers or dates are taken as such and never re-read as Vietnamese
text. A text that would break a line of output (a line break, an escape) is refused, never
echoed.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from giamngheo.core.formats import decimals_of, format_date
from giamngheo.core.messages import msg
from giamngheo.core.numbers import InputError, parse_count, parse_date
from giamngheo.core.text import BAD_IN_LINE
from giamngheo.intake.record import parse_value
from giamngheo.model.plan import Indicator

# A rate is kept to the decimals of its target, and never to fewer than this: 99,5% of a
# target of 100% must not become 100%.
MIN_RATE_DECIMALS = 2


def as_text(value: Any) -> str:
    """A cell as text: a name, a report number."""
    if isinstance(value, str):
        text = value.strip()
        if found := BAD_IN_LINE.search(text):
            raise InputError.of("bad-character", msg(
                "holds the invisible or unprintable character U+{code}; remove it", code=f"{ord(found.group()):04X}"))
        return text
    if isinstance(value, bool):
        raise InputError.of("not-text", msg("{value} is a yes/no cell; type text", value=shown(value)))
    if isinstance(value, (dt.date, dt.time)):
        # Excel turns a report number such as 12/2017 into a date as it is typed.
        raise InputError.of("not-text", msg("{value} is a date, not text; format the column as Text and type it again",
                                            value=shown(value)))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    raise InputError.of("not-text", msg("{value} is not text", value=shown(value)))


def as_note(value: Any) -> str:
    """A note cell: text that may hold line breaks (the submission's checks judge it)."""
    return value.strip() if isinstance(value, str) else as_text(value)


def as_figure(value: Any, ind: Indicator) -> tuple[Decimal, Decimal | None]:
    """A value cell as a figure of IND, and the number the cell held when it was rounded (else None).

    Text is read as `record` reads it. A number cell is kept as the number it is; a rate with
    more decimals than its target (a formula's 46,682345…) is rounded to the target's decimals.
    """
    if isinstance(value, str):
        return parse_value(ind, as_text(value)), None
    number = _number(value)
    if ind.is_rate:
        places = max(decimals_of(ind.target), MIN_RATE_DECIMALS)
        if decimals_of(number) > places:
            rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            return parse_value(ind, format(rounded, "f")), number
        return parse_value(ind, format(number, "f")), None
    if number != number.to_integral_value():
        # The cell holds a number, so 340.112 here is three hundred and forty, not a Vietnamese
        # 340 thousand: never re-read it as text.
        raise InputError.of("not-whole", msg(
            "{value} is not a whole number of {unit}; a count cannot have decimals (to type 340.112 the Vietnamese "
            "way, format the cell as Text)", value=format(number, "f"), unit=ind.unit))
    return parse_value(ind, str(int(number))), None


def as_count(value: Any) -> Decimal:
    """A base (mẫu số) cell: a whole number above 0."""
    if isinstance(value, str):
        count = Decimal(parse_count(as_text(value)))
    else:
        count = _number(value)
        if count != count.to_integral_value():
            raise InputError.of("not-whole", msg("{value} is not a whole number; a base (mẫu số) counts households "
                                                 "or people", value=format(count, "f")))
        count = count.quantize(Decimal(1))
    if count <= 0:
        raise InputError.of("bad-figure", msg("{value} is not above 0; a base (mẫu số) counts households or people",
                                              value=format(count, "f")))
    return count


def as_percent(value: Any) -> Decimal:
    """An attainment cell (Tỷ lệ): a percentage, typed or computed."""
    if isinstance(value, str):
        text = as_text(value).rstrip("%").strip()
        try:
            return Decimal(text.replace(".", "").replace(",", ".") if "," in text else text)
        except ArithmeticError:
            raise InputError.of("not-a-number", msg("'{value}' is not a number", value=text)) from None
    return _number(value)


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise InputError.of("not-a-number", msg("{value} is not a number", value=shown(value)))
    number = Decimal(value)
    if not number.is_finite():
        raise InputError.of("not-a-number", msg("{value} is not a number", value=shown(value)))
    return number


def as_date(value: Any) -> dt.date:
    """A cell as a date: a date cell, or text typed dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(as_text(value))
    raise InputError.of("not-a-date", msg(
        "{value} is not a date; type dd/mm/yyyy (08/12/2017) or format the cell as a date", value=shown(value)))


def shown(value: Any) -> str:
    """A cell's value as a message shows it."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return format_date(value.date())
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return format_date(value)
    if isinstance(value, (dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return msg("a duration of {value}", value=str(value))
    return repr(value)
