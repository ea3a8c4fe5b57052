"""Print the help texts of every command and option as .pot entries, for scripts/messages.

Typer takes help from docstrings and option declarations, which Babel's extractor does not
see; this walks the command tree the CLI builds and gives each text to the catalogue.
"""

from __future__ import annotations

import json

import typer

from giamngheo.cli import app


def texts() -> dict[str, int]:
    """Every command's help and every parameter's help, in the order the CLI declares them, each
    with the line of cli.py where its command's function starts."""
    root = typer.main.get_command(app)
    found: dict[str, int] = {}
    for command in [root, *getattr(root, "commands", {}).values()]:
        line = command.callback.__wrapped__.__code__.co_firstlineno if hasattr(command.callback, "__wrapped__") else (
            command.callback.__code__.co_firstlineno if command.callback else 1)
        for text in (command.help, *(getattr(p, "help", None) for p in command.params)):
            if text and text not in found:
                found[text] = line
    return found


def main() -> None:
    for text, line in texts().items():
        print(f"\n#: src/giamngheo/cli.py:{line}\nmsgid {json.dumps(text, ensure_ascii=False)}\nmsgstr \"\"")


if __name__ == "__main__":
    main()
