"""The demo district's events: a category tree for grid governance and cases in every state.

:data:`CATEGORY_TREE` follows the event classes of GB/T 30428.2 (市容环境, 市政设施, 园林绿化, …)
together with what grid workers in a rural district actually report (焚烧秸秆, 河塘沟渠漂浮物,
土地山林纠纷, 防溺水, 独居老人关怀). Each top-level category names the department that usually
handles it and its time limits per urgency; a second-level category may name another department.

The demo cases are reported and driven through the real actions, so every step is checked and
on the timeline. Actions stamp the present moment, so afterwards each case is moved back in time
over the last 60 days (its timestamps, deadlines and timeline together), and the escalation tick
runs once over the cases left overdue.
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point, shape

from civicgrid.accounts.demo import DEMO_PASSWORD, SURNAMES, DemoLogin, seed_departments
from civicgrid.accounts.models import Department, Role, User
from civicgrid.core.models import Notification, TimelineEntry
from civicgrid.regions.geo import grid_for_point
from civicgrid.regions.models import GridAssignment, GridPost, Region

from .. import actions
from ..deadlines import Deadline, deadline, limit_for
from ..models import (
    STEP_OF_STATE,
    Category,
    Event,
    LimitUnit,
    Rating,
    Source,
    State,
    Step,
    StepLimit,
    Urgency,
)
from .categories import CATEGORY_TREE, CITY, Branch, Leaf

HANDLER_USERNAME = "chengguan"
HANDLER_FULL_NAME = "城管受理员"

# The mix of states the demo's cases end in; each is reached by the steps in PATHS.
STATE_MIX: list[tuple[str, float]] = [
    (State.REPORTED, 0.15),
    (State.REGISTERED, 0.05),
    (State.DISPATCHED, 0.05),
    (State.HANDLING, 0.15),
    (State.HANDLED, 0.10),
    (State.RETURNED, 0.05),
    (State.CLOSED, 0.12),
    (State.EVALUATED, 0.28),
    (State.REJECTED, 0.05),
]
_TO_HANDLING = ["register", "dispatch", "accept"]
PATHS: dict[str, list[str]] = {
    State.REPORTED: [],
    State.REJECTED: ["reject"],
    State.REGISTERED: ["register"],
    State.DISPATCHED: ["register", "dispatch"],
    State.HANDLING: _TO_HANDLING,
    State.HANDLED: [*_TO_HANDLING, "handle"],
    State.RETURNED: [*_TO_HANDLING, "handle", "return"],
    State.CLOSED: [*_TO_HANDLING, "handle", "verify", "close"],
    State.EVALUATED: [*_TO_HANDLING, "handle", "verify", "close", "rate"],
}
REWORK_SHARE = 0.15  # of handled and finished cases, how many failed verification once
LATE_SHARE = 0.025  # of finished steps, how many took longer than their limit
OVERDUE_SHARE = 0.25  # of open cases, how many are past the current step's deadline
DAYS_BACK = 59

REJECT_REASONS = (
    "重复上报，已与在办事件合并处理。",
    "经核实情况不属实。",
    "属于民事合同纠纷，已告知当事人通过诉讼途径解决。",
    "属于小区物业管理范围，已告知联系物业服务企业。",
)
RETURN_NOTES = (
    "现场核查仍有部分未处理到位，请继续处置。",
    "处置后问题再次出现，请彻底解决。",
    "现场与反馈照片不符，请重新处置。",
)
VERIFY_NOTES = ("现场核查，已处置到位。", "经回访核实，问题已解决。", "")
RATING_NOTES = {
    Rating.SATISFIED: ("处理很及时，非常满意。", "感谢网格员和相关部门。", ""),
    Rating.BASIC: ("问题解决了，就是时间有点长。", ""),
    Rating.UNSATISFIED: ("问题反复出现，希望能彻底解决。",),
}
URBAN_PLACES = ("农贸市场门口", "小区北门", "公交站旁", "学校门口", "文化路口", "广场东侧")
RURAL_PLACES = ("村部附近", "组级公路旁", "山塘边", "村小学旁", "渡口附近")


# --- categories --------------------------------------------------------------------------------
def _department_names() -> set[str]:
    names = {b.department for b in CATEGORY_TREE} | {
        leaf.department for b in CATEGORY_TREE for leaf in b.leaves
    }
    return names - {""}


@transaction.atomic
def seed_categories() -> int:
    """Create or update every category of :data:`CATEGORY_TREE` with its time limits, by code
    (idempotent); returns how many categories exist."""
    needed = _department_names()
    if Department.objects.filter(name__in=needed).count() < len(needed):
        seed_departments()
    departments = {d.name: d for d in Department.objects.filter(name__in=needed)}
    order = 0
    for branch in CATEGORY_TREE:
        order += 1
        parent, _ = Category.objects.update_or_create(
            code=branch.code,
            defaults={
                "parent": None,
                "name": branch.name,
                "name_en": branch.name_en,
                "description": branch.description,
                "department": departments.get(branch.department),
                "handled_by_town": branch.handled_by_town,
                "default_urgency": Urgency.NORMAL,
                "active": True,
                "order": order,
            },
        )
        for urgency, step, amount, unit in branch.limits():
            StepLimit.objects.update_or_create(
                category=parent,
                urgency=urgency,
                step=step,
                defaults={"amount": amount, "unit": unit},
            )
        for leaf in branch.leaves:
            order += 1
            Category.objects.update_or_create(
                code=leaf.code,
                defaults={
                    "parent": parent,
                    "name": leaf.name,
                    "name_en": leaf.name_en,
                    "description": leaf.description,
                    "keywords": leaf.keywords,
                    "department": departments.get(leaf.department),
                    "handled_by_town": False,
                    "default_urgency": leaf.urgency,
                    "active": True,
                    "order": order,
                },
            )
    return Category.objects.count()


# --- accounts ----------------------------------------------------------------------------------
def seed_handler_account() -> User | None:
    """The demo's department handler, ``chengguan`` (城管受理员), created if missing."""
    department = Department.objects.filter(name=CITY).first()
    if department is None:
        return None
    user = User.objects.filter(username=HANDLER_USERNAME).first()
    if user is None:
        user = User.objects.create(
            username=HANDLER_USERNAME,
            password=make_password(DEMO_PASSWORD),
            role=Role.APPROVER,
            full_name=HANDLER_FULL_NAME,
            department=department,
        )
    return user


