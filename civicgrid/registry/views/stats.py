"""Grid statistics: people by sex and age band, special groups, records — from the counters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicgrid.core.scope import get_visible_or_404
from civicgrid.regions.models import Region

from ..stats import grid_figures


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    visible = Region.objects.visible_to(request.user)
    code = request.GET.get("region", "")
    region = (
        get_visible_or_404(Region.objects.defer("boundary"), request.user, code=code)
        if code
        else visible.defer("boundary").order_by("code").first()
    )
    if region is None:
        return render(request, "regions/empty.html")
    figures = grid_figures(region.code)
    widest = max((max(b["M"], b["F"]) for b in figures["age_bands"]), default=0) or 1
    return render(
        request,
        "registry/stats.html",
        {
            "region": region,
            "figures": figures,
            "widest": widest,
            "children": visible.filter(parent=region).defer("boundary"),
        },
    )
