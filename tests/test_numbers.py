"""Numbers and dates as analysts type them, and back again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giamngheo.core.formats import format_date, format_number
from giamngheo.core.numbers import InputError, parse_count, parse_date, parse_percent

NOT_A_COUNT = "is not a whole number; a count takes digits with '.' or ',' between thousands, such as 14.996 or 14996"
NOT_A_PERCENT = ("is not a percentage; type a number from 0 to 100 with ',' or '.' as the decimal mark, "
                 "such as 8,49 or 8.49%")
NOT_A_DATE = "is not a date; type dd/mm/yyyy (08/12/2017) or yyyy-mm-dd (2017-12-08)"


@pytest.mark.parametrize(("text", "expected"), [
    ("14.996", 14996),        # Vietnamese thousands
    ("14,996", 14996),        # English thousands
    ("14 996", 14996),        # a space between thousands
    ("14\u00a0996", 14996),   # a no-break space, as spreadsheets copy it
    ("14\u202f996", 14996),   # a narrow no-break space
    ("14996", 14996),
    ("1.000.000", 1_000_000),
    ("336.478", 336478),
    ("0", 0),
    ("  5322 ", 5322),
    ("007", 7),
])
def test_parse_count_accepts(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("abc", f"'abc' {NOT_A_COUNT}"),
    ("", f"'' {NOT_A_COUNT}"),
    ("1.5", f"'1.5' {NOT_A_COUNT}"),          # a fraction of a household
    ("1,5", f"'1,5' {NOT_A_COUNT}"),
    ("12.34", f"'12.34' {NOT_A_COUNT}"),      # not groups of three
    ("1,000.000", f"'1,000.000' {NOT_A_COUNT}"),  # mixed separators
    ("1 000.000", f"'1 000.000' {NOT_A_COUNT}"),
    ("1e3", f"'1e3' {NOT_A_COUNT}"),
    ("+5", f"'+5' {NOT_A_COUNT}"),
    ("NaN", f"'NaN' {NOT_A_COUNT}"),
    ("inf", f"'inf' {NOT_A_COUNT}"),
    ("-3", "'-3' is negative; a count must be 0 or more"),
    ("1" * 16, f"'{'1' * 16}' is too large for a count"),
])
def test_parse_count_rejects(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_count(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "expected"), [
    ("8,49", Decimal("8.49")),
    ("8.49", Decimal("8.49")),
    ("8.49%", Decimal("8.49")),
    ("8,49 %", Decimal("8.49")),
    ("99,90", Decimal("99.90")),
    ("100", Decimal("100")),
    ("100,000000", Decimal("100")),
    ("0", Decimal("0")),
    ("0,000001", Decimal("0.000001")),
])
def test_parse_percent_accepts(text: str, expected: Decimal) -> None:
    assert parse_percent(text) == expected


def test_parse_percent_keeps_the_decimals_typed() -> None:
    assert str(parse_percent("99,90")) == "99.90"


@pytest.mark.parametrize(("text", "message"), [
    ("abc", f"'abc' {NOT_A_PERCENT}"),
    ("", f"'' {NOT_A_PERCENT}"),
    ("%", f"'%' {NOT_A_PERCENT}"),
    ("NaN", f"'NaN' {NOT_A_PERCENT}"),
    ("inf", f"'inf' {NOT_A_PERCENT}"),
    ("5.", f"'5.' {NOT_A_PERCENT}"),
    ("1,234.5", f"'1,234.5' {NOT_A_PERCENT}"),
    ("-1", "'-1' is negative; a percentage lies between 0 and 100"),
    ("100,01%", "'100,01%' is over 100; a percentage lies between 0 and 100"),
    ("101", "'101' is over 100; a percentage lies between 0 and 100"),
    ("1000", "'1000' is over 100; a percentage lies between 0 and 100"),
    ("1.2345678", "'1.2345678' has more than 6 decimals"),
])
def test_parse_percent_rejects(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_percent(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "expected"), [
    ("08/12/2017", date(2017, 12, 8)),
    ("8/12/2017", date(2017, 12, 8)),
    ("08.12.2017", date(2017, 12, 8)),
    ("08-12-2017", date(2017, 12, 8)),
    ("2017-12-08", date(2017, 12, 8)),
    ("29/02/2016", date(2016, 2, 29)),
])
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("30/02/2017", "'30/02/2017' is not a real date"),
    ("29/02/2017", "'29/02/2017' is not a real date"),
    ("2017-02-30", "'2017-02-30' is not a real date"),
    ("2017-13-01", "'2017-13-01' is not a real date"),
    ("0/1/2017", "'0/1/2017' is not a real date"),
    ("12/08", f"'12/08' {NOT_A_DATE}"),
    ("hôm nay", f"'hôm nay' {NOT_A_DATE}"),
    ("", f"'' {NOT_A_DATE}"),
])
def test_parse_date_rejects(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (14996, "vi", "14.996"),
    (14996, "en", "14,996"),
    (Decimal("8.49"), "vi", "8,49"),
    (Decimal("8.49"), "en", "8.49"),
    (Decimal("99.90"), "vi", "99,90"),
    (Decimal("336478"), "vi", "336.478"),
])
def test_format_number(value: int | Decimal, lang: str, expected: str) -> None:
    assert format_number(value, lang) == expected


def test_format_date() -> None:
    assert (format_date(date(2017, 12, 8), "vi"), format_date(date(2017, 12, 8), "en")) == ("08/12/2017", "2017-12-08")


languages = st.sampled_from(["vi", "en"])


@settings(max_examples=200)
@given(n=st.integers(min_value=0, max_value=10**15 - 1), lang=languages)
def test_a_formatted_count_parses_back(n: int, lang: str) -> None:
    assert parse_count(format_number(n, lang)) == n


@settings(max_examples=200)
@given(
    value=st.integers(min_value=0, max_value=6).flatmap(
        lambda places: st.decimals(min_value=0, max_value=100, places=places, allow_nan=False, allow_infinity=False)),
    lang=languages,
)
def test_a_formatted_percentage_parses_back(value: Decimal, lang: str) -> None:
    text = format_number(value, lang)
    assert parse_percent(text) == value
    assert parse_percent(text + "%") == value
