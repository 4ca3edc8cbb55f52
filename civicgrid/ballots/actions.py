"""Every change to sessions, ballots, votes and projects.

Administrators set up a session (roster of deputies), a ballot and its candidates, then open,
close, count and publish it. Deputies vote once each. Responsible units report the chosen
projects' progress. Each action checks role and state, runs atomically and writes an audit entry.

Secrecy: :func:`cast_vote` writes a :class:`BallotReceipt` (who voted) and an anonymous
:class:`CastBallot` (what) in one transaction; they share no key and the stored ballot has no time.
While voting is open the stored ballots' insertion order (SQLite rowid, PostgreSQL heap order and
transaction ids) still follows the receipts; :func:`close_ballot` therefore rewrites every stored
ballot of the ballot in a random order with fresh ids. The audit entry of a vote names the ballot,
never the choices.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import Department, Role, User
from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.core.notifications import in_district_language, notify
from civicgrid.core.workflow import Workflow
from civicgrid.regions.models import Level, Region

from .models import (
    Ballot,
    BallotReceipt,
    BallotState,
    Candidate,
    CastBallot,
    Choice,
    ProgressUpdate,
    Project,
    ProjectState,
    RosterEntry,
    Session,
    SessionLevel,
    new_ballot_code,
)

ADMINS = {Role.ADMINISTRATOR}
TICK_ROLE = "tick"


class Tick:
    """The periodic tick as actor: it closes a ballot whose voting time is over. Recorded on the
    timeline and in the audit log without a person."""

    role = TICK_ROLE
    is_authenticated = False
    pk = None


TICK = Tick()
BALLOT_FLOW = Workflow(
    "ballot",
    "state",
    [
        (BallotState.DRAFT, BallotState.OPEN, ADMINS),
        (BallotState.OPEN, BallotState.CLOSED, ADMINS | {TICK_ROLE}),
        (BallotState.CLOSED, BallotState.PUBLISHED, ADMINS),
    ],
)


def _require_admin(actor: Any) -> None:
    if getattr(actor, "role", None) != Role.ADMINISTRATOR:
        raise NotAllowed(_("Only an administrator may manage ballots."))


def _error(field: str, message: str) -> ActionError:
    return ActionError(message, errors=[{"field": field, "message": message}])


# --- sessions and rosters  ---
def create_session(actor: User, *, name: str, level: str, region: Region) -> Session:
    """Create a congress session of the district or of a town (administrators)."""
    _require_admin(actor)
    name = name.strip()
    if not name:
        raise _error("name", _("Give the session's name."))
    wanted = {SessionLevel.DISTRICT: Level.DISTRICT, SessionLevel.TOWN: Level.TOWN}.get(level)
    if wanted is None:
        raise _error("level", _("Choose district or town."))
    if region.level != wanted:
        raise _error(
            "region", _("A district session belongs to the district, a town session to a town.")
        )
    with transaction.atomic():
        session = Session.objects.create(name=name, level=level, region=region)
        audit(actor, "ballots.create_session", session)
    return session


def add_deputies(actor: User, session: Session, usernames: Iterable[str]) -> int:
    """Register deputies on the session's roster; returns how many were added.

    Each must be an active account with the deputy role whose data scope covers the session's
    region, i.e. a deputy who can see and vote on the session's ballots: the roster's size is the
    majority's denominator, so nobody who cannot vote may be counted in it. Refused while a ballot
    of the session is open (the roster counted is fixed); the session row is locked, as in
    :func:`open_ballot`, so a deputy cannot be added while a ballot opens. Two administrators adding
    the same deputy at once: one wins, the other gets :class:`Conflict`.
    """
    _require_admin(actor)
    names = list(dict.fromkeys(n.strip() for n in usernames if n.strip()))
    if not names:
        raise _error("usernames", _("List at least one deputy's user name."))
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    unknown = [n for n in names if n not in users]
    if unknown:
        raise _error("usernames", _("No such account: %(names)s.") % {"names": ", ".join(unknown)})
    not_deputies = [n for n in names if users[n].role != Role.DEPUTY]
    if not_deputies:
        raise _error(
            "usernames",
            _("Not a deputy's account: %(names)s.") % {"names": ", ".join(not_deputies)},
        )
    # The scope chokepoint decides who sees the session's ballots (Ballot's scope rule is the
    # session's region): an inactive account, or one scoped elsewhere, could never vote.
    unable = [
        n for n in names if not Session.objects.visible_to(users[n]).filter(pk=session.pk).exists()
    ]
    if unable:
        raise _error(
            "usernames",
            _(
                "These deputies could not vote on this session's ballots (the account is "
                "inactive, or its scope does not cover %(region)s): %(names)s."
            )
            % {"region": session.region.name, "names": ", ".join(unable)},
        )
    try:
        with transaction.atomic():
            Session.objects.select_for_update().get(pk=session.pk)
            if session.ballots.filter(state=BallotState.OPEN).exists():
                raise ActionError(
                    _("The roster cannot change while a ballot of the session is open.")
                )
            known = _rostered(session)
            new = [RosterEntry(session=session, deputy=users[n]) for n in names]
            new = [e for e in new if e.deputy_id not in known]
            RosterEntry.objects.bulk_create(new)
            audit(
                actor,
                "ballots.add_deputies",
                session,
                after={"added": [e.deputy.username for e in new]},
            )
    except IntegrityError:
        raise Conflict(
            _("Someone else has just changed this roster. Reload it and try again.")
        ) from None
    return len(new)


def _rostered(session: Session) -> set[int]:
    """The ids of the deputies already on the session's roster."""
    return set(RosterEntry.objects.filter(session=session).values_list("deputy_id", flat=True))


