"""The command line: arguments in, calls to the core, reports out. Nothing else lives here.

Only typer is imported at start-up; each command imports the core it needs, so that
`giamngheo --help` stays as fast as typer itself.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Optional

import typer

from giamngheo.cli_help import Command, Group
from giamngheo.core.messages import Message, msg, nmsg
from giamngheo.render import FORMATS

if TYPE_CHECKING:
    from giamngheo.calc.figures import Figure
    from giamngheo.core.problems import Problem
    from giamngheo.model.plan import Plan
    from giamngheo.model.units import Units
    from giamngheo.store.workspace import Loaded, Workspace
    from giamngheo.views.table import View

app = typer.Typer(
    name="giamngheo",
    cls=Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rich would triple the start-up time of --help
)

DataDir = Annotated[
    Optional[str],
    typer.Option("--data-dir", metavar="DIR", show_default=False,
                 help="The data folder, holding the plan YAML and submissions/. "
                 "Default: $GIAMNGHEO_DATA, else ./data, else the bundled plan (read-only)."),
]
Format = Annotated[
    Optional[Literal[FORMATS]],  # type: ignore[valid-type]
    typer.Option("--format", "-f", show_default=False,
                 help="Output format: table (default on a terminal), plain (default in a pipe), markdown, csv, json. "
                 "$GIAMNGHEO_FORMAT sets the default."),
]
Lang = Annotated[
    Optional[Literal["vi", "en"]],
    typer.Option("--lang", show_default=False,
                 help="Language: vi or en. Default: $GIAMNGHEO_LANG, else the locale, else vi."),
]
PlanYear = Annotated[
    Optional[int],
    typer.Option("--plan", metavar="YEAR", show_default=False,
                 help="The plan of YEAR. Default: the plan of the --as-of year, else the latest."),
]

# The language of the command being run, set by running() for the lines written outside it.
_LANGUAGE: ContextVar[str] = ContextVar("giamngheo_language", default="vi")


@contextmanager
def running(lang: str | None) -> Iterator[str]:
    """Run a command in the language asked for (--lang, else $GIAMNGHEO_LANG, else the locale, else
    Vietnamese), which it yields; the core's refusals become `FILE:LINE: error: message` lines on
    stderr in that language, and exit code 1."""
    from giamngheo.core.messages import load_translator
    from giamngheo.core.problems import UserError
    from giamngheo.render.problems import problem_lines

    chosen = _language(lang, os.environ)
    _LANGUAGE.set(chosen)
    try:
        _output_format(None)  # a bad $GIAMNGHEO_FORMAT stops a command before it does anything
        yield chosen
    except UserError as exc:
        for line in problem_lines(exc.problems, load_translator(chosen)):
            sys.stderr.write(line + "\n")
        raise typer.Exit(1) from None
    except OSError as exc:  # the system refused a path the user gave (too long, a pipe, gone)
        from giamngheo.core.problems import error

        refusal = error(None, None, "os-error", msg("{path}: {reason}", path=str(exc.filename or "giamngheo"),
                                                    reason=exc.strerror or str(exc)))
        sys.stderr.write(refusal.text(load_translator(chosen)) + "\n")
        raise typer.Exit(1) from None


def _language(asked: str | None, env: Mapping[str, str]) -> str:
    """The language a command runs in (see cli_help.language)."""
    from giamngheo.cli_help import language

    return language(asked, env)


def _workspace(data_dir: str | None, note_bundled: bool = True) -> Workspace:
    """The workspace asked for or found upward from here; outside any, the bundled plan, which
    one line on stderr names (unless NOTE_BUNDLED is false: a command that will refuse it)."""
    from giamngheo.core.messages import load_translator
    from giamngheo.core.problems import warning
    from giamngheo.store.workspace import find_workspace

    ws = find_workspace(data_dir, os.environ, Path.cwd())
    if ws.bundled and note_bundled:
        note = warning(None, None, "bundled-plan", msg(
            "no workspace at or above {folder}: showing the bundled plan, read-only, with no reports "
            "(`giamngheo init DIR` makes a workspace)", folder=str(Path.cwd())))
        sys.stderr.write(note.text(load_translator(_LANGUAGE.get())) + "\n")
    return ws


def _writable(ws: Workspace) -> Workspace:
    """WS, unless it is the bundled plan, which is read-only."""
    from giamngheo.store.workspace import WorkspaceError

    if ws.bundled:
        raise WorkspaceError.of("read-only", msg(
            "no workspace here: the bundled plan is read-only. Run `giamngheo init DIR` to make one in DIR/data, "
            "then use --data-dir DIR/data or run from DIR"))
    return ws


def _stop_on_plan_errors(problems: list[Problem]) -> None:
    """Stop with the plan's errors: no command works from a plan that fails its own checks."""
    from giamngheo.core.problems import UserError, errors_in

    if errors := errors_in(problems):
        raise UserError(*errors)


def _plan(data_dir: str | None, year: int | None = None, on: dt.date | None = None,
          note_bundled: bool = False) -> tuple[Workspace, Plan]:
    """The workspace and its checked plan (YEAR's, else the one of ON's year, else the latest),
    without reading any submission. The bundled plan needs no note here: it is the plan itself,
    and only the reports are missing from it (see _load)."""
    from giamngheo.store.workspace import choose_year, load_checked_plan

    ws = _workspace(data_dir, note_bundled)
    plan, problems = load_checked_plan(ws, choose_year(ws, on or dt.date.today(), year))
    _stop_on_plan_errors(problems)
    assert plan is not None  # a plan that did not load has errors
    return ws, plan


