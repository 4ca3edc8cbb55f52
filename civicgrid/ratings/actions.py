"""Every state change of the star ratings: criteria, rounds, ratings, corrections, titles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import Role
from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.core.workflow import Workflow, record_note
from civicgrid.regions.models import Level, Region
from civicgrid.registry.models import Household

from .models import (
    MAX_STARS,
    STARS_FOR_TITLE,
    Criterion,
    HouseholdRating,
    RatingRound,
    RoundState,
    Title,
    quarter_index,
)

CLOSERS = (Role.SERVICE_STAFF, Role.ADMINISTRATOR)
ROUNDS = Workflow("rating_round", "state", [(RoundState.OPEN, RoundState.CLOSED, CLOSERS)])


# --- who may do what ---------------------------------------------------------------------------
def is_village_staff(user: Any, village_code: str) -> bool:
    """Service staff whose scope is the village itself (or its town: the town centre may stand
    in), or an administrator."""
    if getattr(user, "role", None) == Role.ADMINISTRATOR:
        return True
    code = getattr(user, "scope_region_code", None)
    return bool(
        user.role == Role.SERVICE_STAFF
        and code
        and village_code.startswith(code)
        and len(code) >= 9
    )


def may_record(user: Any, round_: RatingRound) -> bool:
    """Village staff, and the grid workers of the village (for the households of their grids)."""
    if is_village_staff(user, round_.village_id):
        return True
    code = getattr(user, "scope_region_code", None) or ""
    return user.role == Role.GRID_WORKER and code[:12] == round_.village_id


def may_close(user: Any, round_: RatingRound) -> bool:
    return round_.state == RoundState.OPEN and is_village_staff(user, round_.village_id)


# --- criteria ----------------------------------------------------------------------------------
@dataclass
class CriterionInput:
    name: str
    description: str = ""
    order: int = 0
    active: bool = True


def save_criterion(
    actor: Any, data: CriterionInput, criterion: Criterion | None = None
) -> Criterion:
    """Create or change one criterion (administrators only). Rounds already opened keep their
    own copy of the criteria, so this never changes past ratings."""
    if actor.role != Role.ADMINISTRATOR:
        raise NotAllowed(_("Only an administrator may configure the rating criteria."))
    name = data.name.strip()
    if not name:
        raise ActionError(
            _("Give the criterion a name."),
            errors=[{"field": "name", "message": _("This field is required.")}],
        )
    clash = Criterion.objects.filter(name=name)
    if criterion is not None:
        clash = clash.exclude(pk=criterion.pk)
    if clash.exists():
        raise ActionError(
            _("A criterion named “%(n)s” already exists.") % {"n": name},
            errors=[{"field": "name", "message": _("Already used.")}],
        )
    values = {
        "name": name,
        "description": data.description.strip(),
        "order": data.order,
        "active": data.active,
    }
    with transaction.atomic():
        if criterion is None:
            criterion = Criterion.objects.create(**values)
            audit(actor, "ratings.add_criterion", criterion, after=values)
        else:
            before = {k: getattr(criterion, k) for k in values}
            for k, v in values.items():
                setattr(criterion, k, v)
            criterion.save(update_fields=list(values))
            audit(actor, "ratings.change_criterion", criterion, before=before, after=values)
    return criterion


# --- rounds ------------------------------------------------------------------------------------
def open_round(
    actor: Any, village: Region, year: int, quarter: int, meeting_date: date
) -> RatingRound:
    """Open the evaluation meeting of ``village`` for ``year`` Q``quarter``.

    Village staff only; the quarter must be 1–4 and not in the future, the village must have no
    round for it yet, and exactly ten criteria must be active (one star each, ten in all).
    """
    if village.level != Level.VILLAGE:
        raise ActionError(
            _("Star ratings are held by villages."),
            errors=[{"field": "village", "message": _("Choose a village.")}],
        )
    if not is_village_staff(actor, village.code):
        raise NotAllowed(_("Only the village's service staff may open a rating round."))
    errors = []
    if quarter not in (1, 2, 3, 4):
        errors.append({"field": "quarter", "message": _("A quarter is 1, 2, 3 or 4.")})
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        errors.append({"field": "year", "message": _("Give a year up to this one.")})
    elif quarter in (1, 2, 3, 4) and quarter_index(year, quarter) > quarter_index(
        today.year, (today.month - 1) // 3 + 1
    ):
        errors.append({"field": "quarter", "message": _("This quarter has not begun yet.")})
    if meeting_date > today:
        errors.append({"field": "meeting_date", "message": _("The meeting date is in the future.")})
    if errors:
        raise ActionError(_("The round cannot be opened as given."), errors=errors)
    criteria = list(Criterion.objects.filter(active=True))
    if len(criteria) != MAX_STARS:
        raise ActionError(
            _(
                "Exactly %(want)d criteria must be active to open a round (one star each); "
                "%(n)d are. Ask an administrator to fix the criteria."
            )
            % {"want": MAX_STARS, "n": len(criteria)}
        )
    taken = _("%(village)s already has a round for %(year)d Q%(q)d.") % {
        "village": village.name,
        "year": year,
        "q": quarter,
    }
    taken_errors = [{"field": "quarter", "message": _("Already opened.")}]
    if RatingRound.objects.filter(village=village, year=year, quarter=quarter).exists():
        raise ActionError(taken, errors=taken_errors)
    try:
        with transaction.atomic():
            round_ = RatingRound.objects.create(
                village=village,
                year=year,
                quarter=quarter,
                meeting_date=meeting_date,
                criteria=[{"id": c.pk, "name": c.name} for c in criteria],
                opened_by=actor,
            )
            record_note(round_, actor, "", opening=True)
            audit(actor, "ratings.open_round", round_, after={"year": year, "quarter": quarter})
    except IntegrityError:
        # Someone opened the same quarter between the check above and this insert: the unique
        # constraint refused ours.
        raise Conflict(taken, errors=taken_errors) from None
    return round_


@dataclass
class RatingEntry:
    """One household's stars as the meeting decided: the ids of the criteria it met."""

    household_id: int
    criteria: Sequence[int] = field(default_factory=list)
    note: str = ""
    stars: int | None = None  # optional: when given, must agree with ``criteria``