# --- ballots and candidates  ---
def create_ballot(
    actor: User,
    session: Session,
    *,
    title: str,
    choose: int,
    opens_at: datetime,
    closes_at: datetime,
) -> Ballot:
    """Create a draft ballot of the session: choose at most ``choose`` candidates."""
    _require_admin(actor)
    title = title.strip()
    if not title:
        raise _error("title", _("Give the ballot a title."))
    if choose < 1:
        raise _error("choose", _("The number to choose must be at least 1."))
    if closes_at <= opens_at:
        raise _error("closes_at", _("The ballot must close after it opens."))
    with transaction.atomic():
        ballot = Ballot.objects.create(
            session=session, title=title, choose=choose, opens_at=opens_at, closes_at=closes_at
        )
        audit(actor, "ballots.create_ballot", ballot)
    return ballot


def add_candidate(
    actor: User,
    ballot: Ballot,
    *,
    title: str,
    description: str = "",
    budget: Decimal | str,
    department: Department | None = None,
    unit: str = "",
) -> Candidate:
    """Add a candidate project to a draft ballot; it takes the next number on the ballot."""
    _require_admin(actor)
    if ballot.state != BallotState.DRAFT:
        raise ActionError(_("Candidates can only be added while the ballot is a draft."))
    title = title.strip()
    if not title:
        raise _error("title", _("Give the project a title."))
    try:
        amount = Decimal(str(budget))
    except InvalidOperation:
        raise _error("budget", _("The budget is a number of 10,000 yuan.")) from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("100000000"):
        raise _error("budget", _("The budget is a number of 10,000 yuan."))
    if department is None and not unit.strip():
        raise _error("unit", _("Name the responsible department or unit."))
    try:
        with transaction.atomic():
            # The ballot's row lock orders this against the opening and other additions.
            current = Ballot.objects.select_for_update().get(pk=ballot.pk)
            if current.state != BallotState.DRAFT:
                raise ActionError(_("Candidates can only be added while the ballot is a draft."))
            candidate = Candidate.objects.create(
                ballot=current,
                position=_next_position(current),
                title=title,
                description=description.strip(),
                budget=amount.quantize(Decimal("0.01")),
                department=department,
                unit=unit.strip(),
            )
            audit(actor, "ballots.add_candidate", candidate)
    except IntegrityError:
        # Another candidate took the same number first (SQLite does not lock rows).
        raise Conflict(
            _("Someone else has just added a candidate to this ballot. Reload it and try again.")
        ) from None
    return candidate


