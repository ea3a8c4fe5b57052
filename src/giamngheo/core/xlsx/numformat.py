"""Excel's number formats and serial dates: which formats show a date, and the day a serial is.

The rules are openpyxl's (`openpyxl.styles.numbers` and `openpyxl.utils.datetime`, MIT
licence), copied small: importing openpyxl's styles costs about 0.2 s of start-up, and no
openpyxl code should run while an untrusted workbook is read.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Literal

# The built-in formats a style may name by number alone (ECMA-376 18.8.30). Ids 27-36 and
# 50-81 depend on the locale of the Excel that wrote the file; like openpyxl, read them as General.
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)', 7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)', 9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
    20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)", 40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)', 42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

# Quoted text and bracketed locale or colour codes are not part of what a format shows;
# [h], [m] and [s] are (elapsed time).
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_PERCENT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')

Kind = Literal["date", "datetime", "time", "timedelta"]

WINDOWS_EPOCH = dt.datetime(1899, 12, 30)  # day 0 of the 1900 date system, as Excel counts it
MAC_EPOCH = dt.datetime(1904, 1, 1)  # day 0 of the 1904 date system
MAX_SERIAL = 2_958_466  # 10000-01-01: Excel's dates end at 9999-12-31


def date_kind(fmt: str) -> Kind | None:
    """What a number in format FMT shows: a date, a date and time, a time, a duration, or (None) a number."""
    first = fmt.split(";")[0]  # a format's sections are positive;negative;zero;text
    if _TIMEDELTA.search(first):
        return "timedelta"
    stripped = _STRIP.sub("", first)
    if not _DATE_LETTER.search(stripped):
        return None
    has_date = any(c in first for c in "dy")
    has_time = any(c in first for c in "hs")
    return "datetime" if has_date and has_time else "date" if has_date else "time"


def is_percent_format(fmt: str | None) -> bool:
    """True for formats such as '0.0%', whose cell 0.841 shows as 84.1%."""
    if not fmt:
        return False
    return "%" in _PERCENT_LITERALS.sub("", fmt.split(";")[0])


def from_serial(value: Decimal, date1904: bool) -> dt.datetime | dt.time:
    """The moment Excel's serial VALUE stands for (0 <= VALUE < MAX_SERIAL), to the millisecond;
    a bare time of day for a serial below 1 in the 1900 system, whose day 0 is no real day."""
    day = int(value)
    millis = int(((value - day) * 86_400_000).to_integral_value())
    moment = dt.timedelta(milliseconds=millis)
    if not date1904 and day == 0:
        return (dt.datetime.min + moment).time()
    # Excel counts a 29 February 1900 that never was: serials below 60 are one day late.
    if not date1904 and day < 60:
        day += 1
    return (MAC_EPOCH if date1904 else WINDOWS_EPOCH) + dt.timedelta(days=day) + moment


def duration(value: Decimal) -> dt.timedelta:
    """Excel's serial VALUE as a duration in days, to the millisecond."""
    return dt.timedelta(milliseconds=int((value * 86_400_000).to_integral_value()))
