"""Sign-in, a resident's sign-up, the home page of each role, and the audit log page."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from civicgrid.core.audit import audit
from civicgrid.core.models import AuditLog
from civicgrid.regions.models import GridAssignment, Level, Region

from .forms import ResidentSignUpForm
from .models import ROLE_DUTIES, Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def signup(request: HttpRequest) -> HttpResponse:
    """A resident creates their own account (to follow reports and applications) and is
    signed in; staff accounts are made by administrators."""
    if request.user.is_authenticated:
        return redirect("home")
    form = ResidentSignUpForm(request.POST or None)
    following = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            audit(user, "accounts.signup", user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        safe = url_has_allowed_host_and_scheme(following, {request.get_host()})
        return redirect(following if following and safe else "home")
    return render(request, "accounts/signup.html", {"form": form, "next": following})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home page: what it looks after and where to start."""
    user = request.user
    regions = Region.objects.visible_to(user)
    counts = {
        "towns": regions.filter(level=Level.TOWN).count(),
        "villages": regions.filter(level__in=[Level.VILLAGE, Level.COMMUNITY]).count(),
        "grids": regions.filter(level=Level.GRID).count(),
    }
    assignments = []
    if user.role == Role.GRID_WORKER:
        assignments = list(
            GridAssignment.objects.filter(worker=user).select_related("grid").order_by("grid__code")
        )
    context = {
        "counts": counts,
        "assignments": assignments,
        "scope_region": user.scope_region,
        "duties": ROLE_DUTIES.get(user.role, ""),
    }
    return render(request, "accounts/home.html", context)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditLog.objects.visible_to(request.user)
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {"page": page, "action": action})
