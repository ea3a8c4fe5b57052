"""Reading YAML safely, fast, and with the line of every node.

PyYAML's C parser (libyaml) produces the events; this module builds plain Python data
from them itself, so that it can:

- reject anchors, aliases, merge keys, explicit tags and duplicate keys;
- resolve plain scalars by a small, strict rule set instead of YAML 1.1's implicit typing,
  so `no`, `1:30` and `010` stay text, numbers become `int` or `Decimal` (never a float
  that rounds), and `2017-02-30` is an error rather than a surprise;
- bound file size, node count, nesting depth and number size, so no input can hang or crash us;
- refuse control and bidirectional-override characters, which would otherwise reach a
  terminal inside our messages, and line separators that editors do not count as lines;
- remember the line of every key and value, so later errors point to FILE:LINE.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from giamngheo.core.files import Expected, FileRefused, read_regular_file
from giamngheo.core.messages import N_, msg
from giamngheo.core.problems import Problem, error
from giamngheo.core.text import BAD_IN_LINE, BAD_IN_TEXT

try:  # libyaml is the fast path; the pure-Python parser is a correct fallback.
    from yaml import CBaseLoader as _Loader
    _C_READER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]
    _C_READER = False

MAX_BYTES = 2_000_000
MAX_NODES = 20_000  # ten times the shipped plan
MAX_DEPTH = 32
MAX_NUMBER_CHARS = 30
MAX_NUMBER_MAGNITUDE = 15  # a figure of more than 16 integer digits is a typo or an attack
MIN_NUMBER_EXPONENT = -MAX_NUMBER_CHARS  # bounds the digits `format(value, "f")` can produce

Path_ = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Characters that must not reach a terminal or a FILE:LINE line: C0 and C1 controls (tab
# and newline are allowed inside values), line and paragraph separators, and the
# bidirectional overrides that can make text display as something it is not.
_BAD_IN_VALUE = BAD_IN_TEXT
_BAD_IN_KEY = BAD_IN_LINE
# libyaml counts NEL, LS and PS as line breaks; most editors do not, so lines would be off.
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_SPECIAL: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
}


class YamlError(Exception):
    """A YAML file that cannot be read at all; `line` is 1-based or None."""

    def __init__(self, line: int | None, code: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.code = code
        self.message = message

    def problem(self, file: str | Path) -> Problem:
        """This error as a problem of FILE."""
        return error(file, self.line, self.code, self.message)


@dataclass
class YamlDoc:
    """The data of one YAML file, with the line of every node."""

    data: Any
    lines: dict[Path_, int]
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: tuple[Any, ...]) -> int | None:
        """The line of the deepest node on LOC that exists in the file."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


_EXPECTED = Expected(
    missing=msg("file not found"),
    folder=msg("is a directory, not a YAML file"),
    too_large=lambda limit: msg("file is larger than {limit:num} bytes", limit=limit),
)


# What libyaml and PyYAML say most often about a broken file, so that the catalogue can word it;
# anything else they say is shown as they say it.
PARSER_WORDS = frozenset((
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected comment or line break"),
    N_("did not find expected <document start>"),
    N_("found character that cannot start any token"),
    N_("mapping values are not allowed in this context"),
    N_("mapping values are not allowed here"),
    N_("could not find expected ':'"),
    N_("found unexpected end of stream"),
    N_("block sequence entries are not allowed in this context"),
    N_("found a tab character that violates indentation"),
    N_("found unknown escape character"),
    N_("found unexpected ':'"),
    N_("found undefined tag handle"),
))


def read_yaml(path: Path, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES) -> YamlDoc:
    """Read and parse one YAML file; raise YamlError when it cannot be read."""
    return parse_yaml_bytes(read_yaml_bytes(path, max_bytes), str(path), max_nodes)


