from __future__ import annotations

app_name = "inquiries"
urlpatterns: list = []
