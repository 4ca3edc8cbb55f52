"""Livelihood-project ballots (民生实事项目人大代表票决制).

A congress :class:`Session` (district or town) has a roster of registered deputies. A
:class:`Ballot` of the session puts candidate projects to them; each deputy votes once. Who voted
(:class:`BallotReceipt`) and what was voted (:class:`CastBallot`) are stored apart and share no key
or time; no page or API links a vote to a deputy. Their insertion order is linked while voting is
open and unlinked when the ballot closes (see :class:`CastBallot`). Chosen candidates become
:class:`Project` rows whose progress is tracked to completion.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.models import Role
from civicgrid.core.scope import ScopedQuerySet, ScopeRule


def new_ballot_code() -> str:
    """The confirmation code a deputy gets for their stored ballot: 16 random hex digits."""
    return secrets.token_hex(8).upper()


class SessionLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    TOWN = "town", _("Town")


class Session(models.Model):
    """A session of a people's congress (人民代表大会会议),
    e.g. 渌口区第十八届人民代表大会第三次会议.

    ``region`` is the district (district level) or the town (town level); staff see the sessions of
    their region subtree. "All deputies" of the session is the size of its roster.
    """

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=SessionLevel.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        to_field="code",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="region__code")

    class Meta:
        verbose_name = _("congress session")
        verbose_name_plural = _("congress sessions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class RosterEntry(models.Model):
    """A deputy registered for a session (出席代表名册). One row per deputy and session."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="roster"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        related_name="ballot_sessions",
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="session__region__code", owner="deputy_id")

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        constraints = [
            models.UniqueConstraint(fields=["session", "deputy"], name="ballots_roster_once")
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.deputy}"


class BallotState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", pgettext_lazy("ballot state", "Closed")
    PUBLISHED = "published", _("Published")


