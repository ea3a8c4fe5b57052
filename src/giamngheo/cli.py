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

if TYPE_CHECKING:
    from giamngheo.figures import Figure
    from giamngheo.plan import Plan
    from giamngheo.problems import Problem
    from giamngheo.render import Report
    from giamngheo.workspace import Loaded, Workspace

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
    Optional[Literal["table", "plain", "markdown", "csv", "json"]],
    typer.Option("--format", "-f", show_default=False,
                 help="Output format: table (default on a terminal), plain (default in a pipe), markdown, csv, json. "
                 "$GIAMNGHEO_FORMAT sets the default."),
]
Lang = Annotated[
    Literal["vi", "en"],
    typer.Option("--lang", help="Ngôn ngữ (language): vi or en."),
]


@contextmanager
def edge() -> Iterator[None]:
    """Turn the core's user errors into messages on stderr and exit code 1."""
    from giamngheo.problems import DataError, UserError

    try:
        _output_format(None)  # a bad $GIAMNGHEO_FORMAT stops a command before it does anything
        yield
    except DataError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        raise typer.Exit(1) from None
    except UserError as exc:
        for line in str(exc).splitlines() or [type(exc).__name__]:  # one line per mistake
            sys.stderr.write(f"giamngheo: error: {line}\n")
        raise typer.Exit(1) from None
    except OSError as exc:  # the system refused a path the user gave (too long, a pipe, gone)
        sys.stderr.write(f"giamngheo: error: {exc.filename or 'giamngheo'}: {exc.strerror or exc}\n")
        raise typer.Exit(1) from None


def _workspace(data_dir: str | None) -> Workspace:
    from giamngheo.workspace import find_workspace

    return find_workspace(data_dir, os.environ, Path.cwd())


def _writable(ws: Workspace) -> Workspace:
    """WS, unless it is the bundled plan, which is read-only."""
    from giamngheo.workspace import WorkspaceError

    if ws.bundled:
        raise WorkspaceError("no workspace here: the bundled plan is read-only. Run `giamngheo init DIR` "
                             "to make one in DIR/data, then use --data-dir DIR/data or run from DIR")
    return ws


def _stop_on_plan_errors(problems: list[Problem], ws: Workspace) -> None:
    """Stop with the plan's errors: no command works from a plan that fails its own checks."""
    from giamngheo.problems import DataError

    errors = [p for p in problems if p.file == str(ws.plan_path) and p.severity == "error"]
    if errors:
        raise DataError(errors)


def _plan(data_dir: str | None) -> tuple[Workspace, Plan]:
    """The workspace and its checked plan, without reading any submission."""
    from giamngheo.checks import check_plan
    from giamngheo.plan import load_plan

    ws = _workspace(data_dir)
    plan, doc, problems = load_plan(ws.plan_path)
    if plan is not None and doc is not None:
        problems += check_plan(plan, doc, str(ws.plan_path))
    _stop_on_plan_errors(problems, ws)
    assert plan is not None  # a plan that did not load has errors
    return ws, plan


def _load(data_dir: str | None) -> tuple[Loaded, Plan]:
    """The workspace with every submission read and checked, and its plan."""
    from giamngheo.workspace import load_workspace

    loaded = load_workspace(_workspace(data_dir), dt.date.today())
    _stop_on_plan_errors(loaded.problems, loaded.workspace)
    assert loaded.plan is not None  # a plan that did not load has errors
    return loaded, loaded.plan


def _output_format(fmt: str | None) -> str:
    """--format, else $GIAMNGHEO_FORMAT, else a table at a terminal and plain text in a pipe."""
    from giamngheo.problems import UserError
    from giamngheo.render import FORMATS

    chosen = fmt or os.environ.get("GIAMNGHEO_FORMAT") or ("table" if sys.stdout.isatty() else "plain")
    if chosen not in FORMATS:
        raise UserError(f"GIAMNGHEO_FORMAT={chosen} is not one of {', '.join(FORMATS)}")
    return chosen


def _emit(report: Report, fmt: str | None, lang: str) -> None:
    from giamngheo.render import emit

    emit(report, _output_format(fmt), lang, sys.stdout)


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
def plan_cmd(lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None) -> None:
    """Tóm tắt kế hoạch (plan summary).

    Number, date, issuer, period, the size of each part, and the denominators the pairs imply.

    Example: `giamngheo plan --lang en`
    """
    with edge():
        from giamngheo.views import plan_summary

        _emit(plan_summary(_plan(data_dir)[1], lang), fmt, lang)


