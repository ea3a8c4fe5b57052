"""Reading YAML safely, fast, and with the line of every node.

PyYAML's C parser (libyaml) produces the events; this module builds plain Python data
from them itself, so that it can:

- reject anchors, aliases, merge keys, explicit tags and duplicate keys;
- resolve plain scalars by a small, strict rule set instead of YAML 1.1's implicit typing,
  so `no`, `1:30` and `010` stay text, numbers become `int` or `Decimal` (never a float
  that rounds), and `2017-02-30` is an error rather than a surprise;
- bound file size, nesting depth and number length, so no input can hang or crash us;
- remember the line of every key and value, so later errors point to FILE:LINE.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from giamngheo.problems import Problem, error

try:  # libyaml is the fast path; the pure-Python parser is a correct fallback.
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2_000_000
MAX_DEPTH = 32
MAX_NUMBER_CHARS = 30

Path_ = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
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


def read_yaml(path: Path, max_bytes: int = MAX_BYTES) -> YamlDoc:
    """Read and parse one YAML file; raise YamlError when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise YamlError(None, "not-a-file", "is a directory, not a YAML file") from None
    except FileNotFoundError:
        raise YamlError(None, "missing-file", "file not found") from None
    except OSError as exc:
        raise YamlError(None, "unreadable", f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise YamlError(None, "too-large", f"file is larger than {max_bytes:,} bytes")
    return parse_yaml(decode_utf8(raw), str(path))


def decode_utf8(raw: bytes) -> str:
    """Decode RAW as UTF-8 without a byte-order mark, or raise YamlError saying why not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError(1, "encoding", "file is UTF-16; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError(1, "encoding", "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlError(
            line, "encoding",
            f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8; save the file as UTF-8",
        ) from None


def parse_yaml(text: str, name: str = "<string>") -> YamlDoc:
    """Parse TEXT (one YAML document) into plain data; raise YamlError when it is not valid."""
    loader = _Loader(text)
    try:
        return _Builder(loader, name).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = exc.problem or str(exc)
        if line is not None and "\t" in (text.splitlines()[line - 1:line] or [""])[0]:
            message += " (YAML does not allow tabs for indentation; use spaces)"
        raise YamlError(line, "yaml-syntax", f"invalid YAML: {message}") from None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry a position, not a mark
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
        raise YamlError(line, "yaml-syntax", f"invalid YAML: {reason}") from None
    finally:
        loader.dispose()


class _Frame:
    __slots__ = ("container", "path", "key", "key_line")

    def __init__(self, container: dict | list, path: Path_) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_line = 0


class _Builder:
    """Turns the event stream of one document into data, lines and problems."""

    def __init__(self, loader: Any, name: str) -> None:
        self.loader = loader
        self.name = name
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []

    def build(self) -> YamlDoc:
        get_event = self.loader.get_event
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        while True:
            event = get_event()
            kind = event.__class__
            if kind is yaml.ScalarEvent:
                line = event.start_mark.line + 1
                self._check_node(event, line)
                if stack and isinstance(stack[-1].container, dict) and stack[-1].key is None:
                    self._take_key(stack[-1], event, line)
                    continue
                value = self._scalar(event, line)
                root = self._attach(stack, value, line, root)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                line = event.start_mark.line + 1
                self._check_node(event, line)
                if stack and isinstance(stack[-1].container, dict) and stack[-1].key is None:
                    raise YamlError(line, "complex-key", "a mapping key must be plain text, not a list or mapping")
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(line, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels")
                container: dict | list = {} if kind is yaml.MappingStartEvent else []
                path = self._child_path(stack)
                self.lines.setdefault(path, line)  # a value's line is its key's line
                root = self._attach(stack, container, line, root, register=False)
                stack.append(_Frame(container, path))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                raise YamlError(event.start_mark.line + 1, "alias", "aliases (*name) are not allowed")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(event.start_mark.line + 1, "many-documents",
                                    "the file holds more than one YAML document (---)")
            elif kind is yaml.StreamEndEvent:
                return YamlDoc(root, self.lines, self.problems)

    @staticmethod
    def _child_path(stack: list[_Frame]) -> Path_:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.container, list):
            return top.path + (len(top.container),)
        return top.path + (top.key,)  # type: ignore[operator]

    def _attach(self, stack: list[_Frame], value: Any, line: int, root: Any, register: bool = True) -> Any:
        if not stack:
            if register:
                self.lines[()] = line
            return value
        top = stack[-1]
        if isinstance(top.container, list):
            if register:
                self.lines[top.path + (len(top.container),)] = line
            top.container.append(value)
        else:
            if register:
                self.lines.setdefault(top.path + (top.key,), line)  # type: ignore[operator]
            top.container[top.key] = value  # type: ignore[index]
            top.key = None
        return root

    def _take_key(self, frame: _Frame, event: Any, line: int) -> None:
        key = event.value
        if event.implicit[0] and key == "<<":
            raise YamlError(line, "merge-key", "merge keys (<<) are not allowed")
        assert isinstance(frame.container, dict)
        if key in frame.container:
            first = self.lines.get(frame.path + (key,))
            raise YamlError(line, "duplicate-key", f"duplicate key '{key}' (first at line {first})")
        self._check_text(key, line)
        frame.key = key
        self.lines[frame.path + (key,)] = line

    def _check_node(self, event: Any, line: int) -> None:
        if event.anchor is not None:
            raise YamlError(line, "anchor", f"anchors (&{event.anchor}) are not allowed")
        if event.tag is not None and event.tag != "!":
            raise YamlError(line, "tag", f"explicit YAML tags ({event.tag}) are not allowed")

    def _check_text(self, text: str, line: int) -> None:
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            self.problems.append(error(self.name, line, "not-nfc",
                                       f"text {text!r} is not in Unicode NFC form; retype it or normalise the file to NFC"))

    def _scalar(self, event: Any, line: int) -> Any:
        text: str = event.value
        if not event.implicit[0]:  # quoted or block scalars are always text
            self._check_text(text, line)
            return text
        if text in _SPECIAL:
            return _SPECIAL[text]
        first = text[0]
        if first.isdigit() or first in "-+.":
            return self._number_or_date(text, line)
        self._check_text(text, line)
        return text

    def _number_or_date(self, text: str, line: int) -> Any:
        if _INT.fullmatch(text):
            digits = text.lstrip("+-")
            if len(digits) > MAX_NUMBER_CHARS:
                raise YamlError(line, "number-too-long", f"a number of {len(digits)} digits is too long")
            if len(digits) > 1 and digits[0] == "0":
                return text  # YAML 1.1 would read 010 as octal 8; keep it as the text typed
            return int(text)
        if _DECIMAL.fullmatch(text):
            if len(text) > MAX_NUMBER_CHARS:
                raise YamlError(line, "number-too-long", f"the number {text[:20]}… is too long")
            number = Decimal(text)
            if number != 0 and not -12 <= number.adjusted() <= 15:
                raise YamlError(line, "number-out-of-range", f"the number {text} is out of range")
            return number
        if _DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise YamlError(line, "bad-date", f"{text} is not a real date") from None
        self._check_text(text, line)
        return text