def record_ratings(actor: Any, round_: RatingRound, entries: Iterable[RatingEntry]) -> int:
    """Record (or re-record) the ratings of some households at an open round, all or nothing.

    Every entry is checked before anything is written: the household must be in the round's
    village (and in the actor's scope: a grid worker records their own grids), each criterion one
    of the round's, at most once, so the total is 0–10. Errors name the entry
    (``ratings.<i>.criteria``). Returns how many households were recorded.
    """
    if not may_record(actor, round_):
        raise NotAllowed(_("Only the village's staff and grid workers may record its ratings."))
    entries = list(entries)
    if round_.state != RoundState.OPEN:
        raise ActionError(_("This round is closed; its ratings can no longer be changed."))
    if not entries:
        raise ActionError(_("Nothing to record."))
    ids = [e.household_id for e in entries]
    households = {
        h.pk: h
        for h in Household.objects.filter(pk__in=ids, grid__code__startswith=round_.village_id)
    }
    in_scope = set(
        _recordable_households(actor, round_).filter(pk__in=ids).values_list("pk", flat=True)
    )
    allowed = set(round_.criterion_ids)
    errors: list[dict[str, str]] = []
    seen: set[int] = set()
    for i, e in enumerate(entries):
        where = f"ratings.{i}"
        if e.household_id not in households or e.household_id not in in_scope:
            errors.append(
                {
                    "field": f"{where}.household",
                    "message": _("Household %(h)s is not a household of this village.")
                    % {"h": e.household_id},
                }
            )
            continue
        if e.household_id in seen:
            errors.append({"field": f"{where}.household", "message": _("Listed twice.")})
        seen.add(e.household_id)
        stars = len(e.criteria)
        if e.stars is not None and not 0 <= e.stars <= MAX_STARS:
            errors.append(
                {
                    "field": f"{where}.stars",
                    "message": _("A household has 0 to %(max)d stars, not %(n)d.")
                    % {"max": MAX_STARS, "n": e.stars},
                }
            )
        elif stars > MAX_STARS:
            errors.append(
                {
                    "field": f"{where}.criteria",
                    "message": _("A household has 0 to %(max)d stars, not %(n)d.")
                    % {"max": MAX_STARS, "n": stars},
                }
            )
        elif len(set(e.criteria)) != stars:
            errors.append(
                {"field": f"{where}.criteria", "message": _("Each criterion gives one star only.")}
            )
        elif unknown := [c for c in e.criteria if c not in allowed]:
            errors.append(
                {
                    "field": f"{where}.criteria",
                    "message": _("Criterion %(c)s is not one of this round's criteria.")
                    % {"c": unknown[0]},
                }
            )
        elif e.stars is not None and e.stars != stars:
            errors.append(
                {
                    "field": f"{where}.stars",
                    "message": _("%(n)d stars given but %(m)d criteria ticked.")
                    % {"n": e.stars, "m": stars},
                }
            )
        if len(e.note) > 200:
            errors.append({"field": f"{where}.note", "message": _("At most 200 characters.")})
    if errors:
        raise ActionError(errors[0]["message"], errors=errors)

    with transaction.atomic():
        # Claim the round while it is still open: a close that wins makes this a conflict.
        if not RatingRound.objects.filter(pk=round_.pk, state=RoundState.OPEN).update(
            version=F("version") + 1
        ):
            raise Conflict(_("The round was closed meanwhile. Reload it to see its ratings."))
        existing = {
            r.household_id: r
            for r in HouseholdRating.objects.filter(round=round_, household_id__in=ids)
        }
        order = {c: n for n, c in enumerate(round_.criterion_ids)}
        new, changed = [], []
        for e in entries:
            earned = sorted(set(e.criteria), key=order.__getitem__)
            row = existing.get(e.household_id)
            if row is None:
                new.append(
                    HouseholdRating(
                        round=round_,
                        household_id=e.household_id,
                        grid_code=households[e.household_id].grid_id,
                        earned=earned,
                        total=len(earned),
                        note=e.note.strip(),
                        recorded_by=actor,
                    )
                )
            else:
                row.earned, row.total, row.note = earned, len(earned), e.note.strip()
                row.recorded_by = actor
                row.recorded_at = timezone.now()
                changed.append(row)
        HouseholdRating.objects.bulk_create(new)
        HouseholdRating.objects.bulk_update(
            changed, ["earned", "total", "note", "recorded_by", "recorded_at"]
        )
        audit(
            actor,
            "ratings.record",
            round_,
            after={str(e.household_id): len(set(e.criteria)) for e in entries},
        )
    return len(entries)


