"""The README's console examples are real: each `$ giamngheo …` line is run, in order, in a
fresh folder, and its output must be what the README shows.

After a deliberate change of output, GIAMNGHEO_UPDATE_README=1 rewrites the examples from
the real output; read the difference before committing it.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from giamngheo.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
RANDOM_SUFFIX = re.compile(r"_[0-9a-f]{8}\.yaml")
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "GIAMNGHEO_FORMAT": "table", "GIAMNGHEO_DATA": None}


def run_examples(text: str, cwd: Path) -> str:
    """TEXT with the output of every console example replaced by what the command prints now."""
    runner = CliRunner()

    def replace(block: re.Match[str]) -> str:
        out = []
        for command in re.findall(r"^\$ (.*)$", block.group(1), re.M):
            out.append(f"$ {command}\n")
            words = shlex.split(command)
            if words[0] == "cd":
                os.chdir(words[1])
                continue
            assert words[0] == "giamngheo", command
            result = runner.invoke(app, words[1:], env=ENV)
            out.append(result.output)
        return "```console\n" + "".join(out) + "```"

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return BLOCK.sub(replace, text)
    finally:
        os.chdir(old)


def test_readme_examples_show_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")  # `record --by` defaults need no git identity here
    text = README.read_text(encoding="utf-8")
    assert BLOCK.search(text), "the README has no console examples"
    fresh = run_examples(text, tmp_path)
    if os.environ.get("GIAMNGHEO_UPDATE_README"):
        README.write_text(fresh, encoding="utf-8")
    assert RANDOM_SUFFIX.sub("_…", fresh) == RANDOM_SUFFIX.sub("_…", text)