@app.command()
def indicators(lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None) -> None:
    """Các chỉ tiêu (targets of section II).

    Every numeric target, grouped as the plan groups them, with unit, direction and pair.

    Example: `giamngheo indicators --format csv > chi-tieu.csv`
    """
    with edge():
        from giamngheo.views import indicators_report

        _emit(indicators_report(_plan(data_dir)[1], lang), fmt, lang)


@app.command()
def agencies(lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None) -> None:
    """Các cơ quan (agencies of section V).

    Every agency with its abbreviation, English name, and how many tasks and targets it holds.

    Example: `giamngheo agencies --format markdown`
    """
    with edge():
        from giamngheo.views import agencies_report

        _emit(agencies_report(_plan(data_dir)[1], lang), fmt, lang)


@app.command()
def tasks(
    agency: Annotated[Optional[str], typer.Option(help="Only this agency's tasks (id, abbreviation or name).")] = None,
    lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None,
) -> None:
    """Các nhiệm vụ (tasks of section V).

    Who does what, by when (with the plan's own wording), and to whom it is reported.

    Example: `giamngheo tasks --agency "Sở Y tế"`
    """
    with edge():
        from giamngheo.lookup import find_agency
        from giamngheo.views import tasks_report

        plan = _plan(data_dir)[1]
        _emit(tasks_report(plan, lang, find_agency(plan, agency) if agency is not None else None), fmt, lang)


@app.command()
def validate(
    fmt: Annotated[Literal["text", "json"], typer.Option("--format", "-f",
                                     help="text: FILE:LINE: error|warning: message; json: the same for machines.")] = "text",
    lang: Lang = "vi", data_dir: DataDir = None,
) -> None:
    """Kiểm tra dữ liệu (check all data files).

    Checks the plan and every submission. Every problem comes out in one run as
    `FILE:LINE: error|warning: message`; the exit code is 1 when there are errors.

    Example: `giamngheo validate --data-dir data` or, for a script, `giamngheo validate --format json`
    """
    with edge():
        from giamngheo.problems import has_errors
        from giamngheo.workspace import load_workspace

        loaded = load_workspace(_workspace(data_dir), dt.date.today())
        counts = _counts(loaded)
        if fmt == "json":
            import json

            payload = {"ok": not has_errors(loaded.problems), "checked": counts,
                       "problems": [p.as_dict() for p in loaded.problems],
                       "implied_denominators": _implied(loaded.plan)}
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        else:
            from giamngheo.views import validate_summary

            for problem in loaded.problems:
                sys.stderr.write(f"{problem}\n")
            sys.stderr.flush()  # problems first, then the summary, even when both streams are one
            sys.stdout.write(validate_summary(counts, loaded.problems, lang) + "\n")
        if has_errors(loaded.problems):
            raise typer.Exit(1)


def _implied(plan: Plan | None) -> list[dict[str, object]]:
    """The denominator each count/rate pair implies (the plan gives none), for `validate --format json`."""
    from giamngheo.checks import implied_denominators

    if plan is None:
        return []
    return [{"pair": i.pair.id, "unit": i.unit, "estimate": i.estimate,
             "low": float(round(i.low, 1)), "high": float(round(i.high, 1))} for i in implied_denominators(plan)]


def _counts(loaded: Loaded) -> dict[str, int]:
    plan = loaded.plan
    return {
        "plans": 1,
        "submissions": loaded.files,
        "targets": len(plan.indicators) if plan else 0,
        "agencies": len(plan.agencies) if plan else 0,
        "tasks": len(plan.assignments) if plan else 0,
    }


@app.command()
def schema(
    kind: Annotated[Literal["plan", "submission"], typer.Argument(help="Which schema: plan or submission.")] = "plan",
) -> None:
    """In JSON Schema (print a JSON Schema).

    The schema of the plan or of a submission, for editors such as yaml-language-server.

    Example: `giamngheo schema submission > submission.schema.json`
    """
    from giamngheo.jsonschema import schema_text

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
    with edge():
        from giamngheo.workspace import init_workspace

        data = init_workspace(directory)
        sys.stdout.write(f"Đã tạo (created) {data}/plan_2017.yaml và (and) {data}/submissions/\n")