def demo_logins() -> list[DemoLogin]:
    """The login this module adds to those of :func:`civicgrid.accounts.demo.demo_logins`."""
    user = User.objects.filter(username=HANDLER_USERNAME).select_related("department").first()
    if user is None:
        return []
    scope = user.department.name if user.department else ""
    return [DemoLogin(user.username, user.get_role_display(), scope)]


class _Cast:
    """Who takes each step: the reviewer, the demo resident, each grid's A-post worker, and a
    handler per department or town (created on first use, sharing one password hash)."""

    def __init__(self) -> None:
        reviewers = User.objects.filter(role=Role.REVIEWER, is_active=True)
        reviewer = reviewers.filter(username="reviewer").first() or reviewers.first()
        if reviewer is None:
            raise ValueError("The demo events need a grid-center reviewer: seed the accounts.")
        self.reviewer = reviewer
        residents = User.objects.filter(role=Role.RESIDENT, is_active=True)
        self.resident = residents.filter(username="resident").first() or residents.first()
        self.posts = list(
            GridAssignment.objects.filter(
                post=GridPost.A,
                worker__role=Role.GRID_WORKER,
                worker__is_active=True,
                grid__boundary__isnull=False,
            )
            .select_related("grid__parent", "worker")
            .order_by("grid__code")
        )
        if not self.posts:
            raise ValueError("The demo events need grids with grid workers: seed the district.")
        self._workers = {p.grid.code: p.worker for p in self.posts}
        self._handlers: dict[str, User] = {}
        self._password = ""

    def worker(self, grid_code: str) -> User:
        """The grid's A-post worker, who checks the result on site."""
        return self._workers[grid_code]

    def handler(self, event: Event) -> User:
        """An approver of the event's department, or service staff of its handling town."""
        if event.department_id:
            key = f"dept:{event.department_id}"
            if key not in self._handlers:
                found = User.objects.filter(
                    role=Role.APPROVER, department_id=event.department_id, is_active=True
                ).order_by("username")
                department = Department.objects.get(pk=event.department_id)
                self._handlers[key] = found.first() or self._create(
                    f"dept{department.code.lower()}",
                    Role.APPROVER,
                    f"{department.short_name or department.name}受理员",
                    department=department,
                )
            return self._handlers[key]
        town_code = event.handling_town_id or ""
        key = f"town:{town_code}"
        if key not in self._handlers:
            found = User.objects.filter(
                role=Role.SERVICE_STAFF, scope_region__code=town_code, is_active=True
            ).order_by("username")
            town = Region.objects.get(code=town_code)
            self._handlers[key] = found.first() or self._create(
                f"town{town.code}", Role.SERVICE_STAFF, f"{town.name}综治中心", scope_region=town
            )
        return self._handlers[key]

    def _create(self, username: str, role: str, full_name: str, **scope: Any) -> User:
        if not self._password:
            self._password = make_password(DEMO_PASSWORD)  # hashed once for every new account
        return User.objects.create(
            username=username, password=self._password, role=role, full_name=full_name, **scope
        )


