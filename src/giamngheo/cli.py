"""The command line: arguments in, calls to the core, reports out. Nothing else lives here.

Only typer is imported at start-up; each command imports the core it needs, so that
`giamngheo --help` stays as fast as typer itself.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Optional

import typer

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
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rich would triple the start-up time of --help
)

DataDir = Annotated[
    Optional[str],
    typer.Option("--data-dir", metavar="DIR", show_default=False,
                 help="Thư mục dữ liệu (data folder) holding the plan YAML and submissions/. "
                 "Default: $GIAMNGHEO_DATA, else ./data, else the bundled plan (read-only)."),
]
Format = Annotated[
    Optional[Literal[FORMATS]],  # type: ignore[valid-type]
    typer.Option("--format", "-f", show_default=False,
                 help="Output format: table (default on a terminal), plain (default in a pipe), markdown, csv, json. "
                 "$GIAMNGHEO_FORMAT sets the default."),
]
Lang = Annotated[
    Literal["vi", "en"],
    typer.Option("--lang", help="Ngôn ngữ (language): vi or en."),
]
PlanYear = Annotated[
    Optional[int],
    typer.Option("--plan", metavar="YEAR", show_default=False,
                 help="Kế hoạch năm (the plan of YEAR). Default: the plan of the --as-of year, else the latest."),
]


@contextmanager
def errors_worded() -> Iterator[None]:
    """Turn the core's refusals into `FILE:LINE: error: message` lines on stderr and exit code 1."""
    from giamngheo.core.messages import ENGLISH
    from giamngheo.core.problems import UserError
    from giamngheo.render.problems import problem_lines

    try:
        _output_format(None)  # a bad $GIAMNGHEO_FORMAT stops a command before it does anything
        yield
    except UserError as exc:
        for line in problem_lines(exc.problems, ENGLISH):
            sys.stderr.write(line + "\n")
        raise typer.Exit(1) from None
    except OSError as exc:  # the system refused a path the user gave (too long, a pipe, gone)
        sys.stderr.write(f"giamngheo: error: {exc.filename or 'giamngheo'}: {exc.strerror or exc}\n")
        raise typer.Exit(1) from None


def _workspace(data_dir: str | None) -> Workspace:
    from giamngheo.store.workspace import find_workspace

    return find_workspace(data_dir, os.environ, Path.cwd())


def _writable(ws: Workspace) -> Workspace:
    """WS, unless it is the bundled plan, which is read-only."""
    from giamngheo.core.messages import msg
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


def _plan(data_dir: str | None, year: int | None = None, on: dt.date | None = None) -> tuple[Workspace, Plan]:
    """The workspace and its checked plan (YEAR's, else the one of ON's year, else the latest),
    without reading any submission."""
    from giamngheo.store.workspace import choose_year, load_checked_plan

    ws = _workspace(data_dir)
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
          on: dt.date | None = None) -> tuple[Loaded, Plan]:
    """The workspace with the submissions of one plan read and checked as of TODAY, and that plan
    (YEAR's, else the one of ON's year, else the latest)."""
    from giamngheo.store.workspace import choose_year, load_workspace

    ws = _workspace(data_dir)
    loaded = load_workspace(ws, today, choose_year(ws, on or today, year), cache=_use_cache())
    _stop_on_plan_errors(loaded.reference_problems)
    assert loaded.plan is not None  # a plan that did not load has errors
    return loaded, loaded.plan


def _use_cache() -> bool:
    """False when $GIAMNGHEO_NO_CACHE is set: every file is read afresh (for comparisons and benchmarks)."""
    return not os.environ.get("GIAMNGHEO_NO_CACHE")


def _output_format(fmt: str | None) -> str:
    """--format, else $GIAMNGHEO_FORMAT, else a table at a terminal and plain text in a pipe."""
    from giamngheo.core.messages import msg
    from giamngheo.core.problems import UserError

    chosen = fmt or os.environ.get("GIAMNGHEO_FORMAT") or ("table" if sys.stdout.isatty() else "plain")
    if chosen not in FORMATS:
        raise UserError.of("bad-format", msg("GIAMNGHEO_FORMAT={value} is not one of {formats}",
                                             value=chosen, formats=", ".join(FORMATS)), field="GIAMNGHEO_FORMAT")
    return chosen


