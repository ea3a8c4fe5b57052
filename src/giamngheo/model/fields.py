"""Field types every stored record shares, and turning pydantic's errors into problems at FILE:LINE."""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, ValidationError

from giamngheo.core.messages import Message, msg
from giamngheo.core.problems import Problem, error
from giamngheo.core.text import MAX_LINE_CHARS, MAX_NOTE_CHARS, did_you_mean
from giamngheo.core.yamlsafe import YamlDoc


class Model(BaseModel):
    """Base of every stored record: strict types, unknown keys refused, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _to_decimal(value: Any) -> Any:
    # The YAML reader gives int or Decimal, never float, so no figure is ever rounded.
    if isinstance(value, bool):
        raise ValueError(msg("expected a number, got {value}", value=_show(value)))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(msg("expected a finite number, got {value}", value=str(value)))
        return value
    raise ValueError(msg("expected a number, got {value}", value=_show(value)))


def _to_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(msg("expected a timestamp such as 2017-12-08T09:30:00+07:00, got {value!r}",
                                 value=value)) from None
        if parsed.tzinfo is None:
            raise ValueError(msg("timestamp {value!r} needs a UTC offset, such as +07:00", value=value))
        return parsed
    raise ValueError(msg("expected a timestamp such as 2017-12-08T09:30:00+07:00, got {value}", value=_show(value)))


def _not_a_boolean(value: Any) -> Any:
    # pydantic matches Literal[1] by equality, and True == 1 in Python.
    if isinstance(value, bool):
        raise ValueError(msg("expected a version number, got {value}", value=str(value).lower()))
    return value


Number = Annotated[Decimal, BeforeValidator(_to_decimal)]
SchemaVersion = Annotated[Literal[1], BeforeValidator(_not_a_boolean)]
# Submissions: version 1 (the first files, all for the 2017 plan and the whole province) and 2.
SubmissionVersion = Annotated[Literal[1, 2], BeforeValidator(_not_a_boolean)]
Timestamp = Annotated[datetime, BeforeValidator(_to_datetime)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LINE_CHARS)]
# What `record` stores: a one-line text (no control characters), and a note that may hold newlines.
OneLine = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LINE_CHARS, pattern=r"^[^\x00-\x1f\x7f]+$")]
NoteText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NOTE_CHARS,
                                            pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]+$")]

M = TypeVar("M", bound=BaseModel)


def validate_model(model: type[M], doc: YamlDoc, file: str) -> tuple[M | None, list[Problem]]:
    """MODEL built from DOC, or None and the problems, each at its line of FILE."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, model_problems(model, exc, doc, file)


def model_problems(model: type[BaseModel], exc: ValidationError, doc: YamlDoc, file: str) -> list[Problem]:
    """pydantic's errors as problems, each at its line of FILE and naming its key in FIELD."""
    # The reader already explained a line it refused (a date that does not exist, say);
    # the type error the same value then causes would only repeat it.
    explained = {p.line for p in doc.problems}
    problems = [_problem(model, doc, file, err) for err in exc.errors(include_url=False)]
    return [p for p in problems if p.line is None or p.line not in explained]


def _problem(model: type[BaseModel], doc: YamlDoc, file: str, err: Any) -> Problem:
    loc = tuple(part for part in err["loc"] if not _is_internal(part))
    line = doc.line_of(loc)
    kind = err["type"]
    where = format_loc(loc)
    if kind == "extra_forbidden":
        parent, key = loc[:-1], str(loc[-1])
        hint = did_you_mean(key, allowed_keys(model, parent))
        if parent:
            message = msg("unknown key '{key}' in {parent}{hint}", key=key, parent=format_loc(parent), hint=hint)
        else:
            message = msg("unknown key '{key}'{hint}", key=key, hint=hint)
        return error(file, line, "unknown-key", message, where)
    if kind == "missing":
        parent = format_loc(loc[:-1])
        message = (msg("missing key '{key}' in {parent}", key=loc[-1], parent=parent) if parent
                   else msg("missing key '{key}'", key=loc[-1]))
        return error(file, line, "missing-key", message, where)
    if kind == "model_type" and not loc:
        return error(file, line, "not-a-mapping", msg("the file must hold a YAML mapping (key: value lines)"))
    reason = _reason(err)
    if kind == "string_pattern_mismatch":
        reason = msg("{value} is not an identifier: use lower-case ASCII letters, digits and '-'",
                     value=_show(err["input"]))
    elif "input" in err and kind != "value_error" and not isinstance(err["input"], (dict, list)):
        reason = msg("{reason}, got {value}", reason=reason, value=_show(err["input"]))
    message = msg("{where}: {reason}", where=where, reason=reason) if where else reason
    return error(file, line, "bad-value", message, where or None)


def _reason(err: Any) -> str:
    """What pydantic says is wrong: our own message when a validator of ours raised it."""
    raised = (err.get("ctx") or {}).get("error")
    if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], Message):
        return raised.args[0]
    return msg("{detail}", detail=err["msg"].removeprefix("Value error, "))  # pydantic's own words, in English


def _is_internal(part: Any) -> bool:
    # pydantic adds validator names such as 'function-before[...]' to a location.
    return isinstance(part, str) and ("[" in part and part.endswith("]"))


def _show(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = repr(value) if not isinstance(value, Decimal) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def format_loc(loc: tuple[Any, ...]) -> str:
    """('indicators', 3, 'target') → 'indicators[3].target'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys that the model accepts at LOC, for "did you mean" hints."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp, part)
        if tp is None:
            return []
    tp = _unwrap(tp, None)
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def _unwrap(tp: Any, part: Any) -> Any:
    """The type inside TP reached by one step PART of a location (None: only strip wrappers)."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            arms = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = arms[0]
        else:
            break
    if part is None:
        return tp
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field else None
    if origin in (list, tuple) and isinstance(part, int):
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    return None