def _next_position(ballot: Ballot) -> int:
    last = ballot.candidates.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def open_ballot(actor: User, ballot: Ballot) -> Ballot:
    """Open a draft ballot for voting. It needs more candidates than the number to choose
    (差额票决) and a roster; the roster's size now is "all deputies" for the majority rule.

    The session row is locked (as in :func:`add_deputies`) and the ballot row too (as in
    :func:`add_candidate`) before the candidates and the roster are read, so neither changes
    between being counted here and the ballot being open."""
    BALLOT_FLOW.check(ballot, BallotState.OPEN, actor)
    with transaction.atomic():
        Session.objects.select_for_update().get(pk=ballot.session_id)
        Ballot.objects.select_for_update().get(pk=ballot.pk)
        candidates = ballot.candidates.count()
        if candidates <= ballot.choose:
            raise ActionError(
                _("A ballot needs more candidates (%(n)d now) than the number to choose (%(k)d).")
                % {"n": candidates, "k": ballot.choose}
            )
        roster = list(
            RosterEntry.objects.filter(session_id=ballot.session_id).select_related("deputy")
        )
        if not roster:
            raise ActionError(_("Register the session's deputies before opening a ballot."))
        with in_district_language():
            note = _("Opened to %(n)d deputies.") % {"n": len(roster)}
            text = _("Ballot open: %(title)s. Please vote before %(closes)s.") % {
                "title": ballot.title,
                "closes": timezone.localtime(ballot.closes_at).strftime("%Y-%m-%d %H:%M"),
            }
        BALLOT_FLOW.move(
            ballot, BallotState.OPEN, actor, note=note, updates={"roster_size": len(roster)}
        )
        audit(actor, "ballots.open", ballot, after={"roster_size": len(roster)})
        url = reverse("ballots:vote", args=[ballot.pk])
        deputies = [e.deputy for e in roster]
        transaction.on_commit(lambda: notify(deputies, text, ballot, url=url))
    return ballot


def close_ballot(actor: User | None, ballot: Ballot) -> Ballot:
    """Close an open ballot: an administrator, or the tick (``actor`` None) once ``closes_at``
    has passed. Both take the same workflow step (conditional UPDATE, timeline entry; someone
    acting first gives :class:`Conflict`) and write one audit entry.

    Votes in flight hold the ballot's row lock, so each either commits before the close or is
    refused after it. In the same transaction every stored ballot of the ballot is rewritten in a
    random order with fresh ids (:func:`_reshuffle_stored_ballots`), so that from the close on
    neither their ids nor their physical order follow the order of the receipts."""
    closer: Any = TICK if actor is None else actor
    with transaction.atomic():
        note = ""
        if actor is None:
            with in_district_language():
                note = _("Closed automatically at the end of the voting time.")
        BALLOT_FLOW.move(ballot, BallotState.CLOSED, closer, note=note)
        stored = _reshuffle_stored_ballots(ballot)
        audit(
            actor,
            "ballots.close",
            ballot,
            after={"stored": stored, **({"by": "tick"} if actor is None else {})},
        )
    return ballot


def _reshuffle_stored_ballots(ballot: Ballot) -> int:
    """Delete the ballot's stored ballots and insert them again, in one statement, in an order
    drawn from the system's CSPRNG, each with a fresh random UUID; codes and marks are unchanged
    (deputies still verify; the count is the same). Afterwards the live rows' ids, SQLite rowids,
    PostgreSQL heap order and transaction ids (all written by this one transaction) say nothing
    about the voting order. Must run inside the close's transaction, after the ballot's row is
    locked by the state change, so no vote can land meanwhile. Returns how many were rewritten."""
    rows = list(CastBallot.objects.filter(ballot=ballot).values_list("code", "choices"))
    secrets.SystemRandom().shuffle(rows)
    CastBallot.objects.filter(ballot=ballot).delete()
    CastBallot.objects.bulk_create(
        CastBallot(ballot=ballot, code=code, choices=choices) for code, choices in rows
    )
    return len(rows)


def close_due_ballots(now: datetime) -> dict[str, int]:
    """Tick: close every open ballot whose closing time has passed, through :func:`close_ballot`
    like a manual close."""
    closed = 0
    for ballot in Ballot.objects.filter(state=BallotState.OPEN, closes_at__lte=now):
        try:
            close_ballot(None, ballot)
            closed += 1
        except Conflict:
            pass
    return {"closed": closed}


