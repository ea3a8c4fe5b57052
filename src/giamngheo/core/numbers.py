"""Numbers and dates as analysts type them, the Vietnamese way or the international way.

Counts are whole numbers with `.`, `,` or a space between thousands (`14.996`, `14,996`,
`14 996`, `14996`). Percentages use `,` or `.` as the decimal mark and may end in `%`
(`8,49`, `8.49%`). Dates are `dd/mm/yyyy` or ISO `yyyy-mm-dd`.

A text that is not one of these raises `InputError`, whose one problem has no place yet:
the caller knows which argument or cell the text came from and says so.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from giamngheo.core.messages import msg
from giamngheo.core.problems import UserError, error

MAX_COUNT_DIGITS = 15
MAX_PERCENT_DECIMALS = 6

# Between thousands: '.', ',', a space, or the no-break and thin spaces that spreadsheets copy.
_SEPARATORS = ".,\u0020\u00a0\u202f\u2009"
_GROUPED = re.compile(f"[0-9]{{1,3}}(?:([{_SEPARATORS}])[0-9]{{3}})(?:\\1[0-9]{{3}})*")
_PLAIN_INT = re.compile(r"[0-9]+")
_PERCENT = re.compile(r"([0-9]+)(?:[.,]([0-9]+))?")
_DMY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


class InputError(UserError):
    """A typed text that is not what was expected; its problem says what was."""


def parse_count(text: str) -> int:
    """A whole, non-negative number: `14.996`, `14,996`, `14 996` or `14996`."""
    raw = text.strip()
    if raw.startswith("-"):
        raise InputError.of("negative", msg("'{text}' is negative; a count must be 0 or more", text=text))
    if _PLAIN_INT.fullmatch(raw):
        digits = raw
    elif _GROUPED.fullmatch(raw):
        digits = re.sub(f"[{_SEPARATORS}]", "", raw)
    else:
        raise InputError.of("not-a-count", msg(
            "'{text}' is not a whole number; a count takes digits with '.' or ',' between "
            "thousands, such as 14.996 or 14996", text=text))
    if len(digits.lstrip("0")) > MAX_COUNT_DIGITS:
        raise InputError.of("too-large", msg("'{text}' is too large for a count", text=text))
    return int(digits)


def parse_percent(text: str) -> Decimal:
    """A percentage from 0 to 100: `8,49`, `8.49`, `8,49%` or `100`."""
    raw = text.strip().removesuffix("%").rstrip()
    match = _PERCENT.fullmatch(raw)
    if raw.startswith("-"):
        raise InputError.of("negative", msg("'{text}' is negative; a percentage lies between 0 and 100", text=text))
    if match is None:
        raise InputError.of("not-a-percent", msg(
            "'{text}' is not a percentage; type a number from 0 to 100 with ',' or '.' "
            "as the decimal mark, such as 8,49 or 8.49%", text=text))
    whole, decimals = match.groups()
    if decimals is not None and len(decimals) > MAX_PERCENT_DECIMALS:
        raise InputError.of("too-many-decimals", msg("'{text}' has more than {limit} decimals",
                                                  text=text, limit=MAX_PERCENT_DECIMALS))
    over = msg("'{text}' is over 100; a percentage lies between 0 and 100", text=text)
    if len(whole.lstrip("0")) > 3:
        raise InputError.of("over-100", over)
    value = Decimal(f"{whole}.{decimals}" if decimals is not None else whole)
    if value > 100:
        raise InputError.of("over-100", over)
    return value


def parse_date(text: str) -> date:
    """A date typed as `dd/mm/yyyy` (also with `.` or `-`) or as ISO `yyyy-mm-dd`."""
    raw = text.strip()
    if match := _DMY.fullmatch(raw):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.fullmatch(raw):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise InputError.of("not-a-date", msg(
            "'{text}' is not a date; type dd/mm/yyyy (08/12/2017) or yyyy-mm-dd (2017-12-08)", text=text))
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError.of("not-a-real-date", msg("'{text}' is not a real date", text=text)) from None
