"""Reporting units end to end: the list, recording for a unit, who may report what, totals over
units with their coverage, rates from counts and bases, and the consistency warnings."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from giamngheo.calc.figures import Figure, Latest
from giamngheo.calc.values import unit_total
from giamngheo.cli import app
from giamngheo.intake.lookup import LookupFailed, find_unit
from giamngheo.model.plan import Plan, load_plan
from giamngheo.model.submission import PROVINCE, Stored
from giamngheo.model.units import Units, load_units

pytestmark = pytest.mark.usefixtures("english_messages")  # problems in the catalogue's own words

REPO = Path(__file__).resolve().parents[1]
Run = Callable[..., Result]


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, _, problems = load_plan(REPO / "data" / "plan_2017.yaml")
    assert loaded is not None and problems == []
    return loaded


@pytest.fixture(scope="module")
def units() -> Units:
    loaded, _, problems = load_units(REPO / "data" / "units.yaml")
    assert loaded is not None and problems == []
    return loaded


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A workspace: the shipped plan and units list, and an empty submissions folder."""
    data = tmp_path / "data"
    (data / "submissions").mkdir(parents=True)
    shutil.copyfile(REPO / "data" / "plan_2017.yaml", data / "plan_2017.yaml")
    shutil.copyfile(REPO / "data" / "units.yaml", data / "units.yaml")
    return data


@pytest.fixture
def giamngheo(data: Path) -> Run:
    def run(*args: str) -> Result:
        return CliRunner().invoke(app, [*args, "--data-dir", str(data)], env={"NO_COLOR": "1", "COLUMNS": "200"})
    return run


def record(giamngheo: Run, *args: str) -> Result:
    result = giamngheo("record", *args, "--by", "Lan", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return result


# ---------------------------------------------------------------- the list


def test_the_list_has_the_province_and_27_units(units: Units) -> None:
    kinds = [u.kind for u in units.units]
    assert (units.province.id, units.province.code, len(units.units)) == (PROVINCE, "38", 27)
    assert (kinds.count("city"), kinds.count("town"), kinds.count("district")) == (1, 2, 24)
    # Sầm Sơn was a town on the list's date and became a city on 19/04/2017: 2 cities for most of 2017.
    sam_son = units.unit_by_id["sam-son"]
    assert (sam_son.kind_on(dt.date(2017, 4, 18)), sam_son.kind_on(dt.date(2017, 4, 19))) == ("town", "city")
    assert sorted(u.code for u in units.units) == sorted(str(c) for c in (*range(380, 383), *range(384, 408)))
    assert units.group_by_id["30a"].members == ["muong-lat", "quan-hoa", "quan-son", "ba-thuoc", "lang-chanh",
                                               "thuong-xuan", "nhu-xuan"]
    cited = {s.id for s in units.sources}
    assert all(set(u.sources) <= cited and u.code_source in cited for u in units.units)


@pytest.mark.parametrize(("query", "unit"), [
    ("Mường Lát", "muong-lat"), ("Muong Lat", "muong-lat"), ("huyện mường lát", "muong-lat"),
    ("TP Thanh Hoá", "tp-thanh-hoa"), ("Thành phố Thanh Hóa", "tp-thanh-hoa"), ("380", "tp-thanh-hoa"),
    ("TX Bỉm Sơn", "bim-son"), ("Thành phố Sầm Sơn", "sam-son"), ("Thị xã Sầm Sơn", "sam-son"),
    ("Quan Hoá", "quan-hoa"), ("Quan Hóa", "quan-hoa"), ("toàn tỉnh", PROVINCE), ("tinh-gia", "tinh-gia"),
])
def test_units_are_found_with_or_without_accents(units: Units, query: str, unit: str) -> None:
    assert find_unit(units, query) == unit


@pytest.mark.parametrize(("query", "message"), [
    ("Thanh Hoá", "'Thanh Hoá' matches several units: toan-tinh (Toàn tỉnh Thanh Hoá); tp-thanh-hoa (Thành phố "
                  "Thanh Hoá). Type more of the name, or an id"),
    ("Sở Nội vụ", "unknown unit 'Sở Nội vụ'; `giamngheo units` lists them"),
])
def test_a_name_that_finds_no_single_unit(units: Units, query: str, message: str) -> None:
    with pytest.raises(LookupFailed) as caught:
        find_unit(units, query)
    assert str(caught.value) == message


def test_units_command_lists_them(giamngheo: Run) -> None:
    result = giamngheo("units", "--format", "json", "--lang", "vi")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["units"]
    assert len(rows) == 28
    assert rows[3] == {"id": "sam-son", "name": "Thị xã Sầm Sơn", "kind": "town", "code": "382", "groups": None,
                       "changes": "Thành phố Sầm Sơn từ 19/04/2017"}
    plain = giamngheo("units", "--format", "plain", "--lang", "vi")
    assert plain.stdout.endswith("27 đơn vị tại ngày 01/01/2017: 1 thành phố, 2 thị xã, 24 huyện. "
                                 "Dữ liệu tham chiếu, không thuộc kế hoạch.\n")


def test_init_copies_the_units_list(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "ws")])
    assert result.exit_code == 0
    assert (tmp_path / "ws/data/units.yaml").read_bytes() == (REPO / "data/units.yaml").read_bytes()


