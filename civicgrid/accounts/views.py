"""Sign-in, the home page of each role, and the audit log page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicgrid.core.models import AuditLog
from civicgrid.regions.models import GridAssignment, Level, Region

from .models import ROLE_DUTIES, Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
