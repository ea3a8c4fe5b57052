"""Report states on chosen days around each deadline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from giamngheo.calc.deadlines import Obligation, ReportState, obligations, report_state
from giamngheo.model.plan import Plan, load_plan
from giamngheo.model.submission import Stored, Submission

REPO = Path(__file__).resolve().parents[1]
D = dt.date


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, _, problems = load_plan(REPO / "data" / "plan_2017.yaml")
    assert loaded is not None, problems
    return loaded


def stored(agency: str, reported: D, values: dict[str, int | str] | None = None, done: list[str] | None = None,
           recorded: dt.datetime | None = None, n: int = 0) -> Stored:
    """One stored submission, recorded at noon of its report day unless told otherwise."""
    at = recorded or dt.datetime.combine(reported, dt.time(12), dt.timezone(dt.timedelta(hours=7)))
    sub = Submission(agency=agency, reported=reported, as_of=reported, source=f"{n}/BC",
                     values={k: Decimal(v) for k, v in (values or {}).items()}, done=done or [],
                     recorded_at=at, recorded_by="test")
    return Stored.of(sub, Path(f"{reported}_{agency}_{n:08x}.yaml"))


def state_of(plan: Plan, task_id: str, agency: str, subs: list[Stored], on: D) -> ReportState:
    return report_state(plan, Obligation(plan.assignment_by_id[task_id], agency), subs, on)


HOUSING_ALL = {"nha-o": 9000, "nha-o-qd22": 6000, "nha-o-qd48": 1000, "nha-o-qd33": 2000}
HOUSING_PARTS = {"nha-o-qd22": 6000, "nha-o-qd48": 1000, "nha-o-qd33": 2000}


@pytest.mark.parametrize(
    "subs, on, expected",
    [
        # nothing received: the days around the deadline of 10/12/2017
        ([], D(2017, 11, 1), ("not-due", 39, None, 4)),
        ([], D(2017, 11, 26), ("due-soon", 14, None, 4)),
        ([], D(2017, 12, 9), ("due-soon", 1, None, 4)),
        ([], D(2017, 12, 10), ("due-soon", 0, None, 4)),
        ([], D(2017, 12, 11), ("overdue", 1, None, 4)),
        # received on the deadline day itself: on time
        ([stored("so-xay-dung", D(2017, 12, 10), HOUSING_ALL)], D(2017, 12, 10), ("on-time", None, D(2017, 12, 10), 0)),
        # received two days late: overdue until it came, late after
        ([stored("so-xay-dung", D(2017, 12, 12), HOUSING_ALL)], D(2017, 12, 11), ("overdue", 1, None, 4)),
        ([stored("so-xay-dung", D(2017, 12, 12), HOUSING_ALL)], D(2017, 12, 12), ("late", 2, D(2017, 12, 12), 0)),
        # partial: the whole without its parts; overdue once the deadline passed
        ([stored("so-xay-dung", D(2017, 12, 8), {"nha-o": 9000})], D(2017, 12, 9), ("partial", None, None, 3)),
        ([stored("so-xay-dung", D(2017, 12, 8), {"nha-o": 9000})], D(2017, 12, 13), ("partial", 3, None, 3)),
        # the parts alone make the whole: received
        ([stored("so-xay-dung", D(2017, 12, 8), HOUSING_PARTS)], D(2017, 12, 9), ("on-time", None, D(2017, 12, 8), 0)),
        # completed in two reports: the day the last figure came counts
        ([stored("so-xay-dung", D(2017, 12, 8), {"nha-o": 9000}, n=1),
          stored("so-xay-dung", D(2017, 12, 15), HOUSING_PARTS, n=2)], D(2017, 12, 20), ("late", 5, D(2017, 12, 15), 0)),
        # a reported zero is a value
        ([stored("so-xay-dung", D(2017, 12, 1), {k: 0 for k in HOUSING_ALL})], D(2017, 12, 11), ("on-time", None, D(2017, 12, 1), 0)),
        # corrected later: the first report still met the deadline
        ([stored("so-xay-dung", D(2017, 12, 8), HOUSING_ALL, n=1),
          stored("so-xay-dung", D(2017, 12, 20), {"nha-o": 9100}, n=2)], D(2017, 12, 31), ("on-time", None, D(2017, 12, 8), 0)),
        # another agency's figures do not discharge this one
        ([stored("so-ldtbxh", D(2017, 12, 8), HOUSING_ALL)], D(2017, 12, 11), ("overdue", 1, None, 4)),
        # a report dated after the day we look at is not yet known
        ([stored("so-xay-dung", D(2017, 12, 8), HOUSING_ALL)], D(2017, 12, 7), ("due-soon", 3, None, 4)),
    ],
)
def test_housing_report_states(plan: Plan, subs: list[Stored], on: D, expected: tuple) -> None:
    got = state_of(plan, "xd-bao-cao", "so-xay-dung", subs, on)
    assert (got.state, got.days, got.received, len(got.missing)) == expected


def test_partial_names_what_is_missing(plan: Plan) -> None:
    got = state_of(plan, "xd-bao-cao", "so-xay-dung", [stored("so-xay-dung", D(2017, 12, 8), {"nha-o": 1})], D(2017, 12, 9))
    assert got.missing == ("nha-o-qd22", "nha-o-qd48", "nha-o-qd33")
    assert not got.is_overdue


@pytest.mark.parametrize(
    "done_on, on, expected",
    [
        (None, D(2017, 9, 30), ("due-soon", 0, None)),
        (None, D(2017, 10, 1), ("overdue", 1, None)),
        (D(2017, 9, 30), D(2017, 10, 1), ("on-time", None, D(2017, 9, 30))),
        (D(2017, 10, 3), D(2017, 10, 5), ("late", 3, D(2017, 10, 3))),
    ],
)
def test_task_without_indicators_is_met_by_recording_it_done(plan: Plan, done_on: D | None, on: D, expected: tuple) -> None:
    subs = [stored("so-ldtbxh", done_on, done=["ldtbxh-tap-huan"])] if done_on else []
    got = state_of(plan, "ldtbxh-tap-huan", "so-ldtbxh", subs, on)
    assert (got.state, got.days, got.received) == expected


def test_obligations_are_the_dated_tasks_per_agency(plan: Plan) -> None:
    found = [(o.task.id, o.agency, o.due) for o in obligations(plan)]
    assert len(found) == 12
    assert ("ldtbxh-tong-hop", "so-ldtbxh", D(2017, 12, 15)) in found
    assert ("gddt-bao-cao", "so-gddt", D(2017, 12, 10)) in found
    assert all(o.task.deadline is not None for o in obligations(plan))
    assert [o.task.id for o in obligations(plan, "so-y-te")] == ["yte-bao-cao"]
