"""The workspace: the folder that holds the plan YAML and `submissions/`, and loading it whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from giamngheo.calc.figures import Latest, figures_of
from giamngheo.checks.consistency import check_consistency
from giamngheo.checks.plan import check_plan
from giamngheo.checks.submission import check_submission
from giamngheo.checks.units import check_unit_targets, check_units
from giamngheo.core.messages import msg
from giamngheo.core.problems import Problem, UserError, error, has_errors
from giamngheo.model.plan import Plan, load_plan
from giamngheo.model.submission import Stored
from giamngheo.model.units import Units, UnitTargets, load_unit_targets, load_units
from giamngheo.store.submissions import list_submission_files, read_submission

PLAN_FILE = "plan_2017.yaml"
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

    @property
    def plan_path(self) -> Path:
        """The plan YAML."""
        return self.root / PLAN_FILE

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
    """--data-dir, else $GIAMNGHEO_DATA, else ./data when it holds a plan, else the bundled plan."""
    chosen = data_dir if data_dir is not None else env.get(ENV_VAR) or None
    if chosen is not None:
        root = Path(chosen)
        source = "--data-dir" if data_dir else ENV_VAR
        if not root.is_dir():
            raise WorkspaceError.of("missing-folder", msg("{option} {folder}: no such folder", option=source, folder=chosen))
        _refuse_odd_plan(root / PLAN_FILE)
        if not (root / PLAN_FILE).is_file():
            raise WorkspaceError.of("no-plan", msg(
                "{option} {folder}: the folder has no {plan}; `giamngheo init DIR` makes a workspace in DIR/data",
                option=source, folder=chosen, plan=PLAN_FILE))
        return Workspace(root)
    local = cwd / "data"
    _refuse_odd_plan(local / PLAN_FILE)
    if (local / PLAN_FILE).is_file():
        return Workspace(Path("data"))
    return Workspace(bundled_plan_dir(), bundled=True)


def _refuse_odd_plan(path: Path) -> None:
    """Stop when PATH exists but is not a file: a folder there is a mistake to name, not to pass over."""
    if path.exists() and not path.is_file():
        raise WorkspaceError.of("not-a-file", msg("{path}: is a directory or other non-file, not the plan YAML",
                                               path=str(path)))


def init_workspace(target: Path) -> Path:
    """Copy the bundled plan and units list into TARGET/data/ with an empty submissions/, and the
    JSON Schemas the plan's first line names into TARGET/schema/ for editors; return the data folder."""
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


def load_checked_plan(ws: Workspace) -> tuple[Plan | None, list[Problem]]:
    """The workspace's plan with every problem its reading and its cross-checks find."""
    plan, doc, problems = load_plan(ws.plan_path)
    if plan is not None and doc is not None:
        problems += check_plan(plan, doc, str(ws.plan_path))
    return plan, problems


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
    """Everything read from a workspace: the plan, the units, the submissions, and every problem found."""

    workspace: Workspace
    plan: Plan | None
    units: Units | None = None
    unit_targets: UnitTargets | None = None
    stored: list[Stored] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def reference_problems(self) -> list[Problem]:
        """The problems of the plan file and of the units list: without them no command can work."""
        own = {str(self.workspace.plan_path), str(self.workspace.units_path),
               str(self.workspace.root / UNIT_TARGETS_FILE)}
        return [p for p in self.problems if p.file in own]


def load_workspace(ws: Workspace, today: dt.date) -> Loaded:
    """Read and check the plan, the units and every submission as of TODAY; problems are collected, never raised."""
    plan, problems = load_checked_plan(ws)
    units, unit_problems = load_checked_units(ws)
    loaded = Loaded(ws, plan, units, problems=problems + unit_problems)
    if plan is not None and units is not None:
        loaded.unit_targets, target_problems = load_checked_unit_targets(ws, plan, units)
        loaded.problems += target_problems
    files, listing = list_submission_files(ws.submissions_dir)
    loaded.problems += listing
    loaded.files = len(files)
    for path in files:
        sub, sub_doc, sub_problems = read_submission(path)
        if sub is not None and sub_doc is not None and plan is not None:
            sub_problems += check_submission(sub, sub_doc, str(path), plan, today, units)
        loaded.problems += sub_problems
        if sub is not None and not has_errors(sub_problems):
            loaded.stored.append(Stored.of(sub, path, ws.submissions_dir))
    return loaded


def check_figures(loaded: Loaded, on: dt.date) -> list[Problem]:
    """The warnings about figures that disagree with each other, among those that count on day ON."""
    if loaded.plan is None or loaded.units is None:
        return []
    return check_consistency(loaded.plan, loaded.stored, Latest(figures_of(loaded.stored), on),
                             [u.id for u in loaded.units.units])