def _units(ws: Workspace) -> Units:
    """The workspace's checked units list (or the bundled one)."""
    from giamngheo.store.workspace import load_checked_units

    units, problems = load_checked_units(ws)
    _stop_on_plan_errors(problems)
    assert units is not None  # a list that did not load has errors
    return units


def _load(data_dir: str | None, today: dt.date, year: int | None = None,
          on: dt.date | None = None, note_bundled: bool = True) -> tuple[Loaded, Plan]:
    """The workspace with the submissions of one plan read and checked as of TODAY, and that plan
    (YEAR's, else the one of ON's year, else the latest)."""
    from giamngheo.store.workspace import choose_year, load_workspace

    ws = _workspace(data_dir, note_bundled)
    loaded = load_workspace(ws, today, choose_year(ws, on or today, year), cache=_use_cache())
    _stop_on_plan_errors(loaded.reference_problems)
    assert loaded.plan is not None  # a plan that did not load has errors
    return loaded, loaded.plan


def _use_cache() -> bool:
    """False when $GIAMNGHEO_NO_CACHE is set: every file is read afresh (for comparisons and benchmarks)."""
    return not os.environ.get("GIAMNGHEO_NO_CACHE")


def _output_format(fmt: str | None) -> str:
    """--format, else $GIAMNGHEO_FORMAT, else a table at a terminal and plain text in a pipe."""
    from giamngheo.core.problems import UserError

    chosen = fmt or os.environ.get("GIAMNGHEO_FORMAT") or ("table" if sys.stdout.isatty() else "plain")
    if chosen not in FORMATS:
        raise UserError.of("bad-format", msg("GIAMNGHEO_FORMAT={value} is not one of {formats}",
                                             value=chosen, formats=", ".join(FORMATS)), field="GIAMNGHEO_FORMAT")
    return chosen


Wide = Annotated[bool, typer.Option("--wide", help="Every column, however narrow the terminal.")]
Excel = Annotated[bool, typer.Option("--excel", help="csv that Excel on Windows opens with the Vietnamese intact "
                                                      "(a UTF-8 byte-order mark); implies --format csv.")]
Part = Annotated[Optional[str], typer.Option("--part", metavar="TABLE",
                                             help="Only one table of the output, by its key (csv holds one table).")]


def _emit(view: View, fmt: str | None, lang: str, wide: bool = False, excel: bool = False,
          part: str | None = None) -> None:
    """Write VIEW to stdout: in FMT, only the table PART if given. csv holds one table: a view of
    several writes its first, and says on stderr how to get the others."""
    from giamngheo.core.messages import Joined, load_translator
    from giamngheo.core.problems import UserError, warning
    from giamngheo.render import emit

    if excel and fmt not in (None, "csv"):
        raise UserError.of("excel-needs-csv", msg("--excel writes csv; it cannot go with --format {fmt}", fmt=fmt),
                           field="--excel")
    chosen = "csv" if excel else _output_format(fmt)
    keys = [t.key for t in view.tables]
    if part is not None:
        if part not in keys:
            raise UserError.of("no-such-part", msg("--part {part}: the output has the tables {keys}", part=part,
                                                   keys=Joined(keys, ", ")), field="--part")
        view = view.part(part)
    elif chosen == "csv" and len(keys) > 1:
        note = warning(None, None, "csv-one-table", msg(
            "csv holds one table: this is '{first}'; --part {others} gives another", first=keys[0],
            others=Joined(keys[1:], "|")))
        sys.stderr.write(note.text(load_translator(lang)) + "\n")
        view = view.part(keys[0])
    emit(view, chosen, lang, sys.stdout, wide=wide, bom=excel)