# ---------------------------------------------------------------- recording for a unit


def test_districts_never_supersede_each_other_or_the_province(giamngheo: Run, data: Path) -> None:
    record(giamngheo, "so-xay-dung", "--date", "09/12/2017", "--source", "310/BC-SXD",
           "nha-o-qd22=9.870", "nha-o-qd48=1.641", "nha-o-qd33=3.100")
    record(giamngheo, "ubnd-huyen", "--unit", "Mường Lát", "--date", "10/12/2017", "--source", "55/BC-UBND",
           "nha-o-qd33=95")
    record(giamngheo, "ubnd-huyen", "--unit", "Quan Sơn", "--date", "11/12/2017", "--source", "61/BC-UBND",
           "nha-o-qd33=120")
    status = json.loads(giamngheo("status", "--as-of", "12/12/2017", "--format", "json").stdout)
    rows = {r["id"]: r for r in status["targets"]}
    assert (rows["nha-o-qd33"]["value"], rows["nha-o-qd33"]["basis"]) == (3100, "reported")
    assert (rows["nha-o-qd33"]["units_total"], rows["nha-o-qd33"]["coverage"]) == (215, "2/27")
    assert rows["nha-o"]["value"] == 9870 + 1641 + 3100
    muong_lat = json.loads(giamngheo("status", "--unit", "Muong Lat", "--as-of", "12/12/2017", "--format", "json").stdout)
    assert {r["id"]: r["value"] for r in muong_lat["targets"] if r["value"] is not None} == {"nha-o-qd33": 95}
    assert {r["id"]: r["status"] for r in muong_lat["targets"]}["nha-o-qd33"] == "no-target"
    history = json.loads(giamngheo("history", "nha-o-qd33", "--format", "json").stdout)["history"]
    assert [(r["unit"], r["value"], r["state"]) for r in history] == [
        (PROVINCE, 3100, "current"), ("muong-lat", 95, "current"), ("quan-son", 120, "current")]


def test_a_correction_for_a_unit_replaces_only_that_unit(giamngheo: Run) -> None:
    for value in ("95", "97"):
        record(giamngheo, "ubnd-huyen", "--unit", "muong-lat", "--date", "10/12/2017", "--source", "55/BC-UBND",
               f"nha-o-qd33={value}")
    history = json.loads(giamngheo("history", "nha-o-qd33", "--unit", "Mường Lát", "--format", "json").stdout)
    assert [(r["value"], r["state"]) for r in history["history"]] == [(95, "superseded"), (97, "current")]


