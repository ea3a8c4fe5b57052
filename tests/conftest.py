"""Fixtures shared by every test.

- `workspace`: a fresh copy of the shipped plan in tmp_path/data/, with an empty
  submissions/ folder; returns that data folder.
- `write_yaml(path, text)`: writes a dedented YAML snippet, so each test shows its own data.
- `run(*args)`: runs the typer app in-process and returns its result, with stdout and
  stderr kept apart. It runs from tmp_path with $GIAMNGHEO_DATA unset, so a test reads
  and writes only what it names with `--data-dir` (the repository's ./data is never seen),
  and paths in messages come out as a user would see them: `data/plan_2017.yaml:12: ...`.

Timing: no test measures wall-clock time as a promise (a loaded machine would fail it);
`childtime` measures a child's CPU time, and keeps wall-clock limits only to catch hangs.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

# Hypothesis's deadline is wall-clock time per example, which a busy machine exceeds without
# any fault of the code: no test here promises speed through it.
settings.register_profile("giamngheo", deadline=None)
settings.load_profile("giamngheo")

REPO = Path(__file__).resolve().parents[1]
SHIPPED_PLAN = REPO / "data" / "plan_2017.yaml"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """tmp_path/data holding a copy of the shipped plan and an empty submissions/."""
    data = tmp_path / "data"
    (data / "submissions").mkdir(parents=True)
    shutil.copyfile(SHIPPED_PLAN, data / "plan_2017.yaml")
    return data


def dedent_yaml(text: str) -> str:
    """TEXT without its common indentation and leading blank line, ending in one newline."""
    return textwrap.dedent(text).lstrip("\n").rstrip() + "\n"


@pytest.fixture
def write_yaml() -> Callable[[Path, str], Path]:
    """A function writing a dedented YAML snippet to a path (parents made) and returning the path."""

    def write(path: Path, text: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent_yaml(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """A function running `giamngheo ARGS…` in tmp_path; pass `--data-dir` yourself."""
    from giamngheo.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIAMNGHEO_DATA", raising=False)
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=input)

    return invoke



@pytest.fixture
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, the catalogue's own language, for modules that check the wording of
    problems exactly; tests/test_messages.py holds the Vietnamese of each kind of problem."""
    monkeypatch.setenv("GIAMNGHEO_LANG", "en")
