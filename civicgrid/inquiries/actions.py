"""Every state change of an inquiry: ask, assign, reject, release, hand back, answer, return,
publish, rate.

Each action checks the actor's role and the question's state through :data:`WORKFLOW`, runs in
one transaction, moves the state with a conditional UPDATE (someone else first → ``Conflict``),
writes one timeline entry and one audit entry, and notifies whoever acts next after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.accounts.models import Department, Role, User
from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.core.notifications import in_district_language, notify
from civicgrid.core.uploads import check_file, discard, store
from civicgrid.core.workflow import Workflow, record_note
from civicgrid.regions.models import Level, Region

from .deadlines import clock, resumed
from .models import Attachment, Category, Inquiry, InquiryState
from .moderation import find_abusive, mask_personal_numbers

S = InquiryState
OPERATOR = (Role.REVIEWER,)
DEPARTMENT = (Role.APPROVER,)
MAX_ATTACHMENTS = 5

WORKFLOW = Workflow(
    "inquiry",
    "state",
    [
        (S.SUBMITTED, S.ASSIGNED, OPERATOR),
        (S.ASSIGNED, S.ASSIGNED, OPERATOR),  # reassign
        (S.SUBMITTED, S.REJECTED, OPERATOR),
        (S.ASSIGNED, S.SUBMITTED, DEPARTMENT),  # "not ours": back to the operator
        (S.ASSIGNED, S.ANSWERED, DEPARTMENT),
        (S.RETURNED, S.ANSWERED, DEPARTMENT),
        (S.ANSWERED, S.RETURNED, OPERATOR),
        (S.ANSWERED, S.PUBLISHED, OPERATOR),
        (S.PUBLISHED, S.CLOSED, (Role.RESIDENT,)),
    ],
)


class NotAssignedHere(ActionError):
    """The question does not exist or is not open to this account (answers like a 404)."""

    status = 404


def not_assigned_here() -> NotAssignedHere:
    return NotAssignedHere(
        _(
            "There is no such question for you: it does not exist, or it is not assigned to "
            "your department."
        )
    )


def _d(message: Any) -> str:
    """``message`` in the district's language: text the system stores (notes, notifications)
    is written in it, whatever the language of the request; errors stay in the caller's."""
    with in_district_language():
        return str(message)


def _field_error(field: str, message: str) -> ActionError:
    return ActionError(message, errors=[{"field": field, "message": message}])


def _url(inquiry: Inquiry) -> str:
    return f"/inquiries/questions/{inquiry.pk}/"


def _approvers(department_id: int | None) -> list[User]:
    if department_id is None:
        return []
    return list(
        User.objects.filter(role=Role.APPROVER, department_id=department_id, is_active=True)
    )


def _operators(inquiry: Inquiry) -> list[User]:
    ancestors = [inquiry.region_id[:n] for n in (6, 9, 12, 15) if n <= len(inquiry.region_id)]
    return list(
        User.objects.filter(role=Role.REVIEWER, is_active=True, scope_region__code__in=ancestors)
    )


def _later(recipients: list[User], text: str, inquiry: Inquiry) -> None:
    transaction.on_commit(lambda: notify(recipients, text, inquiry, url=_url(inquiry)))


# --- asking ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Question:
    title: str
    body: str
    category: str  # the category's code
    is_public: bool = True
    region: str = ""  # a town's code, or "" for the district