# --- voting  ---
def cast_vote(actor: User, ballot: Ballot, choices: Mapping[Any, str]) -> str:
    """Record one deputy's ballot; returns the confirmation code of the stored ballot.

    ``choices`` maps each candidate's id to ``for``, ``against`` or ``abstain``: every candidate
    must be marked, at most ``choose`` of them "for". Refused: not a deputy of this session, already
    voted (the unique receipt also refuses a second vote racing the first), ballot not open or
    outside its voting time, a candidate not on this ballot, an unknown mark. The receipt and the
    anonymous stored ballot commit together or not at all.
    """
    if (
        getattr(actor, "role", None) != Role.DEPUTY
        or not RosterEntry.objects.filter(session_id=ballot.session_id, deputy=actor).exists()
    ):
        raise NotAllowed(_("Only the registered deputies of this session may vote on this ballot."))
    marks = _checked_marks(ballot, choices)
    try:
        with transaction.atomic():
            # The row lock orders every vote against the close: a vote either lands before the
            # ballot closes or sees it closed.
            current = Ballot.objects.select_for_update().get(pk=ballot.pk)
            _check_open(current)
            if BallotReceipt.objects.filter(ballot=current, deputy=actor).exists():
                raise ActionError(
                    _("You have already voted on this ballot. Each deputy votes once.")
                )
            BallotReceipt.objects.create(ballot=current, deputy=actor, voted_at=timezone.now())
            code = new_ballot_code()
            CastBallot.objects.create(ballot=current, code=code, choices=marks)
            audit(actor, "ballots.vote", current)
    except IntegrityError:
        raise ActionError(
            _("You have already voted on this ballot. Each deputy votes once.")
        ) from None
    return code


def _check_open(ballot: Ballot) -> None:
    now = timezone.now()
    if ballot.state == BallotState.DRAFT or (
        ballot.state == BallotState.OPEN and now < ballot.opens_at
    ):
        raise ActionError(_("Voting on this ballot has not opened yet."))
    if ballot.state != BallotState.OPEN or now >= ballot.closes_at:
        raise ActionError(_("Voting on this ballot has closed."))


def _checked_marks(ballot: Ballot, choices: Mapping[Any, str]) -> dict[str, str]:
    candidates = {str(c.pk): c for c in ballot.candidates.all()}
    errors: list[dict[str, str]] = []
    marks: dict[str, str] = {}
    for key, value in choices.items():
        if str(key) not in candidates:
            message = _("Candidate %(id)s is not on this ballot.") % {"id": key}
            raise ActionError(message, errors=[{"field": f"choices.{key}", "message": message}])
        if value not in Choice.values:
            message = _("Mark each candidate for, against or abstain.")
            raise ActionError(message, errors=[{"field": f"choices.{key}", "message": message}])
        marks[str(key)] = value
    chosen = sum(1 for v in marks.values() if v == Choice.FOR)
    if chosen > ballot.choose:
        message = _("You marked %(n)d candidates “for”; at most %(k)d may be chosen.") % {
            "n": chosen,
            "k": ballot.choose,
        }
        raise ActionError(message, errors=[{"field": "choices", "message": message}])
    for key, candidate in candidates.items():
        if key not in marks:
            errors.append(
                {
                    "field": f"choices.{key}",
                    "message": _("No. %(n)d “%(title)s” is not marked.")
                    % {"n": candidate.position, "title": candidate.title},
                }
            )
    if errors:
        raise ActionError(
            _("Mark every candidate: for, against or abstain (%(n)d not marked).")
            % {"n": len(errors)},
            errors=errors,
        )
    return marks


def verify_code(actor: User, ballot: Ballot, code: str) -> dict[str, str] | None:
    """The marks of the stored ballot with this confirmation code, for the deputy who cast it to
    check; ``None`` when no stored ballot of this ballot has the code. Only the deputies on the
    session's roster may check (:class:`NotAllowed` otherwise): the code is a secret that must
    travel only in a request body, never in a URL (pages and API take it by POST)."""
    if not RosterEntry.objects.filter(session_id=ballot.session_id, deputy_id=actor.pk).exists():
        raise NotAllowed(
            _("Only the registered deputies of this session may check a stored ballot.")
        )
    code = code.strip().upper()
    if not code:
        return None
    row = CastBallot.objects.filter(ballot=ballot, code=code).first()
    return row.choices if row else None