def test_a_unit_report_names_its_unit(giamngheo: Run) -> None:
    result = giamngheo("record", "ubnd-huyen", "--unit", "Như Xuân", "--date", "10/12/2017", "--source", "7/BC",
                       "--by", "Lan", "nha-tieu=1.200", "nha-tieu-ty-le=46,2", "--base", "nha-tieu-ty-le=2.600",
                       "--format", "plain", "--lang", "vi")
    assert result.exit_code == 0, result.stderr
    assert "UBND các huyện, thị xã, thành phố — 7/BC, báo cáo ngày 10/12/2017, số liệu đến ngày 10/12/2017, " \
           "đơn vị Huyện Như Xuân\n" in result.stdout
    assert "mẫu số của nha-tieu-ty-le" in result.stdout


# ---------------------------------------------------------------- who may report what


RESPONSIBILITY = ("so-y-te may not report nha-o: the plan gives it to so-xay-dung (Sở Xây dựng), and to the "
                  "districts for their own units. To enter another agency's figure, record it under that agency "
                  "with its document (--source)")


def test_record_refuses_a_figure_from_an_agency_not_responsible(giamngheo: Run, data: Path) -> None:
    result = giamngheo("record", "so-y-te", "--date", "10/12/2017", "--source", "1/BC", "--by", "Lan", "nha-o=1")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"giamngheo: error: {RESPONSIBILITY}\n")
    assert list((data / "submissions").iterdir()) == []


def test_the_districts_report_only_for_a_unit(giamngheo: Run) -> None:
    result = giamngheo("record", "ubnd-huyen", "--date", "10/12/2017", "--source", "1/BC", "--by", "Lan", "nha-o=1")
    assert (result.exit_code, result.stderr) == (
        1, "giamngheo: error: ubnd-huyen reports for one district, town or city at a time: name it (--unit)\n")


