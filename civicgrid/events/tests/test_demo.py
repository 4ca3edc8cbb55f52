"""The demo's category tree and cases: a realistic tree, and cases that went through the loop."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from civicgrid.accounts import demo as accounts_demo
from civicgrid.accounts.models import Role, User
from civicgrid.core.models import TimelineEntry
from civicgrid.events import demo
from civicgrid.events.actions import LOOP
from civicgrid.events.models import Category, Event, Source, State, StepLimit, Urgency
from civicgrid.regions import demo as regions_demo
from civicgrid.regions.geo import grid_for_point, invalidate_locator
from civicgrid.regions.models import GridAssignment, GridPost

LEAVES = [leaf for branch in demo.CATEGORY_TREE for leaf in branch.leaves]


def test_tree_has_ten_top_level_and_forty_second_level_categories() -> None:
    assert len(demo.CATEGORY_TREE) >= 10
    assert len(LEAVES) >= 40
    assert all(branch.leaves for branch in demo.CATEGORY_TREE)


def test_every_leaf_has_a_department_unless_the_town_handles_it() -> None:
    for branch in demo.CATEGORY_TREE:
        for leaf in branch.leaves:
            assert branch.handled_by_town or leaf.department or branch.department, leaf.name
    town_handled = {b.name for b in demo.CATEGORY_TREE if b.handled_by_town}
    assert town_handled == {"矛盾纠纷"}
    named = {b.department for b in demo.CATEGORY_TREE} | {leaf.department for leaf in LEAVES}
    assert named - {""} <= set(accounts_demo.DEPARTMENTS)


def test_codes_are_unique_and_nested() -> None:
    codes = [b.code for b in demo.CATEGORY_TREE] + [leaf.code for leaf in LEAVES]
    assert len(codes) == len(set(codes))
    for branch in demo.CATEGORY_TREE:
        assert len(branch.code) == 2
        for leaf in branch.leaves:
            assert len(leaf.code) == 4
            assert leaf.code.startswith(branch.code)


def test_every_category_has_english_and_leaves_have_description_and_keywords() -> None:
    for branch in demo.CATEGORY_TREE:
        assert branch.name_en
        for leaf in branch.leaves:
            assert leaf.name_en and leaf.description and leaf.keywords and leaf.samples


def test_hazards_default_to_urgent() -> None:
    urgency = {leaf.name: leaf.urgency for leaf in LEAVES}
    for name in ("消防隐患", "燃气安全", "地质灾害隐患", "防溺水"):
        assert urgency[name] == Urgency.URGENT
    assert urgency["垃圾池满溢"] == Urgency.NORMAL


def _snapshot() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return (
        list(Category.objects.order_by("code").values()),
        list(StepLimit.objects.order_by("id").values()),
    )


def test_seed_categories_is_idempotent(db: Any) -> None:
    count = demo.seed_categories()
    assert count == len(demo.CATEGORY_TREE) + len(LEAVES)
    before = _snapshot()
    assert demo.seed_categories() == count
    assert _snapshot() == before


def test_seeded_limits_are_tighter_for_urgent_cases(db: Any) -> None:
    demo.seed_categories()
    fire = Category.objects.get(name="消防隐患")
    assert fire.parent.name == "安全隐患"
    assert fire.department.name == "区消防救援大队"
    assert fire.default_urgency == Urgency.URGENT
    limits = {(s.urgency, s.step): (s.amount, s.unit) for s in fire.parent.limits.all()}
    assert limits[("normal", "handle")] == (1, "working_days")
    assert limits[("urgent", "register")] == (1, "hours")
    assert limits[("urgent", "handle")] == (4, "hours")
    assert len(limits) == 15
    disputes = Category.objects.get(code="07")
    assert disputes.handled_by_town and disputes.department is None


@pytest.fixture
def seeded(db: Any) -> list[Event]:
    """The real demo district and accounts, and 60 demo cases."""
    regions_demo.seed()
    invalidate_locator()  # the import's on_commit refresh does not run inside a test
    accounts_demo.seed()
    demo.seed_categories()
    demo.seed_handler_account()
    assert demo.seed_events(n=60) == 60
    yield list(Event.objects.select_related("category__parent", "reporter"))
    invalidate_locator()


def _timelines(events: list[Event]) -> dict[int, list[TimelineEntry]]:
    rows = TimelineEntry.objects.filter(
        object_type="events.event", object_id__in=[str(e.pk) for e in events]
    ).select_related("actor__scope_region")
    by_event: dict[int, list[TimelineEntry]] = defaultdict(list)
    for row in rows.order_by("at", "id"):
        by_event[int(row.object_id)].append(row)
    return by_event


def test_seeded_events_end_in_a_mix_of_states(seeded: list[Event]) -> None:
    states = Counter(e.state for e in seeded)
    assert states[State.REPORTED] == 9
    assert states[State.CLOSED] + states[State.EVALUATED] == 24
    assert states[State.REJECTED] == 3
    assert {State.HANDLING, State.HANDLED, State.RETURNED} <= set(states)
    assert all(e.reject_reason for e in seeded if e.state == State.REJECTED)
    ratings = Counter(e.rating for e in seeded if e.state == State.EVALUATED)
    assert ratings.most_common(1)[0][0] == "satisfied"
    assert len({e.source for e in seeded}) >= 3
    assert demo.seed_events(n=60) == 0  # once only


def test_each_timeline_starts_with_reported_and_follows_the_loop(seeded: list[Event]) -> None:
    timelines = _timelines(seeded)
    for event in seeded:
        entries = timelines[event.pk]
        first = entries[0]
        assert (first.from_state, first.to_state) == ("", State.REPORTED)
        assert first.at == event.reported_at
        state = State.REPORTED
        for entry in entries[1:]:
            if entry.from_state == entry.to_state:  # a note: the escalation tick
                assert entry.to_state == state and entry.actor is None
                continue
            assert entry.from_state == state
            assert (entry.from_state, entry.to_state) in LOOP.transitions
            assert entry.actor.role in LOOP.transitions[(entry.from_state, entry.to_state)].roles
            state = entry.to_state
        assert state == event.state
        times = [e.at for e in entries]
        assert times == sorted(times)


def test_steps_are_taken_by_the_right_people(seeded: list[Event]) -> None:
    timelines = _timelines(seeded)
    assignments = GridAssignment.objects.filter(post=GridPost.A).select_related("grid")
    posts = {a.grid.code: a.worker_id for a in assignments}
    for event in seeded:
        for entry in timelines[event.pk]:
            actor = entry.actor
            if entry.from_state == entry.to_state:  # an escalation note
                continue
            if entry.to_state == State.HANDLED or entry.from_state == State.DISPATCHED:
                if event.handling_town_id:
                    assert actor.role == Role.SERVICE_STAFF
                    assert actor.scope_region.code == event.handling_town_id
                else:
                    assert actor.role == Role.APPROVER
                    assert actor.department_id == event.department_id
            if entry.from_state == State.HANDLED:
                assert actor.pk == posts[event.region_id]
            if entry.to_state == State.EVALUATED:
                resident = event.source == Source.RESIDENT
                assert actor.role == (Role.RESIDENT if resident else Role.REVIEWER)
    city = User.objects.get(username="chengguan")
    assert city.role == Role.APPROVER and city.department.name == "区城市管理和综合执法局"
    assert [login.username for login in demo.demo_logins()] == ["chengguan"]


def test_events_lie_in_the_grid_their_point_falls_in(seeded: list[Event]) -> None:
    for event in seeded:
        hit = grid_for_point(event.lon, event.lat)
        assert hit is not None and hit.code == event.region_id
        assert event.region_id.startswith(regions_demo.DISTRICT_CODE)


def test_events_are_spread_over_sixty_days_and_some_are_overdue(seeded: list[Event]) -> None:
    now = timezone.now()
    assert all(now - timedelta(days=61) < e.reported_at < now for e in seeded)
    assert max(e.reported_at for e in seeded) - min(e.reported_at for e in seeded) > timedelta(
        days=20
    )
    for event in seeded:
        assert event.number.startswith(f"{timezone.localtime(event.reported_at):%Y%m%d}")
        if event.is_open:
            assert event.due_at is not None and event.step_started_at is not None
        else:
            assert event.due_at is None and event.watch_at is None
    overdue = [e for e in seeded if e.overdue]
    assert overdue and all(e.is_open and e.escalation_level >= 1 for e in overdue)
    assert all(e.due_at < now for e in overdue)
    assert all(e.due_at > now for e in seeded if e.is_open and not e.overdue)
    finished = [e for e in seeded if e.state in (State.CLOSED, State.EVALUATED)]
    assert all(e.reported_at < e.dispatched_at < e.handled_at < e.closed_at for e in finished)