class Ballot(models.Model):
    """One vote of a session on candidate projects: choose at most ``choose`` of them.

    draft (candidates are edited) → open (deputies vote between ``opens_at`` and ``closes_at``) →
    closed (counted: ``result``) → published (everyone sees ``result``; chosen candidates become
    projects). ``result`` is the tally stored when counting; a recount recomputes it from the
    stored ballots and compares.
    """

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="ballots"
    )
    title = models.CharField(_("title"), max_length=120)
    choose = models.PositiveSmallIntegerField(_("number to choose"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    state = models.CharField(
        _("state"), max_length=12, choices=BallotState.choices, default=BallotState.DRAFT
    )
    roster_size = models.PositiveIntegerField(_("deputies"), default=0)
    result = models.JSONField(_("result"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="session__region__code")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(choose__gte=1), name="ballots_choose_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="ballots_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_tie(self) -> bool:
        return bool(self.result and self.result.get("tie"))

    def result_visible_to(self, user: Any) -> bool:
        """Whether ``user`` may see the count (and recount it): everyone who sees the ballot once
        it is published; until then only administrators."""
        return self.state == BallotState.PUBLISHED or (
            getattr(user, "is_authenticated", False)
            and getattr(user, "role", None) == Role.ADMINISTRATOR
        )


class Candidate(models.Model):
    """A candidate project (候选项目): title, description, budget in 万元, responsible unit."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="candidates"
    )
    position = models.PositiveSmallIntegerField(_("number on the ballot"))
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=10, decimal_places=2)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.CharField(_("responsible unit"), max_length=60, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="ballot__session__region__code")

    class Meta:
        verbose_name = _("candidate project")
        verbose_name_plural = _("candidate projects")
        ordering = ["ballot", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "position"], name="ballots_candidate_pos")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def responsible(self) -> str:
        return self.department.name if self.department_id else self.unit


class BallotReceipt(models.Model):
    """That a deputy has voted on a ballot (and when): never what. Unique per deputy and ballot,
    so a second vote — even one racing the first — is refused. It holds no reference to the
    :class:`CastBallot` written in the same transaction."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="receipts"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        related_name="ballot_receipts",
    )
    voted_at = models.DateTimeField(_("voted at"))

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(owner="deputy_id")

    class Meta:
        verbose_name = _("ballot receipt")
        verbose_name_plural = _("ballot receipts")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "deputy"], name="ballots_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.ballot} · {self.deputy}"


class Choice(models.TextChoices):
    FOR = "for", pgettext_lazy("ballot mark", "For")
    AGAINST = "against", pgettext_lazy("ballot mark", "Against")
    ABSTAIN = "abstain", pgettext_lazy("ballot mark", "Abstain")


class CastBallot(models.Model):
    """One anonymous stored ballot: ``choices`` maps each candidate's id to for/against/abstain.

    It has no deputy, no timestamp and no key shared with the :class:`BallotReceipt` written in
    the same transaction; its primary key is a random UUID. ``code`` is the random confirmation
    code shown once to the deputy who cast it; they check their stored ballot with it (a POST
    form for the session's deputies; the code never goes into a URL); it tells nobody else
    anything. Only aggregates are shown anywhere else, and only to administrators until the
    result is published.

    What is guaranteed about order: when the ballot closes (by an administrator or the tick),
    ``actions.close_ballot`` deletes every stored ballot of the ballot and inserts them again, in
    the same transaction, in an order drawn from ``secrets.SystemRandom`` and with fresh UUIDs.
    From then on the live rows' ids, SQLite rowids, PostgreSQL heap order and transaction ids
    (``xmin``: one transaction wrote them all) carry no voting order.

    Residual risk: while voting is open each row is inserted in its vote's transaction, so its
    rowid / heap position / ``xmin`` line up with the receipts' ids and ``voted_at``; someone who
    reads the database then, or later holds its WAL, backups or snapshots taken before the close,
    or the deleted rows' pages before they are vacuumed or overwritten, can link a vote to its
    deputy. That is limited to the database's operators.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="cast"
    )
    code = models.CharField(_("confirmation code"), max_length=16, unique=True)
    choices = models.JSONField(_("choices"))

    class Meta:
        verbose_name = _("stored ballot")
        verbose_name_plural = _("stored ballots")

    def __str__(self) -> str:
        return str(_("a stored ballot"))


class ProjectState(models.TextChoices):
    UNDERWAY = "underway", _("Underway")
    COMPLETED = "completed", _("Completed")


class Project(models.Model):
    """A chosen livelihood project (民生实事项目) being carried out by its responsible unit.

    Created from a chosen candidate when the ballot is published. Progress is reported by an
    approver of the responsible department or an administrator until it reaches 100 % (completed).
    Published projects are public.
    """

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.PROTECT, related_name="projects"
    )
    candidate = models.OneToOneField(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="project"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    state = models.CharField(
        _("state"), max_length=12, choices=ProjectState.choices, default=ProjectState.UNDERWAY
    )
    version = models.PositiveIntegerField(default=0)
    completed_at = models.DateField(_("completed on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        region="ballot__session__region__code", department="candidate__department_id"
    )

    class Meta:
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        ordering = ["ballot", "rank", "pk"]

    def __str__(self) -> str:
        return self.candidate.title


class ProgressUpdate(models.Model):
    """One progress report of a project: percent done, a note, the date it describes."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="updates"
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.CharField(_("note"), max_length=300)
    on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} {self.percent}%"


def public_results() -> models.QuerySet[Ballot]:
    """Published ballots: readable by anyone (declared in tests/scope.py UNSCOPED)."""
    return Ballot.objects.filter(state=BallotState.PUBLISHED).select_related("session")


def public_projects() -> models.QuerySet[Project]:
    """Projects of published ballots: readable by anyone (declared in tests/scope.py UNSCOPED)."""
    return Project.objects.filter(ballot__state=BallotState.PUBLISHED).select_related(
        "candidate__department", "ballot__session"
    )