# --- counting  ---
def tally(ballot: Ballot, stored: Iterable[Mapping[str, str]]) -> dict[str, Any]:
    """The count of ``stored`` ballots by the rules.

    A candidate passes with more "for" votes than half of all the session's deputies (the roster
    size when the ballot opened, not those who voted). Passing candidates are ranked by "for"
    votes and the first ``choose`` are chosen; if candidates tied on the last place would take
    more than ``choose``, none of the tied is picked: the tie is reported for the session to
    resolve.
    """
    candidates = list(ballot.candidates.all())
    counts = {str(c.pk): {"for": 0, "against": 0, "abstain": 0} for c in candidates}
    cast = 0
    for marks in stored:
        cast += 1
        for key, value in marks.items():
            if key in counts and value in counts[key]:
                counts[key][value] += 1
    roster = ballot.roster_size
    ordered = sorted(candidates, key=lambda c: (-counts[str(c.pk)]["for"], c.position))
    rows: list[dict[str, Any]] = []
    previous: int | None = None
    rank = 0
    for index, c in enumerate(ordered, start=1):
        votes = counts[str(c.pk)]
        if votes["for"] != previous:
            rank, previous = index, votes["for"]
        rows.append(
            {
                "candidate": c.pk,
                "position": c.position,
                "title": c.title,
                **votes,
                "rank": rank,
                "passed": votes["for"] * 2 > roster,
                "chosen": False,
                "tie": False,
            }
        )
    passed = [r for r in rows if r["passed"]]
    tie = False
    if len(passed) <= ballot.choose:
        for r in passed:
            r["chosen"] = True
    else:
        last = passed[ballot.choose - 1]["for"]
        if passed[ballot.choose]["for"] == last:
            tie = True
            for r in passed:
                if r["for"] > last:
                    r["chosen"] = True
                elif r["for"] == last:
                    r["tie"] = True
        else:
            for r in passed[: ballot.choose]:
                r["chosen"] = True
    return {
        "roster": roster,
        "cast": cast,
        "majority": roster // 2 + 1,
        "choose": ballot.choose,
        "rows": rows,
        "chosen": [r["candidate"] for r in rows if r["chosen"]],
        "tie": tie,
        "tied": [r["candidate"] for r in rows if r["tie"]],
    }


def count_ballot(actor: User, ballot: Ballot) -> dict[str, Any]:
    """Count a closed ballot from its stored ballots and keep the result (may be repeated while
    the ballot is closed; published results never change)."""
    _require_admin(actor)
    if ballot.state != BallotState.CLOSED:
        raise ActionError(_("Only a closed ballot can be counted."))
    with transaction.atomic():
        result = tally(
            ballot, CastBallot.objects.filter(ballot=ballot).values_list("choices", flat=True)
        )
        changed = Ballot.objects.filter(pk=ballot.pk, state=BallotState.CLOSED).update(
            result=result, counted_at=timezone.now()
        )
        if not changed:
            raise Conflict(
                _("Someone else has just acted on this case. Reload it to see what changed.")
            )
        ballot.result = result
        audit(
            actor, "ballots.count", ballot, after={"chosen": result["chosen"], "tie": result["tie"]}
        )
    return result


def publish_ballot(actor: User, ballot: Ballot) -> Ballot:
    """Publish a counted ballot: everyone may read the result, and each chosen candidate becomes
    a project to be tracked. Tied candidates wait for the session's decision
    (:func:`resolve_tie`)."""
    BALLOT_FLOW.check(ballot, BallotState.PUBLISHED, actor)
    if not ballot.result:
        raise ActionError(_("Count the ballot before publishing the result."))
    with transaction.atomic():
        BALLOT_FLOW.move(
            ballot, BallotState.PUBLISHED, actor, updates={"published_at": timezone.now()}
        )
        _make_projects(ballot, ballot.result["chosen"])
        audit(actor, "ballots.publish", ballot, after={"chosen": ballot.result["chosen"]})
    return ballot


def resolve_tie(actor: User, ballot: Ballot, candidate_ids: list[int], *, note: str) -> Ballot:
    """Record the session's decision on a tie: which tied candidates fill the remaining places."""
    _require_admin(actor)
    result = ballot.result or {}
    if ballot.state != BallotState.PUBLISHED or not result.get("tie") or result.get("resolution"):
        raise ActionError(_("This ballot has no open tie to resolve."))
    places = ballot.choose - len(result["chosen"])
    picked = list(dict.fromkeys(int(i) for i in candidate_ids))
    if any(i not in result["tied"] for i in picked) or len(picked) != places:
        raise _error(
            "candidates", _("Choose exactly %(n)d of the tied candidates.") % {"n": places}
        )
    if not note.strip():
        raise _error("note", _("Say how the session decided."))
    result = {**result, "resolution": {"chosen": picked, "note": note.strip()}}
    with transaction.atomic():
        changed = Ballot.objects.filter(pk=ballot.pk, result=ballot.result).update(result=result)
        if not changed:
            raise Conflict(
                _("Someone else has just acted on this case. Reload it to see what changed.")
            )
        ballot.result = result
        _make_projects(ballot, picked, after=len(result["chosen"]))
        audit(actor, "ballots.resolve_tie", ballot, after=result["resolution"])
    return ballot


