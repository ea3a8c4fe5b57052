"""Hatchling build hook: compile each src/giamngheo/locale/*/LC_MESSAGES/*.po to its .mo.

It runs for `pip install .`, `pip wheel .`, `python -m build` and `pip install -e .`, so the
catalogue a user runs is always the one in the source. The .mo is written beside its .po
(an editable install imports straight from src/) and is not committed; `artifacts` makes
hatchling ship it although .gitignore lists it. A placeholder in a translation that its
English message does not have fails the build, as do Babel's own checks.
"""

from __future__ import annotations

import io
import string
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE_DIR = Path("src") / "giamngheo" / "locale"


def _fields(text: str) -> set[str]:
    """The names of the {placeholders} of TEXT ('{{' is a literal brace)."""
    return {name.split(".")[0].split("[")[0].split("!")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def compile_catalogs(root: Path) -> list[Path]:
    """Compile every catalogue under ROOT; raise RuntimeError naming each bad translation."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted((root / LOCALE_DIR).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name, domain=po.stem)
        problems = [f"{po.name}:{message.lineno}: {e}" for message, errors in catalog.check() for e in errors]
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = set().union(*map(_fields, ids))
            problems += [f"{po.name}:{message.lineno}: {text!r} has a placeholder its message lacks ({sorted(wanted)})"
                         for text in strings if text and not _fields(text) <= wanted]
        if problems:
            raise RuntimeError("invalid translation catalogue:\n" + "\n".join(problems))
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != buffer.getvalue():
            mo.write_bytes(buffer.getvalue())
        written.append(mo)
    return written


class CompileCatalogs(BuildHookInterface):
    """Compile the catalogues before a wheel (or an editable install) is built."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        compiled = compile_catalogs(root)
        build_data["artifacts"].extend(str(mo.relative_to(root).as_posix()) for mo in compiled)


if __name__ == "__main__":  # `python hatch_build.py` refreshes the .mo files of a checkout
    for compiled in compile_catalogs(Path(__file__).parent):
        print(compiled)
