"""The workspace: the folder that holds the plan YAML and `submissions/`, and loading it whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from giamngheo.checks import check_plan, check_submission
from giamngheo.plan import Plan, load_plan
from giamngheo.problems import Problem, UserError
from giamngheo.submissions import Stored, Submission, list_submission_files, read_submission

PLAN_FILE = "plan_2017.yaml"
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


def bundled_plan_dir() -> Path:
    """The folder of the plan shipped with giamngheo (in a wheel, or in a source checkout)."""
    packaged = Path(__file__).parent / "bundled"
    if (packaged / PLAN_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def find_workspace(data_dir: str | None, env: Mapping[str, str], cwd: Path) -> Workspace:
    """--data-dir, else $GIAMNGHEO_DATA, else ./data when it holds a plan, else the bundled plan."""
    chosen = data_dir if data_dir is not None else env.get(ENV_VAR) or None
    if chosen is not None:
        root = Path(chosen)
        source = "--data-dir" if data_dir else ENV_VAR
        if not root.is_dir():
            raise WorkspaceError(f"{source} {chosen}: no such folder")
        _refuse_odd_plan(root / PLAN_FILE)
        if not (root / PLAN_FILE).is_file():
            raise WorkspaceError(f"{source} {chosen}: the folder has no {PLAN_FILE}; "
                                 f"`giamngheo init DIR` makes a workspace in DIR/data")
        return Workspace(root)
    local = cwd / "data"
    _refuse_odd_plan(local / PLAN_FILE)
    if (local / PLAN_FILE).is_file():
        return Workspace(Path("data"))
    return Workspace(bundled_plan_dir(), bundled=True)


def _refuse_odd_plan(path: Path) -> None:
    """Stop when PATH exists but is not a file: a folder there is a mistake to name, not to pass over."""
    if path.exists() and not path.is_file():
        raise WorkspaceError(f"{path}: is a directory or other non-file, not the plan YAML")


def init_workspace(target: Path) -> Path:
    """Copy the bundled plan into TARGET/data/ with an empty submissions/, and the JSON Schemas
    its first line names into TARGET/schema/ for editors; return the data folder."""
    from giamngheo.jsonschema import schema_text

    data = target / "data"
    if (data / PLAN_FILE).exists():
        raise WorkspaceError(f"{data / PLAN_FILE}: a workspace is already there; nothing was changed")
    plan_text = (bundled_plan_dir() / PLAN_FILE).read_bytes()
    try:
        (data / SUBMISSIONS_DIR).mkdir(parents=True, exist_ok=True)
        with open(data / PLAN_FILE, "xb") as handle:  # "x": never over a plan made meanwhile
            handle.write(plan_text)
        (target / "schema").mkdir(exist_ok=True)
        for kind in ("plan", "submission"):
            schema = target / "schema" / f"{kind}.schema.json"
            if not schema.exists():
                schema.write_text(schema_text(kind), encoding="utf-8")
    except FileExistsError:
        raise WorkspaceError(f"{data / PLAN_FILE}: a workspace is already there; nothing was changed") from None
    except OSError as exc:
        raise WorkspaceError(f"{data}: cannot create the workspace: {exc.strerror or exc}") from None
    return data


@dataclass
class Loaded:
    """Everything read from a workspace: the plan, the submissions, and every problem found."""

    workspace: Workspace
    plan: Plan | None
    stored: list[Stored] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def load_workspace(ws: Workspace, today: dt.date) -> Loaded:
    """Read and check the plan and every submission as of TODAY; problems are collected, never raised."""
    plan, doc, problems = load_plan(ws.plan_path)
    if plan is not None and doc is not None:
        problems += check_plan(plan, doc, str(ws.plan_path))
    loaded = Loaded(ws, plan, problems=problems)
    files, listing = list_submission_files(ws.submissions_dir)
    loaded.problems += listing
    loaded.files = len(files)
    fields_sets: dict[frozenset[str], set[str]] = {}
    for path in files:
        sub, sub_doc, sub_problems = read_submission(path)
        if sub is not None and sub_doc is not None and plan is not None:
            sub_problems += check_submission(sub, sub_doc, str(path), plan, today)
        loaded.problems += sub_problems
        if sub is not None and not any(p.severity == "error" for p in sub_problems):
            loaded.stored.append(Stored(_share_fields_set(sub, fields_sets), path))
    return loaded


def _share_fields_set(sub: Submission, shared: dict[frozenset[str], set[str]]) -> Submission:
    """SUB, holding the same set of given field names as every other submission that gave the same fields.

    pydantic gives each model its own set of the names of the fields it was given: 728 bytes,
    about a quarter of what a stored submission takes, for what is the same set in nearly every file.
    A frozen model never changes that set (model_copy copies it first), so equal ones can be one.
    """
    given = sub.__pydantic_fields_set__
    object.__setattr__(sub, "__pydantic_fields_set__", shared.setdefault(frozenset(given), given))
    return sub