def _date_option(text: str | None, option: str) -> dt.date | None:
    from giamngheo.numbers import InputError, parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except InputError as exc:
        raise InputError(f"{option}: {exc}") from None


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
    lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None,
) -> None:
    """Ghi nhận báo cáo (record a report).

    Stores one agency's report, its figures and completed tasks, as one new file. With no
    figures at a terminal, asks for each indicator the agency is responsible for.

    Example: `giamngheo record so-y-te --date 08/12/2017 --source 245/BC-SYT bhyt-can-ngheo=340.112 bhyt-can-ngheo-ty-le=84,1`
    """
    with edge():
        from giamngheo.figures import figures_of, latest_by_indicator
        from giamngheo.lookup import find_agency
        from giamngheo.problems import UserError
        from giamngheo.records import build_submission, parse_assignments, record as store
        from giamngheo.submission_views import recorded_report

        now = dt.datetime.now().astimezone()
        ws, plan = _plan(data_dir)
        _writable(ws)
        pairs = parse_assignments(figures or [])
        interactive = not pairs and not done and _is_terminal()
        if source is None and interactive:
            source = typer.prompt("Số văn bản (source document, such as 245/BC-SYT)")
        if source is None:
            raise UserError("--source is required: the number of the agency's report, such as 245/BC-SYT")
        reported = _date_option(date, "--date") or now.date()
        if interactive:
            from giamngheo.workspace import load_workspace

            agency_id = find_agency(plan, agency)
            latest = latest_by_indicator(figures_of(load_workspace(ws, now.date()).stored), reported)
            pairs = _prompt_figures(plan, agency_id, latest, lang)
        sub = build_submission(
            plan, agency=agency, reported=reported, source=source,
            values=pairs, done=done or [], as_of=_date_option(as_of, "--as-of"), note=note,
            by=by or _author(), now=now,
        )
        path = store(plan, sub, ws.submissions_dir)
        _emit(recorded_report(plan, sub, path, lang), fmt, lang)


def _is_terminal() -> bool:
    """True when a person is typing at stdin (tests replace this to drive the prompts)."""
    return sys.stdin.isatty()


def _prompt_figures(plan: Plan, agency_id: str, latest: dict[str, Figure], lang: str) -> list[tuple[str, str]]:
    """Ask for each of the agency's indicators; empty input skips one, bad input asks again."""
    from giamngheo.numbers import InputError, format_date, format_number
    from giamngheo.records import parse_value
    from giamngheo.views import UNITS, indicator_name, pick

    pairs = []
    for ind in plan.indicators_of(agency_id):
        last = latest.get(ind.id)
        unit = pick(UNITS[ind.unit], lang)
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
                sys.stderr.write(f"giamngheo: {exc}\n")
                continue
            pairs.append((ind.id, answer))
            break
    return pairs


@app.command()
def submissions(
    agency: Annotated[Optional[str], typer.Option(help="Only this agency's reports.")] = None,
    lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None,
) -> None:
    """Các báo cáo đã ghi (stored reports).

    Every stored report: dates, agency, source document, number of figures, file.

    Example: `giamngheo submissions --agency "Sở Xây dựng" --format csv`
    """
    with edge():
        from giamngheo.lookup import find_agency
        from giamngheo.submission_views import submissions_report

        loaded, plan = _load(data_dir)
        chosen = find_agency(plan, agency) if agency is not None else None
        _emit(submissions_report(loaded.stored, chosen), fmt, lang)


@app.command()
def history(
    indicator: Annotated[str, typer.Argument(help="The indicator: id or name (accents optional).")],
    lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None,
) -> None:
    """Lịch sử số liệu (history of a figure).

    Every recorded value of one indicator, superseded ones included, with date, agency,
    source and file.

    Example: `giamngheo history "ty le ho ngheo"`
    """
    with edge():
        from giamngheo.lookup import find_indicator
        from giamngheo.submission_views import history_report

        loaded, plan = _load(data_dir)
        _emit(history_report(plan, loaded.stored, find_indicator(plan, indicator), lang), fmt, lang)


AsOf = Annotated[Optional[str], typer.Option("--as-of", metavar="DATE",
                                              help="Xem tại ngày (the day to look at), dd/mm/yyyy or yyyy-mm-dd. Default: today.")]
AgencyFilter = Annotated[Optional[str], typer.Option("--agency", help="Only this agency (id, abbreviation or name).")]


