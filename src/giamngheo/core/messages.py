"""Messages for people, kept as data until they are shown.

A `Message` is its English text, so the core and its tests can read it as a plain string. It
also keeps its catalogue id (the English template) and the values that fill it in, so that
the edge can show it in the reader's language through a `Translator`. In a template,
`{total:num}` is a number and `{day:date}` a date, each formatted the way the reader's
language writes them; a value that is itself a Message is shown in the same language.

Templates are written with `msg("…", name=value)` and `nmsg("… one …", "… many …", n, …)`,
the names the catalogue's extraction looks for.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from giamngheo.core.formats import format_date, format_number


class Message(str):
    """A text for people: its English form, with what it takes to show it in another language."""

    msgid: str
    plural: str | None
    n: int | None
    values: Mapping[str, Any]

    def __new__(cls, msgid: str, values: Mapping[str, Any], plural: str | None = None,
                n: int | None = None) -> Message:
        text = ENGLISH.fill(msgid if plural is None or n == 1 else plural, values)
        self = super().__new__(cls, text)
        self.msgid, self.plural, self.n, self.values = msgid, plural, n, values
        return self


class Joined(tuple):
    """Values shown one after another with SEP between them, each in the reader's language."""

    sep: str

    def __new__(cls, items: Any, sep: str = ", ") -> Joined:
        self = super().__new__(cls, items)
        self.sep = sep
        return self


def msg(text: str, /, **values: Any) -> Message:
    """A message from an English template with named values: `msg("unknown agency '{agency}'", agency=a)`."""
    return Message(text, values)


def nmsg(singular: str, plural: str, n: int, /, **values: Any) -> Message:
    """A message with a singular and a plural form, chosen by N (also available as `{n}`)."""
    return Message(singular, {"n": n, **values}, plural, n)


class Translator:
    """Shows messages in one language: through its catalogue, with numbers and dates in its style.

    MARKS is the language whose way of writing numbers and dates (`{x:num}`, `{x:date}`) the
    messages take; by default LANG's own.
    """

    def __init__(self, lang: str, catalog: Any = None, marks: str | None = None) -> None:
        self.lang = lang
        self.marks = marks or lang
        self._catalog = catalog  # a gettext (GNU or Null) translations object, or None: the English templates
        self._formatter = _Formatter(self)

    def gettext(self, text: str) -> str:
        """TEXT in this language."""
        return text if self._catalog is None else self._catalog.gettext(text)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for N of a text with a plural, in this language."""
        if self._catalog is None:
            return singular if n == 1 else plural
        return self._catalog.ngettext(singular, plural, n)

    def show(self, text: str) -> str:
        """TEXT as this language shows it: a Message is translated and filled in, a plain string is kept."""
        if not isinstance(text, Message):
            return text
        if text.plural is None:
            template = self.gettext(text.msgid)
        else:
            template = self.ngettext(text.msgid, text.plural, text.n if text.n is not None else 0)
        return self.fill(template, text.values)

    def fill(self, template: str, values: Mapping[str, Any]) -> str:
        """TEMPLATE with its named VALUES, each formatted for this language."""
        return self._formatter.vformat(template, (), values) if values else template


class _Formatter(string.Formatter):
    def __init__(self, translator: Translator) -> None:
        self.translator = translator

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Message):
            return self.translator.show(value)
        if isinstance(value, Joined):
            return value.sep.join(self.format_field(item, format_spec) for item in value)
        if format_spec == "num" and isinstance(value, (int, Decimal)):
            return format_number(value, self.translator.marks)
        if format_spec == "date" and isinstance(value, date):
            return format_date(value, self.translator.marks)
        return format(value, format_spec)


# Messages inside the core (their str) are in English, with English marks: 14,996 and 2017-12-10.
ENGLISH = Translator("en")
LANGUAGES = ("vi", "en")
DOMAIN = "giamngheo"


def load_translator(lang: str) -> Translator:
    """The translator of LANG ("vi" or "en"): Vietnamese through the compiled catalogue shipped in
    the package; English is the messages' own language and needs none. A missing catalogue (a
    source tree never built) leaves the English texts, with Vietnamese numbers and dates."""
    if lang != "vi":
        return ENGLISH
    import gettext
    from pathlib import Path

    catalog = gettext.translation(DOMAIN, Path(__file__).resolve().parents[1] / "locale", ["vi"], fallback=True)
    return Translator("vi", catalog)
