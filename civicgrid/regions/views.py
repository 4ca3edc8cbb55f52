"""The region browser: the division tree of the user's scope with its grid map."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from civicgrid.core.scope import get_visible_or_404

from .models import GridAssignment, Level, Region


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Start at the top of the user's scope (the district for district-wide accounts)."""
    top = Region.objects.visible_to(request.user).order_by("code").only("code").first()
    if top is None:
        return render(request, "regions/empty.html")
    return redirect("regions:detail", code=top.code)


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    visible = Region.objects.visible_to(request.user)
    region = get_visible_or_404(Region.objects.defer("boundary"), request.user, code=code)
    children = list(visible.filter(parent=region).defer("boundary"))
    # Grid counts per child from one query over the subtree's grid codes.
    grid_codes = (
        visible.subtree(region.code).filter(level=Level.GRID).values_list("code", flat=True)
    )
    per_child = Counter(c[: len(children[0].code)] for c in grid_codes) if children else Counter()
    for child in children:
        child.grid_count = per_child.get(child.code, 0)
    subtree = visible.subtree(region.code)
    counts = {
        "towns": subtree.filter(level=Level.TOWN).count(),
        "villages": subtree.filter(level__in=[Level.VILLAGE, Level.COMMUNITY]).count(),
        "grids": subtree.filter(level=Level.GRID).count(),
    }
    ancestors = visible.filter(code__in=region.ancestor_codes).defer("boundary")
    assignments = (
        GridAssignment.objects.visible_to(request.user)
        .filter(grid__code__startswith=region.code)
        .select_related("grid", "worker")
    )
    if region.level != Level.GRID:
        assignments = assignments.none()
    layers = [
        lvl
        for lvl, key in ((Level.TOWN, "towns"), (Level.VILLAGE, "villages"), (Level.GRID, "grids"))
        if counts[key]
    ]
    return render(
        request,
        "regions/detail.html",
        {
            "region": region,
            "children": children,
            "counts": counts,
            "ancestors": ancestors,
            "assignments": assignments,
            "layers": [str(layer) for layer in layers],
            "tile_url": settings.CIVICGRID["TILE_URL"],
        },
    )
