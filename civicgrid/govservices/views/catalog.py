"""The public guide (办事指南): search the catalog, read an item's or a bundle's guide."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from civicgrid.accounts.models import Department

from ..models import Bundle, ServiceItem

PAGE_SIZE = 30


def guide_list(request: HttpRequest) -> HttpResponse:
    """Search by name or item code; filter by department, by where it can be done, online."""
    q = request.GET.get("q", "").strip()[:60]
    items = ServiceItem.objects.filter(active=True).select_related("department")
    if q:
        items = items.filter(Q(name__icontains=q) | Q(code__startswith=q))
    department = request.GET.get("department", "")
    if department.isdigit():
        items = items.filter(department_id=int(department))
    where = request.GET.get("where", "")
    if where == "town":
        items = items.filter(accept_town=True)
    elif where == "village":
        items = items.filter(accept_village=True)
    if request.GET.get("online") == "1":
        items = items.filter(online=True)
    page = Paginator(items.order_by("department__code", "code"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    bundles = Bundle.objects.filter(active=True)
    if q:
        bundles = bundles.filter(name__icontains=q)
    context = {
        "page": page,
        "bundles": bundles.prefetch_related("bundle_items__item__department"),
        "departments": Department.objects.all(),
        "q": q,
        "department": department,
        "where": where,
        "online": request.GET.get("online") == "1",
        "totals": {
            "items": ServiceItem.objects.filter(active=True).count(),
            "online": ServiceItem.objects.filter(active=True, online=True).count(),
            "town": ServiceItem.objects.filter(active=True, accept_town=True).count(),
            "village": ServiceItem.objects.filter(active=True, accept_village=True).count(),
        },
    }
    return render(request, "govservices/guide_list.html", context)


def item_guide(request: HttpRequest, code: str) -> HttpResponse:
    item = get_object_or_404(
        ServiceItem.objects.select_related("department"), code=code, active=True
    )
    return render(
        request,
        "govservices/guide.html",
        {
            "target": item,
            "kind": "item",
            "materials": item.materials.all(),
            "bundles": item.bundles.filter(active=True),
        },
    )


def bundle_guide(request: HttpRequest, code: str) -> HttpResponse:
    bundle = get_object_or_404(Bundle, code=code, active=True)
    parts = bundle.bundle_items.select_related("item__department")
    return render(
        request,
        "govservices/guide.html",
        {
            "target": bundle,
            "kind": "bundle",
            "materials": bundle.materials.all(),
            "parts": parts,
            "legal_days": sum(bi.item.legal_days for bi in parts),
        },
    )