def _version(show: bool) -> None:
    if show:
        from giamngheo import __version__

        sys.stdout.write(f"giamngheo {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Track Kế hoạch 35/KH-UBND, Thanh Hoá province's 2017 plan for poverty reduction.

    Example: giamngheo status --as-of 11/12/2017
    """


@app.command("plan", cls=Command)
def plan_cmd(lang: Lang = None, fmt: Format = None, wide: Wide = False, excel: Excel = False, part: Part = None,
             year: PlanYear = None, data_dir: DataDir = None) -> None:
    """The plan in brief.

    Number, date, issuer, period, the size of each part, and the denominators the pairs imply.

    Example: `giamngheo plan --lang en`
    """
    with running(lang) as lang:
        from giamngheo.views.plan import plan_view

        _emit(plan_view(_plan(data_dir, year)[1], lang), fmt, lang, wide, excel, part)


@app.command(cls=Command)
def indicators(lang: Lang = None, fmt: Format = None, wide: Wide = False, excel: Excel = False, part: Part = None,
               year: PlanYear = None, data_dir: DataDir = None) -> None:
    """The targets (section II of the plan).

    Every numeric target, grouped as the plan groups them, with unit, direction and pair.

    Example: `giamngheo indicators --format csv > chi-tieu.csv`
    """
    with running(lang) as lang:
        from giamngheo.views.plan import indicators_view

        _emit(indicators_view(_plan(data_dir, year)[1], lang), fmt, lang, wide, excel, part)


@app.command(cls=Command)
def agencies(lang: Lang = None, fmt: Format = None, wide: Wide = False, excel: Excel = False, part: Part = None,
             year: PlanYear = None, data_dir: DataDir = None) -> None:
    """The agencies (section V of the plan).

    Every agency with its abbreviation, English name, and how many tasks and targets it holds.

    Example: `giamngheo agencies --format markdown`
    """
    with running(lang) as lang:
        from giamngheo.views.plan import agencies_view

        _emit(agencies_view(_plan(data_dir, year)[1], lang), fmt, lang, wide, excel, part)


@app.command(cls=Command)
def tasks(
    agency: Annotated[Optional[str], typer.Option(help="Only this agency's tasks (id, abbreviation or name).")] = None,
    lang: Lang = None, fmt: Format = None, wide: Wide = False, excel: Excel = False, part: Part = None,
    year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """The tasks (section V of the plan).

    Who does what, by when (with the plan's own wording), and to whom it is reported.

    Example: `giamngheo tasks --agency "Sở Y tế"`
    """
    with running(lang) as lang:
        from giamngheo.views.plan import tasks_view

        plan = _plan(data_dir, year)[1]
        _emit(tasks_view(plan, lang, _agency_id(plan, agency)), fmt, lang, wide, excel, part)


@app.command(cls=Command)
def validate(
    fmt: Annotated[Literal["text", "json"], typer.Option("--format", "-f",
                                     help="text: FILE:LINE: error|warning: message; json: the same for machines.")] = "text",
    lang: Lang = None, data_dir: DataDir = None,
) -> None:
    """Check every data file.

    Checks every plan, the units list and every submission against its own plan. Every
    problem comes out in one run as `FILE:LINE: error|warning: message`; the exit code is 1
    when there are errors.

    Example: `giamngheo validate --data-dir data` or, for a script, `giamngheo validate --format json`
    """
    with running(lang) as lang:
        from giamngheo.core.messages import load_translator
        from giamngheo.core.problems import has_errors
        from giamngheo.store.workspace import check_figures, load_workspace
        from giamngheo.views.validation import checked_counts, validate_summary, validation_data

        today = dt.date.today()
        loaded = load_workspace(_workspace(data_dir), today, every_plan=True, cache=_use_cache())
        loaded.problems += check_figures(loaded, today)
        if fmt == "json":
            import json

            sys.stdout.write(json.dumps(validation_data(loaded, load_translator(lang)), ensure_ascii=False, indent=2) + "\n")
        else:
            tr = load_translator(lang)
            for problem in loaded.problems:
                sys.stderr.write(problem.text(tr) + "\n")
            sys.stderr.flush()  # problems first, then the summary, even when both streams are one
            sys.stdout.write(tr.show(validate_summary(checked_counts(loaded), loaded.problems, lang)) + "\n")
        if has_errors(loaded.problems):
            raise typer.Exit(1)


@app.command(cls=Command)
def schema(
    kind: Annotated[Literal["plan", "submission"], typer.Argument(help="Which schema: plan or submission.")] = "plan",
) -> None:
    """Print a JSON Schema.

    The schema of the plan or of a submission, for editors such as yaml-language-server.

    Example: `giamngheo schema submission > submission.schema.json`
    """
    from giamngheo.model.jsonschema import schema_text

    sys.stdout.write(schema_text(kind))


@app.command(cls=Command)
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Where to make the workspace; the plan goes to DIR/data.")] = Path("."),
    lang: Lang = None,
) -> None:
    """Make a workspace.

    Copies the plan into DIR/data/plan_2017.yaml, with an empty DIR/data/submissions/, and
    the JSON Schemas editors use into DIR/schema/.

    Example: `giamngheo init bao-cao-2017 && cd bao-cao-2017 && giamngheo status`
    """
    with running(lang) as lang:
        from giamngheo.store.workspace import PLAN_FILE, SUBMISSIONS_DIR, init_workspace

        data = init_workspace(directory)
        _say(lang, msg("Created {plan} and {folder}/", plan=f"{data}/{PLAN_FILE}", folder=f"{data}/{SUBMISSIONS_DIR}"))


def _date_option(text: str | None, option: str) -> dt.date | None:
    """The date typed for OPTION, or None when none was given."""
    from giamngheo.core.numbers import InputError, parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except InputError as exc:
        raise InputError.of(exc.code, msg("{option}: {problem}", option=option, problem=exc.message)) from None


def _agency_id(plan: Plan, query: str | None) -> str | None:
    """The id of the agency an --agency option names (None: every agency)."""
    from giamngheo.intake.lookup import find_agency

    return None if query is None else find_agency(plan, query)


@app.command(cls=Command)
def record(
    agency: Annotated[str, typer.Argument(help="The reporting agency: id, abbreviation or name (accents optional).")],
    figures: Annotated[Optional[list[str]], typer.Argument(metavar="[INDICATOR=VALUE]...",
                                                          help="Figures, such as bhyt-can-ngheo=340.112 or nha-tieu-ty-le=46,7.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="The report's date, dd/mm/yyyy or yyyy-mm-dd. Default: today.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="The report's document number, such as 245/BC-SYT.")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="The date the figures refer to. Default: the report date.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A note.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who enters it. Default: the git user, else the login name.")] = None,
    done: Annotated[Optional[list[str]], typer.Option("--done", metavar="TASK", help="A task the report says is done (repeatable).")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="The district, town or city the figures are about, such as \"Mường Lát\". Default: the whole province.")] = None,
    base: Annotated[Optional[list[str]], typer.Option("--base", metavar="RATE=COUNT", help="The base (denominator) of a rate in this unit, such as nha-tieu-ty-le=8.900 (repeatable).")] = None,
    final: Annotated[bool, typer.Option("--final", help="The figures are the official result, not provisional.")] = False,
    lang: Lang = None, fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Record an agency's report.

    Stores one agency's report, its figures and completed tasks, as one new file. With no
    figures at a terminal, asks for each indicator the agency is responsible for. With
    --unit the figures are about one district, town or city; an agency may report only the
    figures the plan gives it (the districts: any figure of their own unit).

    Example: `giamngheo record so-y-te --date 08/12/2017 --source 245/BC-SYT bhyt-can-ngheo=340.112 bhyt-can-ngheo-ty-le=84,1`
    """
    with running(lang) as lang:
        from giamngheo.core.problems import UserError
        from giamngheo.intake.record import build_submission, parse_assignments
        from giamngheo.intake.record import record as store
        from giamngheo.views.submissions import recorded_view

        now = dt.datetime.now().astimezone()
        day = _date_option(as_of, "--as-of") or _date_option(date, "--date") or now.date()
        interactive = not figures and not done and _is_terminal()
        if interactive:  # the prompts show the last value of each figure: read every submission once
            loaded, plan = _load(data_dir, now.date(), year, day, note_bundled=False)
            ws = loaded.workspace
        else:
            ws, plan = _plan(data_dir, year, day)
        _writable(ws)
        units = _units(ws)
        pairs = parse_assignments(figures or [])
        bases = parse_assignments(base or [], "--base")
        if source is None and interactive:
            source = typer.prompt(_said(lang, msg("The report's document number, such as 245/BC-SYT")))
        if source is None:
            raise UserError.of("missing-source", msg(
                "--source is required: the number of the agency's report, such as 245/BC-SYT"), field="--source")
        reported = _date_option(date, "--date") or now.date()
        if interactive:
            from giamngheo.calc.figures import Latest
            from giamngheo.intake.lookup import find_agency

            from giamngheo.intake.lookup import find_unit
            from giamngheo.model.submission import PROVINCE

            latest = Latest.from_stored(loaded.stored, reported)
            unit_id = find_unit(units, unit) if unit is not None else PROVINCE
            agency_id = find_agency(plan, agency)
            _say(lang, msg("Type each figure; Enter skips an indicator."))
            pairs = _prompt_figures(plan, agency_id, latest.in_unit(unit_id), lang)
            done = _prompt_tasks(plan, agency_id, lang)
        sub = build_submission(
            plan, agency=agency, reported=reported, source=source,
            values=pairs, done=done or [], as_of=_date_option(as_of, "--as-of"), note=note,
            by=by or _author(), now=now, units=units, unit=unit, bases=bases, final=final,
        )
        if interactive:
            from giamngheo.intake.record import check_new

            if problems := check_new(plan, sub, units):
                raise UserError(*problems)
            _emit(recorded_view(plan, units, sub, None, lang), fmt, lang)
            if not typer.confirm(_said(lang, msg("Save this report?")), default=True):
                raise UserError.of("not-saved", msg("nothing was saved: the report was not confirmed"))
        path = store(plan, sub, ws.submissions_dir, units)
        _emit(recorded_view(plan, units, sub, path, lang), fmt, lang)


def _prompt_tasks(plan: Plan, agency_id: str, lang: str) -> list[str]:
    """Ask which of the agency's tasks with a deadline the report says are done (Enter: none)."""
    tasks = [t for t in plan.assignments if agency_id in t.agencies and t.deadline is not None]
    if not tasks:
        return []
    listed = ", ".join(t.id for t in tasks)
    question = _said(lang, msg("Tasks done, separated by commas; Enter for none\n  [{tasks}]", tasks=listed))
    answer = typer.prompt(question, default="", show_default=False)
    return [t.strip() for t in answer.split(",") if t.strip()]


def _is_terminal() -> bool:
    """True when a person is typing at stdin (tests replace this to drive the prompts)."""
    return sys.stdin.isatty()


def _prompt_figures(plan: Plan, agency_id: str, latest: dict[str, Figure], lang: str) -> list[tuple[str, str]]:
    """Ask for each of the agency's indicators; empty input skips one, bad input asks again."""
    from giamngheo.core.formats import format_date, format_number
    from giamngheo.core.messages import load_translator
    from giamngheo.core.numbers import InputError
    from giamngheo.intake.record import parse_value
    from giamngheo.views.labels import UNITS, in_lang, indicator_name

    pairs = []
    for ind in plan.indicators_of(agency_id):
        last = latest.get(ind.id)
        unit = in_lang(UNITS[ind.unit], lang)
        shown = f"{format_number(last.value, lang)} ({format_date(last.as_of, lang)})" if last else "—"
        question = _said(lang, msg("{name} [{id}]\n  target {target:num} {unit}, last {last}", name=indicator_name(ind, lang),
                                   id=ind.id, target=ind.target, unit=unit, last=shown))
        while True:
            answer = typer.prompt(question, default="", show_default=False).strip()
            if not answer:
                break
            try:
                parse_value(ind, answer)
            except InputError as exc:
                sys.stderr.write(f"giamngheo: {load_translator(lang).show(exc.message)}\n")
                continue
            pairs.append((ind.id, answer))
            break
    return pairs


@app.command(cls=Command)
def submissions(
    agency: Annotated[Optional[str], typer.Option(help="Only this agency's reports.")] = None,
    lang: Lang = None, fmt: Format = None, wide: Wide = False, excel: Excel = False, part: Part = None,
    year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """The stored reports.

    Every stored report: dates, agency, source document, number of figures, file.

    Example: `giamngheo submissions --agency "Sở Xây dựng" --format csv`
    """
    with running(lang) as lang:
        from giamngheo.views.submissions import submissions_view

        loaded, plan = _load(data_dir, dt.date.today(), year)
        _emit(submissions_view(loaded.stored, _agency_id(plan, agency)), fmt, lang, wide, excel, part)


@app.command(cls=Command)
def history(
    indicator: Annotated[str, typer.Argument(help="The indicator: id or name (accents optional).")],
    unit: Annotated[Optional[str], typer.Option("--unit", help="Only the figures about this unit (the province: \"toàn tỉnh\").")] = None,
    lang: Lang = None, fmt: Format = None, wide: Wide = False, excel: Excel = False, part: Part = None,
    year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """The history of one figure.

    Every recorded value of one indicator, superseded ones included, with date, agency,
    unit, source and file.

    Example: `giamngheo history "ty le ho ngheo"`
    """
    with running(lang) as lang:
        from giamngheo.intake.lookup import find_indicator, find_unit
        from giamngheo.views.submissions import history_view

        loaded, plan = _load(data_dir, dt.date.today(), year)
        assert loaded.units is not None
        unit_id = find_unit(loaded.units, unit) if unit is not None else None
        _emit(history_view(plan, loaded.stored, find_indicator(plan, indicator), lang, unit_id), fmt, lang, wide, excel, part)


@app.command(cls=Command)
def plans(lang: Lang = None, fmt: Format = None, wide: Wide = False, excel: Excel = False, part: Part = None,
          data_dir: DataDir = None) -> None:
    """The plans of the workspace.

    One plan per year (plan_YYYY.yaml): its number, title, period and how many submissions
    belong to it. Every command takes --plan YEAR; the default is the plan of the --as-of
    year, else the latest.

    Example: `giamngheo plans`
    """
    with running(lang) as lang:
        from giamngheo.store.workspace import load_workspace
        from giamngheo.views.plan import plans_view

        loaded = load_workspace(_workspace(data_dir), dt.date.today(), every_plan=True, cache=_use_cache())
        _emit(plans_view(loaded.plans, {y: len(s) for y, s in loaded.by_plan.items()}, lang), fmt, lang, wide, excel, part)


@app.command(cls=Command)
def units(lang: Lang = None, fmt: Format = None, wide: Wide = False, excel: Excel = False, part: Part = None,
          data_dir: DataDir = None) -> None:
    """The reporting units.

    The province and its district-level units (cities, towns, districts) as of 2017, with
    their official codes where a source confirms them, and the named groups such as the 7
    poor districts under Resolution 30a. Reference data kept in units.yaml, not part of the plan.

    Example: `giamngheo units --format csv`
    """
    with running(lang) as lang:
        from giamngheo.views.units import units_view

        ws, _ = _plan(data_dir)
        _emit(units_view(_units(ws), lang), fmt, lang, wide, excel, part)


AsOf = Annotated[Optional[str], typer.Option("--as-of", metavar="DATE",
                                              help="The day to look at, dd/mm/yyyy or yyyy-mm-dd. Default: today.")]
AgencyFilter = Annotated[Optional[str], typer.Option("--agency", help="Only this agency (id, abbreviation or name).")]


@app.command(cls=Command)
def status(
    as_of: AsOf = None, agency: AgencyFilter = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="One district, town or city, such as \"Mường Lát\".")] = None,
    group: Annotated[Optional[str], typer.Option("--group", help="A group of units, such as 30a.")] = None,
    by: Annotated[Optional[Literal["unit"]], typer.Option("--by", help="unit: a table of units × indicators, with how many units reported and their total.")] = None,
    indicator: Annotated[Optional[list[str]], typer.Option("--indicator", help="With --by unit: only this indicator (repeatable).")] = None,
    lang: Lang = None, fmt: Format = None, wide: Wide = False, excel: Excel = False, part: Part = None,
    year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Where the plan stands.

    Targets against the latest figures, reports against their deadlines, and a one-line
    summary, on the day given by --as-of (default: today). The province's value is a
    department's province-wide figure, else the total of the units' figures, with how many
    units it covers. --unit and --group look at one unit or a group; --by unit shows every unit.

    Example: `giamngheo status --as-of 11/12/2017`, or `giamngheo status --by unit --indicator nha-o`
    """
    with running(lang) as lang:
        from giamngheo.calc.figures import Latest
        from giamngheo.intake.lookup import find_group, find_indicator, find_unit
        from giamngheo.store.workspace import check_figures
        from giamngheo.views.status import group_place, status_view, unit_place

        loaded, plan, on, chosen = _load_for_day(data_dir, as_of, agency, year)
        units = loaded.units
        assert units is not None and loaded.unit_targets is not None
        if by == "unit":
            from giamngheo.views.units import unit_matrix_view

            wanted = [find_indicator(plan, i) for i in indicator or []]
            rows = units.group_by_id[find_group(units, group)].members if group is not None else None
            _emit(unit_matrix_view(plan, units, loaded.stored, on, lang, wanted, rows), fmt, lang, wide, excel, part)
            _warn_skipped(loaded, lang)
            return
        place = None
        if unit is not None:
            unit_id = find_unit(units, unit)
            if unit_id != units.province.id:
                place = unit_place(units, unit_id, loaded.unit_targets.of(unit_id))
        elif group is not None:
            place = group_place(units, find_group(units, group))
        latest = Latest.from_stored(loaded.stored, on)
        warnings = check_figures(loaded, on, latest)
        _emit(status_view(plan, units, loaded.stored, on, chosen, lang, place, warnings, latest), fmt, lang, wide, excel, part)
        _warn_skipped(loaded, lang)
        _show_warnings(warnings, fmt, lang)


@app.command(cls=Command)
def report(
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE",
                                         help="The file to write: .xlsx, .docx or .html (the format comes from the ending).")],
    fmt: Annotated[Optional[Literal["xlsx", "docx", "html"]], typer.Option(
        "--format", "-f", show_default=False, help="xlsx, docx or html, when the file name does not say.")] = None,
    as_of: AsOf = None, agency: AgencyFilter = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="One district, town or city, such as \"Mường Lát\".")] = None,
    template: Annotated[Optional[Path], typer.Option("--template", metavar="FILE.docx",
                                                     help="A Word template to use instead of the shipped one (see --save-template).")] = None,
    save_template: Annotated[bool, typer.Option("--save-template",
                                                help="Write the shipped Word template (for --lang) to FILE, to edit in Word.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it already exists.")] = False,
    lang: Lang = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Write the report for the provincial committee.

    An Excel workbook (the targets, a chart, the deadlines, the units, every figure), a
    Word draft in the layout of Nghị định 30/2020/NĐ-CP, or one self-contained web page,
    with the same numbers as `status` on the day given by --as-of. Every figure names its
    submission file and source document. An existing FILE is kept unless --force.
    SOURCE_DATE_EPOCH fixes the "made at" time, so that a rebuild gives the same bytes.

    Example: `giamngheo report --as-of 15/12/2017 -o bao-cao-ket-qua-2017.xlsx`
    """
    with running(lang) as lang:
        from giamngheo import __version__
        from giamngheo.core.files import refuse_unwritable, write_whole
        from giamngheo.render.report import report_bytes
        from giamngheo.views.report import Provenance, report_data
        from giamngheo.views.status import unit_place

        refuse_unwritable(output, replace=force)  # before any work: a folder, or a file already there
        chosen_format = _report_format(output, fmt)
        if (save_template or template is not None) and chosen_format != "docx":
            from giamngheo.core.problems import UserError

            option = "--save-template" if save_template else "--template"
            raise UserError.of("report-format", msg("{option} is about the Word template: give a FILE ending in .docx",
                                                    option=option), field=option)
        if save_template:
            from giamngheo.render.docx import shipped_template

            write_whole(output, shipped_template(lang).read_bytes(), replace=force)
            _say(lang, msg("Template written: {path}", path=str(output)))
            return
        generated = _generated_at()
        loaded, plan, on, chosen = _load_for_day(data_dir, as_of, agency, year)
        units = loaded.units
        assert units is not None and loaded.unit_targets is not None
        place = None
        if unit is not None:
            from giamngheo.intake.lookup import find_unit

            unit_id = find_unit(units, unit)
            if unit_id != units.province.id:
                place = unit_place(units, unit_id, loaded.unit_targets.of(unit_id))
        ws = loaded.workspace
        commit, dirty = (None, False) if ws.bundled else _git_commit(ws.root)
        provenance = Provenance(__version__, generated, commit, dirty)
        data = report_data(plan, units, loaded.stored, on, lang, provenance, chosen, place)
        write_whole(output, report_bytes(data, chosen_format, template), replace=force)
        _say(lang, msg("Report written: {path}", path=str(output)))
        _warn_skipped(loaded, lang)
        from giamngheo.store.workspace import check_figures

        _show_warnings(check_figures(loaded, on), None, lang)  # the figures that disagree, as status shows them


def _report_format(output: Path, fmt: str | None) -> str:
    """--format, else the ending of the file name; the two must agree."""
    from giamngheo.core.problems import UserError
    from giamngheo.render.report import REPORT_FORMATS

    ending = output.suffix.lower().lstrip(".")
    if fmt is None and ending not in REPORT_FORMATS:
        raise UserError.of("report-format", msg(
            "{path}: cannot tell the format from the name; end it in .xlsx, .docx or .html, or give --format",
            path=str(output)), field="--output")
    if fmt is not None and ending in REPORT_FORMATS and ending != fmt:
        raise UserError.of("report-format", msg("{path}: the name says .{ending} but --format says {fmt}",
                                                path=str(output), ending=ending, fmt=fmt), field="--format")
    return fmt or ending


def _generated_at() -> dt.datetime:
    """The report's "made at" moment: $SOURCE_DATE_EPOCH (seconds since 1970, UTC) when set, else now."""
    from giamngheo.core.problems import UserError

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return dt.datetime.now().astimezone().replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UserError.of("bad-source-date-epoch", msg(
            "SOURCE_DATE_EPOCH={value} is not a time: give whole seconds since 1970-01-01 UTC, such as 1513296000",
            value=epoch), field="SOURCE_DATE_EPOCH") from None


def _git_commit(folder: Path) -> tuple[str | None, bool]:
    """The commit the data folder's git repository is at, and whether the folder has uncommitted changes."""
    import subprocess

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--verify", "--quiet", "HEAD")
    if not commit:
        return None, False
    changes = git("status", "--porcelain", "--untracked-files=normal", "--", ".")
    return commit, bool(changes)


def _show_warnings(warnings: list[Problem], fmt: str | None, lang: str) -> None:
    """The figures that disagree, on stderr (JSON carries them in its own `warnings`)."""
    from giamngheo.core.messages import load_translator

    if _output_format(fmt) == "json":
        return
    tr = load_translator(lang)
    for problem in warnings:
        sys.stderr.write(problem.text(tr) + "\n")


@app.command(cls=Command)
def overdue(
    within: Annotated[Optional[int], typer.Option("--within", metavar="N", min=0,
                                                  help="Also list reports still owed in the next N days.")] = None,
    fail_on_overdue: Annotated[bool, typer.Option("--fail-on-overdue", help="Exit 1 when any report is overdue (for cron or CI).")] = False,
    as_of: AsOf = None, agency: AgencyFilter = None, lang: Lang = None, fmt: Format = None, wide: Wide = False, excel: Excel = False, part: Part = None,
    year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """The overdue reports.

    Only the overdue and late reports; --within N adds those still owed in the next N days.
    With --fail-on-overdue the exit code is 1 when any report is overdue.

    Example: `giamngheo overdue --as-of 11/12/2017 --within 7 --fail-on-overdue`
    """
    with running(lang) as lang:
        from giamngheo.views.status import overdue_view

        if fail_on_overdue and _workspace(data_dir, note_bundled=False).bundled:
            from giamngheo.store.workspace import WorkspaceError

            raise WorkspaceError.of("nothing-to-check", msg(
                "--fail-on-overdue: no workspace at or above {folder}, so there are no reports to check; "
                "run it from the workspace or give --data-dir", folder=str(Path.cwd())), field="--fail-on-overdue")
        loaded, plan, on, chosen = _load_for_day(data_dir, as_of, agency, year)
        assert loaded.units is not None
        view, count = overdue_view(plan, loaded.units, loaded.stored, on, within, chosen, lang)
        _emit(view, fmt, lang, wide, excel, part)
        _warn_skipped(loaded, lang)
        if fail_on_overdue and count:
            raise typer.Exit(1)


def _load_for_day(data_dir: str | None, as_of: str | None, agency: str | None,
                  year: int | None) -> tuple[Loaded, Plan, dt.date, str | None]:
    """The loaded workspace, its plan, the day to look at (default today) and the agency id asked for."""
    today = dt.date.today()
    on = _date_option(as_of, "--as-of") or today
    loaded, plan = _load(data_dir, today, year, on)
    assert loaded.units is not None  # a list that did not load has errors, which _load stops on
    return loaded, plan, on, _agency_id(plan, agency)


def _warn_skipped(loaded: Loaded, lang: str) -> None:
    """Say on stderr when broken submission files were left out, so no figure is missed silently."""
    from giamngheo.core.messages import load_translator
    from giamngheo.core.problems import warning

    bad = sorted({p.file for p in loaded.problems if p.is_error and p.file is not None})
    if bad:
        left_out = warning(None, None, "files-left-out", nmsg(
            "{n:num} file with errors was left out; run `giamngheo validate` to see it (first: {first})",
            "{n:num} files with errors were left out; run `giamngheo validate` to see them (first: {first})",
            len(bad), first=bad[0]))
        sys.stderr.write(left_out.text(load_translator(lang)) + "\n")


def _said(lang: str, message: Message) -> str:
    """MESSAGE in LANG, as a prompt or a line shows it."""
    from giamngheo.core.messages import load_translator

    return load_translator(lang).show(message)


def _say(lang: str, message: Message) -> None:
    """Write MESSAGE in LANG as one line of stdout."""
    sys.stdout.write(_said(lang, message) + "\n")


@app.command(cls=Command)
def export(
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE",
                                         help="figures.csv, figures.json or figures.parquet (the format follows the name); - for csv on stdout.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    lang: Lang = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Export every figure, for national analysis.

    One row per figure ever recorded, superseded ones included: plan, unit, agency,
    indicator, as-of, value, base, source document, file, recorded at, and the file that
    superseded it. Every plan unless --plan is given. Parquet needs the extra
    `pip install 'giamngheo[parquet]'`; DuckDB or pandas can then read many provinces at once.

    Example: `giamngheo export -o so-lieu-2017.csv --plan 2017`
    """
    with running(lang) as lang:
        from giamngheo.core.files import refuse_unwritable, write_whole
        from giamngheo.core.problems import UserError
        from giamngheo.store.workspace import load_workspace
        from giamngheo.views.export import export_view

        suffix = "csv" if str(output) == "-" else output.suffix.lower().lstrip(".")
        if suffix not in ("csv", "json", "parquet"):
            raise UserError.of("unsupported", msg("{path}: give a name ending in .csv, .json or .parquet",
                                                  path=str(output)), field="--output")
        if str(output) != "-":
            refuse_unwritable(output, replace=force)  # before any work: a folder, or a file already there
        today = dt.date.today()
        ws = _workspace(data_dir)
        loaded = load_workspace(ws, today, year, every_plan=year is None, cache=_use_cache())
        _stop_on_plan_errors(loaded.reference_problems)
        view = export_view(loaded.plans, {y: s for y, s in loaded.by_plan.items() if year is None or y == year})
        if suffix == "parquet":
            from giamngheo.render.parquet import to_parquet

            data = to_parquet(view.tables[0])
        else:
            from giamngheo.render.data import to_csv, to_json

            text = to_csv(view) if suffix == "csv" else to_json(view) + "\n"
            if str(output) == "-":
                sys.stdout.write(text)
                return
            data = text.encode("utf-8")
        write_whole(output, data, replace=force)
        rows = len(view.tables[0].rows)
        _say(lang, nmsg("Exported {n:num} figure → {path}", "Exported {n:num} figures → {path}", rows, path=str(output)))
        _warn_skipped(loaded, lang)


ImportLayout = Annotated[
    Optional[Literal["figures", "department", "districts"]],
    typer.Option("--layout", show_default=False,
                 help="The sheet's layout: figures, department or districts. Default: found from the header row; "
                 "with --template, figures."),
]


@app.command("import", cls=Command)
def import_cmd(
    file: Annotated[Optional[Path], typer.Argument(help="A .xlsx or .csv sheet, in one of the three layouts above.")] = None,
    template: Annotated[Optional[Path], typer.Option("--template", metavar="FILE.xlsx",
                                                     help="Write an empty sheet of the --layout instead, as `giamngheo template` does.")] = None,
    layout: ImportLayout = None,
    sheet: Annotated[Optional[str], typer.Option("--sheet", metavar="NAME", help="The sheet of the workbook to read. Default: the first visible one; a workbook with several sheets of figures needs it.")] = None,
    agency: Annotated[Optional[str], typer.Option("--agency", help="The reporting agency, for a sheet with no Cơ quan column (id, abbreviation or name). With --template: only its indicators.")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="The district, town or city a sheet is about, for a sheet with no Địa bàn column. Default: the whole province.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="The report's date, for a sheet with no such column: dd/mm/yyyy or yyyy-mm-dd.")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="The date the figures refer to, for a sheet with no such column. Default: the report date.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="The report's document number, for a sheet with no such column, such as 245/BC-SYT.")] = None,
    again: Annotated[bool, typer.Option("--again", help="Store a file that was imported before (it is refused otherwise).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the sheet and show what would be stored; write nothing.")] = False,
    by: Annotated[Optional[str], typer.Option("--by", help="Who enters it. Default: the git user, else the login name.")] = None,
    lang: Lang = None, fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Import figures from an Excel or CSV sheet.

    The whole sheet is checked first: if any cell is bad, each is listed as FILE:SHEET!CELL
    (FILE:ROW in a CSV file) and nothing is written. Each agency, unit, date and source
    becomes one report. Three layouts are read, found from the header row (title rows above
    it are skipped):

    \b
    figures     one row per figure (the template's layout):
                Cơ quan | Chỉ tiêu | Giá trị | Ngày báo cáo | Số văn bản, and optionally
                Địa bàn | Mẫu số | Số liệu đến ngày | Ghi chú
    department  a department's results table, under its title rows:
                STT | Chỉ tiêu | Đơn vị tính | Kế hoạch 2017 | Thực hiện | Tỷ lệ (%)
                Chỉ tiêu is an indicator's id or name; Thực hiện is stored; Kế hoạch and
                Tỷ lệ are checked, never stored; STT, Đơn vị tính and total rows (Tổng
                cộng, Cộng) are not read, and the output says so.
    districts   one row per district, town or city, one column per indicator:
                Địa bàn | nha-o-qd33 | nha-tieu | Mẫu số nha-tieu-ty-le
                a column headed "Mẫu số RATE" gives the base of RATE; the province's
                total row is not read.

    A sheet without the columns Cơ quan, Ngày báo cáo, Số văn bản or Địa bàn takes them
    from --agency, --date, --source and --unit. A file imported before is refused unless
    --again is given.

    Example: `giamngheo import bao-cao-syt.xlsx --agency "Sở Y tế" --date 08/12/2017 --source 245/BC-SYT --dry-run`
    """
    with running(lang) as lang:
        from giamngheo.core.problems import UserError

        if template is not None:  # the same as `giamngheo template`, where the option began
            _write_template(template, layout or "figures", agency, data_dir, year, lang)
            return
        if file is None:
            raise UserError.of("no-file", msg("give a FILE.xlsx or FILE.csv to import, or --template FILE.xlsx"))
        from giamngheo.intake.importing import ImportOptions, plan_import, store_import
        from giamngheo.views.importing import import_view

        options = ImportOptions(layout=layout, sheet=sheet, agency=agency, unit=unit,
                                reported=_date_option(date, "--date"), as_of=_date_option(as_of, "--as-of"),
                                source=source, again=again)
        now = dt.datetime.now().astimezone()
        loaded, plan = _load(data_dir, now.date(), year, note_bundled=dry_run)
        assert loaded.units is not None
        folder = None if dry_run else _writable(loaded.workspace).submissions_dir  # before the user fixes any cell
        planned = plan_import(plan, loaded.units, file, options, now=now, by=by or _author(), stored=loaded.stored)
        paths = None if folder is None else store_import(planned.subs, folder)
        _emit(import_view(plan, planned, paths, lang), fmt, lang)
        _show_warnings([*planned.warnings, *planned.notes], fmt, lang)


@app.command("template", cls=Command)
def template_cmd(
    file: Annotated[Path, typer.Argument(metavar="FILE.xlsx", help="The workbook to write; it must not exist yet.")],
    layout: Annotated[Literal["figures", "department", "districts"], typer.Option(
        "--layout", help="figures (one row per figure), department (a department's results table) or districts "
        "(one row per district).")] = "figures",
    agency: Annotated[Optional[str], typer.Option("--agency", help="Only the indicators this agency reports (id, abbreviation or name).")] = None,
    lang: Lang = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """A blank sheet to fill in and import.

    Writes an empty workbook in one of the layouts `giamngheo import` reads, with a hint on
    every header and a second sheet of the valid agencies, indicators and units. A
    department's table lists the plan's indicators with their units and targets; a table of
    districts lists the 27 units, one column per indicator and one per rate's base (Mẫu số).

    Example: `giamngheo template bao-cao-syt.xlsx --layout department --agency "Sở Y tế"`
    """
    with running(lang) as lang:
        _write_template(file, layout, agency, data_dir, year, lang)


def _write_template(path: Path, layout: Literal["figures", "department", "districts"], agency: str | None,
                    data_dir: str | None, year: int | None, lang: str) -> None:
    from giamngheo.intake.template import write_template

    ws, plan = _plan(data_dir, year)
    write_template(plan, _units(ws), path, layout, _agency_id(plan, agency))
    _say(lang, msg("Template written: {path}", path=str(path)))


def _author() -> str:
    """Who is recording: the git user name, else the login name."""
    import getpass
    import subprocess

    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=2).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # getpass raises several kinds when no user is known
        return os.environ.get("USER", "unknown")


def main() -> None:
    """Entry point of the console script and of `python -m giamngheo`."""
    try:
        app()
    except BrokenPipeError:  # `giamngheo status | head`: the reader left, which is fine
        sys.stderr.close()
        os._exit(0)
    except Exception as exc:  # a bug: say so in one line; GIAMNGHEO_DEBUG=1 shows the traceback
        if os.environ.get("GIAMNGHEO_DEBUG"):
            raise
        sys.stderr.write(f"giamngheo: internal error (please report it): {type(exc).__name__}: {exc}\n")
        sys.exit(70)
