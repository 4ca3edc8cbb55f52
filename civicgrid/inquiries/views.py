"""Inquiry pages: the public list/search and answer page, asking, the role's queue, a question
with its timeline and the step forms, and attachments (through the question's scope)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts.models import Role
from civicgrid.core.errors import ActionError, put_on_form
from civicgrid.core.scope import get_visible_or_404
from civicgrid.core.workflow import timeline

from .actions import (
    STEPS,
    Question,
    StepInput,
    ask_inquiry,
    available_steps,
    reveal_inquiry,
    take_step,
)
from .forms import AskForm, SearchForm, StepForm
from .models import Attachment, Category, Inquiry
from .queries import public_figures, queue_rows, queues_for, search_public
from .suggest import suggest_department


# --- public ------------------------------------------------------------------------------------
def public_list(request: HttpRequest) -> HttpResponse:
    """Anyone: search published public questions by words and category."""
    form = SearchForm(request.GET or None)
    q = category = ""
    if form.is_valid():
        q, category = form.cleaned_data["q"], form.cleaned_data["category"]
    page = Paginator(search_public(q, category), 20).get_page(request.GET.get("page"))
    categories = Category.objects.filter(active=True)
    return render(
        request,
        "inquiries/public_list.html",
        {
            "form": form,
            "page": page,
            "q": q,
            "category": category,
            "categories": categories,
            "figures": public_figures() if not (q or category) else None,
        },
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone: one published public question and its answer (masked texts only)."""
    inquiry = get_object_or_404(
        Inquiry.objects.public().select_related("category", "department"), pk=pk
    )
    return render(request, "inquiries/public_detail.html", {"inquiry": inquiry})


# --- asking and queues -------------------------------------------------------------------------
@login_required
def ask(request: HttpRequest) -> HttpResponse:
    """A resident asks a question."""
    if request.user.role != Role.RESIDENT:
        raise PermissionDenied
    form = AskForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                inquiry = ask_inquiry(
                    request.user,
                    Question(d["title"], d["body"], d["category"], d["is_public"], d["region"]),
                    request.FILES.getlist("attachments"),
                )
            except ActionError as e:
                put_on_form(form, e)
            else:
                messages.success(
                    request,
                    _("Question %(n)s received. You will be told when it is answered.")
                    % {"n": inquiry.number},
                )
                return redirect("inquiries:question", pk=inquiry.pk)
        status = 400
    return render(request, "inquiries/ask.html", {"form": form}, status=status)


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    """The role's queue: a resident's own questions, the operator's new/held/to-review queues,
    a department's questions to answer."""
    queues = queues_for(request.user)
    queue = request.GET.get("queue", "")
    if queue not in queues:
        queue = next(iter(queues))
    page = Paginator(queue_rows(request.user, queue), 25).get_page(request.GET.get("page"))
    return render(request, "inquiries/list.html", {"queues": queues, "queue": queue, "page": page})


def _visible(request: HttpRequest, pk: int) -> Inquiry:
    return get_visible_or_404(
        Inquiry.objects.select_related("category", "department", "region"), request.user, pk=pk
    )


@login_required
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _not_here(request, pk)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    return _render_detail(request, inquiry, StepForm())


def _render_detail(
    request: HttpRequest,
    inquiry: Inquiry,
    form: StepForm,
    status: int = 200,
    posted: str = "",
) -> HttpResponse:
    """The question page; ``posted`` names the step whose form came back with an error: that
    form shows what was typed and its errors, the others start empty."""
    steps = available_steps(request.user, inquiry)
    suggestion = None
    if "assign" in steps:
        suggestion = suggest_department(inquiry.title, inquiry.body, inquiry.category)
    texts = inquiry.texts_for(request.user)
    written = {"title": inquiry.title, "body": inquiry.body, "comment": inquiry.rating_comment}
    department = ""
    if posted == "assign":
        department = form["department"].value() or ""
    elif suggestion is not None and suggestion.department is not None:
        department = suggestion.department.code
    return render(
        request,
        "inquiries/detail.html",
        {
            "inquiry": inquiry,
            "texts": texts,
            # Staff reveal the asker's numbers on request (audited); nothing to reveal, no button.
            "can_reveal": texts != written,
            "steps": steps,
            "form": form,
            "posted": posted,
            "department": department,
            "rating": str(form["rating"].value() or "5") if posted == "rate" else "5",
            "seen_department": inquiry.department.code if inquiry.department_id else "",
            "suggestion": suggestion,
            "timeline": timeline(inquiry),
            "attachments": inquiry.attachments.all(),
        },
        status=status,
    )


def _not_here(request: HttpRequest, pk: int) -> Inquiry | HttpResponse:
    """The question, or a 404 page that says plainly why (without saying whether it exists)."""
    try:
        return _visible(request, pk)
    except Http404:
        return render(request, "inquiries/not_here.html", status=404)


@login_required
@require_POST
def question_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    inquiry = _not_here(request, pk)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    if step not in STEPS:
        raise Http404
    form = StepForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, inquiry, form, status=400, posted=step)
    d = form.cleaned_data
    try:
        take_step(
            request.user,
            inquiry,
            StepInput(
                step,
                d["department"],
                d["note"],
                d["answer"],
                d["rating"],
                d["seen_department"] if "seen_department" in request.POST else None,
            ),
        )
    except ActionError as e:
        if e.status == 404:
            return render(request, "inquiries/not_here.html", {"message": e.message}, status=404)
        put_on_form(form, e)
        return _render_detail(request, inquiry, form, status=e.status, posted=step)
    if not Inquiry.objects.visible_to(request.user).filter(pk=inquiry.pk).exists():
        # Handed back: the department no longer sees the question; back to its queue.
        messages.success(
            request,
            _("%(n)s was handed back to the operator; it is no longer in your questions.")
            % {"n": inquiry.number},
        )
        return redirect(reverse("inquiries:questions") + "?queue=answer")
    if step == "rate" and inquiry.rating_comment and not inquiry.public_rating_comment:
        messages.warning(
            request,
            _(
                "Thank you for rating. Your comment is not shown on the public page: it "
                "contains words that are not allowed."
            ),
        )
        return redirect("inquiries:question", pk=inquiry.pk)
    messages.success(request, _("Done: %(s)s.") % {"s": inquiry.get_state_display()})
    return redirect("inquiries:question", pk=inquiry.pk)


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the asker's title, question and comment as written, personal numbers included
    (audited)."""
    inquiry = _not_here(request, pk)
    if isinstance(inquiry, HttpResponse):
        return inquiry
    try:
        texts = reveal_inquiry(request.user, inquiry)
    except ActionError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return render(request, "inquiries/_revealed.html", {"inquiry": inquiry, "texts": texts})


@login_required
def attachment_file(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """An attachment, only through its question's scope (never public)."""
    inquiry = _visible(request, pk)
    row = get_object_or_404(Attachment, pk=attachment, inquiry=inquiry)
    return FileResponse(
        row.file.open("rb"), content_type=row.content_type, filename=row.original_name
    )
