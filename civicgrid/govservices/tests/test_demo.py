"""The demo catalog has the source district's figures and every demo application went through
the real steps."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count

from civicgrid.accounts import demo as accounts_demo
from civicgrid.govservices import demo
from civicgrid.govservices.formspec import check_definition
from civicgrid.govservices.models import Application, Bundle, Part, ServiceItem
from civicgrid.regions import demo as regions_demo
from civicgrid.regions.geo import invalidate_locator
from civicgrid.registry import demo as registry_demo
from civicgrid.registry import reference


@pytest.fixture
def seeded(db: Any) -> None:
    reference.ensure()
    regions_demo.seed()
    accounts_demo.seed()
    registry_demo.seed(people=300, log=None)
    invalidate_locator()
    demo.seed(log=None)
    yield
    invalidate_locator()


def test_the_catalog_has_the_source_districts_figures(seeded: None) -> None:
    items = ServiceItem.objects.all()
    assert items.count() == 930
    assert items.filter(online=True).count() == 668
    assert items.filter(accept_town=True).count() == 158
    assert items.filter(accept_village=True).count() == 54
    assert items.values("department").distinct().count() == 40
    for item in items:
        assert not check_definition(item.form), item.name
        assert item.promised_days <= item.legal_days


def test_the_bundles_of_the_issue_exist(seeded: None) -> None:
    birth = Bundle.objects.get(code="BIRTH")
    names = {bi.item.name for bi in birth.bundle_items.select_related("item")}
    assert names == {
        "出生医学证明签发",
        "出生登记",
        "预防接种证办理",
        "城乡居民基本医疗保险参保登记",
        "儿童保健手册办理",
    }
    assert {f["prefill"] for f in birth.form if f.get("prefill")} >= {
        "applicant.name",
        "applicant.id_number",
        "household.address",
    }
    road = Bundle.objects.get(code="ROAD_TRANSPORT_COMPANY")
    stages = {bi.item.name: bi.stage for bi in road.bundle_items.select_related("item")}
    assert stages == {"企业设立登记": 1, "道路运输经营许可": 2}
    assert road.promised_days == 5


def test_demo_applications_are_in_every_state_and_measured(seeded: None) -> None:
    states = dict(Application.objects.values_list("state").annotate(n=Count("id")))
    assert set(states) == {"submitted", "supplement_requested", "accepted", "closed"}
    decided = Part.objects.filter(days_taken__isnull=False).select_related("item")
    assert decided.exists()
    for part in decided:
        assert part.days_taken <= part.item.legal_days
    assert demo.seed(log=None) == 0  # a second run adds nothing
