"""The workspace: the data folder that holds one plan per year, the units list and `submissions/`,
and loading it whole."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from giamngheo.calc.figures import Latest
from giamngheo.checks.consistency import check_consistency
from giamngheo.checks.plan import check_plan
from giamngheo.checks.submission import check_submission
from giamngheo.checks.units import check_unit_targets, check_units
from giamngheo.core.messages import msg
from giamngheo.core.problems import Problem, UserError, error, has_errors
from giamngheo.core.yamlsafe import YamlDoc, YamlError, read_yaml
from giamngheo.model.plan import Plan, load_plan
from giamngheo.model.submission import FIRST_PLAN, Stored
from giamngheo.model.units import Units, UnitTargets, load_unit_targets, load_units
from giamngheo.store.cache import CACHE_DIR, SubmissionCache
from giamngheo.store.submissions import (
    MAX_SUBMISSION_BYTES,
    list_submission_files,
    read_regular_submission,
    submission_from_bytes,
)

PLAN_FILE = "plan_2017.yaml"  # the plan shipped with giamngheo, and the one `init` copies
PLAN_NAME = re.compile(r"plan_([0-9]{4})\.yaml")
UNITS_FILE = "units.yaml"
UNIT_TARGETS_FILE = "unit_targets.yaml"
SUBMISSIONS_DIR = "submissions"
ENV_VAR = "GIAMNGHEO_DATA"


class WorkspaceError(UserError):
    """No usable workspace; the message says what to do."""


@dataclass(frozen=True)
class Workspace:
    """A data folder; `bundled` is the read-only plan shipped inside the package."""

    root: Path
    bundled: bool = False

    def plan_path(self, year: int = FIRST_PLAN) -> Path:
        """The plan YAML of YEAR."""
        return self.root / f"plan_{year}.yaml"

    def plan_years(self) -> list[int]:
        """The years of the plans this workspace holds, oldest first."""
        try:
            names = os.listdir(self.root)
        except OSError:
            return []
        return sorted(int(m.group(1)) for n in names if (m := PLAN_NAME.fullmatch(n)))

    @property
    def submissions_dir(self) -> Path:
        """The folder of submission files."""
        return self.root / SUBMISSIONS_DIR

    @property
    def units_path(self) -> Path:
        """The units list: the workspace's own, else the one shipped with giamngheo."""
        own = self.root / UNITS_FILE
        return own if own.exists() or own.is_symlink() else bundled_plan_dir() / UNITS_FILE