def _recordable_households(actor: Any, round_: RatingRound) -> Any:
    village = Household.objects.filter(grid__code__startswith=round_.village_id)
    if actor.role == Role.GRID_WORKER:
        return village.filter(grid__code__startswith=actor.scope_region_code)
    return village


def recordable_households(actor: Any, round_: RatingRound) -> Any:
    """The households ``actor`` may rate at ``round_`` (for the recording page)."""
    return _recordable_households(actor, round_)


def close_round(actor: Any, round_: RatingRound, note: str = "") -> RatingRound:
    """Close the round (open → closed; village staff) and apply the 自强户 rule to every
    household it rated. A round with no rating cannot be closed."""
    if not HouseholdRating.objects.filter(round=round_).exists():
        raise ActionError(_("Record at least one household before closing the round."))
    if not is_village_staff(actor, round_.village_id):
        raise NotAllowed(_("Only the village's service staff may close its round."))
    with transaction.atomic():
        ROUNDS.move(
            round_, RoundState.CLOSED, actor, note=note, updates={"closed_at": timezone.now()}
        )
        household_ids = list(
            HouseholdRating.objects.filter(round=round_).values_list("household_id", flat=True)
        )
        titled = apply_title_rule(household_ids)
        audit(actor, "ratings.close_round", round_, after={"state": "closed", "titles": titled})
    return round_


