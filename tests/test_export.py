"""The tidy export: every figure once, read back by the library that wrote it, equal to what giamngheo holds."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from giamngheo.cli import app

REPO = Path(__file__).resolve().parents[1]
RECORDS = [
    ["so-y-te", "--date", "08/12/2017", "--source", "245/BC-SYT", "bhyt-can-ngheo=340.112", "bhyt-can-ngheo-ty-le=84,1"],
    # a correction: the first health count is superseded
    ["so-y-te", "--date", "09/12/2017", "--as-of", "08/12/2017", "--source", "245/BC-SYT (đính chính)",
     "bhyt-can-ngheo=340.211"],
    ["ubnd-huyen", "--unit", "Mường Lát", "--date", "10/12/2017", "--source", "55/BC-UBND", "nha-tieu=1.200",
     "nha-tieu-ty-le=46,15", "--base", "nha-tieu-ty-le=2.600"],
]
EXPECTED = [  # (unit, agency, indicator, as_of, value, base, superseded)
    ("muong-lat", "ubnd-huyen", "nha-tieu", "2017-12-10", Decimal("1200"), Decimal("2600"), False),
    ("muong-lat", "ubnd-huyen", "nha-tieu-ty-le", "2017-12-10", Decimal("46.15"), Decimal("2600"), False),
    ("toan-tinh", "so-y-te", "bhyt-can-ngheo", "2017-12-08", Decimal("340112"), None, True),
    ("toan-tinh", "so-y-te", "bhyt-can-ngheo", "2017-12-08", Decimal("340211"), None, False),
    ("toan-tinh", "so-y-te", "bhyt-can-ngheo-ty-le", "2017-12-08", Decimal("84.1"), None, False),
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "submissions").mkdir(parents=True)
    shutil.copyfile(REPO / "data" / "plan_2017.yaml", data / "plan_2017.yaml")
    for args in RECORDS:
        result = CliRunner().invoke(app, ["record", *args, "--by", "Lan", "--data-dir", str(data), "--format", "json"])
        assert result.exit_code == 0, result.output
    return data


def export(data: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["export", *args, "--data-dir", str(data)])


def test_csv_export_holds_every_figure(data: Path, tmp_path: Path) -> None:
    result = export(data, "-o", str(tmp_path / "so-lieu.csv"))
    assert (result.exit_code, result.stdout) == (0, f"Đã xuất (exported) 5 số liệu (figures) → {tmp_path / 'so-lieu.csv'}\n")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "so-lieu.csv").read_text(encoding="utf-8"))))
    got = [(r["unit"], r["agency"], r["indicator"], r["as_of"], Decimal(r["value"]),
            Decimal(r["base"]) if r["base"] else None, bool(r["superseded_by"])) for r in rows]
    assert got == EXPECTED
    assert {r["plan"] for r in rows} == {"2017"}
    first, correction = rows[2], rows[3]
    assert first["superseded_by"] == correction["file"] and correction["superseded_by"] == ""
    assert list(rows[0]) == ["plan", "unit", "agency", "indicator", "as_of", "value", "base", "source", "file",
                             "reported", "recorded_at", "superseded_by"]


def test_parquet_export_reads_back_equal(data: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    result = export(data, "-o", str(tmp_path / "so-lieu.parquet"))
    assert result.exit_code == 0, result.stderr
    rows = pq.read_table(tmp_path / "so-lieu.parquet").to_pylist()
    got = [(r["unit"], r["agency"], r["indicator"], r["as_of"].isoformat(), r["value"].normalize(),
            r["base"].normalize() if r["base"] is not None else None, r["superseded_by"] is not None) for r in rows]
    assert got == [(u, a, i, d, v.normalize(), b.normalize() if b is not None else None, s)
                   for u, a, i, d, v, b, s in EXPECTED]
    assert all(isinstance(r["as_of"], dt.date) and r["plan"] == 2017 for r in rows)


def test_export_refuses_to_overwrite_and_names_the_format(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "so-lieu.csv"
    target.write_text("giữ nguyên", encoding="utf-8")
    result = export(data, "-o", str(target))
    assert (result.exit_code, result.stderr) == (
        1, f"giamngheo: error: {target}: already exists; nothing was changed (use --force to replace it)\n")
    assert target.read_text(encoding="utf-8") == "giữ nguyên"
    assert export(data, "-o", str(target), "--force").exit_code == 0
    wrong = export(data, "-o", str(tmp_path / "so-lieu.xlsx"))
    assert (wrong.exit_code, wrong.stderr) == (
        1, f"giamngheo: error: {tmp_path / 'so-lieu.xlsx'}: give a name ending in .csv, .json or .parquet\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []
