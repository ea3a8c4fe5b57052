"""The register of problem codes (docs/problems.md), held to the source and reproduced code by code.

As hledger's `test/errors/README.md` does, the register names every kind of problem once. Three
things keep it true:

- `source_codes()` reads every code out of src/giamngheo by AST, without importing it, and
  refuses a code built at run time (an f-string), so that no code escapes the register;
- `test_every_code_is_registered`: the codes in the source are the codes in the register's
  table, and each row names its reproducer;
- `test_problem_code[CODE]`: one case per code, which produces the problem the way a user meets
  it and checks its code, the exact line the user sees (`FILE:LINE: error: message`) and the
  exit code.

A case for a file runs `giamngheo validate --format json` and rebuilds each problem from the
JSON (tests/test_errors.py holds the JSON and the text lines to each other). A case for a
refusal calls the core function and reads the code from the problems it raises, then runs the
command once and checks its stderr; for the refusals only the CLI words, the code comes from the
`UserError` the CLI turned into that line. A line the CLI writes with no `UserError` behind it (a
warning such as `files-left-out`, or the system's refusal `os-error`) is read from the problems
the command turned into lines (`Kit.shown`).
"""

from __future__ import annotations

import ast
import datetime as dt
import errno
import functools
import os
import re
import shutil
import textwrap
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer
import typer.main
import typer.testing
from typer.testing import Result

from giamngheo.core.problems import Problem, UserError, has_errors

if TYPE_CHECKING:
    from giamngheo.model.plan import Plan
    from giamngheo.model.submission import Stored, Submission
    from giamngheo.model.units import Units

pytestmark = pytest.mark.usefixtures("english_messages")  # problems in the catalogue's own words

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "src" / "giamngheo"
REGISTER = REPO / "docs" / "problems.md"
REPRODUCER = "tests/test_problem_codes.py::test_problem_code[{code}]"


# ---------------------------------------------------------------------------- the codes in the source

# Where a call takes its code: the name called (a function, a method or a class) and the place of
# the code among its positional arguments. Functions of our own with a parameter named `code`
# (such as consistency's `_at`) are found as well, so that a new helper needs no entry here.
CODE_ARGUMENT = {
    "error": 2, "warning": 2, "Problem": 1, "YamlError": 1, "_refuse": 2, "_file_error": 1, "of": 0,
    "InputError": 0, "FileRefused": 0, "StorageError": 0, "WorkspaceError": 0, "LookupFailed": 0,
}
MESSAGE_MAKERS = {"msg", "nmsg"}  # a ("code", msg(...)) tuple: text_problems, _explain, lookup's _UNKNOWN
# A code passed on (`exc.code`, `p.code`, `*_explain(…)`) is not a new one; a code computed by a
# call (`"bad-" + kind`, `f"…"`, `name.lower()`) cannot be registered. Only a Problem may stand
# where the UserError constructors take their first argument.
PROBLEM_MAKERS = {"error", "warning", "Problem"}


@dataclass
class Scan:
    """What the source says about codes: each code with the places that give it, and the
    places that build a code at run time."""

    codes: dict[str, list[str]]
    built: list[str]


def scan(root: Path) -> Scan:
    """Every problem code given as a literal in the Python files under ROOT, by AST."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(root.rglob("*.py"))}
    where = _code_arguments(list(trees.values()))
    codes: dict[str, list[str]] = defaultdict(list)
    built: list[str] = []
    for path, tree in trees.items():
        assigned = _names_built_at_run_time(tree)
        for node in ast.walk(tree):
            for arg in _code_nodes(node, where):
                place = f"{path.relative_to(root.parent)}:{arg.lineno}"
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    codes[arg.value].append(place)
                elif isinstance(arg, (ast.JoinedStr, ast.BinOp)) or (
                        isinstance(arg, ast.Call) and _called(arg) not in PROBLEM_MAKERS) or (
                        isinstance(arg, ast.Name) and arg.id in assigned):
                    built.append(f"{place}: {ast.unparse(arg)}")
    return Scan(dict(codes), built)


def _code_arguments(trees: Sequence[ast.Module]) -> dict[str, set[int]]:
    """CODE_ARGUMENT, and every function, method or class of TREES with a parameter named `code`."""
    where: dict[str, set[int]] = defaultdict(set)
    for name, index in CODE_ARGUMENT.items():
        where[name].add(index)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):  # a class that takes a code: YamlError(line, code, message)
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        params = [a.arg for a in item.args.args][1:]
                        if "code" in params:
                            where[node.name].add(params.index("code"))
            elif isinstance(node, ast.FunctionDef) and node.name != "__init__":
                params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
                params = params[1:] if params[:1] in (["self"], ["cls"]) else params
                if "code" in params:
                    where[node.name].add(params.index("code"))
    return where


def _code_nodes(node: ast.AST, where: dict[str, set[int]]) -> list[ast.expr]:
    """The expressions NODE gives as a problem code."""
    if isinstance(node, ast.Call) and (name := _called(node)) in where:
        return ([node.args[i] for i in sorted(where[name]) if i < len(node.args)]
                + [k.value for k in node.keywords if k.arg == "code"])
    if (isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[1], ast.Call)
            and _called(node.elts[1]) in MESSAGE_MAKERS):
        return [node.elts[0]]
    return []


def _called(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _names_built_at_run_time(tree: ast.Module) -> set[str]:
    """Names that TREE assigns an f-string or a concatenation (or adds to): such a name passed as
    a code is a code built at run time."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.AugAssign) or (isinstance(node, (ast.Assign, ast.AnnAssign))
                                               and isinstance(node.value, (ast.JoinedStr, ast.BinOp))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def source_codes() -> dict[str, list[str]]:
    """Every problem code in src/giamngheo, with the places that give it; fails where a code is built."""
    found = scan(SOURCE)
    assert not found.built, (
        "problem codes built at run time cannot be registered; give each code as a literal:\n  "
        + "\n  ".join(found.built))
    return found.codes