# --- events ------------------------------------------------------------------------------------
def _state_plan(n: int, rng: random.Random) -> list[str]:
    """``n`` final states in the proportions of :data:`STATE_MIX` (largest remainders), shuffled."""
    shares = [(state, share * n) for state, share in STATE_MIX]
    counts = {state: int(exact) for state, exact in shares}
    by_remainder = sorted(shares, key=lambda s: s[1] - int(s[1]), reverse=True)
    for state, _ in by_remainder[: n - sum(counts.values())]:
        counts[state] += 1
    plan = [state for state, count in counts.items() for _ in range(count)]
    rng.shuffle(plan)
    return plan


def _path(state: str, rng: random.Random) -> list[str]:
    """The steps to ``state``; some cases fail verification once on the way."""
    path = list(PATHS[state])
    if state == State.HANDLING and rng.random() < REWORK_SHARE:
        return [*path, "handle", "return", "rework"]
    if "verify" in path or state == State.HANDLED:
        if rng.random() < REWORK_SHARE:
            at = path.index("handle") + 1
            path[at:at] = ["return", "rework", "handle"]
    return path


def _point_in(grid: Region, rng: random.Random) -> tuple[float, float]:
    """A random point inside ``grid`` that the grid locator also places in it."""
    polygon = shape(grid.boundary)
    minx, miny, maxx, maxy = polygon.bounds
    for _ in range(1000):
        lon, lat = round(rng.uniform(minx, maxx), 6), round(rng.uniform(miny, maxy), 6)
        if polygon.contains(Point(lon, lat)):
            hit = grid_for_point(lon, lat)
            if hit is not None and hit.code == grid.code:
                return lon, lat
    raise ValueError(f"No point found inside grid {grid.code}.")


def _is_urban(grid: Region) -> bool:
    return grid.code[9:12] < "200"  # communities are numbered 001–199, villages from 200


def _pick_category(grid: Region, rng: random.Random) -> tuple[Branch, Leaf]:
    """A category as often as it comes up in the grid's kind of place (town or country)."""
    urban = _is_urban(grid)
    weights = [b.weight[0] if urban else b.weight[1] for b in CATEGORY_TREE]
    branch = rng.choices(CATEGORY_TREE, weights=weights)[0]
    return branch, rng.choice(branch.leaves)