def read_yaml_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of one YAML file, refusing anything but a regular file of at most MAX_BYTES."""
    try:
        return read_regular_file(path, max_bytes, _EXPECTED)
    except FileRefused as exc:
        raise YamlError(None, exc.code, exc.message) from None


def parse_yaml_bytes(raw: bytes, name: str, max_nodes: int = MAX_NODES) -> YamlDoc:
    """Parse the bytes of one YAML file read with read_yaml_bytes."""
    return parse_yaml(decode_utf8(raw), name, max_nodes)


def decode_utf8(raw: bytes) -> str:
    """Decode RAW as UTF-8 without a byte-order mark, or raise YamlError saying why not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError(1, "encoding", msg("file is UTF-16; save it as UTF-8"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError(1, "encoding", msg("file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlError(
            line, "encoding",
            msg("byte 0x{byte:02x} at offset {offset} is not UTF-8; save the file as UTF-8",
                byte=raw[exc.start], offset=exc.start),
        ) from None


def parse_yaml(text: str, name: str = "<string>", max_nodes: int = MAX_NODES) -> YamlDoc:
    """Parse TEXT (one YAML document) into plain data; raise YamlError when it is not valid."""
    odd = _ODD_BREAK.search(text)
    if odd is not None:
        raise YamlError(text.count("\n", 0, odd.start()) + 1, "line-separator",
                        msg("the character U+{code} (an unusual line break) is not allowed; use an ordinary newline",
                            code=f"{ord(odd.group()):04X}"))
    loader = _Loader(text)
    try:
        return _Builder(loader, name, max_nodes).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = exc.problem or str(exc)  # libyaml's own words, in English
        if detail in PARSER_WORDS:
            detail = msg(detail)  # in the reader's language, through the catalogue
        if line is not None and "\t" in (text.splitlines()[line - 1:line] or [""])[0]:
            message = msg("invalid YAML: {detail} (YAML does not allow tabs for indentation; use spaces)", detail=detail)
        else:
            message = msg("invalid YAML: {detail}", detail=detail)
        raise YamlError(line, "yaml-syntax", message) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry a position, not a mark
        position = getattr(exc, "position", None)
        line = _line_at(text, position) if isinstance(position, int) else None
        reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
        raise YamlError(line, "yaml-syntax", msg("invalid YAML: {detail}", detail=reason)) from None
    finally:
        loader.dispose()


def _line_at(text: str, position: int) -> int:
    """The line of POSITION, which libyaml counts in bytes of UTF-8 and PyYAML in characters."""
    if _C_READER:
        return text.encode("utf-8", "surrogatepass")[:position].count(b"\n") + 1
    return text.count("\n", 0, position) + 1


class _Frame:
    __slots__ = ("container", "path", "key", "is_map")

    def __init__(self, container: dict | list, path: Path_) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.is_map = isinstance(container, dict)


class _Builder:
    """Turns the event stream of one document into data, lines and problems."""

    def __init__(self, loader: Any, name: str, max_nodes: int) -> None:
        self.loader = loader
        self.name = name
        self.max_nodes = max_nodes
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []

    def build(self) -> YamlDoc:
        # Every file of a workspace goes through this loop, event by event, so the common
        # cases are written out here rather than in a helper each: a method call per event
        # costs about as much as libyaml's parsing of it. Helpers handle the rare cases.
        get_event = self.loader.get_event
        lines = self.lines
        max_nodes = self.max_nodes
        stack: list[_Frame] = []
        top: _Frame | None = None  # stack[-1]
        root: Any = None
        documents = 0
        nodes = 0
        while True:
            event = get_event()
            kind = event.__class__
            if kind is _SCALAR:
                line = event.start_mark.line + 1
                if nodes >= max_nodes:
                    raise self._too_many(line)
                nodes += 1
                if event.anchor is not None or event.tag is not None:
                    self._check_node(event, line)
                if top is not None and top.is_map and top.key is None:
                    key = event.value
                    if key == "<<" or key in top.container or not (key.isascii() and key.isprintable()):
                        self._take_key(top, event, line)
                    else:  # the same as _take_key does when none of its rules applies
                        top.key = key = sys.intern(key)  # keys repeat in every file: keep one copy
                        lines[top.path + (key,)] = line
                    continue
                value = self._scalar(event, line)
                if top is None:
                    lines[()] = line
                    root = value
                elif top.is_map:  # the key already holds the line
                    top.container[top.key] = value  # type: ignore[index]
                    top.key = None
                else:
                    lines[top.path + (len(top.container),)] = line
                    top.container.append(value)  # type: ignore[union-attr]
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                line = event.start_mark.line + 1
                if event.anchor is not None or event.tag is not None:
                    self._check_node(event, line)
                if top is not None and top.is_map and top.key is None:
                    raise YamlError(line, "complex-key", msg("a mapping key must be plain text, not a list or mapping"))
                if nodes >= max_nodes:
                    raise self._too_many(line)
                nodes += 1
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(line, "too-deep", msg("nesting is deeper than {limit} levels", limit=MAX_DEPTH))
                container: dict | list = {} if kind is _MAPPING_START else []
                if top is None:
                    path: Path_ = ()
                    root = container
                elif top.is_map:
                    path = top.path + (top.key,)  # type: ignore[operator]
                    top.container[top.key] = container  # type: ignore[index]
                    top.key = None
                else:
                    path = top.path + (len(top.container),)
                    top.container.append(container)  # type: ignore[union-attr]
                lines.setdefault(path, line)  # a value's line is its key's line
                top = _Frame(container, path)
                stack.append(top)
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                stack.pop()
                top = stack[-1] if stack else None
            elif kind is _ALIAS:
                raise YamlError(event.start_mark.line + 1, "alias", msg("aliases (*name) are not allowed"))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(event.start_mark.line + 1, "many-documents",
                                    msg("the file holds more than one YAML document (---)"))
            elif kind is yaml.StreamEndEvent:
                return YamlDoc(root, lines, self.problems)

    def _too_many(self, line: int) -> YamlError:
        # Every node costs time here and in the checks after; bound them before that adds up.
        return YamlError(line, "too-many-nodes", msg("the file holds more than {limit:num} keys and values", limit=self.max_nodes))

    def _take_key(self, frame: _Frame, event: Any, line: int) -> None:
        key = event.value
        if event.implicit[0] and key == "<<":
            raise YamlError(line, "merge-key", msg("merge keys (<<) are not allowed"))
        assert isinstance(frame.container, dict)
        self._check_text(key, line, _BAD_IN_KEY)
        if key in frame.container:
            first = self.lines.get(frame.path + (key,))
            raise YamlError(line, "duplicate-key", msg("duplicate key '{key}' (first at line {first})", key=key, first=first))
        frame.key = key
        self.lines[frame.path + (key,)] = line

    def _check_node(self, event: Any, line: int) -> None:
        if event.anchor is not None:
            raise YamlError(line, "anchor", msg("anchors (&{anchor}) are not allowed", anchor=event.anchor))
        if event.tag is not None and event.tag != "!":
            raise YamlError(line, "tag", msg("explicit YAML tags ({tag}) are not allowed", tag=event.tag))

    def _check_text(self, text: str, line: int, forbidden: re.Pattern[str] = _BAD_IN_VALUE) -> None:
        bad = forbidden.search(text)
        if bad is not None:
            raise YamlError(line, "control-character",
                            msg("text holds the invisible control character U+{code}; remove it",
                                code=f"{ord(bad.group()):04X}"))
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            self.problems.append(error(self.name, line, "not-nfc",
                                       msg("text {text!r} is not in Unicode NFC form; retype it or normalise the file to NFC",
                                           text=text)))

    def _scalar(self, event: Any, line: int) -> Any:
        text: str = event.value
        if not event.implicit[0]:  # quoted or block scalars are always text
            if not (text.isascii() and text.isprintable()):  # printable ASCII passes every check
                self._check_text(text, line)
            return sys.intern(text)  # ids and names recur in every file: keep one copy of each
        if text in _SPECIAL:
            return _SPECIAL[text]
        first = text[0]
        if first.isdigit() or first in "-+.":
            return self._number_or_date(text, line)
        if not (text.isascii() and text.isprintable()):
            self._check_text(text, line)
        return sys.intern(text)

    def _refuse(self, text: str, line: int, code: str, message: str) -> str:
        """Report a scalar that cannot be a value, and go on reading so that later problems show too."""
        self.problems.append(error(self.name, line, code, message))
        return text

    def _number_or_date(self, text: str, line: int) -> Any:
        if _INT.fullmatch(text):
            digits = text.lstrip("+-")
            if len(digits) > MAX_NUMBER_CHARS:
                return self._refuse(text, line, "number-too-long", msg("a number of {digits} digits is too long", digits=len(digits)))
            if len(digits) > 1 and digits[0] == "0":
                return text  # YAML 1.1 would read 010 as octal 8; keep it as the text typed
            return int(text)
        if _DECIMAL.fullmatch(text):
            if len(text) > MAX_NUMBER_CHARS:
                return self._refuse(text, line, "number-too-long", msg("the number {start}… is too long", start=text[:20]))
            number = Decimal(text)
            exponent = number.as_tuple().exponent
            assert isinstance(exponent, int)  # the pattern admits no NaN or Infinity
            if (number.adjusted() > MAX_NUMBER_MAGNITUDE or exponent < MIN_NUMBER_EXPONENT
                    or (number != 0 and number.adjusted() < -12)):
                return self._refuse(text, line, "number-out-of-range", msg("the number {text} is out of range", text=text))
            return number
        if _DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                return self._refuse(text, line, "bad-date", msg("{text} is not a real date", text=text))
        self._check_text(text, line)
        return text