def _emit(view: View, fmt: str | None, lang: str) -> None:
    from giamngheo.render import emit

    emit(view, _output_format(fmt), lang, sys.stdout)


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
    """Theo dõi Kế hoạch 35/KH-UBND giảm nghèo năm 2017 của tỉnh Thanh Hoá (Tracker for Thanh Hoá's
    2017 poverty-reduction plan).

    Example: giamngheo status --as-of 11/12/2017
    """


@app.command("plan")
def plan_cmd(lang: Lang = "vi", fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None) -> None:
    """Tóm tắt kế hoạch (plan summary).

    Number, date, issuer, period, the size of each part, and the denominators the pairs imply.

    Example: `giamngheo plan --lang en`
    """
    with errors_worded():
        from giamngheo.views.plan import plan_view

        _emit(plan_view(_plan(data_dir, year)[1], lang), fmt, lang)


@app.command()
def indicators(lang: Lang = "vi", fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None) -> None:
    """Các chỉ tiêu (targets of section II).

    Every numeric target, grouped as the plan groups them, with unit, direction and pair.

    Example: `giamngheo indicators --format csv > chi-tieu.csv`
    """
    with errors_worded():
        from giamngheo.views.plan import indicators_view

        _emit(indicators_view(_plan(data_dir, year)[1], lang), fmt, lang)


@app.command()
def agencies(lang: Lang = "vi", fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None) -> None:
    """Các cơ quan (agencies of section V).

    Every agency with its abbreviation, English name, and how many tasks and targets it holds.

    Example: `giamngheo agencies --format markdown`
    """
    with errors_worded():
        from giamngheo.views.plan import agencies_view

        _emit(agencies_view(_plan(data_dir, year)[1], lang), fmt, lang)