def _report(
    cast: _Cast, post: GridAssignment, leaf: Leaf, category: Category, rng: random.Random
) -> Event:
    """Report a case in the post's grid: by its worker, the demo resident or a hotline caller."""
    grid = post.grid
    lon, lat = _point_in(grid, rng)
    places = URBAN_PLACES if _is_urban(grid) else (f"{rng.randint(1, 12)}组", *RURAL_PLACES)
    unit = grid.parent.name if grid.parent else grid.name
    report = actions.Report(
        category=category,
        description=rng.choice(leaf.samples),
        lon=lon,
        lat=lat,
        address=f"{unit}{rng.choice(places)}",
    )
    draw = rng.random()
    if draw < 0.55:
        actor, source = post.worker, Source.GRID_WORKER
    elif draw < 0.75 and cast.resident is not None:
        actor, source = cast.resident, Source.RESIDENT
    else:
        actor = cast.reviewer
        elderly = category.code == "0901"
        source = Source.HOTLINE_12349 if elderly else Source.HOTLINE_12345
        report.contact_name = rng.choice(SURNAMES) + rng.choice(("先生", "女士"))
        report.contact_phone = f"139{rng.randrange(10**8):08d}"
    event, _ = actions.report_event(actor, report, source=source)
    return event


def _take(
    action: str, cast: _Cast, event: Event, results: tuple[str, ...], rng: random.Random
) -> None:
    """Take one step on ``event`` as the person whose job it is."""
    reviewer = cast.reviewer
    if action == "reject":
        actions.reject_event(reviewer, event, reason=rng.choice(REJECT_REASONS))
    elif action == "register":
        actions.register_event(reviewer, event)
    elif action == "dispatch":
        actions.dispatch_event(reviewer, event, note="请按时限处置并反馈。")
    elif action == "accept":
        actions.accept_event(cast.handler(event), event, note="已签收，安排人员处置。")
    elif action == "handle":
        actions.handle_event(cast.handler(event), event, note=rng.choice(results))
    elif action == "rework":
        actions.rework_event(cast.handler(event), event, note="已重新安排人员处置。")
    elif action in ("verify", "return"):
        worker = cast.worker(event.region_id)
        passed = action == "verify"
        note = rng.choice(VERIFY_NOTES if passed else RETURN_NOTES)
        actions.verify_event(worker, event, passed=passed, note=note)
    elif action == "close":
        actions.close_event(reviewer, event, note="处置到位，予以结案。")
    elif action == "rate":
        # The resident rates their own report; for the others the grid center calls back.
        resident = cast.resident
        rater = resident if resident and event.reporter_id == resident.pk else reviewer
        rating = rng.choices(list(RATING_NOTES), weights=[80, 15, 5])[0]
        actions.rate_event(rater, event, rating=rating, note=rng.choice(RATING_NOTES[rating]))
    else:
        raise ValueError(f"Unknown demo step {action!r}.")


