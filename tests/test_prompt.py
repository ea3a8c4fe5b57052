"""`record` with no figures at a terminal asks for each of the agency's indicators."""

from __future__ import annotations

from pathlib import Path

import pytest

import giamngheo.cli
from giamngheo.store.submissions import read_submission


def test_record_prompts_for_each_indicator(run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run("record", "so-y-te", "--date", "01/12/2017", "--source", "200/BC-SYT", "bhyt-can-ngheo=300.000",
                "--data-dir", str(workspace))
    assert first.exit_code == 0, first.output
    monkeypatch.setattr(giamngheo.cli, "_is_terminal", lambda: True)
    # Six indicators; 'abc' is refused and asked again, empty answers skip; no task done; saved.
    answers = "340.112\n84,1\nabc\n\n\n\n\n" + "\n" + "y\n"
    result = run("record", "so-y-te", "--date", "08/12/2017", "--data-dir", str(workspace), "--format", "json",
                 input="245/BC-SYT\n" + answers)
    assert result.exit_code == 0, result.output
    assert "Enter để bỏ qua chỉ tiêu đó" in result.stdout  # it says that Enter skips
    assert '"draft": [' in result.stdout and "Lưu báo cáo này? (save this report?) [Y/n]" in result.stdout
    assert "mục tiêu (target) 336.478 khẩu, gần nhất (last) 300.000 (01/12/2017)" in result.stdout
    assert "mục tiêu (target) 48.267 hộ, gần nhất (last) —" in result.stdout
    assert "giamngheo: 'abc' is not a whole number" in result.stderr
    stored = sorted((workspace / "submissions").glob("2017-12-08_so-y-te_*.yaml"))
    assert len(stored) == 1
    sub, _, problems = read_submission(stored[0])
    assert problems == [] and sub is not None
    assert {k: str(v) for k, v in sub.values.items()} == {"bhyt-can-ngheo": "340112", "bhyt-can-ngheo-ty-le": "84.1"}
    assert sub.source == "245/BC-SYT"


def test_no_figures_without_a_terminal_is_refused(run, workspace: Path) -> None:
    result = run("record", "so-y-te", "--date", "08/12/2017", "--source", "245/BC-SYT", "--data-dir", str(workspace))
    assert result.exit_code == 1
    assert result.stderr == "giamngheo: error: nothing to record: give INDICATOR=VALUE figures or --done TASK\n"
    assert list((workspace / "submissions").iterdir()) == []


def test_record_at_a_terminal_marks_tasks_done_and_saves_only_when_confirmed(run, workspace: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(giamngheo.cli, "_is_terminal", lambda: True)
    skip_all = "\n" * 6
    declined = run("record", "so-y-te", "--date", "08/12/2017", "--source", "245/BC-SYT", "--data-dir", str(workspace),
                   input=skip_all + "yte-bao-cao\n" + "n\n")
    assert (declined.exit_code, declined.stderr) == (1, "giamngheo: error: nothing was saved: the report was not confirmed\n")
    assert "yte-bao-cao" in declined.stdout and list((workspace / "submissions").iterdir()) == []
    saved = run("record", "so-y-te", "--date", "08/12/2017", "--source", "245/BC-SYT", "--data-dir", str(workspace),
                input=skip_all + "yte-bao-cao\n" + "\n")
    assert saved.exit_code == 0, saved.output
    [path] = (workspace / "submissions").iterdir()
    sub, _, problems = read_submission(path)
    assert problems == [] and sub is not None and sub.done == ["yte-bao-cao"] and sub.values == {}