def test_the_scanner_sees_every_way_a_code_is_given(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text(dedent("""
        def _at(fig, code, message): ...
        a = error(path, 3, "in-error", msg("x"))
        b = warning(None, None, "in-warning", msg("x"))
        c = YamlError(1, "in-yaml-error", msg("x"))
        d = UserError.of("in-of", msg("x"))
        e = _at(fig, "in-helper", msg("x"))
        f = ("in-tuple", msg("x"))
        g = error(None, None, p.code, msg("passed on, not new"))
        h = error(None, None, f"built-{kind}", msg("x"))
        kind = "made-" + name
        i = StorageError.of(kind, msg("x"))
        j = StorageError(error(None, None, "in-problem", msg("x")))
        k = UserError.of(kind.lower(), msg("x"))
    """), encoding="utf-8")
    found = scan(tmp_path / "pkg")
    assert sorted(found.codes) == ["in-error", "in-helper", "in-of", "in-problem", "in-tuple", "in-warning",
                                   "in-yaml-error"]
    assert found.built == ["pkg/m.py:9: f'built-{kind}'", "pkg/m.py:11: kind", "pkg/m.py:13: kind.lower()"]


# ---------------------------------------------------------------------------- the register

ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*$")


@dataclass(frozen=True)
class Row:
    """One row of the register's table."""

    code: str
    severities: frozenset[str]
    cells: tuple[str, ...]

    @property
    def reproduced_by(self) -> str:
        return self.cells[-1]


def register_rows() -> list[Row]:
    """The rows of the table in docs/problems.md, in the order written."""
    rows = []
    for line in REGISTER.read_text(encoding="utf-8").splitlines():
        if match := ROW.match(line):
            cells = tuple(c.strip() for c in match.group(2).split("|"))
            rows.append(Row(match.group(1), frozenset(s.strip() for s in cells[0].split(",")), cells))
    return rows


def test_every_code_is_registered() -> None:
    in_source = source_codes()
    rows = register_rows()
    registered = [row.code for row in rows]
    unregistered = {code: places for code, places in in_source.items() if code not in registered}
    gone = sorted(set(registered) - set(in_source))
    assert not unregistered and not gone, (
        "docs/problems.md and the source disagree:\n"
        + "".join(f"  in the source, not in the register: {code} ({', '.join(places)})\n"
                  for code, places in sorted(unregistered.items()))
        + "".join(f"  in the register, in no source file: {code}\n" for code in gone))
    assert registered == sorted(set(registered)), "the register's rows are sorted by code, each code once"
    assert [row.code for row in rows if len(row.cells) != 4] == [], "every row has five cells"
    # The cell names the case; for a code given in several places it goes on to say which one it reproduces.
    wrong = [row.code for row in rows if not row.reproduced_by.startswith(f"`{REPRODUCER.format(code=row.code)}`")]
    assert wrong == [], f"these rows do not name test_problem_code[<their code>]: {wrong}"
    assert sorted(CASES) == registered, f"cases without a row: {sorted(set(CASES) - set(registered))}; " \
                                        f"rows without a case: {sorted(set(registered) - set(CASES))}"
    said = {row.code: row.severities for row in rows}
    shown = {code: expected.split(": ")[1] for code, (expected, _) in CASES.items()}
    assert [code for code in CASES if shown[code] not in said[code]] == [], "a case shows a severity its row does not"


# ---------------------------------------------------------------------------- running a case


@dataclass
class Seen:
    """What one run showed: the problems (with their codes), the lines on stderr, the exit code."""

    problems: list[Problem]
    lines: list[str] | None = None  # None: the lines are the problems' own (validate --format json)
    exit_code: int | None = None  # None: a call of the core, which has none


# Every case's workspace: this plan and units list in tmp_path/data, with an empty submissions/.
# They are clean: `validate` finds no problem in them.
PLAN = """
    schema_version: 1
    plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
    documents: []
    groups:
      - {id: ii-2-b, label: II.2.b, name: Y tế, name_en: Health}
      - {id: ii-2-c, label: II.2.c, name: Nhà ở, name_en: Housing}
    agencies:
      - {id: so-y-te, name: Sở Y tế, name_en: Department of Health}
      - {id: so-xay-dung, name: Sở Xây dựng, name_en: Department of Construction}
      - {id: ubnd-huyen, name: UBND các huyện, name_en: District committees, for_units: true}
    indicators:
      - {id: bhyt-can-ngheo, group: ii-2-b, name: Khẩu cận nghèo có thẻ BHYT, name_en: Near-poor insured, unit: persons, target: 336478, accumulation: level, wording: "336.478 khẩu"}
      - {id: bhyt-can-ngheo-ty-le, group: ii-2-b, name: Tỷ lệ có thẻ BHYT, name_en: Share insured, unit: percent, target: 83.51, accumulation: level, wording: "83,51%"}
      - {id: nha-o, group: ii-2-c, name: Nhà ở, name_en: Housing, unit: households, target: 14996, accumulation: cumulative, wording: "14.996 hộ"}
      - {id: nha-o-qd22, parent: nha-o, group: ii-2-c, name: QĐ 22, name_en: Decision 22, unit: households, target: 10063, accumulation: cumulative, wording: "10.063 hộ"}
      - {id: nha-o-qd48, parent: nha-o, group: ii-2-c, name: QĐ 48, name_en: Decision 48, unit: households, target: 4933, accumulation: cumulative, wording: "4.933 hộ"}
    pairs:
      - {id: bhyt-can-ngheo, count: bhyt-can-ngheo, rate: bhyt-can-ngheo-ty-le}
    assignments:
      - {id: yte-bao-cao, item: V.3, agencies: [so-y-te], role: lead, text: Báo cáo y tế, summary_en: Report on health}
      - {id: yte-chi-tieu, item: V.3, agencies: [so-y-te], role: lead, covers: [bhyt-can-ngheo, bhyt-can-ngheo-ty-le], text: Chỉ tiêu y tế, summary_en: Health targets}
      - {id: xd-bao-cao, item: V.4, agencies: [so-xay-dung], role: lead, covers: [nha-o, nha-o-qd22, nha-o-qd48], text: Báo cáo nhà ở, summary_en: Report on housing}
"""
UNITS = """
    schema_version: 1
    as_of: 2017-01-01
    sources: [{id: qd-124, title: Quyết định 124/2004/QĐ-TTg}]
    province: {id: toan-tinh, name: Tỉnh Thanh Hoá, name_en: Thanh Hoa province, sources: [qd-124]}
    units:
      - {id: muong-lat, name: Huyện Mường Lát, short: Mường Lát, kind: district, name_en: Muong Lat district, sources: [qd-124]}
      - {id: quan-hoa, name: Huyện Quan Hoá, short: Quan Hoá, kind: district, name_en: Quan Hoa district, sources: [qd-124]}
    groups:
      - {id: huyen-30a, name: Huyện nghèo 30a, name_en: Poor districts (30a), members: [muong-lat, quan-hoa], sources: [qd-124]}
"""
# The head of a plan whose own problem a case shows: lines 1–5, so the case's YAML starts at line 6.
PLAN_HEAD = """\
schema_version: 1
plan: {number: 35/KH-UBND, date: 2017-03-07, place: Thanh Hoá, issuer: UBND tỉnh, issuer_en: Committee, title: Giảm nghèo, title_en: Poverty, signer: P, signer_title: PCT, period: {start: 2017-01-01, end: 2017-12-31}}
documents: []
groups: [{id: ii-2-c, label: II.2.c, name: Nhà ở, name_en: Housing}]
agencies: [{id: so-xay-dung, name: Sở Xây dựng, name_en: Department of Construction}]
"""
SUBMISSION = "data/submissions/x.yaml"
NOW = dt.datetime(2017, 12, 9, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
DAY = dt.date(2017, 12, 8)
OK = ["--date", "08/12/2017", "--source", "245/BC-SYT", "--by", "Lan"]  # what a refused `record` gets right


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


class Kit:
    """A case's workspace and the ways to reach a problem: a file, a core call, a command."""

    def __init__(self, root: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.run = run
        self.monkeypatch = monkeypatch
        self.write("data/plan_2017.yaml", PLAN)
        self.write("data/units.yaml", UNITS)
        (root / "data" / "submissions").mkdir()

    def write(self, name: str, text: str) -> Path:
        """A dedented text at NAME (relative to the case's folder, which is the current one)."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
        return Path(name)

    def submission(self, text: str) -> Path:
        return self.write(SUBMISSION, text)

    def plan_file(self, text: str) -> Path:
        """data/plan_2017.yaml: PLAN_HEAD, then TEXT from line 6."""
        return self.write("data/plan_2017.yaml", PLAN_HEAD + dedent(text))

    def csv(self, name: str, lines: list[str]) -> Path:
        """A sheet saved as Excel saves a CSV."""
        (self.root / name).write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
        return Path(name)

    def xlsx(self, name: str, rows: list[list[object]]) -> Path:
        """A workbook whose first sheet holds ROWS."""
        import openpyxl

        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(self.root / name)
        return Path(name)

    @property
    def plan(self) -> Plan:
        """The workspace's plan, read now."""
        from giamngheo.model.plan import load_plan

        plan, _, problems = load_plan(Path("data/plan_2017.yaml"))
        assert plan is not None, problems
        return plan

    @property
    def units(self) -> Units:
        """The workspace's units list, read now."""
        from giamngheo.model.units import load_units

        units, _, problems = load_units(Path("data/units.yaml"))
        assert units is not None, problems
        return units

    def build(self, agency: str = "so-y-te", *figures: str, **options: object) -> Submission:
        """The submission `record AGENCY FIGURES… --date 08/12/2017 --source 245/BC-SYT --by Lan` builds."""
        from giamngheo.intake.record import build_submission, parse_assignments

        fields: dict[str, object] = {"reported": DAY, "source": "245/BC-SYT", "by": "Lan", **options}
        return build_submission(self.plan, agency=agency, values=parse_assignments(figures), now=NOW,
                                units=self.units, **fields)  # type: ignore[arg-type]

    def record(self, agency: str = "so-y-te", *figures: str, **options: object) -> Seen:
        """What the core of `record` refuses: building the submission, checking and storing it."""
        from giamngheo.intake.record import record

        return self.core(lambda: record(self.plan, self.build(agency, *figures, **options), Path("data/submissions"),
                                        self.units))

    def imported(self, path: Path, **options: object) -> Seen:
        """What the core of `import` refuses in the sheet at PATH, given the ImportOptions OPTIONS."""
        from giamngheo.intake.importing import ImportOptions, plan_import

        return self.core(lambda: plan_import(self.plan, self.units, path, ImportOptions(**options),  # type: ignore[arg-type]
                                             now=NOW, by="Lan", stored=self.stored()))

    def said(self, path: Path, *args: str, **options: object) -> list[Seen]:
        """What `import` says of the sheet at PATH when it takes it (its warnings and notes): in the core,
        given the ImportOptions OPTIONS, then on the stderr of `import PATH --dry-run ARGS…` (the same options)."""
        from giamngheo.intake.importing import ImportOptions, plan_import

        planned = plan_import(self.plan, self.units, path, ImportOptions(**options), now=NOW,  # type: ignore[arg-type]
                              by="Lan", stored=self.stored())
        problems = [*planned.warnings, *planned.notes]
        run = self.cli("import", str(path), "--dry-run", *args)
        return [Seen(problems), Seen(problems, run.lines, run.exit_code)]

    def stored(self) -> list[Stored]:
        """The records of the workspace's submissions, as `import` is given them."""
        from giamngheo.model.submission import Stored
        from giamngheo.store.submissions import read_submission

        records = []
        for path in sorted(Path("data/submissions").glob("*.yaml")):
            sub, _, problems = read_submission(path)
            assert sub is not None, problems
            records.append(Stored.of(sub, path))
        return records

    def core(self, call: Callable[[], object]) -> Seen:
        """The problems CALL raises (it must raise them)."""
        try:
            call()
        except UserError as exc:
            return Seen(exc.problems)
        raise AssertionError("the call raised no problem")

    def cli(self, *args: str, data_dir: str | None = "data", env: dict[str, str] | None = None) -> Seen:
        """`giamngheo ARGS… --data-dir DATA_DIR`: the problems of the refusal it worded, its stderr lines and exit code."""
        result = self.run(*args, *(["--data-dir", data_dir] if data_dir else []), env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        return Seen(_worded(result.exception), result.stderr.splitlines(), result.exit_code)

    def shown(self, *args: str, data_dir: str | None = "data", env: dict[str, str] | None = None) -> Seen:
        """`giamngheo ARGS… --data-dir DATA_DIR` for a problem the CLI writes itself, with no UserError to
        read it from (a warning, or the system's refusal of a path): every problem it wrote as a line,
        its stderr lines and exit code."""
        shown: list[Problem] = []
        text = Problem.text

        def noted(problem: Problem, *args: object, **kwargs: object) -> str:
            shown.append(problem)
            return text(problem, *args, **kwargs)  # type: ignore[arg-type]

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Problem, "text", noted)
            result = self.run(*args, *(["--data-dir", data_dir] if data_dir else []), env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        return Seen(shown, result.stderr.splitlines(), result.exit_code)

    def validate(self) -> Seen:
        """`giamngheo validate --format json`: every problem, as the JSON gives it."""
        import json

        result = self.run("validate", "--format", "json", "--data-dir", "data")
        assert result.stderr == "", result.stderr
        problems = [Problem(p["severity"], p["code"], p["message"], p["file"], p["line"])
                    for p in json.loads(result.stdout)["problems"]]
        return Seen(problems, exit_code=result.exit_code)


def _worded(exc: BaseException | None) -> list[Problem]:
    """The problems of the UserError the CLI turned into its stderr lines (`raise Exit from None`
    hides it from tracebacks, not from `__context__`)."""
    while exc is not None:
        if isinstance(exc, UserError):
            return exc.problems
        exc = exc.__context__
    return []


@functools.cache
def _command(app: typer.Typer) -> object:
    return typer.main.get_command(app)


@pytest.fixture
def kit(tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> Kit:
    monkeypatch.delenv("GIAMNGHEO_FORMAT", raising=False)
    # CliRunner builds the click command from the app on every run, which costs more than most
    # runs here; build it once (setattr fails loudly if typer renames what it calls).
    monkeypatch.setattr(typer.testing, "_get_command", _command)
    return Kit(tmp_path, run, monkeypatch)


Case = Callable[[Kit], "Seen | list[Seen]"]
CASES: dict[str, tuple[str, Case]] = {}


def case(code: str, line: str) -> Callable[[Case], Case]:
    """Register the reproducer of CODE: what it must show is LINE, the line a user sees."""

    def register(make: Case) -> Case:
        assert code not in CASES, f"two cases for {code}"
        CASES[code] = (line, make)
        return make

    return register


# ---------------------------------------------------------------------------- the YAML reader


@case("alias", f"{SUBMISSION}:6: error: aliases (*name) are not allowed")
def _alias(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          bhyt-can-ngheo: *before
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("anchor", f"{SUBMISSION}:4: error: anchors (&doc) are not allowed")
def _anchor(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: &doc 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("bad-date", f"{SUBMISSION}:3: error: 2017-02-30 is not a real date")
def _bad_date(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-02-30
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("complex-key", f"{SUBMISSION}:1: error: a mapping key must be plain text, not a list or mapping")
def _complex_key(kit: Kit) -> Seen:
    kit.submission("""
        ? [agency, unit]
        : [so-y-te, toan-tinh]
        reported: 2017-12-08
    """)
    return kit.validate()


@case("control-character", f"{SUBMISSION}:4: error: text holds the invisible control character U+202E; remove it")
def _control_character(kit: Kit) -> Seen:
    kit.submission(r"""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: "245\u202e/BC-SYT"
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("duplicate-key", f"{SUBMISSION}:2: error: duplicate key 'agency' (first at line 1)")
def _duplicate_key(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        agency: so-xay-dung
    """)
    return kit.validate()


@case("encoding", f"{SUBMISSION}:1: error: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
def _encoding(kit: Kit) -> Seen:
    (kit.root / SUBMISSION).write_bytes("\ufeffagency: so-y-te\n".encode())  # as Notepad saves "UTF-8"
    return kit.validate()


@case("line-separator", f"{SUBMISSION}:5: error: the character U+2028 (an unusual line break) is not allowed; "
                        "use an ordinary newline")
def _line_separator(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        note: số liệu\u2028sơ bộ
    """)
    return kit.validate()


@case("many-documents", f"{SUBMISSION}:3: error: the file holds more than one YAML document (---)")
def _many_documents(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        ---
        agency: so-xay-dung
    """)
    return kit.validate()


@case("merge-key", f"{SUBMISSION}:2: error: merge keys (<<) are not allowed")
def _merge_key(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        <<: {reported: 2017-12-08, as_of: 2017-12-08}
    """)
    return kit.validate()


@case("not-nfc", f"{SUBMISSION}:8: error: text 'Nguyễn Thị Hoa\u0300' is not in Unicode NFC form; "
                 "retype it or normalise the file to NFC")
def _not_nfc(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        # 'à' typed as 'a' and a combining grave accent, as some keyboards do:
        recorded_by: Nguyễn Thị Hoa\u0300
    """)
    return kit.validate()


@case("number-out-of-range", f"{SUBMISSION}:5: error: the number 1e300 is out of range")
def _number_out_of_range(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 1e300}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("number-too-long", f"{SUBMISSION}:5: error: a number of 31 digits is too long")
def _number_too_long(kit: Kit) -> Seen:
    kit.submission(f"""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {{bhyt-can-ngheo: {"3" * 31}}}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("tag", f"{SUBMISSION}:4: error: explicit YAML tags (tag:yaml.org,2002:binary) are not allowed")
def _tag(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: !!binary MjQ1L0JDLVNZVA==
    """)
    return kit.validate()


@case("too-deep", f"{SUBMISSION}:2: error: nesting is deeper than 32 levels")
def _too_deep(kit: Kit) -> Seen:
    kit.submission(f"""
        agency: so-y-te
        done: {"[" * 40}{"]" * 40}
    """)
    return kit.validate()


@case("too-many-nodes", f"{SUBMISSION}:2: error: the file holds more than 5,000 keys and values")
def _too_many_nodes(kit: Kit) -> Seen:
    kit.submission(f"""
        agency: so-y-te
        done: [{", ".join(["yte-bao-cao"] * 5000)}]
    """)
    return kit.validate()


@case("yaml-syntax", f"{SUBMISSION}:6: error: invalid YAML: found character that cannot start any token "
                     "(YAML does not allow tabs for indentation; use spaces)")
def _yaml_syntax(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
        \tbhyt-can-ngheo: 340112
    """)
    return kit.validate()


# ---------------------------------------------------------------------------- reading files


@case("missing-file", "missing.csv: error: no such file")
def _missing_file(kit: Kit) -> list[Seen]:
    return [kit.imported(Path("missing.csv")), kit.cli("import", "missing.csv")]


@case("not-a-file", f"{SUBMISSION}: error: is a directory, not a submission file")
def _not_a_file(kit: Kit) -> Seen:
    (kit.root / SUBMISSION).mkdir()
    return kit.validate()


@case("too-large", f"{SUBMISSION}: error: file is larger than 256,000 bytes")
def _too_large(kit: Kit) -> Seen:
    kit.submission("# " + "x" * 256_000)
    return kit.validate()


@case("unreadable", "broken.xlsx: error: cannot be read as an Excel workbook (File is not a zip file); is it "
                    "damaged, password-protected, or another format named .xlsx?")
def _unreadable(kit: Kit) -> list[Seen]:
    (kit.root / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    return [kit.imported(Path("broken.xlsx")), kit.cli("import", "broken.xlsx")]


# ---------------------------------------------------------------------------- the schemas


@case("bad-value", f"{SUBMISSION}:6: error: values.bhyt-can-ngheo: expected a number, got '340.112'")
def _bad_value(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          bhyt-can-ngheo: "340.112"
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("missing-key", f"{SUBMISSION}:1: error: missing key 'source'")
def _missing_key(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("not-a-mapping", f"{SUBMISSION}:1: error: the file must hold a YAML mapping (key: value lines)")
def _not_a_mapping(kit: Kit) -> Seen:
    kit.submission("""
        - agency: so-y-te
        - reported: 2017-12-08
    """)
    return kit.validate()


@case("unknown-key", f"{SUBMISSION}:4: error: unknown key 'sorce' (did you mean 'source'?)")
def _unknown_key(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        sorce: 245/BC-SYT
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


# ---------------------------------------------------------------------------- the plan's checks
# Each plan starts with PLAN_HEAD (lines 1–5): group ii-2-c and agency so-xay-dung.


@case("bad-parent", "data/plan_2017.yaml:7: error: 'nha-o': a part's whole must be a top-level target")
def _bad_parent(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators:
          - {id: nha-o, parent: nha-o, group: ii-2-c, name: Nhà ở, name_en: Housing, unit: households, target: 14996, accumulation: cumulative, wording: "14.996 hộ"}
        assignments: []
    """)
    return kit.validate()


@case("deadline-range", "data/plan_2017.yaml:9: error: 'xd-bao-cao': deadline 2071-12-15 is far outside the "
                        "plan period 2017-01-01 – 2017-12-31")
def _deadline_range(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators: []
        assignments:
          - {id: xd-bao-cao, item: V.4, agencies: [so-xay-dung], role: lead, text: Báo cáo, summary_en: Report,
             deadline: {due: 2071-12-15, wording: trước ngày 15/12/2071}}
    """)
    return kit.validate()


@case("duplicate-id", "data/plan_2017.yaml:8: error: indicators: id 'nha-o' is used twice (first at line 7)")
def _duplicate_id(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators:
          - {id: nha-o, group: ii-2-c, name: Nhà ở, name_en: Housing, unit: households, target: 14996, accumulation: cumulative, wording: "14.996 hộ"}
          - {id: nha-o, group: ii-2-c, name: Nhà ở 30a, name_en: Housing 30a, unit: households, target: 3292, accumulation: cumulative, wording: "3.292 hộ"}
        assignments: []
    """)
    return kit.validate()


@case("not-whole", "data/plan_2017.yaml:7: error: 'nha-o': target 14,996.5 households is not a whole number")
def _not_whole(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators:
          - {id: nha-o, group: ii-2-c, name: Nhà ở, name_en: Housing, unit: households, target: 14996.5, accumulation: cumulative, wording: "14.996 hộ"}
        assignments: []
    """)
    return kit.validate()


@case("pair-denominator", "data/plan_2017.yaml:10: warning: pair 'nha-tieu': denominator 300 does not match "
                          "count ÷ rate ≈ 200")
def _pair_denominator(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators:
          - {id: nha-tieu, group: ii-2-c, name: Nhà tiêu, name_en: Latrines, unit: households, target: 100, accumulation: level, wording: "100 hộ"}
          - {id: nha-tieu-ty-le, group: ii-2-c, name: Tỷ lệ nhà tiêu, name_en: Latrine rate, unit: percent, target: 50, accumulation: level, wording: "50%"}
        pairs:
          - {id: nha-tieu, count: nha-tieu, rate: nha-tieu-ty-le, denominator: 300}
        assignments: []
    """)
    return kit.validate()


@case("pair-kind", "data/plan_2017.yaml:10: error: pair 'nha-tieu': 'nha-tieu-ty-le' is a rate, not a count")
def _pair_kind(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators:
          - {id: nha-tieu, group: ii-2-c, name: Nhà tiêu, name_en: Latrines, unit: households, target: 100, accumulation: level, wording: "100 hộ"}
          - {id: nha-tieu-ty-le, group: ii-2-c, name: Tỷ lệ nhà tiêu, name_en: Latrine rate, unit: percent, target: 50, accumulation: level, wording: "50%"}
        pairs:
          - {id: nha-tieu, count: nha-tieu-ty-le, rate: nha-tieu-ty-le}
        assignments: []
    """)
    return kit.validate()


@case("pairs-disagree", "data/plan_2017.yaml:12: warning: pair 'nha-tieu' implies ≈ 200 households in all, which "
                        "disagrees with 'nuoc-sach' ≈ 400; the plan gives no denominator")
def _pairs_disagree(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators:
          - {id: nha-tieu, group: ii-2-c, name: Nhà tiêu, name_en: Latrines, unit: households, target: 100, accumulation: level, wording: "100 hộ"}
          - {id: nha-tieu-ty-le, group: ii-2-c, name: Tỷ lệ nhà tiêu, name_en: Latrine rate, unit: percent, target: 50, accumulation: level, wording: "50%"}
          - {id: nuoc-sach, group: ii-2-c, name: Nước sạch, name_en: Water, unit: households, target: 100, accumulation: level, wording: "100 hộ"}
          - {id: nuoc-sach-ty-le, group: ii-2-c, name: Tỷ lệ nước sạch, name_en: Water rate, unit: percent, target: 25, accumulation: level, wording: "25%"}
        pairs:
          - {id: nha-tieu, count: nha-tieu, rate: nha-tieu-ty-le}
          - {id: nuoc-sach, count: nuoc-sach, rate: nuoc-sach-ty-le}
        assignments: []
    """)
    return kit.validate()


@case("parts-sum", "data/plan_2017.yaml:7: error: 'nha-o': parts add up to 10,063 + 1,641 = 11,704, "
                   "not the target 14,996")
def _parts_sum(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators:
          - {id: nha-o, group: ii-2-c, name: Nhà ở, name_en: Housing, unit: households, target: 14996, accumulation: cumulative, wording: "14.996 hộ"}
          - {id: nha-o-qd22, parent: nha-o, group: ii-2-c, name: QĐ 22, name_en: Decision 22, unit: households, target: 10063, accumulation: cumulative, wording: "10.063 hộ"}
          - {id: nha-o-qd48, parent: nha-o, group: ii-2-c, name: QĐ 48, name_en: Decision 48, unit: households, target: 1641, accumulation: cumulative, wording: "1.641 hộ"}
        assignments: []
    """)
    return kit.validate()


@case("percent-range", "data/plan_2017.yaml:7: error: 'nha-tieu-ty-le': target 150% is outside 0–100")
def _percent_range(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators:
          - {id: nha-tieu-ty-le, group: ii-2-c, name: Tỷ lệ nhà tiêu, name_en: Latrine rate, unit: percent, target: 150, accumulation: level, wording: "150%"}
        assignments: []
    """)
    return kit.validate()


@case("unit-mismatch", "data/plan_2017.yaml:8: error: 'nha-o-ty-le' is in percent but its whole 'nha-o' is in "
                       "households")
def _unit_mismatch(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators:
          - {id: nha-o, group: ii-2-c, name: Nhà ở, name_en: Housing, unit: households, target: 50, accumulation: cumulative, wording: "50 hộ"}
          - {id: nha-o-ty-le, parent: nha-o, group: ii-2-c, name: Tỷ lệ, name_en: Share, unit: percent, target: 50, accumulation: cumulative, wording: "50%"}
        assignments: []
    """)
    return kit.validate()


@case("unknown-reference", "data/plan_2017.yaml:7: error: unknown group 'ii-2-d' (did you mean 'ii-2-c'?)")
def _unknown_reference(kit: Kit) -> Seen:
    kit.plan_file("""
        indicators:
          - {id: nha-o, group: ii-2-d, name: Nhà ở, name_en: Housing, unit: households, target: 14996, accumulation: cumulative, wording: "14.996 hộ"}
        assignments: []
    """)
    return kit.validate()


# ---------------------------------------------------------------------------- plans of several years


@case("no-such-plan", f"{SUBMISSION}:2: error: the submission is for the 2019 plan, which this workspace does not "
                      "hold (plan_2019.yaml)")
def _no_such_plan(kit: Kit) -> Seen:
    kit.submission("""
        schema_version: 2
        plan: 2019
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("other-plan", f"{SUBMISSION}:2: error: the submission is for the 2018 plan, not this one (2017)")
def _other_plan(kit: Kit) -> Seen:
    # The 2017 plan copied for 2018 with its period left as it was: the file of 2018 holds a 2017 plan.
    shutil.copyfile(kit.root / "data/plan_2017.yaml", kit.root / "data/plan_2018.yaml")
    kit.submission("""
        schema_version: 2
        plan: 2018
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("plan-year", "data/plan_2018.yaml:2: error: the plan's period starts in 2017, but the file is named for 2018: "
                   "name it plan_2017.yaml")
def _plan_year(kit: Kit) -> Seen:
    kit.write("data/plan_2018.yaml", PLAN_HEAD + "indicators: []\nassignments: []\n")
    return kit.validate()


@case("unknown-plan", "giamngheo: error: --plan 2019: the workspace has no plan for 2019 (it has 2017); "
                      "`giamngheo plans` lists them")
def _unknown_plan(kit: Kit) -> list[Seen]:
    from giamngheo.store.workspace import Workspace, choose_year

    return [kit.core(lambda: choose_year(Workspace(Path("data")), DAY, 2019)), kit.cli("plan", "--plan", "2019")]


# ---------------------------------------------------------------------------- the units list


@case("bad-province-id", "data/units.yaml:4: error: the province's id must be 'toan-tinh', which every report "
                         "about the whole province names")
def _bad_province_id(kit: Kit) -> Seen:
    kit.write("data/units.yaml", """
        schema_version: 1
        as_of: 2017-01-01
        sources: [{id: qd-124, title: Quyết định 124/2004/QĐ-TTg}]
        province: {id: thanh-hoa, name: Tỉnh Thanh Hoá, name_en: Thanh Hoa province}
        units:
          - {id: muong-lat, name: Huyện Mường Lát, short: Mường Lát, kind: district, name_en: Muong Lat district, sources: [qd-124]}
    """)
    return kit.validate()


@case("code-needs-source", "data/units.yaml:6: error: 'muong-lat': an official code needs code_source: the "
                           "document that confirms it")
def _code_needs_source(kit: Kit) -> Seen:
    kit.write("data/units.yaml", """
        schema_version: 1
        as_of: 2017-01-01
        sources: [{id: qd-124, title: Quyết định 124/2004/QĐ-TTg}]
        province: {id: toan-tinh, name: Tỉnh Thanh Hoá, name_en: Thanh Hoa province}
        units:
          - {id: muong-lat, name: Huyện Mường Lát, short: Mường Lát, kind: district, name_en: Muong Lat district, code: "384", sources: [qd-124]}
    """)
    return kit.validate()


@case("duplicate-name", "data/units.yaml:7: error: units: 'Huyện Mường Lát' names both 'muong-lat' and 'quan-hoa'")
def _duplicate_name(kit: Kit) -> Seen:
    kit.write("data/units.yaml", """
        schema_version: 1
        as_of: 2017-01-01
        sources: [{id: qd-124, title: Quyết định 124/2004/QĐ-TTg}]
        province: {id: toan-tinh, name: Tỉnh Thanh Hoá, name_en: Thanh Hoa province}
        units:
          - {id: muong-lat, name: Huyện Mường Lát, short: Mường Lát, kind: district, name_en: Muong Lat district, sources: [qd-124]}
          - {id: quan-hoa, name: Huyện Mường Lát, short: Quan Hoá, kind: district, name_en: Quan Hoa district, sources: [qd-124]}
    """)
    return kit.validate()


# ---------------------------------------------------------------------------- a submission's checks


@case("as-of-after-report", f"{SUBMISSION}:3: error: as_of 2071-12-06 is after the report date 2017-12-06: "
                            "a report gives figures up to its own date")
def _as_of_after_report(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-06
        as_of: 2071-12-06
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-07T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("bad-figure", f"{SUBMISSION}:6: error: nha-o: 10.5 is not a whole number of households")
def _bad_figure(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-xay-dung
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 12/BC-SXD
        values:
          nha-o: 10.5
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("early-date", f"{SUBMISSION}:3: warning: as_of 2015-12-01 is long before the plan period")
def _early_date(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2015-12-01
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("empty-submission", f"{SUBMISSION}:1: error: the submission has no values and no completed tasks")
def _empty_submission(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("future-date", f"{SUBMISSION}:2: error: reported 2017-12-08 is after the day it was recorded (2017-12-07)")
def _future_date(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-07T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("repeated-task", f"{SUBMISSION}:5: warning: task 'yte-bao-cao' is listed twice")
def _repeated_task(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        done: [yte-bao-cao, yte-bao-cao]
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("unknown-agency", f"{SUBMISSION}:1: error: unknown agency 'so-yte' (did you mean 'so-y-te'?)")
def _unknown_agency(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-yte
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("unknown-indicator", f"{SUBMISSION}:6: error: unknown indicator 'bhyt-ngheo' (did you mean 'bhyt-can-ngheo'?)")
def _unknown_indicator(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          bhyt-ngheo: 12
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("unknown-task", f"{SUBMISSION}:5: error: unknown task 'yte-bao-cao-nam' (did you mean 'yte-bao-cao'?)")
def _unknown_task(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        done: [yte-bao-cao-nam]
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("unknown-unit", f"{SUBMISSION}:2: error: unknown unit 'muong-lac' (did you mean 'muong-lat'?)")
def _unknown_unit(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        unit: muong-lac
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 3401}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


# ---------------------------------------------------------------------------- figures that disagree (warnings)


@case("above-base", f"{SUBMISSION}:5: warning: bhyt-can-ngheo is 500,000, above the ≈ 402,919 persons in all that "
                    "the plan's pair bhyt-can-ngheo implies (336,478 at 83.51%)")
def _above_base(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 500000}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("province-not-units", "data/submissions/tinh.yaml:5: warning: nha-o: the province-wide figure 100 and the "
                            "total of 1/2 units 500 differ by more than 1%")
def _province_not_units(kit: Kit) -> Seen:
    kit.write("data/submissions/tinh.yaml", """
        agency: so-xay-dung
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 12/BC-SXD
        values: {nha-o: 100}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    kit.write("data/submissions/muong-lat.yaml", """
        agency: ubnd-huyen
        unit: muong-lat
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 45/BC-UBND
        values: {nha-o: 500}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("rate-not-count", f"{SUBMISSION}:7: warning: bhyt-can-ngheo-ty-le is 50%, but bhyt-can-ngheo ÷ base gives "
                        "100.00% (100 ÷ 100)")
def _rate_not_count(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values:
          bhyt-can-ngheo: 100
          bhyt-can-ngheo-ty-le: 50
        bases: {bhyt-can-ngheo-ty-le: 100}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


@case("whole-not-parts", f"{SUBMISSION}:6: warning: toan-tinh: nha-o is 100, but its parts add up to 30 "
                         "(nha-o-qd22 10 + nha-o-qd48 20)")
def _whole_not_parts(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-xay-dung
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 12/BC-SXD
        values:
          nha-o: 100
          nha-o-qd22: 10
          nha-o-qd48: 20
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.validate()


# ---------------------------------------------------------------------------- the submissions folder


@case("bad-file-name", "data/submissions: error: the file name 'x\\x1b[31m.yaml' holds control characters or bytes "
                       "that are not UTF-8; rename it (it was not read)")
def _bad_file_name(kit: Kit) -> Seen:
    (kit.root / "data/submissions/x\x1b[31m.yaml").write_text("agency: so-y-te\n", encoding="utf-8")
    return kit.validate()


@case("leftover-temp", "data/submissions/.tmp-k3j2h1.part: warning: temporary file left by an interrupted "
                       "`record`; it is not a submission and can be deleted")
def _leftover_temp(kit: Kit) -> Seen:
    (kit.root / "data/submissions/.tmp-k3j2h1.part").write_bytes(b"agency: so-y")
    return kit.validate()


@case("not-a-folder", "data/submissions: error: should be the submissions folder, but is a file")
def _not_a_folder(kit: Kit) -> Seen:
    (kit.root / "data/submissions").rmdir()
    (kit.root / "data/submissions").write_text("", encoding="utf-8")
    return kit.validate()


@case("stray-file", "data/submissions/ghi-chu.txt: warning: is not a .yaml file; it was ignored")
def _stray_file(kit: Kit) -> Seen:
    (kit.root / "data/submissions/ghi-chu.txt").write_text("bản nháp", encoding="utf-8")
    return kit.validate()


@case("symlink", f"{SUBMISSION}: error: is a symbolic link; submissions must be regular files inside the "
                 "submissions folder")
def _symlink(kit: Kit) -> Seen:
    outside = kit.write("elsewhere.yaml", """
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: 340112}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    (kit.root / SUBMISSION).symlink_to(kit.root / outside)
    return kit.validate()


# ---------------------------------------------------------------------------- what `record` refuses


@case("ambiguous-name", "giamngheo: error: AGENCY Sở: 'Sở' matches several agencies: so-y-te (Sở Y tế); "
                        "so-xay-dung (Sở Xây dựng). Type more of the name, or an id")
def _ambiguous_name(kit: Kit) -> list[Seen]:
    return [kit.record("Sở", "bhyt-can-ngheo=1"), kit.cli("record", "Sở", *OK, "bhyt-can-ngheo=1")]


@case("bad-character", "giamngheo: error: --source holds the invisible or unprintable character U+0001; remove it")
def _bad_character(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", "bhyt-can-ngheo=1", source="245/BC-SYT\x01"),
            kit.cli("record", "so-y-te", "--source", "245/BC-SYT\x01", "--by", "Lan", "bhyt-can-ngheo=1")]


@case("base-of-a-count", "giamngheo: error: --base bhyt-can-ngheo=8.900: 'bhyt-can-ngheo' is a count; a base "
                         "(mẫu số) belongs to a rate, such as bhyt-can-ngheo-ty-le")
def _base_of_a_count(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", "bhyt-can-ngheo=1", bases=[("bhyt-can-ngheo", "8.900")]),
            kit.cli("record", "so-y-te", *OK, "bhyt-can-ngheo=1", "--base", "bhyt-can-ngheo=8.900")]


@case("empty-source", "giamngheo: error: --source is empty: give the report's number, such as 245/BC-SYT")
def _empty_source(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", "bhyt-can-ngheo=1", source="  "),
            kit.cli("record", "so-y-te", "--source", "  ", "--by", "Lan", "bhyt-can-ngheo=1")]


@case("given-twice", "giamngheo: error: bhyt-can-ngheo=2: 'bhyt-can-ngheo' is given twice")
def _given_twice(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", "bhyt-can-ngheo=1", "bhyt-can-ngheo=2"),
            kit.cli("record", "so-y-te", *OK, "bhyt-can-ngheo=1", "bhyt-can-ngheo=2")]


@case("needs-unit", "giamngheo: error: ubnd-huyen reports for one district, town or city at a time: name it (--unit)")
def _needs_unit(kit: Kit) -> list[Seen]:
    return [kit.record("ubnd-huyen", "nha-o=5"), kit.cli("record", "ubnd-huyen", *OK, "nha-o=5")]


@case("negative", "giamngheo: error: bhyt-can-ngheo=-5: '-5' is negative; a count must be 0 or more")
def _negative(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", "bhyt-can-ngheo=-5"), kit.cli("record", "so-y-te", *OK, "bhyt-can-ngheo=-5")]


@case("not-a-count", "giamngheo: error: nha-o=10,5: '10,5' is not a whole number; a count takes digits with '.' or "
                     "',' between thousands, such as 14.996 or 14996")
def _not_a_count(kit: Kit) -> list[Seen]:
    return [kit.record("so-xay-dung", "nha-o=10,5"), kit.cli("record", "so-xay-dung", *OK, "nha-o=10,5")]


@case("not-a-figure", "giamngheo: error: 'bhyt-can-ngheo': write each figure as INDICATOR=VALUE, such as "
                      "bhyt-can-ngheo=340.112")
def _not_a_figure(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", "bhyt-can-ngheo"), kit.cli("record", "so-y-te", *OK, "bhyt-can-ngheo")]


@case("not-a-percent", "giamngheo: error: bhyt-can-ngheo-ty-le=NaN: 'NaN' is not a percentage; type a number from 0 "
                       "to 100 with ',' or '.' as the decimal mark, such as 8,49 or 8.49%")
def _not_a_percent(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", "bhyt-can-ngheo-ty-le=NaN"),
            kit.cli("record", "so-y-te", *OK, "bhyt-can-ngheo-ty-le=NaN")]


@case("not-responsible", "giamngheo: error: so-xay-dung may not report bhyt-can-ngheo: the plan gives it to so-y-te "
                         "(Sở Y tế), and to the districts for their own units. To enter another agency's figure, "
                         "record it under that agency with its document (--source)")
def _not_responsible(kit: Kit) -> list[Seen]:
    return [kit.record("so-xay-dung", "bhyt-can-ngheo=1"), kit.cli("record", "so-xay-dung", *OK, "bhyt-can-ngheo=1")]


@case("not-their-task", "giamngheo: error: task 'xd-bao-cao' is not assigned to 'so-y-te'")
def _not_their_task(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", done=["xd-bao-cao"]), kit.cli("record", "so-y-te", *OK, "--done", "xd-bao-cao")]


@case("nothing-given", "giamngheo: error: AGENCY ...: no agency given")
def _nothing_given(kit: Kit) -> list[Seen]:
    return [kit.record("...", "bhyt-can-ngheo=1"), kit.cli("record", "...", *OK, "bhyt-can-ngheo=1")]


@case("nothing-to-record", "giamngheo: error: nothing to record: give INDICATOR=VALUE figures or --done TASK")
def _nothing_to_record(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te"), kit.cli("record", "so-y-te", *OK)]


@case("over-100", "giamngheo: error: bhyt-can-ngheo-ty-le=101%: '101%' is over 100; a percentage lies between 0 "
                  "and 100")
def _over_100(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", "bhyt-can-ngheo-ty-le=101%"),
            kit.cli("record", "so-y-te", *OK, "bhyt-can-ngheo-ty-le=101%")]


@case("too-long", "giamngheo: error: --source is 301 characters long; at most 300 are allowed")
def _too_long(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", "bhyt-can-ngheo=1", source="x" * 301),
            kit.cli("record", "so-y-te", "--source", "x" * 301, "--by", "Lan", "bhyt-can-ngheo=1")]


@case("too-many-decimals", "giamngheo: error: bhyt-can-ngheo-ty-le=84,1234567: '84,1234567' has more than 6 "
                           "decimals")
def _too_many_decimals(kit: Kit) -> list[Seen]:
    return [kit.record("so-y-te", "bhyt-can-ngheo-ty-le=84,1234567"),
            kit.cli("record", "so-y-te", *OK, "bhyt-can-ngheo-ty-le=84,1234567")]


@case("missing-source", "giamngheo: error: --source is required: the number of the agency's report, such as "
                        "245/BC-SYT")
def _missing_source(kit: Kit) -> Seen:
    return kit.cli("record", "so-y-te", "--by", "Lan", "bhyt-can-ngheo=1")  # only the CLI knows its options


@case("not-saved", "giamngheo: error: nothing was saved: the report was not confirmed")
def _not_saved(kit: Kit) -> Seen:
    import giamngheo.cli

    kit.monkeypatch.setattr(giamngheo.cli, "_is_terminal", lambda: True)  # only a person at a terminal is asked
    result = kit.run("record", "so-y-te", "--source", "245/BC-SYT", "--by", "Lan", "--data-dir", "data",
                     input="1\n\n" + "n\n")  # the case plan gives so-y-te two indicators and no dated task
    return Seen(_worded(result.exception), result.stderr.splitlines(), result.exit_code)


@case("unknown-group", "giamngheo: error: unknown group 'huyen-30b' (did you mean huyen-30a: Huyện nghèo 30a?)")
def _unknown_group(kit: Kit) -> list[Seen]:
    from giamngheo.intake.lookup import find_group

    return [kit.core(lambda: find_group(kit.units, "huyen-30b")), kit.cli("status", "--group", "huyen-30b")]


# ---------------------------------------------------------------------------- storing a submission


def _store(kit: Kit) -> list[Seen]:
    """`record` refused by the file system: write_submission, then the command."""
    from giamngheo.store.submissions import write_submission

    sub = kit.build("so-y-te", "bhyt-can-ngheo=340.112")
    return [kit.core(lambda: write_submission(sub, Path("data/submissions"))),
            kit.cli("record", "so-y-te", *OK, "bhyt-can-ngheo=340.112")]


def _failing(code: int) -> Callable[..., object]:
    def fail(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code))

    return fail


@case("cannot-write", "giamngheo: error: data/submissions: cannot write: Input/output error; nothing was written")
def _cannot_write(kit: Kit) -> list[Seen]:
    import tempfile

    kit.monkeypatch.setattr(tempfile, "mkstemp", _failing(errno.EIO))
    return _store(kit)


@case("disk-full", "giamngheo: error: data/submissions: the disk is full; nothing was written")
def _disk_full(kit: Kit) -> list[Seen]:
    kit.monkeypatch.setattr(os, "fsync", _failing(errno.ENOSPC))  # as NFS reports it
    return _store(kit)


@case("read-only", "giamngheo: error: data/submissions: cannot write here (permission denied or read-only); "
                   "nothing was written")
def _read_only(kit: Kit) -> list[Seen]:
    import tempfile

    kit.monkeypatch.setattr(tempfile, "mkstemp", _failing(errno.EACCES))  # chmod stops no one running as root
    return _store(kit)


@case("no-free-name", "giamngheo: error: data/submissions: could not find a free file name")
def _no_free_name(kit: Kit) -> list[Seen]:
    import secrets

    # Twenty random names in a row already taken: only a race (or a broken random source) does it.
    kit.monkeypatch.setattr(secrets, "token_hex", lambda n: "00000000")
    (kit.root / "data/submissions/2017-12-08_so-y-te_00000000.yaml").write_text("# taken\n", encoding="utf-8")
    return _store(kit)


@case("round-trip", "giamngheo: error: the submission does not survive a round trip through YAML; nothing was written")
def _round_trip(kit: Kit) -> Seen:
    from giamngheo.model.submission import Submission
    from giamngheo.store.submissions import write_submission

    # Built past every check on purpose (record refuses the bidi override): the reader would refuse it.
    sub = Submission.model_construct(
        schema_version=1, agency="so-y-te", reported=DAY, as_of=DAY, source="245\u202e/BC",
        values={"bhyt-can-ngheo": Decimal(1)}, done=[], note=None, recorded_at=NOW, recorded_by="Lan")
    return kit.core(lambda: write_submission(sub, Path("data/submissions")))


# ---------------------------------------------------------------------------- the workspace and the command line


@case("bad-format", "giamngheo: error: GIAMNGHEO_FORMAT=xml is not one of table, plain, markdown, csv, json")
def _bad_format(kit: Kit) -> Seen:
    return kit.cli("plan", env={"GIAMNGHEO_FORMAT": "xml"})


@case("missing-folder", "giamngheo: error: --data-dir nowhere: no such folder")
def _missing_folder(kit: Kit) -> list[Seen]:
    from giamngheo.store.workspace import find_workspace

    return [kit.core(lambda: find_workspace("nowhere", {}, kit.root)), kit.cli("validate", data_dir="nowhere")]


@case("no-file", "giamngheo: error: give a FILE.xlsx or FILE.csv to import, or --template FILE.xlsx")
def _no_file(kit: Kit) -> Seen:
    return kit.cli("import")


@case("no-plan", "giamngheo: error: --data-dir empty: the folder has no plan (plan_YYYY.yaml, such as "
                 "plan_2017.yaml); `giamngheo init DIR` makes a workspace in DIR/data")
def _no_plan(kit: Kit) -> list[Seen]:
    from giamngheo.store.workspace import find_workspace

    (kit.root / "empty").mkdir()
    return [kit.core(lambda: find_workspace("empty", {}, kit.root)), kit.cli("validate", data_dir="empty")]


@case("workspace-exists", "giamngheo: error: data/plan_2017.yaml: a workspace is already there; nothing was changed")
def _workspace_exists(kit: Kit) -> list[Seen]:
    from giamngheo.store.workspace import init_workspace

    return [kit.core(lambda: init_workspace(Path("."))), kit.cli("init", ".", data_dir=None)]


@case("needs-pyarrow", "giamngheo: error: writing Parquet needs pyarrow: pip install 'giamngheo[parquet]' "
                       "(or write .csv)")
def _needs_pyarrow(kit: Kit) -> list[Seen]:
    import sys

    from giamngheo.render.parquet import to_parquet
    from giamngheo.views.export import export_view

    kit.monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` fails, as without the extra
    return [kit.core(lambda: to_parquet(export_view({}, {}).tables[0])), kit.cli("export", "-o", "so-lieu.parquet")]


@case("os-error", f"giamngheo: error: {'x' * 252}.csv: File name too long")
def _os_error(kit: Kit) -> Seen:
    return kit.shown("import", f"{'x' * 252}.csv")  # a name longer than the file system allows (255 bytes)


@case("bundled-plan", "giamngheo: warning: no workspace at or above /: showing the bundled plan, read-only, with no "
                      "reports (`giamngheo init DIR` makes a workspace)")
def _bundled_plan(kit: Kit) -> Seen:
    kit.monkeypatch.chdir("/")  # no data/plan_YYYY.yaml there, and no folder above it
    return kit.shown("status", data_dir=None)


@case("nothing-to-check", "giamngheo: error: --fail-on-overdue: no workspace at or above /, so there are no reports "
                          "to check; run it from the workspace or give --data-dir")
def _nothing_to_check(kit: Kit) -> Seen:
    kit.monkeypatch.chdir("/")
    return kit.cli("overdue", "--fail-on-overdue", data_dir=None)


@case("files-left-out", "giamngheo: warning: 1 file with errors was left out; run `giamngheo validate` to see it "
                        f"(first: {SUBMISSION})")
def _files_left_out(kit: Kit) -> Seen:
    kit.submission("""
        agency: so-y-te
        reported: 2017-12-08
        as_of: 2017-12-08
        source: 245/BC-SYT
        values: {bhyt-can-ngheo: nhiều}
        recorded_at: 2017-12-09T09:30:00+07:00
        recorded_by: Lan
    """)
    return kit.shown("status", "--as-of", "15/12/2017")


# ---------------------------------------------------------------------------- output options


@case("csv-one-table", "giamngheo: warning: csv holds one table: this is 'targets'; --part reports|undated gives "
                       "another")
def _csv_one_table(kit: Kit) -> Seen:
    return kit.shown("status", "--as-of", "15/12/2017", "--format", "csv")


@case("excel-needs-csv", "giamngheo: error: --excel writes csv; it cannot go with --format json")
def _excel_needs_csv(kit: Kit) -> Seen:
    return kit.cli("status", "--as-of", "15/12/2017", "--excel", "--format", "json")


@case("no-such-part", "giamngheo: error: --part nope: the output has the tables targets, reports, undated")
def _no_such_part(kit: Kit) -> Seen:
    return kit.cli("status", "--as-of", "15/12/2017", "--part", "nope")


# ---------------------------------------------------------------------------- the import template


@case("file-exists", "giamngheo: error: mau.xlsx: already exists; nothing was changed (choose another name)")
def _file_exists(kit: Kit) -> list[Seen]:
    from giamngheo.intake.template import write_template

    (kit.root / "mau.xlsx").write_bytes(b"the analyst's own work")
    return [kit.core(lambda: write_template(kit.plan, kit.units, Path("mau.xlsx"))), kit.cli("template", "mau.xlsx")]


@case("output-is-folder", "giamngheo: error: ra: is a folder; give a file name")
def _output_is_folder(kit: Kit) -> list[Seen]:
    from giamngheo.core.files import write_whole

    (kit.root / "ra").mkdir()
    return [kit.core(lambda: write_whole(Path("ra"), b"x")), kit.cli("report", "-o", "ra", "--format", "html")]


@case("output-folder-missing", "giamngheo: error: khong-co/so-lieu.csv: the folder khong-co does not exist; "
                               "nothing was written")
def _output_folder_missing(kit: Kit) -> list[Seen]:
    from giamngheo.core.files import write_whole

    return [kit.core(lambda: write_whole(Path("khong-co/so-lieu.csv"), b"x")),
            kit.cli("export", "-o", "khong-co/so-lieu.csv")]


@case("output-not-a-file", "giamngheo: error: ong.csv: is not a regular file; give another name")
def _output_not_a_file(kit: Kit) -> list[Seen]:
    import os

    from giamngheo.core.files import write_whole

    os.mkfifo(kit.root / "ong.csv")
    return [kit.core(lambda: write_whole(Path("ong.csv"), b"x", replace=True)),
            kit.cli("export", "-o", "ong.csv", "--force")]


@case("report-format", "giamngheo: error: bao-cao.pdf: cannot tell the format from the name; end it in .xlsx, "
                       ".docx or .html, or give --format")
def _report_format(kit: Kit) -> list[Seen]:
    return [kit.cli("report", "-o", "bao-cao.pdf", "--as-of", "15/12/2017")]


@case("bad-source-date-epoch", "giamngheo: error: SOURCE_DATE_EPOCH=hôm qua is not a time: give whole seconds since "
                               "1970-01-01 UTC, such as 1513296000")
def _bad_source_date_epoch(kit: Kit) -> list[Seen]:
    return [kit.cli("report", "-o", "bao-cao.html", "--as-of", "15/12/2017", env={"SOURCE_DATE_EPOCH": "hôm qua"})]


@case("bad-template", "giamngheo: error: mau.docx: is not a Word document (.docx) that can be read: BadZipFile")
def _bad_template(kit: Kit) -> list[Seen]:
    (kit.root / "mau.docx").write_bytes(b"not a zip at all")
    return [kit.cli("report", "-o", "bao-cao.docx", "--as-of", "15/12/2017", "--template", "mau.docx")]


@case("not-xlsx", "giamngheo: error: mau.csv: the template is an Excel workbook; give a name ending in .xlsx")
def _not_xlsx(kit: Kit) -> list[Seen]:
    from giamngheo.intake.template import write_template

    return [kit.core(lambda: write_template(kit.plan, kit.units, Path("mau.csv"))), kit.cli("template", "mau.csv")]


# ---------------------------------------------------------------------------- what `import` refuses

HEADER = "agency,indicator,value,date,source"


def _import(kit: Kit, sheet: Path) -> list[Seen]:
    return [kit.imported(sheet), kit.cli("import", str(sheet))]


@case("bad-csv", "sheet.csv:2: error: cannot be read as CSV: unexpected end of data")
def _bad_csv(kit: Kit) -> list[Seen]:
    # A quote opened and never closed: the rest of the file would be one cell.
    return _import(kit, kit.csv("sheet.csv", [HEADER, 'so-y-te,bhyt-can-ngheo,1,08/12/2017,"245/BC-SYT']))


@case("duplicate-column", 'sheet.csv:1: error: column F "source": source is already column E "source"')
def _duplicate_column(kit: Kit) -> list[Seen]:
    return _import(kit, kit.csv("sheet.csv", [f"{HEADER},source"]))


@case("empty-cell", 'sheet.csv:2: error: column C "value": is empty')
def _empty_cell(kit: Kit) -> list[Seen]:
    return _import(kit, kit.csv("sheet.csv", [HEADER, "so-y-te,bhyt-can-ngheo,,08/12/2017,245/BC-SYT"]))


@case("empty-sheet", "sheet.csv: error: the sheet is empty; it should hold a header row and figures")
def _empty_sheet(kit: Kit) -> list[Seen]:
    return _import(kit, kit.csv("sheet.csv", ["", ",,,", ""]))


@case("missing-column", "sheet.csv:1: error: missing column Ngày báo cáo (date): add it, or give --date; the headers "
                        "are Cơ quan (agency), Địa bàn (unit) (optional), Chỉ tiêu (indicator), Giá trị (value), Mẫu số "
                        "(base) (optional), Ngày báo cáo (date), Số liệu đến ngày (as_of) (optional), Số văn bản "
                        "(source), Ghi chú (note) (optional)")
def _missing_column(kit: Kit) -> list[Seen]:
    return _import(kit, kit.csv("sheet.csv", ["agency,indicator,value,source"]))


@case("no-header", "sheet.csv:2: error: column F: has a value but no header")
def _no_header(kit: Kit) -> list[Seen]:
    return _import(kit, kit.csv("sheet.csv", [HEADER, "so-y-te,bhyt-can-ngheo,1,08/12/2017,245/BC-SYT,sơ bộ"]))


@case("no-rows", "sheet.csv: error: the sheet has headers but no figures")
def _no_rows(kit: Kit) -> list[Seen]:
    return _import(kit, kit.csv("sheet.csv", [HEADER, ",,,,"]))


@case("not-a-date", "sheet.csv:2: error: column D \"date\": 'tháng 12' is not a date; type dd/mm/yyyy (08/12/2017) "
                    "or yyyy-mm-dd (2017-12-08)")
def _not_a_date(kit: Kit) -> list[Seen]:
    return _import(kit, kit.csv("sheet.csv", [HEADER, "so-y-te,bhyt-can-ngheo,1,tháng 12,245/BC-SYT"]))


@case("not-a-number", 'sheet.xlsx:Sheet!C2: error: column C "value": TRUE is not a number')
def _not_a_number(kit: Kit) -> list[Seen]:
    return _import(kit, kit.xlsx("sheet.xlsx", [HEADER.split(","), ["so-y-te", "bhyt-can-ngheo", True, "08/12/2017",
                                                                    "245/BC-SYT"]]))


@case("not-a-real-date", "sheet.csv:2: error: column D \"date\": '31/02/2017' is not a real date")
def _not_a_real_date(kit: Kit) -> list[Seen]:
    return _import(kit, kit.csv("sheet.csv", [HEADER, "so-y-te,bhyt-can-ngheo,1,31/02/2017,245/BC-SYT"]))


@case("not-text", 'sheet.xlsx:Sheet!E2: error: column E "source": 01/12/2017 is a date, not text; format the column '
                  "as Text and type it again")
def _not_text(kit: Kit) -> list[Seen]:
    # Excel turned the report number 1/12 into a date as it was typed.
    return _import(kit, kit.xlsx("sheet.xlsx", [HEADER.split(","), ["so-y-te", "bhyt-can-ngheo", 1, "08/12/2017",
                                                                    dt.datetime(2017, 12, 1)]]))


@case("not-utf8", "sheet.csv:2: error: is not UTF-8 text; in Excel choose Save As → 'CSV UTF-8 (Comma delimited) "
                  "(*.csv)'")
def _not_utf8(kit: Kit) -> list[Seen]:
    (kit.root / "sheet.csv").write_bytes(f"{HEADER}\r\nso-y-te,bhyt-can-ngheo,1,08/12/2017,245/BC-Thanh Hoá\r\n".encode("cp1258"))
    return _import(kit, Path("sheet.csv"))


@case("too-many-rows", "sheet.csv: error: has more than 2 rows; split it into smaller sheets")
def _too_many_rows(kit: Kit) -> list[Seen]:
    from giamngheo.intake import sheets

    kit.monkeypatch.setattr(sheets, "MAX_ROWS", 2)  # rather than a sheet of 100 001 rows
    return _import(kit, kit.csv("sheet.csv", [HEADER, *(f"so-y-te,bhyt-can-ngheo,{n},0{n}/12/2017,{n}/BC-SYT"
                                                        for n in range(1, 4))]))


@case("unknown-column", 'sheet.csv:1: error: column D "place": unknown header')
def _unknown_column(kit: Kit) -> list[Seen]:
    return _import(kit, kit.csv("sheet.csv", ["agency,indicator,value,place,source"]))


@case("unsupported", "old.xls: error: only .xlsx and .csv sheets can be imported; in Excel choose Save As → "
                     "'Excel Workbook (*.xlsx)'")
def _unsupported(kit: Kit) -> list[Seen]:
    (kit.root / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    return _import(kit, Path("old.xls"))


# ---------------------------------------------------------------------------- the sheets agencies send

# A department's table (`import`'s department layout), with the report fields given as options.
DEPARTMENT = "STT;Chỉ tiêu;Kế hoạch;Thực hiện"
SXD = {"agency": "so-xay-dung", "reported": DAY, "source": "310/BC-SXD"}
SXD_ARGS = ("--agency", "so-xay-dung", "--date", "08/12/2017", "--source", "310/BC-SXD", "--lang", "en")


def _department(kit: Kit, *rows: str, header: str = DEPARTMENT) -> Path:
    return kit.csv("bang.csv", ["BÁO CÁO KẾT QUẢ NĂM 2017", header, *rows])


def _refused(kit: Kit, path: Path, *args: str, **options: object) -> list[Seen]:
    """`import` refusing the sheet at PATH, in the core and on the command line (in English: the line has numbers)."""
    return [kit.imported(path, **options), kit.cli("import", str(path), *args, "--lang", "en")]


@case("already-imported", "bang.csv: error: this file was imported before, with the same content (SHA-256 "
                          "816bf2959398), into data/submissions/2017-12-08_so-xay-dung_0000beef.yaml; nothing was "
                          "stored. To store it again, add --again")
def _already_imported(kit: Kit) -> list[Seen]:
    import secrets

    kit.monkeypatch.setattr(secrets, "token_hex", lambda n: "0000beef")  # the stored file's name, every time
    sheet = _department(kit, "1;nha-o-qd22;10063;9870")
    assert kit.cli("import", str(sheet), *SXD_ARGS).exit_code == 0
    return _refused(kit, sheet, *SXD_ARGS[:-2], **SXD)


@case("attained-differs", "bang.csv:3: warning: column E \"Tỷ lệ (%)\": 50% differs from 90 ÷ 100 = 90.00%; the "
                          "figure stored is 90")
def _attained_differs(kit: Kit) -> list[Seen]:
    return kit.said(_department(kit, "1;nha-o-qd22;100;90;50", header=DEPARTMENT + ";Tỷ lệ (%)"), *SXD_ARGS, **SXD)


@case("column-not-read", "bang.csv:2: note: column A \"STT\": row numbers, not read")
def _column_not_read(kit: Kit) -> list[Seen]:
    return kit.said(_department(kit, "1;nha-o-qd22;10063;9870"), *SXD_ARGS, **SXD)


@case("heading-row", "bang.xlsx:Sheet1!B3: note: column B \"Chỉ tiêu\": 'NHÀ Ở' is a heading merged across the "
                     "table, not a figure; not read")
def _heading_row(kit: Kit) -> list[Seen]:
    from xlsxbuild import Sheet, build, cells_row, merges, sheet_xml

    build(kit.root / "bang.xlsx", [Sheet("Sheet1", sheet_xml(
        cells_row(1, DEPARTMENT.split(";")) + cells_row(3, ["I", "NHÀ Ở"]) + cells_row(4, [1, "nha-o-qd22", 10063, 9870]),
        merges("B3:D3")))])
    return kit.said(Path("bang.xlsx"), *SXD_ARGS, **SXD)


@case("no-figure", "bang.csv:3: note: column D \"Thực hiện\": empty, so the row 'Nhà ở' gives no figure; not read")
def _no_figure(kit: Kit) -> list[Seen]:
    return kit.said(_department(kit, "I;Nhà ở;;", "1;nha-o-qd22;10063;9870"), *SXD_ARGS, **SXD)


@case("no-header-row", "bang.csv: error: no header row in the first 20 rows: a department's table needs the columns "
                       "Chỉ tiêu and Thực hiện; `giamngheo import --help` shows each layout")
def _no_header_row(kit: Kit) -> list[Seen]:
    sheet = _department(kit, "1;nha-o-qd22;10063;9870", header="STT;Chỉ tiêu;Kế hoạch;Kết quả đạt được")
    return _refused(kit, sheet, "--layout", "department", *SXD_ARGS[:-2], layout="department", **SXD)


@case("numbering-row", "bang.csv:3: note: row 3 numbers the columns; not read")
def _numbering_row(kit: Kit) -> list[Seen]:
    return kit.said(_department(kit, "(1);(2);(3);(4)", "1;nha-o-qd22;10063;9870"), *SXD_ARGS, **SXD)


@case("other-year", "bang.csv:2: warning: column C \"Kế hoạch 2016\": names 2016, but the figures are imported into "
                    "the 2017 plan")
def _other_year(kit: Kit) -> list[Seen]:
    return kit.said(_department(kit, "1;nha-o-qd22;10063;9870", header="STT;Chỉ tiêu;Kế hoạch 2016;Thực hiện"),
                    *SXD_ARGS, **SXD)


@case("plan-differs", "bang.csv:3: warning: column C \"Kế hoạch\": 10,000 differs from the plan's target for "
                      "nha-o-qd22, 10,063")
def _plan_differs(kit: Kit) -> list[Seen]:
    return kit.said(_department(kit, "1;nha-o-qd22;10.000;9870"), *SXD_ARGS, **SXD)


@case("rounded", "bang.xlsx:Sheet!D2: note: column D \"Thực hiện\": 83.565601965602 rounded to 83.57, the precision "
                 "of bhyt-can-ngheo-ty-le's target")
def _rounded(kit: Kit) -> list[Seen]:
    # A rate Excel computed, 340112 ÷ 407000 × 100, kept with the decimals Excel shows.
    sheet = kit.xlsx("bang.xlsx", [DEPARTMENT.split(";"), [1, "bhyt-can-ngheo-ty-le", 83.51, 340112 / 407000 * 100]])
    return kit.said(sheet, "--agency", "so-y-te", "--date", "08/12/2017", "--source", "245/BC-SYT", "--lang", "en",
                    agency="so-y-te", reported=DAY, source="245/BC-SYT")


@case("total-row", "bang.csv:4: note: column B \"Chỉ tiêu\": the total row 'Tổng cộng' is not read; totals are "
                   "worked out from the figures")
def _total_row(kit: Kit) -> list[Seen]:
    return kit.said(_department(kit, "1;nha-o-qd22;10063;9870", ";Tổng cộng;10063;9870"), *SXD_ARGS, **SXD)


# ---------------------------------------------------------------------------- which sheet of a workbook


def _figures_sheet(name: str, state: str = "visible") -> object:
    from xlsxbuild import Sheet, cells_row, sheet_xml

    return Sheet(name, sheet_xml(cells_row(1, ["Chỉ tiêu", "Thực hiện"]) + cells_row(2, ["nha-o-qd22", 9870])), state)


def _workbook(kit: Kit, *sheets: object) -> Path:
    from xlsxbuild import build

    build(kit.root / "bang.xlsx", list(sheets))  # type: ignore[arg-type]
    return Path("bang.xlsx")


@case("no-sheet", "bang.xlsx: error: the workbook holds no sheet")
def _no_sheet(kit: Kit) -> list[Seen]:
    return _refused(kit, _workbook(kit), *SXD_ARGS[:-2], **SXD)


@case("no-sheets", "bang.csv: error: a CSV file has no sheets: leave out --sheet")
def _no_sheets(kit: Kit) -> list[Seen]:
    return _refused(kit, _department(kit, "1;nha-o-qd22;10063;9870"), "--sheet", "Sheet1", *SXD_ARGS[:-2],
                    sheet="Sheet1", **SXD)


@case("no-such-sheet", "bang.xlsx: error: there is no sheet 'Tháng 13'; the sheets are 'Tháng 11', 'Tháng 12'")
def _no_such_sheet(kit: Kit) -> list[Seen]:
    sheet = _workbook(kit, _figures_sheet("Tháng 11"), _figures_sheet("Tháng 12"))
    return _refused(kit, sheet, "--sheet", "Tháng 13", *SXD_ARGS[:-2], sheet="Tháng 13", **SXD)


@case("no-visible-sheet", "bang.xlsx: error: the workbook has no visible sheet; its hidden sheets are 'Cũ': choose "
                          "one with --sheet")
def _no_visible_sheet(kit: Kit) -> list[Seen]:
    return _refused(kit, _workbook(kit, _figures_sheet("Cũ", "hidden")), *SXD_ARGS[:-2], **SXD)


@case("not-a-worksheet", "bang.xlsx: error: sheet 'Biểu đồ' is a chartsheet, not a worksheet")
def _not_a_worksheet(kit: Kit) -> list[Seen]:
    _workbook(kit, _figures_sheet("Số liệu"), _figures_sheet("Biểu đồ"))
    _as_chartsheet(kit.root / "bang.xlsx", 2)
    return _refused(kit, Path("bang.xlsx"), "--sheet", "Biểu đồ", *SXD_ARGS[:-2], sheet="Biểu đồ", **SXD)


def _as_chartsheet(path: Path, index: int) -> None:
    """Make the INDEXth sheet of the workbook at PATH a chartsheet, as Excel lists a chart on its own sheet."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        f'Id="rId{index}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"',
        f'Id="rId{index}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet"').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


@case("other-sheet-has-figures", "bang.xlsx: error: sheet 'Tháng 12' also holds figures: choose one with --sheet "
                                 "(this one is 'Tháng 11')")
def _other_sheet_has_figures(kit: Kit) -> list[Seen]:
    return _refused(kit, _workbook(kit, _figures_sheet("Tháng 11"), _figures_sheet("Tháng 12")), *SXD_ARGS[:-2], **SXD)


@case("sheet-not-checked", "bang.xlsx: error: sheet 'Tháng 12' is too large to see whether it holds figures too: "
                           "choose one with --sheet")
def _sheet_not_checked(kit: Kit) -> list[Seen]:
    from xlsxbuild import Sheet, cells_row, sheet_xml

    from giamngheo.intake import sheets

    kit.monkeypatch.setattr(sheets, "MAX_ROWS", 3)  # rather than a second sheet of 100 001 rows
    long = Sheet("Tháng 12", sheet_xml("".join(cells_row(n, ["nha-o-qd22", n]) for n in range(1, 6))))
    return _refused(kit, _workbook(kit, _figures_sheet("Tháng 11"), long), *SXD_ARGS[:-2], **SXD)


@case("sheet-not-read", "bang.xlsx: note: hidden sheet 'Cũ' is not read; name it with --sheet to import it")
def _sheet_not_read(kit: Kit) -> list[Seen]:
    return kit.said(_workbook(kit, _figures_sheet("Mới"), _figures_sheet("Cũ", "hidden")), *SXD_ARGS, **SXD)


# ---------------------------------------------------------------------------- what a workbook may hold


def _one_sheet(kit: Kit, rows: str, after: str = "", **parts: object) -> Path:
    from xlsxbuild import Sheet, build, sheet_xml

    build(kit.root / "bang.xlsx", [Sheet("Sheet1", sheet_xml(rows, after))], **parts)  # type: ignore[arg-type]
    return Path("bang.xlsx")


@case("bad-number", "bang.xlsx:Sheet1!B2: error: holds 'NaN', which is not a number")
def _bad_number(kit: Kit) -> list[Seen]:
    from xlsxbuild import cells_row, num, row, text

    sheet = _one_sheet(kit, cells_row(1, ["Chỉ tiêu", "Thực hiện"]) + row(2, text("A2", "nha-o-qd22"), num("B2", "NaN")))
    return _refused(kit, sheet, *SXD_ARGS[:-2], **SXD)


@case("cell-too-long", "bang.csv:3: error: column B: holds more than 32,767 characters, more than Excel allows in a "
                       "cell")
def _cell_too_long(kit: Kit) -> list[Seen]:
    return _refused(kit, _department(kit, "1;" + "x" * 40_000 + ";10063;9870"), *SXD_ARGS[:-2], **SXD)


@case("error-cell", "bang.xlsx:Sheet1!B2: error: holds the error #DIV/0!; correct it in Excel and save the workbook")
def _error_cell(kit: Kit) -> list[Seen]:
    from xlsxbuild import cells_row, error, row, text

    sheet = _one_sheet(kit, cells_row(1, ["Chỉ tiêu", "Thực hiện"])
                       + row(2, text("A2", "nha-o-qd22"), error("B2", "#DIV/0!", "C2/D2")))
    return _refused(kit, sheet, *SXD_ARGS[:-2], **SXD)


@case("formula-not-computed", "bang.xlsx:Sheet!B2: error: holds a formula without a computed value: open and save "
                              "the workbook in Excel so that the formulas are computed")
def _formula_not_computed(kit: Kit) -> list[Seen]:
    # openpyxl writes formulas as Excel would before computing them: with no value.
    sheet = kit.xlsx("bang.xlsx", [["Chỉ tiêu", "Thực hiện"], ["nha-o-qd22", "=9000+870"]])
    return _refused(kit, sheet, *SXD_ARGS[:-2], **SXD)


@case("token-too-long", "bang.xlsx: error: part xl/worksheets/sheet1.xml holds a tag or value of more than 1,000,000 "
                        "bytes")
def _token_too_long(kit: Kit) -> list[Seen]:
    import hashlib

    from xlsxbuild import cells_row, text

    # An attribute of two million characters (a cell's text that long is refused as too long a cell
    # first), in hex digits that pack too poorly to be a zip bomb.
    noise = hashlib.shake_256(b"giamngheo").hexdigest(1_000_000)
    sheet = _one_sheet(kit, cells_row(1, ["Chỉ tiêu", "Thực hiện"]) + f'<row r="2" spans="{noise}">'
                       + text("A2", "nha-o-qd22") + "</row>")
    return _refused(kit, sheet, *SXD_ARGS[:-2], **SXD)


@case("too-many-columns", "bang.xlsx:Sheet1!GT2: error: lies beyond column GR, the last one read; move the figures to "
                          "the left")
def _too_many_columns(kit: Kit) -> list[Seen]:
    from xlsxbuild import cells_row, num, row, text

    sheet = _one_sheet(kit, cells_row(1, ["Chỉ tiêu", "Thực hiện"])
                       + row(2, text("A2", "nha-o-qd22"), num("B2", 9870), num("GT2", 1)))
    return _refused(kit, sheet, *SXD_ARGS[:-2], **SXD)


@case("too-many-merged", "bang.xlsx: error: sheet 'Sheet1' has more than 10,000 merged ranges")
def _too_many_merged(kit: Kit) -> list[Seen]:
    from xlsxbuild import cells_row, merges

    sheet = _one_sheet(kit, cells_row(1, ["Chỉ tiêu", "Thực hiện"]), merges(*(f"C{r}:D{r}" for r in range(1, 10_002))))
    return _refused(kit, sheet, *SXD_ARGS[:-2], **SXD)


@case("too-many-parts", "bang.xlsx: error: the workbook's zip archive lists 10,008 entries; at most 10,000 are "
                        "accepted")
def _too_many_parts(kit: Kit) -> list[Seen]:
    import zipfile

    sheet = _workbook(kit, _figures_sheet("Sheet1"))
    with zipfile.ZipFile(kit.root / sheet, "a") as zf:
        for n in range(10_002):
            zf.writestr(f"customXml/item{n}.xml", "")
    return _refused(kit, sheet, *SXD_ARGS[:-2], **SXD)


@case("too-many-sheets", "bang.xlsx: error: the workbook has more than 255 sheets")
def _too_many_sheets(kit: Kit) -> list[Seen]:
    return _refused(kit, _workbook(kit, *(_figures_sheet(f"Tháng {n}") for n in range(1, 257))), *SXD_ARGS[:-2], **SXD)


@case("too-many-strings", "bang.xlsx: error: the workbook holds more than 200,000 shared strings (texts)")
def _too_many_strings(kit: Kit) -> list[Seen]:
    import xlsxbuild

    xlsxbuild.distinct_shared_strings(kit.root / "bang.xlsx", 200_001)
    return _refused(kit, Path("bang.xlsx"), *SXD_ARGS[:-2], **SXD)


@case("too-many-tags", "bang.xlsx: error: the workbook holds more than 5,000,000 XML tags in the parts read")
def _too_many_tags(kit: Kit) -> list[Seen]:
    # Tags this many pack so well that the zip-bomb ratio refuses them first: with that check
    # relaxed, the count of tags refuses them.
    from xlsxbuild import DECL, MAIN, Sheet

    from giamngheo.core.xlsx import Limits
    from giamngheo.intake import sheets

    kit.monkeypatch.setattr(sheets, "Limits", functools.partial(Limits, max_part_ratio=10**9))
    junk = (DECL + f'<worksheet xmlns="{MAIN}"><sheetData>', *["<x/>" * 100_000] * 51, "</sheetData></worksheet>")
    return _refused(kit, _workbook(kit, Sheet("Sheet1", junk)), *SXD_ARGS[:-2], **SXD)


@case("unpacked-too-large", "bang.xlsx: error: part xl/sharedStrings.xml unpacks to 411 times its packed size, and at "
                            "most 200 times are accepted: refused as a possible zip bomb")
def _unpacked_too_large(kit: Kit) -> list[Seen]:
    import xlsxbuild

    xlsxbuild.million_shared_strings(kit.root / "bang.xlsx")
    return _refused(kit, Path("bang.xlsx"), *SXD_ARGS[:-2], **SXD)


@case("xml-markup", "bang.xlsx: error: part xl/sharedStrings.xml holds a DTD (entity declarations), which Excel never "
                    "writes: refused as a possible XML bomb")
def _xml_markup(kit: Kit) -> list[Seen]:
    from xlsxbuild import DECL, MAIN, Sheet, build, one_cell_sheet

    lol = (DECL + '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;">]>'
           f'<sst xmlns="{MAIN}"><si><t>&lol1;</t></si></sst>')
    build(kit.root / "bang.xlsx", [Sheet("S", one_cell_sheet())], sst=lol)
    return _refused(kit, Path("bang.xlsx"), *SXD_ARGS[:-2], **SXD)


# ---------------------------------------------------------------------------- the test: one case per code


@pytest.mark.parametrize("code", sorted(CASES))
def test_problem_code(code: str, kit: Kit) -> None:
    line, make = CASES[code]
    seen = make(kit)
    for run in seen if isinstance(seen, list) else [seen]:
        with_code = [p.text() for p in run.problems if p.code == code]
        assert line in with_code, f"no '{code}' problem shows {line!r}; the problems were:\n" + "\n".join(
            f"  {p.code}: {p.text()}" for p in run.problems)
        if run.lines is not None:
            assert line in run.lines, f"stderr does not show {line!r}:\n" + "\n".join(run.lines)
        if run.exit_code is not None:
            assert run.exit_code == (1 if has_errors(run.problems) else 0)