class _Limits:
    """Each step's limit for a category and urgency, read once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, str, str], tuple[int, str]] = {}

    def __call__(self, category: Category, urgency: str, step: str) -> tuple[int, str]:
        key = (category.pk, urgency, step)
        if key not in self._cache:
            self._cache[key] = limit_for(category, urgency, step)
        return self._cache[key]

    def hours(self, category: Category, urgency: str, step: str) -> float:
        """The limit in hours, a working day counted as 1.4 calendar days (weekends)."""
        amount, unit = self(category, urgency, step)
        return float(amount) if unit == LimitUnit.HOURS else amount * 24 * 7 / 5


ACTION_STEP = {
    "reject": Step.REGISTER,
    "register": Step.REGISTER,
    "dispatch": Step.DISPATCH,
    "return": Step.VERIFY,
    "verify": Step.VERIFY,
    "close": Step.CLOSE,
}


def _pace(rng: random.Random, late_share: float) -> float:
    """How much of its limit a step takes: mostly well within, sometimes past it."""
    return rng.uniform(1.05, 2.0) if rng.random() < late_share else rng.uniform(0.1, 0.85)


def _schedule(
    path: list[str], state: str, limit: Callable[[str], float], rng: random.Random
) -> tuple[list[float], float | None]:
    """Hours after the report at which each step of ``path`` is taken and, for an open case,
    how long ago it was reported (so its current step has run for a realistic time)."""
    t = clock = 0.0  # now, and when the handling clock started
    offsets = []
    for action in path:
        if action == "rate":
            gap = rng.uniform(2, 72)
        elif action in ("accept", "rework"):  # the handling clock keeps running
            gap = limit(Step.HANDLE) * rng.uniform(0.02, 0.15)
        elif action == "handle":
            gap = max(0.5, clock + limit(Step.HANDLE) * _pace(rng, LATE_SHARE) - t)
        else:
            gap = limit(ACTION_STEP[action]) * _pace(rng, LATE_SHARE)
        t += gap
        offsets.append(t)
        if action in ("dispatch", "return"):
            clock = t
    step = STEP_OF_STATE.get(state)
    if step is None:
        return offsets, None
    if step == Step.HANDLE and path and path[-1] in ("accept", "rework"):
        tail = max(0.25, clock + limit(Step.HANDLE) * _pace(rng, OVERDUE_SHARE) - t)
    else:
        tail = limit(step) * _pace(rng, OVERDUE_SHARE)
    return offsets, t + tail


def _reported_at(
    offsets: list[float], age: float | None, now: datetime, rng: random.Random
) -> datetime:
    """When the case was reported: ``age`` hours ago if it is open, else on a random day of the
    last two months that leaves room for all its steps."""
    if age is not None:  # open: its current step began a realistic time ago
        return now - timedelta(hours=age)
    span = offsets[-1] if offsets else 0.0
    earliest, latest = span + 1, max(span + 1, DAYS_BACK * 24.0)
    moment = timezone.localtime(now - timedelta(hours=rng.uniform(earliest, latest)))
    # Most reports come in by day.
    daytime = moment.replace(hour=rng.randint(7, 20), minute=rng.randrange(60))
    return daytime if daytime + timedelta(hours=span) < now else moment


@dataclass
class _Driven:
    event: Event
    reported_at: datetime
    offsets: list[float]


def seed_events(n: int = 120, seed: int = 30428) -> int:
    """Report ``n`` demo cases over the district's grids and drive them to a mix of states
    through the real actions, then move them back over the last 60 days; only when there are no
    events yet. Returns how many were created.

    Not one transaction: actions notify on commit with the event as it then is, so each step
    commits on its own (inside an outer transaction every notification would go to the holders
    of the final state).
    """
    if Event.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
    cast = _Cast()
    limits = _Limits()
    categories = {c.code: c for c in Category.objects.filter(parent__isnull=False)}
    if any(leaf.code not in categories for b in CATEGORY_TREE for leaf in b.leaves):
        raise ValueError("Seed the categories first (seed_categories).")
    weights = [3 if _is_urban(p.grid) else 1 for p in cast.posts]
    now = timezone.now()
    driven = []
    for state in _state_plan(n, rng):
        post = rng.choices(cast.posts, weights=weights)[0]
        branch, leaf = _pick_category(post.grid, rng)
        event = _report(cast, post, leaf, categories[leaf.code], rng)
        path = _path(state, rng)
        for action in path:
            _take(action, cast, event, leaf.results or branch.results, rng)

        def limit(step: str, event: Event = event) -> float:
            return limits.hours(event.category, event.urgency, step)

        offsets, age = _schedule(path, state, limit, rng)
        driven.append(_Driven(event, _reported_at(offsets, age, now, rng), offsets))
    _backdate(driven, limits)
    actions.escalate_overdue()
    return len(driven)


def _backdate(driven: list[_Driven], limits: _Limits) -> None:
    """Move each case's timeline to its planned times and recompute what depends on them: the
    step timestamps, the current deadline and whether a step was late (as the actions would
    have, had the steps been taken then). Notifications move with the step that sent them and
    count as read once the next step was taken."""
    ids = [str(d.event.pk) for d in driven]
    entries: dict[str, list[TimelineEntry]] = defaultdict(list)
    for entry in TimelineEntry.objects.filter(object_type="events.event", object_id__in=ids):
        entries[entry.object_id].append(entry)
    notes: dict[str, list[Notification]] = defaultdict(list)
    for note in Notification.objects.filter(object_type="events.event", object_id__in=ids):
        notes[note.object_id].append(note)
    moved_notes: list[Notification] = []
    for plan in driven:
        event = plan.event
        timeline = sorted(entries[str(event.pk)], key=lambda e: (e.at, e.pk))
        actual = [e.at for e in timeline]
        planned = [plan.reported_at] + [plan.reported_at + timedelta(hours=h) for h in plan.offsets]
        for entry, at in zip(timeline, planned, strict=True):
            entry.at = at
        _replay(event, timeline, limits)
        for note in notes[str(event.pk)]:
            index = max(0, bisect.bisect_right(actual, note.created_at) - 1)
            note.created_at = planned[index]
            note.read_at = planned[index + 1] if index + 1 < len(planned) else None
            moved_notes.append(note)
    Event.objects.bulk_update(
        [d.event for d in driven],
        [
            "number",
            "reported_at",
            "registered_at",
            "dispatched_at",
            "handled_at",
            "verified_at",
            "closed_at",
            "evaluated_at",
            "step_started_at",
            "due_at",
            "due_provisional",
            "watch_at",
            "overdue",
            "late",
            "escalation_level",
            "updated_at",
        ],
        batch_size=100,
    )
    TimelineEntry.objects.bulk_update(
        [e for d in driven for e in entries[str(d.event.pk)]], ["at"], batch_size=200
    )
    Notification.objects.bulk_update(moved_notes, ["created_at", "read_at"], batch_size=200)


STAMP_OF_STATE = {
    State.REGISTERED: "registered_at",
    State.DISPATCHED: "dispatched_at",
    State.HANDLED: "handled_at",
    State.VERIFIED: "verified_at",
    State.CLOSED: "closed_at",
    State.EVALUATED: "evaluated_at",
}


def _replay(event: Event, timeline: list[TimelineEntry], limits: _Limits) -> None:
    """Set ``event``'s timestamps and deadline from its (moved) timeline, step by step as
    :func:`civicgrid.events.actions._step` does: a step is late if it ends after the deadline
    in force, and every step but taking a case on (accept, rework) restarts the clock."""
    opening = timeline[0]
    event.reported_at = opening.at
    event.number = f"{timezone.localtime(opening.at):%Y%m%d}{event.pk:06d}"

    def due_for(step: str, start: datetime) -> Deadline:
        return deadline(start, *limits(event.category, event.urgency, step))

    due: Deadline | None = due_for(Step.REGISTER, opening.at)
    started = opening.at
    late = False
    for entry in timeline[1:]:
        if due is not None and entry.at > due.at:
            late = True
        if entry.to_state in STAMP_OF_STATE:
            setattr(event, STAMP_OF_STATE[entry.to_state], entry.at)
        step = STEP_OF_STATE.get(entry.to_state)
        if step is None:
            due = None
        elif entry.to_state != State.HANDLING:
            due, started = due_for(step, entry.at), entry.at
    event.step_started_at = started
    event.due_at = due.at if due else None
    event.due_provisional = due.provisional if due else False
    event.watch_at = event.due_at
    event.overdue = False
    event.escalation_level = 0
    event.late = late
    event.updated_at = timeline[-1].at


def seed(log: Callable[[str], Any] | None = print) -> int:
    """The category tree, the ``chengguan`` handler and the demo cases (once); returns how many
    cases were created."""
    categories = seed_categories()
    seed_handler_account()
    created = seed_events()
    if created and log:
        log(f"  events: {categories} categories, {created} events")
    return created