def bundled_plan_dir() -> Path:
    """The folder of the plan shipped with giamngheo (in a wheel, or in a source checkout)."""
    packaged = Path(__file__).resolve().parents[1] / "bundled"
    if (packaged / PLAN_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data"


def find_workspace(data_dir: str | None, env: Mapping[str, str], cwd: Path) -> Workspace:
    """--data-dir, else $GIAMNGHEO_DATA, else the nearest workspace at or above CWD (the way git
    finds its repository: a folder holding `data/plan_YYYY.yaml`, or a data folder itself), else
    the bundled plan, read-only."""
    chosen = data_dir if data_dir is not None else env.get(ENV_VAR) or None
    if chosen is not None:
        root = Path(chosen)
        source = "--data-dir" if data_dir else ENV_VAR
        if not root.is_dir():
            raise WorkspaceError.of("missing-folder", msg("{option} {folder}: no such folder", option=source, folder=chosen))
        _refuse_odd_plan(root / PLAN_FILE)
        if not Workspace(root).plan_years():
            raise WorkspaceError.of("no-plan", msg(
                "{option} {folder}: the folder has no plan (plan_YYYY.yaml, such as {plan}); "
                "`giamngheo init DIR` makes a workspace in DIR/data", option=source, folder=chosen, plan=PLAN_FILE))
        return Workspace(root)
    for folder in [cwd, *cwd.parents]:
        _refuse_odd_plan(folder / "data" / PLAN_FILE)
        if Workspace(folder / "data").plan_years():
            return Workspace(Path(os.path.relpath(folder / "data", cwd)))
        # Inside the data folder itself (or below it): it holds a plan and submissions/.
        if (folder / SUBMISSIONS_DIR).is_dir() and Workspace(folder).plan_years():
            return Workspace(Path(os.path.relpath(folder, cwd)))
    return Workspace(bundled_plan_dir(), bundled=True)


def _refuse_odd_plan(path: Path) -> None:
    """Stop when PATH exists but is not a file: a folder there is a mistake to name, not to pass over."""
    if path.exists() and not path.is_file():
        raise WorkspaceError.of("not-a-file", msg("{path}: is a directory or other non-file, not the plan YAML",
                                               path=str(path)))


def init_workspace(target: Path) -> Path:
    """Copy the bundled plan and units list into TARGET/data/ with an empty submissions/ and a
    .gitignore for the parse cache, and the JSON Schemas the plan's first line names into
    TARGET/schema/ for editors; return the data folder."""
    from giamngheo.model.jsonschema import schema_text

    data = target / "data"
    already = WorkspaceError.of("workspace-exists", msg("{path}: a workspace is already there; nothing was changed",
                                                     path=str(data / PLAN_FILE)))
    if (data / PLAN_FILE).exists():
        raise already
    plan_text = (bundled_plan_dir() / PLAN_FILE).read_bytes()
    units_text = (bundled_plan_dir() / UNITS_FILE).read_bytes()
    try:
        (data / SUBMISSIONS_DIR).mkdir(parents=True, exist_ok=True)
        with open(data / PLAN_FILE, "xb") as handle:  # "x": never over a plan made meanwhile
            handle.write(plan_text)
        if not (data / UNITS_FILE).exists():
            (data / UNITS_FILE).write_bytes(units_text)
        ignore = data / ".gitignore"
        if not ignore.exists():  # the parse cache is rebuilt from the files: never commit it
            ignore.write_text(f"{CACHE_DIR}/\n", encoding="utf-8")
        (target / "schema").mkdir(exist_ok=True)
        for kind in ("plan", "submission"):
            schema = target / "schema" / f"{kind}.schema.json"
            if not schema.exists():
                schema.write_text(schema_text(kind), encoding="utf-8")
    except FileExistsError:
        raise already from None
    except OSError as exc:
        raise WorkspaceError.of("cannot-write", msg("{path}: cannot create the workspace: {reason}",
                                                 path=str(data), reason=exc.strerror or str(exc))) from None
    return data


def load_checked_plan(ws: Workspace, year: int = FIRST_PLAN) -> tuple[Plan | None, list[Problem]]:
    """The workspace's plan of YEAR with every problem its reading and its cross-checks find."""
    path = ws.plan_path(year)
    plan, doc, problems = load_plan(path)
    if plan is not None and doc is not None:
        problems += check_plan(plan, doc, str(path))
        if plan.year != year:
            problems.append(error(path, doc.line_of(("plan", "period", "start")), "plan-year", msg(
                "the plan's period starts in {start}, but the file is named for {year}: name it plan_{start}.yaml",
                start=plan.year, year=year)))
    return plan, problems


def choose_year(ws: Workspace, on: dt.date, asked: int | None = None) -> int:
    """The plan to look at: the one ASKED for, else the one of ON's year, else the latest."""
    years = ws.plan_years() or [FIRST_PLAN]
    if asked is not None:
        if asked not in years:
            raise WorkspaceError.of("unknown-plan", msg(
                "--plan {year}: the workspace has no plan for {year} (it has {years}); `giamngheo plans` lists them",
                year=asked, years=", ".join(map(str, years))), field="--plan")
        return asked
    return on.year if on.year in years else years[-1]


def load_checked_units(ws: Workspace) -> tuple[Units | None, list[Problem]]:
    """The workspace's units list with every problem its reading and its cross-checks find."""
    path = ws.units_path
    units, doc, problems = load_units(path)
    if units is not None and doc is not None:
        problems += check_units(units, doc, str(path))
    return (units if not has_errors(problems) else None), problems


def load_checked_unit_targets(ws: Workspace, plan: Plan, units: Units) -> tuple[UnitTargets, list[Problem]]:
    """The targets entered for units, if the workspace has any (`unit_targets.yaml`), and their problems."""
    path = ws.root / UNIT_TARGETS_FILE
    if not (path.exists() or path.is_symlink()):
        return UnitTargets(schema_version=1), []
    targets, doc, problems = load_unit_targets(path)
    if targets is not None and doc is not None:
        problems += check_unit_targets(targets, doc, str(path), plan, units)
    return (targets if targets is not None and not has_errors(problems) else UnitTargets(schema_version=1)), problems


@dataclass
class Loaded:
    """Everything read from a workspace for one plan (and, for validate, every plan): the plan,
    the units, the submissions, and every problem found."""

    workspace: Workspace
    year: int
    plan: Plan | None
    units: Units | None = None
    unit_targets: UnitTargets | None = None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    plans: dict[int, Plan] = field(default_factory=dict)  # every plan read (all of them for validate)
    by_plan: dict[int, list[Stored]] = field(default_factory=dict)  # the clean submissions of each plan read

    @property
    def stored(self) -> list[Stored]:
        """The clean submissions of the chosen plan."""
        return self.by_plan.setdefault(self.year, [])

    @property
    def reference_problems(self) -> list[Problem]:
        """The problems of the plan file and of the units list: without them no command can work."""
        own = {str(self.workspace.plan_path(self.year)), str(self.workspace.units_path),
               str(self.workspace.root / UNIT_TARGETS_FILE)}
        return [p for p in self.problems if p.file in own]


class _LinesOf:
    """The lines of a stored file, read again only when a problem needs one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._doc: YamlDoc | None = None

    def line_of(self, loc: tuple[object, ...]) -> int | None:
        if self._doc is None:
            try:
                self._doc = read_yaml(self.path, MAX_SUBMISSION_BYTES)
            except YamlError:
                self._doc = YamlDoc(None, {})
        return self._doc.line_of(loc)


def load_workspace(ws: Workspace, today: dt.date, year: int | None = None, every_plan: bool = False,
                   cache: bool = True) -> Loaded:
    """Read and check a plan (YEAR, else the one of TODAY's year, else the latest), the units and
    the submissions as of TODAY; problems are collected, never raised.

    Only the submissions of that plan are kept. With EVERY_PLAN, every plan is read and each
    submission is checked against its own plan, as `validate` does. CACHE false reads every
    file afresh and leaves the parse cache alone.
    """
    chosen = choose_year(ws, today, year)
    years = ws.plan_years() if every_plan else [chosen]
    loaded = Loaded(ws, chosen, None)
    for y in years or [chosen]:
        plan, problems = load_checked_plan(ws, y)
        loaded.problems += problems
        if plan is not None and (y == chosen or not has_errors(problems)):
            loaded.plans[y] = plan
    loaded.plan = loaded.plans.get(chosen)
    loaded.units, unit_problems = load_checked_units(ws)
    loaded.problems += unit_problems
    if loaded.plan is not None and loaded.units is not None:
        loaded.unit_targets, target_problems = load_checked_unit_targets(ws, loaded.plan, loaded.units)
        loaded.problems += target_problems
    files, listing = list_submission_files(ws.submissions_dir)
    loaded.problems += listing
    loaded.files = len(files)
    _read_submissions(loaded, files, today, every_plan, cache)
    return loaded


def _read_submissions(loaded: Loaded, files: Sequence[Path], today: dt.date, every_plan: bool, use_cache: bool) -> None:
    """Read every file (through the cache where its bytes are known), check it against its own
    plan as of TODAY, and keep the clean ones of the chosen plan."""
    ws = loaded.workspace
    folder = ws.submissions_dir
    cache = SubmissionCache(ws.root) if use_cache and not ws.bundled else None
    live: list[str] = []
    try:
        for path in files:
            raw, problems = read_regular_submission(path)
            if raw is None:
                loaded.problems += problems
                continue
            sha = hashlib.blake2b(raw, digest_size=20).digest()
            record = cache.get(sha, folder, path.name) if cache is not None else None
            lines = None
            if record is None:
                sub, doc, problems = submission_from_bytes(path, raw)
                if sub is None or doc is None or has_errors(problems):
                    loaded.problems += problems
                    continue
                if cache is not None:
                    cache.put(sha, path.name, sub)
                record, lines = Stored.of(sub, path, folder), doc
            live.append(path.name)
            plan = loaded.plans.get(record.plan)
            if plan is None:
                if every_plan:
                    loaded.problems.append(error(path, _LinesOf(path).line_of(("plan",)), "no-such-plan", msg(
                        "the submission is for the {year} plan, which this workspace does not hold (plan_{year}.yaml)",
                        year=record.plan), "plan"))
                continue
            problems = check_submission(record, lines or _LinesOf(path), str(path), plan, today, loaded.units)
            loaded.problems += problems
            if not has_errors(problems):
                loaded.by_plan.setdefault(record.plan, []).append(record)
    finally:
        if cache is not None:
            cache.save(live)
            cache.close()


def check_figures(loaded: Loaded, on: dt.date, latest: Latest | None = None) -> list[Problem]:
    """The warnings about figures that disagree with each other, among those that count on day ON,
    for every plan read (LATEST: the chosen plan's figures on ON, when already worked out)."""
    if loaded.units is None:
        return []
    members = [u.id for u in loaded.units.units]
    out = []
    for year, plan in loaded.plans.items():
        stored = loaded.by_plan.get(year, [])
        figures = latest if latest is not None and year == loaded.year else Latest.from_stored(stored, on)
        out += check_consistency(plan, stored, figures, members)
    return out
