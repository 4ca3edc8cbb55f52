"""Online inquiries (网络问政, “马上就办”): categories, questions, their attachments."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core.scope import ScopedQuerySet, ScopeRule

from .moderation import mask_personal_numbers

INQUIRY_STAFF_ROLES = frozenset({"reviewer", "approver"})
"""Staff roles that work on inquiries: the grid center's operator and department approvers."""


class Category(models.Model):
    """A question category (问政分类) with the department that usually answers it and the answer
    time limit in working days. Reference data: anyone may read the active categories."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("default department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("answer time limit (working days)"), default=5
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(staff_reference=True)

    class Meta:
        verbose_name = _("inquiry category")
        verbose_name_plural = _("inquiry categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class InquiryState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("inquiry state", "Submitted")
    ASSIGNED = "assigned", _("Assigned to a department")
    ANSWERED = "answered", _("Answered, in review")
    RETURNED = "returned", _("Returned to the department")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", pgettext_lazy("inquiry state", "Rejected")
    CLOSED = "closed", pgettext_lazy("inquiry state", "Closed")


ANSWER_OWED = (InquiryState.ASSIGNED, InquiryState.RETURNED)
"""States in which the assigned department owes an answer (its clock runs)."""
PUBLIC_STATES = (InquiryState.PUBLISHED, InquiryState.CLOSED)


class InquiryScopedQuerySet(ScopedQuerySet):
    """The scope of questions and of what hangs on them (attachments)."""

    def visible_to(self, user: Any) -> Self:
        """The core scope rule, narrowed to the roles that work on inquiries: a question (even a
        public one before publication) is seen by its asker, the operator (``reviewer``) in whose
        region it is, the department it is assigned to, and administrators; other staff roles
        read only what the public reads (through :meth:`public`)."""
        if (
            user is not None
            and getattr(user, "is_authenticated", False)
            and user.is_staff_role
            and not user.has_full_scope
            and user.role not in INQUIRY_STAFF_ROLES
        ):
            return self.none()
        return super().visible_to(user)


class InquiryQuerySet(InquiryScopedQuerySet):
    def public(self) -> Self:
        """Published public questions that are not held: what anyone may read, without an
        account (UNSCOPED by design; pages show only the masked ``public_*`` texts)."""
        return self.filter(state__in=PUBLIC_STATES, is_public=True, held=False)

    def watched(self, now: object) -> Self:
        return self.filter(watch_at__lte=now)


class Inquiry(models.Model):
    """A question a resident asks in public or in private (网络问政).

    The operator (the grid center's ``reviewer``) assigns it to a department, or rejects it with a
    reason; the department's approvers answer within the category's time limit (``due_at``, in
    working days from assignment); the operator publishes the answer or returns it with a note;
    the asker rates a published answer once (1–5), which closes the question.

    ``title``/``body``/``answer`` and ``rating_comment`` are stored as written: the asker reads
    them as written, staff read the asker's texts masked (``masked_*``) unless they reveal them
    (audited). At publication ``public_title``/``public_body``/``public_answer`` receive the
    texts with identity and phone numbers masked, and at rating ``public_rating_comment`` the
    masked comment (left empty when it holds an abusive word); only those are ever shown to the
    public. A question with an abusive word is ``held``: the public never sees it until the
    operator releases it.
    Scope: the asker (owner), the operator by region (``region`` is the town it concerns or the
    district), and the assigned department.
    """

    title = models.CharField(_("title"), max_length=80)
    body = models.TextField(_("question"), max_length=3000)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="inquiries"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("area"),
        to_field="code",
        db_column="region_code",
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_public = models.BooleanField(_("public"), default=True)
    state = models.CharField(
        _("state"), max_length=12, choices=InquiryState.choices, default=InquiryState.SUBMITTED
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asker"),
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    asker_name = models.CharField(_("asker's name"), max_length=60)
    held = models.BooleanField(_("held for moderation"), default=False)
    held_words = models.CharField(_("words found"), max_length=200, blank=True)

    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    watch_at = models.DateTimeField(_("next check"), null=True, blank=True)
    soon_due = models.BooleanField(_("due soon"), default=False)
    overdue = models.BooleanField(_("overdue"), default=False)

    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    return_note = models.CharField(_("note to the department"), max_length=500, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=500, blank=True)

    public_title = models.CharField(_("published title"), max_length=80, blank=True)
    public_body = models.TextField(_("published question"), blank=True)
    public_answer = models.TextField(_("published answer"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=300, blank=True)
    public_rating_comment = models.CharField(_("published comment"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("submitted"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InquiryQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        region="region__code", department="department_id", owner="asker_id"
    )

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="inquiry_state_idx"),
            models.Index(fields=["department", "state"], name="inquiry_department_state_idx"),
            models.Index(
                fields=["-published_at"],
                name="inquiry_public_idx",
                condition=Q(is_public=True, held=False, published_at__isnull=False),
            ),
            models.Index(
                fields=["watch_at"], name="inquiry_watch_idx", condition=Q(watch_at__isnull=False)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="inquiry_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        # Masked: this is what audit entries and notifications quote.
        return f"{self.pk} {self.masked_title}"

    @property
    def number(self) -> str:
        return f"WZ{self.pk:06d}"

    @property
    def masked_title(self) -> str:
        return mask_personal_numbers(self.title)

    @property
    def masked_body(self) -> str:
        return mask_personal_numbers(self.body)

    @property
    def masked_rating_comment(self) -> str:
        return mask_personal_numbers(self.rating_comment)

    def texts_for(self, user: Any) -> dict[str, str]:
        """The asker's texts as ``user`` reads them by default: as written for the asker, with
        personal numbers masked for everyone else (staff reveal them through
        :func:`~civicgrid.inquiries.actions.reveal_inquiry`, audited)."""
        if user is not None and getattr(user, "pk", None) == self.asker_id:
            return {"title": self.title, "body": self.body, "comment": self.rating_comment}
        return {
            "title": self.masked_title,
            "body": self.masked_body,
            "comment": self.masked_rating_comment,
        }

    @property
    def masked_asker(self) -> str:
        """The asker's name as the public sees it: 张** (the family name only)."""
        name = self.asker_name.strip()
        return (name[:1] + "*" * max(len(name) - 1, 1)) if name else "*"


class Attachment(models.Model):
    """A picture or PDF the asker attached. Never public: served only through the question's
    scope (the asker, the operator, the assigned department)."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="inquiries/attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"))

    objects = InquiryScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        region="inquiry__region__code",
        department="inquiry__department_id",
        owner="inquiry__asker_id",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