def ask_inquiry(actor: User, question: Question, files: Sequence[UploadedFile] = ()) -> Inquiry:
    """A resident asks a question (with up to five PDF/JPEG/PNG attachments). A question with an
    abusive word is held for the operator. Files are written only if the question commits."""
    if actor.role != Role.RESIDENT:
        raise NotAllowed(_("Only a resident's account may ask a question."))
    title, body = question.title.strip(), question.body.strip()
    if len(title) < 4:
        raise _field_error("title", _("Give the question a title of at least 4 characters."))
    if len(title) > 80:
        raise _field_error("title", _("The title may have at most 80 characters."))
    if len(body) < 10:
        raise _field_error("body", _("Describe the question in at least 10 characters."))
    if len(body) > 3000:
        raise _field_error("body", _("The question may have at most 3,000 characters."))
    category = Category.objects.filter(code=question.category, active=True).first()
    if category is None:
        raise _field_error("category", _("Choose a category from the list."))
    district = Region.objects.filter(level=Level.DISTRICT).order_by("code").first()
    if district is None:
        raise ActionError(_("The district is not set up yet."))
    region = district
    if question.region:
        region = Region.objects.filter(
            code=question.region, level=Level.TOWN, code__startswith=district.code
        ).first()
        if region is None:
            raise _field_error("region", _("Choose a town from the list."))
    if len(files) > MAX_ATTACHMENTS:
        raise _field_error("attachments", _("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS})
    checked = [check_file(f, _("Attachment")) for f in files]
    found = find_abusive(title, body)
    now = timezone.now()
    written: list[str] = []
    try:
        with transaction.atomic():
            inquiry = Inquiry.objects.create(
                title=title,
                body=body,
                category=category,
                region=region,
                is_public=question.is_public,
                asker=actor,
                asker_name=actor.display_name[:60],
                held=bool(found),
                held_words="、".join(found)[:200],
                submitted_at=now,
            )
            for c in checked:
                Attachment.objects.create(
                    inquiry=inquiry,
                    file=store(c, "inquiries/attachments", written),
                    original_name=c.name,
                    content_type=c.content_type,
                    size=len(c.data),
                    sha256=c.sha256,
                    uploaded_at=now,
                )
            note = _d(gettext_lazy("Question received."))
            if found:
                note += " " + _d(
                    gettext_lazy("Held for moderation: it contains words that are not allowed.")
                )
            record_note(inquiry, actor, note, opening=True)
            audit(actor, "inquiries.ask", inquiry, after={"held": inquiry.held})
            _later(
                _operators(inquiry),
                _d(gettext_lazy("New question: %(t)s")) % {"t": inquiry.masked_title},
                inquiry,
            )
    except BaseException:
        discard(written)
        raise
    return inquiry


# --- the operator ------------------------------------------------------------------------------
def _locked(inquiry: Inquiry) -> Inquiry:
    """The row as it is now, locked until the transaction ends (PostgreSQL)."""
    return (
        Inquiry.objects.select_for_update(of=("self",))
        .select_related("department")
        .get(pk=inquiry.pk)
    )


def assign_inquiry(
    actor: User, inquiry: Inquiry, department: Department | None, note: str = ""
) -> Inquiry:
    """The operator assigns a question (or reassigns an unanswered one) to a department; the
    answer clock (the category's working days) starts now.

    ``inquiry`` is the question as the operator saw it: if its state or its department has
    changed since (another operator assigned or reassigned it first), nothing is done and
    ``Conflict`` (409) is raised — two reassignments from the same department cannot both land."""
    if department is None:
        raise _field_error("department", _("Choose the department that should answer."))
    if inquiry.held:
        raise ActionError(_("This question is held for moderation: release it or reject it first."))
    if inquiry.state == S.ASSIGNED and inquiry.department_id == department.pk:
        raise _field_error("department", _("The question is already assigned to this department."))
    WORKFLOW.check(inquiry, S.ASSIGNED, actor)
    now = timezone.now()
    with transaction.atomic():
        # The row lock makes a second reassignment wait for the first and then see its
        # department: the state alone does not change on a reassignment (assigned → assigned).
        current = _locked(inquiry)
        if (current.state, current.department_id, current.held) != (
            inquiry.state,
            inquiry.department_id,
            inquiry.held,
        ):
            raise Conflict(
                _("Someone else has just acted on this case. Reload it to see what changed.")
            )
        WORKFLOW.move(
            inquiry,
            S.ASSIGNED,
            actor,
            note=_d(gettext_lazy("Assigned to %(d)s.")) % {"d": department.name}
            + (f" {note}" if note else ""),
            updates={
                "department": department,
                "assigned_at": now,
                **clock(now, inquiry.category.time_limit_days),
            },
        )
        audit(actor, "inquiries.assign", inquiry, after={"department": department.code})
        _later(
            _approvers(department.pk),
            _d(gettext_lazy("A question to answer by %(due)s: %(t)s"))
            % {
                "due": timezone.localtime(inquiry.due_at).strftime("%Y-%m-%d"),
                "t": inquiry.masked_title,
            },
            inquiry,
        )
    return inquiry


def reject_inquiry(actor: User, inquiry: Inquiry, reason: str) -> Inquiry:
    """The operator rejects a question (spam, abuse, not a matter for the district) with a
    reason the asker reads."""
    reason = reason.strip()
    if not reason:
        raise _field_error("reason", _("Say why the question is rejected."))
    with transaction.atomic():
        WORKFLOW.move(
            inquiry, S.REJECTED, actor, note=reason, updates={"reject_reason": reason[:500]}
        )
        audit(actor, "inquiries.reject", inquiry, after={"reason": reason[:500]})
        _later(
            [inquiry.asker],
            _d(gettext_lazy("Your question was rejected: %(r)s")) % {"r": reason},
            inquiry,
        )
    return inquiry


def release_inquiry(actor: User, inquiry: Inquiry, note: str = "") -> Inquiry:
    """The operator releases a held question after reading it (the words found were harmless
    in context); it can then be assigned and, once answered, published."""
    if actor.role not in OPERATOR:
        raise NotAllowed(_("Your role may not make this step."))
    if not inquiry.held:
        raise ActionError(_("This question is not held."))
    with transaction.atomic():
        if not Inquiry.objects.filter(pk=inquiry.pk, held=True).update(held=False):
            raise Conflict(
                _("Someone else has just acted on this case. Reload it to see what changed.")
            )
        inquiry.held = False
        record_note(
            inquiry,
            actor,
            _d(gettext_lazy("Released from moderation.")) + (f" {note}" if note else ""),
        )
        audit(actor, "inquiries.release", inquiry, before={"held": True}, after={"held": False})
    return inquiry


# --- the department ----------------------------------------------------------------------------
def _check_department(actor: User, inquiry: Inquiry) -> None:
    if actor.role not in DEPARTMENT:
        raise NotAllowed(_("Only an approver of the assigned department may answer."))
    if inquiry.department_id is None or inquiry.department_id != actor.department_id:
        # Reassigned or handed back meanwhile: the department no longer sees the question, so
        # it gets the same 404 as for any question out of its scope, naming nobody.
        raise not_assigned_here()


def answer_inquiry(actor: User, inquiry: Inquiry, answer: str) -> Inquiry:
    """An approver of the assigned department answers; the operator reviews it next. An answer
    from any other department is refused with :func:`not_assigned_here` (404), also when the
    question was reassigned meanwhile."""
    answer = answer.strip()
    with transaction.atomic():
        current = _locked(inquiry)
        _check_department(actor, current)
        if len(answer) < 10:
            raise _field_error("answer", _("Write an answer of at least 10 characters."))
        if len(answer) > 5000:
            raise _field_error("answer", _("The answer may have at most 5,000 characters."))
        WORKFLOW.move(
            current,
            S.ANSWERED,
            actor,
            note=_d(gettext_lazy("Answered by %(d)s.")) % {"d": current.department.name},
            updates={
                "answer": answer,
                "answered_by": actor,
                "answered_at": timezone.now(),
                "watch_at": None,
                "soon_due": False,
            },
        )
        audit(actor, "inquiries.answer", current)
        _later(
            _operators(current),
            _d(gettext_lazy("An answer to review: %(t)s")) % {"t": current.masked_title},
            current,
        )
    _copy(current, inquiry)
    return inquiry


def hand_back_inquiry(actor: User, inquiry: Inquiry, note: str) -> Inquiry:
    """The assigned department says the question is not its matter; the operator reassigns."""
    note = note.strip()
    if not note:
        raise _field_error("note", _("Say why the question is not for your department."))
    with transaction.atomic():
        current = _locked(inquiry)
        _check_department(actor, current)
        WORKFLOW.move(
            current,
            S.SUBMITTED,
            actor,
            note=note,
            updates={
                "department": None,
                "due_at": None,
                "watch_at": None,
                "soon_due": False,
                "overdue": False,
            },
        )
        audit(actor, "inquiries.hand_back", current, before={"department": actor.department_id})
        _later(
            _operators(current),
            _d(gettext_lazy("Handed back by a department: %(t)s")) % {"t": current.masked_title},
            current,
        )
    _copy(current, inquiry)
    return inquiry


def _copy(source: Inquiry, target: Inquiry) -> None:
    """Make the caller's object show the row as the action left it (related objects too: a
    hand-back clears the department)."""
    if source is not target:
        target.__dict__.update({k: v for k, v in source.__dict__.items() if k != "_state"})
        target._state.fields_cache = dict(source._state.fields_cache)


# --- review and publication --------------------------------------------------------------------
def return_inquiry(actor: User, inquiry: Inquiry, note: str) -> Inquiry:
    """The operator sends the answer back to the department with a note; the original deadline
    still holds."""
    note = note.strip()
    if not note:
        raise _field_error("note", _("Tell the department what to improve."))
    now = timezone.now()
    with transaction.atomic():
        WORKFLOW.move(
            inquiry,
            S.RETURNED,
            actor,
            note=note,
            updates={"return_note": note[:500], **resumed(inquiry, now)},
        )
        audit(actor, "inquiries.return", inquiry, after={"note": note[:500]})
        _later(
            _approvers(inquiry.department_id),
            _d(gettext_lazy("An answer was returned: %(t)s")) % {"t": inquiry.masked_title},
            inquiry,
        )
    return inquiry


def publish_inquiry(actor: User, inquiry: Inquiry) -> Inquiry:
    """The operator publishes the answer: public questions appear in the public list with
    identity and phone numbers masked; a private one is released to its asker only. The asker
    is told and may rate it."""
    if inquiry.held:
        raise ActionError(_("This question is held for moderation: release it or reject it first."))
    found = find_abusive(inquiry.answer)
    if found:
        raise ActionError(
            _("The answer contains words that are not allowed (%(w)s): return it.")
            % {"w": "、".join(found)}
        )
    with transaction.atomic():
        WORKFLOW.move(
            inquiry,
            S.PUBLISHED,
            actor,
            note=_d(gettext_lazy("Published."))
            if inquiry.is_public
            else _d(gettext_lazy("Answer released to the asker.")),
            updates={
                "public_title": mask_personal_numbers(inquiry.title)[:80],
                "public_body": mask_personal_numbers(inquiry.body),
                "public_answer": mask_personal_numbers(inquiry.answer),
                "published_at": timezone.now(),
            },
        )
        audit(actor, "inquiries.publish", inquiry)
        _later(
            [inquiry.asker],
            _d(gettext_lazy("Your question has been answered: %(t)s. Please rate the answer."))
            % {"t": inquiry.masked_title},
            inquiry,
        )
    return inquiry


def rate_inquiry(actor: User, inquiry: Inquiry, rating: int | None, comment: str = "") -> Inquiry:
    """The asker rates the published answer once (1–5 stars), with an optional comment; the
    question is then closed.

    The comment is kept as written for the asker (staff read it masked). What the public page
    shows is ``public_rating_comment``: the comment with personal numbers masked, the same
    moderation as the question — or nothing when the comment contains an abusive word (the
    stars still count; the timeline records that the comment was withheld)."""
    if inquiry.asker_id != actor.pk:
        raise NotAllowed(_("Only the person who asked may rate the answer."))
    if rating is None or not 1 <= rating <= 5:
        raise _field_error("rating", _("Choose from 1 to 5 stars."))
    comment = comment.strip()
    if len(comment) > 300:
        raise _field_error("note", _("The comment may have at most 300 characters."))
    withheld = bool(comment and find_abusive(comment))
    public_comment = "" if withheld else mask_personal_numbers(comment)[:300]
    note = _d(gettext_lazy("Rated %(n)d of 5.")) % {"n": rating}
    if comment:
        note += f" {mask_personal_numbers(comment)}"
    if withheld:
        note += " " + _d(
            gettext_lazy(
                "The comment is not shown publicly: it contains words that are not allowed."
            )
        )
    with transaction.atomic():
        WORKFLOW.move(
            inquiry,
            S.CLOSED,
            actor,
            note=note,
            updates={
                "rating": rating,
                "rating_comment": comment,
                "public_rating_comment": public_comment,
                "rated_at": timezone.now(),
            },
        )
        audit(
            actor,
            "inquiries.rate",
            inquiry,
            after={"rating": rating, **({"comment_withheld": True} if withheld else {})},
        )
        _later(
            _approvers(inquiry.department_id),
            _d(gettext_lazy("The asker rated your answer %(n)d of 5: %(t)s"))
            % {"n": rating, "t": inquiry.masked_title},
            inquiry,
        )
    return inquiry


# --- personal data ------------------------------------------------------------------------------
def reveal_inquiry(actor: User, inquiry: Inquiry) -> dict[str, str]:
    """The asker's title, question and rating comment as written — personal numbers included —
    for staff who may see the question (the caller fetched it through the scope); every reveal
    is written to the audit log first (``inquiries.unmask``). The asker reads them anyway."""
    if inquiry.asker_id != actor.pk:
        if actor.role == Role.RESIDENT:
            raise NotAllowed(_("You may not see these numbers."))
        audit(actor, "inquiries.unmask", inquiry, after={"fields": ["title", "body", "comment"]})
    return {"title": inquiry.title, "body": inquiry.body, "comment": inquiry.rating_comment}


# --- one entry point for pages and the API -----------------------------------------------------
STEPS = ("assign", "reject", "release", "hand_back", "answer", "return", "publish", "rate")


@dataclass(frozen=True)
class StepInput:
    step: str
    department: str = ""  # a department's code
    note: str = ""
    answer: str = ""
    rating: int | None = None
    # assign: the code of the department the caller saw the question at ("" for none), from a
    # page or client that may be stale; None: the question as fetched now.
    seen_department: str | None = None


def available_steps(user: Any, inquiry: Inquiry) -> list[str]:
    """The steps ``user`` may take on ``inquiry`` now (for showing the right forms)."""
    role = getattr(user, "role", None)
    targets = set(WORKFLOW.allowed(inquiry.state, role or ""))
    steps: list[str] = []
    if role == Role.REVIEWER:
        if inquiry.held and inquiry.state == S.SUBMITTED:
            steps.append("release")
        if S.ASSIGNED in targets and not inquiry.held:
            steps.append("assign")
        if S.REJECTED in targets:
            steps.append("reject")
        if S.RETURNED in targets:
            steps += ["publish", "return"]
    elif role == Role.APPROVER and inquiry.department_id == user.department_id:
        if S.ANSWERED in targets:
            steps.append("answer")
        if S.SUBMITTED in targets:
            steps.append("hand_back")
    elif role == Role.RESIDENT and inquiry.asker_id == user.pk and S.CLOSED in targets:
        steps.append("rate")
    return steps


def take_step(actor: User, inquiry: Inquiry, data: StepInput) -> Inquiry:
    """Dispatch ``data.step`` to its action."""
    step = data.step
    if step == "assign":
        seen = inquiry.department.code if inquiry.department_id else ""
        if data.seen_department is not None and data.seen_department != seen:
            raise Conflict(
                _("Someone else has just acted on this case. Reload it to see what changed.")
            )
        department = Department.objects.filter(code=data.department).first()
        return assign_inquiry(actor, inquiry, department, data.note.strip())
    if step == "reject":
        return reject_inquiry(actor, inquiry, data.note)
    if step == "release":
        return release_inquiry(actor, inquiry, data.note.strip())
    if step == "hand_back":
        return hand_back_inquiry(actor, inquiry, data.note)
    if step == "answer":
        return answer_inquiry(actor, inquiry, data.answer)
    if step == "return":
        return return_inquiry(actor, inquiry, data.note)
    if step == "publish":
        return publish_inquiry(actor, inquiry)
    if step == "rate":
        return rate_inquiry(actor, inquiry, data.rating, data.note)
    raise _field_error("step", _("Unknown step."))
