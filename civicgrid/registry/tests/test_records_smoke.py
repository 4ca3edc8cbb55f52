from __future__ import annotations


def test_fixture_builds(registry, client_for) -> None:
    assert len(registry.people) == 6
    client = client_for("worker_a")
    page = client.get("/registry/")
    assert page.status_code == 200
    assert "张建国" in page.content.decode()
    assert "张建军" not in page.content.decode()