def test_import_refuses_a_figure_from_an_agency_not_responsible(giamngheo: Run, data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "so-y-te.csv"
    sheet.write_text("Cơ quan;Chỉ tiêu;Giá trị;Ngày báo cáo;Số văn bản\nso-y-te;nha-o;1;10/12/2017;1/BC\n",
                     encoding="utf-8")
    result = giamngheo("import", str(sheet), "--by", "Lan")
    assert (result.exit_code, result.stderr) == (1, f'{sheet}:2: error: column C "Giá trị": {RESPONSIBILITY}\n')
    assert list((data / "submissions").iterdir()) == []


def test_validate_flags_a_stored_file_that_breaks_the_rule(giamngheo: Run, data: Path) -> None:
    path = data / "submissions" / "2017-12-10_so-y-te_00000001.yaml"
    path.write_text("schema_version: 2\nplan: 2017\nagency: so-y-te\nunit: toan-tinh\nreported: 2017-12-10\n"
                    "as_of: 2017-12-10\nsource: 1/BC\nvalues:\n  nha-o: 1\nrecorded_at: 2017-12-10T09:00:00+07:00\n"
                    "recorded_by: Lan\n", encoding="utf-8")
    result = giamngheo("validate")
    assert result.exit_code == 1
    assert f"{path}:9: error: {RESPONSIBILITY}\n" in result.stderr


# ---------------------------------------------------------------- totals over units


def housing_by_unit(giamngheo: Run, units: Units, count: int) -> int:
    """The first COUNT units report their Decision-33 housing; returns the sum."""
    total = 0
    for n, unit in enumerate(units.units[:count], start=1):
        record(giamngheo, "ubnd-huyen", "--unit", unit.id, "--date", "08/12/2017", "--source", f"{n}/BC-UBND",
               f"nha-o-qd33={100 + n}")
        total += 100 + n
    return total


def test_all_27_units_give_the_province_sum(giamngheo: Run, units: Units) -> None:
    total = housing_by_unit(giamngheo, units, 27)
    rows = {r["id"]: r for r in json.loads(giamngheo("status", "--as-of", "12/12/2017", "--format", "json").stdout)["targets"]}
    assert (rows["nha-o-qd33"]["value"], rows["nha-o-qd33"]["basis"], rows["nha-o-qd33"]["coverage"]) == (
        total, "units", "27/27")
    assert rows["nha-o-qd33"]["status"] != "partial"


def test_three_units_give_a_partial_sum(giamngheo: Run, units: Units) -> None:
    total = housing_by_unit(giamngheo, units, 3)
    rows = {r["id"]: r for r in json.loads(giamngheo("status", "--as-of", "12/12/2017", "--format", "json").stdout)["targets"]}
    assert (rows["nha-o-qd33"]["value"], rows["nha-o-qd33"]["coverage"], rows["nha-o-qd33"]["status"]) == (
        total, "3/27", "partial")
    plain = giamngheo("status", "--as-of", "12/12/2017", "--format", "plain", "--lang", "vi").stdout
    assert "chưa đủ đơn vị báo cáo" in plain and "3/27" in plain


def test_a_province_figure_beside_a_different_units_total_is_warned(giamngheo: Run, units: Units) -> None:
    total = housing_by_unit(giamngheo, units, 27)
    record(giamngheo, "so-xay-dung", "--date", "09/12/2017", "--source", "310/BC-SXD", "nha-o-qd33=3.292")
    result = giamngheo("status", "--as-of", "12/12/2017", "--format", "json")
    rows = {r["id"]: r for r in json.loads(result.stdout)["targets"]}
    assert (rows["nha-o-qd33"]["value"], rows["nha-o-qd33"]["units_total"]) == (3292, total)
    [warning] = json.loads(result.stdout)["warnings"]
    assert warning["code"] == "province-not-units"
    assert warning["message"] == (f"nha-o-qd33: the province-wide figure 3,292 and the total of 27/27 units "
                                  f"{total:,} differ by more than 1%")
    assert "province-not-units" in giamngheo("validate", "--format", "json").stdout


# ---------------------------------------------------------------- rates


def test_a_province_rate_from_district_counts_and_bases(giamngheo: Run) -> None:
    # Checked by hand: (1.200 + 2.300 + 980) ÷ (2.600 + 5.000 + 2.400) = 4.480 ÷ 10.000 = 44,80%.
    for unit, count, base in (("nhu-xuan", "1.200", "2.600"), ("muong-lat", "2.300", "5.000"),
                              ("quan-hoa", "980", "2.400")):
        record(giamngheo, "ubnd-huyen", "--unit", unit, "--date", "08/12/2017", "--source", "1/BC",
               f"nha-tieu={count}", "--base", f"nha-tieu-ty-le={base}")
    rows = {r["id"]: r for r in json.loads(giamngheo("status", "--as-of", "12/12/2017", "--format", "json").stdout)["targets"]}
    assert (rows["nha-tieu-ty-le"]["value"], rows["nha-tieu-ty-le"]["basis"], rows["nha-tieu-ty-le"]["coverage"]) == (
        44.8, "units", "3/27")
    assert rows["nha-tieu"]["value"] == 4480


def test_a_rate_without_bases_is_not_aggregated(giamngheo: Run) -> None:
    for unit, rate in (("nhu-xuan", "46"), ("muong-lat", "20")):
        record(giamngheo, "ubnd-huyen", "--unit", unit, "--date", "08/12/2017", "--source", "1/BC",
               f"nha-tieu-ty-le={rate}")
    result = giamngheo("status", "--as-of", "12/12/2017", "--format", "json")
    rows = {r["id"]: r for r in json.loads(result.stdout)["targets"]}
    assert (rows["nha-tieu-ty-le"]["value"], rows["nha-tieu-ty-le"]["status"]) == (None, "no-data")
    matrix = json.loads(giamngheo("status", "--by", "unit", "--as-of", "12/12/2017", "--format", "json").stdout)
    by = {r["unit"]: r for r in matrix["by_unit"]}
    assert (by["nhu-xuan"]["nha-tieu-ty-le"], by["coverage"]["nha-tieu-ty-le"], by["total"]["nha-tieu-ty-le"]) == (
        46, "0/27", None)


def figure(unit: str, indicator: str, value: Decimal, kind: str = "value") -> Figure:
    stored = Stored(2017, "ubnd-huyen", unit, dt.date(2017, 12, 8), dt.date(2017, 12, 8), "1/BC", {}, {}, (), None,
                    dt.datetime(2017, 12, 8, tzinfo=dt.timezone.utc), "Lan", Path("s"), f"{unit}.yaml")
    return Figure(indicator, value, "ubnd-huyen", unit, stored.reported, stored.as_of, stored.recorded_at, stored,
                  kind)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50_000), st.integers(1, 100_000)), min_size=1, max_size=27))