def correct_rating(
    actor: Any, rating: HouseholdRating, criteria: Sequence[int], note: str
) -> HouseholdRating:
    """An administrator's correction of a closed round's rating (with a reason); the
    household's 自强户 titles are recomputed from its whole history."""
    if actor.role != Role.ADMINISTRATOR:
        raise NotAllowed(_("Only an administrator may correct a closed round."))
    round_ = rating.round
    if round_.state != RoundState.CLOSED:
        raise ActionError(_("The round is still open: record the change there."))
    if not note.strip():
        raise ActionError(
            _("Say why the rating is corrected."),
            errors=[{"field": "note", "message": _("This field is required.")}],
        )
    allowed = set(round_.criterion_ids)
    if len(criteria) > MAX_STARS or len(set(criteria)) != len(criteria):
        raise ActionError(
            _("A household has 0 to %(max)d stars, not %(n)d.")
            % {"max": MAX_STARS, "n": len(criteria)},
            errors=[{"field": "criteria", "message": _("Each criterion gives one star only.")}],
        )
    if any(c not in allowed for c in criteria):
        raise ActionError(
            _("Criterion %(c)s is not one of this round's criteria.")
            % {"c": next(c for c in criteria if c not in allowed)},
            errors=[{"field": "criteria", "message": _("Unknown criterion.")}],
        )
    order = {c: n for n, c in enumerate(round_.criterion_ids)}
    earned = sorted(set(criteria), key=order.__getitem__)
    with transaction.atomic():
        before = {"earned": rating.earned, "total": rating.total}
        if not HouseholdRating.objects.filter(
            pk=rating.pk, total=rating.total, earned=rating.earned
        ).update(earned=earned, total=len(earned), note=note.strip()[:200], recorded_by=actor):
            raise Conflict(_("Someone else has just changed this rating. Reload it."))
        rating.earned, rating.total, rating.note = earned, len(earned), note.strip()[:200]
        apply_title_rule([rating.household_id])
        audit(
            actor,
            "ratings.correct",
            rating,
            before=before,
            after={"earned": earned, "total": len(earned), "note": rating.note},
        )
    return rating


# --- the 自强户 rule ---------------------------------------------------------------------------
def title_periods(history: Sequence[tuple[int, int]]) -> list[tuple[int, int | None]]:
    """(since, lost) quarter indexes of the titles a history of closed ratings earns.

    ``history``: (quarter index, stars), any order. A title is earned in the second of two
    consecutive quarters with 9+ stars; it is lost in the first later quarter rated below 9
    (``None``: still held). A quarter without a rating neither earns nor breaks anything.
    """
    periods: list[tuple[int, int | None]] = []
    since: int | None = None
    previous: tuple[int, int] | None = None
    for index, stars in sorted(history):
        good = stars >= STARS_FOR_TITLE
        if since is not None and not good:
            periods.append((since, index))
            since = None
        elif (
            since is None
            and good
            and previous is not None
            and previous[0] == index - 1
            and previous[1] >= STARS_FOR_TITLE
        ):
            since = index
        previous = (index, stars)
    if since is not None:
        periods.append((since, None))
    return periods


def apply_title_rule(household_ids: Iterable[int]) -> int:
    """Recompute the 自强户 titles of these households from all their closed ratings (rows that
    still match are kept, others replaced). Returns how many of them hold the title now.

    Runs inside the caller's transaction and first locks the households' rows (in id order, so
    two callers never deadlock): two rounds of one village closed at the same moment then
    recompute one after the other, the second reading the first's closed ratings and titles,
    instead of both reading a history without the other's quarter (a title lost) or both
    inserting the same title. SQLite serialises writers already (``BEGIN IMMEDIATE``)."""
    ids = sorted(set(household_ids))
    if not ids:
        return 0
    list(
        Household.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    history: dict[int, list[tuple[int, int]]] = defaultdict(list)
    grid: dict[int, str] = {}
    rows = (
        HouseholdRating.objects.filter(household_id__in=ids, round__state=RoundState.CLOSED)
        .values_list("household_id", "round__year", "round__quarter", "total", "grid_code")
        .order_by("round__year", "round__quarter")
    )
    for household_id, year, quarter, total, grid_code in rows:
        history[household_id].append((quarter_index(year, quarter), total))
        grid[household_id] = grid_code  # the latest grid
    existing: dict[int, dict[tuple[int, int | None], Title]] = defaultdict(dict)
    for t in Title.objects.filter(household_id__in=ids):
        lost = quarter_index(t.lost_year, t.lost_quarter) if t.lost_year else None
        existing[t.household_id][(quarter_index(t.since_year, t.since_quarter), lost)] = t
    stale: list[int] = []
    new: list[Title] = []
    holding = 0
    for household_id in ids:
        wanted = title_periods(history.get(household_id, []))
        have = existing.get(household_id, {})
        stale += [t.pk for key, t in have.items() if key not in wanted]
        for since, lost in wanted:
            if lost is None:
                holding += 1
            if (since, lost) in have:
                continue
            new.append(
                Title(
                    household_id=household_id,
                    grid_code=grid[household_id],
                    since_year=since // 4,
                    since_quarter=since % 4 + 1,
                    lost_year=lost // 4 if lost is not None else None,
                    lost_quarter=lost % 4 + 1 if lost is not None else None,
                )
            )
    Title.objects.filter(pk__in=stale).delete()
    Title.objects.bulk_create(new)
    return holding