@app.command()
def status(
    as_of: AsOf = None, agency: AgencyFilter = None, lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None,
) -> None:
    """Tình hình thực hiện (where the plan stands).

    Targets against the latest figures, reports against their deadlines, and a one-line
    summary, on the day given by --as-of (default: today).

    Example: `giamngheo status --as-of 11/12/2017`
    """
    with edge():
        from giamngheo.status import report_status

        loaded, plan, on, chosen = _load_for_day(data_dir, as_of, agency)
        _emit(report_status(plan, loaded.stored, on, chosen, lang), fmt, lang)
        _warn_skipped(loaded)


@app.command()
def overdue(
    within: Annotated[Optional[int], typer.Option("--within", metavar="N", min=0,
                                                  help="Also list reports still owed in the next N days.")] = None,
    fail_on_overdue: Annotated[bool, typer.Option("--fail-on-overdue", help="Exit 1 when any report is overdue (for cron or CI).")] = False,
    as_of: AsOf = None, agency: AgencyFilter = None, lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None,
) -> None:
    """Báo cáo quá hạn (overdue reports).

    Only the overdue and late reports; --within N adds those still owed in the next N days.
    With --fail-on-overdue the exit code is 1 when any report is overdue.

    Example: `giamngheo overdue --as-of 11/12/2017 --within 7 --fail-on-overdue`
    """
    with edge():
        from giamngheo.status import overdue_report

        loaded, plan, on, chosen = _load_for_day(data_dir, as_of, agency)
        report, count = overdue_report(plan, loaded.stored, on, within, chosen, lang)
        _emit(report, fmt, lang)
        _warn_skipped(loaded)
        if fail_on_overdue and count:
            raise typer.Exit(1)


def _load_for_day(data_dir: str | None, as_of: str | None, agency: str | None) -> tuple[Loaded, Plan, dt.date, str | None]:
    """The loaded workspace, its plan, the day to look at (default today) and the agency id asked for."""
    from giamngheo.lookup import find_agency

    loaded, plan = _load(data_dir)
    on = _date_option(as_of, "--as-of") or dt.date.today()
    return loaded, plan, on, find_agency(plan, agency) if agency is not None else None


def _warn_skipped(loaded: Loaded) -> None:
    """Say on stderr when broken submission files were left out, so no figure is missed silently."""
    bad = sorted({p.file for p in loaded.problems if p.severity == "error"})
    if bad:
        sys.stderr.write(f"giamngheo: warning: {len(bad)} file(s) with errors were left out; "
                         f"run `giamngheo validate` to see them (first: {bad[0]})\n")


@app.command("import")
def import_cmd(
    file: Annotated[Optional[Path], typer.Argument(help="A .xlsx or .csv sheet: one row per figure.")] = None,
    template: Annotated[Optional[Path], typer.Option("--template", metavar="FILE.xlsx",
                                                     help="Write an empty sheet with the right headers, and a sheet of valid agencies and indicators.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the sheet and show what would be stored; write nothing.")] = False,
    by: Annotated[Optional[str], typer.Option("--by", help="Who enters it. Default: the git user, else the login name.")] = None,
    lang: Lang = "vi", fmt: Format = None, data_dir: DataDir = None,
) -> None:
    """Nhập từ bảng tính (import from Excel or CSV).

    One row per figure; each agency and report date becomes one report. The whole sheet is
    checked first: if any row is bad, every bad row is listed and nothing is written.

    Example: `giamngheo import bao-cao-thang-12.xlsx --dry-run`
    """
    with edge():
        from giamngheo.importing import import_report, plan_import, store_batch, write_template

        if template is not None:
            write_template(_plan(data_dir)[1], template)
            sys.stdout.write(f"Đã tạo mẫu (template written): {template}\n")
            return
        if file is None:
            from giamngheo.problems import UserError

            raise UserError("give a FILE.xlsx or FILE.csv to import, or --template FILE.xlsx")
        ws, plan = _plan(data_dir)
        folder = None if dry_run else _writable(ws).submissions_dir  # before the user fixes any row
        subs = plan_import(plan, file, now=dt.datetime.now().astimezone(), by=by or _author())
        paths = None if folder is None else store_batch(plan, subs, folder)
        _emit(import_report(plan, subs, paths, lang), fmt, lang)


def _author() -> str:
    from giamngheo.records import default_author

    return default_author(os.environ)


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