def test_a_rate_total_is_the_weighted_rate_of_its_units(plan: Plan, units: Units, pairs: list[tuple[int, int]]) -> None:
    """For any counts and bases: the total is Σcount ÷ Σbase, whatever the order of the units, and
    lies between the lowest and the highest unit rate (never their plain average unless equal bases)."""
    pairs = [(min(c, b), b) for c, b in pairs]
    ids = [u.id for u in units.units[:len(pairs)]]
    figures = [f for unit, (count, base) in zip(ids, pairs)
               for f in (figure(unit, "nha-tieu", Decimal(count)), figure(unit, "nha-tieu-ty-le", Decimal(base), "base"))]
    total = unit_total(plan, plan.indicator_by_id["nha-tieu-ty-le"], Latest(figures, dt.date(2017, 12, 31)), ids)
    assert total is not None and total.amount is not None
    exact = Decimal(sum(c for c, _ in pairs)) / Decimal(sum(b for _, b in pairs)) * 100
    assert abs(total.amount - exact) <= Decimal("0.005")
    assert total.base == sum(b for _, b in pairs)
    rates = [Decimal(c) / Decimal(b) * 100 for c, b in pairs]
    assert min(rates) - Decimal("0.005") <= total.amount <= max(rates) + Decimal("0.005")
    reverse = unit_total(plan, plan.indicator_by_id["nha-tieu-ty-le"], Latest(figures[::-1], dt.date(2017, 12, 31)),
                         ids[::-1])
    assert reverse is not None and reverse.amount == total.amount


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10**9), min_size=0, max_size=27))
def test_a_count_total_adds_up_with_its_coverage(plan: Plan, units: Units, counts: list[int]) -> None:
    ids = [u.id for u in units.units]
    figures = [figure(unit, "nha-o", Decimal(c)) for unit, c in zip(ids, counts)]
    total = unit_total(plan, plan.indicator_by_id["nha-o"], Latest(figures, dt.date(2017, 12, 31)), ids)
    if not counts:
        assert total is None
        return
    assert total is not None
    assert (total.amount, len(total.coverage.counted), total.coverage.of, total.coverage.complete) == (
        sum(counts), len(counts), 27, len(counts) == 27)


# ---------------------------------------------------------------- consistency warnings


def warnings_of(giamngheo: Run) -> list[str]:
    return [f"{p['code']}: {p['message']}" for p in json.loads(giamngheo("validate", "--format", "json").stdout)["problems"]
            if p["severity"] == "warning" and not p["file"].endswith("plan_2017.yaml")]


