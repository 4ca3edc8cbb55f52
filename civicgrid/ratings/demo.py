"""Demo star ratings for 渌口区: the ten criteria and a year of closed quarterly rounds in every
village (the 自强户 rule applied as each round closes).

The demo village (the first village, where ``villagestaff`` works) has its rounds up to two
quarters ago only, so a demo user can open and record the last quarter and the current one.
Idempotent: a round that exists is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone

from civicgrid.accounts.models import Role, User
from civicgrid.regions.models import Level, Region
from civicgrid.registry.models import Household

from .actions import RatingEntry, close_round, open_round, record_ratings
from .criteria import ensure_default_criteria
from .models import Criterion, RatingRound

NOTES = {
    10: ["全年积极参加义务劳动", "家风好，邻里口碑好", "带动周边农户种植油茶"],
    9: ["房前屋后整洁", "子女考上大学", "主动调解邻里纠纷"],
    6: ["院落卫生需改进", "酒席操办偏多，已劝导"],
    4: ["存在乱堆乱放，村组已上门督促"],
}


def quarters_before(today: date, count: int) -> list[tuple[int, int]]:
    """The ``count`` quarters before today's quarter, oldest first."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        out.append((year, quarter))
    return out[::-1]


def _meeting_date(year: int, quarter: int, rng: random.Random) -> date:
    return date(year, quarter * 3, rng.randint(15, 28))


def _stars(base: int, rng: random.Random) -> int:
    return max(0, min(10, base + rng.choice([-2, -1, 0, 0, 0, 1, 1])))


def seed(log: Callable[..., Any] = print) -> int:
    """Criteria and four quarters of closed rounds per village; returns the rows added."""
    added = ensure_default_criteria()
    criteria = [c.pk for c in Criterion.objects.filter(active=True)]
    admin = User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
    if admin is None or len(criteria) != 10:
        log("  ratings: no administrator or not ten active criteria; skipped")
        return added
    villages = list(Region.objects.filter(level=Level.VILLAGE).order_by("code"))
    periods = quarters_before(timezone.localdate(), 4)
    rounds = ratings = 0
    for n, village in enumerate(villages):
        households = list(
            Household.objects.filter(grid__code__startswith=village.code)
            .order_by("number")
            .values_list("pk", flat=True)
        )
        if not households:
            continue
        rng = random.Random(village.code)
        # A household's character carries over the quarters, so streaks (and 自强户) appear.
        base = {h: rng.choices([10, 9, 8, 7, 6, 4], [18, 22, 24, 18, 12, 6])[0] for h in households}
        mine = periods[:-2] if n == 0 else periods
        for year, quarter in mine:
            if RatingRound.objects.filter(village=village, year=year, quarter=quarter).exists():
                continue
            r = open_round(admin, village, year, quarter, _meeting_date(year, quarter, rng))
            entries = []
            for h in households:
                total = _stars(base[h], rng)
                earned = sorted(rng.sample(criteria, total), key=criteria.index)
                note = rng.choice(NOTES[total]) if total in NOTES and rng.random() < 0.15 else ""
                entries.append(RatingEntry(h, earned, note))
            ratings += record_ratings(admin, r, entries)
            close_round(admin, r)
            rounds += 1
    log(f"  ratings: {added} criteria, {rounds} rounds, {ratings} household ratings")
    return added + rounds + ratings