#: The administrator's steps on a ballot, by the name pages and the API give them.
BALLOT_STEPS: dict[str, Callable[[User, Ballot], Any]] = {
    "open": open_ballot,
    "close": close_ballot,
    "count": count_ballot,
    "publish": publish_ballot,
}


def _make_projects(ballot: Ballot, candidate_ids: list[int], after: int = 0) -> None:
    Project.objects.bulk_create(
        Project(ballot=ballot, candidate_id=cid, rank=after + i)
        for i, cid in enumerate(candidate_ids, start=1)
    )


@dataclass
class Recount:
    """A recount's outcome: the tally recomputed from the stored ballots and whether it matches."""

    recomputed: dict[str, Any]
    stored_result: dict[str, Any] | None
    receipts: int
    matches: bool
    receipts_match: bool


def recount_ballot(actor: User, ballot: Ballot) -> Recount:
    """Recompute the count from the stored ballots and compare it with the kept result and with
    the number of receipts (every deputy who voted left exactly one stored ballot). The recount
    shows the result, so until it is published only an administrator may recount
    (:class:`NotAllowed`); once published, anyone who may see the ballot may: it shows only
    aggregates."""
    if ballot.state not in (BallotState.CLOSED, BallotState.PUBLISHED):
        raise ActionError(_("Only a closed ballot can be recounted."))
    if not ballot.result_visible_to(actor):
        raise NotAllowed(_("Until the result is published, only an administrator may recount."))
    recomputed = tally(
        ballot, CastBallot.objects.filter(ballot=ballot).values_list("choices", flat=True)
    )
    receipts = BallotReceipt.objects.filter(ballot=ballot).count()
    stored = ballot.result
    keys = ("candidate", "for", "against", "abstain", "passed", "chosen", "tie")
    matches = bool(stored) and [{k: r[k] for k in keys} for r in stored["rows"]] == [
        {k: r[k] for k in keys} for r in recomputed["rows"]
    ]
    audit(actor, "ballots.recount", ballot, after={"matches": matches})
    return Recount(recomputed, stored, receipts, matches, receipts == recomputed["cast"])


# --- projects  ---
def report_progress(
    actor: User, project: Project, *, percent: int, note: str, on: date
) -> ProgressUpdate:
    """Report a project's progress (an approver of its responsible department, or an
    administrator). Progress never goes back; 100 % completes the project."""
    department_id = project.candidate.department_id
    may = actor.role == Role.ADMINISTRATOR or (
        actor.role == Role.APPROVER
        and department_id is not None
        and actor.department_id == department_id
    )
    if not may:
        raise NotAllowed(_("Only the responsible department or an administrator reports progress."))
    if project.state == ProjectState.COMPLETED:
        raise ActionError(_("This project is already completed."))
    if not 0 <= percent <= 100:
        raise _error("percent", _("Progress is a percentage from 0 to 100."))
    if percent < project.percent:
        raise _error(
            "percent",
            _("Progress cannot go back (it is %(p)d %% now).") % {"p": project.percent},
        )
    if not note.strip():
        raise _error("note", _("Say what was done."))
    if on > timezone.localdate():
        raise _error("on", _("The date cannot be in the future."))
    completed = percent == 100
    values: dict[str, Any] = {"percent": percent, "version": project.version + 1}
    if completed:
        values.update(state=ProjectState.COMPLETED, completed_at=on)
    with transaction.atomic():
        changed = Project.objects.filter(pk=project.pk, version=project.version).update(**values)
        if not changed:
            raise Conflict(_("Someone else has just reported progress. Reload the project."))
        update = ProgressUpdate.objects.create(
            project=project, percent=percent, note=note.strip()[:300], on=on, by=actor
        )
        before = {"percent": project.percent}
        for name, value in values.items():
            setattr(project, name, value)
        audit(actor, "ballots.report_progress", project, before=before, after={"percent": percent})
    return update