@app.command()
def tasks(
    agency: Annotated[Optional[str], typer.Option(help="Only this agency's tasks (id, abbreviation or name).")] = None,
    lang: Lang = "vi", fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Các nhiệm vụ (tasks of section V).

    Who does what, by when (with the plan's own wording), and to whom it is reported.

    Example: `giamngheo tasks --agency "Sở Y tế"`
    """
    with errors_worded():
        from giamngheo.views.plan import tasks_view

        plan = _plan(data_dir, year)[1]
        _emit(tasks_view(plan, lang, _agency_id(plan, agency)), fmt, lang)


@app.command()
def validate(
    fmt: Annotated[Literal["text", "json"], typer.Option("--format", "-f",
                                     help="text: FILE:LINE: error|warning: message; json: the same for machines.")] = "text",
    lang: Lang = "vi", data_dir: DataDir = None,
) -> None:
    """Kiểm tra dữ liệu (check all data files).

    Checks every plan, the units list and every submission against its own plan. Every
    problem comes out in one run as `FILE:LINE: error|warning: message`; the exit code is 1
    when there are errors.

    Example: `giamngheo validate --data-dir data` or, for a script, `giamngheo validate --format json`
    """
    with errors_worded():
        from giamngheo.core.messages import ENGLISH
        from giamngheo.core.problems import has_errors
        from giamngheo.store.workspace import check_figures, load_workspace
        from giamngheo.views.validation import checked_counts, validate_summary, validation_data

        today = dt.date.today()
        loaded = load_workspace(_workspace(data_dir), today, every_plan=True, cache=_use_cache())
        loaded.problems += check_figures(loaded, today)
        if fmt == "json":
            import json

            sys.stdout.write(json.dumps(validation_data(loaded, ENGLISH), ensure_ascii=False, indent=2) + "\n")
        else:
            for problem in loaded.problems:
                sys.stderr.write(problem.text(ENGLISH) + "\n")
            sys.stderr.flush()  # problems first, then the summary, even when both streams are one
            sys.stdout.write(validate_summary(checked_counts(loaded), loaded.problems, lang) + "\n")
        if has_errors(loaded.problems):
            raise typer.Exit(1)


@app.command()
def schema(
    kind: Annotated[Literal["plan", "submission"], typer.Argument(help="Which schema: plan or submission.")] = "plan",
) -> None:
    """In JSON Schema (print a JSON Schema).

    The schema of the plan or of a submission, for editors such as yaml-language-server.

    Example: `giamngheo schema submission > submission.schema.json`
    """
    from giamngheo.model.jsonschema import schema_text

    sys.stdout.write(schema_text(kind))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Where to make the workspace; the plan goes to DIR/data.")] = Path("."),
) -> None:
    """Tạo thư mục làm việc (make a workspace).

    Copies the plan into DIR/data/plan_2017.yaml, with an empty DIR/data/submissions/, and
    the JSON Schemas editors use into DIR/schema/.

    Example: `giamngheo init bao-cao-2017 && cd bao-cao-2017 && giamngheo status`
    """
    with errors_worded():
        from giamngheo.store.workspace import PLAN_FILE, SUBMISSIONS_DIR, init_workspace

        data = init_workspace(directory)
        sys.stdout.write(f"Đã tạo (created) {data}/{PLAN_FILE} và (and) {data}/{SUBMISSIONS_DIR}/\n")


def _date_option(text: str | None, option: str) -> dt.date | None:
    """The date typed for OPTION, or None when none was given."""
    from giamngheo.core.messages import msg
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


@app.command()
def record(
    agency: Annotated[str, typer.Argument(help="The reporting agency: id, abbreviation or name (accents optional).")],
    figures: Annotated[Optional[list[str]], typer.Argument(metavar="[INDICATOR=VALUE]...",
                                                          help="Figures, such as bhyt-can-ngheo=340.112 or nha-tieu-ty-le=46,7.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Ngày báo cáo (report date), dd/mm/yyyy or yyyy-mm-dd. Default: today.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Số văn bản (the report's number), such as 245/BC-SYT.")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="The date the figures refer to. Default: the report date.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="Ghi chú (a note).")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who enters it. Default: the git user, else the login name.")] = None,
    done: Annotated[Optional[list[str]], typer.Option("--done", metavar="TASK", help="A task the report says is done (repeatable).")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="Đơn vị (the district, town or city the figures are about), such as \"Mường Lát\". Default: the whole province.")] = None,
    base: Annotated[Optional[list[str]], typer.Option("--base", metavar="RATE=COUNT", help="Mẫu số (the base of a rate in this unit), such as nha-tieu-ty-le=8.900 (repeatable).")] = None,
    lang: Lang = "vi", fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Ghi nhận báo cáo (record a report).

    Stores one agency's report, its figures and completed tasks, as one new file. With no
    figures at a terminal, asks for each indicator the agency is responsible for. With
    --unit the figures are about one district, town or city; an agency may report only the
    figures the plan gives it (the districts: any figure of their own unit).

    Example: `giamngheo record so-y-te --date 08/12/2017 --source 245/BC-SYT bhyt-can-ngheo=340.112 bhyt-can-ngheo-ty-le=84,1`
    """
    with errors_worded():
        from giamngheo.core.messages import msg
        from giamngheo.core.problems import UserError
        from giamngheo.intake.record import build_submission, parse_assignments
        from giamngheo.intake.record import record as store
        from giamngheo.views.submissions import recorded_view

        now = dt.datetime.now().astimezone()
        day = _date_option(as_of, "--as-of") or _date_option(date, "--date") or now.date()
        interactive = not figures and not done and _is_terminal()
        if interactive:  # the prompts show the last value of each figure: read every submission once
            loaded, plan = _load(data_dir, now.date(), year, day)
            ws = loaded.workspace
        else:
            ws, plan = _plan(data_dir, year, day)
        _writable(ws)
        units = _units(ws)
        pairs = parse_assignments(figures or [])
        bases = parse_assignments(base or [], "--base")
        if source is None and interactive:
            source = typer.prompt("Số văn bản (source document, such as 245/BC-SYT)")
        if source is None:
            raise UserError.of("missing-source", msg(
                "--source is required: the number of the agency's report, such as 245/BC-SYT"), field="--source")
        reported = _date_option(date, "--date") or now.date()
        if interactive:
            from giamngheo.calc.figures import Latest, figures_of
            from giamngheo.intake.lookup import find_agency

            from giamngheo.intake.lookup import find_unit
            from giamngheo.model.submission import PROVINCE

            latest = Latest(figures_of(loaded.stored), reported)
            unit_id = find_unit(units, unit) if unit is not None else PROVINCE
            pairs = _prompt_figures(plan, find_agency(plan, agency), latest.in_unit(unit_id), lang)
        sub = build_submission(
            plan, agency=agency, reported=reported, source=source,
            values=pairs, done=done or [], as_of=_date_option(as_of, "--as-of"), note=note,
            by=by or _author(), now=now, units=units, unit=unit, bases=bases,
        )
        path = store(plan, sub, ws.submissions_dir, units)
        _emit(recorded_view(plan, units, sub, path, lang), fmt, lang)


def _is_terminal() -> bool:
    """True when a person is typing at stdin (tests replace this to drive the prompts)."""
    return sys.stdin.isatty()


def _prompt_figures(plan: Plan, agency_id: str, latest: dict[str, Figure], lang: str) -> list[tuple[str, str]]:
    """Ask for each of the agency's indicators; empty input skips one, bad input asks again."""
    from giamngheo.core.formats import format_date, format_number
    from giamngheo.core.messages import ENGLISH
    from giamngheo.core.numbers import InputError
    from giamngheo.intake.record import parse_value
    from giamngheo.views.labels import UNITS, in_lang, indicator_name

    pairs = []
    for ind in plan.indicators_of(agency_id):
        last = latest.get(ind.id)
        unit = in_lang(UNITS[ind.unit], lang)
        shown = f"{format_number(last.value, lang)} ({format_date(last.as_of, lang)})" if last else "—"
        question = (f"{indicator_name(ind, lang)} [{ind.id}]\n  mục tiêu (target) {format_number(ind.target, lang)} {unit}, "
                    f"gần nhất (last) {shown}")
        while True:
            answer = typer.prompt(question, default="", show_default=False).strip()
            if not answer:
                break
            try:
                parse_value(ind, answer)
            except InputError as exc:
                sys.stderr.write(f"giamngheo: {ENGLISH.show(exc.message)}\n")
                continue
            pairs.append((ind.id, answer))
            break
    return pairs


@app.command()
def submissions(
    agency: Annotated[Optional[str], typer.Option(help="Only this agency's reports.")] = None,
    lang: Lang = "vi", fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Các báo cáo đã ghi (stored reports).

    Every stored report: dates, agency, source document, number of figures, file.

    Example: `giamngheo submissions --agency "Sở Xây dựng" --format csv`
    """
    with errors_worded():
        from giamngheo.views.submissions import submissions_view

        loaded, plan = _load(data_dir, dt.date.today(), year)
        _emit(submissions_view(loaded.stored, _agency_id(plan, agency)), fmt, lang)


@app.command()
def history(
    indicator: Annotated[str, typer.Argument(help="The indicator: id or name (accents optional).")],
    unit: Annotated[Optional[str], typer.Option("--unit", help="Only the figures about this unit (the province: \"toàn tỉnh\").")] = None,
    lang: Lang = "vi", fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Lịch sử số liệu (history of a figure).

    Every recorded value of one indicator, superseded ones included, with date, agency,
    unit, source and file.

    Example: `giamngheo history "ty le ho ngheo"`
    """
    with errors_worded():
        from giamngheo.intake.lookup import find_indicator, find_unit
        from giamngheo.views.submissions import history_view

        loaded, plan = _load(data_dir, dt.date.today(), year)
        assert loaded.units is not None
        unit_id = find_unit(loaded.units, unit) if unit is not None else None
        _emit(history_view(plan, loaded.stored, find_indicator(plan, indicator), lang, unit_id), fmt, lang)


@app.command()
def plans(lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None) -> None:
    """Các kế hoạch (the plans of the workspace).

    One plan per year (plan_YYYY.yaml): its number, title, period and how many submissions
    belong to it. Every command takes --plan YEAR; the default is the plan of the --as-of
    year, else the latest.

    Example: `giamngheo plans`
    """
    with errors_worded():
        from giamngheo.store.workspace import load_workspace
        from giamngheo.views.plan import plans_view

        loaded = load_workspace(_workspace(data_dir), dt.date.today(), every_plan=True, cache=_use_cache())
        _emit(plans_view(loaded.plans, {y: len(s) for y, s in loaded.by_plan.items()}, lang), fmt, lang)


@app.command()
def units(lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None) -> None:
    """Các đơn vị báo cáo (reporting units).

    The province and its district-level units (cities, towns, districts) as of 2017, with
    their official codes where a source confirms them, and the named groups such as the 7
    poor districts under Resolution 30a. Reference data kept in units.yaml, not part of the plan.

    Example: `giamngheo units --format csv`
    """
    with errors_worded():
        from giamngheo.views.units import units_view

        ws, _ = _plan(data_dir)
        _emit(units_view(_units(ws), lang), fmt, lang)


AsOf = Annotated[Optional[str], typer.Option("--as-of", metavar="DATE",
                                              help="Xem tại ngày (the day to look at), dd/mm/yyyy or yyyy-mm-dd. Default: today.")]
AgencyFilter = Annotated[Optional[str], typer.Option("--agency", help="Only this agency (id, abbreviation or name).")]


@app.command()
def status(
    as_of: AsOf = None, agency: AgencyFilter = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="Một đơn vị (one district, town or city), such as \"Mường Lát\".")] = None,
    group: Annotated[Optional[str], typer.Option("--group", help="Một nhóm đơn vị (a group of units), such as 30a.")] = None,
    by: Annotated[Optional[Literal["unit"]], typer.Option("--by", help="unit: a table of units × indicators, with how many units reported and their total.")] = None,
    indicator: Annotated[Optional[list[str]], typer.Option("--indicator", help="With --by unit: only this indicator (repeatable).")] = None,
    lang: Lang = "vi", fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Tình hình thực hiện (where the plan stands).

    Targets against the latest figures, reports against their deadlines, and a one-line
    summary, on the day given by --as-of (default: today). The province's value is a
    department's province-wide figure, else the total of the units' figures, with how many
    units it covers. --unit and --group look at one unit or a group; --by unit shows every unit.

    Example: `giamngheo status --as-of 11/12/2017`, or `giamngheo status --by unit --indicator nha-o`
    """
    with errors_worded():
        from giamngheo.calc.figures import Latest, figures_of
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
            _emit(unit_matrix_view(plan, units, loaded.stored, on, lang, wanted, rows), fmt, lang)
            _warn_skipped(loaded)
            return
        place = None
        if unit is not None:
            unit_id = find_unit(units, unit)
            if unit_id != units.province.id:
                place = unit_place(units, unit_id, loaded.unit_targets.of(unit_id))
        elif group is not None:
            place = group_place(units, find_group(units, group))
        latest = Latest(figures_of(loaded.stored), on)
        warnings = check_figures(loaded, on, latest)
        _emit(status_view(plan, units, loaded.stored, on, chosen, lang, place, warnings, latest), fmt, lang)
        _warn_skipped(loaded)
        _show_warnings(warnings, fmt)


def _show_warnings(warnings: list[Problem], fmt: str | None) -> None:
    """The figures that disagree, on stderr (JSON carries them in its own `warnings`)."""
    from giamngheo.core.messages import ENGLISH

    if _output_format(fmt) == "json":
        return
    for problem in warnings:
        sys.stderr.write(problem.text(ENGLISH) + "\n")


@app.command()
def overdue(
    within: Annotated[Optional[int], typer.Option("--within", metavar="N", min=0,
                                                  help="Also list reports still owed in the next N days.")] = None,
    fail_on_overdue: Annotated[bool, typer.Option("--fail-on-overdue", help="Exit 1 when any report is overdue (for cron or CI).")] = False,
    as_of: AsOf = None, agency: AgencyFilter = None, lang: Lang = "vi", fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Báo cáo quá hạn (overdue reports).

    Only the overdue and late reports; --within N adds those still owed in the next N days.
    With --fail-on-overdue the exit code is 1 when any report is overdue.

    Example: `giamngheo overdue --as-of 11/12/2017 --within 7 --fail-on-overdue`
    """
    with errors_worded():
        from giamngheo.views.status import overdue_view

        loaded, plan, on, chosen = _load_for_day(data_dir, as_of, agency, year)
        assert loaded.units is not None
        view, count = overdue_view(plan, loaded.units, loaded.stored, on, within, chosen, lang)
        _emit(view, fmt, lang)
        _warn_skipped(loaded)
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


def _warn_skipped(loaded: Loaded) -> None:
    """Say on stderr when broken submission files were left out, so no figure is missed silently."""
    bad = sorted({p.file for p in loaded.problems if p.is_error and p.file is not None})
    if bad:
        sys.stderr.write(f"giamngheo: warning: {len(bad)} file(s) with errors were left out; "
                         f"run `giamngheo validate` to see them (first: {bad[0]})\n")


ImportLayout = Annotated[
    Optional[Literal["figures", "department", "districts"]],
    typer.Option("--layout", show_default=False,
                 help="The sheet's layout: figures, department or districts. Default: found from the header row; "
                 "with --template, figures."),
]


@app.command("import")
def import_cmd(
    file: Annotated[Optional[Path], typer.Argument(help="A .xlsx or .csv sheet, in one of the three layouts above.")] = None,
    template: Annotated[Optional[Path], typer.Option("--template", metavar="FILE.xlsx",
                                                     help="Write an empty sheet of the --layout instead, as `giamngheo template` does.")] = None,
    layout: ImportLayout = None,
    sheet: Annotated[Optional[str], typer.Option("--sheet", metavar="NAME", help="The sheet of the workbook to read. Default: the first visible one; a workbook with several sheets of figures needs it.")] = None,
    agency: Annotated[Optional[str], typer.Option("--agency", help="The reporting agency, for a sheet with no Cơ quan column (id, abbreviation or name). With --template: only its indicators.")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="The district, town or city a sheet is about, for a sheet with no Địa bàn column. Default: the whole province.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Ngày báo cáo (report date), for a sheet with no such column: dd/mm/yyyy or yyyy-mm-dd.")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="The date the figures refer to, for a sheet with no such column. Default: the report date.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Số văn bản (the report's number), for a sheet with no such column, such as 245/BC-SYT.")] = None,
    again: Annotated[bool, typer.Option("--again", help="Store a file that was imported before (it is refused otherwise).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the sheet and show what would be stored; write nothing.")] = False,
    by: Annotated[Optional[str], typer.Option("--by", help="Who enters it. Default: the git user, else the login name.")] = None,
    lang: Lang = "vi", fmt: Format = None, year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Nhập từ bảng tính (import from Excel or CSV).

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
    with errors_worded():
        from giamngheo.core.messages import msg
        from giamngheo.core.problems import UserError

        if template is not None:  # the same as `giamngheo template`, where the option began
            _write_template(template, layout or "figures", agency, data_dir, year)
            return
        if file is None:
            raise UserError.of("no-file", msg("give a FILE.xlsx or FILE.csv to import, or --template FILE.xlsx"))
        from giamngheo.intake.importing import ImportOptions, plan_import, store_import
        from giamngheo.views.importing import import_view

        options = ImportOptions(layout=layout, sheet=sheet, agency=agency, unit=unit,
                                reported=_date_option(date, "--date"), as_of=_date_option(as_of, "--as-of"),
                                source=source, again=again)
        now = dt.datetime.now().astimezone()
        loaded, plan = _load(data_dir, now.date(), year)
        assert loaded.units is not None
        folder = None if dry_run else _writable(loaded.workspace).submissions_dir  # before the user fixes any cell
        planned = plan_import(plan, loaded.units, file, options, now=now, by=by or _author(), stored=loaded.stored)
        paths = None if folder is None else store_import(planned.subs, folder)
        _emit(import_view(plan, planned, paths, lang), fmt, lang)
        _show_warnings([*planned.warnings, *planned.notes], fmt)


@app.command("template")
def template_cmd(
    file: Annotated[Path, typer.Argument(metavar="FILE.xlsx", help="The workbook to write; it must not exist yet.")],
    layout: Annotated[Literal["figures", "department", "districts"], typer.Option(
        "--layout", help="figures (one row per figure), department (a department's results table) or districts "
        "(one row per district).")] = "figures",
    agency: Annotated[Optional[str], typer.Option("--agency", help="Only the indicators this agency reports (id, abbreviation or name).")] = None,
    year: PlanYear = None, data_dir: DataDir = None,
) -> None:
    """Mẫu bảng tính (a blank sheet to fill in and import).

    Writes an empty workbook in one of the layouts `giamngheo import` reads, with a hint on
    every header and a second sheet of the valid agencies, indicators and units. A
    department's table lists the plan's indicators with their units and targets; a table of
    districts lists the 27 units, one column per indicator and one per rate's base (Mẫu số).

    Example: `giamngheo template bao-cao-syt.xlsx --layout department --agency "Sở Y tế"`
    """
    with errors_worded():
        _write_template(file, layout, agency, data_dir, year)


def _write_template(path: Path, layout: Literal["figures", "department", "districts"], agency: str | None,
                    data_dir: str | None, year: int | None) -> None:
    from giamngheo.intake.template import write_template

    ws, plan = _plan(data_dir, year)
    write_template(plan, _units(ws), path, layout, _agency_id(plan, agency))
    sys.stdout.write(f"Đã tạo mẫu (template written): {path}\n")


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
