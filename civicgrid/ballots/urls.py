from __future__ import annotations

app_name = "ballots"
urlpatterns: list = []