def test_a_whole_that_disagrees_with_its_parts(giamngheo: Run) -> None:
    record(giamngheo, "so-xay-dung", "--date", "09/12/2017", "--source", "310/BC-SXD",
           "nha-o=15.500", "nha-o-qd22=9.870", "nha-o-qd48=1.641", "nha-o-qd33=3.100")
    assert warnings_of(giamngheo) == ["whole-not-parts: toan-tinh: nha-o is 15,500, but its parts add up to 14,611 "
                                      "(nha-o-qd22 9,870 + nha-o-qd48 1,641 + nha-o-qd33 3,100)"]


def test_a_count_above_the_base_the_plan_implies(giamngheo: Run) -> None:
    record(giamngheo, "so-nnptnt", "--date", "09/12/2017", "--source", "501/BC-SNN", "nha-tieu=1.234.567")
    assert warnings_of(giamngheo) == ["above-base: nha-tieu is 1,234,567, above the ≈ 103,400 households in all that "
                                      "the plan's pair nha-tieu implies (48,267 at 46.68%)"]
    status = giamngheo("status", "--as-of", "12/12/2017")
    assert "above-base" not in status.stderr and "1,234,567, above the ≈ 103,400" in status.stderr


def test_a_count_above_its_own_base_and_a_rate_that_disagrees(giamngheo: Run) -> None:
    record(giamngheo, "ubnd-huyen", "--unit", "nhu-xuan", "--date", "09/12/2017", "--source", "7/BC",
           "nha-tieu=3.000", "nha-tieu-ty-le=46,2", "--base", "nha-tieu-ty-le=2.600")
    assert warnings_of(giamngheo) == [
        "above-base: nhu-xuan: nha-tieu is 3,000, above the base 2,600 given for nha-tieu-ty-le",
        "rate-not-count: nha-tieu-ty-le is 46.2%, but nha-tieu ÷ base gives 115.38% (3,000 ÷ 2,600)",
    ]


# ---------------------------------------------------------------- status by unit: golden output

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, text: str) -> None:
    import os

    path = GOLDEN / name
    if os.environ.get("GIAMNGHEO_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def three_units(giamngheo: Run) -> Run:
    """Three districts' latrine counts with their bases and their Decision-33 housing (checked by hand:
    1.200 + 2.300 + 980 = 4.480 households of 10.000, 44,80%; 95 + 120 + 88 = 303 houses)."""
    for unit, count, base, houses in (("muong-lat", "1.200", "2.600", "95"), ("nhu-xuan", "2.300", "5.000", "120"),
                                      ("quan-hoa", "980", "2.400", "88")):
        record(giamngheo, "ubnd-huyen", "--unit", unit, "--date", "08/12/2017", "--source", "1/BC-UBND",
               f"nha-tieu={count}", "--base", f"nha-tieu-ty-le={base}", f"nha-o-qd33={houses}")
    return giamngheo


@pytest.mark.parametrize(("fmt", "golden"), [("table", "by-unit-2017-12-12-table.txt"), ("json", "by-unit-2017-12-12.json")])
def test_status_by_unit_golden(three_units: Run, data: Path, fmt: str, golden: str) -> None:
    result = CliRunner().invoke(app, ["status", "--by", "unit", "--as-of", "12/12/2017", "--format", fmt,
                                      "--data-dir", str(data)],
                                env={"NO_COLOR": "1", "COLUMNS": "100", "GIAMNGHEO_LANG": "vi"})
    assert (result.exit_code, result.stderr) == (0, "")
    check_golden(golden, result.stdout)


def test_status_of_a_group(three_units: Run) -> None:
    result = json.loads(three_units("status", "--group", "30a", "--as-of", "12/12/2017", "--format", "json").stdout)
    rows = {r["id"]: r for r in result["targets"]}
    assert result["place"] == {"kind": "group", "id": "30a"}
    assert (rows["nha-o-qd33"]["value"], rows["nha-o-qd33"]["coverage"]) == (303, "3/7")
    assert (rows["nha-tieu-ty-le"]["value"], rows["nha-tieu-ty-le"]["status"]) == (44.8, "no-target")
