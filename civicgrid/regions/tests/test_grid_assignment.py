from __future__ import annotations

from civicgrid.accounts.models import Role, User
from civicgrid.core.models import AuditLog
from civicgrid.regions.models import GridAssignment


def test_admin_puts_village_staff_in_the_b_post(client_for, personas) -> None:
    response = client_for("admin").post(
        "/api/regions/430212100201001/assignments",
        {"worker": "village_staff", "post": "B"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["post"] == "B"
    posts = dict(
        GridAssignment.objects.filter(grid__code="430212100201001").values_list(
            "post", "worker__username"
        )
    )
    assert posts == {"B": "village_staff"}
    assert AuditLog.objects.filter(action="regions.assign_worker").exists()


def test_new_a_post_replaces_the_old_holder(client_for, personas) -> None:
    newcomer = User.objects.create_user(
        "newcomer", role=Role.GRID_WORKER, scope_region=personas["worker_a"].scope_region
    )
    client_for("admin").post(
        "/api/regions/430212100001001/assignments",
        {"worker": newcomer.username, "post": "A"},
        content_type="application/json",
    )
    assert GridAssignment.objects.get(grid__code="430212100001001", post="A").worker == newcomer


def test_a_post_holder_must_have_the_grid_in_scope(client_for) -> None:
    response = client_for("admin").post(
        "/api/regions/430212100001001/assignments",
        {"worker": "worker_b", "post": "B"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not GridAssignment.objects.filter(worker__username="worker_b", post="B").exists()


def test_only_grid_workers_hold_posts_and_only_in_grids(client_for) -> None:
    admin = client_for("admin")
    refused = admin.post(
        "/api/regions/430212100001001/assignments",
        {"worker": "clerk"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    not_grid = admin.post(
        "/api/regions/430212100201/assignments",
        {"worker": "worker_a"},
        content_type="application/json",
    )
    assert not_grid.status_code == 400
    unknown = admin.post(
        "/api/regions/430212100001001/assignments",
        {"worker": "ghost"},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "ghost" in unknown.json()["detail"]


def test_non_admin_cannot_assign(client_for) -> None:
    response = client_for("reviewer").post(
        "/api/regions/430212100001001/assignments",
        {"worker": "worker_b"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not GridAssignment.objects.filter(
        worker__username="worker_b", grid__code="430212100001001"
    ).exists()
