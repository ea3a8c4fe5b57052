"""Help in the reader's language: typer's command classes, whose help screens go through the catalogue.

Typer reads a command's help from its docstring and each option's from its declaration, once,
in English; these classes translate them when a help screen is written, with the headings
and notes typer itself writes ("Usage:", "Options", "[default: …]"). The language is the one
every command runs in: --lang anywhere on the command line, else $GIAMNGHEO_LANG, else the locale.
Typer's own error lines for a mistyped command line (exit 2) stay in English.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

import typer.core
from typer import _click

from giamngheo.core.messages import N_, Translator, load_translator

LANG_KEY = "giamngheo.lang"
# What typer and its click write on a help screen, in the catalogue too.
BUILT_IN = (N_("Usage: "), N_("Options"), N_("Arguments"), N_("Commands"), N_("Show this message and exit."),
            N_("required"), N_("default: {default}"))
_EXTRA = re.compile(r"^(?P<text>.*?)(?P<space>\s*)\[(?P<extra>[^\[\]]*)\]$", re.S)


def language(asked: str | None, env: Mapping[str, str]) -> str:
    """--lang, else $GIAMNGHEO_LANG, else English when the locale (LC_ALL, LC_MESSAGES, LANG: the
    first one set) is English, else Vietnamese."""
    if asked in ("vi", "en"):
        return asked
    chosen = env.get("GIAMNGHEO_LANG", "").strip().lower()
    if chosen in ("vi", "en"):
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if value := env.get(var, "").strip().lower():
            return "en" if value == "en" or value.startswith(("en_", "en-", "en.", "en@")) else "vi"
    return "vi"


def _asked(args: Sequence[str]) -> str | None:
    """The value of --lang on a command line, if it has one."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


class _Formatter(_click.HelpFormatter):
    """Writes a help screen with typer's own words in the reader's language."""

    tr: Translator

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, self.tr.gettext("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.tr.gettext(heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, self._help(text)) for term, text in rows], col_max, col_spacing)

    def _help(self, text: str) -> str:
        """An option's help, already translated, with typer's "[default: x; required]" note translated."""
        if text == "Show this message and exit.":
            return self.tr.gettext(text)
        match = _EXTRA.match(text)
        if match is None:
            return text
        notes = []
        for note in match["extra"].split("; "):
            if note.startswith("default: "):
                notes.append(self.tr.gettext("default: {default}").format(default=note.removeprefix("default: ")))
            else:
                notes.append(self.tr.gettext(note))
        return f"{match['text']}{match['space']}[{'; '.join(notes)}]"


class _Context(_click.Context):
    def make_formatter(self) -> _click.HelpFormatter:
        formatter = _Formatter(width=self.terminal_width, max_width=self.max_content_width)
        formatter.tr = load_translator(language(self.meta.get(LANG_KEY), os.environ))
        return formatter


def _translated(command: Any, tr: Translator) -> list[tuple[Any, str, Any]]:
    """Give COMMAND and its parameters their help in TR's language; what to put back afterwards."""
    saved = [(command, "help", command.help)]
    command.help = tr.gettext(command.help) if command.help else command.help
    for param in command.params:
        if getattr(param, "help", None):
            saved.append((param, "help", param.help))
            param.help = tr.gettext(param.help)
    return saved


def _restore(saved: list[tuple[Any, str, Any]]) -> None:
    for thing, attribute, value in saved:
        setattr(thing, attribute, value)


class Command(typer.core.TyperCommand):
    """A command whose help screen is in the reader's language."""

    context_class = _Context

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        saved = _translated(self, getattr(formatter, "tr", None) or load_translator(language(None, os.environ)))
        try:
            super().format_help(ctx, formatter)
        finally:
            _restore(saved)


class Group(typer.core.TyperGroup):
    """The program: it notes --lang from the command line, and lists its commands in the reader's language."""

    context_class = _Context

    def make_context(self, info_name: str | None, args: list[str], parent: _click.Context | None = None,
                     **extra: Any) -> _click.Context:
        # click's own make_context, with --lang noted before the arguments are parsed: --help
        # is written while they are.
        for key, value in self.context_settings.items():
            extra.setdefault(key, value)
        ctx = self.context_class(self, info_name=info_name, parent=parent, **extra)
        ctx.meta[LANG_KEY] = _asked(args)
        with ctx.scope(cleanup=False):
            self.parse_args(ctx, args)
        return ctx

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        tr = getattr(formatter, "tr", None) or load_translator(language(None, os.environ))
        saved = _translated(self, tr)
        for command in self.commands.values():  # their first lines are listed under Commands
            saved.append((command, "help", command.help))
            command.help = tr.gettext(command.help) if command.help else command.help
        try:
            super().format_help(ctx, formatter)
        finally:
            _restore(saved)
